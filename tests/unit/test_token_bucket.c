/*
 * test_token_bucket: token bucket arithmetic and rate accuracy.
 *
 * Everything runs on a virtual TSC. The arithmetic tests use rates whose
 * bytes per cycle are simple (10 Gb/s at 2.5 GHz = 0.5 byte/cycle) so the
 * expected values are written by hand. The accuracy tests offer traffic for
 * one virtual second and compare the accepted wire bytes with rate x time +
 * burst, computed here in floating point, independently of the fixed-point
 * code under test.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "flexnic/token_bucket.h"

#define GBPS 1000000000ull
#define MBPS 1000000ull
#define GHZ  1000000000ull

static void test_wire_bytes(void **state)
{
    (void)state;
    assert_int_equal(token_bucket_wire_bytes(0), 84);
    assert_int_equal(token_bucket_wire_bytes(59), 84);
    assert_int_equal(token_bucket_wire_bytes(60), 84); /* a 64-byte frame */
    assert_int_equal(token_bucket_wire_bytes(61), 85);
    assert_int_equal(token_bucket_wire_bytes(1514), 1538); /* a 1518-byte frame */
    assert_int_equal(token_bucket_wire_bytes(9216), 9240);
}

static void test_profile_limits(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    /* rate */
    assert_int_equal(token_bucket_profile_init(&p, 999999, 65536, 2 * GHZ), -EINVAL);
    assert_int_equal(token_bucket_profile_init(&p, 1000000, 65536, 2 * GHZ), 0);
    assert_int_equal(token_bucket_profile_init(&p, 1000000000000ull, 65536, 2 * GHZ), 0);
    assert_int_equal(token_bucket_profile_init(&p, 1000000000001ull, 65536, 2 * GHZ), -EINVAL);
    assert_int_equal(token_bucket_profile_init(&p, 0, 65536, 2 * GHZ), -EINVAL);
    /* burst */
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 83, 2 * GHZ), -EINVAL);
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 84, 2 * GHZ), 0);
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 1ull << 28, 2 * GHZ), 0);
    assert_int_equal(token_bucket_profile_init(&p, GBPS, (1ull << 28) + 1, 2 * GHZ), -EINVAL);
    /* TSC frequency */
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 65536, 999999), -EINVAL);
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 65536, 1000000), 0);
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 65536, 16 * GHZ), 0);
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 65536, 16 * GHZ + 1), -EINVAL);
    assert_int_equal(token_bucket_profile_init(NULL, GBPS, 65536, 2 * GHZ), -EINVAL);
    /* debt */
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 65536, 2 * GHZ), 0);
    assert_int_equal(token_bucket_profile_set_debt(&p, 1ull << 28), 0);
    assert_int_equal(token_bucket_profile_set_debt(&p, (1ull << 28) + 1), -EINVAL);
    assert_int_equal(token_bucket_profile_set_debt(NULL, 0), -EINVAL);
}

/* The fixed-point rate, checked against values computed by hand. */
static void test_profile_rate(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    /* 10 Gb/s at 2.5 GHz: 0.5 byte per cycle = 2^31 */
    assert_int_equal(token_bucket_profile_init(&p, 10 * GBPS, 65536, 2500000000ull), 0);
    assert_int_equal(p.rate_fp, 1ull << 31);
    /* 1 Gb/s at 4 GHz: 1/32 byte per cycle = 2^27 */
    assert_int_equal(token_bucket_profile_init(&p, GBPS, 65536, 4 * GHZ), 0);
    assert_int_equal(p.rate_fp, 1ull << 27);
    /* 20 Gb/s at 1 GHz: 2.5 bytes per cycle = 10737418240 */
    assert_int_equal(token_bucket_profile_init(&p, 20 * GBPS, 65536, GHZ), 0);
    assert_int_equal(p.rate_fp, 10737418240ull);
    /* 100 Mb/s at 3 GHz: 12.5e6 / 3e9 * 2^32 = 17895697.07 -> 17895697 */
    assert_int_equal(token_bucket_profile_init(&p, 100 * MBPS, 65536, 3 * GHZ), 0);
    assert_int_equal(p.rate_fp, 17895697ull);
}

