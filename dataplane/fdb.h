/*
 * fdb: the fast path's MAC table (forwarding database), keyed on (vNet, MAC).
 *
 * Why its own table rather than rte_hash: workers look up every frame and
 * learn on every frame, the control thread ages and flushes, and all of it
 * must be testable without DPDK. This file is pure C11 with <stdatomic.h>.
 *
 * Design note
 * -----------
 * Entry. The key is 8 bytes: the vNet id (12 bits used, 0..DP_MAX_VNETS-1),
 * the MAC (48 bits) and a "slot used" bit, in one uint64_t; 0 means an empty
 * slot. The value is 8 bytes in one uint64_t: last-seen time in whole seconds
 * (32 bits), port index (8 bits), FlexNIC 0..3 (4 bits), a static flag, and
 * the vNet's flush sequence number at learn time (19 bits).
 *
 * Flush by sequence number (as FD.io VPP's l2 fib). Each vNet has one atomic
 * word holding its flush sequence and its count of live learned entries.
 * fdb_flush_vnet() bumps the sequence and zeroes the count in one atomic
 * step: O(1), no walk. A learned entry whose sequence differs from its vNet's
 * current one is stale: lookups treat it as absent, and its slot is
 * reclaimed lazily, by a learn that needs the slot, by fdb_age(), or by the
 * walks of fdb_flush_port() / fdb_flush_statics(). Reclaiming a stale entry
 * never touches the count again. The entry's sequence field is 19 bits; so
 * that a stale entry can never come back to life when the sequence wraps, a
 * vNet's flush sweeps that vNet's stale entries out once every 2^18 flushes
 * (amortized O(1)).
 *
 * Static entries (configured MACs) carry a flag instead of a live sequence:
 * they are never aged, never moved by learning (a learn of the same MAC on
 * another port or FlexNIC returns FDB_LEARN_STATIC_CONFLICT and changes
 * nothing), do not count toward a vNet's MAC limit, and survive
 * fdb_flush_vnet/_port/_all, which remove learned entries only. Remove them
 * with fdb_remove() or fdb_flush_statics().
 *
 * Table. Open addressing over a power-of-two array of buckets. A bucket is
 * 128 bytes, aligned: the first 64-byte line holds a sequence word and 7
 * keys, the second line the 7 values, so a miss reads one line. A key may
 * live in one of two buckets chosen by its CRC-32C (fdb_bucket_indexes() in
 * fdb_table.h); an insert takes the emptier one. A key is in at most one slot and never moves
 * between slots while it exists, which makes fdb_walk() pagination stable.
 * Capacity is fixed at fdb_create(); there is no resize and no eviction:
 * when both buckets of a new key are full, learning returns FDB_LEARN_FULL.
 *
 * Learning writes only when something changed: a new MAC, a move (port or
 * FlexNIC differs), or a last-seen time at least one second old. The common
 * case, a known MAC seen again within the second, is a lock-free read.
 *
 * Thread safety. fdb_lookup(), fdb_count*(), fdb_capacity() and fdb_walk()
 * never write and take no lock: each bucket's sequence word is a seqlock;
 * readers retry while it is odd or when it changed during the read, so they
 * never see a key with another key's value. Writers (fdb_learn() from any
 * number of worker threads; fdb_add_static, fdb_remove, fdb_age and the
 * flushes from the control thread, though they too are safe from any thread)
 * serialize per bucket by CAS on the same word (even -> odd). A learn that
 * inserts takes the key's two buckets in index order. Counts are exact: an
 * insert reserves its place in the vNet's word by CAS (checking the MAC
 * limit and reading the sequence at the same instant), a removal releases it
 * only if the entry's sequence is still current.
 *
 * Time is passed in by the caller (clock_now_s()), so tests drive aging
 * exactly. Times compare by signed 32-bit difference: wrap-safe, and an
 * entry stamped slightly in the future by another worker is simply young.
 */
#ifndef OPENVC_DATAPLANE_FDB_H
#define OPENVC_DATAPLANE_FDB_H

#include <stdbool.h>
#include <stdint.h>

