/*
 * test_classify: classify_ingress and classify_egress on a snapshot built by
 * config_parse from a small document that has every kind of port and
 * FlexNIC: partitioned and unpartitioned downlinks, single-vNet, VLAN-map,
 * tunnel and network-less FlexNICs, uplink sets with and without a native
 * vNet, dedicated and tunnel uplinks, an unused uplink. Also the drop-reason
 * names of counters.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/classify.h"

/* vNet ids in document order (first parse, no previous snapshot) */
enum { PROD101, NATIVE, PROD102, BACKUP, TRUNK, LAB, WEB };
/* port indexes in document order */
enum { D1, D2, D3, D4, X1, X2, X3, X4, X5, X6 };

static const char test_document[] =
    "{'generation': 1,"
    " 'ports': [{'name': 'd1', 'device': 'p0', 'partitioned': true},"
    "  {'name': 'd2', 'device': 'p1'}, {'name': 'd3', 'device': 'p2'},"
    "  {'name': 'd4', 'device': 'p3', 'partitioned': true},"
    "  {'name': 'X1', 'device': 'p4'}, {'name': 'X2', 'device': 'p5'},"
    "  {'name': 'X3', 'device': 'p6'}, {'name': 'X4', 'device': 'p7'},"
    "  {'name': 'X5', 'device': 'p8'}, {'name': 'X6', 'device': 'p9'}],"
    " 'uplink_sets': [{'name': 'SUS-A', 'ports': ['X1', 'X2']}, {'name': 'SUS-B', 'ports': "
    "['X6']}],"
    " 'vnets': [{'name': 'Prod101', 'uplink_set': 'SUS-A', 'vlan': 101},"
    "  {'name': 'Native', 'uplink_set': 'SUS-A', 'native': true},"
    "  {'name': 'Prod102', 'uplink_set': 'SUS-A', 'vlan': 102},"
    "  {'name': 'Backup', 'uplinks': ['X3']},"
    "  {'name': 'Trunk', 'uplinks': ['X4'], 'tunnel': true},"
    "  {'name': 'Lab'},"
    "  {'name': 'Web', 'uplink_set': 'SUS-B', 'vlan': 300}],"
    " 'flexnics': [{'port': 'd1', 'flexnic': 'a', 'vnet': 'Prod101'},"
    "  {'port': 'd1', 'flexnic': 'b', 'vlans': [{'vlan': 10, 'vnet': 'Prod101'},"
    "   {'vlan': 20, 'vnet': 'Prod102'}], 'untagged_vnet': 'Native'},"
    "  {'port': 'd1', 'flexnic': 'c', 'vnet': 'Trunk'},"
    "  {'port': 'd2', 'flexnic': 'a', 'vnet': 'Backup'},"
    "  {'port': 'd4', 'flexnic': 'a', 'vlans': [{'vlan': 30, 'vnet': 'Lab'}]},"
    "  {'port': 'd4', 'flexnic': 'b'}]}";

/* test_setup: parse test_document into *state. */
static int test_setup(void **state)
{
    char *text = strdup(test_document), error[256];
    json_error_t json_error;
    json_t *json;
    struct dp_config *config;

    if (text == NULL)
        return -1;
    for (char *c = text; *c != '\0'; c++)
        if (*c == '\'')
            *c = '"';
    json = json_loads(text, 0, &json_error);
    free(text);
    if (json == NULL) {
        print_error("bad JSON: %s\n", json_error.text);
        return -1;
    }
    config = config_parse(json, NULL, error, sizeof(error));
    json_decref(json);
    if (config == NULL) {
        print_error("refused: %s\n", error);
        return -1;
    }
    *state = config;
    return 0;
}

static int test_teardown(void **state)
{
    config_free(*state);
    return 0;
}

/* Tag shapes of a parsed frame: svid/cvid < 0 = tag absent. */
#define NO_TAG (-1)

/* test_ingress: classify a frame with the given tags on `port`; returns the
 * result (vnet DP_VNET_NONE on a drop). */
