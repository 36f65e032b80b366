/*
 * test_flexnic: FlexNIC names and the connection -> FlexNIC mapping.
 *
 * Expected values are written out by hand from VC-REFERENCE.md ("Flex-10"),
 * never computed by the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "flexnic/flexnic.h"

static void test_format_name(void **state)
{
    (void)state;
    char buf[FLEXNIC_NAME_MAX];
    assert_int_equal(flexnic_format_name(1, 0, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "LOM:1-a");
    assert_int_equal(flexnic_format_name(2, 3, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "LOM:2-d");
    assert_int_equal(flexnic_format_name(16, 2, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "LOM:16-c");
}

static void test_format_name_limits(void **state)
{
    (void)state;
    char buf[FLEXNIC_NAME_MAX];
    /* port: 0 below, 1 and 16 inside, 17 above */
    assert_int_equal(flexnic_format_name(0, 0, buf, sizeof(buf)), -1);
    assert_string_equal(buf, "");
    assert_int_equal(flexnic_format_name(17, 0, buf, sizeof(buf)), -1);
    /* flexnic: 3 inside, 4 above */
    assert_int_equal(flexnic_format_name(1, 3, buf, sizeof(buf)), 0);
    assert_int_equal(flexnic_format_name(1, 4, buf, sizeof(buf)), -1);
    assert_int_equal(flexnic_format_name(1, 0, NULL, 8), -1);
    assert_int_equal(flexnic_format_name(1, 0, buf, 0), -1);
    /* "LOM:1-a" needs 8 bytes: 8 fits, 7 does not */
    char small[8];
    assert_int_equal(flexnic_format_name(1, 0, small, 8), 0);
    assert_string_equal(small, "LOM:1-a");
    memset(small, 'x', sizeof(small));
    assert_int_equal(flexnic_format_name(1, 0, small, 7), -1);
    assert_string_equal(small, "");
    assert_int_equal(flexnic_format_name(16, 3, small, 8), -1);
}

static void test_parse_name(void **state)
{
    (void)state;
    unsigned port = 99, flexnic = 99;
    assert_int_equal(flexnic_parse_name("LOM:1-a", &port, &flexnic), 0);
    assert_int_equal(port, 1);
    assert_int_equal(flexnic, 0);
    assert_int_equal(flexnic_parse_name("lom:2-C", &port, &flexnic), 0);
    assert_int_equal(port, 2);
    assert_int_equal(flexnic, 2);
    assert_int_equal(flexnic_parse_name("Lom:16-D", &port, &flexnic), 0);
    assert_int_equal(port, 16);
    assert_int_equal(flexnic, 3);
    assert_int_equal(flexnic_parse_name("LOM:10-b", &port, &flexnic), 0);
    assert_int_equal(port, 10);
    assert_int_equal(flexnic, 1);
}

static void test_parse_name_malformed(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "LOM",
        "LOM:",
        "LOM:1",
        "LOM:1-",
        "LOM:1-e",
        "LOM:1-A ",
        " LOM:1-a",
        "LOM:0-a",
        "LOM:17-a",
        "LOM:01-a",
        "LOM:+1-a",
        "LOM:-1-a",
        "LOM: 1-a",
        "LOM:1 -a",
        "LOM:1-ab",
        "LOM:1_a",
        "LOM1-a",
        "MEZZ1:1-a",
        "LOX:1-a",
        "LOM:1-",
        "LOM:a-1",
        "LOM:1-`",
        "LOM:1-\xe1",
        "LOM:99999999999999999999-a",
        "LOM:4294967297-a",
        "LOM::1-a",
        "LOM:1--a",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        unsigned port = 77, flexnic = 77;
        if (flexnic_parse_name(bad[i], &port, &flexnic) != -1)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(port, 77); /* untouched on failure */
        assert_int_equal(flexnic, 77);
    }
    unsigned port, flexnic;
    assert_int_equal(flexnic_parse_name(NULL, &port, &flexnic), -1);
    assert_int_equal(flexnic_parse_name("LOM:1-a", NULL, &flexnic), -1);
    assert_int_equal(flexnic_parse_name("LOM:1-a", &port, NULL), -1);
}

