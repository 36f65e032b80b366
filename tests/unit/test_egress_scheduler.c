/*
 * test_egress_scheduler: Flex-10 minimum/maximum toward one server port.
 *
 * Each test offers traffic from the four FlexNICs for one virtual second
 * (virtual TSC at 2.5 GHz), frames evenly spaced per FlexNIC and the four
 * streams merged in time order, and measures the wire bytes that pass.
 * Expected rates are the configured minima, maxima and link speed.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "flexnic/egress_scheduler.h"

#define GBPS   1000000000ull
#define MBPS   1000000ull
#define TSC_HZ 2500000000ull
#define N      EGRESS_SCHEDULER_FLEXNICS

struct traffic {
    uint64_t offered_bps[N]; /* wire bits per second; 0 = idle */
    uint32_t frame_bytes[N]; /* without FCS */
    double seconds;
    bool jitter; /* spacing uniform in [0.5, 1.5) x the mean, else exact */
};

struct result {
    uint64_t passed_bytes[N]; /* wire bytes */
    uint64_t total_bytes;
    uint64_t offered_frames[N];
    uint64_t verdicts[N][3];
};

/* xorshift64: a fixed-seed generator, so failures reproduce. */
static uint64_t rng_state = 0x2545f4914f6cdd1dull;
static uint64_t rng_below(uint64_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state % n;
}

/* run: offer `t` to s, which was configured at TSC 0. FlexNIC i starts a
 * quarter of an interval after FlexNIC i-1, so the streams interleave. */
static struct result run(struct egress_scheduler *s, const struct traffic *t)
{
    struct result r = {0};
    double interval[N], next[N];
    uint32_t wire[N];
    double end_tsc = t->seconds * (double)TSC_HZ;
    for (unsigned i = 0; i < N; i++) {
        wire[i] = token_bucket_wire_bytes(t->frame_bytes[i] ? t->frame_bytes[i] : 1514);
        interval[i] = t->offered_bps[i]
                          ? (double)wire[i] * 8.0 * (double)TSC_HZ / (double)t->offered_bps[i]
                          : INFINITY;
        next[i] = interval[i] * i / 4.0;
        if (t->offered_bps[i] == 0)
            next[i] = INFINITY;
    }
    for (;;) {
        unsigned f = 0;
        for (unsigned i = 1; i < N; i++)
            if (next[i] < next[f])
                f = i;
        if (next[f] >= end_tsc)
            break;
        enum egress_verdict v = egress_scheduler_admit(s, f, wire[f], (uint64_t)next[f]);
        r.offered_frames[f]++;
        r.verdicts[f][v]++;
        if (v == EGRESS_PASS) {
            r.passed_bytes[f] += wire[f];
            r.total_bytes += wire[f];
        }
        next[f] += t->jitter ? interval[f] * (0.5 + (double)rng_below(1u << 20) / (1u << 20))
                             : interval[f];
    }
    return r;
}

/* rate_of: bits per second of `bytes` over t->seconds. */
static double rate_of(uint64_t bytes, const struct traffic *t)
{
    return (double)bytes * 8.0 / t->seconds;
}

/* expect_rate: `bytes` over the run is `expected_bps` within `tolerance`
 * (a fraction). */
static void expect_rate(const char *what, uint64_t bytes, const struct traffic *t,
                        double expected_bps, double tolerance)
{
    double got = rate_of(bytes, t);
    if (fabs(got - expected_bps) > tolerance * expected_bps)
        fail_msg("%s: %.4f Gb/s, expected %.4f Gb/s within %.1f%%", what, got / 1e9,
                 expected_bps / 1e9, tolerance * 100);
}

/* expect_at_least: `bytes` over the run is at least `minimum_bps` less
 * `tolerance`. */
static void expect_at_least(const char *what, uint64_t bytes, const struct traffic *t,
                            double minimum_bps, double tolerance)
{
    double got = rate_of(bytes, t);
    if (got < minimum_bps * (1.0 - tolerance))
        fail_msg("%s: %.4f Gb/s, expected at least %.4f Gb/s", what, got / 1e9, minimum_bps / 1e9);
}

