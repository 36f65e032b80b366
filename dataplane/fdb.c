/*
 * fdb: the fast path's MAC table. A bucketized two-choice hash table with
 * seqlock readers, per-bucket writer locks and O(1) per-vNet flush by
 * sequence number. See fdb.h for the design note.
 *
 * Pure C11 + <stdatomic.h>: no DPDK, no I/O, so the unit tests link it.
 */
#include "dataplane/fdb.h"

#include <assert.h>
#include <errno.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/config.h"

#define FDB_MIN_BUCKETS 2 /* so that a key's two buckets always differ */

/* A vNet flush sweeps that vNet's stale entries once per this many flushes:
 * half the sequence range, so no stale entry lives to see its sequence come
 * round again. */
#define FDB_SEQ_SWEEP_EVERY (1u << (FDB_SEQ_BITS - 1))

/* ------------------------------------------------------- keys and values */

static inline bool fdb_mac_is_group(const uint8_t mac[6])
{
    return (mac[0] & 1) != 0;
}

/* fdb_key_mac: the MAC of a key (fdb_make_key: mac[i] in bits 8i..8i+7). */
static inline void fdb_key_mac(uint64_t key, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t)key;
        key >>= 8;
    }
}

static inline uint64_t fdb_make_value(uint32_t ts, uint8_t port, uint8_t flexnic, bool is_static,
                                      uint32_t seq)
{
    return (uint64_t)ts | fdb_value_place(port, flexnic, seq) | (is_static ? FDB_VAL_STATIC : 0);
}

/* fdb_vnet_reserve: count one more learned entry in `vnet` unless that
 * passes `limit` (0 = none); on success stores the sequence the new entry
 * must carry. Count and sequence are read in the same atomic step, so a
 * concurrent flush either comes before (we get the new sequence) or after
 * (it zeroes the count and our entry is stale). */
static bool fdb_vnet_reserve(struct fdb *fdb, uint16_t vnet, uint32_t limit, uint32_t *seq)
{
    uint64_t w = atomic_load_explicit(&fdb->vnets[vnet], memory_order_relaxed);
    do {
        if (limit != 0 && FDB_VNET_COUNT(w) >= limit)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&fdb->vnets[vnet], &w, w + 1,
                                                    memory_order_relaxed, memory_order_relaxed));
    *seq = FDB_VNET_SEQ(w) & FDB_SEQ_MASK;
    return true;
}

/* fdb_vnet_release: uncount a learned entry carrying `seq`, unless a flush
 * made it stale (the flush already zeroed the count). Returns whether the
 * entry was still live. */
static bool fdb_vnet_release(struct fdb *fdb, uint16_t vnet, uint32_t seq)
{
    uint64_t w = atomic_load_explicit(&fdb->vnets[vnet], memory_order_relaxed);
    do {
        if ((FDB_VNET_SEQ(w) & FDB_SEQ_MASK) != seq)
            return false;
        assert(FDB_VNET_COUNT(w) > 0);
    } while (!atomic_compare_exchange_weak_explicit(&fdb->vnets[vnet], &w, w - 1,
                                                    memory_order_relaxed, memory_order_relaxed));
    return true;
}

/* ------------------------------------------------------------- buckets */

/* fdb_buckets_of: the two candidate buckets of `key` (fdb_bucket_indexes). */
static inline void fdb_buckets_of(const struct fdb *fdb, uint64_t key, struct fdb_bucket **b1,
                                  struct fdb_bucket **b2)
{
    uint32_t i1, i2;
    fdb_bucket_indexes(fdb, key, &i1, &i2);
    *b1 = &fdb->buckets[i1];
    *b2 = &fdb->buckets[i2];
}

static void fdb_bucket_lock(struct fdb_bucket *b)
{
    uint32_t s = atomic_load_explicit(&b->seq, memory_order_relaxed);
    for (;;) {
        if ((s & 1) == 0 && atomic_compare_exchange_weak_explicit(
                                &b->seq, &s, s + 1, memory_order_acquire, memory_order_relaxed))
            break;
        fdb_cpu_relax();
        s = atomic_load_explicit(&b->seq, memory_order_relaxed);
    }
}

static void fdb_bucket_unlock(struct fdb_bucket *b)
{
    atomic_fetch_add_explicit(&b->seq, 1, memory_order_release);
}