static void test_default_burst(void **state)
{
    (void)state;
    assert_int_equal(token_bucket_default_burst_bytes(100 * MBPS), 65536);
    assert_int_equal(token_bucket_default_burst_bytes(GBPS), 125000);        /* 1 ms */
    assert_int_equal(token_bucket_default_burst_bytes(2500 * MBPS), 312500); /* 1 ms */
    assert_int_equal(token_bucket_default_burst_bytes(10 * GBPS), 1250000);
    assert_int_equal(token_bucket_default_burst_bytes(524 * MBPS), 65536);
    assert_int_equal(token_bucket_default_burst_bytes(528 * MBPS), 66000);
    assert_int_equal(token_bucket_default_burst_bytes(1000000000000ull), 125000000);
    assert_int_equal(token_bucket_default_burst_bytes(UINT64_MAX), 1ull << 28);
    /* it holds 32 full-size frames and a jumbo frame */
    assert_true(token_bucket_default_burst_bytes(100 * MBPS) >= 32 * 1538 + 9240);
}

/* 10 Gb/s at 2.5 GHz is 0.5 byte per cycle. */
static void make_half_byte(struct token_bucket_profile *p, uint64_t burst_bytes)
{
    assert_int_equal(token_bucket_profile_init(p, 10 * GBPS, burst_bytes, 2500000000ull), 0);
}

static void test_starts_full_and_refills(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    struct token_bucket tb;
    make_half_byte(&p, 1000);
    token_bucket_init(&tb, &p, 5000);
    assert_int_equal(token_bucket_credit_bytes(&tb), 1000);
    assert_false(token_bucket_take(&tb, &p, 5000, 1001)); /* just above: refused, nothing taken */
    assert_int_equal(token_bucket_credit_bytes(&tb), 1000);
    assert_true(token_bucket_take(&tb, &p, 5000, 1000)); /* exactly: taken */
    assert_int_equal(token_bucket_credit_bytes(&tb), 0);
    assert_false(token_bucket_take(&tb, &p, 5000, 84));
    /* 200 cycles later: 100 bytes */
    assert_false(token_bucket_take(&tb, &p, 5200, 101));
    assert_true(token_bucket_take(&tb, &p, 5200, 100));
    assert_int_equal(token_bucket_credit_bytes(&tb), 0);
    /* one cycle is half a byte: not enough for 1, two are */
    assert_false(token_bucket_take(&tb, &p, 5201, 1));
    assert_true(token_bucket_take(&tb, &p, 5202, 1));
    /* 168 cycles make one minimum frame, 167 do not */
    assert_false(token_bucket_take(&tb, &p, 5202 + 167, 84));
    assert_true(token_bucket_take(&tb, &p, 5202 + 168, 84));
}

static void test_burst_cap(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    struct token_bucket tb;
    make_half_byte(&p, 1000);
    token_bucket_init(&tb, &p, 0);
    assert_true(token_bucket_take(&tb, &p, 0, 1000));
    /* 1998 cycles: 999 bytes; 2000: full; 1000000: still only full */
    token_bucket_refill(&tb, &p, 1998);
    assert_int_equal(token_bucket_credit_bytes(&tb), 999);
    token_bucket_refill(&tb, &p, 2000);
    assert_int_equal(token_bucket_credit_bytes(&tb), 1000);
    token_bucket_refill(&tb, &p, 1000000);
    assert_int_equal(token_bucket_credit_bytes(&tb), 1000);
    assert_false(token_bucket_take(&tb, &p, 1000000, 1001));
}

/* Hours, years and centuries of idle TSC: full, never overflowed. */
static void test_long_idle(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    struct token_bucket tb;
    /* the fastest rate per cycle the profile accepts: 1 Tb/s at 1 MHz,
     * with the largest burst */
    assert_int_equal(token_bucket_profile_init(&p, 1000000000000ull, 1ull << 28, 1000000), 0);
    assert_int_equal(token_bucket_profile_set_debt(&p, 1ull << 28), 0);
    token_bucket_init(&tb, &p, 0);
    token_bucket_charge(&tb, &p, 0, 1u << 28); /* empty */
    token_bucket_charge(&tb, &p, 0, 1u << 28); /* deepest debt */
    assert_int_equal(token_bucket_credit_bytes(&tb), -(int64_t)(1ull << 28));
    token_bucket_refill(&tb, &p, (1ull << 63) - 1);
    assert_int_equal(token_bucket_credit_bytes(&tb), 1ll << 28);

    /* 10 Gb/s at 4 GHz after 10 hours */
    assert_int_equal(token_bucket_profile_init(&p, 10 * GBPS, 1250000, 4 * GHZ), 0);
    token_bucket_init(&tb, &p, 1000);
    assert_true(token_bucket_take(&tb, &p, 1000, 1250000));
    uint64_t ten_hours_tsc = 10ull * 3600 * 4 * GHZ;
    token_bucket_refill(&tb, &p, 1000 + ten_hours_tsc);
    assert_int_equal(token_bucket_credit_bytes(&tb), 1250000);
    assert_true(token_bucket_take(&tb, &p, 1000 + ten_hours_tsc, 1250000));
    assert_false(token_bucket_take(&tb, &p, 1000 + ten_hours_tsc, 84));
    /* and it keeps counting exactly afterwards: 10 Gb/s at 4 GHz is 5/16
     * byte per cycle; 16 cycles = 5 bytes */
    assert_false(token_bucket_take(&tb, &p, 1000 + ten_hours_tsc + 15, 5));
    assert_true(token_bucket_take(&tb, &p, 1000 + ten_hours_tsc + 16, 5));
}

