/*
 * test_mac_cache: the Fast MAC cache failover state machine (when rounds
 * fall due: not on the first uplink, at once after a failover, `repeats`
 * rounds `refresh_ms` apart, restarted by a new failover, paused without an
 * uplink, stopped when disabled) and the frame it sends, byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/mac_cache.h"

#define MS   1000000ull
#define X1   3
#define X2   4
#define NONE MAC_CACHE_SLOT_NONE

static const struct dp_mac_cache_config test_on = {
    .enabled = true, .refresh_ms = 5000, .repeats = 3};

/* test_rounds: step every 100 ms from `from_ms` to `to_ms` (excluded) with
 * `slot` active; the times of the rounds that fell due into due_ms[]. */
static unsigned test_rounds(struct mac_cache_vnet *state, uint8_t slot,
                            const struct dp_mac_cache_config *config, uint64_t from_ms,
                            uint64_t to_ms, uint64_t *due_ms, unsigned max)
{
    unsigned n = 0;
    for (uint64_t t = from_ms; t < to_ms; t += 100)
        if (mac_cache_step(state, slot, config, t * MS)) {
            assert_true(n < max);
            due_ms[n++] = t;
        }
    return n;
}

static void test_first_uplink_is_no_failover(void **state)
{
    (void)state;
    struct mac_cache_vnet vnet;
    uint64_t due[12];

    mac_cache_vnet_init(&vnet);
    assert_int_equal(test_rounds(&vnet, NONE, &test_on, 0, 1000, due, 8), 0);
    assert_int_equal(test_rounds(&vnet, X1, &test_on, 1000, 30000, due, 8), 0);
    /* the same uplink back after a time without any: not a failover either */
    assert_int_equal(test_rounds(&vnet, NONE, &test_on, 30000, 31000, due, 8), 0);
    assert_int_equal(test_rounds(&vnet, X1, &test_on, 31000, 60000, due, 8), 0);
}

static void test_failover_rounds(void **state)
{
    (void)state;
    struct mac_cache_vnet vnet;
    uint64_t due[12];

    mac_cache_vnet_init(&vnet);
    test_rounds(&vnet, X1, &test_on, 0, 1000, due, 8);
    /* X1 -> X2: at once, then every 5 s, 3 in all */
    assert_int_equal(test_rounds(&vnet, X2, &test_on, 1000, 60000, due, 8), 3);
    assert_int_equal(due[0], 1000);
    assert_int_equal(due[1], 6000);
    assert_int_equal(due[2], 11000);

    /* back to X1 after a time without any uplink: a failover again */
    assert_int_equal(test_rounds(&vnet, NONE, &test_on, 60000, 62000, due, 8), 0);
    assert_int_equal(test_rounds(&vnet, X1, &test_on, 62000, 90000, due, 8), 3);
    assert_int_equal(due[0], 62000);

    /* other settings */
    struct dp_mac_cache_config fast = {.enabled = true, .refresh_ms = 300, .repeats = 10};
    assert_int_equal(test_rounds(&vnet, X2, &fast, 90000, 99000, due, 12), 10);
    assert_int_equal(due[0], 90000);
    assert_int_equal(due[1], 90300);
    assert_int_equal(due[9], 92700);
}

static void test_failover_restarts_and_pauses(void **state)
{
    (void)state;
    struct mac_cache_vnet vnet;
    uint64_t due[12];

    mac_cache_vnet_init(&vnet);
    test_rounds(&vnet, X1, &test_on, 0, 1000, due, 8);
    assert_int_equal(test_rounds(&vnet, X2, &test_on, 1000, 7000, due, 8), 2);
    /* failback to X1 between rounds: three new rounds on X1 */
    assert_int_equal(test_rounds(&vnet, X1, &test_on, 7000, 40000, due, 8), 3);
    assert_int_equal(due[0], 7000);
    assert_int_equal(due[2], 17000);

    /* no uplink while a round is due: nothing; it goes when one is back */
    test_rounds(&vnet, X2, &test_on, 40000, 40100, due, 8);
    assert_int_equal(test_rounds(&vnet, NONE, &test_on, 40100, 50000, due, 8), 0);
    assert_int_equal(test_rounds(&vnet, X2, &test_on, 50000, 50100, due, 8), 1);
    /* a late tick does not bunch the rounds that are left */
    assert_false(mac_cache_step(&vnet, X2, &test_on, 54900 * MS));
    assert_true(mac_cache_step(&vnet, X2, &test_on, 55000 * MS));
    assert_false(mac_cache_step(&vnet, X2, &test_on, 59000 * MS));
    assert_false(mac_cache_step(&vnet, X2, &test_on, 90000 * MS)); /* 3 sent */
}

static void test_disabled(void **state)
{
    (void)state;
    struct dp_mac_cache_config off = test_on;
    struct mac_cache_vnet vnet;
    uint64_t due[12];

    off.enabled = false;
    mac_cache_vnet_init(&vnet);
    test_rounds(&vnet, X1, &off, 0, 1000, due, 8);
    assert_int_equal(test_rounds(&vnet, X2, &off, 1000, 30000, due, 8), 0);
    /* disabled in the middle of the rounds: the rest are not sent */
    test_rounds(&vnet, X1, &test_on, 30000, 30100, due, 8);
    assert_int_equal(test_rounds(&vnet, X1, &off, 30100, 31000, due, 8), 0);
    assert_int_equal(test_rounds(&vnet, X1, &test_on, 31000, 60000, due, 8), 0);
}

static void test_frame(void **state)
{
    (void)state;
    static const uint8_t mac[6] = {0x02, 0x56, 0x43, 0x00, 0x01, 0x0a};
    static const uint8_t untagged[14] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02,
                                         0x56, 0x43, 0x00, 0x01, 0x0a, 0x88, 0xb5};
    static const uint8_t tagged[18] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x56, 0x43,
                                       0x00, 0x01, 0x0a, 0x81, 0x00, 0x0f, 0xfe, 0x88, 0xb5};
    static const uint8_t zeros[64] = {0};
    uint8_t frame[80];

    memset(frame, 0xaa, sizeof(frame));
    assert_int_equal(mac_cache_frame_build(frame, sizeof(frame), mac, 0), 60);
    assert_memory_equal(frame, untagged, sizeof(untagged));
    assert_memory_equal(frame + 14, zeros, 60 - 14);
    assert_int_equal(frame[60], 0xaa); /* nothing written past the frame */

    memset(frame, 0xaa, sizeof(frame));
    assert_int_equal(mac_cache_frame_build(frame, sizeof(frame), mac, 4094), 64);
    assert_memory_equal(frame, tagged, sizeof(tagged));
    assert_memory_equal(frame + 18, zeros, 64 - 18);
    assert_int_equal(frame[64], 0xaa);

    assert_int_equal(mac_cache_frame_build(frame, 64, mac, 1), 64);
    assert_int_equal(frame[14], 0x00);
    assert_int_equal(frame[15], 0x01);
    /* too small a buffer, or a VLAN out of range: nothing */
    memset(frame, 0xaa, sizeof(frame));
    assert_int_equal(mac_cache_frame_build(frame, 59, mac, 0), 0);
    assert_int_equal(mac_cache_frame_build(frame, 63, mac, 101), 0);
    assert_int_equal(mac_cache_frame_build(frame, sizeof(frame), mac, 4095), 0);
    assert_int_equal(frame[0], 0xaa);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_uplink_is_no_failover),
        cmocka_unit_test(test_failover_rounds),
        cmocka_unit_test(test_failover_restarts_and_pauses),
        cmocka_unit_test(test_disabled),
        cmocka_unit_test(test_frame),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
