/*
 * test_config: config_parse against the document of
 * docs/dataplane-protocol.md: a full valid document builds the expected
 * snapshot; a table of invalid documents each fails naming the right field;
 * vNet ids stay stable across reconfigurations; config_to_json gives back a
 * document that parses to the same snapshot.
 *
 * Documents are written with single quotes for readability; test_json turns
 * them into double quotes before parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dataplane/config.h"

/* test_json: parse `text` with ' standing for "; fails the test on a JSON
 * syntax error. Returns a new reference. */
static json_t *test_json(const char *text)
{
    char *copy = strdup(text);
    json_error_t error;
    json_t *json;

    assert_non_null(copy);
    for (char *c = copy; *c != '\0'; c++)
        if (*c == '\'')
            *c = '"';
    json = json_loads(copy, JSON_DECODE_ANY | JSON_ALLOW_NUL, &error);
    if (json == NULL)
        fail_msg("bad test JSON (%s): %s", error.text, copy);
    free(copy);
    return json;
}

/* test_parse: config_parse of `text` (single-quoted JSON) after `previous`;
 * the error (if any) lands in `error`. */
static struct dp_config *test_parse(const char *text, const struct dp_config *previous, char *error,
                                    size_t error_size)
{
    json_t *json = test_json(text);
    struct dp_config *config = config_parse(json, previous, error, error_size);

    json_decref(json);
    return config;
}

/* test_parse_ok: like test_parse, failing the test on an error. */
static struct dp_config *test_parse_ok(const char *text, const struct dp_config *previous)
{
    char error[256];
    struct dp_config *config = test_parse(text, previous, error, sizeof(error));

    if (config == NULL)
        fail_msg("refused: %s", error);
    return config;
}

/* The example of docs/dataplane-protocol.md. */
static const char test_example[] =
    "{'generation': 7, 'aging_s': 300, 'max_frame_bytes': 9216, 'mac_table_size': 65536,"
    " 'ports': ["
    "  {'name': 'd1', 'device': 'net_af_packet0,iface=vcd1', 'speed_mbps': 10000,"
    "   'partitioned': true, 'enabled': true},"
    "  {'name': 'X1', 'device': 'net_af_packet1,iface=vcx1', 'speed_mbps': 10000},"
    "  {'name': 'X2', 'device': 'net_af_packet2,iface=vcx2'},"
    "  {'name': 'X3', 'device': 'net_af_packet3,iface=vcx3', 'enabled': false}],"
    " 'uplink_sets': [{'name': 'SUS-A', 'ports': ['X1']}],"
    " 'vnets': ["
    "  {'name': 'Prod101', 'uplink_set': 'SUS-A', 'vlan': 101},"
    "  {'name': 'Native',  'uplink_set': 'SUS-A', 'native': true},"
    "  {'name': 'Backup',  'uplinks': ['X2']},"
    "  {'name': 'Trunk',   'uplinks': ['X3'], 'tunnel': true},"
    "  {'name': 'Priv',    'uplink_set': 'SUS-A', 'vlan': 200, 'private': true,"
    "   'mac_limit': 1024,"
    "   'static_macs': [{'mac': '02:00:00:00:00:01', 'port': 'd1', 'flexnic': 'b'}]},"
    "  {'name': 'Lab'}],"
    " 'flexnics': ["
    "  {'port': 'd1', 'flexnic': 'a', 'vnet': 'Prod101',"
    "   'max_mbps': 2500, 'min_mbps': 2500, 'mac': '02:56:43:00:00:10'},"
    "  {'port': 'd1', 'flexnic': 'b',"
    "   'vlans': [{'vlan': 101, 'vnet': 'Prod101'}, {'vlan': 200, 'vnet': 'Priv'}],"
    "   'untagged_vnet': 'Native', 'max_mbps': 10000, 'min_mbps': 1000},"
    "  {'port': 'd1', 'flexnic': 'd', 'vnet': 'Trunk'}]}";