/* Every printable name parses back to what made it. */
static void test_round_trip(void **state)
{
    (void)state;
    for (unsigned p = 1; p <= FLEXNIC_MAX_PHYSICAL_PORTS; p++) {
        for (unsigned f = 0; f < FLEXNIC_PER_PORT; f++) {
            char buf[FLEXNIC_NAME_MAX];
            unsigned port, flexnic;
            assert_int_equal(flexnic_format_name(p, f, buf, sizeof(buf)), 0);
            assert_int_equal(flexnic_parse_name(buf, &port, &flexnic), 0);
            assert_int_equal(port, p);
            assert_int_equal(flexnic, f);
        }
    }
}

static void test_map_two_ports(void **state)
{
    (void)state;
    /* VC-REFERENCE.md: 1 -> LOM:1-a, 2 -> LOM:2-a, 3 -> LOM:1-b, 4 -> LOM:2-b */
    static const struct {
        unsigned connection, port, flexnic;
    } expect[] = {
        {1, 1, 0}, {2, 2, 0}, {3, 1, 1}, {4, 2, 1}, {5, 1, 2}, {6, 2, 2}, {7, 1, 3}, {8, 2, 3},
    };
    for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        unsigned port = 0, flexnic = 0;
        assert_int_equal(flexnic_map_connection(expect[i].connection, 2, &port, &flexnic), 0);
        assert_int_equal(port, expect[i].port);
        assert_int_equal(flexnic, expect[i].flexnic);
    }
    unsigned port, flexnic;
    assert_int_equal(flexnic_map_connection(9, 2, &port, &flexnic), -1); /* just above */
}

static void test_map_other_port_counts(void **state)
{
    (void)state;
    unsigned port, flexnic;
    /* one port: a, b, c, d then nothing */
    for (unsigned c = 1; c <= 4; c++) {
        assert_int_equal(flexnic_map_connection(c, 1, &port, &flexnic), 0);
        assert_int_equal(port, 1);
        assert_int_equal(flexnic, c - 1);
    }
    assert_int_equal(flexnic_map_connection(5, 1, &port, &flexnic), -1);
    /* four ports: 5 -> LOM:1-b, 16 -> LOM:4-d, 17 refused */
    assert_int_equal(flexnic_map_connection(5, 4, &port, &flexnic), 0);
    assert_int_equal(port, 1);
    assert_int_equal(flexnic, 1);
    assert_int_equal(flexnic_map_connection(16, 4, &port, &flexnic), 0);
    assert_int_equal(port, 4);
    assert_int_equal(flexnic, 3);
    assert_int_equal(flexnic_map_connection(17, 4, &port, &flexnic), -1);
    /* three ports: 4 -> LOM:1-b, 12 -> LOM:3-d */
    assert_int_equal(flexnic_map_connection(4, 3, &port, &flexnic), 0);
    assert_int_equal(port, 1);
    assert_int_equal(flexnic, 1);
    assert_int_equal(flexnic_map_connection(12, 3, &port, &flexnic), 0);
    assert_int_equal(port, 3);
    assert_int_equal(flexnic, 3);
    /* 16 ports is the most, 64 the last connection */
    assert_int_equal(flexnic_map_connection(64, 16, &port, &flexnic), 0);
    assert_int_equal(port, 16);
    assert_int_equal(flexnic, 3);
}

static void test_map_refusals(void **state)
{
    (void)state;
    unsigned port = 5, flexnic = 5;
    assert_int_equal(flexnic_map_connection(0, 2, &port, &flexnic), -1);
    assert_int_equal(flexnic_map_connection(1, 0, &port, &flexnic), -1);
    assert_int_equal(flexnic_map_connection(1, 17, &port, &flexnic), -1);
    assert_int_equal(flexnic_map_connection(0xffffffffu, 2, &port, &flexnic), -1);
    assert_int_equal(flexnic_map_connection(1, 0xffffffffu, &port, &flexnic), -1);
    assert_int_equal(port, 5);
    assert_int_equal(flexnic, 5);
    assert_int_equal(flexnic_map_connection(1, 2, NULL, &flexnic), -1);
    assert_int_equal(flexnic_map_connection(1, 2, &port, NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_name),
        cmocka_unit_test(test_format_name_limits),
        cmocka_unit_test(test_parse_name),
        cmocka_unit_test(test_parse_name_malformed),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_map_two_ports),
        cmocka_unit_test(test_map_other_port_counts),
        cmocka_unit_test(test_map_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