static void fdb_bucket_lock2(struct fdb_bucket *a, struct fdb_bucket *b)
{
    if (a > b) {
        struct fdb_bucket *t = a;
        a = b;
        b = t;
    }
    fdb_bucket_lock(a);
    fdb_bucket_lock(b);
}

static void fdb_bucket_unlock2(struct fdb_bucket *a, struct fdb_bucket *b)
{
    fdb_bucket_unlock(a);
    fdb_bucket_unlock(b);
}

/* Seqlock reads, in C11 terms: the first sequence load is acquire (slots
 * at least as new as that sequence); the slot loads are acquire, so the
 * final sequence load cannot be performed before them, and a slot store seen
 * implies its writer's odd sequence is seen too (the stores are release).
 * No fences: ThreadSanitizer models all of it. */

/* fdb_bucket_read: a consistent copy of bucket `b` (seqlock read). */
static void fdb_bucket_read(const struct fdb_bucket *b, uint64_t keys[FDB_BUCKET_SLOTS],
                            uint64_t values[FDB_BUCKET_SLOTS])
{
    struct fdb_bucket *mb = (struct fdb_bucket *)b; /* atomics are only loaded */
    for (;;) {
        uint32_t s = atomic_load_explicit(&mb->seq, memory_order_acquire);
        if (s & 1) {
            fdb_cpu_relax();
            continue;
        }
        for (int i = 0; i < FDB_BUCKET_SLOTS; i++) {
            keys[i] = atomic_load_explicit(&mb->keys[i], memory_order_acquire);
            values[i] = atomic_load_explicit(&mb->values[i], memory_order_acquire);
        }
        if (atomic_load_explicit(&mb->seq, memory_order_relaxed) == s)
            return;
    }
}

/* A slot, with the bucket lock held. */
struct fdb_slot {
    struct fdb_bucket *b;
    int i;
};

static inline uint64_t fdb_slot_key(struct fdb_slot s)
{
    return atomic_load_explicit(&s.b->keys[s.i], memory_order_relaxed);
}

static inline uint64_t fdb_slot_value(struct fdb_slot s)
{
    return atomic_load_explicit(&s.b->values[s.i], memory_order_relaxed);
}

/* Slot stores are release: a reader whose (acquire) load sees one also sees
 * the odd sequence stored before it, and retries. */
static inline void fdb_slot_set_value(struct fdb_slot s, uint64_t value)
{
    atomic_store_explicit(&s.b->values[s.i], value, memory_order_release);
}

static inline void fdb_slot_write(struct fdb_slot s, uint64_t key, uint64_t value)
{
    atomic_store_explicit(&s.b->keys[s.i], key, memory_order_release);
    atomic_store_explicit(&s.b->values[s.i], value, memory_order_release);
}

static inline void fdb_slot_clear(struct fdb_slot s)
{
    fdb_slot_write(s, 0, 0);
}

/* fdb_find_locked: the slot of `key` (live or stale) in b1 or b2, both
 * locked. A key is in at most one slot. */
static bool fdb_find_locked(struct fdb_bucket *b1, struct fdb_bucket *b2, uint64_t key,
                            struct fdb_slot *out)
{
    struct fdb_bucket *bs[2] = {b1, b2};
    for (int j = 0; j < 2; j++) {
        for (int i = 0; i < FDB_BUCKET_SLOTS; i++) {
            if (atomic_load_explicit(&bs[j]->keys[i], memory_order_relaxed) == key) {
                *out = (struct fdb_slot){bs[j], i};
                return true;
            }
        }
    }
    return false;
}

/* fdb_free_slot: a slot for a new key in b1 or b2 (both locked): an empty
 * one or one holding a stale entry, in the bucket with more such slots.
 * Returns false if both buckets are full of live entries. */
static bool fdb_free_slot(const struct fdb *fdb, struct fdb_bucket *b1, struct fdb_bucket *b2,
                          struct fdb_slot *out)
{
    struct fdb_bucket *bs[2] = {b1, b2};
    int n_free[2] = {0, 0}, first[2] = {-1, -1};
    for (int j = 0; j < 2; j++) {
        for (int i = 0; i < FDB_BUCKET_SLOTS; i++) {
            struct fdb_slot s = {bs[j], i};
            uint64_t k = fdb_slot_key(s);
            if (k == 0 || !fdb_is_live(fdb, k, fdb_slot_value(s))) {
                n_free[j]++;
                if (first[j] < 0)
                    first[j] = i;
            }
        }
    }
    if (n_free[0] == 0 && n_free[1] == 0)
        return false;
    int j = n_free[1] > n_free[0] ? 1 : 0;
    *out = (struct fdb_slot){bs[j], first[j]};
    return true;
}

