/*
 * test_pool: the MAC / WWN / serial number pools (profiles/pool.h).
 *
 * Text forms both ways and their refusals, the pre-defined ranges' bounds,
 * user range validation as a table, exhaustion, release, the four address
 * states, range removal while in use, aligned pairs, ranges deep enough to
 * use every level of the bitmap, a randomized model test against a plain
 * array of states, and a rebuild from (ranges, in-use, excluded) that must
 * give the same state and the same next allocations.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "profiles/pool.h"

/* xorshift64: a fixed-seed generator, so failures reproduce. */
static uint64_t rng_state;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t parse(enum pool_kind kind, const char *text)
{
    uint64_t a = 0;
    assert_int_equal(pool_parse_address(kind, text, &a), 0);
    return a;
}

#define MAC(s)    parse(POOL_KIND_MAC, (s))
#define WWN(s)    parse(POOL_KIND_WWN, (s))
#define SERIAL(s) parse(POOL_KIND_SERIAL, (s))

static void assert_formats(enum pool_kind kind, uint64_t a, const char *want)
{
    char buf[POOL_ADDRESS_STR_MAX];
    assert_int_equal(pool_format_address(kind, a, buf, sizeof(buf)), 0);
    assert_string_equal(buf, want);
}

/* ------------------------------------------------------------ text forms */

static void test_mac_text(void **state)
{
    (void)state;
    assert_int_equal(MAC("02:56:43:00:00:01"), 0x025643000001ULL);
    assert_int_equal(MAC("02:56:43:AB:cd:Ef"), 0x025643abcdefULL);
    assert_formats(POOL_KIND_MAC, 0x025643abcdefULL, "02:56:43:ab:cd:ef");
    assert_formats(POOL_KIND_MAC, 0xffffffffffffULL, "ff:ff:ff:ff:ff:ff");
    /* Round trip over random values. */
    rng_state = 0x1234567;
    for (int i = 0; i < 1000; i++) {
        uint64_t a = (rng() & 0xffffffffffffULL) | 1;
        char buf[POOL_ADDRESS_STR_MAX];
        assert_int_equal(pool_format_address(POOL_KIND_MAC, a, buf, sizeof(buf)), 0);
        assert_int_equal(MAC(buf), a);
    }
    static const char *bad[] = {
        "",
        "02:56:43:00:00",
        "02:56:43:00:00:01:",
        "02:56:43:00:00:01:02",
        "02-56-43-00-00-01",
        "02:56:43:00:00:0g",
        "2:56:43:00:00:01",
        "0256:43:00:00:01:",
        "02:56:43:00:00: 1",
        "00:00:00:00:00:00",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint64_t a = 42;
        assert_int_equal(pool_parse_address(POOL_KIND_MAC, bad[i], &a), -EINVAL);
        assert_int_equal(a, 42); /* untouched */
    }
    uint64_t a;
    assert_int_equal(pool_parse_address(POOL_KIND_MAC, NULL, &a), -EINVAL);
    assert_int_equal(pool_parse_address(POOL_KIND_MAC, "02:56:43:00:00:01", NULL), -EINVAL);
    assert_int_equal(pool_parse_address((enum pool_kind)7, "02:56:43:00:00:01", &a), -EINVAL);
    char buf[POOL_ADDRESS_STR_MAX];
    assert_int_equal(pool_format_address(POOL_KIND_MAC, 1ULL << 48, buf, sizeof(buf)), -EINVAL);
    assert_int_equal(pool_format_address(POOL_KIND_MAC, 0, buf, sizeof(buf)), -EINVAL);
    /* 17 characters need 18 bytes. */
    assert_int_equal(pool_format_address(POOL_KIND_MAC, 0x025643000001ULL, buf, 17), -ENOSPC);
    assert_string_equal(buf, "");
    assert_int_equal(pool_format_address(POOL_KIND_MAC, 0x025643000001ULL, buf, 18), 0);
    assert_string_equal(buf, "02:56:43:00:00:01");
}

static void test_wwn_text(void **state)
{
    (void)state;
    assert_int_equal(WWN("30:56:43:00:00:00:00:01"), 0x3056430000000001ULL);
    assert_int_equal(WWN("50:06:0B:00:00:C2:62:00"), 0x50060b0000c26200ULL);
    assert_formats(POOL_KIND_WWN, 0x50060b0000c26200ULL, "50:06:0b:00:00:c2:62:00");
    assert_formats(POOL_KIND_WWN, ~0ULL, "ff:ff:ff:ff:ff:ff:ff:ff");
    rng_state = 0x7654321;
    for (int i = 0; i < 1000; i++) {
        uint64_t a = rng() | 1;
        char buf[POOL_ADDRESS_STR_MAX];
        assert_int_equal(pool_format_address(POOL_KIND_WWN, a, buf, sizeof(buf)), 0);
        assert_int_equal(WWN(buf), a);
    }
    static const char *bad[] = {
        "30:56:43:00:00:00:00",    "30:56:43:00:00:00:00:01:", "30:56:43:00:00:00:00:01:02",
        "30-56-43-00-00-00-00-01", "30:56:43:00:00:00:00:x1",  "00:00:00:00:00:00:00:00",
        "02:56:43:00:00:01",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint64_t a = 42;
        assert_int_equal(pool_parse_address(POOL_KIND_WWN, bad[i], &a), -EINVAL);
        assert_int_equal(a, 42);
    }
    char buf[24];
    assert_int_equal(pool_format_address(POOL_KIND_WWN, 1, buf, 23), -ENOSPC);
    assert_int_equal(pool_format_address(POOL_KIND_WWN, 1, buf, 24), 0);
    assert_string_equal(buf, "00:00:00:00:00:00:00:01");
}

