/*
 * token_bucket: a single-rate token bucket timed in TSC cycles, in the
 * manner of DPDK's rte_meter.
 *
 * A profile (rate, burst, TSC frequency) is computed and validated once by
 * token_bucket_profile_init(); a bucket is 16 bytes of run-time state; the
 * checks are inline and take the time and the length as arguments, so tests
 * drive them exactly with a virtual TSC.
 *
 * Units. Bytes are WIRE bytes: a frame of N bytes without FCS occupies
 * max(N, 60) + 4 (FCS) + 8 (preamble) + 12 (inter-frame gap) bytes of link
 * time (token_bucket_wire_bytes()), so four FlexNICs of 2.5 Gb fill one
 * 10 Gb link exactly, whatever the frame sizes. Tokens are fixed point,
 * bytes << TOKEN_BUCKET_SHIFT (32 fractional bits); the rate is tokens per
 * TSC cycle, rate_bps * 2^29 / tsc_hz, rounded down once at init. The
 * relative rate error is below 2^-32 * tsc_hz * 8 / rate_bps: under 1e-7
 * for 1 Mb/s .. 1 Tb/s at 1..16 GHz.
 *
 * The take path has no division and no floating point: a subtraction, a
 * clamp, one multiplication, compares. Idle time is clamped to the cycles
 * that fill the bucket from its deepest debt (fill_tsc), so the product
 * never overflows, even after hours or years of idle TSC. Time is compared
 * modulo 2^64: a TSC that wraps is handled; a time older than the last one
 * seen (another lcore's slightly skewed TSC) adds nothing and does not move
 * the bucket's clock back.
 *
 * Debt. token_bucket_charge() debits unconditionally, down to -debt bytes
 * (0 unless token_bucket_profile_set_debt() says otherwise); the egress
 * scheduler uses it for guaranteed traffic on the link bucket.
 *
 * Lengths (wire_bytes) must stay below 2^31 (any frame does; 2^28 for a
 * single charge to stay within the debt arithmetic).
 *
 * Not thread-safe: one bucket belongs to one lcore (or one lock).
 */
#ifndef OPENVC_FLEXNIC_TOKEN_BUCKET_H
#define OPENVC_FLEXNIC_TOKEN_BUCKET_H

#include <stdbool.h>
#include <stdint.h>

#define TOKEN_BUCKET_SHIFT           32               /* fractional bits of a token */
#define TOKEN_BUCKET_MIN_RATE_BPS    1000000ull       /* 1 Mb/s */
#define TOKEN_BUCKET_MAX_RATE_BPS    1000000000000ull /* 1 Tb/s */
#define TOKEN_BUCKET_MIN_BURST_BYTES 84u              /* one minimum frame on the wire */
#define TOKEN_BUCKET_MAX_BURST_BYTES (1ull << 28)     /* 256 MiB, keeps tokens in 62 bits */
#define TOKEN_BUCKET_MIN_TSC_HZ      1000000ull       /* 1 MHz */
#define TOKEN_BUCKET_MAX_TSC_HZ      16000000000ull   /* 16 GHz (< 2^34) */

#define TOKEN_BUCKET_WIRE_OVERHEAD_BYTES 24u /* FCS 4 + preamble 8 + gap 12 */
#define TOKEN_BUCKET_MIN_FRAME_BYTES     60u /* shortest frame without FCS */

/* Default burst: the larger of TOKEN_BUCKET_DEFAULT_BURST_BYTES and
 * TOKEN_BUCKET_DEFAULT_BURST_US of traffic at the rate. See
 * token_bucket_default_burst_bytes(). */
#define TOKEN_BUCKET_DEFAULT_BURST_BYTES 65536u
#define TOKEN_BUCKET_DEFAULT_BURST_US    1000u

struct token_bucket_profile {
    uint64_t rate_fp;  /* tokens per TSC cycle: bytes/cycle << TOKEN_BUCKET_SHIFT */
    int64_t burst_fp;  /* bucket size in tokens */
    int64_t debt_fp;   /* how far token_bucket_charge() may go below zero, in tokens */
    uint64_t fill_tsc; /* cycles that take the bucket from -debt to full; longer
                          idle times are clamped to this */
    uint64_t rate_bps; /* as configured, for display */
    uint64_t burst_bytes;
    uint64_t tsc_hz;
};

struct token_bucket {
    int64_t tokens_fp; /* bytes << TOKEN_BUCKET_SHIFT; negative = debt */
    uint64_t last_tsc; /* time of the last refill */
};

/* token_bucket_wire_bytes: link time of a frame of frame_bytes_without_fcs
 * bytes (as DPDK's pkt_len): max(frame, 60) + 4 + 8 + 12. A 64-byte frame
 * (60 without FCS) is 84 wire bytes, a 1518-byte one 1538. */
static inline uint32_t token_bucket_wire_bytes(uint32_t frame_bytes_without_fcs)
{
    uint32_t frame = frame_bytes_without_fcs < TOKEN_BUCKET_MIN_FRAME_BYTES
                         ? TOKEN_BUCKET_MIN_FRAME_BYTES
                         : frame_bytes_without_fcs;
    return frame + TOKEN_BUCKET_WIRE_OVERHEAD_BYTES;
}

