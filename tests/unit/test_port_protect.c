/*
 * test_port_protect: the pure part of port protection -- the loop probe
 * byte for byte and recognised again (tagged or not, this module's or
 * another's, and what is not a probe), the MAC control classification
 * (PAUSE, PFC, other opcodes, runts) and the pause flood window (a flood
 * only after a whole window of frames with no long gap and at least the
 * threshold; a gap, a slow trickle or a counter reset start over).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/frame.h"
#include "dataplane/port_protect.h"

#define MS 1000000ull

static const uint8_t test_module[6] = {0x02, 0x4f, 0x56, 0x12, 0x34, 0x56};
static const uint8_t test_other[6] = {0x02, 0x4f, 0x56, 0x65, 0x43, 0x21};

static const struct dp_port_protect_config test_config = {
    .network_loop = true,
    .pause_flood = true,
    .loop_interval_ms = 1000,
    .pause_window_ms = 1000,
    .pause_threshold = 20,
};

/* test_parse: frame_parse of `frame`, asserting it parses. */
static void test_parse(const uint8_t *frame, size_t length, struct frame_info *info)
{
    assert_int_equal(frame_parse(frame, (uint32_t)length, 9216, info), FRAME_OK);
}

static void test_probe_untagged(void **state)
{
    (void)state;
    static const uint8_t expected[26] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x4f, 0x56,
                                         0x12, 0x34, 0x56, 0x88, 0xb6, 'O',  'V',  'L',  'P',
                                         1,    16,   2,    0,    0x01, 0x02, 0x03, 0x04};
    static const uint8_t zeros[60] = {0};
    uint8_t frame[80];
    struct frame_info info;
    struct port_protect_probe probe;

    memset(frame, 0xaa, sizeof(frame));
    assert_int_equal(
        port_protect_probe_build(frame, sizeof(frame), test_module, 16, 2, 0, 0x01020304),
        PORT_PROTECT_PROBE_FRAME_BYTES);
    assert_memory_equal(frame, expected, sizeof(expected));
    assert_memory_equal(frame + sizeof(expected), zeros, 60 - sizeof(expected));
    assert_int_equal(frame[60], 0xaa); /* nothing past the frame */

    test_parse(frame, 60, &info);
    assert_true(port_protect_special_ethertype(info.ethertype));
    assert_true(port_protect_probe_parse(frame, 60, &info, test_module, &probe));
    assert_true(probe.from_this_module);
    assert_int_equal(probe.slot, 16);
    assert_int_equal(probe.flexnic, 2);
    assert_int_equal(probe.sequence, 0x01020304);
    assert_memory_equal(probe.source_mac, test_module, 6);
    /* the same frame seen by another module: a probe, not its own */
    assert_true(port_protect_probe_parse(frame, 60, &info, test_other, &probe));
    assert_false(probe.from_this_module);
}

static void test_probe_tagged(void **state)
{
    (void)state;
    static const uint8_t tag[6] = {0x88, 0xa8, 0x00, 0x04, 0x88, 0xb6};
    uint8_t frame[64];
    struct frame_info info;
    struct port_protect_probe probe;

    assert_int_equal(port_protect_probe_build(frame, sizeof(frame), test_module, 3, 3, 4, 7),
                     PORT_PROTECT_PROBE_TAGGED_BYTES);
    assert_memory_equal(frame + 12, tag, sizeof(tag));
    test_parse(frame, 64, &info);
    assert_true(info.has_stag);
    assert_int_equal(info.svid, 4);
    assert_true(port_protect_probe_parse(frame, 64, &info, test_module, &probe));
    assert_int_equal(probe.slot, 3);
    assert_int_equal(probe.flexnic, 3);
    assert_int_equal(probe.sequence, 7);
    /* a server's own VLAN tag around it (S-tag, then C-tag): still found */
    uint8_t stacked[68];
    memcpy(stacked, frame, 16);
    memcpy(stacked + 16, (const uint8_t[]){0x81, 0x00, 0x00, 0x65}, 4);
    memcpy(stacked + 20, frame + 16, 48);
    test_parse(stacked, sizeof(stacked), &info);
    assert_true(port_protect_probe_parse(stacked, sizeof(stacked), &info, test_module, &probe));
    assert_int_equal(probe.sequence, 7);
}