static void test_serial_text(void **state)
{
    (void)state;
    static const char *good[] = {"VCX0000209", "A0000000",   "Z9999999",
                                 "AB1234567",  "9990000001", "X1Z0000042"};
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_formats(POOL_KIND_SERIAL, SERIAL(good[i]), good[i]);
    /* Consecutive numbers are consecutive integers. */
    assert_int_equal(SERIAL("VCX0000210"), SERIAL("VCX0000209") + 1);
    assert_int_equal(SERIAL("VCX1000000"), SERIAL("VCX0999999") + 1);
    /* Different prefixes, even "A" and "A0", never collide. */
    assert_true(SERIAL("A0000001") != SERIAL("A00000001"));
    assert_true(SERIAL("A9999999") < SERIAL("AA0000000"));
    static const char *bad[] = {
        "",
        "0000209",     /* no prefix */
        "vcx0000209",  /* lowercase prefix */
        "VCXX0000209", /* 4-character prefix */
        "VCX000020A",
        "VCX-000209",
        "VCX 0000209",
        "VC_0000209",
        "VCX00002099",
        "VCX000209",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        uint64_t a = 42;
        assert_int_equal(pool_parse_address(POOL_KIND_SERIAL, bad[i], &a), -EINVAL);
        assert_int_equal(a, 42);
    }
    char buf[POOL_ADDRESS_STR_MAX];
    uint64_t vcx = SERIAL("VCX0000000");
    /* Values that are not serial encodings. */
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, 0, buf, sizeof(buf)), -EINVAL);
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, 42, buf, sizeof(buf)), -EINVAL);
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, vcx + 10000000, buf, sizeof(buf)),
                     -EINVAL);
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, 0x004100ULL << 24, buf, sizeof(buf)),
                     -EINVAL); /* padding before the character */
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, 0x61ULL << 40, buf, sizeof(buf)),
                     -EINVAL); /* lowercase */
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, 1ULL << 48 | vcx, buf, sizeof(buf)),
                     -EINVAL);
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, vcx, buf, 10), -ENOSPC);
    assert_int_equal(pool_format_address(POOL_KIND_SERIAL, vcx, buf, 11), 0);
    assert_int_equal(pool_check_address(POOL_KIND_SERIAL, 42, NULL, 0), -EINVAL);
    assert_int_equal(pool_check_address(POOL_KIND_SERIAL, vcx, NULL, 0), 0);
}

static void test_check_address(void **state)
{
    (void)state;
    char err[200];
    assert_int_equal(pool_check_address(POOL_KIND_MAC, MAC("00:17:a4:77:00:01"), NULL, 0), 0);
    assert_int_equal(pool_check_address(POOL_KIND_MAC, MAC("01:00:5e:00:00:01"), err, sizeof(err)),
                     -EINVAL);
    assert_non_null(strstr(err, "multicast"));
    assert_int_equal(pool_check_address(POOL_KIND_MAC, 1ULL << 48, NULL, 0), -EINVAL);
    assert_int_equal(pool_check_address(POOL_KIND_MAC, 0, NULL, 0), -EINVAL);
    for (unsigned naa = 0; naa < 16; naa++) {
        bool ok = naa == 1 || naa == 2 || naa == 3 || naa == 5;
        assert_int_equal(pool_check_address(POOL_KIND_WWN, (uint64_t)naa << 60 | 7, NULL, 0),
                         ok ? 0 : -EINVAL);
    }
    assert_string_equal(pool_state_name(POOL_IN_USE), "In use");
    assert_string_equal(pool_state_name(POOL_EXTERNAL), "External");
    assert_string_equal(pool_kind_name(POOL_KIND_WWN), "WWN");
}

/* ------------------------------------------------------------ ranges */

