/*
 * Unit tests of snmp/mib: the interface numbering, and a snapshot built
 * from fixed manager answers -- IF-MIB rows of ports and FlexNICs (status,
 * 32- and 64-bit counters, unicast apart from multicast and broadcast,
 * MAC), Q-BRIDGE FDB rows per vNet with the FDB id rule (VLAN, else 4095 +
 * the network's number, also for a VLAN another vNet took), the VLAN port lists,
 * HPVC-MIB profile/server/network rows and maps (indexed by the numbers the
 * manager gives, else by position), the module MIB's
 * protection status; ifMtu and ifLastChange over a series of snapshots;
 * then the changes between two snapshots and the notifications they make,
 * and a refused answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "snmp/mib.h"

#define OID(...) ((const uint32_t[]){__VA_ARGS__}), (sizeof((uint32_t[]){__VA_ARGS__}) / 4)
#define HPVC     1, 3, 6, 1, 4, 1, 11, 5, 7, 5, 2, 1, 1

static const char *ports_json =
    "{\"ports\":[{\"name\":\"d1\",\"role\":\"downlink\",\"enabled\":true,\"link\":\"up\","
    "\"link_speed_mbps\":10000,\"mtu\":1500,\"drops\":7,\"protection\":\"%s\","
    "\"traffic\":{\"rx_packets\":10,\"rx_bytes\":5000000000,\"tx_packets\":20,\"tx_bytes\":2000,"
    "\"rx_multicast\":2,\"rx_broadcast\":1,\"tx_multicast\":3,\"tx_broadcast\":4},"
    "\"flexnics\":[{\"name\":\"d1-a\",\"port\":\"d1\",\"flexnic\":\"a\",\"max_bps\":2500000000,"
    "\"vnet\":\"Net10\",\"untagged_vnet\":\"Net10\",\"vlans\":[],\"mac\":\"02:56:43:00:00:0a\","
    "\"traffic\":{\"rx_packets\":3,\"rx_bytes\":300,\"tx_packets\":4,\"tx_bytes\":400}}]},"
    "{\"name\":\"X1\",\"role\":\"uplink\",\"enabled\":true,\"link\":\"%s\","
    "\"link_speed_mbps\":10000,\"drops\":0,\"traffic\":{},\"flexnics\":[]}]}";
static const char *status_json =
    "{\"domain\":{\"name\":\"demo\",\"status\":2,\"reason\":\"\"},"
    "\"module\":{\"enclosure\":\"enc0\",\"bay\":1,\"status\":2,\"reason\":\"\"},"
    "\"enclosures\":[{\"id\":\"enc0\",\"name\":\"Enc\",\"status\":2,\"reason\":\"\"}],"
    "\"servers\":[{\"enclosure\":\"enc0\",\"bay\":1,\"status\":2,\"reason\":\"\"}],"
    "\"networks\":[{\"name\":\"Net10\",\"status\":2,\"reason\":\"\"},"
    "{\"name\":\"Lab\",\"status\":3,\"reason\":\"no uplink ports\"}],"
    "\"profiles\":[{\"name\":\"Web1\",\"status\":%d,\"reason\":\"\"}]}";
static const char *networks_json =
    "{\"networks\":[{\"name\":\"Net10\",\"uplink_set\":\"SUS1\",\"vlan\":10},"
    "{\"name\":\"Lab\",\"uplink_set\":\"\",\"vlan\":0},"
    "{\"name\":\"Dup\",\"uplink_set\":\"SUS2\",\"vlan\":10}]}";
static const char *sets_json = "{\"uplink_ports\":[{\"port\":\"X1\",\"uplink_set\":\"SUS1\"}]}";
static const char *profiles_json =
    "{\"profiles\":[{\"name\":\"Web1\",\"serial\":\"VCX01\",\"enclosure\":\"enc0\",\"bay\":1,"
    "\"enet_connections\":[{\"index\":1,\"network\":\"Net10\"},{\"index\":2,\"network\":\"\"}]}]}";
static const char *servers_json =
    "{\"servers\":[{\"enclosure\":\"enc0\",\"bay\":1,\"present\":true,\"model\":\"BL460c\","
    "\"serial\":\"SRV1\",\"profile\":\"Web1\"}]}";
static const char *macs_json =
    "[{\"vnet\":\"Net10\",\"mac\":\"02:00:00:00:00:01\",\"port\":\"d1\",\"flexnic\":\"a\","
    "\"static\":false},"
    "{\"vnet\":\"Net10\",\"mac\":\"02:00:00:00:00:02\",\"port\":\"X1\",\"flexnic\":null,"
    "\"static\":true},"
    "{\"vnet\":\"Nope\",\"mac\":\"02:00:00:00:00:03\",\"port\":\"X1\",\"static\":false}]";

static json_t *load(const char *text)
{
    json_error_t error;
    json_t *v = json_loads(text, 0, &error);
    if (v == NULL)
        fail_msg("fixture: %s", error.text);
    return v;
}

/* d1's port protection state in the snapshots build_with makes */
static const char *d1_protection = "ok";