static const char *const names[N] = {"LOM:1-a", "LOM:1-b", "LOM:1-c", "LOM:1-d"};

/* (a) min = max = 2.5 Gb, all four overloaded: 2.5 Gb each, 10 Gb total. */
static void test_four_fixed_shares(void **state)
{
    (void)state;
    static const uint32_t frames[] = {1514, 60}; /* 1518- and 64-byte frames */
    for (size_t k = 0; k < 2; k++) {
        struct egress_scheduler s;
        const uint64_t min[N] = {2500 * MBPS, 2500 * MBPS, 2500 * MBPS, 2500 * MBPS};
        assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, min, TSC_HZ, 0), 0);
        struct traffic t = {{10 * GBPS, 10 * GBPS, 10 * GBPS, 10 * GBPS},
                            {frames[k], frames[k], frames[k], frames[k]},
                            frames[k] < 100 ? 0.25 : 1.0};
        struct result r = run(&s, &t);
        for (unsigned i = 0; i < N; i++) {
            expect_rate(names[i], r.passed_bytes[i], &t, 2.5e9, 0.01);
            /* the drops are over the maximum, none for congestion */
            assert_true(r.verdicts[i][EGRESS_DROP_RATE_LIMIT] > 0);
            assert_int_equal(r.verdicts[i][EGRESS_DROP_CONGESTION], 0);
        }
        expect_rate("total", r.total_bytes, &t, 10e9, 0.01);
    }
}

/* (b) min 1/2/3/4 Gb, max 10 Gb, all offered 10 Gb: each its minimum, the
 * link full. */
static void test_weighted_minimums(void **state)
{
    (void)state;
    struct egress_scheduler s;
    const uint64_t min[N] = {1 * GBPS, 2 * GBPS, 3 * GBPS, 4 * GBPS};
    const uint64_t max[N] = {10 * GBPS, 10 * GBPS, 10 * GBPS, 10 * GBPS};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, max, TSC_HZ, 0), 0);
    struct traffic t = {{10 * GBPS, 10 * GBPS, 10 * GBPS, 10 * GBPS}, {1514, 1514, 1514, 1514}, 1};
    struct result r = run(&s, &t);
    for (unsigned i = 0; i < N; i++) {
        expect_at_least(names[i], r.passed_bytes[i], &t, (double)min[i], 0.02);
        assert_true(r.verdicts[i][EGRESS_DROP_CONGESTION] > 0); /* the port is congested */
    }
    expect_rate("total", r.total_bytes, &t, 10e9, 0.01);
}

/* (b') the minima still hold with mixed frame sizes and unequal loads:
 * a small FlexNIC of 64-byte frames against three jumbo floods. */
static void test_minimum_against_floods(void **state)
{
    (void)state;
    struct egress_scheduler s;
    const uint64_t min[N] = {500 * MBPS, 1 * GBPS, 1 * GBPS, 1 * GBPS};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, NULL, TSC_HZ, 0), 0);
    struct traffic t = {{600 * MBPS, 20 * GBPS, 20 * GBPS, 20 * GBPS}, {60, 9216, 9216, 9216}, 1};
    struct result r = run(&s, &t);
    expect_at_least(names[0], r.passed_bytes[0], &t, 500e6, 0.02);
    for (unsigned i = 1; i < N; i++)
        expect_at_least(names[i], r.passed_bytes[i], &t, 1e9, 0.02);
    expect_rate("total", r.total_bytes, &t, 10e9, 0.01);
}

/* (c) one FlexNIC idle: the others borrow its share up to their maxima.
 * Spare bandwidth goes first come, first served; with perfectly periodic
 * arrivals that would always favour the same phase, so the arrivals are
 * jittered as real traffic is. */