static void test_predefined_bounds(void **state)
{
    (void)state;
    uint64_t s, e;
    char a[POOL_ADDRESS_STR_MAX], b[POOL_ADDRESS_STR_MAX];
    static const struct {
        enum pool_kind kind;
        unsigned k;
        const char *start, *end;
    } cases[] = {
        {POOL_KIND_MAC, 0, "02:56:43:00:00:00", "02:56:43:00:03:ff"},
        {POOL_KIND_MAC, 1, "02:56:43:00:04:00", "02:56:43:00:07:ff"},
        {POOL_KIND_MAC, 5, "02:56:43:00:14:00", "02:56:43:00:17:ff"},
        {POOL_KIND_MAC, 63, "02:56:43:00:fc:00", "02:56:43:00:ff:ff"},
        {POOL_KIND_WWN, 0, "30:56:43:00:00:00:00:00", "30:56:43:00:00:00:03:ff"},
        {POOL_KIND_WWN, 63, "30:56:43:00:00:00:fc:00", "30:56:43:00:00:00:ff:ff"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(pool_predefined_range(cases[i].kind, cases[i].k, &s, &e), 0);
        assert_int_equal(pool_format_address(cases[i].kind, s, a, sizeof(a)), 0);
        assert_int_equal(pool_format_address(cases[i].kind, e, b, sizeof(b)), 0);
        assert_string_equal(a, cases[i].start);
        assert_string_equal(b, cases[i].end);
    }
    assert_int_equal(pool_predefined_range(POOL_KIND_MAC, 64, &s, &e), -EINVAL);
    assert_int_equal(pool_predefined_range(POOL_KIND_SERIAL, 0, &s, &e), -EINVAL);

    /* In a pool: pre-defined range 5 holds exactly its 1024 addresses. */
    struct pool *p = pool_create(POOL_KIND_MAC);
    assert_non_null(p);
    assert_int_equal(pool_range_add_predefined(p, 5, NULL, 0), 0);
    struct pool_range_info info;
    assert_int_equal(pool_range_find(p, MAC("02:56:43:00:14:00"), &info), 0);
    assert_int_equal(info.predefined, 5);
    assert_int_equal(info.size, 1024);
    assert_int_equal(info.free, 1024);
    assert_int_equal(pool_range_find(p, MAC("02:56:43:00:17:ff"), NULL), 0);
    assert_int_equal(pool_range_find(p, MAC("02:56:43:00:13:ff"), NULL), -ENOENT);
    assert_int_equal(pool_range_find(p, MAC("02:56:43:00:18:00"), NULL), -ENOENT);
    assert_int_equal(pool_state(p, MAC("02:56:43:00:14:00")), POOL_FREE);
    assert_int_equal(pool_state(p, MAC("02:56:43:00:18:00")), POOL_UNMANAGED);
    char err[200];
    assert_int_equal(pool_range_add_predefined(p, 5, err, sizeof(err)), -EEXIST);
    assert_non_null(strstr(err, "pre-defined range 5"));
    assert_int_equal(pool_range_add_predefined(p, 64, NULL, 0), -EINVAL);
    assert_int_equal(pool_range_add_predefined(p, 63, NULL, 0), 0);
    assert_int_equal(pool_range_add_predefined(p, 0, NULL, 0), 0);
    /* Kept in address order. */
    assert_int_equal(pool_range_count(p), 3);
    assert_int_equal(pool_range_get(p, 0, &info), 0);
    assert_int_equal(info.predefined, 0);
    assert_int_equal(pool_range_get(p, 2, &info), 0);
    assert_int_equal(info.predefined, 63);
    assert_int_equal(pool_range_get(p, 3, &info), -ENOENT);
    pool_destroy(p);

    struct pool *ps = pool_create(POOL_KIND_SERIAL);
    assert_int_equal(pool_range_add_predefined(ps, 0, NULL, 0), -EINVAL);
    pool_destroy(ps);
    pool_destroy(NULL);
    assert_null(pool_create((enum pool_kind)9));
}

struct range_case {
    enum pool_kind kind;
    const char *start, *end;
    int rc;
    const char *message; /* a substring of the error, or NULL */
};

static void test_user_range_validation(void **state)
{
    (void)state;
    static const struct range_case cases[] = {
        /* MAC */
        {POOL_KIND_MAC, "02:00:00:00:00:00", "02:00:00:00:03:ff", 0, NULL},
        {POOL_KIND_MAC, "03:00:00:00:00:00", "03:00:00:00:00:ff", -EINVAL, "multicast"},
        {POOL_KIND_MAC, "00:17:a4:77:00:00", "00:17:a4:77:00:ff", -EINVAL, "globally administered"},
        {POOL_KIND_MAC, "06:00:00:00:00:00", "04:00:00:00:00:00", -EINVAL, "globally administered"},
        {POOL_KIND_MAC, "0a:00:00:00:01:00", "0a:00:00:00:00:ff", -EINVAL, "start is after end"},
        {POOL_KIND_MAC, "02:ff:ff:ff:ff:00", "06:00:00:00:00:ff", -EINVAL, "first byte"},
        {POOL_KIND_MAC, "02:56:42:ff:ff:00", "02:56:43:00:00:00", -EEXIST, "pre-defined range 0"},
        {POOL_KIND_MAC, "02:56:43:00:14:10", "02:56:43:00:14:20", -EEXIST, "pre-defined range 5"},
        {POOL_KIND_MAC, "02:56:43:00:ff:ff", "02:56:43:01:00:00", -EEXIST, "pre-defined range 63"},
        {POOL_KIND_MAC, "02:56:43:01:00:00", "02:56:43:01:00:ff", 0, NULL},
        {POOL_KIND_MAC, "02:00:00:00:03:ff", "02:00:00:00:04:00", -EEXIST,
         "user-defined range 02:00:00:00:00:00-02:00:00:00:03:ff"},
        {POOL_KIND_MAC, "01:ff:ff:ff:ff:ff", "02:00:00:00:00:00", -EINVAL, "multicast"},
        {POOL_KIND_MAC, "02:00:00:00:04:00", "02:00:00:00:04:00", 0, NULL},
        {POOL_KIND_MAC, "0e:00:00:00:00:00", "0e:00:00:ff:ff:ff", 0, NULL}, /* 2^24 */
        {POOL_KIND_MAC, "0e:00:01:00:00:00", "0e:00:02:00:00:00", -E2BIG, "at most"},
        /* WWN */
        {POOL_KIND_WWN, "30:00:00:00:00:00:00:00", "30:00:00:00:00:00:03:ff", 0, NULL},
        {POOL_KIND_WWN, "10:00:00:00:00:00:00:00", "10:00:00:00:00:00:00:ff", 0, NULL},
        {POOL_KIND_WWN, "20:00:00:00:00:00:00:00", "20:00:00:00:00:00:00:ff", 0, NULL},
        {POOL_KIND_WWN, "50:06:0b:00:00:00:00:00", "50:06:0b:00:00:00:ff:ff", 0, NULL},
        {POOL_KIND_WWN, "40:00:00:00:00:00:00:00", "40:00:00:00:00:00:00:ff", -EINVAL,
         "NAA type 4"},
        {POOL_KIND_WWN, "60:00:00:00:00:00:00:00", "60:00:00:00:00:00:00:ff", -EINVAL,
         "NAA type 6"},
        {POOL_KIND_WWN, "2f:ff:ff:ff:ff:ff:ff:00", "30:00:00:00:00:00:00:00", -EINVAL, "NAA"},
        {POOL_KIND_WWN, "30:56:43:00:00:00:ff:00", "30:56:43:00:00:01:00:ff", -EEXIST,
         "pre-defined range 63"},
        {POOL_KIND_WWN, "30:00:00:00:00:00:03:00", "30:00:00:00:00:00:04:00", -EEXIST,
         "user-defined range"},
        /* Serial numbers */
        {POOL_KIND_SERIAL, "VCX0000000", "VCX0000999", 0, NULL},
        {POOL_KIND_SERIAL, "VCX0000999", "VCX0001999", -EEXIST, "VCX0000000-VCX0000999"},
        {POOL_KIND_SERIAL, "VCY0000000", "VCZ0000999", -EINVAL, "prefix"},
        {POOL_KIND_SERIAL, "VC0000000", "VC9999999", 0, NULL},
        {POOL_KIND_SERIAL, "A0000010", "A0000009", -EINVAL, "after"},
    };
    struct pool *pools[3] = {pool_create(POOL_KIND_MAC), pool_create(POOL_KIND_WWN),
                             pool_create(POOL_KIND_SERIAL)};
    for (unsigned k = 0; k < 64; k++) {
        assert_int_equal(pool_range_add_predefined(pools[0], k, NULL, 0), 0);
        assert_int_equal(pool_range_add_predefined(pools[1], k, NULL, 0), 0);
    }
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct range_case *c = &cases[i];
        struct pool *p = pools[c->kind];
        char err[300] = "";
        unsigned before = pool_range_count(p);
        int rc =
            pool_range_add(p, parse(c->kind, c->start), parse(c->kind, c->end), err, sizeof(err));
        if (rc != c->rc)
            fail_msg("case %zu %s-%s: rc %d, want %d (%s)", i, c->start, c->end, rc, c->rc, err);
        assert_int_equal(pool_range_count(p), before + (rc == 0));
        if (c->message != NULL && strstr(err, c->message) == NULL)
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err, c->message);
    }
    /* The pre-defined block is refused even when its ranges are not in this
     * pool. */
    struct pool *empty = pool_create(POOL_KIND_MAC);
    char err[300];
    assert_int_equal(
        pool_range_add(empty, MAC("02:56:43:00:20:00"), MAC("02:56:43:00:20:ff"), err, sizeof(err)),
        -EEXIST);
    assert_non_null(strstr(err, "pre-defined range 8"));
    pool_destroy(empty);
    for (int i = 0; i < 3; i++)
        pool_destroy(pools[i]);
}