/* A TSC that wraps around 2^64 is handled (it would take 146 years at
 * 4 GHz, but the arithmetic is modulo 2^64 anyway). */
static void test_tsc_wraparound(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    struct token_bucket tb;
    make_half_byte(&p, 10000);
    uint64_t start = UINT64_MAX - 999; /* wraps after 1000 cycles */
    token_bucket_init(&tb, &p, start);
    assert_true(token_bucket_take(&tb, &p, start, 10000));
    assert_false(token_bucket_take(&tb, &p, start + 1999, 1000)); /* 999.5 bytes */
    assert_true(token_bucket_take(&tb, &p, start + 2000, 1000));  /* now == 1000 */
    assert_int_equal(tb.last_tsc, 1000);
    assert_true(token_bucket_take(&tb, &p, 1200, 100));
    assert_int_equal(token_bucket_credit_bytes(&tb), 0);
}

/* A time earlier than the last one (skewed TSC of another lcore) adds
 * nothing and does not move the clock back. */
static void test_time_backwards(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    struct token_bucket tb;
    make_half_byte(&p, 1000);
    token_bucket_init(&tb, &p, 10000);
    assert_true(token_bucket_take(&tb, &p, 10000, 1000));
    assert_false(token_bucket_take(&tb, &p, 9000, 1));
    assert_int_equal(tb.last_tsc, 10000);
    assert_int_equal(token_bucket_credit_bytes(&tb), 0);
    assert_true(token_bucket_take(&tb, &p, 10200, 100)); /* 200 cycles from 10000 */
    assert_false(token_bucket_take(&tb, &p, 10200, 1));
}

/* Refilling one cycle at a time loses no fraction. */
static void test_no_fraction_lost(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    struct token_bucket a, b;
    /* 100 Mb/s at 3 GHz: 1/240 byte per cycle, not a power of two */
    assert_int_equal(token_bucket_profile_init(&p, 100 * MBPS, 65536, 3 * GHZ), 0);
    token_bucket_init(&a, &p, 0);
    token_bucket_init(&b, &p, 0);
    assert_true(token_bucket_take(&a, &p, 0, 65536));
    assert_true(token_bucket_take(&b, &p, 0, 65536));
    for (uint64_t t = 1; t <= 2400000; t++)
        token_bucket_refill(&a, &p, t);
    token_bucket_refill(&b, &p, 2400000);
    assert_int_equal(a.tokens_fp, b.tokens_fp);
    /* 2.4e6 cycles at 1/240 byte per cycle: 10000 bytes, less the rounding
     * of the rate (0.07/2^32 per cycle: under one byte) */
    assert_int_equal(token_bucket_credit_bytes(&a), 9999);
    token_bucket_refill(&a, &p, 2400001);
    assert_int_equal(token_bucket_credit_bytes(&a), 10000);
}

