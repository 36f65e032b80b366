/*
 * Unit tests of mgmt/snmp_settings: the rules (each refused with its own
 * message), the snmpd include text of enabled and disabled settings, and the
 * JSON form with and without the v3 keys, read back the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/snmp_settings.h"

static void settings_example(struct snmp_settings *s)
{
    memset(s, 0, sizeof(*s));
    s->enabled = true;
    strcpy(s->read_community, "monitor");
    strcpy(s->contact, "noc@example.com");
    strcpy(s->location, "Rack 4, row B");
    strcpy(s->users[0].name, "nms");
    strcpy(s->users[0].auth_key, "authkey-1");
    strcpy(s->users[0].priv_key, "privkey-1");
    s->n_users = 1;
    strcpy(s->traps[0].destination, "10.0.0.5");
    s->traps[0].format = SNMP_TRAP_V2;
    strcpy(s->traps[0].community, "traps");
    strcpy(s->traps[1].destination, "nms.example.com:1162");
    s->traps[1].format = SNMP_TRAP_V3;
    strcpy(s->traps[1].user, "nms");
    s->n_traps = 2;
    strcpy(s->access[0], "10.0.0.0/8");
    strcpy(s->access[1], "192.168.1.7/32");
    s->n_access = 2;
}

static void refused(struct snmp_settings *s, const char *needle)
{
    char error[256] = "";
    assert_int_equal(snmp_settings_validate(s, error, sizeof(error)), -EINVAL);
    if (strstr(error, needle) == NULL)
        fail_msg("error \"%s\" lacks \"%s\"", error, needle);
}

static void test_rules(void **state)
{
    struct snmp_settings s;
    char error[256];
    (void)state;

    settings_example(&s);
    assert_int_equal(snmp_settings_validate(&s, error, sizeof(error)), 0);
    strcpy(s.read_community, "has space");
    refused(&s, "community \"has space\"");
    settings_example(&s);
    strcpy(s.contact, "a \"quote\"");
    refused(&s, "system contact");
    settings_example(&s);
    strcpy(s.traps[1].user, "ghost");
    refused(&s, "no SNMPv3 user \"ghost\"");
    settings_example(&s);
    strcpy(s.traps[0].destination, "10.0.0.5:99999");
    refused(&s, "trap destination \"10.0.0.5:99999\"");
    settings_example(&s);
    strcpy(s.traps[1].destination, "10.0.0.5");
    refused(&s, "already exists");
    settings_example(&s);
    strcpy(s.users[0].priv_key, "short");
    refused(&s, "user nms: keys");
    settings_example(&s);
    strcpy(s.access[1], "192.168.1.0/33");
    refused(&s, "access \"192.168.1.0/33\"");
    settings_example(&s);
    strcpy(s.access[1], "10.0.0.0/8");
    refused(&s, "access 10.0.0.0/8 already exists");
    settings_example(&s);
    s.traps[0].community[0] = '\0';
    refused(&s, "trap 10.0.0.5: community");
}

static void test_render(void **state)
{
    struct snmp_settings s;
    char text[4096];
    (void)state;

    settings_example(&s);
    assert_true(snmp_settings_render(&s, text, sizeof(text)) > 0);
    assert_non_null(strstr(text, "sysContact noc@example.com\n"));
    assert_non_null(strstr(text, "sysLocation Rack 4, row B\n"));
    assert_non_null(strstr(text, "rocommunity monitor 10.0.0.0/8\n"));
    assert_non_null(strstr(text, "rocommunity monitor 192.168.1.7/32\n"));
    assert_null(strstr(text, "default"));
    assert_non_null(
        strstr(text, "createUser nms SHA \"authkey-1\" AES \"privkey-1\"\nrouser nms priv\n"));
    assert_non_null(strstr(text, "trap2sink 10.0.0.5 traps\n"));
    assert_non_null(strstr(text, "trapsess -v3 -u nms -l authPriv -a SHA -A \"authkey-1\" -x AES "
                                 "-X \"privkey-1\" nms.example.com:1162\n"));
    s.n_access = 0;
    s.traps[0].format = SNMP_TRAP_V1;
    assert_true(snmp_settings_render(&s, text, sizeof(text)) > 0);
    assert_non_null(strstr(text, "rocommunity monitor default\n"));
    assert_non_null(strstr(text, "trapsink 10.0.0.5 traps\n"));
    s.enabled = false;
    assert_true(snmp_settings_render(&s, text, sizeof(text)) > 0);
    assert_null(strstr(text, "rocommunity"));
    assert_null(strstr(text, "createUser"));
    assert_null(strstr(text, "sink"));
    assert_non_null(strstr(text, "sysContact")); /* still describes the system */
    assert_int_equal(snmp_settings_render(&s, text, 10), -ENOSPC);
}

static void test_json(void **state)
{
    struct snmp_settings s, back;
    char error[256];
    (void)state;

    settings_example(&s);
    json_t *shown = snmp_settings_to_json(&s, false);
    char *text = json_dumps(shown, 0);
    assert_null(strstr(text, "authkey-1"));
    assert_null(strstr(text, "privkey-1"));
    assert_non_null(strstr(text, "\"nms\""));
    free(text);
    json_decref(shown);

    json_t *stored = snmp_settings_to_json(&s, true);
    assert_int_equal(snmp_settings_from_json(stored, &back, error, sizeof(error)), 0);
    assert_memory_equal(&s, &back, sizeof(s));
    json_decref(stored);

    json_t *bad = json_pack("{s:b, s:[{s:s, s:s}]}", "enabled", 1, "traps", "destination",
                            "10.0.0.1", "format", "SNMPv9");
    assert_int_equal(snmp_settings_from_json(bad, &back, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "format"));
    json_decref(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