static void test_pool_size_limit(void **state)
{
    (void)state;
    struct pool *p = pool_create(POOL_KIND_MAC);
    char err[200];
    /* Four ranges of 2^24 fill the pool's 2^26; a fifth address is refused. */
    for (uint64_t i = 0; i < 4; i++) {
        uint64_t s = 0x0a0000000000ULL + (i << 24);
        assert_int_equal(pool_range_add(p, s, s + (1ULL << 24) - 1, NULL, 0), 0);
    }
    assert_int_equal(
        pool_range_add(p, MAC("0a:00:05:00:00:00"), MAC("0a:00:05:00:00:00"), err, sizeof(err)),
        -E2BIG);
    assert_non_null(strstr(err, "at most"));
    struct pool_counts c;
    pool_counts(p, &c);
    assert_int_equal(c.size, POOL_SIZE_MAX);
    assert_int_equal(c.free, POOL_SIZE_MAX);
    /* The lowest and then the next, across a range boundary after a claim. */
    uint64_t a;
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, 0x0a0000000000ULL);
    pool_destroy(p);
}

/* ------------------------------------------------------------ addresses */

static void test_alloc_until_exhausted(void **state)
{
    (void)state;
    struct pool *p = pool_create(POOL_KIND_MAC);
    assert_int_equal(pool_range_add_predefined(p, 2, NULL, 0), 0);
    assert_int_equal(pool_range_add_predefined(p, 0, NULL, 0), 0);
    uint64_t us = MAC("06:00:00:00:00:05"), ue = MAC("06:00:00:00:01:13"); /* 271, odd */
    assert_int_equal(pool_range_add(p, us, ue, NULL, 0), 0);
    uint64_t excluded = MAC("02:56:43:00:08:40");
    assert_int_equal(pool_exclude(p, excluded, NULL, 0), 0);
    uint64_t claimed = MAC("06:00:00:00:00:07");
    assert_int_equal(pool_claim(p, claimed, NULL, 0), 0);
    assert_int_equal(pool_claim(p, MAC("00:17:a4:77:00:01"), NULL, 0), 0); /* External */

    uint64_t total = 2048 + 271;
    uint64_t want = total - 2; /* less the excluded and the claimed one */
    uint64_t prev = 0, a;
    for (uint64_t n = 0; n < want; n++) {
        assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
        /* Lowest first: strictly increasing, so each address exactly once. */
        assert_true(a > prev);
        prev = a;
        assert_true(a != excluded && a != claimed);
        assert_true(pool_range_find(p, a, NULL) >= 0);
        assert_int_equal(pool_state(p, a), POOL_IN_USE);
    }
    assert_int_equal(prev, ue);
    char err[300];
    assert_int_equal(pool_alloc(p, &a, err, sizeof(err)), -ENOSPC);
    assert_non_null(strstr(err, "exhausted"));
    assert_int_equal(pool_alloc(p, &a, NULL, 0), -ENOSPC);
    assert_int_equal(pool_alloc_pair(p, &a, NULL, 0), -ENOSPC);
    struct pool_counts c;
    pool_counts(p, &c);
    assert_int_equal(c.size, total);
    assert_int_equal(c.free, 0);
    assert_int_equal(c.in_use, total - 1);
    assert_int_equal(c.excluded, 1);
    assert_int_equal(c.external, 1);
    assert_int_equal(c.ranges, 3);

    /* Release then realloc: the lowest released comes back first. */
    uint64_t r1 = MAC("02:56:43:00:09:00"), r2 = MAC("02:56:43:00:01:23");
    assert_int_equal(pool_release(p, r1, NULL, 0), 0);
    assert_int_equal(pool_release(p, r2, NULL, 0), 0);
    assert_int_equal(pool_state(p, r1), POOL_FREE);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, r2);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, r1);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), -ENOSPC);
    /* Including the excluded address makes it the only free one. */
    assert_int_equal(pool_include(p, excluded, NULL, 0), 0);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, excluded);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), -ENOSPC);
    assert_int_equal(pool_alloc(p, NULL, NULL, 0), -EINVAL);
    pool_destroy(p);
}