static struct classify_result test_ingress(const struct dp_config *config, unsigned port, int svid,
                                           int cvid)
{
    struct frame_info info = {0};
    struct classify_result result;

    info.has_stag = svid >= 0;
    info.svid = info.has_stag ? (uint16_t)svid : 0;
    info.has_ctag = cvid >= 0;
    info.cvid = info.has_ctag ? (uint16_t)cvid : 0;
    info.ethertype = 0x0800;
    info.header_bytes = (uint16_t)(14 + 4 * (info.has_stag + info.has_ctag));
    info.length = 64;
    memset(&result, 0xa5, sizeof(result));
    classify_ingress(config, port, &info, &result);
    return result;
}

/* test_accept: the frame is accepted into `vnet` on `flexnic`, stripping
 * `strip` bytes. */
static void test_accept(const struct dp_config *config, unsigned port, int svid, int cvid,
                        uint16_t vnet, unsigned flexnic, unsigned strip)
{
    struct classify_result r = test_ingress(config, port, svid, cvid);

    if (r.drop != DP_DROP_NONE || r.vnet != vnet || r.flexnic != flexnic || r.strip_bytes != strip)
        fail_msg("port %u svid %d cvid %d: got drop %s vnet %u flexnic %u strip %u,"
                 " expected vnet %u flexnic %u strip %u",
                 port, svid, cvid, counters_drop_name(r.drop), r.vnet, r.flexnic, r.strip_bytes,
                 vnet, flexnic, strip);
}

/* test_drop: the frame is dropped for `reason`. */
static void test_drop(const struct dp_config *config, unsigned port, int svid, int cvid,
                      enum dp_drop_reason reason)
{
    struct classify_result r = test_ingress(config, port, svid, cvid);

    if (r.drop != reason || r.vnet != DP_VNET_NONE)
        fail_msg("port %u svid %d cvid %d: got drop %s vnet %u, expected drop %s", port, svid, cvid,
                 counters_drop_name(r.drop), r.vnet, counters_drop_name(reason));
}

static void test_classify_ids(void **state)
{
    const struct dp_config *c = *state;

    assert_int_equal(config_find_vnet(c, "Prod101"), PROD101);
    assert_int_equal(config_find_vnet(c, "Web"), WEB);
    assert_int_equal(config_find_port(c, "X6"), X6);
}

static void test_classify_schannel(void **state)
{
    const struct dp_config *c = *state;

    /* S-VID 1..3 pick FlexNICs a..c */
    test_accept(c, D1, 1, NO_TAG, PROD101, 0, 4);
    test_accept(c, D1, 2, NO_TAG, NATIVE, 1, 4);
    test_accept(c, D1, 3, NO_TAG, TRUNK, 2, 4);
    /* S-VID 4: FlexNIC d not defined */
    test_drop(c, D1, 4, NO_TAG, DP_DROP_BAD_SCHANNEL);
    test_drop(c, D1, 0, NO_TAG, DP_DROP_BAD_SCHANNEL);
    test_drop(c, D1, 5, NO_TAG, DP_DROP_BAD_SCHANNEL);
    test_drop(c, D1, 4095, NO_TAG, DP_DROP_BAD_SCHANNEL);
    test_drop(c, D1, 0, 10, DP_DROP_BAD_SCHANNEL);
    /* no S-tag on a partitioned port */
    test_drop(c, D1, NO_TAG, NO_TAG, DP_DROP_BAD_SCHANNEL);
    test_drop(c, D1, NO_TAG, 10, DP_DROP_BAD_SCHANNEL);
    test_drop(c, D4, NO_TAG, 30, DP_DROP_BAD_SCHANNEL);
    /* S-tag on an unpartitioned port */
    test_drop(c, D2, 1, NO_TAG, DP_DROP_BAD_SCHANNEL);
    test_drop(c, D2, 1, 5, DP_DROP_BAD_SCHANNEL);
    /* unpartitioned port without FlexNIC a */
    test_drop(c, D3, NO_TAG, NO_TAG, DP_DROP_NO_VNET);
    test_drop(c, D3, 1, NO_TAG, DP_DROP_BAD_SCHANNEL);
    /* a FlexNIC without a network */
    test_drop(c, D4, 2, NO_TAG, DP_DROP_NO_VNET);
    test_drop(c, D4, 2, 30, DP_DROP_NO_VNET);
    /* port out of range */
    test_drop(c, 48, NO_TAG, NO_TAG, DP_DROP_NO_VNET);
    test_drop(c, c->n_ports, NO_TAG, NO_TAG, DP_DROP_NO_VNET);
}

