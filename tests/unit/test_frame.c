/*
 * test_frame: frame_parse on every header shape the fast path meets
 * (untagged, C-tag, S-tag, S+C, priority tag), on every runt length, on
 * truncated tags, just below and above the size limit, and on bad sources.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/frame.h"

#define TEST_MAX 1518

static const uint8_t test_dst[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t test_src[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};

/* test_frame_build: write dst, src, then the 16-bit words of `words` (TPIDs,
 * TCIs, EtherType) into `buf` (zero-filled to `size`); returns the bytes
 * written before the zero fill. */
static uint32_t test_frame_build(uint8_t *buf, size_t size, const uint16_t *words, int n_words)
{
    uint32_t offset = 12;

    memset(buf, 0, size);
    memcpy(buf, test_dst, 6);
    memcpy(buf + 6, test_src, 6);
    for (int i = 0; i < n_words; i++) {
        buf[offset++] = (uint8_t)(words[i] >> 8);
        buf[offset++] = (uint8_t)words[i];
    }
    return offset;
}

static void test_frame_untagged(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x0800};
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 1);
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    assert_ptr_equal(info.destination, buf);
    assert_ptr_equal(info.source, buf + 6);
    assert_false(info.has_stag);
    assert_false(info.has_ctag);
    assert_int_equal(info.ethertype, 0x0800);
    assert_int_equal(info.header_bytes, 14);
    assert_int_equal(info.length, 64);
}

static void test_frame_ctag(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x8100, 0xe065, 0x86dd}; /* PCP 7, VID 101 */
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 3);
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    assert_false(info.has_stag);
    assert_true(info.has_ctag);
    assert_int_equal(info.cvid, 101);
    assert_int_equal(info.ethertype, 0x86dd);
    assert_int_equal(info.header_bytes, 18);
}

static void test_frame_stag(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x88a8, 0x1003, 0x0806}; /* DEI set, S-VID 3 */
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 3);
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    assert_true(info.has_stag);
    assert_int_equal(info.svid, 3);
    assert_false(info.has_ctag);
    assert_int_equal(info.ethertype, 0x0806);
    assert_int_equal(info.header_bytes, 18);
}

static void test_frame_stag_ctag(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x88a8, 0x0001, 0x8100, 0x0ffe, 0x0800};
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 5);
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    assert_true(info.has_stag);
    assert_int_equal(info.svid, 1);
    assert_true(info.has_ctag);
    assert_int_equal(info.cvid, 4094);
    assert_int_equal(info.ethertype, 0x0800);
    assert_int_equal(info.header_bytes, 22);
}

/* A third tag is not parsed: its TPID is the EtherType. */
static void test_frame_third_tag(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x88a8, 0x0002, 0x8100, 0x0005, 0x8100, 0x0007, 0x0800};
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 7);
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    assert_int_equal(info.svid, 2);
    assert_int_equal(info.cvid, 5);
    assert_int_equal(info.ethertype, 0x8100);
    assert_int_equal(info.header_bytes, 22);
}

/* A C-tag before an S-tag: only the C-tag is parsed. */
static void test_frame_ctag_then_stag(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x8100, 0x0064, 0x88a8, 0x0001, 0x0800};
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 5);
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    assert_false(info.has_stag);
    assert_true(info.has_ctag);
    assert_int_equal(info.cvid, 100);
    assert_int_equal(info.ethertype, 0x88a8);
}

static void test_frame_priority_tag(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x8100, 0xa000, 0x0800}; /* PCP 5, VID 0 */
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 3);
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    assert_true(info.has_ctag);
    assert_int_equal(info.cvid, 0);
    assert_int_equal(info.ethertype, 0x0800);
    assert_int_equal(info.header_bytes, 18);
}

/* Lengths 0..13 are malformed whatever they hold; 14..17 only when they
 * announce a tag; an S+C frame needs 22. */