static void test_states(void **state)
{
    (void)state;
    struct pool *p = pool_create(POOL_KIND_MAC);
    assert_int_equal(pool_range_add_predefined(p, 0, NULL, 0), 0);
    char err[200];
    uint64_t in = MAC("02:56:43:00:00:10"), out = MAC("02:56:43:00:04:10");
    uint64_t ext_global = MAC("00:17:a4:77:00:01");

    assert_int_equal(pool_state(p, in), POOL_FREE);
    assert_int_equal(pool_claim(p, in, NULL, 0), 0);
    assert_int_equal(pool_state(p, in), POOL_IN_USE);
    assert_int_equal(pool_claim(p, in, err, sizeof(err)), -EBUSY);
    assert_non_null(strstr(err, "02:56:43:00:00:10"));
    assert_int_equal(pool_exclude(p, in, NULL, 0), -EBUSY);
    assert_int_equal(pool_include(p, in, NULL, 0), -ENOENT);
    assert_int_equal(pool_release(p, in, NULL, 0), 0);
    assert_int_equal(pool_release(p, in, err, sizeof(err)), -ENOENT);
    assert_non_null(strstr(err, "Free"));
    assert_int_equal(pool_state(p, in), POOL_FREE);

    assert_int_equal(pool_exclude(p, in, NULL, 0), 0);
    assert_int_equal(pool_state(p, in), POOL_EXCLUDED);
    assert_int_equal(pool_exclude(p, in, NULL, 0), -EALREADY);
    assert_int_equal(pool_claim(p, in, NULL, 0), -EPERM);
    assert_int_equal(pool_release(p, in, err, sizeof(err)), -ENOENT);
    assert_non_null(strstr(err, "Excluded"));
    struct pool_range_info info;
    assert_int_equal(pool_range_find(p, in, &info), 0);
    assert_int_equal(info.excluded, 1);
    assert_int_equal(info.free, 1023);
    assert_int_equal(pool_include(p, in, NULL, 0), 0);
    assert_int_equal(pool_state(p, in), POOL_FREE);
    assert_int_equal(pool_include(p, in, NULL, 0), -ENOENT);

    /* Outside every range: External when claimed, Unmanaged otherwise. */
    assert_int_equal(pool_state(p, out), POOL_UNMANAGED);
    assert_int_equal(pool_exclude(p, out, NULL, 0), -ENOENT);
    assert_int_equal(pool_release(p, out, NULL, 0), -ENOENT);
    assert_int_equal(pool_claim(p, out, NULL, 0), 0);
    assert_int_equal(pool_claim(p, ext_global, NULL, 0), 0);
    assert_int_equal(pool_state(p, out), POOL_EXTERNAL);
    assert_int_equal(pool_state(p, ext_global), POOL_EXTERNAL);
    assert_int_equal(pool_claim(p, out, NULL, 0), -EBUSY);
    assert_int_equal(pool_claim(p, MAC("01:00:5e:00:00:01"), err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "multicast"));
    assert_int_equal(pool_claim(p, 1ULL << 48, NULL, 0), -EINVAL);
    struct pool_counts c;
    pool_counts(p, &c);
    assert_int_equal(c.external, 2);
    assert_int_equal(c.in_use, 0);
    assert_int_equal(pool_release(p, ext_global, NULL, 0), 0);
    assert_int_equal(pool_state(p, ext_global), POOL_UNMANAGED);

    /* A range added over an External address adopts it as In use. */
    assert_int_equal(pool_range_add_predefined(p, 1, NULL, 0), 0);
    assert_int_equal(pool_state(p, out), POOL_IN_USE);
    pool_counts(p, &c);
    assert_int_equal(c.external, 0);
    assert_int_equal(c.in_use, 1);
    assert_int_equal(pool_range_find(p, out, &info), 1);
    assert_int_equal(info.in_use, 1);
    /* ... and will not hand it out. */
    assert_int_equal(pool_claim(p, out, NULL, 0), -EBUSY);
    pool_destroy(p);
}

static void test_many_externals(void **state)
{
    (void)state;
    /* Enough External addresses to grow the hash set, random ones so that
     * they collide in it; release every other (which shifts entries back),
     * then adopt the first 1000 with a range. */
    struct pool *p = pool_create(POOL_KIND_WWN);
    enum { N = 5000 };
    static uint64_t keys[N];
    uint64_t base = WWN("50:06:0b:00:00:00:00:00");
    rng_state = 0x5555aaaa1234ULL;
    for (uint64_t i = 0; i < N; i++) {
        keys[i] = i < 1000 ? base + i * 3 : 5ULL << 60 | (rng() & ((1ULL << 60) - 1));
        assert_int_equal(pool_claim(p, keys[i], NULL, 0), 0);
    }
    for (uint64_t i = 0; i < N; i += 2)
        assert_int_equal(pool_release(p, keys[i], NULL, 0), 0);
    struct pool_counts c;
    pool_counts(p, &c);
    assert_int_equal(c.external, N / 2);
    for (uint64_t i = 0; i < N; i++)
        assert_int_equal(pool_state(p, keys[i]), i % 2 ? POOL_EXTERNAL : POOL_UNMANAGED);
    /* Range over i = 0..999: 500 odd i adopted. */
    assert_int_equal(pool_range_add(p, base, base + 2999, NULL, 0), 0);
    pool_counts(p, &c);
    assert_int_equal(c.external, N / 2 - 500);
    assert_int_equal(c.in_use, 500);
    for (uint64_t i = 0; i < N; i++) {
        enum pool_address_state want =
            i < 1000 ? (i % 2 ? POOL_IN_USE : POOL_FREE) : (i % 2 ? POOL_EXTERNAL : POOL_UNMANAGED);
        assert_int_equal(pool_state(p, keys[i]), want);
    }
    /* Release the rest in another order; the set ends empty. */
    for (uint64_t i = N; i-- > 1000;)
        if (i % 2)
            assert_int_equal(pool_release(p, keys[i], NULL, 0), 0);
    pool_counts(p, &c);
    assert_int_equal(c.external, 0);
    assert_int_equal(pool_state(p, keys[N - 1]), POOL_UNMANAGED);
    pool_destroy(p);
}

