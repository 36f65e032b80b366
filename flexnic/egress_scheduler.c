/*
 * egress_scheduler.c: Flex-10 minimum/maximum on the egress toward a server
 * port, as a two-rate policer (see egress_scheduler.h for the design and
 * docs/bandwidth.md for a worked example).
 *
 * The dataplane keeps one scheduler per downlink port on the lcore that
 * transmits to it and asks it about every frame before the tx buffer; the
 * configuration is rebuilt whole from each new dataplane snapshot.
 */
#include "flexnic/egress_scheduler.h"

#include <errno.h>
#include <stddef.h>

/* egress_scheduler_configure: see egress_scheduler.h. Built in a local copy
 * so that a refusal leaves s as it was. */
int egress_scheduler_configure(struct egress_scheduler *s, uint64_t link_bps,
                               const uint64_t min_bps[EGRESS_SCHEDULER_FLEXNICS],
                               const uint64_t max_bps[EGRESS_SCHEDULER_FLEXNICS], uint64_t tsc_hz,
                               uint64_t now_tsc)
{
    if (s == NULL || link_bps == 0)
        return -EINVAL;
    struct egress_scheduler next = {0};
    next.link_bps = link_bps;
    if (token_bucket_profile_init(&next.link_profile, link_bps,
                                  token_bucket_default_burst_bytes(link_bps), tsc_hz) != 0)
        return -EINVAL;

    uint64_t sum_min_bps = 0;
    uint64_t sum_min_burst_bytes = 0;
    for (unsigned i = 0; i < EGRESS_SCHEDULER_FLEXNICS; i++) {
        struct egress_scheduler_flexnic *f = &next.flexnics[i];
        uint64_t min = min_bps != NULL ? min_bps[i] : 0;
        uint64_t max = max_bps != NULL ? max_bps[i] : 0;
        if (max == 0 || max > link_bps)
            max = link_bps;
        if (min > max || min > link_bps)
            return -EINVAL;
        sum_min_bps += min;
        if (sum_min_bps > link_bps)
            return -EINVAL;
        f->max_bps = max;
        if (token_bucket_profile_init(&f->max_profile, max, token_bucket_default_burst_bytes(max),
                                      tsc_hz) != 0)
            return -EINVAL;
        token_bucket_init(&f->max, &f->max_profile, now_tsc);
        if (min == 0)
            continue;
        f->has_min = true;
        f->min_bps = min;
        uint64_t burst = token_bucket_default_burst_bytes(min);
        if (token_bucket_profile_init(&f->min_profile, min, burst, tsc_hz) != 0)
            return -EINVAL;
        token_bucket_init(&f->min, &f->min_profile, now_tsc);
        sum_min_burst_bytes += burst;
    }
    /* Guaranteed traffic may push the link bucket at most the minima's
     * bursts into debt (egress_scheduler.h): allow exactly that. */
    if (sum_min_burst_bytes > TOKEN_BUCKET_MAX_BURST_BYTES)
        sum_min_burst_bytes = TOKEN_BUCKET_MAX_BURST_BYTES;
    if (token_bucket_profile_set_debt(&next.link_profile, sum_min_burst_bytes) != 0)
        return -EINVAL;
    token_bucket_init(&next.link, &next.link_profile, now_tsc);
    *s = next;
    return 0;
}

/* egress_scheduler_admit: see egress_scheduler.h. */
enum egress_verdict egress_scheduler_admit(struct egress_scheduler *s, unsigned flexnic,
                                           uint32_t wire_bytes, uint64_t now_tsc)
{
    if (flexnic >= EGRESS_SCHEDULER_FLEXNICS)
        return EGRESS_DROP_RATE_LIMIT;
    struct egress_scheduler_flexnic *f = &s->flexnics[flexnic];

    token_bucket_refill(&f->max, &f->max_profile, now_tsc);
    if (!token_bucket_has(&f->max, wire_bytes))
        return EGRESS_DROP_RATE_LIMIT;

    if (f->has_min) {
        token_bucket_refill(&f->min, &f->min_profile, now_tsc);
        if (token_bucket_has(&f->min, wire_bytes)) {
            token_bucket_debit(&f->min, wire_bytes);
            token_bucket_debit(&f->max, wire_bytes);
            token_bucket_charge(&s->link, &s->link_profile, now_tsc, wire_bytes);
            return EGRESS_PASS;
        }
    }

    token_bucket_refill(&s->link, &s->link_profile, now_tsc);
    if (token_bucket_has(&s->link, wire_bytes)) {
        token_bucket_debit(&s->link, wire_bytes);
        token_bucket_debit(&f->max, wire_bytes);
        return EGRESS_PASS;
    }
    return EGRESS_DROP_CONGESTION;
}

/* egress_scheduler_admit_all: see egress_scheduler.h. Frame by frame, the
 * k-th frame passes a bucket holding T when T >= the bytes of the first k,
 * so all pass exactly when T >= the total; the link's charge into debt
 * clamps the same way once or frame by frame. A minimum that holds only
 * some of them sends the rest to the link: that mix is left to
 * egress_scheduler_admit(). */
bool egress_scheduler_admit_all(struct egress_scheduler *s, unsigned flexnic,
                                uint64_t total_wire_bytes, uint64_t now_tsc)
{
    if (flexnic >= EGRESS_SCHEDULER_FLEXNICS || total_wire_bytes >= (1u << 28))
        return false;
    struct egress_scheduler_flexnic *f = &s->flexnics[flexnic];
    uint32_t total = (uint32_t)total_wire_bytes;

    token_bucket_refill(&f->max, &f->max_profile, now_tsc);
    if (!token_bucket_has(&f->max, total))
        return false;
    if (f->has_min) {
        token_bucket_refill(&f->min, &f->min_profile, now_tsc);
        if (!token_bucket_has(&f->min, total))
            return false;
        token_bucket_debit(&f->min, total);
        token_bucket_debit(&f->max, total);
        token_bucket_charge(&s->link, &s->link_profile, now_tsc, total);
        return true;
    }
    token_bucket_refill(&s->link, &s->link_profile, now_tsc);
    if (!token_bucket_has(&s->link, total))
        return false;
    token_bucket_debit(&s->link, total);
    token_bucket_debit(&f->max, total);
    return true;
}
