/*
 * test_fdb: the MAC table. Behaviour (learn, move, refresh, aging, MAC
 * limit, flushes, statics, full table, walk pagination), a randomized test
 * against a trivial reference model, a reader held by a writer, and a
 * multi-threaded test that checks readers never see a torn entry and counts
 * stay exact.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "dataplane/config.h"
#include "dataplane/fdb.h"

/* A unicast, locally administered MAC built from a number. */
static void mac_of(uint32_t n, uint8_t mac[6])
{
    mac[0] = 0x02;
    mac[1] = 0x56;
    mac[2] = (uint8_t)(n >> 24);
    mac[3] = (uint8_t)(n >> 16);
    mac[4] = (uint8_t)(n >> 8);
    mac[5] = (uint8_t)n;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
    /* xorshift64*: deterministic across runs. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

/* walk_count: live entries of `vnet` (or FDB_VNET_ALL), by paginated walk. */
static unsigned walk_count(const struct fdb *fdb, uint16_t vnet, unsigned page)
{
    struct fdb_entry buf[64];
    uint64_t cursor = 0;
    unsigned total = 0;
    assert_true(page <= 64);
    do {
        total += fdb_walk(fdb, vnet, &cursor, buf, page);
    } while (cursor != 0);
    return total;
}

static void test_create_bad_capacity(void **state)
{
    (void)state;
    assert_null(fdb_create(0));
    assert_null(fdb_create(FDB_MAX_CAPACITY + 1));
    struct fdb *fdb = fdb_create(1000);
    assert_non_null(fdb);
    assert_true(fdb_capacity(fdb) >= 1000);
    assert_int_equal(fdb_count(fdb), 0);
    fdb_destroy(fdb);
    fdb_destroy(NULL);
}

static void test_learn_lookup(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(1024);
    uint8_t mac[6], port = 0, flexnic = 0;
    mac_of(1, mac);
    assert_false(fdb_lookup(fdb, 7, mac, &port, &flexnic));
    assert_int_equal(fdb_learn(fdb, 7, mac, 3, 2, 100, 0), FDB_LEARN_NEW);
    assert_true(fdb_lookup(fdb, 7, mac, &port, &flexnic));
    assert_int_equal(port, 3);
    assert_int_equal(flexnic, 2);
    assert_true(fdb_lookup(fdb, 7, mac, NULL, NULL));
    assert_int_equal(fdb_count_vnet(fdb, 7), 1);
    assert_int_equal(fdb_count(fdb), 1);

    /* Same MAC in another vNet: a separate entry. */
    assert_false(fdb_lookup(fdb, 8, mac, &port, &flexnic));
    assert_int_equal(fdb_learn(fdb, 8, mac, 5, 0, 100, 0), FDB_LEARN_NEW);
    assert_true(fdb_lookup(fdb, 8, mac, &port, &flexnic));
    assert_int_equal(port, 5);
    assert_true(fdb_lookup(fdb, 7, mac, &port, &flexnic));
    assert_int_equal(port, 3);
    assert_int_equal(fdb_count(fdb), 2);

    /* Invalid arguments change nothing. */
    uint8_t group[6] = {0x01, 0x00, 0x5e, 0, 0, 1};
    assert_int_equal(fdb_learn(fdb, 7, group, 3, 0, 100, 0), FDB_LEARN_INVALID);
    assert_int_equal(fdb_learn(fdb, DP_MAX_VNETS, mac, 3, 0, 100, 0), FDB_LEARN_INVALID);
    assert_int_equal(fdb_learn(fdb, 7, mac, DP_PORT_NONE, 0, 100, 0), FDB_LEARN_INVALID);
    assert_int_equal(fdb_learn(fdb, 7, mac, 3, FDB_MAX_FLEXNIC + 1, 100, 0), FDB_LEARN_INVALID);
    assert_false(fdb_lookup(fdb, DP_MAX_VNETS, mac, &port, &flexnic));
    assert_int_equal(fdb_count(fdb), 2);
    fdb_destroy(fdb);
}

static void test_move(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(1024);
    uint8_t mac[6], port, flexnic;
    mac_of(42, mac);
    assert_int_equal(fdb_learn(fdb, 1, mac, 3, 0, 100, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_learn(fdb, 1, mac, 4, 0, 100, 0), FDB_LEARN_MOVED);
    assert_true(fdb_lookup(fdb, 1, mac, &port, &flexnic));
    assert_int_equal(port, 4);
    /* Same port, other FlexNIC: also a move. */
    assert_int_equal(fdb_learn(fdb, 1, mac, 4, 1, 100, 0), FDB_LEARN_MOVED);
    assert_true(fdb_lookup(fdb, 1, mac, &port, &flexnic));
    assert_int_equal(port, 4);
    assert_int_equal(flexnic, 1);
    assert_int_equal(fdb_count_vnet(fdb, 1), 1);
    fdb_destroy(fdb);
}

static void test_coarse_refresh(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(1024);
    uint8_t mac[6];
    mac_of(5, mac);
    assert_int_equal(fdb_learn(fdb, 1, mac, 3, 0, 100, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_learn(fdb, 1, mac, 3, 0, 100, 0), FDB_LEARN_UNCHANGED);
    assert_int_equal(fdb_learn(fdb, 1, mac, 3, 0, 101, 0), FDB_LEARN_REFRESHED);
    assert_int_equal(fdb_learn(fdb, 1, mac, 3, 0, 101, 0), FDB_LEARN_UNCHANGED);
    /* A worker a little behind in time does not move the stamp back. */
    assert_int_equal(fdb_learn(fdb, 1, mac, 3, 0, 100, 0), FDB_LEARN_UNCHANGED);
    struct fdb_entry e;
    uint64_t cursor = 0;
    assert_int_equal(fdb_walk(fdb, 1, &cursor, &e, 1), 1);
    assert_int_equal(e.last_seen_s, 101);
    /* Wraps safely around 2^32 seconds. */
    assert_int_equal(fdb_learn(fdb, 2, mac, 3, 0, UINT32_MAX, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_learn(fdb, 2, mac, 3, 0, 0, 0), FDB_LEARN_REFRESHED);
    fdb_destroy(fdb);
}

static void test_aging(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(1024);
    uint8_t old_mac[6], fresh_mac[6], static_mac[6], edge_mac[6];
    mac_of(1, old_mac);
    mac_of(2, fresh_mac);
    mac_of(3, static_mac);
    mac_of(4, edge_mac);
    assert_int_equal(fdb_learn(fdb, 1, old_mac, 1, 0, 1000, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_learn(fdb, 1, edge_mac, 1, 0, 1100, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_learn(fdb, 1, fresh_mac, 1, 0, 1250, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_add_static(fdb, 1, static_mac, 2, 0), 0);
    assert_int_equal(fdb_count_vnet(fdb, 1), 3);

    /* max_age 0: aging disabled. */
    assert_int_equal(fdb_age(fdb, 100000, 0), 0);
    /* At 1400 with 300 s: 1000 is 400 s old (goes), 1100 exactly 300 (stays). */
    assert_int_equal(fdb_age(fdb, 1400, 300), 1);
    assert_false(fdb_lookup(fdb, 1, old_mac, NULL, NULL));
    assert_true(fdb_lookup(fdb, 1, edge_mac, NULL, NULL));
    assert_true(fdb_lookup(fdb, 1, fresh_mac, NULL, NULL));
    assert_int_equal(fdb_count_vnet(fdb, 1), 2);
    /* Much later: all learned go, the static stays. */
    assert_int_equal(fdb_age(fdb, 5000, 300), 2);
    assert_int_equal(fdb_count_vnet(fdb, 1), 0);
    assert_true(fdb_lookup(fdb, 1, static_mac, NULL, NULL));
    assert_int_equal(fdb_count(fdb), 1);
    /* A relearned entry starts again. */
    assert_int_equal(fdb_learn(fdb, 1, old_mac, 1, 0, 5000, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_age(fdb, 5001, 300), 0);
    assert_int_equal(fdb_count(fdb), 2);
    fdb_destroy(fdb);
}

static void test_mac_limit(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(1024);
    uint8_t mac[6], port;
    const uint32_t limit = 4;
    for (uint32_t i = 0; i < limit; i++) {
        mac_of(i, mac);
        assert_int_equal(fdb_learn(fdb, 3, mac, 1, 0, 100 + i, limit), FDB_LEARN_NEW);
    }
    mac_of(99, mac);
    assert_int_equal(fdb_learn(fdb, 3, mac, 1, 0, 110, limit), FDB_LEARN_LIMIT);
    assert_false(fdb_lookup(fdb, 3, mac, NULL, NULL));
    assert_int_equal(fdb_count_vnet(fdb, 3), limit);
    /* Another vNet is not limited by this one. */
    assert_int_equal(fdb_learn(fdb, 4, mac, 1, 0, 110, limit), FDB_LEARN_NEW);
    /* Known MACs still refresh and move at the limit. */
    mac_of(1, mac);
    assert_int_equal(fdb_learn(fdb, 3, mac, 1, 0, 120, limit), FDB_LEARN_REFRESHED);
    mac_of(2, mac);
    assert_int_equal(fdb_learn(fdb, 3, mac, 2, 0, 120, limit), FDB_LEARN_MOVED);
    assert_true(fdb_lookup(fdb, 3, mac, &port, NULL));
    assert_int_equal(port, 2);
    /* Statics do not count toward the limit. */
    mac_of(77, mac);
    assert_int_equal(fdb_add_static(fdb, 3, mac, 5, 0), 0);
    assert_int_equal(fdb_count_vnet(fdb, 3), limit);
    /* Last seen: MAC 0 at 100, 1 and 2 at 120, 3 at 103: age 0 and 3 out. */
    assert_int_equal(fdb_age(fdb, 400, 296), 2);
    assert_int_equal(fdb_count_vnet(fdb, 3), limit - 2);
    mac_of(99, mac);
    assert_int_equal(fdb_learn(fdb, 3, mac, 1, 0, 400, limit), FDB_LEARN_NEW);
    mac_of(98, mac);
    assert_int_equal(fdb_learn(fdb, 3, mac, 1, 0, 400, limit), FDB_LEARN_NEW);
    mac_of(97, mac);
    assert_int_equal(fdb_learn(fdb, 3, mac, 1, 0, 400, limit), FDB_LEARN_LIMIT);
    assert_int_equal(fdb_count_vnet(fdb, 3), limit);
    fdb_destroy(fdb);
}

static void test_flush_vnet(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(4096);
    uint8_t mac[6], port;
    for (uint32_t i = 0; i < 100; i++) {
        mac_of(i, mac);
        assert_int_equal(fdb_learn(fdb, 10, mac, 1, 0, 100, 0), FDB_LEARN_NEW);
        assert_int_equal(fdb_learn(fdb, 11, mac, 2, 0, 100, 0), FDB_LEARN_NEW);
    }
    mac_of(1000, mac);
    assert_int_equal(fdb_add_static(fdb, 10, mac, 3, 0), 0);
    fdb_flush_vnet(fdb, 10);
    assert_int_equal(fdb_count_vnet(fdb, 10), 0);
    assert_int_equal(fdb_count_vnet(fdb, 11), 100);
    assert_int_equal(fdb_count(fdb), 101);
    for (uint32_t i = 0; i < 100; i++) {
        mac_of(i, mac);
        assert_false(fdb_lookup(fdb, 10, mac, NULL, NULL));
        assert_true(fdb_lookup(fdb, 11, mac, &port, NULL));
        assert_int_equal(port, 2);
    }
    mac_of(1000, mac);
    assert_true(fdb_lookup(fdb, 10, mac, NULL, NULL)); /* static survives */
    assert_int_equal(walk_count(fdb, 10, 7), 1);
    assert_int_equal(walk_count(fdb, FDB_VNET_ALL, 7), 101);
    /* Stale entries are not removed twice. */
    mac_of(5, mac);
    assert_int_equal(fdb_remove(fdb, 10, mac), -ENOENT);
    assert_int_equal(fdb_age(fdb, 100000, 300), 100); /* vNet 11's only */
    assert_int_equal(fdb_count(fdb), 1);
    /* Relearn works, and with a limit counts from zero. */
    for (uint32_t i = 0; i < 50; i++) {
        mac_of(i, mac);
        assert_int_equal(fdb_learn(fdb, 10, mac, 4, 0, 200, 50), FDB_LEARN_NEW);
    }
    assert_int_equal(fdb_count_vnet(fdb, 10), 50);
    assert_true(fdb_lookup(fdb, 10, mac, &port, NULL));
    assert_int_equal(port, 4);
    /* A vNet out of range is ignored. */
    fdb_flush_vnet(fdb, DP_MAX_VNETS);
    assert_int_equal(fdb_count(fdb), 51);
    fdb_destroy(fdb);
}

static void test_flush_vnet_sequence_wrap(void **state)
{
    (void)state;
    /* A stale entry must stay dead across 2^19 flushes (the entry's
     * sequence field width), even with no aging in between. */
    struct fdb *fdb = fdb_create(64);
    uint8_t mac[6];
    mac_of(1, mac);
    assert_int_equal(fdb_learn(fdb, 2, mac, 1, 0, 100, 0), FDB_LEARN_NEW);
    for (uint32_t i = 0; i < (1u << 20) + 3; i++) {
        fdb_flush_vnet(fdb, 2);
        if (fdb_lookup(fdb, 2, mac, NULL, NULL) || fdb_count_vnet(fdb, 2) != 0)
            fail_msg("stale entry back to life after %u flushes", i + 1);
    }
    assert_false(fdb_lookup(fdb, 2, mac, NULL, NULL));
    assert_int_equal(walk_count(fdb, FDB_VNET_ALL, 8), 0);
    assert_int_equal(fdb_learn(fdb, 2, mac, 1, 0, 100, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_count_vnet(fdb, 2), 1);
    fdb_destroy(fdb);
}

static void test_flush_port_and_all(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(4096);
    uint8_t mac[6];
    for (uint32_t i = 0; i < 300; i++) {
        mac_of(i, mac);
        assert_int_equal(fdb_learn(fdb, (uint16_t)(i % 3), mac, (uint8_t)(i % 5), 0, 100, 0),
                         FDB_LEARN_NEW);
    }
    mac_of(5000, mac);
    assert_int_equal(fdb_add_static(fdb, 0, mac, 2, 0), 0);
    assert_int_equal(fdb_flush_port(fdb, 2), 60);
    assert_int_equal(fdb_flush_port(fdb, 2), 0);
    assert_int_equal(fdb_count(fdb), 241);
    assert_true(fdb_lookup(fdb, 0, mac, NULL, NULL));
    for (uint32_t i = 0; i < 300; i++) {
        mac_of(i, mac);
        assert_int_equal(fdb_lookup(fdb, (uint16_t)(i % 3), mac, NULL, NULL), i % 5 != 2);
    }
    assert_int_equal(fdb_count_vnet(fdb, 0) + fdb_count_vnet(fdb, 1) + fdb_count_vnet(fdb, 2), 240);
    /* Flush a vNet, then the port walk reclaims its stale slots without
     * counting them. */
    fdb_flush_vnet(fdb, 1);
    assert_int_equal(fdb_flush_port(fdb, 3), 40);
    assert_int_equal(fdb_flush_all(fdb), 120);
    assert_int_equal(fdb_count(fdb), 1);
    assert_int_equal(walk_count(fdb, FDB_VNET_ALL, 5), 1);
    assert_int_equal(fdb_flush_statics(fdb, 1), 0);
    assert_int_equal(fdb_flush_statics(fdb, 0), 1);
    assert_int_equal(fdb_count(fdb), 0);
    fdb_destroy(fdb);
}

static void test_statics(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(1024);
    uint8_t mac[6], port, flexnic;
    mac_of(9, mac);
    uint8_t group[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    assert_int_equal(fdb_add_static(fdb, 1, group, 1, 0), -EINVAL);
    assert_int_equal(fdb_add_static(fdb, DP_MAX_VNETS, mac, 1, 0), -EINVAL);
    assert_int_equal(fdb_add_static(fdb, 1, mac, DP_PORT_NONE, 0), -EINVAL);

    /* A learned entry becomes static and stops counting. */
    assert_int_equal(fdb_learn(fdb, 1, mac, 1, 0, 100, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_count_vnet(fdb, 1), 1);
    assert_int_equal(fdb_add_static(fdb, 1, mac, 6, 2), 0);
    assert_int_equal(fdb_count_vnet(fdb, 1), 0);
    assert_int_equal(fdb_count(fdb), 1);
    assert_true(fdb_lookup(fdb, 1, mac, &port, &flexnic));
    assert_int_equal(port, 6);
    assert_int_equal(flexnic, 2);

    /* Learning elsewhere conflicts and changes nothing; in place is fine. */
    assert_int_equal(fdb_learn(fdb, 1, mac, 1, 0, 200, 0), FDB_LEARN_STATIC_CONFLICT);
    assert_int_equal(fdb_learn(fdb, 1, mac, 6, 0, 200, 0), FDB_LEARN_STATIC_CONFLICT);
    assert_int_equal(fdb_learn(fdb, 1, mac, 6, 2, 200, 0), FDB_LEARN_UNCHANGED);
    assert_true(fdb_lookup(fdb, 1, mac, &port, &flexnic));
    assert_int_equal(port, 6);
    assert_int_equal(fdb_count_vnet(fdb, 1), 0);

    /* Not aged, not flushed; updated in place by a second add. */
    assert_int_equal(fdb_age(fdb, 1000000, 1), 0);
    fdb_flush_vnet(fdb, 1);
    assert_int_equal(fdb_flush_port(fdb, 6), 0);
    assert_int_equal(fdb_flush_all(fdb), 0);
    assert_int_equal(fdb_add_static(fdb, 1, mac, 7, 0), 0);
    assert_int_equal(fdb_count(fdb), 1);
    assert_true(fdb_lookup(fdb, 1, mac, &port, &flexnic));
    assert_int_equal(port, 7);
    struct fdb_entry e;
    uint64_t cursor = 0;
    assert_int_equal(fdb_walk(fdb, FDB_VNET_ALL, &cursor, &e, 1), 1);
    assert_true(e.is_static);
    assert_int_equal(e.vnet, 1);
    assert_memory_equal(e.mac, mac, 6);

    /* Removed, then learnable again. */
    assert_int_equal(fdb_remove(fdb, 1, mac), 0);
    assert_int_equal(fdb_remove(fdb, 1, mac), -ENOENT);
    assert_int_equal(fdb_count(fdb), 0);
    assert_int_equal(fdb_learn(fdb, 1, mac, 1, 0, 300, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_count_vnet(fdb, 1), 1);
    fdb_destroy(fdb);
}

static void test_full_table(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(16);
    uint32_t cap = fdb_capacity(fdb);
    assert_true(cap >= 16);
    uint32_t n_new = 0, n_full = 0, first_full = 0;
    bool learned[1000] = {false};
    for (uint32_t i = 0; i < 1000; i++) {
        uint8_t mac[6];
        mac_of(i, mac);
        enum fdb_learn_result r = fdb_learn(fdb, 1, mac, (uint8_t)(i % 40), 0, 100, 0);
        if (r == FDB_LEARN_NEW) {
            learned[i] = true;
            n_new++;
        } else {
            assert_int_equal(r, FDB_LEARN_FULL);
            if (n_full++ == 0)
                first_full = i;
        }
    }
    assert_true(n_full > 0);
    assert_true(n_new <= cap);
    assert_true(n_new >= 16); /* the asked capacity fits */
    assert_true(first_full >= 16);
    assert_int_equal(fdb_count(fdb), n_new);
    assert_int_equal(walk_count(fdb, FDB_VNET_ALL, 3), n_new);
    /* Everything learned is intact; refused MACs are absent. */
    for (uint32_t i = 0; i < 1000; i++) {
        uint8_t mac[6], port;
        mac_of(i, mac);
        assert_int_equal(fdb_lookup(fdb, 1, mac, &port, NULL), learned[i]);
        if (learned[i])
            assert_int_equal(port, i % 40);
    }
    /* Static add when full: -ENOSPC, unless the MAC is already there. */
    uint8_t mac[6];
    mac_of(first_full, mac);
    assert_int_equal(fdb_add_static(fdb, 1, mac, 1, 0), -ENOSPC);
    /* Known entries still move while full. */
    for (uint32_t i = 0; i < 1000; i++) {
        if (learned[i]) {
            mac_of(i, mac);
            assert_int_equal(fdb_learn(fdb, 1, mac, 45, 0, 100, 0), FDB_LEARN_MOVED);
            break;
        }
    }
    /* A flush frees every slot for reuse. */
    fdb_flush_vnet(fdb, 1);
    mac_of(first_full, mac);
    assert_int_equal(fdb_learn(fdb, 2, mac, 1, 0, 100, 0), FDB_LEARN_NEW);
    assert_int_equal(fdb_count(fdb), 1);
    fdb_destroy(fdb);
}

/* The hash in fdb.c (built without DPDK's -march, fdb_hash_portable) and
 * in the worker (SSE4.2's crc32 instruction) must agree bit for bit, or the
 * worker would look for keys fdb.c stored in other buckets. */
#if defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t crc32_instruction(uint32_t crc, uint64_t key)
{
    return (uint32_t)__builtin_ia32_crc32di(crc, key);
}
#endif

static void test_hash_crc32c(void **state)
{
    (void)state;
    /* CRC-32C of eight zero bytes (initial ~0, final xor ~0) */
    assert_int_equal(~fdb_hash_portable(0xffffffffu, 0), 0x8c28b28au);
    assert_int_equal(fdb_hash_portable(0xffffffffu, 0x80010000bbaa0002ull), 0x25f1b70eu);
    assert_int_equal(fdb_hash_portable(0xffffffffu, ~0ull), 0xb798b438u);
#if defined(__x86_64__)
    if (!__builtin_cpu_supports("sse4.2"))
        skip();
    for (uint32_t i = 0; i < 100000; i++) {
        uint8_t mac[6];
        mac_of(i, mac);
        uint64_t key = fdb_make_key((uint16_t)(i % DP_MAX_VNETS), mac);
        assert_int_equal(fdb_hash_portable(FDB_HASH_SEED, key),
                         crc32_instruction(FDB_HASH_SEED, key));
        uint64_t random_key = ((uint64_t)rng() << 32) | rng();
        assert_int_equal(fdb_hash_portable(FDB_HASH_SEED, random_key),
                         crc32_instruction(FDB_HASH_SEED, random_key));
    }
#endif
}

/* The benchmark's MACs: 02:aa:00:00:hh:ll for server host h, 02:bb:.. for
 * remote ones. */
static void bench_mac(uint8_t side, uint32_t host, uint8_t mac[6])
{
    const uint8_t m[6] = {0x02, side, 0, 0, (uint8_t)(host >> 8), (uint8_t)host};
    memcpy(mac, m, 6);
}

/* fill_bench: learn `n` benchmark MACs into a table made for `capacity`,
 * spread over `n_vnets` vNets (`vnet_step` apart), both sides in each;
 * returns how many were refused (FULL) and sets *first_refused (0 if none).
 * Checks every MAC learned is found at its port and every one refused is
 * absent. */
static uint32_t fill_bench(uint32_t capacity, uint32_t n, unsigned n_vnets, unsigned vnet_step,
                           uint32_t *first_refused)
{
    struct fdb *fdb = fdb_create(capacity);
    assert_non_null(fdb);
    uint32_t per_side = (n + 2 * n_vnets - 1) / (2 * n_vnets);
    assert_true(per_side <= 65536);
    uint32_t refused = 0, missing = 0;
    *first_refused = 0;
    for (int pass = 0; pass < 2; pass++) { /* learn all, then look all up */
        uint32_t i = 0;
        for (unsigned v = 0; v < n_vnets; v++) {
            for (unsigned side = 0; side < 2; side++) {
                for (uint32_t h = 0; h < per_side && i < n; h++, i++) {
                    uint16_t vnet = (uint16_t)(1 + v * vnet_step);
                    uint8_t mac[6], port;
                    bench_mac(side ? 0xbb : 0xaa, h, mac);
                    if (pass == 0) {
                        enum fdb_learn_result r =
                            fdb_learn(fdb, vnet, mac, (uint8_t)(i % 64), 0, 100, 0);
                        if (r == FDB_LEARN_NEW)
                            continue;
                        assert_int_equal(r, FDB_LEARN_FULL);
                        if (refused++ == 0)
                            *first_refused = i + 1;
                    } else if (fdb_lookup(fdb, vnet, mac, &port, NULL)) {
                        assert_int_equal(port, i % 64);
                    } else {
                        missing++;
                    }
                }
            }
        }
        assert_int_equal(i, n);
    }
    assert_int_equal(missing, refused);
    assert_int_equal(fdb_count(fdb), n - refused);
    fdb_destroy(fdb);
    return refused;
}

/* Filled to the documented load (fdb_create: 80% of the slots) with the
 * benchmark's MAC patterns, the table refuses no MAC before 76% of its
 * slots and at most one in a thousand at 80% (fmix64 refused from 70%);
 * the benchmark's own sizes (256 and 65,536 hosts a side, table 4 x hosts,
 * at least 65,536) refuse none. */
static void test_fill_documented_load(void **state)
{
    (void)state;
    /* capacities whose tables are exactly 80% full: 1024 and 16384 buckets */
    const uint32_t capacities[] = {5734, 22937, 91750};
    const unsigned vnets[][2] = {{1, 1}, {2, 1}, {4, 1}, {4, 100}, {8, 1}, {8, 509}};
    for (size_t c = 0; c < sizeof(capacities) / sizeof(capacities[0]); c++) {
        for (size_t v = 0; v < sizeof(vnets) / sizeof(vnets[0]); v++) {
            uint32_t first;
            struct fdb *probe = fdb_create(capacities[c]);
            uint32_t slots = fdb_capacity(probe);
            fdb_destroy(probe);
            assert_int_equal(capacities[c] + (capacities[c] + 3) / 4, slots); /* 80% */
            uint32_t refused =
                fill_bench(capacities[c], capacities[c], vnets[v][0], vnets[v][1], &first);
            print_message("capacity %u, %u vNets (step %u): %u refused, first at %.3f\n",
                          capacities[c], vnets[v][0], vnets[v][1], refused,
                          first ? (double)first / slots : 0.0);
            assert_true(refused * 1000u <= capacities[c]);
            assert_true(first == 0 || (uint64_t)first * 100u >= (uint64_t)slots * 76u);
        }
    }
    uint32_t first;
    assert_int_equal(fill_bench(65536, 2 * 256, 1, 1, &first), 0);
    assert_int_equal(fill_bench(262144, 2 * 65536, 1, 1, &first), 0);
}

static int entry_cmp(const void *a, const void *b)
{
    const struct fdb_entry *x = a, *y = b;
    if (x->vnet != y->vnet)
        return x->vnet < y->vnet ? -1 : 1;
    return memcmp(x->mac, y->mac, 6);
}

static void test_walk_pagination(void **state)
{
    (void)state;
    struct fdb *fdb = fdb_create(2048);
    enum { N = 1000 };
    uint8_t mac[6];
    unsigned per_vnet[4] = {0};
    for (uint32_t i = 0; i < N; i++) {
        mac_of(i, mac);
        uint16_t v = (uint16_t)(i % 4);
        assert_int_equal(fdb_learn(fdb, v, mac, (uint8_t)(i % 7), (uint8_t)(i % 4), 1000 + i, 0),
                         FDB_LEARN_NEW);
        per_vnet[v]++;
    }
    mac_of(N, mac);
    assert_int_equal(fdb_add_static(fdb, 2, mac, 9, 1), 0);
    per_vnet[2]++;
    static struct fdb_entry all[N + 1];
    unsigned pages[] = {1, 2, 7, 64};
    for (unsigned p = 0; p < sizeof(pages) / sizeof(pages[0]); p++) {
        unsigned n = 0;
        uint64_t cursor = 0;
        struct fdb_entry buf[64];
        do {
            unsigned got = fdb_walk(fdb, FDB_VNET_ALL, &cursor, buf, pages[p]);
            assert_true(got <= pages[p]);
            assert_true(n + got <= N + 1);
            memcpy(&all[n], buf, got * sizeof(buf[0]));
            n += got;
        } while (cursor != 0);
        assert_int_equal(n, N + 1);
        /* Each entry exactly once, with its fields. */
        qsort(all, n, sizeof(all[0]), entry_cmp);
        for (unsigned i = 0; i + 1 < n; i++)
            assert_int_not_equal(entry_cmp(&all[i], &all[i + 1]), 0);
        for (unsigned i = 0; i < n; i++) {
            uint32_t id = ((uint32_t)all[i].mac[4] << 8) | all[i].mac[5];
            if (id == N) {
                assert_true(all[i].is_static);
                assert_int_equal(all[i].port, 9);
                continue;
            }
            assert_false(all[i].is_static);
            assert_int_equal(all[i].vnet, id % 4);
            assert_int_equal(all[i].port, id % 7);
            assert_int_equal(all[i].flexnic, id % 4);
            assert_int_equal(all[i].last_seen_s, 1000 + id);
        }
        for (uint16_t v = 0; v < 4; v++)
            assert_int_equal(walk_count(fdb, v, pages[p] < 64 ? pages[p] : 64), per_vnet[v]);
    }
    assert_int_equal(walk_count(fdb, 5, 10), 0);
    /* limit 0 writes nothing and keeps the cursor. */
    uint64_t cursor = 5;
    assert_int_equal(fdb_walk(fdb, FDB_VNET_ALL, &cursor, all, 0), 0);
    assert_int_equal(cursor, 5);
    /* An entry present throughout a paginated walk is seen exactly once even
     * when others are removed between pages. */
    cursor = 0;
    unsigned seen_vnet3 = 0, pages_done = 0;
    struct fdb_entry buf[16];
    do {
        unsigned got = fdb_walk(fdb, FDB_VNET_ALL, &cursor, buf, 16);
        for (unsigned i = 0; i < got; i++)
            seen_vnet3 += buf[i].vnet == 3;
        if (pages_done++ == 2)
            fdb_flush_vnet(fdb, 1);
    } while (cursor != 0);
    assert_int_equal(seen_vnet3, per_vnet[3]);
    fdb_destroy(fdb);
}

/* ------------------------------------------------ randomized model test */

#define MODEL_VNETS 5
#define MODEL_MACS  60
#define MODEL_PORTS 6

struct model_entry {
    bool present;
    bool is_static;
    uint8_t port, flexnic;
    uint32_t ts;
};

static struct model_entry model[MODEL_VNETS][MODEL_MACS];

static uint32_t model_count_vnet(unsigned v)
{
    uint32_t n = 0;
    for (unsigned m = 0; m < MODEL_MACS; m++)
        n += model[v][m].present && !model[v][m].is_static;
    return n;
}

static enum fdb_learn_result model_learn(unsigned v, unsigned m, uint8_t port, uint8_t flexnic,
                                         uint32_t now, uint32_t limit)
{
    struct model_entry *e = &model[v][m];
    if (e->present && e->is_static)
        return e->port == port && e->flexnic == flexnic ? FDB_LEARN_UNCHANGED
                                                        : FDB_LEARN_STATIC_CONFLICT;
    if (e->present) {
        if (e->port != port || e->flexnic != flexnic) {
            e->port = port;
            e->flexnic = flexnic;
            e->ts = now;
            return FDB_LEARN_MOVED;
        }
        if (now - e->ts >= 1) {
            e->ts = now;
            return FDB_LEARN_REFRESHED;
        }
        return FDB_LEARN_UNCHANGED;
    }
    if (limit != 0 && model_count_vnet(v) >= limit)
        return FDB_LEARN_LIMIT;
    *e = (struct model_entry){true, false, port, flexnic, now};
    return FDB_LEARN_NEW;
}

static void model_check(const struct fdb *fdb)
{
    uint32_t total = 0;
    for (unsigned v = 0; v < MODEL_VNETS; v++) {
        assert_int_equal(fdb_count_vnet(fdb, (uint16_t)v), model_count_vnet(v));
        for (unsigned m = 0; m < MODEL_MACS; m++) {
            uint8_t mac[6], port, flexnic;
            mac_of(m, mac);
            struct model_entry *e = &model[v][m];
            total += e->present;
            assert_int_equal(fdb_lookup(fdb, (uint16_t)v, mac, &port, &flexnic), e->present);
            if (e->present) {
                assert_int_equal(port, e->port);
                assert_int_equal(flexnic, e->flexnic);
            }
        }
    }
    assert_int_equal(fdb_count(fdb), total);
    /* The walk reports exactly the model's entries. */
    struct fdb_entry buf[13];
    uint64_t cursor = 0;
    unsigned n = 0;
    do {
        unsigned got = fdb_walk(fdb, FDB_VNET_ALL, &cursor, buf, 13);
        for (unsigned i = 0; i < got; i++) {
            unsigned m = buf[i].mac[5];
            assert_true(buf[i].vnet < MODEL_VNETS && m < MODEL_MACS);
            struct model_entry *e = &model[buf[i].vnet][m];
            assert_true(e->present);
            assert_int_equal(buf[i].is_static, e->is_static);
            assert_int_equal(buf[i].port, e->port);
            if (!e->is_static)
                assert_int_equal(buf[i].last_seen_s, e->ts);
        }
        n += got;
    } while (cursor != 0);
    assert_int_equal(n, total);
}

static void test_random_model(void **state)
{
    (void)state;
    memset(model, 0, sizeof(model));
    rng_state = 12345;
    /* 300 keys coming and going in a table that never fills (FULL is not
     * modelled), so that slots of stale and removed entries get reused. */
    struct fdb *fdb = fdb_create(1000);
    uint32_t now = 1000;
    const uint32_t limits[MODEL_VNETS] = {0, 10, 30, 0, 45};
    for (int op = 0; op < 200000; op++) {
        unsigned v = rng() % MODEL_VNETS, m = rng() % MODEL_MACS;
        uint8_t mac[6];
        mac_of(m, mac);
        uint8_t port = (uint8_t)(rng() % MODEL_PORTS), flexnic = (uint8_t)(rng() % 4);
        unsigned r = rng() % 1000;
        if (r < 700) {
            enum fdb_learn_result want = model_learn(v, m, port, flexnic, now, limits[v]);
            assert_int_equal(fdb_learn(fdb, (uint16_t)v, mac, port, flexnic, now, limits[v]), want);
        } else if (r < 850) {
            uint8_t gp, gf;
            bool hit = fdb_lookup(fdb, (uint16_t)v, mac, &gp, &gf);
            assert_int_equal(hit, model[v][m].present);
            if (hit) {
                assert_int_equal(gp, model[v][m].port);
                assert_int_equal(gf, model[v][m].flexnic);
            }
        } else if (r < 900) {
            now += rng() % 3;
        } else if (r < 920) {
            assert_int_equal(fdb_add_static(fdb, (uint16_t)v, mac, port, flexnic), 0);
            model[v][m] = (struct model_entry){true, true, port, flexnic, 0};
        } else if (r < 950) {
            int want = model[v][m].present ? 0 : -ENOENT;
            assert_int_equal(fdb_remove(fdb, (uint16_t)v, mac), want);
            model[v][m].present = false;
        } else if (r < 965) {
            uint32_t max_age = 1 + rng() % 20;
            unsigned want = 0;
            for (unsigned vv = 0; vv < MODEL_VNETS; vv++)
                for (unsigned mm = 0; mm < MODEL_MACS; mm++) {
                    struct model_entry *e = &model[vv][mm];
                    if (e->present && !e->is_static && now - e->ts > max_age) {
                        e->present = false;
                        want++;
                    }
                }
            assert_int_equal(fdb_age(fdb, now, max_age), want);
        } else if (r < 980) {
            fdb_flush_vnet(fdb, (uint16_t)v);
            for (unsigned mm = 0; mm < MODEL_MACS; mm++)
                if (!model[v][mm].is_static)
                    model[v][mm].present = false;
        } else if (r < 990) {
            unsigned want = 0;
            for (unsigned vv = 0; vv < MODEL_VNETS; vv++)
                for (unsigned mm = 0; mm < MODEL_MACS; mm++) {
                    struct model_entry *e = &model[vv][mm];
                    if (e->present && !e->is_static && e->port == port) {
                        e->present = false;
                        want++;
                    }
                }
            assert_int_equal(fdb_flush_port(fdb, port), want);
        } else if (r < 993) {
            unsigned want = 0;
            for (unsigned vv = 0; vv < MODEL_VNETS; vv++)
                for (unsigned mm = 0; mm < MODEL_MACS; mm++) {
                    struct model_entry *e = &model[vv][mm];
                    if (e->present && !e->is_static) {
                        e->present = false;
                        want++;
                    }
                }
            assert_int_equal(fdb_flush_all(fdb), want);
        } else if (r < 996) {
            unsigned want = 0;
            for (unsigned mm = 0; mm < MODEL_MACS; mm++) {
                struct model_entry *e = &model[v][mm];
                if (e->present && e->is_static) {
                    e->present = false;
                    want++;
                }
            }
            assert_int_equal(fdb_flush_statics(fdb, (uint16_t)v), want);
        } else {
            model_check(fdb);
        }
    }
    model_check(fdb);
    fdb_destroy(fdb);
}

/* -------------------------------------------------------- concurrency */

/* Each MAC i may sit on any port p with p % 8 == i % 8, and always with
 * FlexNIC (p / 8) % 4: a lookup that pairs a key with another slot's value,
 * or half of an old value with half of a new one, breaks the rule. */
#define CC_VNETS 4
#define CC_MACS  3000
#define CC_LIMIT 600

struct cc_shared {
    struct fdb *fdb;
    uint32_t n_macs; /* MAC ids 0..n_macs-1 */
    bool churn;      /* writers also remove, so slots change keys constantly */
    atomic_bool stop;
    atomic_ulong lookups, hits, learns, bad;
};

static uint32_t cc_rng(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return (uint32_t)((*s * 0x2545f4914f6cdd1dull) >> 32);
}

static void cc_place(uint32_t mac_id, uint32_t k, uint8_t *port, uint8_t *flexnic)
{
    *port = (uint8_t)((mac_id % 8) + 8 * (k % 6)); /* 0..47 */
    *flexnic = (uint8_t)((*port / 8) % 4);
}

struct cc_thread {
    struct cc_shared *sh;
    uint64_t seed;
};

static void *cc_writer(void *arg)
{
    struct cc_thread *t = arg;
    struct cc_shared *sh = t->sh;
    uint64_t s = t->seed;
    unsigned long n = 0;
    uint32_t now = 1000;
    while (!atomic_load(&sh->stop)) {
        uint32_t id = cc_rng(&s) % sh->n_macs;
        uint16_t vnet = (uint16_t)(cc_rng(&s) % CC_VNETS);
        uint8_t mac[6], port, flexnic;
        mac_of(id, mac);
        cc_place(id, cc_rng(&s), &port, &flexnic);
        enum fdb_learn_result r = fdb_learn(sh->fdb, vnet, mac, port, flexnic, now, CC_LIMIT);
        if (r == FDB_LEARN_INVALID || r == FDB_LEARN_STATIC_CONFLICT)
            atomic_fetch_add(&sh->bad, 1);
        if (sh->churn) {
            mac_of(cc_rng(&s) % sh->n_macs, mac);
            fdb_remove(sh->fdb, vnet, mac);
        }
        if ((++n & 1023) == 0)
            now++;
    }
    atomic_fetch_add(&sh->learns, n);
    return NULL;
}

static void *cc_reader(void *arg)
{
    struct cc_thread *t = arg;
    struct cc_shared *sh = t->sh;
    uint64_t s = t->seed, cursor = 0;
    unsigned long n = 0, hits = 0;
    while (!atomic_load(&sh->stop)) {
        uint32_t id = cc_rng(&s) % sh->n_macs;
        uint16_t vnet = (uint16_t)(cc_rng(&s) % CC_VNETS);
        uint8_t mac[6], port, flexnic;
        mac_of(id, mac);
        if (fdb_lookup(sh->fdb, vnet, mac, &port, &flexnic)) {
            hits++;
            if (port % 8 != id % 8 || port >= 48 || flexnic != (port / 8) % 4)
                atomic_fetch_add(&sh->bad, 1);
        }
        if (fdb_count_vnet(sh->fdb, vnet) > CC_LIMIT)
            atomic_fetch_add(&sh->bad, 1);
        if ((++n & 255) == 0) {
            /* The walk's bucket copies must be consistent too. */
            struct fdb_entry page[16];
            unsigned got = fdb_walk(sh->fdb, FDB_VNET_ALL, &cursor, page, 16);
            for (unsigned i = 0; i < got; i++) {
                uint32_t wid = ((uint32_t)page[i].mac[4] << 8) | page[i].mac[5];
                if (page[i].vnet >= CC_VNETS || wid >= sh->n_macs || page[i].is_static ||
                    page[i].port % 8 != wid % 8 || page[i].flexnic != (page[i].port / 8) % 4)
                    atomic_fetch_add(&sh->bad, 1);
            }
        }
    }
    atomic_fetch_add(&sh->lookups, n);
    atomic_fetch_add(&sh->hits, hits);
    return NULL;
}

/* A reader of a bucket a writer holds (odd sequence) waits for it: here
 * the "writer" is this thread, which stored a key but not yet its value,
 * as fdb_learn_write() does between its two stores. */
struct held_reader {
    struct fdb *fdb;
    uint8_t mac[6];
    bool found;
    uint8_t port;
    atomic_int done;
};

static void *held_reader_main(void *arg)
{
    struct held_reader *r = arg;
    r->found = fdb_lookup(r->fdb, 1, r->mac, &r->port, NULL);
    atomic_store(&r->done, 1);
    return NULL;
}

static void test_reader_waits_for_writer(void **state)
{
    (void)state;
    static struct held_reader r;
    r.fdb = fdb_create(64);
    assert_non_null(r.fdb);
    mac_of(7, r.mac);
    atomic_init(&r.done, 0);
    struct fdb_probe probe;
    fdb_probe_prefetch(r.fdb, 1, r.mac, &probe);
    struct fdb_bucket *b = (struct fdb_bucket *)probe.bucket1;
    atomic_store(&b->seq, atomic_load(&b->seq) + 1); /* odd: held */
    atomic_store(&b->keys[0], probe.key);            /* the key, its value still 0 */
    pthread_t reader;
    assert_int_equal(pthread_create(&reader, NULL, held_reader_main, &r), 0);
    struct timespec pause = {0, 50000000};
    nanosleep(&pause, NULL);
    assert_int_equal(atomic_load(&r.done), 0); /* still waiting */
    atomic_store(&b->values[0], fdb_value_place(9, 0, fdb_vnet_seq(r.fdb, 1)) | 100);
    atomic_store(&b->seq, atomic_load(&b->seq) + 1); /* even: released */
    assert_int_equal(pthread_join(reader, NULL), 0);
    assert_true(r.found);
    assert_int_equal(r.port, 9);
    fdb_destroy(r.fdb);
}

/* cc_run: 2 writer threads learning and moving, 2 reader threads looking up,
 * and this thread as the control thread flushing, aging and removing, for
 * about `ms` milliseconds; then checks readers saw no torn entry and the
 * counts are exact. */
static void cc_run(uint32_t capacity, uint32_t n_macs, bool churn, long ms)
{
    static struct cc_shared sh;
    sh.fdb = fdb_create(capacity);
    assert_non_null(sh.fdb);
    sh.n_macs = n_macs;
    sh.churn = churn;
    atomic_init(&sh.stop, false);
    atomic_init(&sh.lookups, 0);
    atomic_init(&sh.hits, 0);
    atomic_init(&sh.learns, 0);
    atomic_init(&sh.bad, 0);
    pthread_t th[4];
    struct cc_thread args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (struct cc_thread){&sh, 0x1234567ull * (uint64_t)(i + 1)};
        assert_int_equal(pthread_create(&th[i], NULL, i < 2 ? cc_writer : cc_reader, &args[i]), 0);
    }
    /* The control thread (this one) flushes, ages and removes meanwhile. */
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    uint64_t s = 99;
    unsigned rounds = 0;
    do {
        uint16_t vnet = (uint16_t)(cc_rng(&s) % CC_VNETS);
        uint8_t mac[6];
        mac_of(cc_rng(&s) % n_macs, mac);
        switch (rounds++ % 4) {
        case 0:
            fdb_flush_vnet(sh.fdb, vnet);
            break;
        case 1:
            fdb_age(sh.fdb, 1000 + rounds / 8, 2);
            break;
        case 2:
            fdb_flush_port(sh.fdb, (uint8_t)(cc_rng(&s) % 48));
            break;
        default:
            for (int i = 0; i < 100; i++) {
                mac_of(cc_rng(&s) % n_macs, mac);
                fdb_remove(sh.fdb, vnet, mac);
            }
        }
        struct timespec pause = {0, 2000000};
        nanosleep(&pause, NULL);
        clock_gettime(CLOCK_MONOTONIC, &now);
    } while ((now.tv_sec - start.tv_sec) * 1000L + (now.tv_nsec - start.tv_nsec) / 1000000L < ms);
    atomic_store(&sh.stop, true);
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);

    print_message("concurrency%s: %lu learns, %lu lookups (%lu hits), %u control ops\n",
                  churn ? " (churn)" : "", atomic_load(&sh.learns), atomic_load(&sh.lookups),
                  atomic_load(&sh.hits), rounds);
    assert_int_equal(atomic_load(&sh.bad), 0);
    assert_true(atomic_load(&sh.hits) > 0);
    /* Counts are exact once quiet: per vNet against a walk, total too. */
    uint32_t total = 0;
    for (uint16_t v = 0; v < CC_VNETS; v++) {
        uint32_t c = fdb_count_vnet(sh.fdb, v);
        assert_true(c <= CC_LIMIT);
        assert_int_equal(walk_count(sh.fdb, v, 50), c);
        total += c;
    }
    assert_int_equal(fdb_count(sh.fdb), total);
    assert_int_equal(walk_count(sh.fdb, FDB_VNET_ALL, 64), total);
    assert_int_equal(fdb_age(sh.fdb, 1000000, 1), total);
    assert_int_equal(fdb_count(sh.fdb), 0);
    fdb_destroy(sh.fdb);
}

static void test_concurrency(void **state)
{
    (void)state;
    /* Fewer slots (1792) than CC_VNETS * CC_LIMIT: FULL happens too. */
    cc_run(1000, 3000, false, 500);
}

static void test_concurrency_churn(void **state)
{
    (void)state;
    /* 4 buckets, 128 keys learned and removed: every slot changes key all
     * the time, the case where a reader without the seqlock would pair a
     * key with another key's value. */
    cc_run(16, 32, true, 800);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_bad_capacity),
        cmocka_unit_test(test_learn_lookup),
        cmocka_unit_test(test_move),
        cmocka_unit_test(test_coarse_refresh),
        cmocka_unit_test(test_aging),
        cmocka_unit_test(test_mac_limit),
        cmocka_unit_test(test_flush_vnet),
        cmocka_unit_test(test_flush_vnet_sequence_wrap),
        cmocka_unit_test(test_flush_port_and_all),
        cmocka_unit_test(test_statics),
        cmocka_unit_test(test_full_table),
        cmocka_unit_test(test_hash_crc32c),
        cmocka_unit_test(test_fill_documented_load),
        cmocka_unit_test(test_walk_pagination),
        cmocka_unit_test(test_random_model),
        cmocka_unit_test(test_reader_waits_for_writer),
        cmocka_unit_test(test_concurrency),
        cmocka_unit_test(test_concurrency_churn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