static void test_config_example(void **state)
{
    (void)state;
    struct dp_config *c = test_parse_ok(test_example, NULL);
    const struct dp_flexnic_config *a, *b;
    static const uint8_t mac10[6] = {0x02, 0x56, 0x43, 0x00, 0x00, 0x10};
    static const uint8_t mac01[6] = {0x02, 0, 0, 0, 0, 0x01};

    assert_int_equal(c->generation, 7);
    assert_int_equal(c->aging_s, 300);
    assert_int_equal(c->max_frame_bytes, 9216);
    assert_int_equal(c->mac_table_size, 65536);

    /* ports */
    assert_int_equal(c->n_ports, 4);
    assert_string_equal(c->ports[0].name, "d1");
    assert_string_equal(c->ports[0].device, "net_af_packet0,iface=vcd1");
    assert_int_equal(c->ports[0].role, DP_PORT_DOWNLINK);
    assert_int_equal(c->ports[0].number, 1);
    assert_true(c->ports[0].partitioned);
    assert_true(c->ports[0].enabled);
    assert_int_equal(c->ports[0].uplink_set, -1);
    assert_int_equal(c->ports[0].dedicated_vnet, DP_VNET_NONE);
    assert_int_equal(c->ports[1].role, DP_PORT_UPLINK);
    assert_int_equal(c->ports[1].number, 1);
    assert_int_equal(c->ports[1].uplink_set, 0);
    assert_int_equal(c->ports[1].dedicated_vnet, DP_VNET_NONE);
    assert_int_equal(c->ports[2].speed_mbps, 10000);
    assert_true(c->ports[2].enabled);
    assert_false(c->ports[2].partitioned);
    assert_int_equal(c->ports[2].uplink_set, -1);
    assert_int_equal(c->ports[2].dedicated_vnet, 2);
    assert_false(c->ports[3].enabled);
    assert_int_equal(c->ports[3].dedicated_vnet, 3);
    assert_int_equal(config_find_port(c, "X3"), 3);
    assert_int_equal(config_find_port(c, "X4"), -1);

    /* uplink set */
    assert_int_equal(c->n_uplink_sets, 1);
    assert_string_equal(c->uplink_sets[0].name, "SUS-A");
    assert_int_equal(c->uplink_sets[0].n_ports, 1);
    assert_int_equal(c->uplink_sets[0].ports[0], 1);
    assert_int_equal(c->uplink_sets[0].native_vnet, 1);
    assert_int_equal(c->uplink_sets[0].vlan_to_vnet[101], 0);
    assert_int_equal(c->uplink_sets[0].vlan_to_vnet[200], 4);
    assert_int_equal(c->uplink_sets[0].vlan_to_vnet[0], DP_VNET_NONE);
    assert_int_equal(c->uplink_sets[0].vlan_to_vnet[102], DP_VNET_NONE);

    /* vNets: ids in document order from an empty start */
    assert_int_equal(config_find_vnet(c, "Prod101"), 0);
    assert_int_equal(config_find_vnet(c, "Native"), 1);
    assert_int_equal(config_find_vnet(c, "Backup"), 2);
    assert_int_equal(config_find_vnet(c, "Trunk"), 3);
    assert_int_equal(config_find_vnet(c, "Priv"), 4);
    assert_int_equal(config_find_vnet(c, "Lab"), 5);
    assert_int_equal(config_find_vnet(c, "Prod9"), DP_VNET_NONE);
    assert_false(c->vnets[6].defined);
    assert_int_equal(c->vnets[6].uplink_set, -1);

    assert_int_equal(c->vnets[0].uplink_set, 0);
    assert_int_equal(c->vnets[0].uplink_vlan, 101);
    assert_int_equal(c->vnets[0].n_uplink_ports, 1);
    assert_int_equal(c->vnets[0].uplink_ports[0], 1);
    assert_int_equal(c->vnets[0].n_members, 2);
    assert_int_equal(c->vnets[0].members[0].port, 0);
    assert_int_equal(c->vnets[0].members[0].flexnic, 0);
    assert_int_equal(c->vnets[0].members[1].port, 0);
    assert_int_equal(c->vnets[0].members[1].flexnic, 1);
    assert_false(c->vnets[0].tunnel);
    assert_false(c->vnets[0].private_network);
    assert_int_equal(c->vnets[0].mac_limit, 0);

    assert_int_equal(c->vnets[1].uplink_set, 0);
    assert_int_equal(c->vnets[1].uplink_vlan, 0);
    assert_int_equal(c->vnets[1].n_members, 1);
    assert_int_equal(c->vnets[1].members[0].flexnic, 1);

    assert_int_equal(c->vnets[2].uplink_set, -1);
    assert_int_equal(c->vnets[2].n_uplink_ports, 1);
    assert_int_equal(c->vnets[2].uplink_ports[0], 2);
    assert_int_equal(c->vnets[2].n_members, 0);

    assert_true(c->vnets[3].tunnel);
    assert_int_equal(c->vnets[3].uplink_ports[0], 3);
    assert_int_equal(c->vnets[3].n_members, 1);
    assert_int_equal(c->vnets[3].members[0].flexnic, 3);

    assert_true(c->vnets[4].private_network);
    assert_int_equal(c->vnets[4].mac_limit, 1024);
    assert_int_equal(c->vnets[4].uplink_vlan, 200);
    assert_int_equal(c->vnets[4].n_static_macs, 1);
    assert_memory_equal(c->vnets[4].static_macs[0].mac, mac01, 6);
    assert_int_equal(c->vnets[4].static_macs[0].port, 0);
    assert_int_equal(c->vnets[4].static_macs[0].flexnic, 1);
    assert_int_equal(c->vnets[4].n_members, 1);

    assert_int_equal(c->vnets[5].uplink_set, -1);
    assert_int_equal(c->vnets[5].n_uplink_ports, 0);
    assert_int_equal(c->vnets[5].n_members, 0);
    assert_null(c->vnets[5].static_macs);

    /* FlexNICs */
    a = &c->ports[0].flexnics[0];
    assert_true(a->defined);
    assert_int_equal(a->vnet, 0);
    assert_int_equal(a->untagged_vnet, 0);
    assert_null(a->vlan_to_vnet);
    assert_null(a->vnet_to_vlan);
    assert_int_equal(a->max_bps, 2500000000ull);
    assert_int_equal(a->min_bps, 2500000000ull);
    assert_true(a->has_mac);
    assert_memory_equal(a->mac, mac10, 6);

    b = &c->ports[0].flexnics[1];
    assert_true(b->defined);
    assert_int_equal(b->vnet, DP_VNET_NONE);
    assert_int_equal(b->untagged_vnet, 1);
    assert_non_null(b->vlan_to_vnet);
    assert_int_equal(b->vlan_to_vnet[101], 0);
    assert_int_equal(b->vlan_to_vnet[200], 4);
    assert_int_equal(b->vlan_to_vnet[0], DP_VNET_NONE);
    assert_int_equal(b->vlan_to_vnet[100], DP_VNET_NONE);
    assert_int_equal(b->vnet_to_vlan[0], 101);
    assert_int_equal(b->vnet_to_vlan[4], 200);
    assert_int_equal(b->vnet_to_vlan[1], 0);
    assert_int_equal(b->vnet_to_vlan[2], DP_VLAN_NONE);
    assert_int_equal(b->max_bps, 10000000000ull);
    assert_int_equal(b->min_bps, 1000000000ull);
    assert_false(b->has_mac);

    assert_false(c->ports[0].flexnics[2].defined);
    assert_int_equal(c->ports[0].flexnics[2].vnet, DP_VNET_NONE);
    assert_int_equal(c->ports[0].flexnics[2].untagged_vnet, DP_VNET_NONE);
    assert_true(c->ports[0].flexnics[3].defined);
    assert_int_equal(c->ports[0].flexnics[3].vnet, 3);
    assert_int_equal(c->ports[0].flexnics[3].max_bps, 10000000000ull); /* default */
    assert_int_equal(c->ports[0].flexnics[3].min_bps, 0);
    config_free(c);
}