static void test_range_remove(void **state)
{
    (void)state;
    struct pool *p = pool_create(POOL_KIND_WWN);
    assert_int_equal(pool_range_add_predefined(p, 3, NULL, 0), 0);
    uint64_t us = WWN("50:06:0b:00:00:c2:62:00"), ue = WWN("50:06:0b:00:00:c2:62:ff");
    assert_int_equal(pool_range_add(p, us, ue, NULL, 0), 0);
    uint64_t a, b;
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(pool_alloc_pair(p, &b, NULL, 0), 0);
    assert_int_equal(pool_range_find(p, a, NULL), 0);
    char err[300];
    uint64_t ps, pe;
    assert_int_equal(pool_predefined_range(POOL_KIND_WWN, 3, &ps, &pe), 0);
    assert_int_equal(pool_range_remove(p, ps, pe, err, sizeof(err)), -EBUSY);
    assert_non_null(strstr(err, "ranges cannot change while profiles hold addresses from them"));
    assert_non_null(strstr(err, "3 addresses in use"));
    assert_non_null(strstr(err, "pre-defined range 3"));
    /* Not exactly a configured range. */
    assert_int_equal(pool_range_remove(p, ps, pe - 1, NULL, 0), -ENOENT);
    assert_int_equal(pool_range_remove(p, ps + 1, pe, NULL, 0), -ENOENT);
    assert_int_equal(pool_release(p, a, NULL, 0), 0);
    assert_int_equal(pool_release(p, b, NULL, 0), 0);
    assert_int_equal(pool_range_remove(p, ps, pe, NULL, 0), -EBUSY);
    assert_int_equal(pool_release(p, b + 1, NULL, 0), 0);
    /* Exclusions do not hold a range. */
    assert_int_equal(pool_exclude(p, ps + 7, NULL, 0), 0);
    assert_int_equal(pool_range_remove(p, ps, pe, NULL, 0), 0);
    assert_int_equal(pool_state(p, ps + 7), POOL_UNMANAGED);
    assert_int_equal(pool_range_count(p), 1);
    /* The next allocation comes from the remaining range. */
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, us);
    assert_int_equal(pool_range_remove(p, us, ue, NULL, 0), -EBUSY);
    /* Removing and re-adding a range while another is in use. */
    assert_int_equal(pool_range_add_predefined(p, 3, NULL, 0), 0);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, ps);
    pool_destroy(p);
}

static void test_pairs(void **state)
{
    (void)state;
    struct pool *p = pool_create(POOL_KIND_WWN);
    /* Odd start: ...01 has no pair; pairs are (02,03), (04,05); 06 alone. */
    uint64_t s = WWN("30:00:00:00:00:00:00:01"), e = WWN("30:00:00:00:00:00:00:06");
    assert_int_equal(pool_range_add(p, s, e, NULL, 0), 0);
    assert_int_equal(pool_claim(p, s + 1, NULL, 0), 0); /* breaks (02,03) */
    uint64_t a;
    assert_int_equal(pool_alloc_pair(p, &a, NULL, 0), 0);
    assert_int_equal(a, s + 3);
    assert_int_equal(pool_state(p, a), POOL_IN_USE);
    assert_int_equal(pool_state(p, a + 1), POOL_IN_USE);
    char err[300];
    assert_int_equal(pool_alloc_pair(p, &a, err, sizeof(err)), -ENOSPC);
    assert_non_null(strstr(err, "aligned pair"));
    /* Singles remain: 01, 03 and 06. */
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, s);
    /* Releasing 02 makes (02,03) whole again. */
    assert_int_equal(pool_release(p, s + 1, NULL, 0), 0);
    assert_int_equal(pool_alloc_pair(p, &a, NULL, 0), 0);
    assert_int_equal(a, s + 1);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a, e);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), -ENOSPC);
    /* A range of one address has no pair; a second range supplies one. */
    uint64_t one = WWN("30:00:00:00:00:00:01:00");
    assert_int_equal(pool_range_add(p, one, one, NULL, 0), 0);
    assert_int_equal(pool_alloc_pair(p, &a, NULL, 0), -ENOSPC);
    assert_int_equal(pool_range_add(p, one + 2, one + 3, NULL, 0), 0);
    assert_int_equal(pool_alloc_pair(p, &a, NULL, 0), 0);
    assert_int_equal(a, one + 2);
    assert_int_equal(pool_alloc_pair(p, NULL, NULL, 0), -EINVAL);
    pool_destroy(p);
}

static void test_deep_range(void **state)
{
    (void)state;
    /* 2^22 addresses: four bitmap levels. Take all of the first 2^18 but
     * three scattered holes; the holes come out first, in order. */
    struct pool *p = pool_create(POOL_KIND_MAC);
    uint64_t s = MAC("0a:00:00:00:00:00"), n = 1ULL << 22, head = 1ULL << 18;
    assert_int_equal(pool_range_add(p, s, s + n - 1, NULL, 0), 0);
    const uint64_t holes[] = {4095, 4096 * 17 + 63, head - 1};
    for (uint64_t i = 0; i < head; i++)
        if (i != holes[0] && i != holes[1] && i != holes[2])
            assert_int_equal(pool_claim(p, s + i, NULL, 0), 0);
    uint64_t a;
    for (int h = 0; h < 3; h++) {
        assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
        assert_int_equal(a - s, holes[h]);
    }
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a - s, head);
    /* The last address of the range, then back to a released low one. */
    assert_int_equal(pool_claim(p, s + n - 1, NULL, 0), 0);
    assert_int_equal(pool_release(p, s + 123456, NULL, 0), 0);
    assert_int_equal(pool_alloc(p, &a, NULL, 0), 0);
    assert_int_equal(a - s, 123456);
    assert_int_equal(pool_alloc_pair(p, &a, NULL, 0), 0);
    assert_int_equal(a - s, head + 2);
    struct pool_counts c;
    pool_counts(p, &c);
    assert_int_equal(c.in_use, head + 1 + 1 + 2);
    assert_int_equal(c.free, n - c.in_use);
    pool_destroy(p);
}

/* ------------------------------------------------------- randomized model */

/* The model: every candidate address (all range addresses plus some outside)
 * sorted, with its expected state. */
struct model {
    uint64_t *addr;
    enum pool_address_state *st;
    int *range; /* index into model_ranges, -1 outside */
    size_t n;
};