static void test_probe_build_refuses(void **state)
{
    (void)state;
    uint8_t frame[80];

    memset(frame, 0xaa, sizeof(frame));
    assert_int_equal(port_protect_probe_build(frame, 59, test_module, 1, 0, 0, 1), 0);
    assert_int_equal(port_protect_probe_build(frame, 63, test_module, 1, 0, 1, 1), 0);
    assert_int_equal(port_protect_probe_build(frame, sizeof(frame), test_module, 1, 4, 0, 1), 0);
    assert_int_equal(port_protect_probe_build(frame, sizeof(frame), test_module, 1, 0, 5, 1), 0);
    assert_int_equal(port_protect_probe_build(frame, sizeof(frame), test_module, 256, 0, 0, 1), 0);
    assert_int_equal(frame[0], 0xaa);
}

static void test_not_a_probe(void **state)
{
    (void)state;
    uint8_t frame[60], other[60];
    struct frame_info info;
    struct port_protect_probe probe;

    port_protect_probe_build(frame, sizeof(frame), test_module, 1, 0, 0, 1);
    /* each of marker, version, FlexNIC and the zero byte wrong: an ordinary 0x88B6 frame */
    static const struct {
        unsigned offset;
        uint8_t value;
    } damage[] = {{14, 'o'}, {17, 'Q'}, {18, 2}, {20, 4}, {21, 1}};
    for (unsigned i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
        memcpy(other, frame, sizeof(other));
        other[damage[i].offset] = damage[i].value;
        test_parse(other, sizeof(other), &info);
        assert_false(port_protect_probe_parse(other, sizeof(other), &info, test_module, &probe));
    }
    /* cut short: no room for the payload */
    test_parse(frame, 25, &info);
    assert_false(port_protect_probe_parse(frame, 25, &info, test_module, &probe));
    test_parse(frame, 26, &info);
    assert_true(port_protect_probe_parse(frame, 26, &info, test_module, &probe));
    /* another ethertype */
    memcpy(other, frame, sizeof(other));
    other[13] = 0xb5;
    test_parse(other, sizeof(other), &info);
    assert_false(port_protect_special_ethertype(info.ethertype));
    assert_false(port_protect_probe_parse(other, sizeof(other), &info, test_module, &probe));
}

/* test_mac_control: a MAC control frame with `opcode`, `length` bytes. */
static size_t test_mac_control(uint8_t *frame, uint16_t opcode, size_t length)
{
    static const uint8_t header[14] = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x01, 0x02,
                                       0x30, 0x00, 0x00, 0x00, 0x01, 0x88, 0x08};
    memset(frame, 0, 60);
    memcpy(frame, header, sizeof(header));
    frame[14] = (uint8_t)(opcode >> 8);
    frame[15] = (uint8_t)opcode;
    frame[16] = 0xff; /* pause time */
    frame[17] = 0xff;
    return length;
}