static void test_config_defaults(void **state)
{
    (void)state;
    struct dp_config *c = test_parse_ok("{'generation': 1}", NULL);

    assert_int_equal(c->generation, 1);
    assert_int_equal(c->aging_s, DP_DEFAULT_AGING_S);
    assert_int_equal(c->max_frame_bytes, DP_DEFAULT_MAX_FRAME);
    assert_int_equal(c->mac_table_size, DP_DEFAULT_MAC_TABLE);
    assert_int_equal(c->n_ports, 0);
    assert_int_equal(c->n_uplink_sets, 0);
    for (unsigned id = 0; id < DP_MAX_VNETS; id++)
        assert_false(c->vnets[id].defined);
    /* without a mac_cache object: off, so older documents behave as before */
    assert_false(c->mac_cache.enabled);
    assert_int_equal(c->mac_cache.refresh_ms, DP_MAC_CACHE_DEFAULT_REFRESH_MS);
    assert_int_equal(c->mac_cache.repeats, DP_MAC_CACHE_DEFAULT_REPEATS);
    /* nor port protection */
    assert_false(c->port_protect.network_loop);
    assert_false(c->port_protect.pause_flood);
    assert_int_equal(c->port_protect.loop_interval_ms, DP_PORT_PROTECT_DEFAULT_LOOP_INTERVAL_MS);
    assert_int_equal(c->port_protect.pause_window_ms, DP_PORT_PROTECT_DEFAULT_PAUSE_WINDOW_MS);
    assert_int_equal(c->port_protect.pause_threshold, DP_PORT_PROTECT_DEFAULT_PAUSE_THRESHOLD);
    config_free(c);

    /* a port_protect object turns both on unless it says otherwise */
    c = test_parse_ok("{'generation': 1, 'port_protect': {}}", NULL);
    assert_true(c->port_protect.network_loop);
    assert_true(c->port_protect.pause_flood);
    assert_int_equal(c->port_protect.pause_window_ms, 10000);
    config_free(c);
    c = test_parse_ok("{'generation': 1, 'port_protect': {'network_loop': false,"
                      " 'pause_flood': true, 'loop_interval_ms': 100, 'pause_window_ms': 60000,"
                      " 'pause_threshold': 1000000}}",
                      NULL);
    assert_false(c->port_protect.network_loop);
    assert_true(c->port_protect.pause_flood);
    assert_int_equal(c->port_protect.loop_interval_ms, 100);
    assert_int_equal(c->port_protect.pause_window_ms, 60000);
    assert_int_equal(c->port_protect.pause_threshold, 1000000);
    config_free(c);

    /* an object without `enabled` turns it on with the defaults */
    c = test_parse_ok("{'generation': 1, 'mac_cache': {}}", NULL);
    assert_true(c->mac_cache.enabled);
    assert_int_equal(c->mac_cache.refresh_ms, 5000);
    assert_int_equal(c->mac_cache.repeats, 3);
    config_free(c);
    c = test_parse_ok("{'generation': 1, 'mac_cache': {'enabled': false, 'refresh_ms': 100,"
                      " 'repeats': 10}}",
                      NULL);
    assert_false(c->mac_cache.enabled);
    assert_int_equal(c->mac_cache.refresh_ms, 100);
    assert_int_equal(c->mac_cache.repeats, 10);
    config_free(c);
    c = test_parse_ok("{'generation': 1, 'mac_cache': {'enabled': true, 'refresh_ms': 30000,"
                      " 'repeats': 1}}",
                      NULL);
    assert_true(c->mac_cache.enabled);
    assert_int_equal(c->mac_cache.refresh_ms, 30000);
    assert_int_equal(c->mac_cache.repeats, 1);
    config_free(c);

    c = test_parse_ok("{'generation': 2, 'aging_s': 0, 'max_frame_bytes': 1514,"
                      " 'mac_table_size': 4194304, 'ports': [{'name': 'd32', 'device': 'x',"
                      " 'speed_mbps': 100}, {'name': 'X16', 'device': 'y', 'speed_mbps': 20000}],"
                      " 'flexnics': [{'port': 'd32', 'flexnic': 'a'}]}",
                      NULL);
    assert_int_equal(c->aging_s, 0);
    assert_int_equal(c->max_frame_bytes, 1514);
    assert_int_equal(c->mac_table_size, 4194304);
    assert_int_equal(c->ports[0].number, 32);
    assert_int_equal(c->ports[1].number, 16);
    assert_int_equal(c->ports[1].speed_mbps, 20000);
    /* a FlexNIC without a network: defined, carries nothing */
    assert_true(c->ports[0].flexnics[0].defined);
    assert_int_equal(c->ports[0].flexnics[0].vnet, DP_VNET_NONE);
    assert_int_equal(c->ports[0].flexnics[0].max_bps, 100000000ull);
    config_free(c);
    config_free(NULL);
}

/* Shared pieces of the invalid documents. */
#define T_PORTS                                                                                    \
    "'ports': [{'name': 'd1', 'device': 'r0', 'partitioned': true},"                               \
    " {'name': 'd2', 'device': 'r1'}, {'name': 'X1', 'device': 'r2'},"                             \
    " {'name': 'X2', 'device': 'r3'}, {'name': 'X3', 'device': 'r4'}]"
#define T_SETS "'uplink_sets': [{'name': 'SUS-A', 'ports': ['X1']}]"
#define T_VNETS                                                                                    \
    "{'name': 'Prod101', 'uplink_set': 'SUS-A', 'vlan': 101},"                                     \
    " {'name': 'Native', 'uplink_set': 'SUS-A', 'native': true},"                                  \
    " {'name': 'Backup', 'uplinks': ['X2']}, {'name': 'Trunk', 'uplinks': ['X3'], 'tunnel': true}"
#define T_BASE "'generation': 1, " T_PORTS ", " T_SETS
/* A document with the base ports, sets and vNets, plus `flexnics`. */
#define T_FLEX(flexnics) "{" T_BASE ", 'vnets': [" T_VNETS "], 'flexnics': [" flexnics "]}"
/* A document with the base ports and sets and these vNets. */
#define T_VNET(vnets) "{" T_BASE ", 'vnets': [" vnets "]}"
/* A document with vNet Prod101 with these static MACs, and FlexNICs d1:a
 * (Prod101), d1:b (Native). */
#define T_STATIC(macs)                                                                             \
    "{" T_BASE ", 'vnets': [{'name': 'Prod101', 'uplink_set': 'SUS-A', 'vlan': 101,"               \
    " 'static_macs': [" macs "]}, {'name': 'Native', 'uplinks': ['X2']}],"                         \
    " 'flexnics': [{'port': 'd1', 'flexnic': 'a', 'vnet': 'Prod101'},"                             \
    " {'port': 'd1', 'flexnic': 'b', 'vnet': 'Native'}]}"

struct test_invalid {
    const char *document;
    const char *error; /* expected prefix of the error */
};