/* token_bucket_default_burst_bytes: the burst to use for rate_bps when the
 * administrator gave none: max(64 KiB, 1 ms at the rate), at most
 * TOKEN_BUCKET_MAX_BURST_BYTES.
 * Why: 64 KiB holds a worker's rx burst of 32 full-size frames
 * (32 x 1538 = 49,216 wire bytes) plus a jumbo frame (9,240), or 7 jumbo
 * frames, so bursty traffic below the rate is not dropped. 1 ms covers the
 * time a worker may spend between two polls of a port (or in an idle
 * back-off sleep) at high rates, so tokens are not lost to the cap while the
 * worker is away. And it stays small enough to police: 5 ms of traffic at
 * 100 Mb/s, 1 ms at 1 Gb/s and above; over one second the burst adds at
 * most 0.53% (at 100 Mb/s) to the measured rate. */
uint64_t token_bucket_default_burst_bytes(uint64_t rate_bps);

/* token_bucket_profile_init: compute profile p for rate_bps (wire bits per
 * second), burst_bytes (wire bytes the bucket holds) and tsc_hz (TSC cycles
 * per second). Returns 0, or -EINVAL when p is NULL or rate_bps is outside
 * TOKEN_BUCKET_MIN/MAX_RATE_BPS, burst_bytes outside
 * TOKEN_BUCKET_MIN/MAX_BURST_BYTES, tsc_hz outside TOKEN_BUCKET_MIN/MAX_TSC_HZ.
 * Frames longer than the burst never pass token_bucket_take(). */
int token_bucket_profile_init(struct token_bucket_profile *p, uint64_t rate_bps,
                              uint64_t burst_bytes, uint64_t tsc_hz);

/* token_bucket_profile_set_debt: let token_bucket_charge() on buckets of
 * profile p go down to -debt_bytes (0 after profile_init). Returns 0, or
 * -EINVAL when p is NULL or debt_bytes exceeds TOKEN_BUCKET_MAX_BURST_BYTES. */
int token_bucket_profile_set_debt(struct token_bucket_profile *p, uint64_t debt_bytes);

/* token_bucket_init: start bucket tb of profile p full, its clock at
 * now_tsc. */
void token_bucket_init(struct token_bucket *tb, const struct token_bucket_profile *p,
                       uint64_t now_tsc);

/* token_bucket_refill: add the tokens earned from tb's last refill to
 * now_tsc (profile p), up to the burst. A now_tsc not after the last refill
 * (modulo 2^64) changes nothing. */
static inline void token_bucket_refill(struct token_bucket *tb,
                                       const struct token_bucket_profile *p, uint64_t now_tsc)
{
    uint64_t elapsed_tsc = now_tsc - tb->last_tsc;
    if ((int64_t)elapsed_tsc <= 0)
        return;
    tb->last_tsc = now_tsc;
    if (elapsed_tsc > p->fill_tsc)
        elapsed_tsc = p->fill_tsc;
    /* elapsed <= fill_tsc, so the product is at most burst + debt + rate */
    int64_t tokens_fp = tb->tokens_fp + (int64_t)(elapsed_tsc * p->rate_fp);
    tb->tokens_fp = tokens_fp < p->burst_fp ? tokens_fp : p->burst_fp;
}

/* token_bucket_has: does tb hold wire_bytes right now (call
 * token_bucket_refill() first)? */
static inline bool token_bucket_has(const struct token_bucket *tb, uint32_t wire_bytes)
{
    return tb->tokens_fp >= ((int64_t)wire_bytes << TOKEN_BUCKET_SHIFT);
}

/* token_bucket_debit: remove wire_bytes from tb, which must hold them
 * (token_bucket_has()). */
static inline void token_bucket_debit(struct token_bucket *tb, uint32_t wire_bytes)
{
    tb->tokens_fp -= (int64_t)wire_bytes << TOKEN_BUCKET_SHIFT;
}

/* token_bucket_take: refill tb (profile p) to now_tsc, then take wire_bytes
 * if it holds them. Returns true (conforming, tokens taken) or false
 * (nothing taken). */
static inline bool token_bucket_take(struct token_bucket *tb, const struct token_bucket_profile *p,
                                     uint64_t now_tsc, uint32_t wire_bytes)
{
    token_bucket_refill(tb, p, now_tsc);
    if (!token_bucket_has(tb, wire_bytes))
        return false;
    token_bucket_debit(tb, wire_bytes);
    return true;
}

/* token_bucket_charge: refill tb (profile p) to now_tsc, then remove
 * wire_bytes whether it holds them or not, going into debt down to the
 * profile's debt limit (what would go further is forgiven). */
static inline void token_bucket_charge(struct token_bucket *tb,
                                       const struct token_bucket_profile *p, uint64_t now_tsc,
                                       uint32_t wire_bytes)
{
    token_bucket_refill(tb, p, now_tsc);
    int64_t tokens_fp = tb->tokens_fp - ((int64_t)wire_bytes << TOKEN_BUCKET_SHIFT);
    tb->tokens_fp = tokens_fp > -p->debt_fp ? tokens_fp : -p->debt_fp;
}

/* token_bucket_credit_bytes: whole bytes tb holds as of its last refill
 * (negative: its debt). For counters and tests; not for the fast path. */
int64_t token_bucket_credit_bytes(const struct token_bucket *tb);

#endif
