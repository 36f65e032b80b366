/*
 * test_cli_output: the CLI's output writers (mgmt/cli_output.h) on two
 * `show server`-like records -- default `Label : Value` records with dashes
 * between, script1, script2 with its header line and quoting, no-headers
 * with each, json -- and the -output= values accepted and refused.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "mgmt/cli_output.h"

/* render: up to two servers (the second's profile holds the script2 delimiter and
 * a quote) in `mode_text` ("" = default); returns the text (caller frees). */
static char *render(const char *mode_text, unsigned records)
{
    struct cli_output_mode mode;
    struct cli_text out;
    char error[256];

    mode = (struct cli_output_mode){CLI_OUTPUT_DEFAULT, false};
    if (mode_text[0] != '\0')
        assert_int_equal(cli_output_parse(mode_text, &mode, error, sizeof(error)), 0);
    cli_text_init(&out);
    struct cli_writer *w = cli_writer_create(&mode, &out);
    assert_non_null(w);
    if (records > 0) {
        cli_writer_record_begin(w);
        cli_writer_field(w, "Server ID", "enc0:1");
        cli_writer_field(w, "Power", "On");
        cli_writer_field(w, "Server Profile", "Web01");
        cli_writer_record_end(w);
    }
    if (records > 1) {
        cli_writer_record_begin(w);
        cli_writer_field(w, "Server ID", "enc0:2");
        cli_writer_fieldf(w, "Power", "%s", "Off");
        cli_writer_field(w, "Server Profile", "a;b \"c\"");
        cli_writer_record_end(w);
    }
    assert_int_equal(cli_writer_records(w), records);
    cli_writer_destroy(w);
    assert_false(out.failed);
    char *s = strdup(cli_text_get(&out));
    cli_text_free(&out);
    return s;
}

static void expect(const char *mode, unsigned records, const char *want)
{
    char *got = render(mode, records);

    if (strcmp(got, want) != 0)
        fail_msg("-output=%s:\n--- got\n%s--- want\n%s", mode, got, want);
    free(got);
}

#define DASHES "-------------------------------------------------------------------------------\n"

static void test_default(void **state)
{
    (void)state;
    expect("", 0, "");
    expect("", 2,
           "Server ID      : enc0:1\n"
           "Power          : On\n"
           "Server Profile : Web01\n" DASHES "Server ID      : enc0:2\n"
           "Power          : Off\n"
           "Server Profile : a;b \"c\"\n");
    expect("no-headers", 1, "enc0:1\nOn\nWeb01\n");
}

static void test_script1(void **state)
{
    (void)state;
    expect("script1", 2,
           "Server ID=enc0:1\nPower=On\nServer Profile=Web01\n\n"
           "Server ID=enc0:2\nPower=Off\nServer Profile=a;b \"c\"\n");
    expect("SCRIPT1,No-Headers", 1, "enc0:1\nOn\nWeb01\n");
}

static void test_script2(void **state)
{
    (void)state;
    expect("script2", 2,
           "Server ID;Power;Server Profile\n"
           "enc0:1;On;Web01\n"
           "enc0:2;Off;\"a;b \"\"c\"\"\"\n");
    expect("script2,no-headers", 1, "enc0:1;On;Web01\n");
    expect("no-headers,script2", 1, "enc0:1;On;Web01\n");
    expect("script2", 0, "");
}

static void test_json(void **state)
{
    json_error_t jerr;
    (void)state;

    char *s = render("json", 2);
    json_t *doc = json_loads(s, 0, &jerr);
    if (doc == NULL)
        fail_msg("not JSON: %s\n%s", jerr.text, s);
    assert_true(json_is_array(doc));
    assert_int_equal(json_array_size(doc), 2);
    assert_string_equal(
        json_string_value(json_object_get(json_array_get(doc, 1), "Server Profile")), "a;b \"c\"");
    assert_string_equal(json_string_value(json_object_get(json_array_get(doc, 0), "Power")), "On");
    json_decref(doc);
    free(s);
    expect("json", 0, "[]\n");
}

static void test_output_values_refused(void **state)
{
    struct cli_output_mode mode;
    char error[256];
    (void)state;

    assert_int_equal(cli_output_parse("script3", &mode, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "\"script3\" is not valid: use script1, script2, json"));
    assert_int_equal(cli_output_parse("script1,,x", &mode, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "\"x\""));
    assert_int_equal(cli_output_parse("", &mode, error, sizeof(error)), -EINVAL);
    assert_int_equal(cli_output_parse("json,no-headers", &mode, error, sizeof(error)), 0);
    assert_int_equal(mode.format, CLI_OUTPUT_JSON);
    assert_true(mode.no_headers);
}

static void test_text_grows(void **state)
{
    struct cli_text t;
    (void)state;

    cli_text_init(&t);
    assert_string_equal(cli_text_get(&t), "");
    for (int i = 0; i < 1000; i++)
        assert_int_equal(cli_text_printf(&t, "%04d\n", i), 0);
    assert_int_equal(t.length, 5000);
    assert_int_equal(strncmp(cli_text_get(&t) + 4995, "0999\n", 5), 0);
    cli_text_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default),
        cmocka_unit_test(test_script1),
        cmocka_unit_test(test_script2),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_output_values_refused),
        cmocka_unit_test(test_text_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
