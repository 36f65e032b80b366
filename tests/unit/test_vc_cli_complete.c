/*
 * test_vc_cli_complete: vc-cli's tab completion (mgmt/vc_cli_complete.c):
 * which word the cursor is on, the fixed words offered there, and object
 * names out of show results.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/cli_commands.h"
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
                        "UplinkSet= VLanID= NativeVLAN= UplinkPort= VLanTunnel= Private= "
                        "SmartLink= State= PrefSpeedType= PrefSpeed= MaxSpeedType= MaxSpeed= "
                        "MacLimit=");
    assert_string_equal(joined("set user bill r", "r"), "Roles=");
    assert_string_equal(joined("set user-security m", "m"), "MinPasswordLength=");
    assert_string_equal(joined("show mac", "mac"), "mac-cache mac-range");
    assert_string_equal(joined("set mac-cache ", ""), "Enabled= Refresh=");
    assert_string_equal(joined("set mac-cache Enabled=true r", "r"), "Refresh=");
    assert_string_equal(joined("set port-protect ", ""), "networkLoop= pauseFlood=");
    assert_string_equal(joined("res", "res"), "reset");
    assert_string_equal(joined("reset po", "po"), "port-protect");
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

/* offered: the candidates of context c with prefix hold `word`. */
static bool offered(const struct vc_cli_context *c, const char *prefix, const char *word)
{
    struct vc_cli_candidates out = {0};
    bool found = false;
    assert_int_equal(vc_cli_complete_words(c, prefix, &out), 0);
    for (size_t i = 0; i < out.n; i++)
        found |= strcmp(out.words[i], word) == 0;
    vc_cli_candidates_free(&out);
    return found;
}

/* engine_has: an add or set entry of the engine for `element` takes
 * property `name` (with its '='). */
static bool engine_has(const struct cli_spec_list *const *lists, size_t n, const char *element,
                       const char *name)
{
    for (size_t l = 0; l < n; l++)
        for (unsigned i = 0; i < lists[l]->count; i++) {
            const struct cli_spec *spec = &lists[l]->specs[i];
            if (spec->element == NULL || strcmp(spec->element, element) != 0 ||
                spec->properties == NULL)
                continue;
            for (const struct cli_property_spec *p = spec->properties; p->name; p++)
                if (strncmp(p->name, name, strlen(p->name)) == 0 && name[strlen(p->name)] == '=')
                    return true;
        }
    return false;
}

/* The words offered are the engine's: every element and every property of
 * its add/set entries, and no property it does not take. */
static void test_in_step_with_engine(void **state)
{
    static const struct cli_spec_list *const lists[] = {
        &cli_network_specs, &cli_profile_specs, &cli_domain_specs,
        &cli_storage_specs, &cli_user_specs,    &cli_config_specs,
    };
    const size_t n = sizeof(lists) / sizeof(lists[0]);
    char word[128];
    (void)state;
    for (size_t l = 0; l < n; l++)
        for (unsigned i = 0; i < lists[l]->count; i++) {
            const struct cli_spec *spec = &lists[l]->specs[i];
            struct vc_cli_context c = {.slot = VC_CLI_SLOT_SUBCOMMAND};
            if (!offered(&c, spec->subcommand, spec->subcommand))
                fail_msg("subcommand %s is not offered", spec->subcommand);
            if (spec->element == NULL)
                continue;
            c.slot = VC_CLI_SLOT_ELEMENT;
            if (!offered(&c, spec->element, spec->element))
                fail_msg("element %s is not offered", spec->element);
            if ((strcmp(spec->subcommand, "add") != 0 && strcmp(spec->subcommand, "set") != 0) ||
                spec->properties == NULL)
                continue;
            c.slot = VC_CLI_SLOT_ARGUMENT;
            snprintf(c.subcommand, sizeof(c.subcommand), "%s", spec->subcommand);
            snprintf(c.element, sizeof(c.element), "%s", spec->element);
            for (const struct cli_property_spec *p = spec->properties; p->name; p++) {
                snprintf(word, sizeof(word), "%s=", p->name);
                if (!offered(&c, p->name, word))
                    fail_msg("%s %s: property %s is not offered", spec->subcommand, spec->element,
                             p->name);
            }
            /* and nothing the engine does not take */
            struct vc_cli_candidates out = {0};
            assert_int_equal(vc_cli_complete_words(&c, "", &out), 0);
            for (size_t k = 0; k < out.n; k++)
                if (!engine_has(lists, n, spec->element, out.words[k]))
                    fail_msg("%s %s: %s is offered, the engine does not take it", spec->subcommand,
                             spec->element, out.words[k]);
            vc_cli_candidates_free(&out);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_in_step_with_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
