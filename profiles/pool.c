/*
 * pool.c: MAC, WWN and logical serial number pools of server profiles.
 *
 * The manager takes addresses from here when it creates a profile and gives
 * them back when the profile is deleted; the store persists the result and
 * rebuilds a pool at start-up from its ranges, in-use and excluded lists.
 * The design and the complexity of each operation are in pool.h. Sections:
 * hierarchical bitmap, External set, address text forms, ranges, addresses.
 */
#include "profiles/pool.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAC_MAX            0xffffffffffffULL
#define SERIAL_NUMBER_BITS 24
#define SERIAL_NUMBER_MASK ((1ULL << SERIAL_NUMBER_BITS) - 1)
#define PREDEFINED_BLOCK   ((uint64_t)POOL_PREDEFINED_RANGES * POOL_PREDEFINED_SIZE)

/* pool_error: write a message into error (may be NULL) and return code. */
static int pool_error(char *error, size_t error_size, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int pool_error(char *error, size_t error_size, int code, const char *fmt, ...)
{
    if (error != NULL && error_size > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(error, error_size, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ---------------------------------------------------- hierarchical bitmap */

/* A set of small integers 0..nbits-1 with O(log64 n) insert, remove and
 * find-lowest. level[0] has one bit per item; level[l+1] one bit per word of
 * level[l], set when that word is not zero; the top level is one word. */
#define HBM_LEVELS_MAX 6 /* enough for 2^36 items */

struct hbm {
    uint64_t nbits;
    unsigned levels; /* 0 when nbits is 0 */
    uint64_t *level[HBM_LEVELS_MAX];
    uint64_t words[HBM_LEVELS_MAX];
    uint64_t *mem;
};

/* set_low_bits: set bits 0..count-1 of the word array w. */
static void set_low_bits(uint64_t *w, uint64_t count)
{
    uint64_t full = count / 64;
    for (uint64_t i = 0; i < full; i++)
        w[i] = ~0ULL;
    if (count % 64 != 0)
        w[full] = (1ULL << (count % 64)) - 1;
}

/* hbm_fill: make the set {0..nbits-1} (all_set) or empty. */
static void hbm_fill(struct hbm *h, bool all_set)
{
    for (unsigned l = 0; l < h->levels; l++) {
        memset(h->level[l], 0, h->words[l] * sizeof(uint64_t));
        if (all_set)
            set_low_bits(h->level[l], l == 0 ? h->nbits : h->words[l - 1]);
    }
}

/* hbm_init: a bitmap of nbits items, all present (all_set) or none.
 * Returns 0 or -ENOMEM. */
static int hbm_init(struct hbm *h, uint64_t nbits, bool all_set)
{
    memset(h, 0, sizeof(*h));
    h->nbits = nbits;
    if (nbits == 0)
        return 0;
    uint64_t total = 0, bits = nbits;
    for (;;) {
        h->words[h->levels] = (bits + 63) / 64;
        total += h->words[h->levels];
        h->levels++;
        if (h->words[h->levels - 1] == 1)
            break;
        bits = h->words[h->levels - 1];
    }
    h->mem = malloc(total * sizeof(uint64_t));
    if (h->mem == NULL)
        return -ENOMEM;
    uint64_t *p = h->mem;
    for (unsigned l = 0; l < h->levels; l++) {
        h->level[l] = p;
        p += h->words[l];
    }
    hbm_fill(h, all_set);
    return 0;
}

static void hbm_free(struct hbm *h)
{
    free(h->mem);
    h->mem = NULL;
}

static bool hbm_test(const struct hbm *h, uint64_t i)
{
    return (h->level[0][i >> 6] >> (i & 63)) & 1;
}

/* hbm_set: add item i; a level changes only when a word stops being zero. */
static void hbm_set(struct hbm *h, uint64_t i)
{
    for (unsigned l = 0; l < h->levels; l++) {
        uint64_t *w = &h->level[l][i >> 6];
        bool was_zero = *w == 0;
        *w |= 1ULL << (i & 63);
        if (!was_zero)
            break;
        i >>= 6;
    }
}

/* hbm_clear: remove item i; a level changes only when a word becomes zero. */
static void hbm_clear(struct hbm *h, uint64_t i)
{
    for (unsigned l = 0; l < h->levels; l++) {
        uint64_t *w = &h->level[l][i >> 6];
        *w &= ~(1ULL << (i & 63));
        if (*w != 0)
            break;
        i >>= 6;
    }
}

static bool hbm_any(const struct hbm *h)
{
    return h->levels > 0 && h->level[h->levels - 1][0] != 0;
}

/* hbm_first: the lowest item into *i; false when the set is empty. */
static bool hbm_first(const struct hbm *h, uint64_t *i)
{
    if (!hbm_any(h))
        return false;
    uint64_t idx = 0;
    for (unsigned l = h->levels; l-- > 0;)
        idx = idx * 64 + (uint64_t)__builtin_ctzll(h->level[l][idx]);
    *i = idx;
    return true;
}

/* ------------------------------------------------------------ External set */

/* Open addressing with linear probing and backward-shift deletion; 0 marks an
 * empty slot (0 is never a valid address). At most half full. */
struct ext_set {
    uint64_t *slots;
    unsigned log2_cap; /* 0 while slots is NULL */
    uint64_t count;
};

static uint64_t ext_home(const struct ext_set *s, uint64_t key)
{
    return (key * 0x9e3779b97f4a7c15ULL) >> (64 - s->log2_cap);
}

/* ext_find: the slot holding key, or the empty slot where it would go. */
static uint64_t ext_find(const struct ext_set *s, uint64_t key)
{
    uint64_t mask = (1ULL << s->log2_cap) - 1;
    uint64_t i = ext_home(s, key);
    while (s->slots[i] != 0 && s->slots[i] != key)
        i = (i + 1) & mask;
    return i;
}

static bool ext_contains(const struct ext_set *s, uint64_t key)
{
    return s->count > 0 && s->slots[ext_find(s, key)] == key;
}

/* ext_rehash: move every key of s not in skip_lo..skip_hi (skip nothing when
 * skip_lo > skip_hi) into a new table of 2^log2_cap slots. Returns 0 or
 * -ENOMEM (s unchanged). */
static int ext_rehash(struct ext_set *s, unsigned log2_cap, uint64_t skip_lo, uint64_t skip_hi)
{
    struct ext_set n = {calloc((size_t)1 << log2_cap, sizeof(uint64_t)), log2_cap, 0};
    if (n.slots == NULL)
        return -ENOMEM;
    uint64_t cap = s->log2_cap ? 1ULL << s->log2_cap : 0;
    for (uint64_t i = 0; i < cap; i++) {
        uint64_t k = s->slots[i];
        if (k == 0 || (k >= skip_lo && k <= skip_hi))
            continue;
        n.slots[ext_find(&n, k)] = k;
        n.count++;
    }
    free(s->slots);
    *s = n;
    return 0;
}

/* ext_insert: add key (not present). Returns 0 or -ENOMEM. */
static int ext_insert(struct ext_set *s, uint64_t key)
{
    if (s->log2_cap == 0 || (s->count + 1) * 2 > (1ULL << s->log2_cap)) {
        int rc = ext_rehash(s, s->log2_cap ? s->log2_cap + 1 : 4, 1, 0);
        if (rc < 0)
            return rc;
    }
    s->slots[ext_find(s, key)] = key;
    s->count++;
    return 0;
}

/* ext_remove: remove key (present), shifting back the entries after it. */
static void ext_remove(struct ext_set *s, uint64_t key)
{
    uint64_t mask = (1ULL << s->log2_cap) - 1;
    uint64_t i = ext_find(s, key), j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (s->slots[j] == 0)
            break;
        uint64_t k = ext_home(s, s->slots[j]);
        /* The entry at j may fill the hole at i unless its home lies
         * cyclically in (i, j]. */
        bool stays = i <= j ? (k > i && k <= j) : (k > i || k <= j);
        if (!stays) {
            s->slots[i] = s->slots[j];
            i = j;
        }
    }
    s->slots[i] = 0;
    s->count--;
}

/* ext_count_in: how many keys lie in lo..hi; O(capacity). */
static uint64_t ext_count_in(const struct ext_set *s, uint64_t lo, uint64_t hi)
{
    uint64_t n = 0, cap = s->log2_cap ? 1ULL << s->log2_cap : 0;
    for (uint64_t i = 0; i < cap; i++)
        n += s->slots[i] != 0 && s->slots[i] >= lo && s->slots[i] <= hi;
    return n;
}

/* ------------------------------------------------------- address text forms */

const char *pool_kind_name(enum pool_kind kind)
{
    switch (kind) {
    case POOL_KIND_MAC:
        return "MAC";
    case POOL_KIND_WWN:
        return "WWN";
    case POOL_KIND_SERIAL:
        return "serial number";
    }
    return "?";
}

const char *pool_state_name(enum pool_address_state state)
{
    switch (state) {
    case POOL_UNMANAGED:
        return "Unmanaged";
    case POOL_FREE:
        return "Free";
    case POOL_IN_USE:
        return "In use";
    case POOL_EXCLUDED:
        return "Excluded";
    case POOL_EXTERNAL:
        return "External";
    }
    return "?";
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* parse_colon_hex: exactly `bytes` groups of two hex digits joined by ':'. */
static int parse_colon_hex(const char *text, unsigned bytes, uint64_t *value)
{
    if (strlen(text) != bytes * 3 - 1)
        return -EINVAL;
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++) {
        const char *p = text + i * 3;
        int hi = hex_digit(p[0]), lo = hex_digit(p[1]);
        if (hi < 0 || lo < 0 || (i + 1 < bytes && p[2] != ':'))
            return -EINVAL;
        v = v << 8 | (uint64_t)(hi << 4 | lo);
    }
    *value = v;
    return 0;
}

static bool serial_prefix_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* serial_split: decode a serial value into prefix (NUL-terminated) and
 * number; false when the value is not a valid serial encoding. */
static bool serial_split(uint64_t address, char prefix[POOL_SERIAL_PREFIX_MAX + 1],
                         uint32_t *number)
{
    uint64_t code = address >> SERIAL_NUMBER_BITS;
    if (code >> 24 != 0)
        return false;
    *number = (uint32_t)(address & SERIAL_NUMBER_MASK);
    if (*number > POOL_SERIAL_NUMBER_MAX)
        return false;
    unsigned len = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        char c = (char)((code >> shift) & 0xff);
        if (c == 0)
            break;
        if (!serial_prefix_char(c))
            return false;
        prefix[len++] = c;
    }
    prefix[len] = '\0';
    /* Padding only on the right, at least one character. */
    if (len == 0 || (len < 3 && (code & ((1ULL << (8 * (3 - len))) - 1)) != 0))
        return false;
    return true;
}

/* serial_prefix_code: the prefix bits (above the number) of a serial. */
static uint64_t serial_prefix_code(uint64_t address)
{
    return address >> SERIAL_NUMBER_BITS;
}

static int parse_serial(const char *text, uint64_t *value)
{
    size_t len = strlen(text);
    if (len < 1 + POOL_SERIAL_DIGITS || len > POOL_SERIAL_PREFIX_MAX + POOL_SERIAL_DIGITS)
        return -EINVAL;
    size_t plen = len - POOL_SERIAL_DIGITS;
    uint64_t code = 0;
    for (size_t i = 0; i < POOL_SERIAL_PREFIX_MAX; i++) {
        char c = i < plen ? text[i] : 0;
        if (i < plen && !serial_prefix_char(c))
            return -EINVAL;
        code = code << 8 | (uint8_t)c;
    }
    uint64_t number = 0;
    for (size_t i = plen; i < len; i++) {
        if (text[i] < '0' || text[i] > '9')
            return -EINVAL;
        number = number * 10 + (uint64_t)(text[i] - '0');
    }
    *value = code << SERIAL_NUMBER_BITS | number;
    return 0;
}

/* pool_parse_address: see pool.h. */
int pool_parse_address(enum pool_kind kind, const char *text, uint64_t *address)
{
    if (text == NULL || address == NULL)
        return -EINVAL;
    uint64_t v;
    int rc;
    switch (kind) {
    case POOL_KIND_MAC:
        rc = parse_colon_hex(text, 6, &v);
        break;
    case POOL_KIND_WWN:
        rc = parse_colon_hex(text, 8, &v);
        break;
    case POOL_KIND_SERIAL:
        rc = parse_serial(text, &v);
        break;
    default:
        return -EINVAL;
    }
    if (rc < 0 || v == 0)
        return -EINVAL;
    *address = v;
    return 0;
}

/* pool_format_address: see pool.h. */
int pool_format_address(enum pool_kind kind, uint64_t address, char *buf, size_t size)
{
    if (buf == NULL)
        return -EINVAL;
    char tmp[POOL_ADDRESS_STR_MAX];
    if (address == 0)
        return -EINVAL;
    switch (kind) {
    case POOL_KIND_MAC:
        if (address > MAC_MAX)
            return -EINVAL;
        snprintf(tmp, sizeof(tmp), "%02x:%02x:%02x:%02x:%02x:%02x",
                 (unsigned)(address >> 40) & 0xff, (unsigned)(address >> 32) & 0xff,
                 (unsigned)(address >> 24) & 0xff, (unsigned)(address >> 16) & 0xff,
                 (unsigned)(address >> 8) & 0xff, (unsigned)address & 0xff);
        break;
    case POOL_KIND_WWN:
        snprintf(tmp, sizeof(tmp), "%02x:%02x:%02x:%02x:%02x:%02x:%02x:%02x",
                 (unsigned)(address >> 56) & 0xff, (unsigned)(address >> 48) & 0xff,
                 (unsigned)(address >> 40) & 0xff, (unsigned)(address >> 32) & 0xff,
                 (unsigned)(address >> 24) & 0xff, (unsigned)(address >> 16) & 0xff,
                 (unsigned)(address >> 8) & 0xff, (unsigned)address & 0xff);
        break;
    case POOL_KIND_SERIAL: {
        char prefix[POOL_SERIAL_PREFIX_MAX + 1];
        uint32_t number;
        if (!serial_split(address, prefix, &number))
            return -EINVAL;
        snprintf(tmp, sizeof(tmp), "%s%07u", prefix, (unsigned)number);
        break;
    }
    default:
        return -EINVAL;
    }
    if (strlen(tmp) >= size) {
        if (size > 0)
            buf[0] = '\0';
        return -ENOSPC;
    }
    memcpy(buf, tmp, strlen(tmp) + 1);
    return 0;
}

/* fmt: format an address for a message; "?" when it is not one. */
static const char *fmt(enum pool_kind kind, uint64_t address, char buf[POOL_ADDRESS_STR_MAX])
{
    if (pool_format_address(kind, address, buf, POOL_ADDRESS_STR_MAX) < 0)
        snprintf(buf, POOL_ADDRESS_STR_MAX, "0x%llx", (unsigned long long)address);
    return buf;
}

static unsigned wwn_naa(uint64_t address)
{
    return (unsigned)(address >> 60);
}

static bool wwn_naa_ok(unsigned naa)
{
    return naa == 1 || naa == 2 || naa == 3 || naa == 5;
}

/* pool_check_address: see pool.h. */
int pool_check_address(enum pool_kind kind, uint64_t address, char *error, size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX];
    char prefix[POOL_SERIAL_PREFIX_MAX + 1];
    uint32_t number;
    switch (kind) {
    case POOL_KIND_MAC:
        if (address == 0 || address > MAC_MAX)
            return pool_error(error, error_size, -EINVAL, "%s: not a MAC address",
                              fmt(kind, address, a));
        if ((address >> 40) & 0x01)
            return pool_error(error, error_size, -EINVAL,
                              "%s: multicast MAC (bit 0x01 of the first byte is set)",
                              fmt(kind, address, a));
        return 0;
    case POOL_KIND_WWN:
        if (!wwn_naa_ok(wwn_naa(address)))
            return pool_error(error, error_size, -EINVAL,
                              "%s: NAA type %u, only 1, 2, 3 and 5 are accepted",
                              fmt(kind, address, a), wwn_naa(address));
        return 0;
    case POOL_KIND_SERIAL:
        if (!serial_split(address, prefix, &number))
            return pool_error(error, error_size, -EINVAL,
                              "0x%llx: not a serial number (prefix of 1-3 A-Z/0-9 + 7 digits)",
                              (unsigned long long)address);
        return 0;
    }
    return pool_error(error, error_size, -EINVAL, "unknown address kind %d", (int)kind);
}

/* pool_predefined_range: see pool.h. */
int pool_predefined_range(enum pool_kind kind, unsigned k, uint64_t *start, uint64_t *end)
{
    if (start == NULL || end == NULL || k >= POOL_PREDEFINED_RANGES)
        return -EINVAL;
    uint64_t base;
    if (kind == POOL_KIND_MAC)
        base = POOL_MAC_PREDEFINED_BASE;
    else if (kind == POOL_KIND_WWN)
        base = POOL_WWN_PREDEFINED_BASE;
    else
        return -EINVAL;
    *start = base + (uint64_t)k * POOL_PREDEFINED_SIZE;
    *end = *start + POOL_PREDEFINED_SIZE - 1;
    return 0;
}

/* -------------------------------------------------------------- ranges */

struct pool_range {
    uint64_t start, end; /* inclusive */
    int predefined;      /* k, or -1 */
    uint64_t in_use, excluded;
    struct hbm free;        /* bit i: start + i is Free */
    struct hbm pairs;       /* bit p: pair_base + 2p and the next are Free */
    uint64_t pair_base;     /* first even address in the range */
    uint64_t *excluded_map; /* bit i: start + i is Excluded; NULL until needed */
};

struct pool {
    enum pool_kind kind;
    struct pool_range **ranges; /* sorted by start, never overlapping */
    unsigned nranges;
    uint64_t size;             /* addresses in all ranges */
    struct hbm range_has_free; /* bit r: ranges[r] has a Free address */
    struct hbm range_has_pair; /* bit r: ranges[r] has a free aligned pair */
    struct ext_set external;
};

static uint64_t range_size(const struct pool_range *r)
{
    return r->end - r->start + 1;
}

static void range_destroy(struct pool_range *r)
{
    if (r == NULL)
        return;
    hbm_free(&r->free);
    hbm_free(&r->pairs);
    free(r->excluded_map);
    free(r);
}

/* range_create: a range start..end with every address Free; NULL on ENOMEM. */
static struct pool_range *range_create(uint64_t start, uint64_t end, int predefined)
{
    struct pool_range *r = calloc(1, sizeof(*r));
    if (r == NULL)
        return NULL;
    r->start = start;
    r->end = end;
    r->predefined = predefined;
    r->pair_base = start + (start & 1);
    uint64_t npairs = r->pair_base <= end ? (end - r->pair_base + 1) / 2 : 0;
    if (hbm_init(&r->free, range_size(r), true) < 0 || hbm_init(&r->pairs, npairs, true) < 0) {
        range_destroy(r);
        return NULL;
    }
    return r;
}

/* range_pair: the pair index of address a, or false when a is in no pair. */
static bool range_pair(const struct pool_range *r, uint64_t a, uint64_t *p)
{
    if (a < r->pair_base)
        return false;
    *p = (a - r->pair_base) / 2;
    return *p < r->pairs.nbits;
}

/* range_take: make Free address a of r not Free (In use or Excluded). */
static void range_take(struct pool_range *r, uint64_t a)
{
    uint64_t p;
    hbm_clear(&r->free, a - r->start);
    if (range_pair(r, a, &p))
        hbm_clear(&r->pairs, p);
}

/* range_give: make address a of r Free again. */
static void range_give(struct pool_range *r, uint64_t a)
{
    uint64_t p;
    hbm_set(&r->free, a - r->start);
    if (range_pair(r, a, &p) && hbm_test(&r->free, a - r->start) &&
        hbm_test(&r->free, (a ^ 1) - r->start))
        hbm_set(&r->pairs, p);
}

static bool range_is_excluded(const struct pool_range *r, uint64_t a)
{
    uint64_t i = a - r->start;
    return r->excluded_map != NULL && ((r->excluded_map[i >> 6] >> (i & 63)) & 1);
}

static void range_info(const struct pool_range *r, struct pool_range_info *info)
{
    memset(info, 0, sizeof(*info));
    info->start = r->start;
    info->end = r->end;
    info->predefined = r->predefined;
    info->size = range_size(r);
    info->in_use = r->in_use;
    info->excluded = r->excluded;
    info->free = info->size - r->in_use - r->excluded;
}

/* pool_update_summary: refresh the pool-level bits of range index i. */
static void pool_update_summary(struct pool *pool, unsigned i)
{
    const struct pool_range *r = pool->ranges[i];
    if (r->in_use + r->excluded < range_size(r))
        hbm_set(&pool->range_has_free, i);
    else
        hbm_clear(&pool->range_has_free, i);
    if (hbm_any(&r->pairs))
        hbm_set(&pool->range_has_pair, i);
    else
        hbm_clear(&pool->range_has_pair, i);
}

/* pool_rebuild_summary: recompute the pool-level bits after ranges moved. */
static void pool_rebuild_summary(struct pool *pool)
{
    hbm_fill(&pool->range_has_free, false);
    hbm_fill(&pool->range_has_pair, false);
    for (unsigned i = 0; i < pool->nranges; i++)
        pool_update_summary(pool, i);
}

/* pool_lower_bound: the index of the first range whose end >= a (nranges if
 * none); binary search. */
static unsigned pool_lower_bound(const struct pool *pool, uint64_t a)
{
    unsigned lo = 0, hi = pool->nranges;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (pool->ranges[mid]->end < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* pool_find: the index of the range holding a, or -1. */
static int pool_find(const struct pool *pool, uint64_t a)
{
    unsigned i = pool_lower_bound(pool, a);
    if (i < pool->nranges && pool->ranges[i]->start <= a)
        return (int)i;
    return -1;
}

/* describe_range: "pre-defined range 5 (a-b)" or "user-defined range a-b". */
static const char *describe_range(enum pool_kind kind, const struct pool_range *r, char *buf,
                                  size_t size)
{
    char a[POOL_ADDRESS_STR_MAX], b[POOL_ADDRESS_STR_MAX];
    if (r->predefined >= 0)
        snprintf(buf, size, "pre-defined range %d (%s-%s)", r->predefined, fmt(kind, r->start, a),
                 fmt(kind, r->end, b));
    else
        snprintf(buf, size, "user-defined range %s-%s", fmt(kind, r->start, a),
                 fmt(kind, r->end, b));
    return buf;
}

struct pool *pool_create(enum pool_kind kind)
{
    if (kind != POOL_KIND_MAC && kind != POOL_KIND_WWN && kind != POOL_KIND_SERIAL)
        return NULL;
    struct pool *pool = calloc(1, sizeof(*pool));
    if (pool == NULL)
        return NULL;
    pool->kind = kind;
    pool->ranges = calloc(POOL_RANGES_MAX, sizeof(*pool->ranges));
    if (pool->ranges == NULL || hbm_init(&pool->range_has_free, POOL_RANGES_MAX, false) < 0 ||
        hbm_init(&pool->range_has_pair, POOL_RANGES_MAX, false) < 0) {
        pool_destroy(pool);
        return NULL;
    }
    return pool;
}

void pool_destroy(struct pool *pool)
{
    if (pool == NULL)
        return;
    for (unsigned i = 0; i < pool->nranges; i++)
        range_destroy(pool->ranges[i]);
    free(pool->ranges);
    hbm_free(&pool->range_has_free);
    hbm_free(&pool->range_has_pair);
    free(pool->external.slots);
    free(pool);
}

enum pool_kind pool_kind(const struct pool *pool)
{
    return pool->kind;
}

/* check_user_range: the validation of pool_range_add specific to a
 * user-defined range (kind rules, order, size, the pre-defined block). */
static int check_user_range(enum pool_kind kind, uint64_t start, uint64_t end, char *error,
                            size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX], b[POOL_ADDRESS_STR_MAX];
    const uint64_t ends[2] = {start, end};
    const char *names[2] = {"start", "end"};
    for (unsigned i = 0; i < 2; i++) {
        char msg[160];
        if (pool_check_address(kind, ends[i], msg, sizeof(msg)) < 0)
            return pool_error(error, error_size, -EINVAL, "range %s %s", names[i], msg);
        if (kind == POOL_KIND_MAC && !((ends[i] >> 40) & 0x02))
            return pool_error(error, error_size, -EINVAL,
                              "range %s %s: globally administered MAC (bit 0x02 of the first "
                              "byte is clear); user-defined ranges must be locally administered",
                              names[i], fmt(kind, ends[i], a));
    }
    if (start > end)
        return pool_error(error, error_size, -EINVAL, "range %s-%s: start is after end",
                          fmt(kind, start, a), fmt(kind, end, b));
    if (kind == POOL_KIND_MAC && start >> 40 != end >> 40)
        return pool_error(error, error_size, -EINVAL,
                          "range %s-%s: start and end must share the first byte (a range across "
                          "first bytes holds multicast or global MACs)",
                          fmt(kind, start, a), fmt(kind, end, b));
    if (kind == POOL_KIND_WWN && wwn_naa(start) != wwn_naa(end))
        return pool_error(error, error_size, -EINVAL,
                          "range %s-%s: start and end must have the same NAA type",
                          fmt(kind, start, a), fmt(kind, end, b));
    if (kind == POOL_KIND_SERIAL && serial_prefix_code(start) != serial_prefix_code(end))
        return pool_error(error, error_size, -EINVAL,
                          "range %s-%s: start and end must have the same prefix",
                          fmt(kind, start, a), fmt(kind, end, b));
    if (end - start >= POOL_RANGE_SIZE_MAX)
        return pool_error(
            error, error_size, -E2BIG, "range %s-%s: %llu addresses, at most %llu per range",
            fmt(kind, start, a), fmt(kind, end, b), (unsigned long long)(end - start) + 1,
            (unsigned long long)POOL_RANGE_SIZE_MAX);
    if (kind != POOL_KIND_SERIAL) {
        uint64_t base = kind == POOL_KIND_MAC ? POOL_MAC_PREDEFINED_BASE : POOL_WWN_PREDEFINED_BASE;
        if (start <= base + PREDEFINED_BLOCK - 1 && end >= base) {
            uint64_t first = start > base ? start : base;
            unsigned k = (unsigned)((first - base) / POOL_PREDEFINED_SIZE);
            uint64_t ks, ke;
            pool_predefined_range(kind, k, &ks, &ke);
            char c[POOL_ADDRESS_STR_MAX], d[POOL_ADDRESS_STR_MAX];
            return pool_error(error, error_size, -EEXIST,
                              "range %s-%s overlaps pre-defined range %u (%s-%s); user-defined "
                              "ranges must stay out of %s-%s",
                              fmt(kind, start, a), fmt(kind, end, b), k, fmt(kind, ks, c),
                              fmt(kind, ke, d), fmt(kind, base, c),
                              fmt(kind, base + PREDEFINED_BLOCK - 1, d));
        }
    }
    return 0;
}

/* range_insert: common tail of the two range_add functions: overlap and
 * limit checks, then insert, adopting External addresses. */
static int range_insert(struct pool *pool, uint64_t start, uint64_t end, int predefined,
                        char *error, size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX], b[POOL_ADDRESS_STR_MAX], other[128];
    enum pool_kind kind = pool->kind;
    unsigned at = pool_lower_bound(pool, start);
    if (at < pool->nranges && pool->ranges[at]->start <= end) {
        if (predefined >= 0 && pool->ranges[at]->predefined == predefined)
            return pool_error(error, error_size, -EEXIST,
                              "pre-defined range %d is already configured", predefined);
        return pool_error(error, error_size, -EEXIST, "range %s-%s overlaps %s",
                          fmt(kind, start, a), fmt(kind, end, b),
                          describe_range(kind, pool->ranges[at], other, sizeof(other)));
    }
    uint64_t size = end - start + 1;
    if (pool->nranges >= POOL_RANGES_MAX)
        return pool_error(error, error_size, -E2BIG, "a pool holds at most %u ranges",
                          POOL_RANGES_MAX);
    if (pool->size + size > POOL_SIZE_MAX)
        return pool_error(error, error_size, -E2BIG,
                          "range %s-%s: the pool would hold %llu addresses, at most %llu",
                          fmt(kind, start, a), fmt(kind, end, b),
                          (unsigned long long)(pool->size + size),
                          (unsigned long long)POOL_SIZE_MAX);
    struct pool_range *r = range_create(start, end, predefined);
    if (r == NULL)
        return pool_error(error, error_size, -ENOMEM, "out of memory");
    if (ext_count_in(&pool->external, start, end) > 0) {
        /* Mark the covered External addresses In use in the new range, then
         * rebuild the set without them: the only step that can fail, and it
         * leaves the set unchanged when it does. */
        uint64_t cap = 1ULL << pool->external.log2_cap;
        for (uint64_t i = 0; i < cap; i++) {
            uint64_t k = pool->external.slots[i];
            if (k != 0 && k >= start && k <= end) {
                range_take(r, k);
                r->in_use++;
            }
        }
        if (ext_rehash(&pool->external, pool->external.log2_cap, start, end) < 0) {
            range_destroy(r);
            return pool_error(error, error_size, -ENOMEM, "out of memory");
        }
    }
    memmove(&pool->ranges[at + 1], &pool->ranges[at], (pool->nranges - at) * sizeof(*pool->ranges));
    pool->ranges[at] = r;
    pool->nranges++;
    pool->size += size;
    pool_rebuild_summary(pool);
    return 0;
}

/* pool_range_add: see pool.h. */
int pool_range_add(struct pool *pool, uint64_t start, uint64_t end, char *error, size_t error_size)
{
    int rc = check_user_range(pool->kind, start, end, error, error_size);
    if (rc < 0)
        return rc;
    return range_insert(pool, start, end, -1, error, error_size);
}

/* pool_range_add_predefined: see pool.h. */
int pool_range_add_predefined(struct pool *pool, unsigned k, char *error, size_t error_size)
{
    uint64_t start, end;
    if (pool->kind == POOL_KIND_SERIAL)
        return pool_error(error, error_size, -EINVAL,
                          "serial number pools have no pre-defined ranges");
    if (pool_predefined_range(pool->kind, k, &start, &end) < 0)
        return pool_error(error, error_size, -EINVAL, "pre-defined range %u: there are %u (0-%u)",
                          k, POOL_PREDEFINED_RANGES, POOL_PREDEFINED_RANGES - 1);
    return range_insert(pool, start, end, (int)k, error, error_size);
}

/* pool_range_remove: see pool.h. */
int pool_range_remove(struct pool *pool, uint64_t start, uint64_t end, char *error,
                      size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX], b[POOL_ADDRESS_STR_MAX], name[128];
    int i = pool_find(pool, start);
    if (i < 0 || pool->ranges[i]->start != start || pool->ranges[i]->end != end)
        return pool_error(error, error_size, -ENOENT, "no range %s-%s in the %s pool",
                          fmt(pool->kind, start, a), fmt(pool->kind, end, b),
                          pool_kind_name(pool->kind));
    struct pool_range *r = pool->ranges[i];
    if (r->in_use > 0)
        return pool_error(error, error_size, -EBUSY,
                          "%s: %llu addresses in use; ranges cannot change while profiles hold "
                          "addresses from them",
                          describe_range(pool->kind, r, name, sizeof(name)),
                          (unsigned long long)r->in_use);
    pool->size -= range_size(r);
    range_destroy(r);
    memmove(&pool->ranges[i], &pool->ranges[i + 1],
            (pool->nranges - (unsigned)i - 1) * sizeof(*pool->ranges));
    pool->nranges--;
    pool_rebuild_summary(pool);
    return 0;
}