#define FDB_VNET_ALL     0xffffu    /* fdb_walk/fdb_flush_statics: every vNet (= DP_VNET_NONE) */
#define FDB_MAX_CAPACITY (1u << 24) /* fdb_create() refuses more entries */
#define FDB_MAX_FLEXNIC  15u        /* the value's FlexNIC field is 4 bits */
#define FDB_REFRESH_S    1u         /* coarse timestamp: refresh at most once a second */

struct fdb;

/* One live entry as reported by fdb_walk(). */
struct fdb_entry {
    uint16_t vnet;
    uint8_t mac[6];
    uint8_t port;
    uint8_t flexnic;
    bool is_static;
    uint32_t last_seen_s; /* learn or refresh time; 0 for a static */
};

enum fdb_learn_result {
    FDB_LEARN_UNCHANGED,       /* known here, seen within the second: nothing written */
    FDB_LEARN_REFRESHED,       /* known here, last-seen time updated */
    FDB_LEARN_NEW,             /* a new entry */
    FDB_LEARN_MOVED,           /* known on another port/FlexNIC: moved here */
    FDB_LEARN_LIMIT,           /* new MAC refused: the vNet's MAC limit is reached */
    FDB_LEARN_FULL,            /* new MAC refused: no free slot for it */
    FDB_LEARN_STATIC_CONFLICT, /* a static entry holds the MAC elsewhere: unchanged */
    FDB_LEARN_INVALID,         /* bad argument: vNet out of range, group MAC, port
                                  DP_PORT_NONE, FlexNIC > FDB_MAX_FLEXNIC */
};

/* fdb_create: a table for at least `capacity` entries (1..FDB_MAX_CAPACITY),
 * rounded up so that the load stays under 80% (see fdb_capacity()). Returns
 * NULL if capacity is 0 or too large, or on allocation failure. */
struct fdb *fdb_create(uint32_t capacity);

/* fdb_destroy: frees the table; accepts NULL. No other thread may use it. */
void fdb_destroy(struct fdb *fdb);

/* fdb_learn: the source MAC `mac` was seen in vNet `vnet` on port `port`,
 * FlexNIC `flexnic` (0 on uplinks), at `now_s` (clock_now_s()). `mac_limit`
 * is the vNet's maximum of learned entries, 0 for none; it only refuses new
 * MACs: known ones still refresh and move. Writes only if something changed.
 * Returns what happened (see enum fdb_learn_result); LIMIT, FULL,
 * STATIC_CONFLICT and INVALID change nothing. Any thread. */
enum fdb_learn_result fdb_learn(struct fdb *fdb, uint16_t vnet, const uint8_t mac[6], uint8_t port,
                                uint8_t flexnic, uint32_t now_s, uint32_t mac_limit);

/* fdb_lookup: where is `mac` in vNet `vnet`? On a hit returns true and
 * stores the port and FlexNIC into *port and *flexnic (either may be NULL).
 * Returns false for an unknown, flushed or stale MAC, or a vNet out of
 * range. Never writes to the table; lock-free; any thread. */
bool fdb_lookup(const struct fdb *fdb, uint16_t vnet, const uint8_t mac[6], uint8_t *port,
                uint8_t *flexnic);

/* fdb_prefetch: start loading the two buckets of (vnet, mac) into the cache,
 * so that a fdb_learn or fdb_lookup on them a little later does not wait
 * for memory. Never writes; any arguments are safe. */
void fdb_prefetch(const struct fdb *fdb, uint16_t vnet, const uint8_t mac[6]);

/* A (vNet, MAC) hashed once, for the fast path: fdb_probe_prefetch() fills
 * it and starts loading its buckets; fdb_learn_probe() and
 * fdb_lookup_probe() then go straight to those buckets, without hashing
 * again. A probe belongs to the table it was made for and stays valid for
 * the table's lifetime (buckets never move). Plain data: keep it anywhere. */
struct fdb_bucket;
struct fdb_probe {
    uint64_t key;                     /* the table's key: vNet, MAC and the "used" bit */
    const struct fdb_bucket *bucket1; /* the key's two buckets, in the table */
    const struct fdb_bucket *bucket2;
    uint16_t vnet; /* as given */
};