static void test_idle_share_borrowed(void **state)
{
    (void)state;
    struct egress_scheduler s;
    const uint64_t min[N] = {2500 * MBPS, 2500 * MBPS, 2500 * MBPS, 2500 * MBPS};
    const uint64_t max[N] = {10 * GBPS, 3 * GBPS, 10 * GBPS, 10 * GBPS};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, max, TSC_HZ, 0), 0);
    struct traffic t = {{10 * GBPS, 10 * GBPS, 10 * GBPS, 0}, {1514, 1514, 1514, 1514}, 1, true};
    struct result r = run(&s, &t);
    /* b borrows 0.5 Gb up to its 3 Gb maximum; a and c share the other
     * 2 Gb of d's idle 2.5 Gb */
    expect_rate(names[1], r.passed_bytes[1], &t, 3e9, 0.01);
    expect_at_least(names[0], r.passed_bytes[0], &t, 2.5e9 * 1.2, 0); /* borrowed */
    expect_at_least(names[2], r.passed_bytes[2], &t, 2.5e9 * 1.2, 0);
    expect_rate("a + c", r.passed_bytes[0] + r.passed_bytes[2], &t, 7e9, 0.01);
    expect_rate("total", r.total_bytes, &t, 10e9, 0.01);
    assert_int_equal(r.offered_frames[3], 0);

    /* min 1/2/3/4 Gb with d (4 Gb) idle: a, b, c take the link */
    const uint64_t min2[N] = {1 * GBPS, 2 * GBPS, 3 * GBPS, 4 * GBPS};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min2, NULL, TSC_HZ, 0), 0);
    r = run(&s, &t);
    for (unsigned i = 0; i < 3; i++)
        expect_at_least(names[i], r.passed_bytes[i], &t, (double)min2[i] * 1.1, 0);
    expect_rate("total", r.total_bytes, &t, 10e9, 0.01);

    /* periodic arrivals: who borrows depends on the phase, but the minima,
     * the maxima and the total still hold */
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, max, TSC_HZ, 0), 0);
    t.jitter = false;
    r = run(&s, &t);
    for (unsigned i = 0; i < 3; i++)
        expect_at_least(names[i], r.passed_bytes[i], &t, 2.5e9, 0.01);
    assert_true(rate_of(r.passed_bytes[1], &t) <= 3e9 * 1.01);
    expect_rate("total", r.total_bytes, &t, 10e9, 0.01);
}

/* (d) a FlexNIC alone with max 4 Gb gets 4 Gb, not more; without a
 * maximum it gets the link. */
static void test_alone_capped(void **state)
{
    (void)state;
    struct egress_scheduler s;
    const uint64_t min[N] = {1 * GBPS, 0, 0, 0};
    const uint64_t max[N] = {4 * GBPS, 0, 0, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, max, TSC_HZ, 0), 0);
    struct traffic t = {{10 * GBPS, 0, 0, 0}, {1514, 0, 0, 0}, 1};
    struct result r = run(&s, &t);
    expect_rate(names[0], r.passed_bytes[0], &t, 4e9, 0.01);
    assert_int_equal(r.verdicts[0][EGRESS_DROP_CONGESTION], 0);
    assert_true(r.verdicts[0][EGRESS_DROP_RATE_LIMIT] > 0);

    /* just below the maximum (3.96 Gb offered): nothing dropped */
    struct traffic below = {{3960 * MBPS, 0, 0, 0}, {1514, 0, 0, 0}, 1};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, max, TSC_HZ, 0), 0);
    r = run(&s, &below);
    assert_int_equal(r.verdicts[0][EGRESS_PASS], r.offered_frames[0]);
    /* just above (4.04 Gb): drops, and 4 Gb within 1% */
    struct traffic above = {{4040 * MBPS, 0, 0, 0}, {1514, 0, 0, 0}, 1};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, max, TSC_HZ, 0), 0);
    r = run(&s, &above);
    assert_true(r.verdicts[0][EGRESS_DROP_RATE_LIMIT] > 0);
    expect_rate(names[0], r.passed_bytes[0], &t, 4e9, 0.01);

    /* no minimum, no maximum: the link */
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, NULL, NULL, TSC_HZ, 0), 0);
    t.offered_bps[0] = 20 * GBPS;
    r = run(&s, &t);
    expect_rate(names[0], r.passed_bytes[0], &t, 10e9, 0.01);
}

