/*
 * test_bandwidth: the Flex-10 allocation (flexnic_alloc_bandwidth).
 *
 * The three worked examples of VC-REFERENCE.md, edge cases worked out by
 * hand (the arithmetic is in the comments), refusals probed just below and
 * just above each limit, and a property test over random inputs.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "flexnic/bandwidth.h"

#define AUTO                                                                                       \
    {                                                                                              \
        FLEXNIC_SPEED_AUTO, 0, 0, true                                                             \
    }
#define AUTO_MAX(m)                                                                                \
    {                                                                                              \
        FLEXNIC_SPEED_AUTO, 0, (m), true                                                           \
    }
#define PREF(r)                                                                                    \
    {                                                                                              \
        FLEXNIC_SPEED_PREFERRED, (r), 0, true                                                      \
    }
#define PREF_MAX(r, m)                                                                             \
    {                                                                                              \
        FLEXNIC_SPEED_PREFERRED, (r), (m), true                                                    \
    }
#define CUSTOM(r)                                                                                  \
    {                                                                                              \
        FLEXNIC_SPEED_CUSTOM, (r), 0, true                                                         \
    }
#define DISABLED                                                                                   \
    {                                                                                              \
        FLEXNIC_SPEED_DISABLED, 0, 0, true                                                         \
    }
#define UNLINKED_AUTO                                                                              \
    {                                                                                              \
        FLEXNIC_SPEED_AUTO, 0, 0, false                                                            \
    }
#define UNLINKED_PREF(r)                                                                           \
    {                                                                                              \
        FLEXNIC_SPEED_PREFERRED, (r), 0, false                                                     \
    }

/* expect_alloc: allocate and compare with the hand-computed result. */
static void expect_alloc(const struct flexnic_bandwidth_request *requests, unsigned count,
                         uint32_t link_mbps, const uint32_t *expected)
{
    uint32_t got[FLEXNIC_ALLOC_MAX] = {0xdead, 0xdead, 0xdead, 0xdead};
    assert_int_equal(flexnic_alloc_bandwidth(requests, count, link_mbps, got), 0);
    for (unsigned i = 0; i < count; i++)
        if (got[i] != expected[i])
            fail_msg("FlexNIC %c: got %u Mb, expected %u Mb", 'a' + i, got[i], expected[i]);
    for (unsigned i = count; i < FLEXNIC_ALLOC_MAX; i++)
        assert_int_equal(got[i], 0xdead); /* nothing written beyond count */
}

/* VC-REFERENCE.md: 1 Gb, Auto, Auto, Auto -> 1, 3, 3, 3 Gb */
static void test_reference_auto_share(void **state)
{
    (void)state;
    const struct flexnic_bandwidth_request r[] = {PREF(1000), AUTO, AUTO, AUTO};
    expect_alloc(r, 4, 10000, (const uint32_t[]){1000, 3000, 3000, 3000});
}

/* VC-REFERENCE.md: 1, 2, 4, 5 Gb -> 900, 1700, 3300, 4100 Mb.
 * 10000 * {1,2,4,5}/12 = 833, 1666, 3333, 4166 -> 800, 1600, 3300, 4100
 * (9800); ratios .8, .8, .825, .82: +100 to a (.8, first), then b (.8). */
static void test_reference_oversubscribed(void **state)
{
    (void)state;
    const struct flexnic_bandwidth_request r[] = {PREF(1000), PREF(2000), CUSTOM(4000),
                                                  CUSTOM(5000)};
    expect_alloc(r, 4, 10000, (const uint32_t[]){900, 1700, 3300, 4100});
}

/* VC-REFERENCE.md: 2 Gb, 8 Gb, Auto, Auto -> the Autos 100 Mb each, the
 * rest 9800 Mb proportionally: 9800 * 2/10 = 1960, 9800 * 8/10 = 7840. */
static void test_reference_minimum(void **state)
{
    (void)state;
    const struct flexnic_bandwidth_request r[] = {PREF(2000), PREF(8000), AUTO, AUTO};
    expect_alloc(r, 4, 10000, (const uint32_t[]){1960, 7840, 100, 100});
}