/* ------------------------------------------------------- create, destroy */

struct fdb *fdb_create(uint32_t capacity)
{
    if (capacity == 0 || capacity > FDB_MAX_CAPACITY)
        return NULL;
    /* At most 80% full when holding `capacity` entries. */
    uint64_t want_slots = (uint64_t)capacity + (capacity + 3) / 4;
    uint64_t want_buckets = (want_slots + FDB_BUCKET_SLOTS - 1) / FDB_BUCKET_SLOTS;
    uint64_t n_buckets = FDB_MIN_BUCKETS;
    while (n_buckets < want_buckets)
        n_buckets <<= 1;

    size_t fdb_size = (sizeof(struct fdb) + 63) & ~(size_t)63;
    struct fdb *fdb = aligned_alloc(64, fdb_size);
    if (fdb == NULL)
        return NULL;
    fdb->buckets = aligned_alloc(alignof(struct fdb_bucket), n_buckets * sizeof(struct fdb_bucket));
    if (fdb->buckets == NULL) {
        free(fdb);
        return NULL;
    }
    fdb->bucket_mask = (uint32_t)(n_buckets - 1);
    fdb->n_slots = (uint32_t)(n_buckets * FDB_BUCKET_SLOTS);
    atomic_init(&fdb->n_static, 0);
    for (unsigned v = 0; v < DP_MAX_VNETS; v++)
        atomic_init(&fdb->vnets[v], 0);
    for (uint64_t b = 0; b < n_buckets; b++) {
        struct fdb_bucket *bk = &fdb->buckets[b];
        atomic_init(&bk->seq, 0);
        bk->unused = 0;
        bk->pad = 0;
        for (int i = 0; i < FDB_BUCKET_SLOTS; i++) {
            atomic_init(&bk->keys[i], 0);
            atomic_init(&bk->values[i], 0);
        }
    }
    return fdb;
}

void fdb_destroy(struct fdb *fdb)
{
    if (fdb == NULL)
        return;
    free(fdb->buckets);
    free(fdb);
}

/* ---------------------------------------------------- learn and look up */

enum fdb_learn_result fdb_learn(struct fdb *fdb, uint16_t vnet, const uint8_t mac[6], uint8_t port,
                                uint8_t flexnic, uint32_t now_s, uint32_t mac_limit)
{
    if (vnet >= DP_MAX_VNETS || fdb_mac_is_group(mac) || port == DP_PORT_NONE ||
        flexnic > FDB_MAX_FLEXNIC)
        return FDB_LEARN_INVALID;
    struct fdb_probe probe;
    fdb_probe_make(fdb, vnet, mac, &probe);
    return fdb_learn_probe(fdb, &probe, port, flexnic, now_s, mac_limit);
}

