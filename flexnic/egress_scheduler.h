/*
 * egress_scheduler: Flex-10 minimum/maximum bandwidth on the egress toward
 * ONE server port, as a two-rate policer over token buckets (no queues).
 *
 * Each FlexNIC (a..d) has a guaranteed minimum (its Flex-10 allocation,
 * bandwidth.h) and a maximum (its network's maximum speed); the port has its
 * link speed. When the traffic toward the port exceeds the link speed, each
 * FlexNIC still gets at least its minimum, bandwidth the others leave unused
 * is shared up to each maximum, and the total stays within the link speed
 * (beyond bursts).
 *
 * Buckets (token_bucket.h, counted in wire bytes, so 4 x 2.5 Gb fill 10 Gb):
 *   max[i]  at max_bps[i]  every frame of FlexNIC i takes from it;
 *   min[i]  at min_bps[i]  the guaranteed share (absent when min is 0);
 *   link    at link_bps    shared by all FlexNICs.
 *
 * A frame of FlexNIC i, in this order:
 *   1. max[i] lacks the frame's bytes        -> EGRESS_DROP_RATE_LIMIT.
 *   2. min[i] holds them (guaranteed traffic) -> PASS; taken from min[i] and
 *      max[i], and charged to link even if link goes into debt.
 *   3. link holds them (spare bandwidth: the guaranteed traffic's debt is
 *      paid first, so what is left is what the guarantees do not use)
 *                                             -> PASS; taken from link, max[i].
 *   4. otherwise                              -> EGRESS_DROP_CONGESTION.
 *
 * Why the properties hold:
 *   - minimum: step 2 depends only on min[i] and max[i], never on the other
 *     FlexNICs, so a FlexNIC offering at least its minimum gets it.
 *   - maximum: every passing frame takes from max[i].
 *   - total: spare frames pass only when link is not in debt, and the
 *     guaranteed traffic is at most sum(min) <= link_bps plus the min
 *     buckets' bursts, so link never sinks below -sum(min bursts) (its debt
 *     limit, never reached) and the total over any time T is at most
 *     link_bps x T + link burst + sum(min bursts).
 *   - sharing: spare bandwidth goes to whichever FlexNIC's frame arrives
 *     while link has tokens, first come, first served, up to its maximum:
 *     FlexNICs share it in proportion to the excess they offer, not by
 *     weight.
 *
 * Bursts are token_bucket_default_burst_bytes() of each rate.
 *
 * The struct is plain data, caller-allocated, without pointers: it can be
 * copied, placed in hugepage memory, or rebuilt aside and swapped in. It
 * belongs to one lcore (not thread-safe). egress_scheduler_admit() does no
 * division, no floating point, no allocation.
 */
#ifndef OPENVC_FLEXNIC_EGRESS_SCHEDULER_H
#define OPENVC_FLEXNIC_EGRESS_SCHEDULER_H

#include <stdbool.h>
#include <stdint.h>

#include "flexnic/token_bucket.h"

#define EGRESS_SCHEDULER_FLEXNICS 4

enum egress_verdict {
    EGRESS_PASS,
    EGRESS_DROP_RATE_LIMIT, /* over its maximum */
    EGRESS_DROP_CONGESTION, /* port over link speed and FlexNIC beyond its minimum */
};

struct egress_scheduler_flexnic {
    bool has_min; /* min_bps > 0 */
    uint64_t min_bps;
    uint64_t max_bps; /* effective: 0 and above-link configured as link_bps */
    struct token_bucket_profile min_profile;
    struct token_bucket_profile max_profile;
    struct token_bucket min;
    struct token_bucket max;
};

struct egress_scheduler {
    uint64_t link_bps;
    struct token_bucket_profile link_profile;
    struct token_bucket link;
    struct egress_scheduler_flexnic flexnics[EGRESS_SCHEDULER_FLEXNICS];
};

/* egress_scheduler_configure: set up s for a port of link_bps with each
 * FlexNIC's min_bps[i] (0 = no guarantee) and max_bps[i] (0 or above the
 * link = link_bps); min_bps or max_bps may be NULL for all zeros. tsc_hz:
 * TSC cycles per second; now_tsc: the current time (all buckets start
 * full). Returns 0, or -EINVAL (s untouched) when s is NULL, link_bps is 0
 * or outside the token bucket's rates (TOKEN_BUCKET_MIN/MAX_RATE_BPS), a
 * non-zero min or max is below TOKEN_BUCKET_MIN_RATE_BPS, a min exceeds its
 * max, the sum of the minima exceeds link_bps, or tsc_hz is out of range. */
int egress_scheduler_configure(struct egress_scheduler *s, uint64_t link_bps,
                               const uint64_t min_bps[EGRESS_SCHEDULER_FLEXNICS],
                               const uint64_t max_bps[EGRESS_SCHEDULER_FLEXNICS], uint64_t tsc_hz,
                               uint64_t now_tsc);

/* egress_scheduler_admit: decide a frame of wire_bytes
 * (token_bucket_wire_bytes()) from FlexNIC `flexnic` (0..3) toward the
 * port at now_tsc, and take its tokens when it passes. A flexnic beyond 3
 * is dropped as EGRESS_DROP_RATE_LIMIT. */
enum egress_verdict egress_scheduler_admit(struct egress_scheduler *s, unsigned flexnic,
                                           uint32_t wire_bytes, uint64_t now_tsc);

/* egress_scheduler_admit_all: admit, at once, frames of FlexNIC `flexnic`
 * (0..3) totalling total_wire_bytes (below 2^28) at now_tsc, when every one
 * of them would pass egress_scheduler_admit() in turn: the maximum holds
 * them all, and so does the minimum (all guaranteed) or, without a
 * minimum, the link (all spare). Returns true with the tokens taken exactly
 * as frame-by-frame admission would take them, or false with nothing taken
 * (the buckets refilled only): decide those frames one by one. */
bool egress_scheduler_admit_all(struct egress_scheduler *s, unsigned flexnic,
                                uint64_t total_wire_bytes, uint64_t now_tsc);

#endif
