/*
 * fdb_table: the MAC table's memory layout and its lock-free fast path
 * (hash a probe, check a learn, look up), inline.
 *
 * Why a header: the worker makes two probes, one learn check and one
 * lookup per frame; as calls into fdb.c they cost their prologues, the
 * probe's stores and reloads and the bucket search's second call
 * (callgrind, the 256-host bridge benchmark: 663 -> 575 instructions a
 * frame). fdb.c holds everything that writes (fdb_learn_write() under the
 * bucket locks, statics, aging, flushes); see fdb.h for the design.
 * Included by fdb.h: do not include it directly.
 */
#ifndef OPENVC_DATAPLANE_FDB_TABLE_H
#define OPENVC_DATAPLANE_FDB_TABLE_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dataplane/config.h"

/* ---------------------------------------------------------------- layout */

#define FDB_BUCKET_SLOTS 7

/* Key: bit 63 "used", vNet in bits 48..59, MAC in bits 0..47, mac[i] in
 * bits 8i..8i+7 (fdb_make_key). 0 = empty. */
#define FDB_KEY_USED       (1ull << 63)
#define FDB_KEY_VNET_SHIFT 48
#define FDB_KEY_MAC_MASK   0xffffffffffffull

/* Value: last-seen seconds 0..31, port 32..39, FlexNIC 40..43, static 44,
 * vNet flush sequence 45..63. */
#define FDB_VAL_TS_MASK       0xffffffffull
#define FDB_VAL_PORT_SHIFT    32
#define FDB_VAL_FLEXNIC_SHIFT 40
#define FDB_VAL_STATIC        (1ull << 44)
#define FDB_VAL_SEQ_SHIFT     45
#define FDB_SEQ_BITS          19
#define FDB_SEQ_MASK          ((1u << FDB_SEQ_BITS) - 1)

/* The per-vNet word: flush sequence in the high 32 bits, count of live
 * learned entries in the low 32 bits. */
#define FDB_VNET_SEQ(word)   ((uint32_t)((word) >> 32))
#define FDB_VNET_COUNT(word) ((uint32_t)(word))

_Static_assert(FDB_VNET_ALL == DP_VNET_NONE, "FDB_VNET_ALL must be DP_VNET_NONE");
_Static_assert(DP_MAX_VNETS <= (1u << 12), "vNet id must fit the key's 12 bits");
_Static_assert(FDB_MAX_FLEXNIC < 16, "FlexNIC must fit 4 bits");
_Static_assert(FDB_VAL_SEQ_SHIFT + FDB_SEQ_BITS == 64, "the sequence field ends the value");

/* 128 bytes: line 0 = sequence + 7 keys (all a miss reads), line 1 = values. */
struct fdb_bucket {
    alignas(128) _Atomic uint32_t seq; /* seqlock: odd while a writer holds it */
    uint32_t unused;
    _Atomic uint64_t keys[FDB_BUCKET_SLOTS];
    _Atomic uint64_t values[FDB_BUCKET_SLOTS];
    uint64_t pad;
};
_Static_assert(sizeof(struct fdb_bucket) == 128, "bucket must be 128 bytes");
_Static_assert(offsetof(struct fdb_bucket, values) == 64, "values start the second line");

struct fdb {
    struct fdb_bucket *buckets;
    uint32_t bucket_mask; /* n_buckets - 1 */
    uint32_t n_slots;
    _Atomic uint32_t n_static;
    _Atomic uint64_t vnets[DP_MAX_VNETS]; /* FDB_VNET_SEQ | FDB_VNET_COUNT */
};

static inline void fdb_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/* fdb_make_key: the MAC in memory order, mac[0] in bits 0..7, read with
 * one 4-byte and one 2-byte load: no byte swap on little-endian hosts (a
 * byte-by-byte loop costs some 40 instructions more per key). */