/* input_load: the fixture answers with X1's link and Web1's status as
 * given; input_free releases them. */
static void input_load(struct mib_input *in, const char *x1_link, int profile_status)
{
    char ports[4096], status[4096];
    snprintf(ports, sizeof(ports), ports_json, d1_protection, x1_link);
    snprintf(status, sizeof(status), status_json, profile_status);
    *in = (struct mib_input){.domain = load("{\"name\":\"demo\"}"),
                             .status = load(status),
                             .ports = load(ports),
                             .networks = load(networks_json),
                             .uplink_sets = load(sets_json),
                             .profiles = load(profiles_json),
                             .servers = load(servers_json),
                             .macs = load(macs_json),
                             .version = "1.2"};
}

static void input_free(struct mib_input *in)
{
    json_decref(in->domain), json_decref(in->status), json_decref(in->ports);
    json_decref(in->networks), json_decref(in->uplink_sets), json_decref(in->profiles);
    json_decref(in->servers), json_decref(in->macs);
}

/* build_with: a snapshot of the fixture answers (input_load), with an
 * ifLastChange history (or NULL) at sysUpTime `ticks`. */
static void build_with(struct mib_snapshot *s, const char *x1_link, int profile_status,
                       struct mib_if_history *history, uint32_t ticks)
{
    char error[256];
    struct mib_input in;
    input_load(&in, x1_link, profile_status);
    in.if_history = history;
    in.uptime_ticks = ticks;
    assert_int_equal(mib_build(&in, s, error, sizeof(error)), 0);
    input_free(&in);
}

static void build(struct mib_snapshot *s, const char *x1_link, int profile_status)
{
    build_with(s, x1_link, profile_status, NULL, 0);
}

static uint64_t number(const struct mib_snapshot *s, const uint32_t *oid, size_t len)
{
    const struct oid_entry *e = oid_table_find(s->table, oid, len);
    if (e == NULL)
        fail_msg("no object at the OID asked");
    return e->number;
}