static const struct test_invalid test_invalid_documents[] = {
    /* root */
    {"[]", "<root>: expected an object, got an array"},
    {"{'generation': 1, 'vnet': []}", "<root>: unknown member \"vnet\""},
    {"{}", "generation: required"},
    {"{'generation': 0}", "generation: 0 is below 1"},
    {"{'generation': '1'}", "generation: expected an integer, got a string"},
    /* mac_cache */
    {"{'generation': 1, 'mac_cache': true}", "mac_cache: expected an object, got a boolean"},
    {"{'generation': 1, 'mac_cache': {'interval': 5}}", "mac_cache: unknown member \"interval\""},
    {"{'generation': 1, 'mac_cache': {'enabled': 1}}",
     "mac_cache.enabled: expected a boolean, got an integer"},
    {"{'generation': 1, 'mac_cache': {'refresh_ms': 99}}",
     "mac_cache.refresh_ms: 99 is below 100 (100-30000)"},
    {"{'generation': 1, 'mac_cache': {'refresh_ms': 30001}}",
     "mac_cache.refresh_ms: 30001 is above 30000 (100-30000)"},
    {"{'generation': 1, 'mac_cache': {'refresh_ms': '5'}}",
     "mac_cache.refresh_ms: expected an integer, got a string"},
    {"{'generation': 1, 'mac_cache': {'repeats': 0}}", "mac_cache.repeats: 0 is below 1 (1-10)"},
    {"{'generation': 1, 'mac_cache': {'repeats': 11}}", "mac_cache.repeats: 11 is above 10 (1-10)"},
    /* port_protect */
    {"{'generation': 1, 'port_protect': []}", "port_protect: expected an object, got an array"},
    {"{'generation': 1, 'port_protect': {'loop': true}}", "port_protect: unknown member \"loop\""},
    {"{'generation': 1, 'port_protect': {'network_loop': 'yes'}}",
     "port_protect.network_loop: expected a boolean, got a string"},
    {"{'generation': 1, 'port_protect': {'pause_flood': 0}}",
     "port_protect.pause_flood: expected a boolean, got an integer"},
    {"{'generation': 1, 'port_protect': {'loop_interval_ms': 99}}",
     "port_protect.loop_interval_ms: 99 is below 100 (100-60000)"},
    {"{'generation': 1, 'port_protect': {'pause_window_ms': 60001}}",
     "port_protect.pause_window_ms: 60001 is above 60000 (100-60000)"},
    {"{'generation': 1, 'port_protect': {'pause_threshold': 0}}",
     "port_protect.pause_threshold: 0 is below 1 (1-1000000)"},
    {"{'generation': 1.0}", "generation: expected an integer, got a real number"},
    {"{'generation': 1, 'aging_s': 1000001}", "aging_s: 1000001 is above 1000000"},
    {"{'generation': 1, 'max_frame_bytes': 1513}", "max_frame_bytes: 1513 is below 1514"},
    {"{'generation': 1, 'max_frame_bytes': 9217}", "max_frame_bytes: 9217 is above 9216"},
    {"{'generation': 1, 'mac_table_size': 1023}", "mac_table_size: 1023 is below 1024"},
    {"{'generation': 1, 'ports': {}}", "ports: expected an array, got an object"},
    {"{'generation': 1, 'vnets': null}", "vnets: expected an array, got null"},
    /* ports */
    {"{'generation': 1, 'ports': [{'name': 'd33', 'device': 'a'}]}",
     "ports[0].name: \"d33\" is not a port name (d1-d32, e1d1-e3d16 or X1-X16)"},
    {"{'generation': 1, 'ports': [{'name': 'e4d1', 'device': 'a'}]}",
     "ports[0].name: \"e4d1\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'e0d1', 'device': 'a'}]}",
     "ports[0].name: \"e0d1\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'e1d17', 'device': 'a'}]}",
     "ports[0].name: \"e1d17\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'e1d0', 'device': 'a'}]}",
     "ports[0].name: \"e1d0\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'e1X1', 'device': 'a'}]}",
     "ports[0].name: \"e1X1\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'e1d', 'device': 'a'}]}",
     "ports[0].name: \"e1d\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'd01', 'device': 'a'}]}",
     "ports[0].name: \"d01\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'x1', 'device': 'a'}]}",
     "ports[0].name: \"x1\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'X17', 'device': 'a'}]}",
     "ports[0].name: \"X17\" is not a port name"},
    {"{'generation': 1, 'ports': [{'name': 'd\\u00001', 'device': 'a'}]}",
     "ports[0].name: contains a NUL character"},
    {"{'generation': 1, 'ports': [{'name': 'd1', 'device': 'a'}, {'name': 'd1', 'device': 'b'}]}",
     "ports[1].name: port \"d1\" already defined (ports[0])"},
    {"{'generation': 1, 'ports': [{'name': 'd1', 'device': 'a'}, {'name': 'd2', 'device': 'a'}]}",
     "ports[1].device: \"a\" already used by port \"d1\""},
    {"{'generation': 1, 'ports': [{'name': 'd1'}]}", "ports[0].device: required"},
    {"{'generation': 1, 'ports': [{'name': 'd1', 'device': ''}]}", "ports[0].device: must be"},
    {"{'generation': 1, 'ports': [{'name': 'd1', 'device': 'a'}, {'name': 'd2', 'device': 'b'},"
     " {'name': 'd3', 'device': 'c', 'speed_mbps': 25000}]}",
     "ports[2].speed_mbps: 25000 is above 20000 (100-20000 in steps of 100)"},
    {"{'generation': 1, 'ports': [{'name': 'd1', 'device': 'a', 'speed_mbps': 150}]}",
     "ports[0].speed_mbps: 150 is not a multiple of 100 (100-20000 in steps of 100)"},
    {"{'generation': 1, 'ports': [{'name': 'X1', 'device': 'a', 'partitioned': true}]}",
     "ports[0].partitioned: only downlinks"},
    {"{'generation': 1, 'ports': [{'name': 'd1', 'device': 'a', 'speed': 100}]}",
     "ports[0]: unknown member \"speed\""},
    {"{'generation': 1, 'ports': [{'name': 'd1', 'device': 'a', 'enabled': 'yes'}]}",
     "ports[0].enabled: expected a boolean, got a string"},
    {"{'generation': 1, 'ports': ['d1']}", "ports[0]: expected an object, got a string"},
    /* uplink sets */
    {"{'generation': 1, " T_PORTS ", 'uplink_sets': [{'name': 'S', 'ports': ['X9']}]}",
     "uplink_sets[0].ports[0]: no port named \"X9\""},
    {"{'generation': 1, " T_PORTS ", 'uplink_sets': [{'name': 'S', 'ports': ['d1']}]}",
     "uplink_sets[0].ports[0]: port \"d1\" is a downlink, not an uplink"},
    {"{'generation': 1, " T_PORTS ", 'uplink_sets': [{'name': 'S', 'ports': ['X1']},"
     " {'name': 'T', 'ports': ['X2', 'X1']}]}",
     "uplink_sets[1].ports[1]: port \"X1\" is already in uplink set \"S\""},
    {"{'generation': 1, " T_PORTS ", 'uplink_sets': [{'name': 'S', 'ports': ['X1', 'X1']}]}",
     "uplink_sets[0].ports[1]: port \"X1\" is already in uplink set \"S\""},
    {"{'generation': 1, 'uplink_sets': [{'name': 'S'}, {'name': 'S'}]}",
     "uplink_sets[1].name: uplink set \"S\" already defined"},
    {"{'generation': 1, 'uplink_sets': [{'name': 'SUS A'}]}",
     "uplink_sets[0].name: \"SUS A\" has a character outside [A-Za-z0-9_.-]"},
    {"{'generation': 1, 'uplink_sets': [{'ports': []}]}", "uplink_sets[0].name: required"},
    /* vNets */
    {"{'generation': 1, 'vnets': ['Prod']}", "vnets[0]: expected an object, got a string"},
    {"{'generation': 1, 'vnets': [{'name': "
     "'a123456789012345678901234567890123456789012345678901234567890123'}]}",
     "vnets[0].name: \"a1234"},
    {"{'generation': 1, 'vnets': [{'name': ''}]}", "vnets[0].name: \"\" is not 1-63 characters"},
    {"{'generation': 1, 'vnets': [{'name': 'A'}, {'name': 'B', 'vlanid': 3}]}",
     "vnets[1]: unknown member \"vlanid\""},
    {T_VNET("{'name': 'Prod101', 'uplink_set': 'SUS-A', 'vlan': 101},"
            " {'name': 'Prod101', 'uplink_set': 'SUS-A', 'vlan': 102}"),
     "vnets[1].name: vNet \"Prod101\" already defined (vnets[0])"},
    {T_VNET("{'name': 'Prod101', 'uplink_set': 'SUS-A', 'vlan': 101},"
            " {'name': 'Other', 'uplink_set': 'SUS-A', 'vlan': 101}"),
     "vnets[1].vlan: VLAN 101 already used by vNet \"Prod101\" on uplink set \"SUS-A\""},
    {T_VNET("{'name': 'Native', 'uplink_set': 'SUS-A', 'native': true},"
            " {'name': 'Native2', 'uplink_set': 'SUS-A', 'native': true}"),
     "vnets[1].native: uplink set \"SUS-A\" already has native vNet \"Native\""},
    {T_VNET("{'name': 'T', 'uplink_set': 'SUS-A', 'vlan': 5, 'tunnel': true}"),
     "vnets[0].uplink_set: a tunnel vNet cannot use an uplink set"},
    {T_VNET("{'name': 'A', 'uplink_set': 'SUS-Z', 'vlan': 5}"),
     "vnets[0].uplink_set: no uplink set named \"SUS-Z\""},
    {T_VNET("{'name': 'A', 'vlan': 5}"), "vnets[0].vlan: a VLAN needs uplink_set"},
    {T_VNET("{'name': 'A', 'native': true}"), "vnets[0].native: native needs uplink_set"},
    {T_VNET("{'name': 'A', 'uplink_set': 'SUS-A'}"), "vnets[0].vlan: required with uplink_set"},
    {T_VNET("{'name': 'A', 'uplink_set': 'SUS-A', 'native': true, 'vlan': 3}"),
     "vnets[0].vlan: a native vNet is untagged"},
    {T_VNET("{'name': 'A', 'uplink_set': 'SUS-A', 'vlan': 4095}"),
     "vnets[0].vlan: 4095 is above 4094 (1-4094)"},
    {T_VNET("{'name': 'A', 'uplink_set': 'SUS-A', 'vlan': 0}"), "vnets[0].vlan: 0 is below 1"},
    {T_VNET("{'name': 'A', 'uplink_set': 'SUS-A', 'vlan': 7, 'uplinks': ['X2']}"),
     "vnets[0].uplinks: a vNet has either an uplink set or dedicated uplinks"},
    {T_VNET("{'name': 'A', 'uplinks': ['X1']}"),
     "vnets[0].uplinks[0]: port \"X1\" is in uplink set \"SUS-A\""},
    {T_VNET("{'name': 'A', 'uplinks': ['X2']}, {'name': 'B', 'uplinks': ['X3', 'X2']}"),
     "vnets[1].uplinks[1]: port \"X2\" is already the dedicated uplink of vNet \"A\""},
    {T_VNET("{'name': 'A', 'uplinks': ['d2']}"),
     "vnets[0].uplinks[0]: port \"d2\" is a downlink, not an uplink"},
    {T_VNET("{'name': 'A', 'uplinks': 'X2'}"), "vnets[0].uplinks: expected an array"},
    {T_VNET("{'name': 'A', 'mac_limit': -1}"), "vnets[0].mac_limit: -1 is below 0"},
    {T_VNET("{'name': 'A', 'private': 1}"), "vnets[0].private: expected a boolean"},
    /* FlexNICs */
    {T_FLEX("{'port': 'X1', 'flexnic': 'a'}"),
     "flexnics[0].port: port \"X1\" is an uplink, not a downlink"},
    {T_FLEX("{'port': 'd9', 'flexnic': 'a'}"), "flexnics[0].port: no port named \"d9\""},
    {T_FLEX("{'flexnic': 'a'}"), "flexnics[0].port: required"},
    {T_FLEX("{'port': 'd1'}"), "flexnics[0].flexnic: required"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vnet': 'Prod101'},"
            " {'port': 'd1', 'flexnic': 'b', 'vnet': 'Prod101'},"
            " {'port': 'd1', 'flexnic': 'c', 'vnet': 'Native'},"
            " {'port': 'd1', 'flexnic': 'd', 'vnet': 'Prod9'}"),
     "flexnics[3].vnet: no vNet named \"Prod9\""},
    {T_FLEX("{'port': 'd1', 'flexnic': 'e'}"), "flexnics[0].flexnic: \"e\" is not a FlexNIC (a-d)"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'ab'}"), "flexnics[0].flexnic: \"ab\" is not a FlexNIC"},
    {T_FLEX("{'port': 'd2', 'flexnic': 'b'}"),
     "flexnics[0].flexnic: FlexNIC b needs port \"d2\" to be partitioned"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a'}, {'port': 'd1', 'flexnic': 'a'}"),
     "flexnics[1].flexnic: FlexNIC d1:a already defined (flexnics[0])"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vnet': 'Prod101', 'vlans': []}"),
     "flexnics[0].vlans: a FlexNIC has either one vnet or a VLAN map"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vnet': 'Prod101', 'untagged_vnet': 'Native'}"),
     "flexnics[0].untagged_vnet: a FlexNIC has either one vnet or a VLAN map"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'untagged_vnet': 'Native'}"),
     "flexnics[0].untagged_vnet: needs vlans"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vlan': 101, 'vnet': 'Prod101'},"
            " {'vlan': 101, 'vnet': 'Native'}]}"),
     "flexnics[0].vlans[1].vlan: VLAN 101 already maps to vNet \"Prod101\""},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vlan': 101, 'vnet': 'Prod101'},"
            " {'vlan': 102, 'vnet': 'Prod101'}]}"),
     "flexnics[0].vlans[1].vnet: vNet \"Prod101\" already mapped to VLAN 101"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vlan': 5, 'vnet': 'Trunk'}]}"),
     "flexnics[0].vlans[0].vnet: tunnel vNet \"Trunk\" cannot be in a VLAN map"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [], 'untagged_vnet': 'Trunk'}"),
     "flexnics[0].untagged_vnet: tunnel vNet \"Trunk\" cannot be in a VLAN map"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vlan': 101, 'vnet': 'Prod101'}],"
            " 'untagged_vnet': 'Prod101'}"),
     "flexnics[0].untagged_vnet: vNet \"Prod101\" is also in vlans (VLAN 101)"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vid': 5, 'vnet': 'Prod101'}]}"),
     "flexnics[0].vlans[0]: unknown member \"vid\""},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vlan': 5}]}"),
     "flexnics[0].vlans[0].vnet: required"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vlan': 4095, 'vnet': 'Native'}]}"),
     "flexnics[0].vlans[0].vlan: 4095 is above 4094"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'max_mbps': 10100}"),
     "flexnics[0].max_mbps: 10100 is above 10000 (100-10000 in steps of 100)"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'max_mbps': 0}"),
     "flexnics[0].max_mbps: 0 is below 100"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'max_mbps': 2500, 'min_mbps': 3000}"),
     "flexnics[0].min_mbps: 3000 is above 2500 (0-2500 in steps of 100)"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'min_mbps': 150}"),
     "flexnics[0].min_mbps: 150 is not a multiple of 100"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'min_mbps': 5000},"
            " {'port': 'd2', 'flexnic': 'a', 'min_mbps': 5000},"
            " {'port': 'd1', 'flexnic': 'b', 'min_mbps': 5500}"),
     "flexnics[2].min_mbps: minima of port \"d1\" add up to 10500, above its speed 10000"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'mac': '02:00:00:00:00'}"),
     "flexnics[0].mac: \"02:00:00:00:00\" is not a MAC address"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'mac': '01:00:5e:00:00:01'}"),
     "flexnics[0].mac: 01:00:5e:00:00:01 is a multicast address"},
    {T_FLEX("{'port': 'd1', 'flexnic': 'a', 'speed': 100}"),
     "flexnics[0]: unknown member \"speed\""},
    /* static MACs */
    {T_STATIC("{'port': 'd1'}"), "vnets[0].static_macs[0].mac: required"},
    {T_STATIC("{'mac': 'ff:ff:ff:ff:ff:ff', 'port': 'd1'}"),
     "vnets[0].static_macs[0].mac: ff:ff:ff:ff:ff:ff is a multicast address"},
    {T_STATIC("{'mac': '00:00:00:00:00:00', 'port': 'd1'}"),
     "vnets[0].static_macs[0].mac: 00:00:00:00:00:00 is the all-zero address"},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'd1', 'flexnic': 'c'}"),
     "vnets[0].static_macs[0].flexnic: FlexNIC d1:c is not defined"},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'd1', 'flexnic': 'b'}"),
     "vnets[0].static_macs[0].port: FlexNIC d1:b does not carry vNet \"Prod101\""},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'd2'}"),
     "vnets[0].static_macs[0].port: FlexNIC d2:a is not defined"},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'X2'}"),
     "vnets[0].static_macs[0].port: uplink \"X2\" does not carry vNet \"Prod101\""},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'X1', 'flexnic': 'a'}"),
     "vnets[0].static_macs[0].flexnic: port \"X1\" is an uplink, it has no FlexNICs"},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'd7'}"),
     "vnets[0].static_macs[0].port: no port named \"d7\""},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'd1'},"
              " {'mac': '02:00:00:00:00:01', 'port': 'X1'}"),
     "vnets[0].static_macs[1].mac: MAC already static in this vNet (static_macs[0])"},
    {T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'd1', 'vlan': 3}"),
     "vnets[0].static_macs[0]: unknown member \"vlan\""},
};