unsigned pool_range_count(const struct pool *pool)
{
    return pool->nranges;
}

int pool_range_get(const struct pool *pool, unsigned index, struct pool_range_info *info)
{
    if (index >= pool->nranges || info == NULL)
        return -ENOENT;
    range_info(pool->ranges[index], info);
    return 0;
}

int pool_range_find(const struct pool *pool, uint64_t address, struct pool_range_info *info)
{
    int i = pool_find(pool, address);
    if (i < 0)
        return -ENOENT;
    if (info != NULL)
        range_info(pool->ranges[i], info);
    return i;
}

void pool_counts(const struct pool *pool, struct pool_counts *counts)
{
    memset(counts, 0, sizeof(*counts));
    counts->ranges = pool->nranges;
    for (unsigned i = 0; i < pool->nranges; i++) {
        const struct pool_range *r = pool->ranges[i];
        counts->size += range_size(r);
        counts->in_use += r->in_use;
        counts->excluded += r->excluded;
    }
    counts->free = counts->size - counts->in_use - counts->excluded;
    counts->external = pool->external.count;
}

/* ----------------------------------------------------------- addresses */

/* pool_exhausted: the -ENOSPC message of pool_alloc / pool_alloc_pair. */
static int pool_exhausted(const struct pool *pool, const char *what, char *error, size_t error_size)
{
    struct pool_counts c;
    pool_counts(pool, &c);
    return pool_error(error, error_size, -ENOSPC,
                      "%s pool exhausted: no free %s in %u ranges of %llu addresses (%llu in "
                      "use, %llu excluded, %llu free)",
                      pool_kind_name(pool->kind), what, c.ranges, (unsigned long long)c.size,
                      (unsigned long long)c.in_use, (unsigned long long)c.excluded,
                      (unsigned long long)c.free);
}

