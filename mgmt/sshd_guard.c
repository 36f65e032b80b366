/*
 * sshd_guard: failed logins per client address and the growing delay
 * before answering them (sshd_guard.h). Pure.
 */
#include "mgmt/sshd_guard.h"

#include <stdio.h>
#include <string.h>

void sshd_guard_init(struct sshd_guard *guard)
{
    memset(guard, 0, sizeof(*guard));
}

/* find: the live entry of address, or NULL; forgets old entries met. */
static struct sshd_guard_entry *find(struct sshd_guard *guard, const char *address, int64_t now_s)
{
    for (unsigned i = 0; i < SSHD_GUARD_ADDRESSES; i++) {
        struct sshd_guard_entry *e = &guard->entries[i];
        if (e->address[0] == '\0')
            continue;
        if (now_s - e->last_failure_s >= SSHD_GUARD_FORGET_S) {
            e->address[0] = '\0';
            continue;
        }
        if (strcmp(e->address, address) == 0)
            return e;
    }
    return NULL;
}

unsigned sshd_guard_failures(struct sshd_guard *guard, const char *address, int64_t now_s)
{
    struct sshd_guard_entry *e = find(guard, address, now_s);
    return e ? e->failures : 0;
}

unsigned sshd_guard_failed(struct sshd_guard *guard, const char *address, int64_t now_s)
{
    struct sshd_guard_entry *e = find(guard, address, now_s);

    if (e == NULL) {
        e = &guard->entries[0];
        for (unsigned i = 0; i < SSHD_GUARD_ADDRESSES; i++) {
            struct sshd_guard_entry *c = &guard->entries[i];
            if (c->address[0] == '\0') {
                e = c;
                break;
            }
            if (c->last_failure_s < e->last_failure_s)
                e = c;
        }
        snprintf(e->address, sizeof(e->address), "%s", address);
        e->failures = 0;
    }
    e->failures++;
    e->last_failure_s = now_s;
    return e->failures;
}

void sshd_guard_succeeded(struct sshd_guard *guard, const char *address)
{
    for (unsigned i = 0; i < SSHD_GUARD_ADDRESSES; i++)
        if (strcmp(guard->entries[i].address, address) == 0)
            guard->entries[i].address[0] = '\0';
}

unsigned sshd_guard_delay_ms(unsigned failures, unsigned base_ms, unsigned max_ms)
{
    if (failures == 0)
        return 0;
    unsigned long long delay = base_ms;
    for (unsigned i = 1; i < failures && delay < max_ms; i++)
        delay *= 2;
    return delay > max_ms ? max_ms : (unsigned)delay;
}