static const struct {
    const char *start, *end;
    int predefined;
} model_ranges[] = {
    {NULL, NULL, 0},
    {NULL, NULL, 2},
    {"06:00:00:00:00:01", "06:00:00:00:01:00", -1},
    {"0a:11:22:33:44:00", "0a:11:22:33:44:04", -1},
};
#define MODEL_RANGES (sizeof(model_ranges) / sizeof(model_ranges[0]))

static const char *model_outside[] = {
    "02:56:43:00:04:00", "02:56:43:00:04:01", "02:56:43:00:04:02", "02:56:43:00:07:ff",
    "06:00:00:00:00:00", "06:00:00:00:01:01", "00:17:a4:77:00:01", "00:17:a4:77:00:02",
};

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* model_add_ranges: add the model's ranges to p. */
static void model_add_ranges(struct pool *p)
{
    for (size_t r = 0; r < MODEL_RANGES; r++) {
        if (model_ranges[r].start == NULL)
            assert_int_equal(
                pool_range_add_predefined(p, (unsigned)model_ranges[r].predefined, NULL, 0), 0);
        else
            assert_int_equal(
                pool_range_add(p, MAC(model_ranges[r].start), MAC(model_ranges[r].end), NULL, 0),
                0);
    }
}

static void model_init(struct model *m)
{
    size_t cap = 4096;
    uint64_t *list = malloc(cap * sizeof(uint64_t));
    size_t n = 0;
    for (size_t r = 0; r < MODEL_RANGES; r++) {
        uint64_t s, e;
        if (model_ranges[r].start == NULL) {
            assert_int_equal(
                pool_predefined_range(POOL_KIND_MAC, (unsigned)model_ranges[r].predefined, &s, &e),
                0);
        } else {
            s = MAC(model_ranges[r].start);
            e = MAC(model_ranges[r].end);
        }
        for (uint64_t a = s; a <= e; a++)
            list[n++] = a;
    }
    for (size_t i = 0; i < sizeof(model_outside) / sizeof(model_outside[0]); i++)
        list[n++] = MAC(model_outside[i]);
    assert_true(n <= cap);
    qsort(list, n, sizeof(uint64_t), cmp_u64);
    m->addr = list;
    m->n = n;
    m->st = calloc(n, sizeof(*m->st));
    m->range = calloc(n, sizeof(*m->range));
    for (size_t i = 0; i < n; i++) {
        m->range[i] = -1;
        for (size_t r = 0; r < MODEL_RANGES; r++) {
            uint64_t s, e;
            if (model_ranges[r].start == NULL) {
                pool_predefined_range(POOL_KIND_MAC, (unsigned)model_ranges[r].predefined, &s, &e);
            } else {
                s = MAC(model_ranges[r].start);
                e = MAC(model_ranges[r].end);
            }
            if (list[i] >= s && list[i] <= e)
                m->range[i] = (int)r;
        }
        m->st[i] = m->range[i] >= 0 ? POOL_FREE : POOL_UNMANAGED;
    }
}

static void model_free(struct model *m)
{
    free(m->addr);
    free(m->st);
    free(m->range);
}

static void model_check_counts(const struct model *m, const struct pool *p)
{
    struct pool_counts c;
    pool_counts(p, &c);
    uint64_t n[5] = {0};
    for (size_t i = 0; i < m->n; i++)
        n[m->st[i]]++;
    assert_int_equal(c.free, n[POOL_FREE]);
    assert_int_equal(c.in_use, n[POOL_IN_USE]);
    assert_int_equal(c.excluded, n[POOL_EXCLUDED]);
    assert_int_equal(c.external, n[POOL_EXTERNAL]);
}

static void model_check_states(const struct model *m, const struct pool *p)
{
    for (size_t i = 0; i < m->n; i++)
        if (pool_state(p, m->addr[i]) != m->st[i])
            fail_msg("address %zu: state %d, model %d", i, pool_state(p, m->addr[i]), m->st[i]);
}

/* model_run: `ops` random operations on p, each checked against m. */
static void model_run(struct model *m, struct pool *p, int ops)
{
    for (int op = 0; op < ops; op++) {
        size_t i = (size_t)(rng() % m->n);
        uint64_t a = m->addr[i];
        enum pool_address_state s = m->st[i];
        unsigned kind = (unsigned)(rng() % 100);
        uint64_t got;
        int rc;
        if (kind < 38) {
            /* alloc: the lowest Free candidate, or -ENOSPC. */
            size_t want = m->n;
            for (size_t j = 0; j < m->n; j++)
                if (m->st[j] == POOL_FREE) {
                    want = j;
                    break;
                }
            rc = pool_alloc(p, &got, NULL, 0);
            if (want == m->n) {
                assert_int_equal(rc, -ENOSPC);
            } else {
                assert_int_equal(rc, 0);
                assert_int_equal(got, m->addr[want]);
                m->st[want] = POOL_IN_USE;
            }
        } else if (kind < 42) {
            /* alloc_pair: the lowest even Free candidate whose successor is
             * the next address, Free, in the same range. */
            size_t want = m->n;
            for (size_t j = 0; j + 1 < m->n; j++)
                if (m->st[j] == POOL_FREE && m->addr[j] % 2 == 0 && m->st[j + 1] == POOL_FREE &&
                    m->addr[j + 1] == m->addr[j] + 1 && m->range[j] == m->range[j + 1]) {
                    want = j;
                    break;
                }
            rc = pool_alloc_pair(p, &got, NULL, 0);
            if (want == m->n) {
                assert_int_equal(rc, -ENOSPC);
            } else {
                assert_int_equal(rc, 0);
                assert_int_equal(got, m->addr[want]);
                m->st[want] = m->st[want + 1] = POOL_IN_USE;
            }
        } else if (kind < 80) {
            /* release, more often of something in use: probe forward from
             * i for a used candidate half the time. */
            if (kind < 70) {
                for (size_t k = 0; k < 64; k++) {
                    size_t j = (i + k) % m->n;
                    if (m->st[j] == POOL_IN_USE || m->st[j] == POOL_EXTERNAL) {
                        i = j;
                        break;
                    }
                }
                a = m->addr[i];
                s = m->st[i];
            }
            rc = pool_release(p, a, NULL, 0);
            if (s == POOL_IN_USE || s == POOL_EXTERNAL) {
                assert_int_equal(rc, 0);
                m->st[i] = s == POOL_IN_USE ? POOL_FREE : POOL_UNMANAGED;
            } else {
                assert_int_equal(rc, -ENOENT);
            }
        } else if (kind < 92) {
            rc = pool_claim(p, a, NULL, 0);
            switch (s) {
            case POOL_FREE:
                assert_int_equal(rc, 0);
                m->st[i] = POOL_IN_USE;
                break;
            case POOL_UNMANAGED:
                assert_int_equal(rc, 0);
                m->st[i] = POOL_EXTERNAL;
                break;
            case POOL_EXCLUDED:
                assert_int_equal(rc, -EPERM);
                break;
            default:
                assert_int_equal(rc, -EBUSY);
            }
        } else if (kind < 96) {
            rc = pool_exclude(p, a, NULL, 0);
            if (m->range[i] < 0)
                assert_int_equal(rc, -ENOENT);
            else if (s == POOL_FREE) {
                assert_int_equal(rc, 0);
                m->st[i] = POOL_EXCLUDED;
            } else if (s == POOL_EXCLUDED) {
                assert_int_equal(rc, -EALREADY);
            } else {
                assert_int_equal(rc, -EBUSY);
            }
        } else {
            rc = pool_include(p, a, NULL, 0);
            if (s == POOL_EXCLUDED) {
                assert_int_equal(rc, 0);
                m->st[i] = POOL_FREE;
            } else {
                assert_int_equal(rc, -ENOENT);
            }
        }
        model_check_counts(m, p);
    }
    model_check_states(m, p);
}

