/*
 * test_sshd_guard: failed logins per address and the growing delay
 * (mgmt/sshd_guard.c): counting, forgetting after a login or after
 * SSHD_GUARD_FORGET_S, a full table, the doubling and its cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/sshd_guard.h"

static void test_counting(void **state)
{
    struct sshd_guard *g = malloc(sizeof(*g));
    (void)state;
    sshd_guard_init(g);
    assert_int_equal(sshd_guard_failures(g, "10.0.0.5", 100), 0);
    assert_int_equal(sshd_guard_failed(g, "10.0.0.5", 100), 1);
    assert_int_equal(sshd_guard_failed(g, "10.0.0.5", 101), 2);
    assert_int_equal(sshd_guard_failed(g, "10.0.0.6", 101), 1);
    assert_int_equal(sshd_guard_failures(g, "10.0.0.5", 102), 2);
    /* a login forgets the address, not the others */
    sshd_guard_succeeded(g, "10.0.0.5");
    assert_int_equal(sshd_guard_failures(g, "10.0.0.5", 102), 0);
    assert_int_equal(sshd_guard_failures(g, "10.0.0.6", 102), 1);
    /* forgotten after SSHD_GUARD_FORGET_S without a failure */
    assert_int_equal(sshd_guard_failures(g, "10.0.0.6", 101 + SSHD_GUARD_FORGET_S - 1), 1);
    assert_int_equal(sshd_guard_failures(g, "10.0.0.6", 101 + SSHD_GUARD_FORGET_S), 0);
    assert_int_equal(sshd_guard_failed(g, "10.0.0.6", 101 + SSHD_GUARD_FORGET_S), 1);
    free(g);
}

static void test_full_table(void **state)
{
    struct sshd_guard *g = malloc(sizeof(*g));
    char address[SSHD_GUARD_ADDRESS_MAX];
    (void)state;
    sshd_guard_init(g);
    for (int i = 0; i < SSHD_GUARD_ADDRESSES; i++) {
        snprintf(address, sizeof(address), "10.1.%d.%d", i / 256, i % 256);
        sshd_guard_failed(g, address, 1000 + i);
    }
    /* a new address takes the place of the one that failed longest ago */
    assert_int_equal(sshd_guard_failed(g, "192.0.2.1", 1300), 1);
    assert_int_equal(sshd_guard_failures(g, "10.1.0.0", 1300), 0);
    assert_int_equal(sshd_guard_failures(g, "10.1.0.1", 1300), 1);
    assert_int_equal(sshd_guard_failures(g, "192.0.2.1", 1300), 1);
    free(g);
}

static void test_delay(void **state)
{
    (void)state;
    assert_int_equal(sshd_guard_delay_ms(0, 1000, 30000), 0);
    assert_int_equal(sshd_guard_delay_ms(1, 1000, 30000), 1000);
    assert_int_equal(sshd_guard_delay_ms(2, 1000, 30000), 2000);
    assert_int_equal(sshd_guard_delay_ms(5, 1000, 30000), 16000);
    assert_int_equal(sshd_guard_delay_ms(6, 1000, 30000), 30000);
    assert_int_equal(sshd_guard_delay_ms(4000000000u, 1000, 30000), 30000);
    assert_int_equal(sshd_guard_delay_ms(3, 0, 30000), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counting),
        cmocka_unit_test(test_full_table),
        cmocka_unit_test(test_delay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
