/*
 * token_bucket.c: profile computation and validation for token_bucket.h.
 *
 * Everything that needs a division happens here, once per configuration;
 * the per-frame checks are inline in the header. The rate is converted to
 * fixed-point tokens per TSC cycle with a split long division, so that the
 * conversion is exact to the last bit without 128-bit arithmetic.
 */
#include "flexnic/token_bucket.h"

#include <errno.h>
#include <stddef.h>

/* token_bucket_default_burst_bytes: see token_bucket.h. */
uint64_t token_bucket_default_burst_bytes(uint64_t rate_bps)
{
    uint64_t burst_bytes = rate_bps / 8 / 1000000 * TOKEN_BUCKET_DEFAULT_BURST_US +
                           rate_bps / 8 % 1000000 * TOKEN_BUCKET_DEFAULT_BURST_US / 1000000;
    if (burst_bytes < TOKEN_BUCKET_DEFAULT_BURST_BYTES)
        burst_bytes = TOKEN_BUCKET_DEFAULT_BURST_BYTES;
    if (burst_bytes > TOKEN_BUCKET_MAX_BURST_BYTES)
        burst_bytes = TOKEN_BUCKET_MAX_BURST_BYTES;
    return burst_bytes;
}

/* token_bucket_fill_tsc: cycles that take a bucket of p from -debt to full,
 * rounded up; p's rate, burst and debt are set. */
static uint64_t token_bucket_fill_tsc(const struct token_bucket_profile *p)
{
    uint64_t span_fp = (uint64_t)p->burst_fp + (uint64_t)p->debt_fp;
    return span_fp / p->rate_fp + 1;
}

/* token_bucket_profile_init: see token_bucket.h. */
int token_bucket_profile_init(struct token_bucket_profile *p, uint64_t rate_bps,
                              uint64_t burst_bytes, uint64_t tsc_hz)
{
    if (p == NULL)
        return -EINVAL;
    if (rate_bps < TOKEN_BUCKET_MIN_RATE_BPS || rate_bps > TOKEN_BUCKET_MAX_RATE_BPS)
        return -EINVAL;
    if (burst_bytes < TOKEN_BUCKET_MIN_BURST_BYTES || burst_bytes > TOKEN_BUCKET_MAX_BURST_BYTES)
        return -EINVAL;
    if (tsc_hz < TOKEN_BUCKET_MIN_TSC_HZ || tsc_hz > TOKEN_BUCKET_MAX_TSC_HZ)
        return -EINVAL;

    /* rate_fp = rate_bps / 8 * 2^32 / tsc_hz = rate_bps * 2^29 / tsc_hz, as
     * (q * tsc_hz + r) * 2^29 / tsc_hz = q * 2^29 + r * 2^29 / tsc_hz with
     * q <= 2^20 and r < tsc_hz < 2^34: no product exceeds 2^63. */
    const unsigned shift = TOKEN_BUCKET_SHIFT - 3;
    uint64_t q = rate_bps / tsc_hz;
    uint64_t r = rate_bps % tsc_hz;
    p->rate_fp = (q << shift) + (r << shift) / tsc_hz;
    p->burst_fp = (int64_t)(burst_bytes << TOKEN_BUCKET_SHIFT);
    p->debt_fp = 0;
    p->rate_bps = rate_bps;
    p->burst_bytes = burst_bytes;
    p->tsc_hz = tsc_hz;
    p->fill_tsc = token_bucket_fill_tsc(p);
    return 0;
}

/* token_bucket_profile_set_debt: see token_bucket.h. */
int token_bucket_profile_set_debt(struct token_bucket_profile *p, uint64_t debt_bytes)
{
    if (p == NULL || p->rate_fp == 0 || debt_bytes > TOKEN_BUCKET_MAX_BURST_BYTES)
        return -EINVAL;
    p->debt_fp = (int64_t)(debt_bytes << TOKEN_BUCKET_SHIFT);
    p->fill_tsc = token_bucket_fill_tsc(p);
    return 0;
}

/* token_bucket_init: see token_bucket.h. */
void token_bucket_init(struct token_bucket *tb, const struct token_bucket_profile *p,
                       uint64_t now_tsc)
{
    tb->tokens_fp = p->burst_fp;
    tb->last_tsc = now_tsc;
}

/* token_bucket_credit_bytes: see token_bucket.h. Division rounds toward
 * zero; the floor is wanted, so negative values are adjusted. */
int64_t token_bucket_credit_bytes(const struct token_bucket *tb)
{
    const int64_t one_fp = (int64_t)1 << TOKEN_BUCKET_SHIFT;
    int64_t bytes = tb->tokens_fp / one_fp;
    if (tb->tokens_fp % one_fp < 0)
        bytes--;
    return bytes;
}
