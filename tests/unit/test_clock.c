/*
 * Unit tests of common/clock: stop, warp and resume, the hooks that let
 * tests age MAC entries in milliseconds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <time.h>

#include "common/clock.h"

static void test_running_clock_moves(void **state)
{
    (void)state;
    uint64_t before = clock_now_ns();
    struct timespec pause = {0, 2000000};
    nanosleep(&pause, NULL);
    assert_true(clock_now_ns() >= before + 2000000);
    assert_false(clock_is_stopped());
}

static void test_stop_freezes_and_warp_moves(void **state)
{
    (void)state;
    clock_stop();
    assert_true(clock_is_stopped());
    uint64_t frozen = clock_now_ns();
    struct timespec pause = {0, 3000000};
    nanosleep(&pause, NULL);
    assert_int_equal(clock_now_ns(), frozen);
    clock_warp(301 * CLOCK_NS_PER_SEC);
    assert_int_equal(clock_now_ns(), frozen + 301 * CLOCK_NS_PER_SEC);
    assert_int_equal(clock_now_s(), (uint32_t)((frozen + 301 * CLOCK_NS_PER_SEC) / CLOCK_NS_PER_SEC));
    /* stopping again does not move it */
    clock_stop();
    assert_int_equal(clock_now_ns(), frozen + 301 * CLOCK_NS_PER_SEC);
}

static void test_resume_continues_from_frozen_time(void **state)
{
    (void)state;
    clock_stop();
    uint64_t frozen = clock_now_ns();
    clock_resume();
    assert_false(clock_is_stopped());
    uint64_t now = clock_now_ns();
    /* never goes back, and does not jump ahead by more than a moment */
    assert_true(now >= frozen);
    assert_true(now < frozen + CLOCK_NS_PER_SEC / 10);
    clock_warp(5 * CLOCK_NS_PER_SEC);
    assert_true(clock_now_ns() >= frozen + 5 * CLOCK_NS_PER_SEC);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_running_clock_moves),
        cmocka_unit_test(test_stop_freezes_and_warp_moves),
        cmocka_unit_test(test_resume_continues_from_frozen_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