/* Below the link speed in total, nothing is dropped. */
static void test_uncongested(void **state)
{
    (void)state;
    struct egress_scheduler s;
    const uint64_t min[N] = {1 * GBPS, 0, 2 * GBPS, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, NULL, TSC_HZ, 0), 0);
    struct traffic t = {{2 * GBPS, 3 * GBPS, 1 * GBPS, 3900 * MBPS}, {60, 1514, 9216, 700}, 1};
    struct result r = run(&s, &t);
    for (unsigned i = 0; i < N; i++)
        assert_int_equal(r.verdicts[i][EGRESS_PASS], r.offered_frames[i]);
}

/* A scheduler on a 1 Gb port: four minimum-size (100 Mb) FlexNICs and one
 * flooding; the quiet ones get their 100 Mb minimum. */
static void test_one_gig_port(void **state)
{
    (void)state;
    struct egress_scheduler s;
    const uint64_t min[N] = {100 * MBPS, 100 * MBPS, 100 * MBPS, 700 * MBPS};
    assert_int_equal(egress_scheduler_configure(&s, 1 * GBPS, min, NULL, TSC_HZ, 0), 0);
    struct traffic t = {{150 * MBPS, 150 * MBPS, 150 * MBPS, 10 * GBPS}, {60, 60, 1514, 1514}, 1};
    struct result r = run(&s, &t);
    for (unsigned i = 0; i < 3; i++)
        expect_at_least(names[i], r.passed_bytes[i], &t, 100e6, 0.02);
    expect_at_least(names[3], r.passed_bytes[3], &t, 700e6, 0.02);
    expect_rate("total", r.total_bytes, &t, 1e9, 0.01);
}

/* Over many random configurations and loads: no FlexNIC beyond its maximum
 * nor below its minimum (when offering more), the total within the link
 * plus the bursts. */

static void test_property_random(void **state)
{
    (void)state;
    for (unsigned iter = 0; iter < 40; iter++) {
        uint64_t link = (1 + rng_below(20)) * GBPS;
        uint64_t min[N], max[N], left = link;
        struct traffic t = {{0}, {0}, 0.1};
        for (unsigned i = 0; i < N; i++) {
            min[i] = rng_below(3) ? rng_below(left / (100 * MBPS) / 2 + 1) * 100 * MBPS : 0;
            left -= min[i];
            max[i] = rng_below(2) ? min[i] + rng_below(link / (100 * MBPS) + 1) * 100 * MBPS : 0;
            t.offered_bps[i] = rng_below(4) ? (1 + rng_below(200)) * 100 * MBPS : 0;
            t.frame_bytes[i] = (uint32_t)(60 + rng_below(9216 - 60 + 1));
        }
        struct egress_scheduler s;
        assert_int_equal(egress_scheduler_configure(&s, link, min, max, TSC_HZ, 0), 0);
        struct result r = run(&s, &t);
        double burst_bytes = (double)token_bucket_default_burst_bytes(link);
        for (unsigned i = 0; i < N; i++) {
            double max_eff = (max[i] == 0 || max[i] > link) ? (double)link : (double)max[i];
            double passed = (double)r.passed_bytes[i];
            /* at most the maximum over the time plus its burst */
            assert_true(passed <= max_eff / 8 * t.seconds +
                                      (double)token_bucket_default_burst_bytes((uint64_t)max_eff));
            if (min[i] > 0) {
                burst_bytes += (double)token_bucket_default_burst_bytes(min[i]);
                /* offered at least its minimum: it gets its minimum (less a
                 * frame and rounding) */
                double wanted = fmin((double)t.offered_bps[i], (double)min[i]);
                assert_true(rate_of(r.passed_bytes[i], &t) >= wanted * 0.99 - 9240 * 8 / t.seconds);
            }
        }
        assert_true((double)r.total_bytes <= (double)link / 8 * t.seconds + burst_bytes);
    }
}