static void test_config_invalid(void **state)
{
    (void)state;
    size_t n = sizeof(test_invalid_documents) / sizeof(test_invalid_documents[0]);
    int failures = 0;

    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        const struct test_invalid *t = &test_invalid_documents[i];
        char error[256] = "";
        struct dp_config *c = test_parse(t->document, NULL, error, sizeof(error));

        if (c != NULL) {
            print_error("case %zu accepted, expected \"%s\"\n", i, t->error);
            config_free(c);
            failures++;
        } else if (strncmp(error, t->error, strlen(t->error)) != 0) {
            print_error("case %zu: got \"%s\"\n   expected \"%s\"\n", i, error, t->error);
            failures++;
        }
    }
    assert_int_equal(failures, 0);
}

/* Every valid variant that the invalid table probes at its limits. */
static void test_config_limits_ok(void **state)
{
    (void)state;
    static const char *const documents[] = {
        T_FLEX("{'port': 'd1', 'flexnic': 'a', 'min_mbps': 5000},"
               " {'port': 'd1', 'flexnic': 'b', 'min_mbps': 5000, 'max_mbps': 5000}"),
        T_FLEX("{'port': 'd1', 'flexnic': 'a', 'vlans': [{'vlan': 1, 'vnet': 'Prod101'},"
               " {'vlan': 4094, 'vnet': 'Backup'}], 'untagged_vnet': 'Native'}"),
        T_STATIC("{'mac': '02:00:00:00:00:01', 'port': 'X1'},"
                 " {'mac': '02:00:00:00:00:02', 'port': 'd1', 'flexnic': 'a'},"
                 " {'mac': '02:00:00:00:00:03', 'port': 'd1'}"),
        T_VNET("{'name': 'a12345678901234567890123456789012345678901234567890123456789012'}"),
        T_VNET("{'name': 'T', 'tunnel': true}, {'name': 'N', 'uplink_set': 'SUS-A', 'vlan': 4094,"
               " 'native': false}"),
        "{'generation': 1, 'ports': [{'name': 'e1d1', 'device': 'a', 'partitioned': true},"
        " {'name': 'e3d16', 'device': 'b'}, {'name': 'd16', 'device': 'c'}],"
        " 'flexnics': [{'port': 'e1d1', 'flexnic': 'b'}, {'port': 'e3d16', 'flexnic': 'a'}]}",
    };

    for (size_t i = 0; i < sizeof(documents) / sizeof(documents[0]); i++)
        config_free(test_parse_ok(documents[i], NULL));
}