static void test_if_index(void **state)
{
    (void)state;
    assert_int_equal(mib_if_index("d1"), 1);
    assert_int_equal(mib_if_index("d32"), 32);
    assert_int_equal(mib_if_index("X1"), 33);
    assert_int_equal(mib_if_index("X16"), 48);
    assert_int_equal(mib_if_index("d1-a"), 49);
    assert_int_equal(mib_if_index("d16-d"), 112);
    assert_int_equal(mib_if_index("d32-d"), 176);
    /* stacked enclosures above, enc0's numbers unchanged */
    assert_int_equal(mib_if_index("e1d1"), 177);
    assert_int_equal(mib_if_index("e1d3"), 179);
    assert_int_equal(mib_if_index("e3d16"), 224);
    assert_int_equal(mib_if_index("e1d1-a"), 225);
    assert_int_equal(mib_if_index("e2d1-a"), 289);
    assert_int_equal(mib_if_index("e3d16-d"), MIB_MAX_IFINDEX);
    assert_int_equal(MIB_MAX_IFINDEX, 416);
    const char *bad[] = {"",      "d0",   "d33",   "X0",     "X17", "d1-e",  "X1-a",
                         "e1",    "d1x",  "d1-ab", "d01",    "X01", "e0d1",  "e4d1",
                         "e1d17", "e1d0", "e1X1",  "e1d1-e", "e1d", "e1d01", NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(mib_if_index(bad[i]), 0);
    assert_int_equal(mib_if_index(NULL), 0);
}

static void test_interfaces(void **state)
{
    struct mib_snapshot s;
    (void)state;
    build(&s, "down", 2);

    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 1, 0)), 3); /* ifNumber */
    const struct oid_entry *e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 49));
    assert_non_null(e);
    assert_int_equal(e->data_len, strlen("OpenVC FlexNIC d1-a"));
    assert_memory_equal(e->data, "OpenVC FlexNIC d1-a", e->data_len);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 49)), 135);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 3, 1)), 6);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 1)), 1);  /* d1 up */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 33)), 2); /* X1 down */
    /* 5,000,000,000 octets: Counter32 wraps, Counter64 does not */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 10, 1)), 5000000000u & 0xffffffffu);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1)), 5000000000u);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 10, 49)), 400);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 13, 1)), 7); /* drops */
    /* d1: 10 in (2 multicast, 1 broadcast), 20 out (3, 4); d1-a: unicast only */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 11, 1)), 7);  /* ifInUcastPkts */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 12, 1)), 3);  /* ifInNUcastPkts */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 17, 1)), 13); /* ifOutUcastPkts */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 18, 1)), 7);  /* ifOutNUcastPkts */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 2, 1)), 2);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 3, 1)), 1);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 4, 1)), 3);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 5, 1)), 4);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 7, 1)), 7);  /* HC unicast in */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 8, 1)), 2);  /* HC multicast in */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 9, 1)), 1);  /* HC broadcast in */
    /* HC unicast out */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 11, 1)), 13);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 12, 1)), 3);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 13, 1)), 4);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 7, 49)), 3);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 8, 49)), 0);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 15, 49)), 2500);
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 6, 49));
    assert_int_equal(e->data_len, 6);
    assert_memory_equal(e->data, "\x02\x56\x43\x00\x00\x0a", 6);
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18, 1)); /* ifAlias */
    assert_memory_equal(e->data, "Web1", 4);
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18, 33));
    assert_memory_equal(e->data, "SUS1", 4);
    mib_snapshot_free(&s);
}

static void test_bridge(void **state)
{
    struct mib_snapshot s;
    (void)state;
    build(&s, "up", 2);

    /* learned MAC on FlexNIC d1-a (bridge port 49) in Net10 (FDB id = VLAN 10) */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2, 10, 2, 0, 0, 0, 0, 1)),
                     49);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 3, 10, 2, 0, 0, 0, 0, 1)),
                     3);
    /* static MAC on X1: mgmt(5) */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2, 10, 2, 0, 0, 0, 0, 2)),
                     33);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 3, 10, 2, 0, 0, 0, 0, 2)),
                     5);
    /* a vNet the networks do not list: no row */
    assert_false(oid_table_has_prefix(
        s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1, 2, 10, 2, 0, 0, 0, 0, 3)));
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 1, 1, 2, 10)), 1); /* learned */
    /* Lab has no VLAN: 4095 + 2 (numbered by position here); Dup's VLAN 10 is taken: 4095 + 3 */
    const struct oid_entry *e =
        oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 1, 4097));
    assert_non_null(e);
    assert_memory_equal(e->data, "Lab", 3);
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 1, 4098));
    assert_non_null(e);
    assert_memory_equal(e->data, "Dup", 3);
    /* Net10's egress ports: X1 (33) tagged, d1-a (49) untagged */
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 2, 10));
    const uint8_t *egress = e->data;
    assert_int_equal(egress[32 / 8], 0x80 >> (32 % 8));
    assert_int_equal(egress[48 / 8], 0x80 >> (48 % 8));
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 4, 10));
    const uint8_t *untagged = e->data;
    assert_int_equal(untagged[32 / 8], 0);
    assert_int_equal(untagged[48 / 8], 0x80 >> (48 % 8));
    mib_snapshot_free(&s);
}

/* A stacked enclosure's downlink e1d2 and its FlexNIC: numbered above
 * enc0's, named and aliased after the profile in enc1:2, not enc0:2. */
