/*
 * bandwidth.c: the Flex-10 bandwidth allocation of one server port.
 *
 * The manager runs this when a profile lands in a bay or its connections
 * change, and shows the result as "Allocated Speed"; the dataplane receives
 * it as each FlexNIC's guaranteed minimum. The algorithm and its worked
 * examples are in bandwidth.h. Not a hot path: plain loops over at most
 * four FlexNICs, 64-bit arithmetic, no allocation.
 */
#include "flexnic/bandwidth.h"

#include <errno.h>
#include <stdio.h>

/* The per-FlexNIC working state of one allocation. */
struct alloc_slot {
    bool active;    /* linked and not Disabled */
    bool is_auto;   /* active Auto */
    bool is_wanted; /* active Preferred/Custom */
    bool fixed;     /* its share is settled (capped Auto, or squeezed to 100) */
    uint64_t cap;   /* most it may get: min(max, link) */
    uint64_t want;  /* Preferred/Custom: min(requested, cap) */
    uint64_t alloc; /* the result */
};

/* bandwidth_error: write a message into error (may be NULL) and fail. */
#define bandwidth_error(error, size, ...)                                                          \
    ((error) != NULL && (size) > 0 ? (void)snprintf((error), (size), __VA_ARGS__) : (void)0,       \
     -EINVAL)

/* flexnic_validate_speed: see bandwidth.h. */
int flexnic_validate_speed(uint32_t mbps, uint32_t link_mbps)
{
    if (mbps < FLEXNIC_SPEED_MIN_MBPS || mbps > link_mbps || mbps % FLEXNIC_SPEED_STEP_MBPS != 0)
        return -EINVAL;
    return 0;
}

/* flexnic_validate_bandwidth: see bandwidth.h. */
int flexnic_validate_bandwidth(const struct flexnic_bandwidth_request *requests, unsigned count,
                               uint32_t link_mbps, char *error, size_t error_size)
{
    if (count > FLEXNIC_ALLOC_MAX)
        return bandwidth_error(error, error_size, "count: %u FlexNICs, at most %u", count,
                               FLEXNIC_ALLOC_MAX);
    if (count > 0 && requests == NULL)
        return bandwidth_error(error, error_size, "requests: missing");
    if (link_mbps < FLEXNIC_SPEED_MIN_MBPS || link_mbps > FLEXNIC_LINK_MAX_MBPS ||
        link_mbps % FLEXNIC_SPEED_STEP_MBPS != 0)
        return bandwidth_error(error, error_size, "link_mbps: %u is not a multiple of %u in %u..%u",
                               link_mbps, FLEXNIC_SPEED_STEP_MBPS, FLEXNIC_SPEED_MIN_MBPS,
                               FLEXNIC_LINK_MAX_MBPS);
    unsigned active = 0;
    for (unsigned i = 0; i < count; i++) {
        const struct flexnic_bandwidth_request *r = &requests[i];
        switch (r->type) {
        case FLEXNIC_SPEED_AUTO:
        case FLEXNIC_SPEED_DISABLED:
            break;
        case FLEXNIC_SPEED_PREFERRED:
        case FLEXNIC_SPEED_CUSTOM:
            if (flexnic_validate_speed(r->requested_mbps, link_mbps) != 0)
                return bandwidth_error(error, error_size,
                                       "requests[%u].requested_mbps: %u is not a multiple of %u "
                                       "in %u..%u",
                                       i, r->requested_mbps, FLEXNIC_SPEED_STEP_MBPS,
                                       FLEXNIC_SPEED_MIN_MBPS, link_mbps);
            break;
        default:
            return bandwidth_error(error, error_size, "requests[%u].type: unknown speed type %d", i,
                                   (int)r->type);
        }
        if (r->max_mbps != 0 && r->max_mbps % FLEXNIC_SPEED_STEP_MBPS != 0)
            return bandwidth_error(error, error_size,
                                   "requests[%u].max_mbps: %u is neither 0 nor a multiple of %u", i,
                                   r->max_mbps, FLEXNIC_SPEED_STEP_MBPS);
        if (r->linked && r->type != FLEXNIC_SPEED_DISABLED)
            active++;
    }
    if ((uint64_t)active * FLEXNIC_SPEED_MIN_MBPS > link_mbps)
        return bandwidth_error(error, error_size,
                               "link_mbps: %u cannot give %u active FlexNICs %u Mb each", link_mbps,
                               active, FLEXNIC_SPEED_MIN_MBPS);
    return 0;
}

/* bandwidth_share_autos: step 2 of the algorithm. Share `rest` (a multiple
 * of 100, at least 100 per Auto) evenly among the Autos of slots[0..count-1]
 * in 100 Mb steps, water-filling around their caps. */