static void test_all_auto(void **state)
{
    (void)state;
    const struct flexnic_bandwidth_request r[] = {AUTO, AUTO, AUTO, AUTO};
    expect_alloc(r, 4, 10000, (const uint32_t[]){2500, 2500, 2500, 2500});
    /* 100 steps / 3 = 33 each, one step left over -> to a */
    expect_alloc(r, 3, 10000, (const uint32_t[]){3400, 3300, 3300});
    expect_alloc(r, 2, 10000, (const uint32_t[]){5000, 5000});
    /* 1 Gb link: 10 steps / 4 = 2 each, 2 left over -> a, b */
    expect_alloc(r, 4, 1000, (const uint32_t[]){300, 300, 200, 200});
    /* the smallest link that fits four: 100 each */
    expect_alloc(r, 4, 400, (const uint32_t[]){100, 100, 100, 100});
    expect_alloc(r, 4, 20000, (const uint32_t[]){5000, 5000, 5000, 5000});
}

static void test_one_connection(void **state)
{
    (void)state;
    const struct flexnic_bandwidth_request a[] = {AUTO};
    expect_alloc(a, 1, 10000, (const uint32_t[]){10000});
    const struct flexnic_bandwidth_request p[] = {PREF(4000)};
    expect_alloc(p, 1, 10000, (const uint32_t[]){4000}); /* the rest stays unallocated */
    const struct flexnic_bandwidth_request full[] = {CUSTOM(10000)};
    expect_alloc(full, 1, 10000, (const uint32_t[]){10000});
    const struct flexnic_bandwidth_request smallest[] = {PREF(100)};
    expect_alloc(smallest, 1, 100, (const uint32_t[]){100});
}

static void test_four_times_2500(void **state)
{
    (void)state;
    const struct flexnic_bandwidth_request r[] = {PREF(2500), PREF(2500), CUSTOM(2500),
                                                  CUSTOM(2500)};
    expect_alloc(r, 4, 10000, (const uint32_t[]){2500, 2500, 2500, 2500});
    /* 4 x 10 Gb: oversubscribed, 10000 * 1/4 = 2500 each */
    const struct flexnic_bandwidth_request big[] = {PREF(10000), PREF(10000), PREF(10000),
                                                    PREF(10000)};
    expect_alloc(big, 4, 10000, (const uint32_t[]){2500, 2500, 2500, 2500});
}

static void test_disabled_and_unlinked(void **state)
{
    (void)state;
    /* Disabled gets 0, even with a (valid) request left in it */
    const struct flexnic_bandwidth_request r[] = {
        PREF(3000), {FLEXNIC_SPEED_DISABLED, 5000, 0, true}, AUTO, AUTO};
    expect_alloc(r, 4, 10000, (const uint32_t[]){3000, 0, 3500, 3500});
    /* unlinked ones get 0 and take nothing from the others */
    const struct flexnic_bandwidth_request u[] = {UNLINKED_PREF(9000), AUTO, UNLINKED_AUTO,
                                                  PREF(2000)};
    expect_alloc(u, 4, 10000, (const uint32_t[]){0, 8000, 0, 2000});
    const struct flexnic_bandwidth_request none[] = {DISABLED, UNLINKED_AUTO, DISABLED,
                                                     UNLINKED_PREF(100)};
    expect_alloc(none, 4, 10000, (const uint32_t[]){0, 0, 0, 0});
    /* four FlexNICs on a 200 Mb link is fine when only two are active */
    const struct flexnic_bandwidth_request two[] = {AUTO, DISABLED, UNLINKED_AUTO, AUTO};
    expect_alloc(two, 4, 200, (const uint32_t[]){100, 0, 0, 100});
}

static void test_max_caps(void **state)
{
    (void)state;
    /* an Auto capped at 1 Gb: the others share 9 Gb */
    const struct flexnic_bandwidth_request a[] = {AUTO_MAX(1000), AUTO, AUTO, AUTO};
    expect_alloc(a, 4, 10000, (const uint32_t[]){1000, 3000, 3000, 3000});
    /* 33 steps each would exceed two caps of 30: they get 3000, d gets 4000 */
    const struct flexnic_bandwidth_request b[] = {AUTO_MAX(3000), AUTO_MAX(3000), AUTO};
    expect_alloc(b, 3, 10000, (const uint32_t[]){3000, 3000, 4000});
    /* a Preferred above its network's maximum is held to the maximum; the
     * Auto gets what that frees */
    const struct flexnic_bandwidth_request c[] = {PREF_MAX(5000, 2000), AUTO};
    expect_alloc(c, 2, 10000, (const uint32_t[]){2000, 8000});
    /* every Auto capped: the rest stays unallocated */
    const struct flexnic_bandwidth_request d[] = {AUTO_MAX(1000), PREF(2000), AUTO_MAX(500)};
    expect_alloc(d, 3, 10000, (const uint32_t[]){1000, 2000, 500});
    /* a maximum above the link means the link */
    const struct flexnic_bandwidth_request e[] = {AUTO_MAX(40000)};
    expect_alloc(e, 1, 10000, (const uint32_t[]){10000});
    /* caps also hold when oversubscribed: wants 2000 (capped), 9000, 9000
     * = 20000 -> 1000, 4500, 4500 */
    const struct flexnic_bandwidth_request f[] = {PREF_MAX(9000, 2000), PREF(9000), PREF(9000)};
    expect_alloc(f, 3, 10000, (const uint32_t[]){1000, 4500, 4500});
    /* smallest cap: 100 */
    const struct flexnic_bandwidth_request g[] = {AUTO_MAX(100), AUTO};
    expect_alloc(g, 2, 10000, (const uint32_t[]){100, 9900});
}

