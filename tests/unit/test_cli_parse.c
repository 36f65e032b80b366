/*
 * test_cli_parse: the VC command grammar (mgmt/cli_parse.h) on the commands
 * of VC-REFERENCE.md -- subcommand/element/params/options/properties, case
 * rules, quotes, `*`, `;` between commands -- and the lines it must refuse
 * (unbalanced quotes, 64 KiB, binary bytes, invalid UTF-8, duplicates).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mgmt/cli_parse.h"

static void parse_ok(const char *text, struct cli_line *line)
{
    char error[CLI_ERROR_MAX] = "";

    if (cli_parse_line(text, line, error, sizeof(error)) != 0)
        fail_msg("\"%s\": %s", text, error);
}

static void test_network_add(void **state)
{
    struct cli_line l;
    (void)state;

    parse_ok("ADD Network Prod101 UplinkSet=SUS-A VLanID=101 State=Enabled Private=Disabled", &l);
    assert_int_equal(l.n_commands, 1);
    struct cli_command *c = &l.commands[0];
    assert_string_equal(c->subcommand, "add");
    assert_string_equal(c->element, "network");
    assert_int_equal(c->n_params, 1);
    assert_string_equal(c->params[0], "Prod101");
    assert_int_equal(c->n_properties, 4);
    assert_string_equal(c->properties[0].name, "uplinkset");
    assert_string_equal(c->properties[0].value, "SUS-A");
    assert_string_equal(cli_command_property(c, "vlanid"), "101");
    assert_string_equal(cli_command_property(c, "state"), "Enabled");
    assert_string_equal(cli_command_property(c, "private"), "Disabled");
    assert_null(cli_command_property(c, "smartlink"));
    assert_int_equal(c->n_options, 0);
    assert_string_equal(c->text, "ADD Network Prod101 UplinkSet=SUS-A VLanID=101 State=Enabled "
                                 "Private=Disabled");
    cli_line_free(&l);
}

static void test_quotes_keep_case_and_spaces(void **state)
{
    struct cli_line l;
    (void)state;

    parse_ok("add user bill Password=S3cret Roles=\"domain,network\" FullName=\"Bill J\" "
             "Enabled=true",
             &l);
    struct cli_command *c = &l.commands[0];
    assert_string_equal(c->params[0], "bill");
    assert_string_equal(cli_command_property(c, "fullname"), "Bill J");
    assert_string_equal(cli_command_property(c, "roles"), "domain,network");
    assert_string_equal(cli_command_property(c, "password"), "S3cret");
    cli_line_free(&l);

    /* a quoted parameter with spaces, a quoted '-' word is no option, a
     * quoted '=' no property, and a ';' inside quotes ends nothing */
    parse_ok("set profile \"My Profile\" \"-x\" \"a=b\" Desc=\"x;y\"", &l);
    assert_int_equal(l.n_commands, 1);
    c = &l.commands[0];
    assert_int_equal(c->n_params, 3);
    assert_string_equal(c->params[0], "My Profile");
    assert_string_equal(c->params[1], "-x");
    assert_string_equal(c->params[2], "a=b");
    assert_string_equal(cli_command_property(c, "desc"), "x;y");
    cli_line_free(&l);

    /* an empty quoted value */
    parse_ok("set enet-connection Web01 1 Network=\"\"", &l);
    assert_string_equal(cli_command_property(&l.commands[0], "network"), "");
    assert_string_equal(l.commands[0].params[0], "Web01");
    assert_string_equal(l.commands[0].params[1], "1");
    cli_line_free(&l);
}

static void test_options_and_wildcard(void **state)
{
    struct cli_line l;
    (void)state;

    parse_ok("show profile * -output=Script2,no-headers", &l);
    struct cli_command *c = &l.commands[0];
    assert_string_equal(c->element, "profile");
    assert_int_equal(c->n_params, 1);
    assert_string_equal(c->params[0], "*");
    assert_int_equal(c->n_options, 1);
    assert_string_equal(c->options[0].name, "output");
    assert_string_equal(cli_command_option(c, "output"), "Script2,no-headers");
    cli_line_free(&l);

    parse_ok("poweroff server enc0:1 -Timeout=30 -forceontimeout -quiet", &l);
    c = &l.commands[0];
    assert_string_equal(c->params[0], "enc0:1");
    assert_string_equal(cli_command_option(c, "timeout"), "30");
    assert_string_equal(cli_command_option(c, "forceontimeout"), "");
    assert_string_equal(cli_command_option(c, "quiet"), "");
    cli_line_free(&l);

    parse_ok("add profile Web01 -nodefaultenetconn", &l);
    assert_string_equal(cli_command_option(&l.commands[0], "nodefaultenetconn"), "");
    cli_line_free(&l);
}