static void test_frame_runts(void **state)
{
    (void)state;
    uint8_t buf[32];
    const uint16_t untagged[] = {0x0800};
    const uint16_t ctag[] = {0x8100, 0x0064, 0x0800};
    const uint16_t stag[] = {0x88a8, 0x0001, 0x0800};
    const uint16_t stag_ctag[] = {0x88a8, 0x0001, 0x8100, 0x0064, 0x0800};
    struct frame_info info;

    for (uint32_t length = 0; length <= 17; length++) {
        test_frame_build(buf, sizeof(buf), untagged, 1);
        assert_int_equal(frame_parse(buf, length, TEST_MAX, &info),
                         length < 14 ? FRAME_MALFORMED : FRAME_OK);
        assert_int_equal(info.length, length);
        test_frame_build(buf, sizeof(buf), ctag, 3);
        assert_int_equal(frame_parse(buf, length, TEST_MAX, &info), FRAME_MALFORMED);
        test_frame_build(buf, sizeof(buf), stag, 3);
        assert_int_equal(frame_parse(buf, length, TEST_MAX, &info), FRAME_MALFORMED);
    }
    for (uint32_t length = 0; length <= 21; length++) {
        test_frame_build(buf, sizeof(buf), stag_ctag, 5);
        assert_int_equal(frame_parse(buf, length, TEST_MAX, &info), FRAME_MALFORMED);
    }
    assert_int_equal(frame_parse(buf, 22, TEST_MAX, &info), FRAME_OK);
    test_frame_build(buf, sizeof(buf), ctag, 3);
    assert_int_equal(frame_parse(buf, 18, TEST_MAX, &info), FRAME_OK);
    test_frame_build(buf, sizeof(buf), stag, 3);
    assert_int_equal(frame_parse(buf, 18, TEST_MAX, &info), FRAME_OK);
}

/* An S-tag whose inner C-tag is cut short is malformed, not "S-tag only". */
static void test_frame_truncated_inner_tag(void **state)
{
    (void)state;
    uint8_t buf[32];
    const uint16_t words[] = {0x88a8, 0x0001, 0x8100, 0x0064, 0x0800};
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 5);
    for (uint32_t length = 18; length < 22; length++)
        assert_int_equal(frame_parse(buf, length, TEST_MAX, &info), FRAME_MALFORMED);
}

static void test_frame_oversize(void **state)
{
    (void)state;
    static uint8_t buf[9300];
    const uint16_t words[] = {0x0800};
    struct frame_info info;

    test_frame_build(buf, sizeof(buf), words, 1);
    assert_int_equal(frame_parse(buf, TEST_MAX, TEST_MAX, &info), FRAME_OK);
    assert_int_equal(frame_parse(buf, TEST_MAX + 1, TEST_MAX, &info), FRAME_OVERSIZE);
    assert_int_equal(frame_parse(buf, 9216, 9216, &info), FRAME_OK);
    assert_int_equal(frame_parse(buf, 9217, 9216, &info), FRAME_OVERSIZE);
    assert_int_equal(frame_parse(buf, 9217, 1514, &info), FRAME_OVERSIZE);
    assert_int_equal(info.length, 9217);
}

static void test_frame_bad_source(void **state)
{
    (void)state;
    uint8_t buf[64];
    const uint16_t words[] = {0x0800};
    struct frame_info info;
    static const uint8_t bad[][6] = {
        {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, /* broadcast */
        {0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}, /* IPv4 multicast */
        {0x33, 0x33, 0x00, 0x00, 0x00, 0x01}, /* IPv6 multicast */
        {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}, /* STP */
        {0x00, 0x00, 0x00, 0x00, 0x00, 0x00}, /* all zero */
    };
    static const uint8_t good[][6] = {
        {0x00, 0x00, 0x00, 0x00, 0x00, 0x01},
        {0x80, 0x00, 0x00, 0x00, 0x00, 0x00},
        {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff},
        {0x02, 0x56, 0x43, 0x00, 0x00, 0x10},
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        test_frame_build(buf, sizeof(buf), words, 1);
        memcpy(buf + 6, bad[i], 6);
        assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_BAD_SOURCE);
    }
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
        test_frame_build(buf, sizeof(buf), words, 1);
        memcpy(buf + 6, good[i], 6);
        assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
    }
    /* a multicast destination is fine */
    test_frame_build(buf, sizeof(buf), words, 1);
    buf[0] = 0x01;
    assert_int_equal(frame_parse(buf, 64, TEST_MAX, &info), FRAME_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_frame_untagged),
        cmocka_unit_test(test_frame_ctag),
        cmocka_unit_test(test_frame_stag),
        cmocka_unit_test(test_frame_stag_ctag),
        cmocka_unit_test(test_frame_third_tag),
        cmocka_unit_test(test_frame_ctag_then_stag),
        cmocka_unit_test(test_frame_priority_tag),
        cmocka_unit_test(test_frame_runts),
        cmocka_unit_test(test_frame_truncated_inner_tag),
        cmocka_unit_test(test_frame_oversize),
        cmocka_unit_test(test_frame_bad_source),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