static inline uint64_t fdb_make_key(uint16_t vnet, const uint8_t mac[6])
{
    uint32_t high;
    uint16_t low;
    memcpy(&high, mac, sizeof(high));
    memcpy(&low, mac + 4, sizeof(low));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    high = __builtin_bswap32(high);
    low = __builtin_bswap16(low);
#endif
    uint64_t m = ((uint64_t)low << 32) | high;
    /* "used" joins the vNet before the shift: an or of 16 bits, not one
     * with a 64-bit constant loaded first */
    uint16_t used_vnet = (uint16_t)(vnet | (FDB_KEY_USED >> FDB_KEY_VNET_SHIFT));
    return ((uint64_t)used_vnet << FDB_KEY_VNET_SHIFT) | m;
}

static inline uint16_t fdb_key_vnet(uint64_t key)
{
    return (uint16_t)((key >> FDB_KEY_VNET_SHIFT) & 0xfff);
}

static inline uint32_t fdb_val_ts(uint64_t v)
{
    return (uint32_t)(v & FDB_VAL_TS_MASK);
}

static inline uint8_t fdb_val_port(uint64_t v)
{
    return (uint8_t)(v >> FDB_VAL_PORT_SHIFT);
}

static inline uint8_t fdb_val_flexnic(uint64_t v)
{
    return (uint8_t)((v >> FDB_VAL_FLEXNIC_SHIFT) & 0xf);
}

static inline bool fdb_val_static(uint64_t v)
{
    return (v & FDB_VAL_STATIC) != 0;
}

static inline uint32_t fdb_val_seq(uint64_t v)
{
    return (uint32_t)(v >> FDB_VAL_SEQ_SHIFT) & FDB_SEQ_MASK;
}

/* Signed difference a - b of two wrapping second counters. */
static inline int32_t fdb_time_diff(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b);
}

/* fdb_vnet_seq: the current flush sequence of `vnet`, as stored in values. */
static inline uint32_t fdb_vnet_seq(const struct fdb *fdb, uint16_t vnet)
{
    return FDB_VNET_SEQ(atomic_load_explicit(&fdb->vnets[vnet], memory_order_relaxed)) &
           FDB_SEQ_MASK;
}

/* fdb_value_place: a learned value's bits but the time: port, FlexNIC
 * (at most FDB_MAX_FLEXNIC, which every caller has checked: no mask) and
 * flush sequence `seq` (fdb_make_value() with time 0, not static). The
 * shift drops the bits of `seq` above the field's 19. */
static inline uint64_t fdb_value_place(uint8_t port, uint8_t flexnic, uint32_t seq)
{
    return ((uint64_t)port << FDB_VAL_PORT_SHIFT) | ((uint64_t)flexnic << FDB_VAL_FLEXNIC_SHIFT) |
           ((uint64_t)seq << FDB_VAL_SEQ_SHIFT);
}

/* fdb_is_live_in: `value`, of an entry of `vnet`, is a static entry, or a
 * learned one not flushed since. The sequence compare is one xor of the
 * value with the vNet's word shifted so that its sequence (bits 32..50)
 * lies on the value's field (45..63). */
static inline bool fdb_is_live_in(const struct fdb *fdb, uint16_t vnet, uint64_t value)
{
    uint64_t word = atomic_load_explicit(&fdb->vnets[vnet], memory_order_relaxed);
    return fdb_val_static(value) ||
           ((value ^ (word << (FDB_VAL_SEQ_SHIFT - 32))) >> FDB_VAL_SEQ_SHIFT) == 0;
}

/* fdb_is_live: fdb_is_live_in() of the vNet in `key`. */
static inline bool fdb_is_live(const struct fdb *fdb, uint64_t key, uint64_t value)
{
    return fdb_is_live_in(fdb, fdb_key_vnet(key), value);
}

/* fdb_hash_portable: CRC-32C (Castagnoli, reflected, as SSE4.2's crc32
 * instruction) of the 8 bytes of `key`, little-endian, from `crc`, one bit
 * at a time. Bit for bit what fdb_hash() computes with the instruction:
 * fdb.c is built without DPDK's -march flags and the worker with them, and
 * both must find a key in the same buckets. */