/* fdb_probe_prefetch(), fdb_learn_probe() and fdb_lookup_probe(), the fast
 * path's fdb_prefetch(), fdb_learn() and fdb_lookup() of a probe: inline, in
 * fdb_table.h (included at the end of this file). fdb_probe_prefetch()
 * takes any arguments. The other two trust theirs, which the worker
 * guarantees (frame_parse() refuses group sources, classify_ingress() gives
 * a vNet and a FlexNIC, the port is a real slot): the probe's vNet is below
 * DP_MAX_VNETS, and for a learn its MAC is unicast, the port is not
 * DP_PORT_NONE and the FlexNIC at most FDB_MAX_FLEXNIC. fdb_learn() and
 * fdb_lookup() check theirs. */

/* fdb_add_static: configure `mac` in `vnet` at `port`/`flexnic` for good.
 * Replaces a learned entry of the same MAC (which then stops counting toward
 * the vNet's limit) or updates an existing static one. Returns 0, -EINVAL
 * for a group (multicast/broadcast) MAC, a vNet out of range, port
 * DP_PORT_NONE or FlexNIC > FDB_MAX_FLEXNIC, -ENOSPC when both buckets of
 * the MAC are full. */
int fdb_add_static(struct fdb *fdb, uint16_t vnet, const uint8_t mac[6], uint8_t port,
                   uint8_t flexnic);

/* fdb_remove: remove the live entry (learned or static) of `mac` in `vnet`.
 * Returns 0, -ENOENT if there is none (or the vNet is out of range). */
int fdb_remove(struct fdb *fdb, uint16_t vnet, const uint8_t mac[6]);

/* fdb_age: remove the learned entries last seen more than `max_age_s`
 * seconds before `now_s`; statics stay. max_age_s == 0 disables aging (as
 * dp_config.aging_s). Also reclaims the slots of stale (flushed) entries.
 * Walks the whole table, locking only buckets it changes. Returns the number
 * of live entries aged out. */
unsigned fdb_age(struct fdb *fdb, uint32_t now_s, uint32_t max_age_s);

/* fdb_flush_vnet: forget every learned entry of `vnet` in O(1) (sequence
 * bump); its count becomes 0 at once. Statics stay. Ignores a vNet out of
 * range. */
void fdb_flush_vnet(struct fdb *fdb, uint16_t vnet);

/* fdb_flush_port: remove the learned entries on port `port` (all vNets,
 * all FlexNICs), e.g. on link down. Walks the table. Statics stay. Returns
 * the number removed. */
unsigned fdb_flush_port(struct fdb *fdb, uint8_t port);

/* fdb_flush_all: forget every learned entry (an O(1) flush of each vNet).
 * Statics stay. Returns the number of learned entries forgotten. */
unsigned fdb_flush_all(struct fdb *fdb);

/* fdb_flush_statics: remove the static entries of `vnet`, or of every vNet
 * with FDB_VNET_ALL, e.g. before installing a new configuration's list.
 * Walks the table. Returns the number removed. */
unsigned fdb_flush_statics(struct fdb *fdb, uint16_t vnet);

/* fdb_count_vnet: live learned entries of `vnet` (statics excluded): what a
 * MAC limit compares with. 0 for a vNet out of range. O(1). */
uint32_t fdb_count_vnet(const struct fdb *fdb, uint16_t vnet);

/* fdb_count: all live entries, learned and static. O(DP_MAX_VNETS). */
uint32_t fdb_count(const struct fdb *fdb);

/* fdb_capacity: number of slots, >= the capacity asked of fdb_create().
 * Learning may report FULL somewhat before the table holds this many, when
 * both buckets of a MAC are full. */
uint32_t fdb_capacity(const struct fdb *fdb);

/* fdb_walk: copy up to `limit` live entries into out[], in slot order,
 * starting at *cursor (0 = from the start); only those of `vnet`, or all
 * with FDB_VNET_ALL. Sets *cursor to where the next call resumes, or 0 once
 * the end was reached. An entry that stays in the table during a paginated
 * walk is reported exactly once; one added or removed meanwhile may or may
 * not be. Lock-free; any thread. Returns the number of entries written. */
unsigned fdb_walk(const struct fdb *fdb, uint16_t vnet, uint64_t *cursor, struct fdb_entry *out,
                  unsigned limit);

#include "dataplane/fdb_table.h"

#endif