/* pool_alloc: see pool.h. */
int pool_alloc(struct pool *pool, uint64_t *address, char *error, size_t error_size)
{
    if (pool == NULL || address == NULL)
        return pool_error(error, error_size, -EINVAL, "pool_alloc: NULL argument");
    uint64_t ri, off;
    if (!hbm_first(&pool->range_has_free, &ri))
        return pool_exhausted(pool, "address", error, error_size);
    struct pool_range *r = pool->ranges[ri];
    if (!hbm_first(&r->free, &off))
        return pool_error(error, error_size, -EIO, "pool summary out of step"); /* not reached */
    range_take(r, r->start + off);
    r->in_use++;
    pool_update_summary(pool, (unsigned)ri);
    *address = r->start + off;
    return 0;
}

/* pool_alloc_pair: see pool.h. */
int pool_alloc_pair(struct pool *pool, uint64_t *first, char *error, size_t error_size)
{
    if (pool == NULL || first == NULL)
        return pool_error(error, error_size, -EINVAL, "pool_alloc_pair: NULL argument");
    uint64_t ri, p;
    if (!hbm_first(&pool->range_has_pair, &ri))
        return pool_exhausted(pool, "aligned pair", error, error_size);
    struct pool_range *r = pool->ranges[ri];
    if (!hbm_first(&r->pairs, &p))
        return pool_error(error, error_size, -EIO, "pool summary out of step"); /* not reached */
    uint64_t a = r->pair_base + 2 * p;
    range_take(r, a);
    range_take(r, a + 1);
    r->in_use += 2;
    pool_update_summary(pool, (unsigned)ri);
    *first = a;
    return 0;
}

