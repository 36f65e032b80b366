/*
 * pool: the managed address pools that server profiles draw their MACs,
 * WWNs and logical serial numbers from (VC-REFERENCE.md, "Address pools").
 *
 * Design note
 * -----------
 * Addresses. Every kind is a uint64_t: a MAC is its 48 bits (first byte
 * most significant), a WWN its 64 bits, a logical serial "VCX0000209" is
 * prefix << 24 | number, where the 1-3 prefix characters ([A-Z0-9]) are
 * packed as bytes left-aligned in 24 bits (zero-padded on the right) and the
 * number is the 7 decimal digits (< 10^7 < 2^24). So consecutive serials of
 * one prefix are consecutive integers, and ranges of every kind are plain
 * integer intervals. The value 0 is never a valid address of any kind.
 * Text forms: MAC "02:56:43:00:00:01", WWN "30:56:43:00:00:00:00:01" (exactly
 * two hex digits per byte, colons only, either case in, lowercase out), serial
 * "VCX0000209" (the last 7 characters are the number, the 1-3 before them
 * the prefix; uppercase only).
 *
 * Ranges. A pool holds the ranges of one kind, sorted by start, never
 * overlapping. Pre-defined range k (0..63) of 1024 addresses:
 *   MAC  02:56:43:00:00:00 + k*1024 .. + 1023   (k=0: ..00:00..00:03:ff,
 *                                                k=63: ..00:fc:00..00:ff:ff)
 *   WWN  30:56:43:00:00:00:00:00 + k*1024 .. + 1023
 * The 64 of them form the pre-defined block; a user-defined range may not
 * touch any of it (configured in this pool or not: each pre-defined range is
 * meant for one domain, and another domain may be using it). User-defined
 * ranges are checked: MAC start and end locally administered unicast (first
 * byte: bit 0x02 set, bit 0x01 clear) and with the same first byte (any range
 * that crosses a first byte contains multicast or global addresses); WWN start
 * and end with the same NAA nibble, one of 1 (IEEE 48-bit), 2 (IEEE extended),
 * 3 (locally assigned), 5 (IEEE registered) -- only the nibble is checked;
 * serials with the same prefix; start <= end; at most 2^24 addresses per range,
 * 2^26 per pool, 4096 ranges per pool. Serials have no pre-defined ranges.
 * The factory pool (burned-in addresses) is a mode of the profile, not a
 * range: this module never sees it.
 *
 * States. An address inside a range is Free, In use (handed out by
 * pool_alloc or claimed) or Excluded (never handed out). A claimed address
 * outside every range is External (tracked in a hash set, e.g. a
 * user-specified address); any other address is Unmanaged. Adding a range
 * that covers External addresses turns them In use inside it. A range cannot
 * be removed while any of its addresses is In use; its exclusions go with it.
 *
 * Rebuilding. The state is exactly (ranges, In use + External addresses,
 * Excluded addresses), and allocation order depends on that state only, not
 * on history: a pool rebuilt by adding the stored ranges, claiming the stored
 * in-use addresses and excluding the stored excluded ones, in any order,
 * hands out exactly what the original would have.
 *
 * Allocation order. pool_alloc hands out the lowest Free address of the
 * pool (ranges in address order). pool_alloc_pair hands out the lowest free
 * *aligned pair* (an even address and the next one, both Free and in the
 * same range), for a FC port WWN and its node WWN = port + 1.
 *
 * Structures and complexity. Each range keeps a hierarchical bitmap of its
 * Free addresses: level 0 one bit per address, each level above one bit per
 * word of the level below ("that word has a free bit"), up to a single
 * word; a 2^24 range has 4 levels. The lowest free address is found with one
 * count-trailing-zeros per level; taking or freeing an address updates a
 * level only when a word becomes empty or stops being empty. A second such
 * bitmap tracks the free aligned pairs, and at pool level two small ones
 * (one bit per range) track which ranges have a free address / pair.
 * Excluded addresses have a flat bitmap per range, allocated on first use.
 *   pool_alloc, pool_alloc_pair      O(log64 R + log64 n): at most ~8 words
 *   pool_claim/release/exclude/include/state
 *                                    O(log2 R) binary search + O(log64 n)
 *                                    (External addresses: O(1) expected hash)
 *   pool_range_add                   O(n/64 + R + E) (build bitmaps, insert,
 *                                    adopt External addresses)
 *   pool_range_remove                O(R)
 *   pool_counts                      O(R)
 * with n the range size, R the number of ranges, E the External addresses.
 * Nothing gets slower as the pool fills. Memory: about 1.5 bits per address
 * (2.5 once the range has an exclusion): a full 2^26 pool is ~13-21 MB.
 *
 * Errors are negative errno values with an optional one-line message
 * (error/error_size, may be NULL/0); nothing is printed. Not thread-safe:
 * the manager serializes changes. No I/O: the store persists the state.
 */