static void test_charge_and_debt(void **state)
{
    (void)state;
    struct token_bucket_profile p;
    struct token_bucket tb;
    make_half_byte(&p, 2000);
    token_bucket_init(&tb, &p, 0);
    /* no debt allowed: a charge empties the bucket and forgives the rest */
    token_bucket_charge(&tb, &p, 0, 5000);
    assert_int_equal(token_bucket_credit_bytes(&tb), 0);
    assert_int_equal(token_bucket_profile_set_debt(&p, 1000), 0);
    token_bucket_init(&tb, &p, 0);
    token_bucket_charge(&tb, &p, 0, 2500);
    assert_int_equal(token_bucket_credit_bytes(&tb), -500);
    assert_false(token_bucket_take(&tb, &p, 0, 1));
    token_bucket_charge(&tb, &p, 0, 2500); /* -3000, held at -1000 */
    assert_int_equal(token_bucket_credit_bytes(&tb), -1000);
    /* 2000 cycles pay the debt: 0 bytes, still nothing to take */
    assert_false(token_bucket_take(&tb, &p, 2000, 1));
    assert_int_equal(token_bucket_credit_bytes(&tb), 0);
    assert_true(token_bucket_take(&tb, &p, 2002, 1));
    /* from the deepest debt to full takes 6000 cycles; much longer idle
     * fills it exactly, no more */
    token_bucket_charge(&tb, &p, 2002, 100000);
    assert_int_equal(token_bucket_credit_bytes(&tb), -1000);
    token_bucket_refill(&tb, &p, 2002 + 5998);
    assert_int_equal(token_bucket_credit_bytes(&tb), 1999);
    token_bucket_refill(&tb, &p, 2002 + 10000000000ull);
    assert_int_equal(token_bucket_credit_bytes(&tb), 2000);
}

/* ---- rate accuracy ---------------------------------------------------- */

struct run {
    uint64_t rate_bps;
    uint64_t tsc_hz;
    uint64_t offered_bps; /* arrival rate of the frames, in wire bits */
    uint32_t frame_bytes; /* without FCS */
    unsigned batch;       /* frames stamped with one TSC, as a worker's rx burst */
    uint64_t start_tsc;
};

struct outcome {
    uint64_t offered_frames;
    uint64_t accepted_frames;
    uint64_t accepted_bytes; /* wire bytes */
    uint64_t first_tsc;      /* time of the first frame, from start_tsc */
    uint64_t last_tsc;       /* time of the last frame, from start_tsc */
    uint64_t burst_bytes;
};

/* simulate: offer frames evenly spaced at run->offered_bps for one virtual
 * second to a bucket of run->rate_bps with the default burst. */
static struct outcome simulate(const struct run *run)
{
    struct outcome out = {0};
    struct token_bucket_profile p;
    struct token_bucket tb;
    out.burst_bytes = token_bucket_default_burst_bytes(run->rate_bps);
    assert_int_equal(token_bucket_profile_init(&p, run->rate_bps, out.burst_bytes, run->tsc_hz), 0);
    token_bucket_init(&tb, &p, run->start_tsc);
    uint32_t wire = token_bucket_wire_bytes(run->frame_bytes);
    double interval_tsc = (double)wire * 8.0 * (double)run->tsc_hz / (double)run->offered_bps;
    uint64_t frames = (uint64_t)((double)run->tsc_hz / interval_tsc);
    for (uint64_t i = 0; i < frames; i++) {
        uint64_t stamp = (i / run->batch + 1) * run->batch - 1; /* last of its batch */
        if (stamp >= frames)
            stamp = frames - 1;
        uint64_t now = run->start_tsc + (uint64_t)((double)stamp * interval_tsc);
        if (token_bucket_take(&tb, &p, now, wire)) {
            out.accepted_frames++;
            out.accepted_bytes += wire;
        }
        if (i == 0)
            out.first_tsc = now - run->start_tsc;
        out.last_tsc = now - run->start_tsc;
    }
    out.offered_frames = frames;
    return out;
}

/* check_overloaded: offered above the rate, the accepted bytes are the
 * burst (the bucket starts full) plus the rate from the first frame to the
 * last (less at most two frames and the rate's rounding), and within 1% of
 * the rate over one second. */
static void check_overloaded(const struct run *run, const struct outcome *out)
{
    double wire = token_bucket_wire_bytes(run->frame_bytes);
    double earned = (double)run->rate_bps / 8.0 * (double)(out->last_tsc - out->first_tsc) /
                    (double)run->tsc_hz;
    double ceiling = earned + (double)out->burst_bytes;
    double accepted = (double)out->accepted_bytes;
    if (accepted > ceiling + 1.0 || accepted < ceiling - 2.0 * wire - earned * 1e-7 - 1.0)
        fail_msg("rate %llu frame %u: accepted %.0f bytes, expected %.0f - %.0f", //
                 (unsigned long long)run->rate_bps, run->frame_bytes, accepted, ceiling - 2 * wire,
                 ceiling);
    double rate_bps = accepted * 8.0; /* over one second */
    if (fabs(rate_bps - (double)run->rate_bps) > 0.01 * (double)run->rate_bps)
        fail_msg("rate %llu frame %u: accepted %.0f b/s, more than 1%% off",
                 (unsigned long long)run->rate_bps, run->frame_bytes, rate_bps);
    assert_true(out->accepted_frames < out->offered_frames);
}

