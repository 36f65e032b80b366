/*
 * test_vc_cli_complete: vc-cli's tab completion (mgmt/vc_cli_complete.c):
 * which word the cursor is on, the fixed words offered there, and object
 * names out of show results.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/vc_cli_complete.h"

/* joined: the candidates of `before` with prefix `prefix`, space-separated. */
static const char *joined(const char *before, const char *prefix)
{
    static char text[1024];
    struct vc_cli_context c;
    struct vc_cli_candidates out = {0};

    vc_cli_complete_context(before, &c);
    assert_int_equal(vc_cli_complete_words(&c, prefix, &out), 0);
    text[0] = '\0';
    for (size_t i = 0; i < out.n; i++)
        snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s", i ? " " : "",
                 out.words[i]);
    vc_cli_candidates_free(&out);
    return text;
}

static void test_context(void **state)
{
    struct vc_cli_context c;
    (void)state;
    vc_cli_complete_context("", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_SUBCOMMAND);
    vc_cli_complete_context("sh", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_SUBCOMMAND);
    vc_cli_complete_context("SHOW ", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_ELEMENT);
    assert_string_equal(c.subcommand, "show");
    vc_cli_complete_context("add Network Prod101 Upl", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_ARGUMENT);
    assert_string_equal(c.element, "network");
    assert_int_equal(c.word, 3);
    vc_cli_complete_context("add network Prod101 UplinkSet=SU", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_VALUE);
    vc_cli_complete_context("show profile -out", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_OPTION);
    /* options and properties are not positional words */
    vc_cli_complete_context("assign -quiet profile Web01 ", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_ARGUMENT);
    assert_int_equal(c.word, 3);
    assert_string_equal(c.element, "profile");
    /* ';' starts a new command; quotes group blanks and ';' */
    vc_cli_complete_context("show network *; sh", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_SUBCOMMAND);
    assert_string_equal(c.subcommand, "");
    vc_cli_complete_context("set user bill FullName=\"Bill; J\" ", &c);
    assert_int_equal(c.slot, VC_CLI_SLOT_ARGUMENT);
    assert_string_equal(c.subcommand, "set");
    assert_int_equal(c.word, 3);
}

static void test_words(void **state)
{
    (void)state;
    assert_string_equal(joined("s", "s"), "set show");
    assert_string_equal(joined("AS", "AS"), "assign");
    assert_string_equal(joined("show u", "u"), "uplinkport uplinkset user user-security");
    assert_string_equal(joined("show enet", "enet"), "enet-connection");
    assert_string_equal(joined("add network Prod101 ", ""),
                        "UplinkSet= VLanID= State= Private= SmartLink= NativeVLAN= MaxSpeedType= "
                        "MaxSpeed= PrefSpeedType= PrefSpeed=");
    assert_string_equal(joined("set user bill r", "r"), "Roles=");
    assert_string_equal(joined("show profile -output=s", "-output=s"),
                        "-output=script1 -output=script2");
    /* nothing to offer: after Name=, properties of show, words after exit */
    assert_string_equal(joined("add network P UplinkSet=", "UplinkSet="), "");
    assert_string_equal(joined("show network ", ""), "");
    assert_string_equal(joined("exit ", ""), "");
    assert_string_equal(joined("frobnicate", "frobnicate"), "");
}

static void test_names(void **state)
{
    json_error_t e;
    struct vc_cli_candidates out = {0};
    (void)state;
    json_t *profiles = json_loads("{\"profiles\":[{\"name\":\"Web01\"},{\"name\":\"Web02\"},"
                                  "{\"name\":\"App01\"},{\"nameless\":1}]}",
                                  0, &e);
    json_t *servers = json_loads("{\"servers\":[{\"enclosure\":\"enc0\",\"bay\":1},"
                                 "{\"enclosure\":\"enc0\",\"bay\":12}]}",
                                 0, &e);
    assert_string_equal(vc_cli_names_method("enet-connection"), "profile.show");
    assert_string_equal(vc_cli_names_method("uplinkport"), "uplinkset.show");
    assert_null(vc_cli_names_method("domain"));
    assert_int_equal(vc_cli_complete_names("profile", profiles, "we", &out), 0);
    assert_int_equal(out.n, 2);
    assert_string_equal(out.words[0], "Web01");
    assert_string_equal(out.words[1], "Web02");
    /* a second time adds nothing twice */
    assert_int_equal(vc_cli_complete_names("enet-connection", profiles, "", &out), 0);
    assert_int_equal(out.n, 3);
    vc_cli_candidates_free(&out);
    assert_int_equal(vc_cli_complete_names("server", servers, "enc0:1", &out), 0);
    assert_int_equal(out.n, 2);
    assert_string_equal(out.words[1], "enc0:12");
    vc_cli_candidates_free(&out);
    /* a result without the list, an element without names */
    assert_int_equal(vc_cli_complete_names("network", profiles, "", &out), 0);
    assert_int_equal(vc_cli_complete_names("domain", profiles, "", &out), 0);
    assert_int_equal(out.n, 0);
    json_decref(profiles);
    json_decref(servers);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