static void bandwidth_share_autos(struct alloc_slot *slots, unsigned count, uint64_t rest)
{
    uint64_t units = rest / FLEXNIC_SPEED_STEP_MBPS;
    uint64_t per_unit = 0;
    unsigned open = 0;
    bool changed = true;
    while (changed) {
        changed = false;
        open = 0;
        for (unsigned i = 0; i < count; i++)
            if (slots[i].is_auto && !slots[i].fixed)
                open++;
        if (open == 0)
            return;
        per_unit = units / open;
        for (unsigned i = 0; i < count; i++) {
            struct alloc_slot *s = &slots[i];
            if (s->is_auto && !s->fixed && s->cap / FLEXNIC_SPEED_STEP_MBPS <= per_unit) {
                s->alloc = s->cap;
                s->fixed = true;
                units -= s->cap / FLEXNIC_SPEED_STEP_MBPS;
                changed = true;
            }
        }
    }
    uint64_t extra = units - per_unit * open; /* < open, each open Auto has room for one */
    for (unsigned i = 0; i < count; i++) {
        struct alloc_slot *s = &slots[i];
        if (!s->is_auto || s->fixed)
            continue;
        s->alloc = per_unit * FLEXNIC_SPEED_STEP_MBPS;
        if (extra > 0) {
            s->alloc += FLEXNIC_SPEED_STEP_MBPS;
            extra--;
        }
    }
}

/* bandwidth_scale_wanted: step 3 of the algorithm. Scale the wants of the
 * Preferred/Custom slots into `budget` (at least 100 per such slot), each at
 * least 100 Mb, rounded down to `step` Mb, leftovers to the lowest
 * allocated/want ratio. */
static void bandwidth_scale_wanted(struct alloc_slot *slots, unsigned count, uint64_t budget,
                                   uint64_t step)
{
    uint64_t open_budget = budget;
    uint64_t open_want = 0;
    bool changed = true;
    while (changed) {
        changed = false;
        open_budget = budget;
        open_want = 0;
        for (unsigned i = 0; i < count; i++) {
            if (!slots[i].is_wanted)
                continue;
            if (slots[i].fixed)
                open_budget -= FLEXNIC_SPEED_MIN_MBPS;
            else
                open_want += slots[i].want;
        }
        if (open_want == 0)
            break;
        for (unsigned i = 0; i < count; i++) {
            struct alloc_slot *s = &slots[i];
            if (s->is_wanted && !s->fixed &&
                open_budget * s->want / open_want < FLEXNIC_SPEED_MIN_MBPS) {
                s->alloc = FLEXNIC_SPEED_MIN_MBPS;
                s->fixed = true;
                changed = true;
            }
        }
    }
    uint64_t used = 0;
    for (unsigned i = 0; i < count; i++) {
        struct alloc_slot *s = &slots[i];
        if (!s->is_wanted)
            continue;
        if (!s->fixed)
            s->alloc = open_budget * s->want / open_want / step * step;
        used += s->alloc;
    }
    for (uint64_t left = budget - used; left >= step; left -= step) {
        int best = -1;
        for (unsigned i = 0; i < count; i++) {
            const struct alloc_slot *s = &slots[i];
            if (!s->is_wanted || s->alloc + step > s->want)
                continue;
            /* s->alloc / s->want < best.alloc / best.want, without division */
            if (best < 0 || s->alloc * slots[best].want < slots[best].alloc * s->want)
                best = (int)i;
        }
        if (best < 0)
            break;
        slots[best].alloc += step;
    }
}

/* flexnic_alloc_bandwidth: see bandwidth.h. */
int flexnic_alloc_bandwidth(const struct flexnic_bandwidth_request *requests, unsigned count,
                            uint32_t link_mbps, uint32_t *allocated_mbps)
{
    if (allocated_mbps == NULL)
        return -EINVAL;
    if (flexnic_validate_bandwidth(requests, count, link_mbps, NULL, 0) != 0)
        return -EINVAL;

    struct alloc_slot slots[FLEXNIC_ALLOC_MAX] = {0};
    uint64_t link = link_mbps;
    uint64_t sum_want = 0;
    unsigned n_auto = 0;
    for (unsigned i = 0; i < count; i++) {
        const struct flexnic_bandwidth_request *r = &requests[i];
        struct alloc_slot *s = &slots[i];
        s->active = r->linked && r->type != FLEXNIC_SPEED_DISABLED;
        if (!s->active)
            continue;
        s->cap = (r->max_mbps == 0 || r->max_mbps > link) ? link : r->max_mbps;
        if (r->type == FLEXNIC_SPEED_AUTO) {
            s->is_auto = true;
            n_auto++;
        } else {
            s->is_wanted = true;
            s->want = r->requested_mbps < s->cap ? r->requested_mbps : s->cap;
            sum_want += s->want;
        }
    }

    uint64_t auto_floor = (uint64_t)n_auto * FLEXNIC_SPEED_MIN_MBPS;
    if (sum_want + auto_floor <= link) {
        for (unsigned i = 0; i < count; i++)
            if (slots[i].is_wanted)
                slots[i].alloc = slots[i].want;
        bandwidth_share_autos(slots, count, link - sum_want);
    } else {
        for (unsigned i = 0; i < count; i++)
            if (slots[i].is_auto)
                slots[i].alloc = FLEXNIC_SPEED_MIN_MBPS;
        bandwidth_scale_wanted(slots, count, link - auto_floor,
                               sum_want > link ? FLEXNIC_SPEED_STEP_MBPS : 1);
    }
    for (unsigned i = 0; i < count; i++)
        allocated_mbps[i] = (uint32_t)slots[i].alloc;
    return 0;
}