/* ports_document: `downlinks` downlinks (d1..d16 then e1d1.., e2d1.., ...)
 * and `uplinks` uplinks X1.., as a document. */
static json_t *ports_document(unsigned downlinks, unsigned uplinks)
{
    json_t *ports = json_array();
    char name[16], device[16];

    for (unsigned i = 0; i < downlinks; i++) {
        if (i < 16)
            snprintf(name, sizeof(name), "d%u", i + 1);
        else
            snprintf(name, sizeof(name), "e%ud%u", i / 16, i % 16 + 1);
        snprintf(device, sizeof(device), "dev%u", i);
        json_array_append_new(ports, json_pack("{s:s, s:s}", "name", name, "device", device));
    }
    for (unsigned i = 0; i < uplinks; i++) {
        snprintf(name, sizeof(name), "X%u", i + 1);
        snprintf(device, sizeof(device), "up%u", i);
        json_array_append_new(ports, json_pack("{s:s, s:s}", "name", name, "device", device));
    }
    return json_pack("{s:i, s:o}", "generation", 1, "ports", ports);
}

/* Four enclosures of 16 bays and 16 uplinks fit; a 65th downlink does not. */
static void test_config_port_count(void **state)
{
    (void)state;
    char error[256] = "";
    json_t *full = ports_document(64, 16), *over = ports_document(64, 0);
    struct dp_config *c = config_parse(full, NULL, error, sizeof(error));

    assert_non_null(c);
    assert_int_equal(c->n_ports, 80);
    assert_string_equal(c->ports[63].name, "e3d16");
    assert_int_equal(c->ports[63].role, DP_PORT_DOWNLINK);
    assert_int_equal(c->ports[63].number, 16);
    config_free(c);
    json_array_append_new(json_object_get(over, "ports"),
                          json_pack("{s:s, s:s}", "name", "d17", "device", "extra"));
    assert_null(config_parse(over, NULL, error, sizeof(error)));
    assert_string_equal(error, "ports[64].name: \"d17\" is downlink 65, at most 64");
    json_decref(full);
    json_decref(over);
}

