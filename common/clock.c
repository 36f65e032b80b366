/*
 * clock: monotonic time with a stop/warp hook for tests (see clock.h).
 */
#include "common/clock.h"

#include <stdatomic.h>
#include <time.h>

static _Atomic uint64_t clock_offset_ns;  /* added to the real monotonic clock */
static _Atomic uint64_t clock_stopped_ns; /* 0 = running, else the frozen time */

static uint64_t clock_monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    /* +1 s so that a running clock never reads 0 (0 means "not stopped") */
    return (uint64_t)now.tv_sec * CLOCK_NS_PER_SEC + (uint64_t)now.tv_nsec + CLOCK_NS_PER_SEC;
}

uint64_t clock_now_ns(void)
{
    uint64_t stopped = atomic_load(&clock_stopped_ns);
    if (stopped != 0)
        return stopped;
    return clock_monotonic_ns() + atomic_load(&clock_offset_ns);
}

uint32_t clock_now_s(void)
{
    return (uint32_t)(clock_now_ns() / CLOCK_NS_PER_SEC);
}

void clock_stop(void)
{
    if (atomic_load(&clock_stopped_ns) == 0)
        atomic_store(&clock_stopped_ns, clock_now_ns());
}

void clock_resume(void)
{
    uint64_t stopped = atomic_load(&clock_stopped_ns);
    if (stopped == 0)
        return;
    /* continue from the frozen instant: offset = frozen - real */
    atomic_store(&clock_offset_ns, stopped - clock_monotonic_ns());
    atomic_store(&clock_stopped_ns, 0);
}

void clock_warp(uint64_t delta_ns)
{
    uint64_t stopped = atomic_load(&clock_stopped_ns);
    if (stopped != 0)
        atomic_store(&clock_stopped_ns, stopped + delta_ns);
    else
        atomic_fetch_add(&clock_offset_ns, delta_ns);
}

bool clock_is_stopped(void)
{
    return atomic_load(&clock_stopped_ns) != 0;
}