#ifndef OPENVC_PROFILES_POOL_H
#define OPENVC_PROFILES_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define POOL_PREDEFINED_RANGES   64                    /* pre-defined ranges per kind (MAC, WWN) */
#define POOL_PREDEFINED_SIZE     1024                  /* addresses per pre-defined range */
#define POOL_MAC_PREDEFINED_BASE 0x025643000000ULL     /* 02:56:43:00:00:00 */
#define POOL_WWN_PREDEFINED_BASE 0x3056430000000000ULL /* 30:56:43:00:00:00:00:00 */
#define POOL_RANGE_SIZE_MAX      (1ULL << 24)          /* addresses per range */
#define POOL_SIZE_MAX            (1ULL << 26)          /* addresses per pool, all ranges */
#define POOL_RANGES_MAX          4096                  /* ranges per pool */
#define POOL_SERIAL_DIGITS       7
#define POOL_SERIAL_NUMBER_MAX   9999999
#define POOL_SERIAL_PREFIX_MAX   3
#define POOL_ADDRESS_STR_MAX     24 /* "30:56:43:00:00:00:00:01" and its NUL */

enum pool_kind {
    POOL_KIND_MAC,
    POOL_KIND_WWN,
    POOL_KIND_SERIAL,
};

enum pool_address_state {
    POOL_UNMANAGED, /* outside every range and not claimed */
    POOL_FREE,      /* in a range, may be handed out */
    POOL_IN_USE,    /* in a range, handed out or claimed */
    POOL_EXCLUDED,  /* in a range, never handed out */
    POOL_EXTERNAL,  /* outside every range, claimed */
};

/* One range as pool_range_get/pool_range_find report it. */
struct pool_range_info {
    uint64_t start, end; /* inclusive */
    int predefined;      /* 0..63 for pre-defined range k, -1 for user-defined */
    uint64_t size;       /* end - start + 1 */
    uint64_t free;       /* size - in_use - excluded */
    uint64_t in_use;
    uint64_t excluded;
};

/* Totals over a pool, as pool_counts reports them. */
struct pool_counts {
    unsigned ranges;
    uint64_t size; /* addresses in all ranges */
    uint64_t free;
    uint64_t in_use; /* inside ranges */
    uint64_t excluded;
    uint64_t external; /* claimed outside every range */
};

struct pool;

/* ------------------------------------------------------------ addresses */

/* pool_kind_name: "MAC", "WWN" or "serial number"; "?" for another value. */
const char *pool_kind_name(enum pool_kind kind);

/* pool_state_name: "Unmanaged", "Free", "In use", "Excluded", "External";
 * "?" for another value. */
const char *pool_state_name(enum pool_address_state state);

/* pool_parse_address: read `text` as an address of `kind` (forms in the
 * design note) into *address. Returns 0, or -EINVAL when kind is unknown,
 * text or address is NULL, or the text is not exactly that form (wrong
 * length, separator or digit, lowercase serial prefix, prefix longer than 3
 * characters, all-zero address). *address is untouched on error. */
int pool_parse_address(enum pool_kind kind, const char *text, uint64_t *address);

/* pool_format_address: write `address` of `kind` as text into buf/size (at
 * most POOL_ADDRESS_STR_MAX bytes with the NUL). Returns 0, -EINVAL when kind
 * is unknown, buf is NULL or the value is not an address of that kind (a MAC
 * above 48 bits, a serial whose encoding is not a prefix and a 7-digit
 * number, zero), or -ENOSPC when size is too small (buf then holds "" when
 * size > 0). */
int pool_format_address(enum pool_kind kind, uint64_t address, char *buf, size_t size);

/* pool_check_address: may `address` be given to a server as an address of
 * `kind` (what pool_claim accepts): a MAC of 48 bits, unicast (first byte bit
 * 0x01 clear) and not zero; a WWN of NAA 1, 2, 3 or 5; a well-formed serial.
 * error/error_size: message, may be NULL. Returns 0 or -EINVAL. */
int pool_check_address(enum pool_kind kind, uint64_t address, char *error, size_t error_size);

/* pool_predefined_range: the bounds of pre-defined range k (0..63) of kind
 * MAC or WWN into *start and *end (inclusive). Returns 0, or -EINVAL for a serial
 * kind, k >= 64 or NULL pointers. */
int pool_predefined_range(enum pool_kind kind, unsigned k, uint64_t *start, uint64_t *end);

/* ------------------------------------------------------------ lifecycle */

/* pool_create: an empty pool (no ranges) of `kind`. Returns NULL when kind is
 * unknown or memory is short. */