static void test_several_commands(void **state)
{
    struct cli_line l;
    (void)state;

    parse_ok("  set port-protect networkLoop=Enabled pauseFlood=Enabled ; reset port-protect;;"
             " ;help;",
             &l);
    assert_int_equal(l.n_commands, 3);
    assert_string_equal(l.commands[0].subcommand, "set");
    assert_string_equal(l.commands[0].element, "port-protect");
    assert_string_equal(l.commands[0].text,
                        "set port-protect networkLoop=Enabled pauseFlood=Enabled");
    assert_string_equal(cli_command_property(&l.commands[0], "networkloop"), "Enabled");
    assert_string_equal(l.commands[1].subcommand, "reset");
    assert_string_equal(l.commands[1].text, "reset port-protect");
    assert_string_equal(l.commands[2].subcommand, "help");
    assert_null(l.commands[2].element);
    cli_line_free(&l);

    parse_ok("   \t ; ;", &l);
    assert_int_equal(l.n_commands, 0);
    cli_line_free(&l);
    parse_ok("", &l);
    assert_int_equal(l.n_commands, 0);
    cli_line_free(&l);
    parse_ok("  # add network X; a comment \"unbalanced", &l);
    assert_int_equal(l.n_commands, 0);
    cli_line_free(&l);
    parse_ok("show x; #j a; show y", &l); /* found by tests/fuzz/fuzz_cli_parse.c */
    assert_int_equal(l.n_commands, 1);
    assert_string_equal(l.commands[0].text, "show x");
    cli_line_free(&l);
    parse_ok("add user x FullName=\"#1\" Id=#2", &l); /* not at a command's start */
    assert_string_equal(cli_command_property(&l.commands[0], "fullname"), "#1");
    assert_string_equal(cli_command_property(&l.commands[0], "id"), "#2");
    cli_line_free(&l);
}

static void test_utf8_value_kept(void **state)
{
    struct cli_line l;
    (void)state;

    parse_ok("add user jose FullName=\"Jos\xc3\xa9 \xe2\x82\xac\"", &l);
    assert_string_equal(cli_command_property(&l.commands[0], "fullname"),
                        "Jos\xc3\xa9 \xe2\x82\xac");
    cli_line_free(&l);
}

/* refused: each line gives an error containing `expect`. */
static void refused(const char *text, int rc, const char *expect)
{
    struct cli_line l;
    char error[CLI_ERROR_MAX] = "";

    assert_int_equal(cli_parse_line(text, &l, error, sizeof(error)), rc);
    if (strstr(error, expect) == NULL)
        fail_msg("\"%.40s\": error \"%s\" lacks \"%s\"", text, error, expect);
    assert_null(l.commands);
    assert_int_equal(l.n_commands, 0);
}

static void test_refused(void **state)
{
    (void)state;
    refused("add network \"Prod 101", -EINVAL, "unbalanced quotes: the \" at column 13");
    refused("add user bill FullName=\"Bill", -EINVAL, "unbalanced quotes");
    refused("add network Prod101 =101", -EINVAL, "property without a name");
    refused("add network Prod101 VLanID=1 vlanid=2", -EINVAL, "property vlanid given twice");
    refused("show network * -output=script1 -OUTPUT=script2", -EINVAL, "option output given twice");
    refused("show network - ", -EINVAL, "option without a name");
    refused("show network\x01", -EINVAL, "byte 0x01 at column 13 is not printable");
    refused("show network\n", -EINVAL, "byte 0x0a at column 13");
    refused("show \x7f", -EINVAL, "byte 0x7f at column 6");
    refused("show network \xff\xfe", -EINVAL, "byte 0xff at column 14 is not valid UTF-8");
    refused("show \xc0\xaf", -EINVAL, "not valid UTF-8");     /* overlong '/' */
    refused("show \xed\xa0\x80", -EINVAL, "not valid UTF-8"); /* surrogate */
    refused("show \xe2\x82", -EINVAL, "not valid UTF-8");     /* cut short */
}

static void test_limits(void **state)
{
    struct cli_line l;
    char error[CLI_ERROR_MAX];
    (void)state;

    /* 64 KiB */
    char *big = malloc(65537);
    memset(big, 'a', 65536);
    memcpy(big, "show network ", 13);
    big[65536] = '\0';
    refused(big, -E2BIG, "line is too long (65536 bytes, at most 8192)");
    /* exactly the limit parses */
    big[CLI_LINE_MAX_BYTES] = '\0';
    assert_int_equal(cli_parse_line(big, &l, error, sizeof(error)), 0);
    assert_int_equal(strlen(l.commands[0].params[0]), CLI_LINE_MAX_BYTES - 13);
    cli_line_free(&l);
    big[CLI_LINE_MAX_BYTES] = 'a';
    big[CLI_LINE_MAX_BYTES + 1] = '\0';
    refused(big, -E2BIG, "8193 bytes");

    /* 64 commands parse, 65 do not */
    size_t n = 0;
    for (int i = 0; i < CLI_MAX_COMMANDS; i++)
        n += (size_t)sprintf(big + n, "show x;");
    assert_int_equal(cli_parse_line(big, &l, error, sizeof(error)), 0);
    assert_int_equal(l.n_commands, CLI_MAX_COMMANDS);
    cli_line_free(&l);
    sprintf(big + n, "show y");
    refused(big, -E2BIG, "more than 64 commands");

    /* 64 words after the element parse, 65 do not */
    n = (size_t)sprintf(big, "add network");
    for (int i = 0; i < CLI_MAX_WORDS; i++)
        n += (size_t)sprintf(big + n, " P%d=%d", i, i);
    assert_int_equal(cli_parse_line(big, &l, error, sizeof(error)), 0);
    assert_int_equal(l.commands[0].n_properties, CLI_MAX_WORDS);
    assert_string_equal(cli_command_property(&l.commands[0], "p63"), "63");
    cli_line_free(&l);
    sprintf(big + n, " extra");
    refused(big, -E2BIG, "more than 64 words");
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_network_add),
        cmocka_unit_test(test_quotes_keep_case_and_spaces),
        cmocka_unit_test(test_options_and_wildcard),
        cmocka_unit_test(test_several_commands),
        cmocka_unit_test(test_utf8_value_kept),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