static void test_config_error_buffer(void **state)
{
    (void)state;
    char small[8];
    json_t *json = test_json("{'generation': 0}");

    assert_null(config_parse(json, NULL, NULL, 0));
    assert_null(config_parse(json, NULL, small, sizeof(small)));
    assert_string_equal(small, "generat");
    json_decref(json);
}

/* ids: same name keeps its id, new names avoid ids the previous snapshot
 * used, removed names free their id for the generation after. */
static void test_config_ids(void **state)
{
    (void)state;
    struct dp_config *c1, *c2, *c3, *c4;

    c1 = test_parse_ok("{'generation': 1, 'vnets': [{'name': 'A'}, {'name': 'B'}, {'name': 'C'}]}",
                       NULL);
    assert_int_equal(config_find_vnet(c1, "A"), 0);
    assert_int_equal(config_find_vnet(c1, "B"), 1);
    assert_int_equal(config_find_vnet(c1, "C"), 2);

    /* B removed, D added, order changed: D must not inherit B's id */
    c2 = test_parse_ok("{'generation': 2, " T_PORTS ", " T_SETS ", 'vnets': [{'name': 'C',"
                       " 'uplink_set': 'SUS-A', 'vlan': 30}, {'name': 'A'}, {'name': 'D'}]}",
                       c1);
    assert_int_equal(config_find_vnet(c2, "C"), 2);
    assert_int_equal(config_find_vnet(c2, "A"), 0);
    assert_int_equal(config_find_vnet(c2, "D"), 3);
    assert_int_equal(config_find_vnet(c2, "B"), DP_VNET_NONE);
    assert_false(c2->vnets[1].defined);
    assert_int_equal(c2->uplink_sets[0].vlan_to_vnet[30], 2);

    /* A renamed A2: a new name, so a new id (1, free again); E next free */
    c3 = test_parse_ok("{'generation': 3, 'vnets': [{'name': 'A2'}, {'name': 'C'},"
                       " {'name': 'D'}, {'name': 'E'}]}",
                       c2);
    assert_int_equal(config_find_vnet(c3, "A2"), 1);
    assert_int_equal(config_find_vnet(c3, "C"), 2);
    assert_int_equal(config_find_vnet(c3, "D"), 3);
    assert_int_equal(config_find_vnet(c3, "E"), 4);
    assert_false(c3->vnets[0].defined);

    /* A's old id 0 is free one generation after its removal */
    c4 = test_parse_ok("{'generation': 4, 'vnets': [{'name': 'F'}, {'name': 'E'}]}", c3);
    assert_int_equal(config_find_vnet(c4, "F"), 0);
    assert_int_equal(config_find_vnet(c4, "E"), 4);

    config_free(c1);
    config_free(c2);
    config_free(c3);
    config_free(c4);
}

/* All ids taken by `previous`: a new name falls back to a free id. */
static void test_config_ids_full(void **state)
{
    (void)state;
    json_t *doc = json_pack("{s:i, s:[]}", "generation", 1, "vnets");
    json_t *vnets = json_object_get(doc, "vnets");
    struct dp_config *c1, *c2;
    char error[256];

    for (unsigned i = 0; i < DP_MAX_VNETS; i++) {
        char name[16];

        snprintf(name, sizeof(name), "v%u", i);
        json_array_append_new(vnets, json_pack("{s:s}", "name", name));
    }
    c1 = config_parse(doc, NULL, error, sizeof(error));
    assert_non_null(c1);
    assert_int_equal(config_find_vnet(c1, "v4095"), 4095);
    json_array_set_new(vnets, 7, json_pack("{s:s}", "name", "new"));
    c2 = config_parse(doc, c1, error, sizeof(error));
    assert_non_null(c2);
    assert_int_equal(config_find_vnet(c2, "new"), 7);
    assert_int_equal(config_find_vnet(c2, "v8"), 8);
    json_array_append_new(vnets, json_pack("{s:s}", "name", "one-too-many"));
    assert_null(config_parse(doc, c1, error, sizeof(error)));
    assert_string_equal(error, "vnets: 4097 entries, at most 4096");
    config_free(c1);
    config_free(c2);
    json_decref(doc);
}

/* test_config_same: a and b hold the same snapshot (pointers compared by
 * what they point to, everything else byte for byte). */