static void test_pause_classification(void **state)
{
    (void)state;
    uint8_t frame[60];
    struct frame_info info;
    size_t length;

    length = test_mac_control(frame, 0x0001, 60);
    test_parse(frame, length, &info);
    assert_true(port_protect_special_ethertype(info.ethertype));
    assert_int_equal(port_protect_mac_control_kind(frame, (uint32_t)length, &info),
                     PORT_PROTECT_MAC_CONTROL_PAUSE);
    length = test_mac_control(frame, 0x0101, 60);
    test_parse(frame, length, &info);
    assert_int_equal(port_protect_mac_control_kind(frame, (uint32_t)length, &info),
                     PORT_PROTECT_MAC_CONTROL_PFC);
    /* other opcodes (GATE of EPON, 0x0002) and a runt without the opcode */
    length = test_mac_control(frame, 0x0002, 60);
    test_parse(frame, length, &info);
    assert_int_equal(port_protect_mac_control_kind(frame, (uint32_t)length, &info),
                     PORT_PROTECT_MAC_CONTROL_OTHER);
    length = test_mac_control(frame, 0x0001, 15);
    test_parse(frame, length, &info);
    assert_int_equal(port_protect_mac_control_kind(frame, (uint32_t)length, &info),
                     PORT_PROTECT_MAC_CONTROL_OTHER);
    length = test_mac_control(frame, 0x0001, 16);
    test_parse(frame, length, &info);
    assert_int_equal(port_protect_mac_control_kind(frame, (uint32_t)length, &info),
                     PORT_PROTECT_MAC_CONTROL_PAUSE);
    /* PAUSE opcode under another ethertype is no MAC control */
    length = test_mac_control(frame, 0x0001, 60);
    frame[13] = 0x09;
    test_parse(frame, length, &info);
    assert_false(port_protect_special_ethertype(info.ethertype));
    assert_int_equal(port_protect_mac_control_kind(frame, (uint32_t)length, &info),
                     PORT_PROTECT_MAC_CONTROL_OTHER);
}

/* test_feed: step every `step_ms` from `from_ms` to `to_ms` (excluded), the
 * counter growing by `per_step`; returns the time of the first flood, or 0. */
static uint64_t test_feed(struct port_protect_pause *pause, uint64_t *frames, uint64_t from_ms,
                          uint64_t to_ms, uint64_t step_ms, uint64_t per_step,
                          const struct dp_port_protect_config *config)
{
    for (uint64_t t = from_ms; t < to_ms; t += step_ms) {
        *frames += per_step;
        if (port_protect_pause_step(pause, *frames, t * MS, config))
            return t;
    }
    return 0;
}

static void test_pause_flood_window(void **state)
{
    (void)state;
    struct port_protect_pause pause;
    uint64_t frames = 0;

    port_protect_pause_init(&pause);
    /* quiet: never */
    assert_int_equal(test_feed(&pause, &frames, 100, 5000, 100, 0, &test_config), 0);
    /* 10 frames every 100 ms from 5000: the run starts at 5000, a flood
     * once it is a whole window old */
    assert_int_equal(test_feed(&pause, &frames, 5000, 8000, 100, 10, &test_config), 6000);
    /* after a flood the window starts over */
    assert_int_equal(test_feed(&pause, &frames, 6100, 9000, 100, 10, &test_config), 7100);
}

static void test_pause_flood_gap(void **state)
{
    (void)state;
    struct port_protect_pause pause;
    uint64_t frames = 0;

    port_protect_pause_init(&pause);
    test_feed(&pause, &frames, 0, 100, 100, 0, &test_config);
    /* 900 ms of frames, a 300 ms gap (over window / 4), then frames again:
     * the run starts over after the gap */
    assert_int_equal(test_feed(&pause, &frames, 100, 1000, 100, 10, &test_config), 0);
    assert_int_equal(test_feed(&pause, &frames, 1000, 1300, 100, 0, &test_config), 0);
    assert_int_equal(test_feed(&pause, &frames, 1300, 2200, 100, 10, &test_config), 0);
    assert_int_equal(test_feed(&pause, &frames, 2200, 3000, 100, 10, &test_config), 2300);
    /* a gap just within a quarter window (200 ms between steps that saw
     * frames) keeps the run */
    port_protect_pause_init(&pause);
    frames = 0;
    test_feed(&pause, &frames, 0, 100, 100, 0, &test_config);
    assert_int_equal(test_feed(&pause, &frames, 100, 1100, 200, 20, &test_config), 0);
    assert_int_equal(test_feed(&pause, &frames, 1100, 1400, 200, 20, &test_config), 1100);
}