/* Under the locks of both buckets (see fdb_table.h). */
__attribute__((noinline)) enum fdb_learn_result fdb_learn_write(struct fdb *fdb,
                                                                const struct fdb_probe *probe,
                                                                uint8_t port, uint8_t flexnic,
                                                                uint32_t now_s, uint32_t mac_limit)
{
    uint16_t vnet = probe->vnet;
    uint64_t key = probe->key;
    uint64_t v;
    /* the probe's buckets are this table's, and this table is writable */
    struct fdb_bucket *b1 = (struct fdb_bucket *)probe->bucket1;
    struct fdb_bucket *b2 = (struct fdb_bucket *)probe->bucket2;
    fdb_bucket_lock2(b1, b2);
    enum fdb_learn_result result;
    struct fdb_slot s;
    uint32_t seq;
    if (fdb_find_locked(b1, b2, key, &s)) {
        v = fdb_slot_value(s);
        bool same_place = fdb_val_port(v) == port && fdb_val_flexnic(v) == flexnic;
        if (fdb_val_static(v)) {
            result = same_place ? FDB_LEARN_UNCHANGED : FDB_LEARN_STATIC_CONFLICT;
        } else if (fdb_is_live(fdb, key, v)) {
            if (!same_place) {
                fdb_slot_set_value(s, fdb_make_value(now_s, port, flexnic, false, fdb_val_seq(v)));
                result = FDB_LEARN_MOVED;
            } else if (fdb_time_diff(now_s, fdb_val_ts(v)) >= (int32_t)FDB_REFRESH_S) {
                fdb_slot_set_value(s, fdb_make_value(now_s, port, flexnic, false, fdb_val_seq(v)));
                result = FDB_LEARN_REFRESHED;
            } else {
                result = FDB_LEARN_UNCHANGED;
            }
        } else if (fdb_vnet_reserve(fdb, vnet, mac_limit, &seq)) {
            /* Flushed since: a new entry in the same slot. */
            fdb_slot_set_value(s, fdb_make_value(now_s, port, flexnic, false, seq));
            result = FDB_LEARN_NEW;
        } else {
            fdb_slot_clear(s); /* stale anyway: reclaim it */
            result = FDB_LEARN_LIMIT;
        }
    } else if (!fdb_free_slot(fdb, b1, b2, &s)) {
        bool at_limit = mac_limit != 0 && fdb_count_vnet(fdb, vnet) >= mac_limit;
        result = at_limit ? FDB_LEARN_LIMIT : FDB_LEARN_FULL;
    } else if (fdb_vnet_reserve(fdb, vnet, mac_limit, &seq)) {
        fdb_slot_write(s, key, fdb_make_value(now_s, port, flexnic, false, seq));
        result = FDB_LEARN_NEW;
    } else {
        result = FDB_LEARN_LIMIT;
    }
    fdb_bucket_unlock2(b1, b2);
    return result;
}

bool fdb_lookup(const struct fdb *fdb, uint16_t vnet, const uint8_t mac[6], uint8_t *port,
                uint8_t *flexnic)
{
    if (vnet >= DP_MAX_VNETS)
        return false;
    struct fdb_probe probe;
    fdb_probe_make(fdb, vnet, mac, &probe);
    return fdb_lookup_probe(fdb, &probe, port, flexnic);
}

void fdb_prefetch(const struct fdb *fdb, uint16_t vnet, const uint8_t mac[6])
{
    struct fdb_probe probe;
    fdb_probe_prefetch(fdb, vnet, mac, &probe);
}

/* ------------------------------------------------ statics and removal */

int fdb_add_static(struct fdb *fdb, uint16_t vnet, const uint8_t mac[6], uint8_t port,
                   uint8_t flexnic)
{
    if (vnet >= DP_MAX_VNETS || fdb_mac_is_group(mac) || port == DP_PORT_NONE ||
        flexnic > FDB_MAX_FLEXNIC)
        return -EINVAL;
    uint64_t key = fdb_make_key(vnet, mac);
    uint64_t value = fdb_make_value(0, port, flexnic, true, 0);
    struct fdb_bucket *b1, *b2;
    fdb_buckets_of(fdb, key, &b1, &b2);
    fdb_bucket_lock2(b1, b2);
    int rc = 0;
    struct fdb_slot s;
    if (fdb_find_locked(b1, b2, key, &s)) {
        uint64_t old = fdb_slot_value(s);
        if (!fdb_val_static(old)) {
            /* A learned entry, live (uncount it) or stale (nothing to do). */
            fdb_vnet_release(fdb, vnet, fdb_val_seq(old));
            atomic_fetch_add_explicit(&fdb->n_static, 1, memory_order_relaxed);
        }
        fdb_slot_set_value(s, value);
    } else if (fdb_free_slot(fdb, b1, b2, &s)) {
        fdb_slot_write(s, key, value);
        atomic_fetch_add_explicit(&fdb->n_static, 1, memory_order_relaxed);
    } else {
        rc = -ENOSPC;
    }
    fdb_bucket_unlock2(b1, b2);
    return rc;
}

