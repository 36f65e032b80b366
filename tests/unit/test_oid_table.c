/*
 * Unit tests of snmp/oid_table: ordering (lexicographic, a prefix before
 * its extensions), exact finds, GETNEXT from before, between, on and after
 * objects, prefixes, duplicates refused, bad lengths and types refused, and
 * a walk of a large table that visits every object once in order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "snmp/oid_table.h"

#define OID(...) ((const uint32_t[]){__VA_ARGS__}), (sizeof((uint32_t[]){__VA_ARGS__}) / 4)

static void test_order_find_next(void **state)
{
    (void)state;
    struct oid_table *t = oid_table_create();
    assert_non_null(t);
    assert_int_equal(oid_table_add_number(t, OID(1, 3, 6, 2), OID_TYPE_INTEGER, 4), 0);
    assert_int_equal(oid_table_add_number(t, OID(1, 3, 6, 1, 10), OID_TYPE_COUNTER64, 3), 0);
    assert_int_equal(oid_table_add_number(t, OID(1, 3, 6, 1, 9), OID_TYPE_GAUGE32, 2), 0);
    assert_int_equal(oid_table_add_octets(t, OID(1, 3, 6, 1), "ab", 2), 0);
    assert_int_equal(oid_table_sort(t), 0);
    assert_int_equal(oid_table_count(t), 4);

    const struct oid_entry *e = oid_table_find(t, OID(1, 3, 6, 1, 9));
    assert_non_null(e);
    assert_int_equal(e->type, OID_TYPE_GAUGE32);
    assert_int_equal(e->number, 2);
    assert_null(oid_table_find(t, OID(1, 3, 6, 1, 11)));
    assert_null(oid_table_find(t, OID(1, 3, 6)));

    /* next: from before everything, from a prefix, from between, from the last */
    e = oid_table_next(t, OID(1));
    assert_int_equal(e->oid_len, 4); /* 1.3.6.1 itself */
    assert_memory_equal(e->data, "ab", 2);
    e = oid_table_next(t, OID(1, 3, 6, 1));
    assert_int_equal(e->number, 2); /* 1.3.6.1.9 before 1.3.6.1.10 (numeric, not text) */
    e = oid_table_next(t, OID(1, 3, 6, 1, 9, 5));
    assert_int_equal(e->number, 3);
    e = oid_table_next(t, OID(1, 3, 6, 1, 10));
    assert_int_equal(e->number, 4);
    assert_null(oid_table_next(t, OID(1, 3, 6, 2)));
    assert_null(oid_table_next(t, OID(2)));

    assert_true(oid_table_has_prefix(t, OID(1, 3, 6, 1)));
    assert_true(oid_table_has_prefix(t, OID(1, 3, 6)));
    assert_false(oid_table_has_prefix(t, OID(1, 3, 6, 1, 11)));
    assert_false(oid_table_has_prefix(t, OID(1, 3, 7)));
    oid_table_destroy(t);
}

static void test_errors(void **state)
{
    (void)state;
    struct oid_table *t = oid_table_create();
    uint32_t long_oid[OID_TABLE_MAX_LEN + 1] = {1};

    assert_int_equal(oid_table_add_number(t, long_oid, OID_TABLE_MAX_LEN + 1, OID_TYPE_INTEGER, 1),
                     -EINVAL);
    assert_int_equal(oid_table_add_number(t, long_oid, 0, OID_TYPE_INTEGER, 1), -EINVAL);
    assert_int_equal(oid_table_add_number(t, OID(1, 2), OID_TYPE_OCTETS, 1), -EINVAL);
    assert_int_equal(oid_table_add_oid(t, OID(1, 2), long_oid, 0), -EINVAL);
    assert_int_equal(oid_table_count(t), 0);
    assert_int_equal(oid_table_add_number(t, long_oid, OID_TABLE_MAX_LEN, OID_TYPE_INTEGER, 1), 0);
    assert_int_equal(oid_table_add_oid(t, OID(1, 2), OID(1, 3, 6)), 0);
    assert_int_equal(oid_table_add_number(t, OID(1, 2), OID_TYPE_INTEGER, 2), 0);
    assert_int_equal(oid_table_sort(t), -EEXIST);
    oid_table_destroy(t);
    oid_table_destroy(NULL);
}

static void test_large_walk(void **state)
{
    (void)state;
    struct oid_table *t = oid_table_create();
    const unsigned n = 20000;

    for (unsigned i = n; i > 0; i--) /* reverse order: sort must put it right */
        assert_int_equal(oid_table_add_number(t, OID(1, 3, 6, i % 7, i), OID_TYPE_INTEGER, i), 0);
    assert_int_equal(oid_table_sort(t), 0);
    uint32_t at[OID_TABLE_MAX_LEN] = {1, 3};
    size_t len = 2, seen = 0;
    const struct oid_entry *e, *previous = NULL;
    while ((e = oid_table_next(t, at, len)) != NULL) {
        if (previous)
            assert_true(oid_compare(previous->oid, previous->oid_len, e->oid, e->oid_len) < 0);
        memcpy(at, e->oid, e->oid_len * sizeof(*at));
        len = e->oid_len;
        previous = e;
        seen++;
    }
    assert_int_equal(seen, n);
    oid_table_destroy(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_find_next),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_large_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