/* (e) refusals, each probed just beyond and just within its limit. */
static void test_configure_refusals(void **state)
{
    (void)state;
    struct egress_scheduler s, before;
    memset(&s, 0x5a, sizeof(s));
    before = s;
    const uint64_t over[N] = {2500 * MBPS, 2500 * MBPS, 2500 * MBPS, 2500 * MBPS + 1};
    const uint64_t exact[N] = {2500 * MBPS, 2500 * MBPS, 2500 * MBPS, 2500 * MBPS};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, over, NULL, TSC_HZ, 0), -EINVAL);
    assert_memory_equal(&s, &before, sizeof(s)); /* untouched */
    /* min above max; min equal to max is fine */
    const uint64_t min3[N] = {3 * GBPS, 0, 0, 0};
    const uint64_t max2[N] = {3 * GBPS - 1, 0, 0, 0};
    const uint64_t max3[N] = {3 * GBPS, 0, 0, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min3, max2, TSC_HZ, 0), -EINVAL);
    /* zero or too slow a link */
    assert_int_equal(egress_scheduler_configure(&s, 0, NULL, NULL, TSC_HZ, 0), -EINVAL);
    assert_int_equal(
        egress_scheduler_configure(&s, TOKEN_BUCKET_MIN_RATE_BPS - 1, NULL, NULL, TSC_HZ, 0),
        -EINVAL);
    /* a minimum larger than the link */
    const uint64_t huge[N] = {10 * GBPS + 1, 0, 0, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, huge, NULL, TSC_HZ, 0), -EINVAL);
    /* rates below what a bucket can meter */
    const uint64_t tiny[N] = {0, TOKEN_BUCKET_MIN_RATE_BPS - 1, 0, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, tiny, NULL, TSC_HZ, 0), -EINVAL);
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, NULL, tiny, TSC_HZ, 0), -EINVAL);
    /* TSC frequency */
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, NULL, NULL, 0, 0), -EINVAL);
    assert_int_equal(egress_scheduler_configure(NULL, 10 * GBPS, NULL, NULL, TSC_HZ, 0), -EINVAL);
    assert_memory_equal(&s, &before, sizeof(s));

    /* within the limits */
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, exact, NULL, TSC_HZ, 0), 0);
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min3, max3, TSC_HZ, 0), 0);
    const uint64_t min_rate[N] = {0, TOKEN_BUCKET_MIN_RATE_BPS, 0, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min_rate, min_rate, TSC_HZ, 0), 0);
    assert_int_equal(
        egress_scheduler_configure(&s, TOKEN_BUCKET_MIN_RATE_BPS, NULL, NULL, TSC_HZ, 0), 0);
    /* a maximum above the link is the link */
    const uint64_t above[N] = {40 * GBPS, 0, 0, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, NULL, above, TSC_HZ, 0), 0);
    assert_int_equal(s.flexnics[0].max_bps, 10 * GBPS);
    assert_int_equal(s.flexnics[1].max_bps, 10 * GBPS);
}

/* Frames from a FlexNIC beyond d, and the verdict order on a fresh port. */
static void test_admit_edges(void **state)
{
    (void)state;
    struct egress_scheduler s;
    const uint64_t min[N] = {1 * GBPS, 0, 0, 0};
    const uint64_t max[N] = {1 * GBPS, 1 * GBPS, 0, 0};
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, min, max, TSC_HZ, 100), 0);
    assert_int_equal(egress_scheduler_admit(&s, 4, 84, 100), EGRESS_DROP_RATE_LIMIT);
    assert_int_equal(egress_scheduler_admit(&s, 0, 84, 100), EGRESS_PASS);
    /* b: its 1 Gb max bucket holds 125000 bytes (1 ms); take them, then
     * the next frame is over its maximum */
    uint32_t taken = 0;
    while (egress_scheduler_admit(&s, 1, 1000, 100) == EGRESS_PASS)
        taken += 1000;
    assert_int_equal(taken, 125000);
    assert_int_equal(egress_scheduler_admit(&s, 1, 84, 100), EGRESS_DROP_RATE_LIMIT);
    /* c: the link bucket (1.25 MB) less what b took, then congestion */
    taken = 0;
    while (egress_scheduler_admit(&s, 2, 1000, 100) == EGRESS_PASS)
        taken += 1000;
    assert_int_equal(taken, (1250000 - 125000 - 84) / 1000 * 1000);
    assert_int_equal(egress_scheduler_admit(&s, 2, 1000, 100), EGRESS_DROP_CONGESTION);
    /* a still passes on its guarantee, the link in debt */
    assert_int_equal(egress_scheduler_admit(&s, 0, 1000, 100), EGRESS_PASS);
    assert_true(token_bucket_credit_bytes(&s.link) < 0);
    assert_int_equal(egress_scheduler_admit(&s, 2, 84, 100), EGRESS_DROP_CONGESTION);
}