int fdb_remove(struct fdb *fdb, uint16_t vnet, const uint8_t mac[6])
{
    if (vnet >= DP_MAX_VNETS)
        return -ENOENT;
    uint64_t key = fdb_make_key(vnet, mac);
    struct fdb_bucket *b1, *b2;
    fdb_buckets_of(fdb, key, &b1, &b2);
    fdb_bucket_lock2(b1, b2);
    int rc = -ENOENT;
    struct fdb_slot s;
    if (fdb_find_locked(b1, b2, key, &s)) {
        uint64_t v = fdb_slot_value(s);
        if (fdb_val_static(v)) {
            atomic_fetch_sub_explicit(&fdb->n_static, 1, memory_order_relaxed);
            rc = 0;
        } else if (fdb_vnet_release(fdb, vnet, fdb_val_seq(v))) {
            rc = 0;
        }
        fdb_slot_clear(s); /* live, or stale and reclaimed */
    }
    fdb_bucket_unlock2(b1, b2);
    return rc;
}

/* ----------------------------------------------------------- sweeping */

/* What a walk over the whole table removes (besides stale entries, which
 * every sweep reclaims). */
enum fdb_sweep_kind {
    FDB_SWEEP_STALE,   /* nothing live */
    FDB_SWEEP_AGE,     /* learned, older than max_age_s */
    FDB_SWEEP_PORT,    /* learned, on `port` */
    FDB_SWEEP_STATICS, /* static, in `vnet` (or all) */
};

struct fdb_sweep {
    enum fdb_sweep_kind kind;
    uint32_t now_s;
    uint32_t max_age_s;
    uint8_t port;
    uint16_t vnet;
};

/* fdb_sweep_match: does the live entry (key, value) go? */
static bool fdb_sweep_match(const struct fdb_sweep *sw, uint64_t key, uint64_t value)
{
    switch (sw->kind) {
    case FDB_SWEEP_STALE:
        return false;
    case FDB_SWEEP_AGE:
        return !fdb_val_static(value) && sw->max_age_s != 0 &&
               (int64_t)fdb_time_diff(sw->now_s, fdb_val_ts(value)) > (int64_t)sw->max_age_s;
    case FDB_SWEEP_PORT:
        return !fdb_val_static(value) && fdb_val_port(value) == sw->port;
    case FDB_SWEEP_STATICS:
        return fdb_val_static(value) && (sw->vnet == FDB_VNET_ALL || fdb_key_vnet(key) == sw->vnet);
    }
    return false;
}

/* fdb_sweep_run: walk every bucket; reclaim stale slots and remove the
 * live entries `sw` matches, keeping counts exact. A bucket is first
 * checked without locking and locked only if it has something to change,
 * so that readers are not disturbed by a sweep that changes nothing.
 * Returns the number of live entries removed. */
static unsigned fdb_sweep_run(struct fdb *fdb, const struct fdb_sweep *sw)
{
    unsigned removed = 0;
    for (uint32_t bi = 0; bi <= fdb->bucket_mask; bi++) {
        struct fdb_bucket *b = &fdb->buckets[bi];
        bool work = false;
        for (int i = 0; i < FDB_BUCKET_SLOTS && !work; i++) {
            struct fdb_slot s = {b, i};
            uint64_t k = fdb_slot_key(s); /* unlocked: a hint only */
            if (k == 0)
                continue;
            uint64_t v = fdb_slot_value(s);
            work = !fdb_is_live(fdb, k, v) || fdb_sweep_match(sw, k, v);
        }
        if (!work)
            continue;
        fdb_bucket_lock(b);
        for (int i = 0; i < FDB_BUCKET_SLOTS; i++) {
            struct fdb_slot s = {b, i};
            uint64_t k = fdb_slot_key(s);
            if (k == 0)
                continue;
            uint64_t v = fdb_slot_value(s);
            if (!fdb_is_live(fdb, k, v)) {
                fdb_slot_clear(s);
            } else if (fdb_sweep_match(sw, k, v)) {
                if (fdb_val_static(v)) {
                    atomic_fetch_sub_explicit(&fdb->n_static, 1, memory_order_relaxed);
                    removed++;
                } else if (fdb_vnet_release(fdb, fdb_key_vnet(k), fdb_val_seq(v))) {
                    removed++;
                }
                fdb_slot_clear(s);
            }
        }
        fdb_bucket_unlock(b);
    }
    return removed;
}

unsigned fdb_age(struct fdb *fdb, uint32_t now_s, uint32_t max_age_s)
{
    struct fdb_sweep sw = {.kind = FDB_SWEEP_AGE, .now_s = now_s, .max_age_s = max_age_s};
    return fdb_sweep_run(fdb, &sw);
}

