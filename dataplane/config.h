/*
 * config: the dataplane's configuration snapshot.
 *
 * The manager sends one JSON document (docs/dataplane-protocol.md) with a
 * generation number. config_parse() validates the whole document and builds
 * a struct dp_config; nothing is half-applied: any error refuses the whole
 * document with a message that names the offending field
 * ("flexnics[3].vnet: no vNet named \"Prod9\"").
 *
 * A built snapshot is immutable. The dataplane publishes it by pointer swap
 * and frees the old one after a quiescent period, so workers read it
 * without locks.
 *
 * vNet ids are small integers (0..DP_MAX_VNETS-1) used as the MAC table's
 * bridge-domain key. They are kept stable across generations: a vNet that
 * exists in `previous` under the same name keeps its id, so its learned
 * MACs survive a reconfiguration.
 *
 * Pure logic: no DPDK, no I/O.
 */
#ifndef OPENVC_DATAPLANE_CONFIG_H
#define OPENVC_DATAPLANE_CONFIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DP_MAX_PORTS          80   /* 64 downlinks (4 enclosures of 16 bays), 16 uplinks */
#define DP_MAX_DOWNLINKS      64   /* downlink ports in one document */
#define DP_MAX_DOWNLINK_BAY   32   /* dN: N at most */
#define DP_MAX_STACKED_ENC    3    /* eKdN: downlinks of stacked enclosure K = 1..3 */
#define DP_MAX_STACKED_BAY    16   /* eKdN: N at most */
#define DP_MAX_UPLINK_NUMBER  16
#define DP_MAX_VNETS          4096 /* ids 0..4095 */
#define DP_VNET_NONE          0xffffu
#define DP_PORT_NONE          0xffu
#define DP_FLEXNICS_PER_PORT  4    /* a..d = S-VID 1..4 */
#define DP_VLAN_COUNT         4096
#define DP_VLAN_NONE          0xffffu /* vnet_to_vlan: vNet not carried */
#define DP_MAX_UPLINK_SETS    32
#define DP_NAME_MAX           64   /* vNet and uplink-set names, NUL included */
#define DP_PORT_NAME_MAX      8    /* "d16", "X4", "e3d16" */
#define DP_DEVICE_MAX         256  /* DPDK device string */
#define DP_MIN_RATE_MBPS      100
#define DP_RATE_STEP_MBPS     100
#define DP_MAX_PORT_SPEED_MBPS 20000
#define DP_DEFAULT_AGING_S    300
#define DP_DEFAULT_MAX_FRAME  9216 /* bytes without FCS; jumbo frames as the product */
#define DP_MIN_MAX_FRAME      1514
#define DP_DEFAULT_MAC_TABLE  65536
#define DP_MAC_CACHE_DEFAULT_REFRESH_MS 5000 /* Fast MAC Cache Failover: VC's 5 s */
#define DP_MAC_CACHE_DEFAULT_REPEATS    3    /* rounds after a failover, the first included */
#define DP_MAC_CACHE_MIN_REFRESH_MS     100
#define DP_MAC_CACHE_MAX_REFRESH_MS     30000
#define DP_MAC_CACHE_MAX_REPEATS        10
#define DP_PORT_PROTECT_DEFAULT_LOOP_INTERVAL_MS 5000  /* a loop probe round */
#define DP_PORT_PROTECT_DEFAULT_PAUSE_WINDOW_MS  10000 /* VC's 10 s pause poll */
#define DP_PORT_PROTECT_DEFAULT_PAUSE_THRESHOLD  10    /* pause frames in a window at least */
#define DP_PORT_PROTECT_MIN_INTERVAL_MS          100
#define DP_PORT_PROTECT_MAX_INTERVAL_MS          60000
#define DP_PORT_PROTECT_MAX_PAUSE_THRESHOLD      1000000

enum dp_port_role {
    DP_PORT_DOWNLINK = 0, /* to a server in device bay N: name "dN" */
    DP_PORT_UPLINK = 1,   /* to the LAN: name "Xn" */
};

struct dp_static_mac {
    uint8_t mac[6];
    uint8_t port;    /* index into dp_config.ports */
    uint8_t flexnic; /* 0..3 on downlinks, 0 on uplinks */
};

/* One FlexNIC (S-channel) of a downlink. Either a single vNet (vnet set,
 * vlan_to_vnet NULL) or a server-VLAN map (vlan_to_vnet set, untagged_vnet
 * optional). A single tunnel vNet passes the server's tags through. */
struct dp_flexnic_config {
    bool defined;
    uint16_t vnet;           /* single network, else DP_VNET_NONE */
    uint16_t untagged_vnet;  /* vNet of untagged frames: == vnet for a single
                                network; the map's untagged vNet or NONE */
    uint16_t *vlan_to_vnet;  /* [DP_VLAN_COUNT] server VLAN -> vNet id or NONE;
                                NULL without a map */
    uint16_t *vnet_to_vlan;  /* [DP_MAX_VNETS] vNet id -> server VLAN (1..4094),
                                0 = untagged, DP_VLAN_NONE = not carried;
                                NULL without a map */
    uint64_t max_bps;        /* maximum in both directions; 0 = link speed */
    uint64_t min_bps;        /* guaranteed toward the server; 0 = none */
    uint8_t mac[6];          /* the FlexNIC's own MAC (informational) */
    bool has_mac;
};