/* admit_all lets a batch of frames through at once only when frame-by-frame
 * admission would pass every one: two copies of a port, one deciding each
 * batch with egress_scheduler_admit_all() first (one by one when it says
 * no), one always frame by frame, give the same verdict for every frame of
 * a random run near the limits, and both answers of admit_all happen. */
static void test_admit_all_matches_one_by_one(void **state)
{
    (void)state;
    for (unsigned iter = 0; iter < 20; iter++) {
        uint64_t link = (1 + rng_below(10)) * GBPS, left = link;
        uint64_t min[N], max[N];
        for (unsigned i = 0; i < N; i++) {
            min[i] = rng_below(2) ? rng_below(left / (100 * MBPS) / 2 + 1) * 100 * MBPS : 0;
            left -= min[i];
            max[i] = rng_below(2) ? min[i] + rng_below(link / (100 * MBPS) + 1) * 100 * MBPS : 0;
        }
        struct egress_scheduler batched, single;
        assert_int_equal(egress_scheduler_configure(&batched, link, min, max, TSC_HZ, 0), 0);
        single = batched;
        uint64_t now = 0, all = 0, not_all = 0;
        for (unsigned batch = 0; batch < 4000; batch++) {
            /* offered at about twice the link: ~0.5 us of it per batch */
            now += rng_below(2 * TSC_HZ / 1000000);
            unsigned flexnic = (unsigned)rng_below(N), n = 1 + (unsigned)rng_below(32);
            uint32_t wire[32];
            uint64_t total = 0;
            for (unsigned k = 0; k < n; k++) {
                wire[k] = token_bucket_wire_bytes((uint32_t)(60 + rng_below(1514 - 60 + 1)));
                total += wire[k];
            }
            enum egress_verdict expected[32];
            for (unsigned k = 0; k < n; k++)
                expected[k] = egress_scheduler_admit(&single, flexnic, wire[k], now);
            if (egress_scheduler_admit_all(&batched, flexnic, total, now)) {
                all++;
                for (unsigned k = 0; k < n; k++)
                    assert_int_equal(expected[k], EGRESS_PASS);
            } else {
                not_all++;
                bool every_one_passed = true;
                for (unsigned k = 0; k < n; k++) {
                    enum egress_verdict v = egress_scheduler_admit(&batched, flexnic, wire[k], now);
                    assert_int_equal(v, expected[k]);
                    every_one_passed &= v == EGRESS_PASS;
                }
                /* refused only a batch that passes on a mix of minimum and
                 * link, or does not pass whole */
                if (every_one_passed)
                    assert_true(batched.flexnics[flexnic].has_min);
            }
        }
        assert_true(all > 0);
        assert_true(not_all > 0);
    }
    /* a FlexNIC beyond d, and a total too large for one charge */
    struct egress_scheduler s;
    assert_int_equal(egress_scheduler_configure(&s, 10 * GBPS, NULL, NULL, TSC_HZ, 0), 0);
    assert_false(egress_scheduler_admit_all(&s, 4, 84, 0));
    assert_false(egress_scheduler_admit_all(&s, 0, 1u << 28, 0));
    assert_true(egress_scheduler_admit_all(&s, 0, 84, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_fixed_shares),
        cmocka_unit_test(test_weighted_minimums),
        cmocka_unit_test(test_minimum_against_floods),
        cmocka_unit_test(test_idle_share_borrowed),
        cmocka_unit_test(test_alone_capped),
        cmocka_unit_test(test_uncongested),
        cmocka_unit_test(test_one_gig_port),
        cmocka_unit_test(test_property_random),
        cmocka_unit_test(test_configure_refusals),
        cmocka_unit_test(test_admit_edges),
        cmocka_unit_test(test_admit_all_matches_one_by_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