static void test_classify_single_vnet(void **state)
{
    const struct dp_config *c = *state;

    /* unpartitioned */
    test_accept(c, D2, NO_TAG, NO_TAG, BACKUP, 0, 0);
    test_accept(c, D2, NO_TAG, 0, BACKUP, 0, 4); /* priority tag stripped */
    test_drop(c, D2, NO_TAG, 7, DP_DROP_NO_VNET);
    /* partitioned, FlexNIC a */
    test_accept(c, D1, 1, NO_TAG, PROD101, 0, 4);
    test_accept(c, D1, 1, 0, PROD101, 0, 8);
    test_drop(c, D1, 1, 101, DP_DROP_NO_VNET);
    test_drop(c, D1, 1, 5, DP_DROP_NO_VNET);
}

static void test_classify_vlan_map(void **state)
{
    const struct dp_config *c = *state;

    test_accept(c, D1, 2, 10, PROD101, 1, 8);
    test_accept(c, D1, 2, 20, PROD102, 1, 8);
    test_drop(c, D1, 2, 30, DP_DROP_NO_VNET);
    test_drop(c, D1, 2, 101, DP_DROP_NO_VNET);
    test_drop(c, D1, 2, 4095, DP_DROP_NO_VNET);
    /* untagged and priority-tagged to the untagged vNet */
    test_accept(c, D1, 2, NO_TAG, NATIVE, 1, 4);
    test_accept(c, D1, 2, 0, NATIVE, 1, 8);
    /* a map without untagged vNet */
    test_accept(c, D4, 1, 30, LAB, 0, 8);
    test_drop(c, D4, 1, NO_TAG, DP_DROP_NO_VNET);
    test_drop(c, D4, 1, 0, DP_DROP_NO_VNET);
}

static void test_classify_tunnel(void **state)
{
    const struct dp_config *c = *state;

    /* FlexNIC c: everything, only the S-tag stripped */
    test_accept(c, D1, 3, NO_TAG, TRUNK, 2, 4);
    test_accept(c, D1, 3, 0, TRUNK, 2, 4);
    test_accept(c, D1, 3, 999, TRUNK, 2, 4);
    test_accept(c, D1, 3, 4095, TRUNK, 2, 4);
    /* its dedicated uplink: everything, nothing stripped */
    test_accept(c, X4, NO_TAG, NO_TAG, TRUNK, 0, 0);
    test_accept(c, X4, NO_TAG, 5, TRUNK, 0, 0);
    test_accept(c, X4, 7, 5, TRUNK, 0, 0);
    test_accept(c, X4, 7, NO_TAG, TRUNK, 0, 0);
}

static void test_classify_uplink_set(void **state)
{
    const struct dp_config *c = *state;

    test_accept(c, X1, NO_TAG, 101, PROD101, 0, 4);
    test_accept(c, X2, NO_TAG, 102, PROD102, 0, 4);
    test_drop(c, X1, NO_TAG, 103, DP_DROP_NO_VNET);
    test_drop(c, X1, NO_TAG, 300, DP_DROP_NO_VNET); /* Web is on SUS-B */
    test_accept(c, X1, NO_TAG, NO_TAG, NATIVE, 0, 0);
    test_accept(c, X1, NO_TAG, 0, NATIVE, 0, 4);
    test_drop(c, X1, 101, NO_TAG, DP_DROP_NO_VNET);
    test_drop(c, X1, 5, 101, DP_DROP_NO_VNET);
    /* a set without native vNet */
    test_accept(c, X6, NO_TAG, 300, WEB, 0, 4);
    test_drop(c, X6, NO_TAG, NO_TAG, DP_DROP_NO_VNET);
    test_drop(c, X6, NO_TAG, 0, DP_DROP_NO_VNET);
    test_drop(c, X6, NO_TAG, 101, DP_DROP_NO_VNET);
}