/* pool_claim: see pool.h. */
int pool_claim(struct pool *pool, uint64_t address, char *error, size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX];
    int rc = pool_check_address(pool->kind, address, error, error_size);
    if (rc < 0)
        return rc;
    int i = pool_find(pool, address);
    if (i < 0) {
        if (ext_contains(&pool->external, address))
            return pool_error(error, error_size, -EBUSY, "%s is already in use (External)",
                              fmt(pool->kind, address, a));
        if (ext_insert(&pool->external, address) < 0)
            return pool_error(error, error_size, -ENOMEM, "out of memory");
        return 0;
    }
    struct pool_range *r = pool->ranges[i];
    if (!hbm_test(&r->free, address - r->start)) {
        if (range_is_excluded(r, address))
            return pool_error(error, error_size, -EPERM, "%s is excluded from its range",
                              fmt(pool->kind, address, a));
        return pool_error(error, error_size, -EBUSY, "%s is already in use",
                          fmt(pool->kind, address, a));
    }
    range_take(r, address);
    r->in_use++;
    pool_update_summary(pool, (unsigned)i);
    return 0;
}

/* pool_release: see pool.h. */
int pool_release(struct pool *pool, uint64_t address, char *error, size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX];
    int i = pool_find(pool, address);
    if (i < 0) {
        if (!ext_contains(&pool->external, address))
            return pool_error(error, error_size, -ENOENT, "%s is not in use (Unmanaged)",
                              fmt(pool->kind, address, a));
        ext_remove(&pool->external, address);
        return 0;
    }
    struct pool_range *r = pool->ranges[i];
    if (hbm_test(&r->free, address - r->start))
        return pool_error(error, error_size, -ENOENT, "%s is not in use (Free)",
                          fmt(pool->kind, address, a));
    if (range_is_excluded(r, address))
        return pool_error(error, error_size, -ENOENT, "%s is not in use (Excluded)",
                          fmt(pool->kind, address, a));
    range_give(r, address);
    r->in_use--;
    pool_update_summary(pool, (unsigned)i);
    return 0;
}

