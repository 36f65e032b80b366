/*
 * clock: the time every OpenVC process reads, which tests can stop and warp
 * (in the manner of Open vSwitch's time/stop and time/warp), so that aging
 * and timeouts are tested in milliseconds instead of minutes.
 *
 * clock_now_ns() is CLOCK_MONOTONIC plus a warp offset; once stopped it
 * returns the instant it was stopped at (plus later warps). Thread-safe:
 * the state is two atomics written only by the control thread.
 */
#ifndef OPENVC_COMMON_CLOCK_H
#define OPENVC_COMMON_CLOCK_H

#include <stdint.h>
#include <stdbool.h>

#define CLOCK_NS_PER_SEC 1000000000ull

uint64_t clock_now_ns(void);
/* clock_now_s: whole seconds of clock_now_ns, for coarse timestamps. */
uint32_t clock_now_s(void);
/* clock_stop: freeze the clock at the current instant. */
void clock_stop(void);
/* clock_resume: let the clock run again from where it stands. */
void clock_resume(void);
/* clock_warp: move the clock forward by delta_ns (stopped or running). */
void clock_warp(uint64_t delta_ns);
bool clock_is_stopped(void);

#endif