static void test_classify_dedicated(void **state)
{
    const struct dp_config *c = *state;

    test_accept(c, X3, NO_TAG, NO_TAG, BACKUP, 0, 0);
    test_accept(c, X3, NO_TAG, 0, BACKUP, 0, 4);
    test_drop(c, X3, NO_TAG, 5, DP_DROP_NO_VNET);
    test_drop(c, X3, 5, NO_TAG, DP_DROP_NO_VNET);
    /* an uplink nobody uses */
    test_drop(c, X5, NO_TAG, NO_TAG, DP_DROP_NO_VNET);
    test_drop(c, X5, NO_TAG, 101, DP_DROP_NO_VNET);
}

/* test_egress: classify_egress gives `carried` and, if so, the tags. */
static void test_egress(const struct dp_config *config, unsigned port, unsigned flexnic,
                        uint16_t vnet, bool carried, uint16_t svid, uint16_t cvid)
{
    struct classify_egress_tags tags = {0xdead, 0xbeef};
    bool result = classify_egress(config, port, flexnic, vnet, &tags);

    if (result != carried || (carried && (tags.svid != svid || tags.cvid != cvid)))
        fail_msg("port %u flexnic %u vnet %u: got %d svid %u cvid %u, expected %d svid %u cvid %u",
                 port, flexnic, vnet, result, tags.svid, tags.cvid, carried, svid, cvid);
}

static void test_classify_egress_uplinks(void **state)
{
    const struct dp_config *c = *state;

    test_egress(c, X1, 0, PROD101, true, 0, 101);
    test_egress(c, X2, 0, PROD102, true, 0, 102);
    test_egress(c, X1, 0, NATIVE, true, 0, 0);
    test_egress(c, X1, 0, BACKUP, false, 0, 0);
    test_egress(c, X1, 0, WEB, false, 0, 0);
    test_egress(c, X1, 0, LAB, false, 0, 0);
    test_egress(c, X6, 0, WEB, true, 0, 300);
    test_egress(c, X6, 0, PROD101, false, 0, 0);
    test_egress(c, X3, 0, BACKUP, true, 0, 0);
    test_egress(c, X3, 0, PROD101, false, 0, 0);
    test_egress(c, X4, 0, TRUNK, true, 0, 0);
    test_egress(c, X4, 0, BACKUP, false, 0, 0);
    test_egress(c, X5, 0, PROD101, false, 0, 0);
    test_egress(c, X5, 0, NATIVE, false, 0, 0);
}

static void test_classify_egress_downlinks(void **state)
{
    const struct dp_config *c = *state;

    /* partitioned: S-VID = FlexNIC + 1 */
    test_egress(c, D1, 0, PROD101, true, 1, 0);
    test_egress(c, D1, 0, NATIVE, false, 0, 0);
    test_egress(c, D1, 1, PROD101, true, 2, 10);
    test_egress(c, D1, 1, PROD102, true, 2, 20);
    test_egress(c, D1, 1, NATIVE, true, 2, 0); /* the untagged vNet */
    test_egress(c, D1, 1, BACKUP, false, 0, 0);
    test_egress(c, D1, 2, TRUNK, true, 3, 0);
    test_egress(c, D1, 2, PROD101, false, 0, 0);
    test_egress(c, D1, 3, PROD101, false, 0, 0); /* FlexNIC d not defined */
    test_egress(c, D4, 0, LAB, true, 1, 30);
    test_egress(c, D4, 0, PROD101, false, 0, 0);
    test_egress(c, D4, 1, LAB, false, 0, 0); /* no network */
    /* unpartitioned: no S-tag, FlexNIC a only */
    test_egress(c, D2, 0, BACKUP, true, 0, 0);
    test_egress(c, D2, 1, BACKUP, false, 0, 0);
    test_egress(c, D2, 0, PROD101, false, 0, 0);
    test_egress(c, D3, 0, PROD101, false, 0, 0);
    /* out of range or undefined */
    test_egress(c, D1, 4, PROD101, false, 0, 0);
    test_egress(c, D1, 0, DP_VNET_NONE, false, 0, 0);
    test_egress(c, D1, 0, 100, false, 0, 0);
    test_egress(c, c->n_ports, 0, PROD101, false, 0, 0);
}