unsigned fdb_flush_port(struct fdb *fdb, uint8_t port)
{
    struct fdb_sweep sw = {.kind = FDB_SWEEP_PORT, .port = port};
    return fdb_sweep_run(fdb, &sw);
}

unsigned fdb_flush_statics(struct fdb *fdb, uint16_t vnet)
{
    struct fdb_sweep sw = {.kind = FDB_SWEEP_STATICS, .vnet = vnet};
    return fdb_sweep_run(fdb, &sw);
}

/* fdb_flush_vnet_count: bump the vNet's sequence and zero its count in one
 * atomic step; returns the count it had. */
static uint32_t fdb_flush_vnet_count(struct fdb *fdb, uint16_t vnet)
{
    uint64_t w = atomic_load_explicit(&fdb->vnets[vnet], memory_order_relaxed);
    uint64_t nw;
    do {
        nw = (uint64_t)(FDB_VNET_SEQ(w) + 1) << 32;
    } while (!atomic_compare_exchange_weak_explicit(&fdb->vnets[vnet], &w, nw, memory_order_relaxed,
                                                    memory_order_relaxed));
    if ((FDB_VNET_SEQ(nw) % FDB_SEQ_SWEEP_EVERY) == 0) {
        /* Before a stale entry's 19-bit sequence can come round again. */
        struct fdb_sweep sw = {.kind = FDB_SWEEP_STALE};
        fdb_sweep_run(fdb, &sw);
    }
    return FDB_VNET_COUNT(w);
}

void fdb_flush_vnet(struct fdb *fdb, uint16_t vnet)
{
    if (vnet < DP_MAX_VNETS)
        fdb_flush_vnet_count(fdb, vnet);
}

unsigned fdb_flush_all(struct fdb *fdb)
{
    unsigned n = 0;
    for (uint16_t v = 0; v < DP_MAX_VNETS; v++)
        n += fdb_flush_vnet_count(fdb, v);
    return n;
}

/* ------------------------------------------------------- counts, walk */

uint32_t fdb_count_vnet(const struct fdb *fdb, uint16_t vnet)
{
    if (vnet >= DP_MAX_VNETS)
        return 0;
    return FDB_VNET_COUNT(atomic_load_explicit(&fdb->vnets[vnet], memory_order_relaxed));
}

uint32_t fdb_count(const struct fdb *fdb)
{
    uint32_t n = atomic_load_explicit(&fdb->n_static, memory_order_relaxed);
    for (uint16_t v = 0; v < DP_MAX_VNETS; v++)
        n += fdb_count_vnet(fdb, v);
    return n;
}

uint32_t fdb_capacity(const struct fdb *fdb)
{
    return fdb->n_slots;
}

unsigned fdb_walk(const struct fdb *fdb, uint16_t vnet, uint64_t *cursor, struct fdb_entry *out,
                  unsigned limit)
{
    if (limit == 0)
        return 0;
    uint64_t pos = *cursor;
    if (pos >= fdb->n_slots) {
        *cursor = 0;
        return 0;
    }
    unsigned n = 0;
    uint32_t bi = (uint32_t)(pos / FDB_BUCKET_SLOTS);
    int start = (int)(pos % FDB_BUCKET_SLOTS);
    for (; bi <= fdb->bucket_mask; bi++, start = 0) {
        uint64_t keys[FDB_BUCKET_SLOTS], values[FDB_BUCKET_SLOTS];
        fdb_bucket_read(&fdb->buckets[bi], keys, values);
        for (int i = start; i < FDB_BUCKET_SLOTS; i++) {
            uint64_t k = keys[i], v = values[i];
            if (k == 0 || (vnet != FDB_VNET_ALL && fdb_key_vnet(k) != vnet) ||
                !fdb_is_live(fdb, k, v))
                continue;
            if (n == limit) {
                *cursor = (uint64_t)bi * FDB_BUCKET_SLOTS + (uint64_t)i;
                return n;
            }
            struct fdb_entry *e = &out[n++];
            e->vnet = fdb_key_vnet(k);
            fdb_key_mac(k, e->mac);
            e->port = fdb_val_port(v);
            e->flexnic = fdb_val_flexnic(v);
            e->is_static = fdb_val_static(v);
            e->last_seen_s = e->is_static ? 0 : fdb_val_ts(v);
        }
    }
    *cursor = 0;
    return n;
}
