/*
 * sshd_guard: how vc-sshd slows down password guessing -- failed logins
 * counted per client address, and the delay before a failed attempt is
 * answered, doubling with each failure of that address. Pure: the caller
 * gives the time; no I/O.
 *
 * Design note
 * -----------
 * The listening process keeps one table for every session it forks (a
 * child reports each failure and success back). An address is forgotten
 * SSHD_GUARD_FORGET_S after its last failure, or at once after a login;
 * when the table is full the entry failed longest ago makes room. The
 * delay of the n-th failure is base * 2^(n-1), at most max.
 */
#ifndef OPENVC_MGMT_SSHD_GUARD_H
#define OPENVC_MGMT_SSHD_GUARD_H

#include <stdint.h>

#define SSHD_GUARD_ADDRESSES   256
#define SSHD_GUARD_ADDRESS_MAX 64 /* an IPv6 address as text + NUL */
#define SSHD_GUARD_FORGET_S    900

struct sshd_guard_entry {
    char address[SSHD_GUARD_ADDRESS_MAX]; /* "" = free */
    unsigned failures;
    int64_t last_failure_s;
};

struct sshd_guard {
    struct sshd_guard_entry entries[SSHD_GUARD_ADDRESSES];
};

/* sshd_guard_init: an empty table. */
void sshd_guard_init(struct sshd_guard *guard);
/* sshd_guard_failures: the failures of `address` still remembered at
 * now_s (0 for an address not in the table or forgotten). */
unsigned sshd_guard_failures(struct sshd_guard *guard, const char *address, int64_t now_s);
/* sshd_guard_failed: one more failure of `address` at now_s; its count. */
unsigned sshd_guard_failed(struct sshd_guard *guard, const char *address, int64_t now_s);
/* sshd_guard_succeeded: forget `address`. */
void sshd_guard_succeeded(struct sshd_guard *guard, const char *address);

/* sshd_guard_delay_ms: the delay before answering failure number
 * `failures` (1, 2, ...): 0 for 0, else base_ms * 2^(failures-1) capped at
 * max_ms. */
unsigned sshd_guard_delay_ms(unsigned failures, unsigned base_ms, unsigned max_ms);

#endif