static void test_oversubscribed_with_autos(void **state)
{
    (void)state;
    /* Autos 100 each; 9800 over wants 5000 + 6000 = 11000:
     * 4454 -> 4400, 5345 -> 5300 (9700); ratios .88 < .883 -> a +100 */
    const struct flexnic_bandwidth_request r[] = {PREF(5000), PREF(6000), AUTO, AUTO};
    expect_alloc(r, 4, 10000, (const uint32_t[]){4500, 5300, 100, 100});
}

static void test_squeezed_to_minimum(void **state)
{
    (void)state;
    /* 10000 * 100/30100 = 33 < 100: a gets 100, b..d share 9900 -> 3300 */
    const struct flexnic_bandwidth_request r[] = {PREF(100), PREF(10000), PREF(10000), PREF(10000)};
    expect_alloc(r, 4, 10000, (const uint32_t[]){100, 3300, 3300, 3300});
    /* wants fit (9900) but not with two Autos: 9800 in Mb over 9900:
     * 4949.49 -> 4949, 4850.50 -> 4850 (9799); ratios .98980 > .98979 ->
     * b +1 */
    const struct flexnic_bandwidth_request s[] = {PREF(5000), PREF(4900), AUTO, AUTO};
    expect_alloc(s, 4, 10000, (const uint32_t[]){4949, 4851, 100, 100});
    /* wants exactly the link with one Auto: 9900 * 1/2 */
    const struct flexnic_bandwidth_request t[] = {PREF(5000), AUTO, PREF(5000)};
    expect_alloc(t, 3, 10000, (const uint32_t[]){4950, 100, 4950});
    /* just fits: 9700 + 3 Autos = 10000, no squeeze */
    const struct flexnic_bandwidth_request u[] = {PREF(9700), AUTO, AUTO, AUTO};
    expect_alloc(u, 4, 10000, (const uint32_t[]){9700, 100, 100, 100});
    /* just does not: 9800 + 3 Autos: 9700 for a */
    const struct flexnic_bandwidth_request v[] = {PREF(9800), AUTO, AUTO, AUTO};
    expect_alloc(v, 4, 10000, (const uint32_t[]){9700, 100, 100, 100});
}

static void test_empty(void **state)
{
    (void)state;
    uint32_t got[1] = {7};
    assert_int_equal(flexnic_alloc_bandwidth(NULL, 0, 10000, got), 0);
    assert_int_equal(got[0], 7);
}

/* expect_invalid: refused, with a message naming `field`. */
static void expect_invalid(const struct flexnic_bandwidth_request *requests, unsigned count,
                           uint32_t link_mbps, const char *field)
{
    uint32_t got[FLEXNIC_ALLOC_MAX] = {1, 2, 3, 4};
    char error[160] = "";
    assert_int_equal(flexnic_validate_bandwidth(requests, count, link_mbps, error, sizeof(error)),
                     -EINVAL);
    if (strncmp(error, field, strlen(field)) != 0)
        fail_msg("error \"%s\" does not name %s", error, field);
    assert_int_equal(flexnic_alloc_bandwidth(requests, count, link_mbps, got), -EINVAL);
    assert_int_equal(got[0], 1); /* untouched */
    assert_int_equal(got[3], 4);
}