/* Every member the snapshot lists gets an egress, and nothing else does. */
static void test_classify_egress_members(void **state)
{
    const struct dp_config *c = *state;
    struct classify_egress_tags tags;

    for (unsigned id = 0; id <= WEB; id++) {
        unsigned carried = 0;

        for (unsigned p = 0; p < c->n_ports; p++) {
            if (c->ports[p].role != DP_PORT_DOWNLINK)
                continue;
            for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++)
                carried += classify_egress(c, p, f, (uint16_t)id, &tags);
        }
        assert_int_equal(carried, c->vnets[id].n_members);
        for (unsigned m = 0; m < c->vnets[id].n_members; m++)
            assert_true(classify_egress(c, c->vnets[id].members[m].port,
                                        c->vnets[id].members[m].flexnic, (uint16_t)id, &tags));
        for (unsigned u = 0; u < c->vnets[id].n_uplink_ports; u++)
            assert_true(classify_egress(c, c->vnets[id].uplink_ports[u], 0, (uint16_t)id, &tags));
    }
}

/* frame_parse then classify_ingress on real bytes. */
static void test_classify_from_bytes(void **state)
{
    const struct dp_config *c = *state;
    uint8_t frame[64] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0,    0,    0,    0,
                         1,    0x88, 0xa8, 0x00, 0x02, 0x81, 0x00, 0x00, 0x14, 0x08, 0x00};
    struct frame_info info;
    struct classify_result result;

    assert_int_equal(frame_parse(frame, sizeof(frame), c->max_frame_bytes, &info), FRAME_OK);
    classify_ingress(c, D1, &info, &result);
    assert_int_equal(result.drop, DP_DROP_NONE);
    assert_int_equal(result.vnet, PROD102);
    assert_int_equal(result.flexnic, 1);
    assert_int_equal(result.strip_bytes, 8);
    assert_int_equal(info.header_bytes - result.strip_bytes, 14);
}

static void test_classify_drop_names(void **state)
{
    (void)state;
    assert_string_equal(counters_drop_name(DP_DROP_NONE), "none");
    assert_string_equal(counters_drop_name(DP_DROP_MALFORMED), "malformed");
    assert_string_equal(counters_drop_name(DP_DROP_BAD_SCHANNEL), "bad_schannel");
    assert_string_equal(counters_drop_name(DP_DROP_RATE_LIMIT), "rate_limit");
    assert_string_equal(counters_drop_name(DP_DROP_TX_FULL), "tx_full");
    assert_string_equal(counters_drop_name(DP_DROP_PORT_PROTECT), "port_protect");
    assert_string_equal(counters_drop_name(DP_DROP_MAC_CONTROL), "mac_control");
    assert_string_equal(counters_drop_name(DP_DROP_LOOP_PROBE), "loop_probe");
    assert_string_equal(counters_drop_name(DP_DROP_COUNT), "unknown");
    assert_string_equal(counters_drop_help(DP_DROP_NO_VNET),
                        "no vNet for the frame's port, FlexNIC and VLAN");
    assert_string_equal(counters_drop_help(DP_DROP_COUNT), "unknown drop reason");
    for (int i = 0; i < DP_DROP_COUNT; i++) {
        assert_non_null(counters_drop_name(i));
        assert_non_null(counters_drop_help(i));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(counters_drop_name(i), counters_drop_name(j));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify_ids),
        cmocka_unit_test(test_classify_schannel),
        cmocka_unit_test(test_classify_single_vnet),
        cmocka_unit_test(test_classify_vlan_map),
        cmocka_unit_test(test_classify_tunnel),
        cmocka_unit_test(test_classify_uplink_set),
        cmocka_unit_test(test_classify_dedicated),
        cmocka_unit_test(test_classify_egress_uplinks),
        cmocka_unit_test(test_classify_egress_downlinks),
        cmocka_unit_test(test_classify_egress_members),
        cmocka_unit_test(test_classify_from_bytes),
        cmocka_unit_test(test_classify_drop_names),
    };
    return cmocka_run_group_tests(tests, test_setup, test_teardown);
}