struct dp_port_config {
    char name[DP_PORT_NAME_MAX];
    char device[DP_DEVICE_MAX];
    enum dp_port_role role;
    uint16_t number;        /* bay N of "dN" and "eKdN", n of "Xn" */
    uint32_t speed_mbps;    /* link speed used for the port's egress scheduler */
    bool enabled;           /* administratively up */
    bool partitioned;       /* downlink: FlexNICs told apart by S-tags */
    struct dp_flexnic_config flexnics[DP_FLEXNICS_PER_PORT]; /* downlink */
    int16_t uplink_set;     /* uplink: index into uplink_sets, or -1 */
    uint16_t dedicated_vnet; /* uplink outside a set: its one vNet, or NONE */
};

struct dp_uplink_set_config {
    char name[DP_NAME_MAX];
    uint8_t ports[DP_MAX_PORTS]; /* port indexes, in failover order */
    uint16_t n_ports;
    uint16_t native_vnet;        /* vNet of untagged frames, or NONE */
    uint16_t vlan_to_vnet[DP_VLAN_COUNT]; /* uplink VLAN -> vNet id or NONE */
};

struct dp_flood_member {
    uint8_t port;    /* downlink port index */
    uint8_t flexnic; /* 0..3 */
};

struct dp_vnet_config {
    bool defined;
    char name[DP_NAME_MAX];
    bool private_network;    /* servers reach only the uplinks */
    bool tunnel;             /* customer tags carried through untouched */
    uint32_t mac_limit;      /* learned MACs at most; 0 = no limit */
    int16_t uplink_set;      /* index, or -1 */
    uint16_t uplink_vlan;    /* VLAN on the set's ports; 0 = untagged (native
                                vNet of the set, or a dedicated uplink) */
    uint8_t uplink_ports[DP_MAX_PORTS]; /* ports carrying it, failover order */
    uint16_t n_uplink_ports;
    struct dp_flood_member members[DP_MAX_PORTS * DP_FLEXNICS_PER_PORT];
    uint16_t n_members;      /* downlink FlexNICs in this vNet */
    struct dp_static_mac *static_macs;
    uint16_t n_static_macs;
};

/* Fast MAC cache failover: after a vNet's active uplink moved to another
 * port, `repeats` rounds of one frame per server MAC out of the new active
 * uplink, `refresh_ms` apart (the first at once). Absent from a document =
 * disabled, so a document that does not mention it behaves as before. */
struct dp_mac_cache_config {
    bool enabled;
    uint32_t refresh_ms;
    uint32_t repeats;
};

/* Port protection of server ports (dataplane/port_protect.h): loop probes
 * every `loop_interval_ms`; a port disabled when pause frames keep coming
 * for `pause_window_ms` (at least `pause_threshold`). Absent from a
 * document = both off. */
struct dp_port_protect_config {
    bool network_loop;
    bool pause_flood;
    uint32_t loop_interval_ms;
    uint32_t pause_window_ms;
    uint32_t pause_threshold;
};

struct dp_config {
    uint64_t generation;
    uint32_t aging_s;         /* MAC aging time; 0 = never age */
    uint32_t max_frame_bytes; /* longest frame accepted, without FCS */
    uint32_t mac_table_size;  /* MAC table capacity (entries) */
    struct dp_mac_cache_config mac_cache;
    struct dp_port_protect_config port_protect;
    uint16_t n_ports;
    struct dp_port_config ports[DP_MAX_PORTS];
    uint16_t n_uplink_sets;
    struct dp_uplink_set_config uplink_sets[DP_MAX_UPLINK_SETS];
    struct dp_vnet_config vnets[DP_MAX_VNETS]; /* indexed by vNet id */
};

/* config_parse: validate `document` and build a snapshot. `previous` (may be
 * NULL) is the running snapshot, used to keep vNet ids stable. On error
 * returns NULL and writes a one-line message naming the field into `error`. */
struct dp_config *config_parse(const json_t *document, const struct dp_config *previous,
                               char *error, size_t error_size);
/* config_to_json: the document back in canonical form (members in a fixed
 * order, defaults written out, vNets in id order) so a query can show the
 * running configuration; config_parse(config_to_json(c), c) rebuilds the
 * same snapshot. Returns a new reference, or NULL when out of memory. */
json_t *config_to_json(const struct dp_config *config);
/* config_free: accepts NULL. */
void config_free(struct dp_config *config);
/* config_find_port: index of the port named `name`, or -1. */
int config_find_port(const struct dp_config *config, const char *name);
/* config_find_vnet: id of the vNet named `name`, or DP_VNET_NONE. */
uint16_t config_find_vnet(const struct dp_config *config, const char *name);
/* config_parse_mac: "02:56:43:00:00:01" (case-insensitive) -> 0, else -1. */
int config_parse_mac(const char *text, uint8_t mac[6]);
/* config_format_mac: lower-case colon form into buf[18]. */
void config_format_mac(const uint8_t mac[6], char buf[18]);
/* config_flexnic_letter: 0..3 -> 'a'..'d'. */
static inline char config_flexnic_letter(unsigned flexnic)
{
    return (char)('a' + flexnic);
}

#endif