static inline uint32_t fdb_hash_portable(uint32_t crc, uint64_t key)
{
    for (int bit = 0; bit < 64; bit++) {
        uint32_t in = (crc ^ (uint32_t)(key >> bit)) & 1u;
        crc = (crc >> 1) ^ (0x82f63b78u & (0u - in));
    }
    return crc;
}

#define FDB_HASH_SEED 0xffffffffu

/* fdb_hash: CRC-32C of the key: one instruction with SSE4.2 (the worker,
 * built with DPDK's -march), fdb_hash_portable() otherwise. CRC is linear,
 * so keys that differ in a few bits (consecutive MACs, vNets) land in
 * distinct buckets; fmix64 and the byte swaps of the old key cost some 15
 * instructions a probe more (callgrind). */
static inline uint32_t fdb_hash(uint64_t key)
{
#if defined(__SSE4_2__) && defined(__x86_64__)
    return (uint32_t)__builtin_ia32_crc32di(FDB_HASH_SEED, key);
#else
    return fdb_hash_portable(FDB_HASH_SEED, key);
#endif
}

/* fdb_bucket_indexes: the two candidate buckets of `key`, always distinct:
 * the hash's low bits, and those xor its high 16 bits with the lowest set
 * (as rte_hash's secondary bucket), so the two differ in bit 0 at least.
 * The high bits are independent of the low ones up to 65,536 buckets
 * (458,752 slots); above that the second bucket is one of 65,536 near the
 * first, which still spreads keys. */
static inline void fdb_bucket_indexes(const struct fdb *fdb, uint64_t key, uint32_t *i1,
                                      uint32_t *i2)
{
    uint32_t h = fdb_hash(key);
    *i1 = h & fdb->bucket_mask;
    *i2 = (*i1 ^ ((h >> 16) | 1u)) & fdb->bucket_mask;
}

/* fdb_probe_make: the key of (vnet, mac) and its two candidate buckets. */
static inline void fdb_probe_make(const struct fdb *fdb, uint16_t vnet, const uint8_t mac[6],
                                  struct fdb_probe *p)
{
    uint32_t i1, i2;
    p->key = fdb_make_key(vnet, mac);
    fdb_bucket_indexes(fdb, p->key, &i1, &i2);
    p->bucket1 = &fdb->buckets[i1];
    p->bucket2 = &fdb->buckets[i2];
    p->vnet = vnet;
}

/* fdb_bucket_find: look for `key` in bucket `b` without locking; on a hit
 * stores its value (read consistently with the key) and returns true. The
 * key compares are unrolled; a hit and a miss each end in their own
 * sequence check, so that the caller branches on no "found" flag; and an
 * odd sequence (a writer inside) is caught by that check's compare, whose
 * search it then throws away: no test and branch of its own. */
static inline bool fdb_bucket_find(const struct fdb_bucket *b, uint64_t key, uint64_t *value)
{
    struct fdb_bucket *mb = (struct fdb_bucket *)b; /* atomics are only loaded */
    for (;;) {
        /* Unchanged and even in one compare: an odd sequence with its low
         * bit cleared is below any read after it (but after 2^32 - 1
         * writes in between, as the classic check fails after 2^32). */
        uint32_t even = atomic_load_explicit(&mb->seq, memory_order_acquire) & ~1u;
        int i;
#pragma GCC unroll 7
        for (i = 0; i < FDB_BUCKET_SLOTS; i++) {
            if (atomic_load_explicit(&mb->keys[i], memory_order_acquire) == key)
                break;
        }
        if (i < FDB_BUCKET_SLOTS) {
            uint64_t v = atomic_load_explicit(&mb->values[i], memory_order_acquire);
            if (__builtin_expect(atomic_load_explicit(&mb->seq, memory_order_relaxed) == even, 1)) {
                *value = v;
                return true;
            }
        } else if (__builtin_expect(atomic_load_explicit(&mb->seq, memory_order_relaxed) == even,
                                    1)) {
            return false;
        }
        fdb_cpu_relax();
    }
}