/* pool_exclude: see pool.h. */
int pool_exclude(struct pool *pool, uint64_t address, char *error, size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX];
    int i = pool_find(pool, address);
    if (i < 0)
        return pool_error(error, error_size, -ENOENT, "%s is in no range of the pool",
                          fmt(pool->kind, address, a));
    struct pool_range *r = pool->ranges[i];
    if (range_is_excluded(r, address))
        return pool_error(error, error_size, -EALREADY, "%s is already excluded",
                          fmt(pool->kind, address, a));
    if (!hbm_test(&r->free, address - r->start))
        return pool_error(error, error_size, -EBUSY, "%s is in use", fmt(pool->kind, address, a));
    if (r->excluded_map == NULL) {
        r->excluded_map = calloc((range_size(r) + 63) / 64, sizeof(uint64_t));
        if (r->excluded_map == NULL)
            return pool_error(error, error_size, -ENOMEM, "out of memory");
    }
    uint64_t off = address - r->start;
    r->excluded_map[off >> 6] |= 1ULL << (off & 63);
    range_take(r, address);
    r->excluded++;
    pool_update_summary(pool, (unsigned)i);
    return 0;
}

/* pool_include: see pool.h. */
int pool_include(struct pool *pool, uint64_t address, char *error, size_t error_size)
{
    char a[POOL_ADDRESS_STR_MAX];
    int i = pool_find(pool, address);
    if (i < 0 || !range_is_excluded(pool->ranges[i], address))
        return pool_error(error, error_size, -ENOENT, "%s is not excluded",
                          fmt(pool->kind, address, a));
    struct pool_range *r = pool->ranges[i];
    uint64_t off = address - r->start;
    r->excluded_map[off >> 6] &= ~(1ULL << (off & 63));
    range_give(r, address);
    r->excluded--;
    pool_update_summary(pool, (unsigned)i);
    return 0;
}

/* pool_state: see pool.h. */
enum pool_address_state pool_state(const struct pool *pool, uint64_t address)
{
    int i = pool_find(pool, address);
    if (i < 0)
        return ext_contains(&pool->external, address) ? POOL_EXTERNAL : POOL_UNMANAGED;
    const struct pool_range *r = pool->ranges[i];
    if (hbm_test(&r->free, address - r->start))
        return POOL_FREE;
    return range_is_excluded(r, address) ? POOL_EXCLUDED : POOL_IN_USE;
}