static void test_pause_flood_threshold(void **state)
{
    (void)state;
    struct port_protect_pause pause;
    uint64_t frames = 0;

    /* one frame a step keeps the run alive, but 10 steps of 1 are below 20 */
    port_protect_pause_init(&pause);
    test_feed(&pause, &frames, 0, 100, 100, 0, &test_config);
    assert_int_equal(test_feed(&pause, &frames, 100, 1900, 100, 1, &test_config), 0);
    /* 2 a step: 20 frames over the window once it is 1000 ms old */
    port_protect_pause_init(&pause);
    frames = 0;
    test_feed(&pause, &frames, 0, 100, 100, 0, &test_config);
    assert_int_equal(test_feed(&pause, &frames, 100, 3000, 100, 2, &test_config), 1100);
    /* a counter that went back (a port slot reused) restarts from the new value */
    port_protect_pause_init(&pause);
    frames = 1000;
    assert_false(port_protect_pause_step(&pause, frames, 0, &test_config));
    assert_int_equal(test_feed(&pause, &frames, 100, 900, 100, 10, &test_config), 0);
    frames = 5;
    assert_false(port_protect_pause_step(&pause, frames, 1000 * MS, &test_config));
    assert_int_equal(test_feed(&pause, &frames, 1100, 2000, 100, 10, &test_config), 0);
    /* the first look at a counter already high is no flood by itself */
    port_protect_pause_init(&pause);
    assert_false(port_protect_pause_step(&pause, 1000000, 50000 * MS, &test_config));
}

/* The one-compare pre-check takes both ethertypes and hands a few others
 * (EAPOL, GOOSE) to the exact checks, which give them back; it never
 * takes the common ones. */
static void test_special_ethertypes(void **state)
{
    (void)state;
    static const uint16_t taken[] = {0x8808, 0x88b6, 0x888e, 0x88b8};
    static const uint16_t left[] = {0x0800, 0x0806, 0x86dd, 0x8100, 0x88cc, 0x8809,
                                    0x88b5, 0x88b7, 0x8847, 0x8906, 0x9808, 0x08b6};
    uint8_t frame[60];
    struct frame_info info;
    struct port_protect_probe probe;

    for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
        assert_true(port_protect_special_ethertype(taken[i]));
    for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++)
        assert_false(port_protect_special_ethertype(left[i]));
    /* an EAPOL frame: neither MAC control nor a probe */
    port_protect_probe_build(frame, sizeof(frame), test_module, 1, 0, 0, 1);
    frame[12] = 0x88;
    frame[13] = 0x8e;
    test_parse(frame, sizeof(frame), &info);
    assert_true(port_protect_special_ethertype(info.ethertype));
    assert_false(port_protect_probe_parse(frame, sizeof(frame), &info, test_module, &probe));
    assert_int_equal(port_protect_mac_control_kind(frame, sizeof(frame), &info),
                     PORT_PROTECT_MAC_CONTROL_OTHER);
}

static void test_state_names(void **state)
{
    (void)state;
    assert_string_equal(port_protect_state_name(PORT_PROTECT_OK), "ok");
    assert_string_equal(port_protect_state_name(PORT_PROTECT_LOOP), "loop_detected");
    assert_string_equal(port_protect_state_name(PORT_PROTECT_PAUSE_FLOOD), "pause_flood");
    assert_string_equal(port_protect_state_name((enum port_protect_state)7), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_untagged),       cmocka_unit_test(test_probe_tagged),
        cmocka_unit_test(test_probe_build_refuses),  cmocka_unit_test(test_not_a_probe),
        cmocka_unit_test(test_pause_classification), cmocka_unit_test(test_pause_flood_window),
        cmocka_unit_test(test_pause_flood_gap),      cmocka_unit_test(test_pause_flood_threshold),
        cmocka_unit_test(test_special_ethertypes),   cmocka_unit_test(test_state_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