/* fdb_find_unlocked: lock-free search of the probe's two buckets. */
static inline bool fdb_find_unlocked(const struct fdb_probe *p, uint64_t *value)
{
    return fdb_bucket_find(p->bucket1, p->key, value) || fdb_bucket_find(p->bucket2, p->key, value);
}

/* fdb_learn_write: fdb_learn_probe() when something may change: under the
 * locks of both buckets, in fdb.c. Out of line, so that the read-only common
 * case does not carry its code and registers. */
enum fdb_learn_result fdb_learn_write(struct fdb *fdb, const struct fdb_probe *probe, uint8_t port,
                                      uint8_t flexnic, uint32_t now_s, uint32_t mac_limit);

_Static_assert(FDB_REFRESH_S == 1, "fdb_learn_probe's common case is an entry stamped now_s");

/* fdb_learn_probe: fdb_learn() of the probe's (vnet, mac), without
 * fdb_learn()'s argument checks (see fdb.h). */
static inline enum fdb_learn_result fdb_learn_probe(struct fdb *fdb, const struct fdb_probe *probe,
                                                    uint8_t port, uint8_t flexnic, uint32_t now_s,
                                                    uint32_t mac_limit)
{
    /* The common case, read only: known here and seen this second. A
     * learned entry here, not flushed since and stamped now_s, is exactly
     * `here`: one compare instead of the checks below (callgrind: 559 ->
     * 536 instructions a frame). One stamped later (by another worker)
     * takes the checks below, one stamped earlier is refreshed. */
    uint64_t v;
    if (__builtin_expect(fdb_find_unlocked(probe, &v), 1)) {
        /* only on a hit, so that a miss carries no "found" flag here */
        uint64_t here = fdb_value_place(port, flexnic, fdb_vnet_seq(fdb, probe->vnet)) | now_s;
        if (__builtin_expect(v == here, 1))
            return FDB_LEARN_UNCHANGED;
        if (fdb_is_live_in(fdb, probe->vnet, v)) {
            bool same_place = fdb_val_port(v) == port && fdb_val_flexnic(v) == flexnic;
            if (fdb_val_static(v))
                return same_place ? FDB_LEARN_UNCHANGED : FDB_LEARN_STATIC_CONFLICT;
            if (same_place && fdb_time_diff(now_s, fdb_val_ts(v)) < (int32_t)FDB_REFRESH_S)
                return FDB_LEARN_UNCHANGED;
        }
    }
    return fdb_learn_write(fdb, probe, port, flexnic, now_s, mac_limit);
}

/* fdb_lookup_probe: fdb_lookup() of the probe's (vnet, mac), without its
 * vNet check (see fdb.h). */
static inline bool fdb_lookup_probe(const struct fdb *fdb, const struct fdb_probe *probe,
                                    uint8_t *port, uint8_t *flexnic)
{
    uint64_t v;
    if (!fdb_find_unlocked(probe, &v) || !fdb_is_live_in(fdb, probe->vnet, v))
        return false;
    if (port != NULL)
        *port = fdb_val_port(v);
    if (flexnic != NULL)
        *flexnic = fdb_val_flexnic(v);
    return true;
}

/* fdb_probe_prefetch: hash (vnet, mac) into *probe and start loading what
 * a learn or a lookup of it reads (as fdb_prefetch()). Never writes to the
 * table; any arguments are safe.
 * Both lines of both buckets: a hit in the second bucket (half of the keys:
 * an insert takes the emptier one) reads its values line too, and a miss
 * there would stall the second pass. The buckets are computed from the
 * masked hash, so any vNet is safe to prefetch for. */
static inline void fdb_probe_prefetch(const struct fdb *fdb, uint16_t vnet, const uint8_t mac[6],
                                      struct fdb_probe *probe)
{
    fdb_probe_make(fdb, vnet, mac, probe);
    __builtin_prefetch(probe->bucket1);
    __builtin_prefetch((const char *)probe->bucket1 + 64);
    __builtin_prefetch(probe->bucket2);
    __builtin_prefetch((const char *)probe->bucket2 + 64);
}
#endif