static void test_random_model(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct pool *p = pool_create(POOL_KIND_MAC);
    model_add_ranges(p);
    rng_state = 0x9e3779b97f4a7c15ULL;
    model_run(&m, p, 100000);
    pool_destroy(p);
    model_free(&m);
}

static void test_rebuild(void **state)
{
    (void)state;
    struct model m;
    model_init(&m);
    struct pool *p = pool_create(POOL_KIND_MAC);
    model_add_ranges(p);
    rng_state = 0xdeadbeefcafef00dULL;
    model_run(&m, p, 20000);

    /* What a store would hold: the ranges, the in-use (and External) list,
     * the excluded list. Rebuild with half the claims before the ranges
     * exist (they become External, then are adopted) and half after. */
    struct pool *q = pool_create(POOL_KIND_MAC);
    size_t used = 0, excl = 0;
    for (size_t i = 0; i < m.n; i++) {
        if ((m.st[i] == POOL_IN_USE || m.st[i] == POOL_EXTERNAL) && i % 2 == 0) {
            assert_int_equal(pool_claim(q, m.addr[i], NULL, 0), 0);
            used++;
        }
    }
    model_add_ranges(q);
    for (size_t i = 0; i < m.n; i++) {
        if ((m.st[i] == POOL_IN_USE || m.st[i] == POOL_EXTERNAL) && i % 2 == 1) {
            assert_int_equal(pool_claim(q, m.addr[i], NULL, 0), 0);
            used++;
        }
        if (m.st[i] == POOL_EXCLUDED) {
            assert_int_equal(pool_exclude(q, m.addr[i], NULL, 0), 0);
            excl++;
        }
    }
    assert_true(used > 100 && excl > 10); /* the run left a mixed state */
    model_check_states(&m, q);
    model_check_counts(&m, q);
    struct pool_counts cp, cq;
    pool_counts(p, &cp);
    pool_counts(q, &cq);
    assert_int_equal(cp.ranges, cq.ranges);
    assert_int_equal(cp.size, cq.size);
    assert_int_equal(cp.free, cq.free);
    assert_int_equal(cp.in_use, cq.in_use);
    assert_int_equal(cp.excluded, cq.excluded);
    assert_int_equal(cp.external, cq.external);
    for (unsigned r = 0; r < pool_range_count(p); r++) {
        struct pool_range_info ip, iq;
        assert_int_equal(pool_range_get(p, r, &ip), 0);
        assert_int_equal(pool_range_get(q, r, &iq), 0);
        assert_int_equal(ip.start, iq.start);
        assert_int_equal(ip.end, iq.end);
        assert_int_equal(ip.predefined, iq.predefined);
        assert_int_equal(ip.free, iq.free);
        assert_int_equal(ip.in_use, iq.in_use);
        assert_int_equal(ip.excluded, iq.excluded);
    }
    /* Both hand out the same addresses from here on, to exhaustion. */
    for (;;) {
        uint64_t a, b;
        int ra = pool_alloc_pair(p, &a, NULL, 0), rb = pool_alloc_pair(q, &b, NULL, 0);
        assert_int_equal(ra, rb);
        if (ra == 0)
            assert_int_equal(a, b);
        ra = pool_alloc(p, &a, NULL, 0);
        rb = pool_alloc(q, &b, NULL, 0);
        assert_int_equal(ra, rb);
        if (ra < 0)
            break;
        assert_int_equal(a, b);
    }
    pool_destroy(p);
    pool_destroy(q);
    model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mac_text),
        cmocka_unit_test(test_wwn_text),
        cmocka_unit_test(test_serial_text),
        cmocka_unit_test(test_check_address),
        cmocka_unit_test(test_predefined_bounds),
        cmocka_unit_test(test_user_range_validation),
        cmocka_unit_test(test_pool_size_limit),
        cmocka_unit_test(test_alloc_until_exhausted),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_many_externals),
        cmocka_unit_test(test_range_remove),
        cmocka_unit_test(test_pairs),
        cmocka_unit_test(test_deep_range),
        cmocka_unit_test(test_random_model),
        cmocka_unit_test(test_rebuild),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