static void test_stacked_interfaces(void **state)
{
    struct mib_snapshot s;
    char error[256];
    (void)state;
    struct mib_input in = {
        .domain = load("{\"name\":\"stack\"}"),
        .status = load("{\"domain\":{\"name\":\"stack\",\"status\":2,\"reason\":\"\"},"
                       "\"module\":{\"enclosure\":\"enc0\",\"bay\":1,\"status\":2},"
                       "\"enclosures\":[{\"id\":\"enc0\",\"name\":\"A\",\"status\":2},"
                       "{\"id\":\"enc1\",\"name\":\"B\",\"status\":2}],"
                       "\"servers\":[{\"enclosure\":\"enc1\",\"bay\":2,\"status\":2}]}"),
        .ports = load("{\"ports\":[{\"name\":\"d2\",\"role\":\"downlink\",\"enabled\":true,"
                      "\"link\":\"up\",\"traffic\":{},\"flexnics\":[]},"
                      "{\"name\":\"e1d2\",\"role\":\"downlink\",\"enabled\":true,"
                      "\"link\":\"up\",\"traffic\":{},\"flexnics\":[{\"name\":\"e1d2-a\","
                      "\"port\":\"e1d2\",\"flexnic\":\"a\",\"max_bps\":1000000000,"
                      "\"traffic\":{}}]}]}"),
        .networks = load("{\"networks\":[]}"),
        .uplink_sets = load("{\"uplink_ports\":[]}"),
        .profiles = load("{\"profiles\":[]}"),
        .servers = load("{\"servers\":[{\"enclosure\":\"enc0\",\"bay\":2,\"profile\":\"Near\"},"
                        "{\"enclosure\":\"enc1\",\"bay\":2,\"profile\":\"Far\","
                        "\"present\":true,\"serial\":\"SGH1\"}]}"),
        .macs = load("[]"),
        .version = "1.2"};
    assert_int_equal(mib_build(&in, &s, error, sizeof(error)), 0);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 1, 0)), 3); /* ifNumber */
    const struct oid_entry *e =
        oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1, 178)); /* ifName */
    assert_non_null(e);
    assert_int_equal(e->data_len, 4);
    assert_memory_equal(e->data, "e1d2", 4);
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18, 178)); /* ifAlias */
    assert_non_null(e);
    assert_int_equal(e->data_len, 3);
    assert_memory_equal(e->data, "Far", 3);
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 18, 2));
    assert_memory_equal(e->data, "Near", 4);
    e = oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1, 225 + 4));
    assert_non_null(e); /* e1d2-a: 224 + 4 (2 - 1) + 1 */
    assert_memory_equal(e->data, "e1d2-a", 6);
    /* the physical server enc1:2: 16 (2 - 1) + 2 */
    assert_int_equal(number(&s, OID(HPVC, 5, 1, 1, 2, 18)), 2);
    input_free(&in);
    mib_snapshot_free(&s);
}

/* With numbers from the manager, the network and profile tables index by
 * them, not by the position in the list, and the rows that point at a
 * network (the profile's map, the network's port map) use its number. */
static void test_numbers_as_indexes(void **state)
{
    struct mib_snapshot s;
    struct mib_input in;
    char error[256];
    (void)state;
    input_load(&in, "up", 2);
    const int numbers[] = {7, 3, 12}; /* Net10, Lab, Dup */
    for (size_t i = 0; i < 3; i++)
        json_object_set_new(json_array_get(json_object_get(in.networks, "networks"), i), "number",
                            json_integer(numbers[i]));
    json_object_set_new(json_array_get(json_object_get(in.profiles, "profiles"), 0), "number",
                        json_integer(5));
    assert_int_equal(mib_build(&in, &s, error, sizeof(error)), 0);

    assert_int_equal(number(&s, OID(HPVC, 6, 1, 1, 1, 7)), 7);       /* vcEnetNetworkIndex */
    assert_int_equal(number(&s, OID(HPVC, 6, 1, 1, 3, 3)), 3);       /* Lab: warning */
    assert_null(oid_table_find(s.table, OID(HPVC, 6, 1, 1, 1, 1)));  /* not by position */
    assert_int_equal(number(&s, OID(HPVC, 8, 1, 1, 1, 5)), 5);       /* vcProfileIndex */
    assert_null(oid_table_find(s.table, OID(HPVC, 8, 1, 1, 1, 1)));
    assert_int_equal(number(&s, OID(HPVC, 11, 1, 1, 3, 5, 1)), 7);   /* Web1 conn 1: Net10 */
    assert_int_equal(number(&s, OID(HPVC, 9, 1, 1, 1, 7, 33)), 7);   /* Net10 on X1 */
    /* Lab (no VLAN) and Dup (VLAN 10 taken) have FDB ids 4095 + number */
    assert_memory_equal(
        oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 1, 4098))->data, "Lab", 3);
    assert_memory_equal(
        oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 1, 4107))->data, "Dup", 3);
    assert_null(oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1, 1, 4097)));
    input_free(&in);
    mib_snapshot_free(&s);
}