struct pool *pool_create(enum pool_kind kind);

/* pool_destroy: free `pool` and everything it holds; NULL is accepted. */
void pool_destroy(struct pool *pool);

/* pool_kind: the kind `pool` was created with. */
enum pool_kind pool_kind(const struct pool *pool);

/* --------------------------------------------------------------- ranges */

/* pool_range_add: add the user-defined range start..end (inclusive) to
 * `pool`. External addresses it covers become In use in it. error/error_size:
 * message, may be NULL. Returns 0, or
 *   -EINVAL  an end is not a valid address of the kind, start > end, a MAC
 *            end that is multicast or globally administered, ends in two
 *            first bytes / NAA types / serial prefixes (the message says which)
 *   -E2BIG   more than 2^24 addresses, the pool would exceed 2^26 addresses
 *            or 4096 ranges
 *   -EEXIST  it touches the pre-defined block or overlaps a configured range
 *            (the message names that range)
 *   -ENOMEM  out of memory.
 * On error the pool is unchanged. */
int pool_range_add(struct pool *pool, uint64_t start, uint64_t end, char *error, size_t error_size);

/* pool_range_add_predefined: add pre-defined range k (0..63) to a MAC or WWN
 * pool. Returns 0, -EINVAL for a serial pool or k >= 64, -EEXIST when it is
 * already configured, -E2BIG past the pool limits, -ENOMEM. */
int pool_range_add_predefined(struct pool *pool, unsigned k, char *error, size_t error_size);

/* pool_range_remove: remove the range that is exactly start..end, with its
 * exclusions. Returns 0, -ENOENT when no range is exactly that, -EBUSY while
 * any of its addresses is In use ("ranges cannot change while profiles hold
 * addresses from them"; the message gives the count). */
int pool_range_remove(struct pool *pool, uint64_t start, uint64_t end, char *error,
                      size_t error_size);

/* pool_range_count: how many ranges `pool` holds. */
unsigned pool_range_count(const struct pool *pool);

/* pool_range_get: the range at `index` (0..count-1, in address order) into
 * *info. Returns 0, or -ENOENT when index is out of bounds. */
int pool_range_get(const struct pool *pool, unsigned index, struct pool_range_info *info);

/* pool_range_find: the range containing `address` into *info (may be NULL,
 * to test only). Returns its index (>= 0), or -ENOENT when no range holds it. */
int pool_range_find(const struct pool *pool, uint64_t address, struct pool_range_info *info);

/* pool_counts: totals over all ranges and the External addresses. */
void pool_counts(const struct pool *pool, struct pool_counts *counts);

/* ------------------------------------------------------------ addresses */

/* pool_alloc: hand out the lowest Free address of `pool` into *address and
 * mark it In use. Returns 0, or -ENOSPC when no range has a Free address
 * (the message says how many are in use and excluded), -EINVAL for NULL. */
int pool_alloc(struct pool *pool, uint64_t *address, char *error, size_t error_size);

/* pool_alloc_pair: hand out the lowest free aligned pair: *first (even) and
 * *first + 1, both Free in the same range, both become In use. Returns 0,
 * -ENOSPC when no such pair is left (single addresses may remain), -EINVAL
 * for NULL. Release the two with pool_release. */
int pool_alloc_pair(struct pool *pool, uint64_t *first, char *error, size_t error_size);

/* pool_claim: mark `address` In use: a user-specified address, or one the
 * store says is in use when rebuilding. Inside a range it must be Free;
 * outside every range it becomes External. Returns 0, or -EINVAL when
 * pool_check_address refuses it, -EBUSY when it is already In use or
 * External, -EPERM when it is Excluded, -ENOMEM (External set growth). */
int pool_claim(struct pool *pool, uint64_t address, char *error, size_t error_size);

/* pool_release: give back an In use or External address (In use becomes
 * Free, External becomes Unmanaged). Returns 0, or -ENOENT when it is Free,
 * Excluded or Unmanaged (the message says which). */
int pool_release(struct pool *pool, uint64_t address, char *error, size_t error_size);

/* pool_exclude: mark a Free address of a range never to be handed out.
 * Returns 0, or -ENOENT outside every range, -EBUSY when In use, -EALREADY
 * when already Excluded, -ENOMEM (first exclusion of a range). */
int pool_exclude(struct pool *pool, uint64_t address, char *error, size_t error_size);

/* pool_include: undo pool_exclude: an Excluded address becomes Free.
 * Returns 0, or -ENOENT when the address is not Excluded. */
int pool_include(struct pool *pool, uint64_t address, char *error, size_t error_size);

/* pool_state: the state of `address` in `pool` (see the design note). */
enum pool_address_state pool_state(const struct pool *pool, uint64_t address);

#endif