static void test_invalid_inputs(void **state)
{
    (void)state;
    const struct flexnic_bandwidth_request five[] = {AUTO, AUTO, AUTO, AUTO, AUTO};
    expect_invalid(five, 5, 10000, "count");
    expect_invalid(NULL, 1, 10000, "requests");
    const struct flexnic_bandwidth_request one[] = {AUTO};
    expect_invalid(one, 1, 0, "link_mbps");
    expect_invalid(one, 1, 99, "link_mbps");
    expect_invalid(one, 1, 150, "link_mbps");
    expect_invalid(one, 1, FLEXNIC_LINK_MAX_MBPS + 100, "link_mbps");
    expect_alloc(one, 1, FLEXNIC_LINK_MAX_MBPS, (const uint32_t[]){FLEXNIC_LINK_MAX_MBPS});
    expect_alloc(one, 1, 100, (const uint32_t[]){100});

    const struct flexnic_bandwidth_request r0[] = {AUTO, PREF(0)};
    expect_invalid(r0, 2, 10000, "requests[1].requested_mbps");
    const struct flexnic_bandwidth_request r99[] = {CUSTOM(99)};
    expect_invalid(r99, 1, 10000, "requests[0].requested_mbps");
    const struct flexnic_bandwidth_request r150[] = {PREF(150)};
    expect_invalid(r150, 1, 10000, "requests[0].requested_mbps");
    const struct flexnic_bandwidth_request over[] = {PREF(10100)};
    expect_invalid(over, 1, 10000, "requests[0].requested_mbps");
    const struct flexnic_bandwidth_request unlinked[] = {UNLINKED_PREF(150)};
    expect_invalid(unlinked, 1, 10000, "requests[0].requested_mbps");
    const struct flexnic_bandwidth_request type[] = {
        AUTO, AUTO, {(enum flexnic_speed_type)7, 1000, 0, true}};
    expect_invalid(type, 3, 10000, "requests[2].type");
    const struct flexnic_bandwidth_request max[] = {AUTO_MAX(150)};
    expect_invalid(max, 1, 10000, "requests[0].max_mbps");
    const struct flexnic_bandwidth_request max50[] = {AUTO_MAX(50)};
    expect_invalid(max50, 1, 10000, "requests[0].max_mbps");
    /* two active FlexNICs on 100 Mb: refused; on 200 Mb: fine */
    const struct flexnic_bandwidth_request two[] = {AUTO, PREF(100)};
    expect_invalid(two, 2, 100, "link_mbps");
    expect_alloc(two, 2, 200, (const uint32_t[]){100, 100});

    assert_int_equal(flexnic_alloc_bandwidth(one, 1, 10000, NULL), -EINVAL);
    /* NULL error buffer is allowed */
    assert_int_equal(flexnic_validate_bandwidth(r150, 1, 10000, NULL, 0), -EINVAL);
    assert_int_equal(flexnic_validate_bandwidth(one, 1, 10000, NULL, 0), 0);
}

static void test_validate_speed(void **state)
{
    (void)state;
    assert_int_equal(flexnic_validate_speed(0, 10000), -EINVAL);
    assert_int_equal(flexnic_validate_speed(99, 10000), -EINVAL);
    assert_int_equal(flexnic_validate_speed(100, 10000), 0);
    assert_int_equal(flexnic_validate_speed(101, 10000), -EINVAL);
    assert_int_equal(flexnic_validate_speed(199, 10000), -EINVAL);
    assert_int_equal(flexnic_validate_speed(200, 10000), 0);
    assert_int_equal(flexnic_validate_speed(9900, 10000), 0);
    assert_int_equal(flexnic_validate_speed(10000, 10000), 0);
    assert_int_equal(flexnic_validate_speed(10100, 10000), -EINVAL);
    assert_int_equal(flexnic_validate_speed(1000, 1000), 0);
    assert_int_equal(flexnic_validate_speed(1100, 1000), -EINVAL);
    assert_int_equal(flexnic_validate_speed(100, 0), -EINVAL);
}