static void test_hpvc(void **state)
{
    struct mib_snapshot s;
    (void)state;
    build(&s, "down", 2);

    assert_int_equal(number(&s, OID(HPVC, 1, 2, 0)), 2);                /* domain normal */
    assert_int_equal(number(&s, OID(HPVC, 1, 10, 0)), 700);             /* vcDomainOk */
    assert_int_equal(number(&s, OID(HPVC, 8, 1, 1, 3, 1)), 2);          /* Web1 normal */
    assert_int_equal(number(&s, OID(HPVC, 8, 1, 1, 4, 1)), 1);          /* in server 1 */
    assert_int_equal(number(&s, OID(HPVC, 8, 1, 1, 8, 1)), 300);        /* vcProfileOk */
    assert_int_equal(number(&s, OID(HPVC, 11, 1, 1, 3, 1, 1)), 1);      /* conn 1: Net10 */
    assert_null(oid_table_find(s.table, OID(HPVC, 11, 1, 1, 3, 1, 2))); /* conn 2: none */
    assert_int_equal(number(&s, OID(HPVC, 6, 1, 1, 3, 2)), 3);          /* Lab warning */
    assert_int_equal(number(&s, OID(HPVC, 6, 1, 1, 7, 2)), 104);        /* abnormal */
    assert_int_equal(number(&s, OID(HPVC, 6, 1, 1, 4, 1)), 10);         /* VLAN */
    assert_int_equal(number(&s, OID(HPVC, 9, 1, 1, 2, 1, 33)), 33);     /* Net10 on X1 */
    assert_int_equal(number(&s, OID(HPVC, 4, 1, 1, 3, 33)), 3);         /* uplink down */
    assert_int_equal(number(&s, OID(HPVC, 4, 1, 1, 2, 49)), 2);         /* logical port */
    assert_int_equal(number(&s, OID(HPVC, 5, 1, 1, 10, 1)), 500);       /* server ok */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 4, 1, 11, 5, 7, 5, 2, 3, 1, 1, 6, 1, 4, 33)), 1);
    assert_null(
        oid_table_find(s.table, OID(1, 3, 6, 1, 4, 1, 11, 5, 7, 5, 2, 3, 1, 1, 6, 1, 4, 49)));
    const struct oid_entry *e = oid_table_find(s.table, OID(HPVC, 3, 1, 1, 7, 1)); /* FwRev */
    assert_memory_equal(e->data, "1.2", 3);
    mib_snapshot_free(&s);
}

/* vcModulePortBpduLoopStatus (3) and vcModulePortProtectionStatus (4) of
 * d1 (ifIndex 1) and X1 (33) follow the dataplane's port protection. */
#define MODULE_PORT(column, index)                                                                 \
    OID(1, 3, 6, 1, 4, 1, 11, 5, 7, 5, 2, 3, 1, 1, 6, 1, column, index)
static void test_module_protection(void **state)
{
    struct mib_snapshot s;
    (void)state;
    static const struct {
        const char *protection;
        uint64_t loop, pause;
    } cases[] = {{"ok", 1, 1}, {"loop_detected", 2, 1}, {"pause_flood", 1, 2}, {"", 1, 1}};

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        d1_protection = cases[i].protection;
        build(&s, "up", 2);
        assert_int_equal(number(&s, MODULE_PORT(3, 1)), cases[i].loop);
        assert_int_equal(number(&s, MODULE_PORT(4, 1)), cases[i].pause);
        assert_int_equal(number(&s, MODULE_PORT(3, 33)), 1);
        assert_int_equal(number(&s, MODULE_PORT(4, 33)), 1);
        mib_snapshot_free(&s);
    }
    d1_protection = "ok";
}

