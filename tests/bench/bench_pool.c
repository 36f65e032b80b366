/*
 * bench_pool: the time one address allocation takes from a large MAC pool
 * (profiles/pool.h), empty and near full -- the "allocation does
 * not get slower as pools fill". Run by tests/bench/profiles; not a test
 * (it prints figures, it checks only that the pool handed out what it
 * should).
 *
 * One user-defined MAC range of --size addresses (default 2^20). Empty:
 * the first --count (default 100,000) allocations. Near full: every
 * address taken, --count of them released at random positions, then the
 * time to allocate those --count again (each allocation has to find the
 * lowest free address among scattered holes). Prints
 *   alloc_us_empty=A alloc_us_full=B
 * (microseconds per allocation, mean over the count); exit 1 when the pool
 * misbehaves (an allocation fails early, an address twice).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "profiles/pool.h"

#define BENCH_RANGE_START 0x0a0000000000ULL /* locally administered unicast */

/* bench_now_ns: the monotonic clock in nanoseconds. */
static uint64_t bench_now_ns(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

/* bench_alloc: allocate `count` addresses into out[]; the elapsed ns, or 0
 * when an allocation fails. */
static uint64_t bench_alloc(struct pool *pool, uint64_t *out, size_t count)
{
    char error[256];
    uint64_t t0 = bench_now_ns();

    for (size_t i = 0; i < count; i++)
        if (pool_alloc(pool, &out[i], error, sizeof(error)) < 0) {
            fprintf(stderr, "bench_pool: allocation %zu of %zu: %s\n", i + 1, count, error);
            return 0;
        }
    return bench_now_ns() - t0;
}

int main(int argc, char **argv)
{
    size_t size = 1u << 20, count = 100000;
    char error[256];

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--size") == 0)
            size = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--count") == 0)
            count = strtoul(argv[i + 1], NULL, 10);
    }
    if (count == 0 || size < count || size > (1u << 24)) {
        fprintf(stderr, "usage: bench_pool [--size N (<= 2^24)] [--count M (1..N)]\n");
        return 2;
    }
    struct pool *pool = pool_create(POOL_KIND_MAC);
    uint64_t *taken = calloc(size, sizeof(*taken));
    if (pool == NULL || taken == NULL ||
        pool_range_add(pool, BENCH_RANGE_START, BENCH_RANGE_START + size - 1, error,
                       sizeof(error)) < 0) {
        fprintf(stderr, "bench_pool: cannot make the pool: %s\n", pool ? error : "no memory");
        return 1;
    }

    uint64_t empty_ns = bench_alloc(pool, taken, count);
    uint64_t rest_ns = bench_alloc(pool, taken + count, size - count);
    uint64_t spare;
    if (empty_ns == 0 || rest_ns == 0 || pool_alloc(pool, &spare, NULL, 0) >= 0) {
        fprintf(stderr, "bench_pool: the pool did not hold exactly %zu addresses\n", size);
        return 1;
    }
    /* lowest free first: the filled pool is start..start+size-1 in order */
    for (size_t i = 0; i < size; i++)
        if (taken[i] != BENCH_RANGE_START + i) {
            fprintf(stderr, "bench_pool: allocation %zu gave an unexpected address\n", i);
            return 1;
        }
    /* release `count` distinct random addresses (Fisher-Yates prefix) */
    srand(1);
    for (size_t i = 0; i < count; i++) {
        size_t j = i + (size_t)(((uint64_t)rand() << 16 ^ (uint64_t)rand()) % (size - i));
        uint64_t x = taken[i];
        taken[i] = taken[j];
        taken[j] = x;
        pool_release(pool, taken[i], NULL, 0);
    }
    uint64_t *again = calloc(count, sizeof(*again));
    uint64_t full_ns = again != NULL ? bench_alloc(pool, again, count) : 0;
    if (full_ns == 0 || pool_alloc(pool, &spare, NULL, 0) >= 0) {
        fprintf(stderr, "bench_pool: the released addresses did not come back exactly\n");
        return 1;
    }
    fprintf(stderr,
            "bench_pool: range of %zu MACs: %zu allocations empty %.1f ms, the other %zu "
            "%.1f ms, %zu scattered holes refilled %.1f ms\n",
            size, count, empty_ns / 1e6, size - count, rest_ns / 1e6, count, full_ns / 1e6);
    printf("alloc_us_empty=%.3f alloc_us_full=%.3f\n", empty_ns / 1e3 / (double)count,
           full_ns / 1e3 / (double)count);
    free(again);
    free(taken);
    pool_destroy(pool);
    return 0;
}