/* xorshift64: a fixed-seed generator, so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rng_below(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static void test_property_random(void **state)
{
    (void)state;
    unsigned checked = 0, squeezed = 0, oversubscribed = 0;
    for (unsigned iter = 0; iter < 200000; iter++) {
        uint32_t link = rng_below(4) == 0 ? (1 + rng_below(400)) * 100 : 10000;
        unsigned count = 1 + rng_below(4);
        struct flexnic_bandwidth_request r[4];
        unsigned active = 0, n_auto = 0;
        uint64_t sum_want = 0;
        uint32_t cap[4], want[4];
        /* a quarter of the runs make the wants add up to about the link, so
         * that the squeezed case (wants fit, Autos' 100 Mb do not) is common */
        bool tight = rng_below(4) == 0;
        unsigned n_wanted = 0;
        for (unsigned i = 0; i < count; i++) {
            r[i].type = (enum flexnic_speed_type)rng_below(4);
            r[i].max_mbps = rng_below(3) == 0 ? (1 + rng_below(link / 100 + 10)) * 100 : 0;
            r[i].linked = rng_below(8) != 0;
            n_wanted += r[i].type == FLEXNIC_SPEED_PREFERRED || r[i].type == FLEXNIC_SPEED_CUSTOM;
        }
        for (unsigned i = 0; i < count; i++) {
            uint32_t share_units = n_wanted ? link / 100 / n_wanted : 1;
            if (tight && share_units > 1) {
                r[i].requested_mbps = (share_units - rng_below(2)) * 100;
                r[i].max_mbps = 0;
            } else {
                r[i].requested_mbps = (1 + rng_below(link / 100)) * 100;
            }
            cap[i] = (r[i].max_mbps == 0 || r[i].max_mbps > link) ? link : r[i].max_mbps;
            want[i] = 0;
            if (!r[i].linked || r[i].type == FLEXNIC_SPEED_DISABLED)
                continue;
            active++;
            if (r[i].type == FLEXNIC_SPEED_AUTO) {
                n_auto++;
            } else {
                want[i] = r[i].requested_mbps < cap[i] ? r[i].requested_mbps : cap[i];
                sum_want += want[i];
            }
        }
        uint32_t got[4];
        int rc = flexnic_alloc_bandwidth(r, count, link, got);
        if (active * 100 > link) {
            assert_int_equal(rc, -EINVAL);
            continue;
        }
        assert_int_equal(rc, 0);
        checked++;
        bool squeeze = sum_want <= link && sum_want + 100 * n_auto > link;
        bool over = sum_want > link;
        squeezed += squeeze;
        oversubscribed += over;
        uint64_t sum = 0, sum_wanted = 0;
        uint32_t auto_min = UINT32_MAX, auto_max = 0, capped_auto_max = 0;
        bool open_auto = false;
        for (unsigned i = 0; i < count; i++) {
            sum += got[i];
            bool is_active = r[i].linked && r[i].type != FLEXNIC_SPEED_DISABLED;
            if (!is_active) {
                assert_int_equal(got[i], 0);
                continue;
            }
            assert_true(got[i] >= 100);
            assert_true(got[i] <= cap[i]);
            if (r[i].type == FLEXNIC_SPEED_AUTO) {
                assert_int_equal(got[i] % 100, 0);
                if (squeeze || over)
                    assert_int_equal(got[i], 100);
                if (got[i] == cap[i]) {
                    capped_auto_max = got[i] > capped_auto_max ? got[i] : capped_auto_max;
                } else {
                    open_auto = true;
                    auto_min = got[i] < auto_min ? got[i] : auto_min;
                    auto_max = got[i] > auto_max ? got[i] : auto_max;
                }
            } else {
                sum_wanted += got[i];
                assert_true(got[i] <= want[i]);
                if (!squeeze)
                    assert_int_equal(got[i] % 100, 0);
                if (!squeeze && !over)
                    assert_int_equal(got[i], want[i]);
            }
        }
        assert_true(sum <= link);
        if (squeeze)
            assert_int_equal(sum_wanted, link - 100 * n_auto);
        if (over || open_auto || squeeze)
            assert_int_equal(sum, link); /* nothing wasted when someone wants more */
        if (open_auto && !squeeze && !over) {
            assert_true(auto_max - auto_min <= 100);        /* even in 100 Mb steps */
            assert_true(capped_auto_max <= auto_min + 100); /* water-filled */
        }
    }
    /* the generator reached every branch many times */
    print_message("checked %u, squeezed %u, oversubscribed %u\n", checked, squeezed,
                  oversubscribed);
    assert_true(checked > 100000);
    assert_true(squeezed > 1000);
    assert_true(oversubscribed > 10000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_auto_share),
        cmocka_unit_test(test_reference_oversubscribed),
        cmocka_unit_test(test_reference_minimum),
        cmocka_unit_test(test_all_auto),
        cmocka_unit_test(test_one_connection),
        cmocka_unit_test(test_four_times_2500),
        cmocka_unit_test(test_disabled_and_unlinked),
        cmocka_unit_test(test_max_caps),
        cmocka_unit_test(test_oversubscribed_with_autos),
        cmocka_unit_test(test_squeezed_to_minimum),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_invalid_inputs),
        cmocka_unit_test(test_validate_speed),
        cmocka_unit_test(test_property_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