static void test_changes_and_notifications(void **state)
{
    struct mib_snapshot before, after;
    struct mib_watch changed[8];
    uint32_t trap[OID_TABLE_MAX_LEN], objects[MIB_NOTIFICATION_OBJECTS][OID_TABLE_MAX_LEN];
    size_t trap_len, object_len[MIB_NOTIFICATION_OBJECTS];
    (void)state;

    build(&before, "down", 2);
    build(&after, "up", 3);
    assert_int_equal(mib_changes(&before, &before, changed, 8), 0);
    size_t n = mib_changes(&before, &after, changed, 8);
    assert_int_equal(n, 2);
    assert_int_equal(changed[0].kind, MIB_WATCH_LINK);
    assert_string_equal(changed[0].name, "X1");
    assert_int_equal(changed[1].kind, MIB_WATCH_PROFILE);
    assert_int_equal(mib_changes(&before, &after, changed, 1), 2); /* counted beyond max */

    n = mib_changes(&before, &after, changed, 8);
    size_t k = mib_notification(&changed[0], trap, &trap_len, objects, object_len);
    assert_int_equal(oid_compare(trap, trap_len, OID(1, 3, 6, 1, 6, 3, 1, 1, 5, 4)),
                     0); /* linkUp */
    assert_int_equal(k, 3);
    assert_int_equal(oid_compare(objects[2], object_len[2], OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 33)),
                     0);
    assert_int_equal(number(&after, objects[2], object_len[2]), 1);
    k = mib_notification(&changed[1], trap, &trap_len, objects, object_len);
    assert_int_equal(
        oid_compare(trap, trap_len, OID(1, 3, 6, 1, 4, 1, 11, 5, 7, 5, 2, 1, 2, 0, 19)),
        0); /* vcProfileManagedStatusChanged */
    assert_int_equal(k, 6);
    for (size_t i = 0; i < k; i++)
        assert_non_null(oid_table_find(after.table, objects[i], object_len[i]));
    mib_snapshot_free(&before);
    mib_snapshot_free(&after);
}

/* ifMtu from the port's mtu (a FlexNIC has its port's, a port without one
 * has no ifMtu); ifLastChange from the history: 0 for what the first
 * snapshot shows, then the uptime of the snapshot that shows a change. */
static void test_mtu_and_last_change(void **state)
{
    struct mib_if_history history = {0};
    struct mib_snapshot s;
    (void)state;

    build_with(&s, "down", 2, &history, 500);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 4, 1)), 1500);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 4, 49)), 1500);
    assert_null(oid_table_find(s.table, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 4, 33)));
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 1)), 0);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 33)), 0);
    mib_snapshot_free(&s);

    build_with(&s, "up", 2, &history, 700); /* X1 came up */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 33)), 700);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 1)), 0);
    mib_snapshot_free(&s);

    build_with(&s, "up", 2, &history, 900); /* nothing changed */
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 33)), 700);
    mib_snapshot_free(&s);

    build_with(&s, "down", 2, &history, 1100);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 33)), 1100);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 49)), 0);
    mib_snapshot_free(&s);

    /* an interface gone from one snapshot is new when it comes back */
    history.list[49].present = false;
    build_with(&s, "down", 2, &history, 1300);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 2, 1, 9, 49)), 1300);
    assert_true(history.list[49].present);
    assert_false(history.list[50].present);
    mib_snapshot_free(&s);
}

static void test_refused(void **state)
{
    struct mib_snapshot s;
    char error[256];
    (void)state;
    json_t *ports = load("{\"ports\":[{\"name\":\"q7\"}]}");
    struct mib_input in = {.ports = ports};
    assert_int_equal(mib_build(&in, &s, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "port"));
    assert_null(s.table);
    json_decref(ports);
    /* nothing at all: an empty but valid snapshot */
    struct mib_input empty = {0};
    assert_int_equal(mib_build(&empty, &s, error, sizeof(error)), 0);
    assert_int_equal(number(&s, OID(1, 3, 6, 1, 2, 1, 2, 1, 0)), 0);
    mib_snapshot_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_if_index),
        cmocka_unit_test(test_interfaces),
        cmocka_unit_test(test_stacked_interfaces),
        cmocka_unit_test(test_bridge),
        cmocka_unit_test(test_hpvc),
        cmocka_unit_test(test_numbers_as_indexes),
        cmocka_unit_test(test_module_protection),
        cmocka_unit_test(test_changes_and_notifications),
        cmocka_unit_test(test_mtu_and_last_change),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