static void test_config_same(const struct dp_config *a, const struct dp_config *b)
{
    struct dp_config *x = malloc(sizeof(*x)), *y = malloc(sizeof(*y));

    assert_non_null(x);
    assert_non_null(y);
    memcpy(x, a, sizeof(*x));
    memcpy(y, b, sizeof(*y));
    for (unsigned p = 0; p < DP_MAX_PORTS; p++)
        for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
            struct dp_flexnic_config *fx = &x->ports[p].flexnics[f], *fy = &y->ports[p].flexnics[f];

            assert_true((fx->vlan_to_vnet == NULL) == (fy->vlan_to_vnet == NULL));
            if (fx->vlan_to_vnet != NULL) {
                assert_memory_equal(fx->vlan_to_vnet, fy->vlan_to_vnet,
                                    DP_VLAN_COUNT * sizeof(uint16_t));
                assert_memory_equal(fx->vnet_to_vlan, fy->vnet_to_vlan,
                                    DP_MAX_VNETS * sizeof(uint16_t));
            }
            fx->vlan_to_vnet = fy->vlan_to_vnet = NULL;
            fx->vnet_to_vlan = fy->vnet_to_vlan = NULL;
        }
    for (unsigned id = 0; id < DP_MAX_VNETS; id++) {
        assert_int_equal(x->vnets[id].n_static_macs, y->vnets[id].n_static_macs);
        if (x->vnets[id].n_static_macs > 0)
            assert_memory_equal(x->vnets[id].static_macs, y->vnets[id].static_macs,
                                x->vnets[id].n_static_macs * sizeof(struct dp_static_mac));
        x->vnets[id].static_macs = y->vnets[id].static_macs = NULL;
    }
    assert_memory_equal(x, y, sizeof(*x));
    free(x);
    free(y);
}

static void test_config_round_trip(void **state)
{
    (void)state;
    struct dp_config *a = test_parse_ok(test_example, NULL), *b, *c;
    json_t *ja = config_to_json(a), *jb;
    char error[256];

    assert_non_null(ja);
    b = config_parse(ja, a, error, sizeof(error));
    if (b == NULL)
        fail_msg("to_json output refused: %s", error);
    test_config_same(a, b);
    jb = config_to_json(b);
    assert_true(json_equal(ja, jb));
    /* ids given in document order from scratch are the same here */
    c = config_parse(ja, NULL, error, sizeof(error));
    assert_non_null(c);
    test_config_same(a, c);

    /* canonical form: fixed member order and defaults written out */
    char *text = json_dumps(ja, JSON_COMPACT);
    assert_non_null(text);
    assert_non_null(strstr(text,
                           "{\"generation\":7,\"aging_s\":300,\"max_frame_bytes\":9216,"
                           "\"mac_table_size\":65536,\"mac_cache\":{\"enabled\":false,"
                           "\"refresh_ms\":5000,\"repeats\":3},\"port_protect\":{"
                           "\"network_loop\":false,\"pause_flood\":false,\"loop_interval_ms\":5000,"
                           "\"pause_window_ms\":10000,\"pause_threshold\":10},"
                           "\"ports\":[{\"name\":\"d1\","));
    assert_non_null(strstr(text, "{\"name\":\"X2\",\"device\":\"net_af_packet2,iface=vcx2\","
                                 "\"speed_mbps\":10000,\"enabled\":true}"));
    assert_non_null(strstr(text, "{\"port\":\"d1\",\"flexnic\":\"b\",\"vlans\":[{\"vlan\":101,"
                                 "\"vnet\":\"Prod101\"},{\"vlan\":200,\"vnet\":\"Priv\"}],"
                                 "\"untagged_vnet\":\"Native\",\"max_mbps\":10000,"
                                 "\"min_mbps\":1000}"));
    assert_non_null(strstr(text, "\"static_macs\":[{\"mac\":\"02:00:00:00:00:01\",\"port\":"
                                 "\"d1\",\"flexnic\":\"b\"}]"));
    free(text);
    json_decref(ja);
    json_decref(jb);
    config_free(a);
    config_free(b);
    config_free(c);
}

/* Round trip after a reconfiguration, when ids are no longer dense. */
static void test_config_round_trip_sparse(void **state)
{
    (void)state;
    struct dp_config *a = test_parse_ok(test_example, NULL), *b, *c;
    json_t *jb;
    char error[256];

    b = test_parse_ok("{'generation': 8, " T_PORTS ", " T_SETS ", 'vnets': [{'name': 'Lab'},"
                      " {'name': 'New', 'uplink_set': 'SUS-A', 'vlan': 9, 'static_macs':"
                      " [{'mac': '02:00:00:00:00:09', 'port': 'X1'}]}],"
                      " 'flexnics': [{'port': 'd1', 'flexnic': 'c', 'vlans': [{'vlan': 10,"
                      " 'vnet': 'New'}], 'untagged_vnet': 'Lab'}]}",
                      a);
    assert_int_equal(config_find_vnet(b, "Lab"), 5);
    assert_int_equal(config_find_vnet(b, "New"), 6);
    assert_int_equal(b->vnets[6].n_members, 1);
    assert_int_equal(b->vnets[5].n_members, 1);
    jb = config_to_json(b);
    c = config_parse(jb, b, error, sizeof(error));
    if (c == NULL)
        fail_msg("to_json output refused: %s", error);
    test_config_same(b, c);
    json_decref(jb);
    config_free(a);
    config_free(b);
    config_free(c);
}

static void test_config_mac(void **state)
{
    (void)state;
    uint8_t mac[6] = {0};
    char text[18];
    static const uint8_t expected[6] = {0x02, 0x56, 0x43, 0xab, 0xcd, 0xef};

    assert_int_equal(config_parse_mac("02:56:43:AB:cd:Ef", mac), 0);
    assert_memory_equal(mac, expected, 6);
    config_format_mac(mac, text);
    assert_string_equal(text, "02:56:43:ab:cd:ef");
    assert_int_equal(config_parse_mac("02:56:43:ab:cd", mac), -1);
    assert_int_equal(config_parse_mac("02:56:43:ab:cd:ef:", mac), -1);
    assert_int_equal(config_parse_mac("02-56-43-ab-cd-ef", mac), -1);
    assert_int_equal(config_parse_mac("02:56:43:ab:cd:eg", mac), -1);
    assert_int_equal(config_parse_mac("0256:43:ab:cd:ef:", mac), -1);
    assert_int_equal(config_parse_mac(NULL, mac), -1);
    assert_memory_equal(mac, expected, 6); /* untouched on error */
    assert_int_equal(config_flexnic_letter(3), 'd');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_config_example),           cmocka_unit_test(test_config_defaults),
        cmocka_unit_test(test_config_invalid),           cmocka_unit_test(test_config_limits_ok),
        cmocka_unit_test(test_config_error_buffer),      cmocka_unit_test(test_config_ids),
        cmocka_unit_test(test_config_ids_full),          cmocka_unit_test(test_config_round_trip),
        cmocka_unit_test(test_config_round_trip_sparse), cmocka_unit_test(test_config_mac),
        cmocka_unit_test(test_config_port_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