static const uint64_t rates_bps[] = {100 * MBPS, GBPS, 2500 * MBPS, 10 * GBPS};
static const uint32_t frames_bytes[] = {60, 1514}; /* 64 and 1518 with FCS */
static const uint64_t tscs_hz[] = {GHZ, 2100000000ull, 4 * GHZ};

/* Twice the rate, each frame stamped on arrival. */
static void test_accuracy_twice_the_rate(void **state)
{
    (void)state;
    unsigned k = 0;
    for (size_t r = 0; r < sizeof(rates_bps) / sizeof(rates_bps[0]); r++) {
        for (size_t f = 0; f < sizeof(frames_bytes) / sizeof(frames_bytes[0]); f++) {
            struct run run = {rates_bps[r], tscs_hz[k++ % 3], 2 * rates_bps[r], frames_bytes[f], 1,
                              12345};
            struct outcome out = simulate(&run);
            check_overloaded(&run, &out);
        }
    }
}

/* Line rate of a 20 Gb link (29.76 Mpps of 64-byte frames), in worker
 * bursts of 32 frames sharing one TSC stamp. */
static void test_accuracy_line_rate_bursts(void **state)
{
    (void)state;
    unsigned k = 1;
    for (size_t r = 0; r < sizeof(rates_bps) / sizeof(rates_bps[0]); r++) {
        for (size_t f = 0; f < sizeof(frames_bytes) / sizeof(frames_bytes[0]); f++) {
            struct run run = {rates_bps[r], tscs_hz[k++ % 3], 20 * GBPS, frames_bytes[f],
                              32,           1ull << 40};
            struct outcome out = simulate(&run);
            check_overloaded(&run, &out);
        }
    }
}

/* The largest rate, 20 Gb/s, at twice the rate with jumbo frames and at
 * 1 GHz, where a cycle is worth 2.5 bytes. */
static void test_accuracy_20g(void **state)
{
    (void)state;
    struct run run = {20 * GBPS, GHZ, 40 * GBPS, 9216, 32, 0};
    struct outcome out = simulate(&run);
    check_overloaded(&run, &out);
    struct run small = {20 * GBPS, 4 * GHZ, 40 * GBPS, 60, 1, 0};
    out = simulate(&small);
    check_overloaded(&small, &out);
}

/* Just below the rate (99%) and exactly at it nothing is dropped, even in
 * bursts of 32; just above (101%) frames are dropped and the accepted rate
 * stays within 1%. */
static void test_accuracy_around_the_rate(void **state)
{
    (void)state;
    unsigned k = 2;
    for (size_t r = 0; r < sizeof(rates_bps) / sizeof(rates_bps[0]); r++) {
        for (size_t f = 0; f < sizeof(frames_bytes) / sizeof(frames_bytes[0]); f++) {
            uint64_t rate = rates_bps[r];
            uint64_t tsc = tscs_hz[k++ % 3];
            struct run below = {rate, tsc, rate / 100 * 99, frames_bytes[f], 32, 777};
            struct outcome out = simulate(&below);
            assert_int_equal(out.accepted_frames, out.offered_frames);
            struct run at = {rate, tsc, rate, frames_bytes[f], 1, 777};
            out = simulate(&at);
            assert_int_equal(out.accepted_frames, out.offered_frames);
            /* 101% for one second is 1% over: the burst (at most 0.53% of
             * the rate) absorbs part of it; drops must still happen */
            struct run above = {rate, tsc, rate / 100 * 101, frames_bytes[f], 1, 777};
            out = simulate(&above);
            check_overloaded(&above, &out);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wire_bytes),
        cmocka_unit_test(test_profile_limits),
        cmocka_unit_test(test_profile_rate),
        cmocka_unit_test(test_default_burst),
        cmocka_unit_test(test_starts_full_and_refills),
        cmocka_unit_test(test_burst_cap),
        cmocka_unit_test(test_long_idle),
        cmocka_unit_test(test_tsc_wraparound),
        cmocka_unit_test(test_time_backwards),
        cmocka_unit_test(test_no_fraction_lost),
        cmocka_unit_test(test_charge_and_debt),
        cmocka_unit_test(test_accuracy_twice_the_rate),
        cmocka_unit_test(test_accuracy_line_rate_bursts),
        cmocka_unit_test(test_accuracy_20g),
        cmocka_unit_test(test_accuracy_around_the_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
