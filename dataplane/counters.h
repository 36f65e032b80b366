/*
 * counters: drop reasons and counter layouts of the fast path.
 *
 * Every drop has a reason; the list below makes both the enum and the
 * strings (in the manner of VPP's foreach_l2learn_error). The counters
 * themselves are per worker lcore, cache-aligned, summed on read.
 */
#ifndef OPENVC_DATAPLANE_COUNTERS_H
#define OPENVC_DATAPLANE_COUNTERS_H

#include <stdint.h>

#define DP_FOREACH_DROP_REASON(X)                                                                  \
    X(MALFORMED, "malformed", "shorter than its Ethernet header or a tag it announces")            \
    X(OVERSIZE, "oversize", "longer than the maximum frame size")                                  \
    X(BAD_SOURCE, "bad_source", "multicast or all-zero source MAC")                                \
    X(BAD_SCHANNEL, "bad_schannel", "missing, unexpected or unknown S-channel (S-VID)")            \
    X(NO_VNET, "no_vnet", "no vNet for the frame's port, FlexNIC and VLAN")                        \
    X(PRIVATE, "private", "server to server inside a private vNet")                                \
    X(MAC_LIMIT, "mac_limit", "new source MAC beyond the vNet's MAC limit")                        \
    X(MAC_STATIC, "mac_static", "source MAC is static on another port")                            \
    X(RATE_LIMIT, "rate_limit", "over the FlexNIC's maximum bandwidth")                            \
    X(CONGESTION, "congestion", "server port over its link speed, beyond the guarantee")           \
    X(NO_UPLINK, "no_uplink", "the vNet has no uplink with link up")                               \
    X(STANDBY, "standby", "received on a standby uplink of the vNet")                              \
    X(SAME_PORT, "same_port", "destination is behind the ingress port")                            \
    X(PORT_DOWN, "port_down", "egress port disabled or link down")                                 \
    X(NO_BUFFER, "no_buffer", "no mbuf for a flood copy or tag")                                   \
    X(TX_FULL, "tx_full", "egress queue full")                                                     \
    X(PORT_PROTECT, "port_protect", "server port disabled by port protection")                     \
    X(MAC_CONTROL, "mac_control", "802.3x MAC control (PAUSE, PFC): never forwarded")              \
    X(LOOP_PROBE, "loop_probe", "a loop protection probe: never forwarded")

enum dp_drop_reason {
    DP_DROP_NONE = 0,
#define DP_DROP_ENUM(name, string, help) DP_DROP_##name,
    DP_FOREACH_DROP_REASON(DP_DROP_ENUM)
#undef DP_DROP_ENUM
    DP_DROP_COUNT
};

/* counters_drop_name: "rate_limit" etc.; "none" for DP_DROP_NONE. */
const char *counters_drop_name(enum dp_drop_reason reason);
const char *counters_drop_help(enum dp_drop_reason reason);

/* packets and bytes, both directions; rx = into the module */
struct dp_traffic_counters {
    uint64_t rx_packets;
    uint64_t rx_bytes;
    uint64_t tx_packets;
    uint64_t tx_bytes;
};

/* Of a port's or FlexNIC's packets above, those to a group address
 * (multicast, broadcast apart), for IF-MIB's multicast and broadcast
 * columns; unicast is the rest. rx counts a frame as it is forwarded, tx
 * each flood copy as it is queued (a copy the device then fails to send
 * is in tx_full, not taken off here). */
struct dp_group_counters {
    uint64_t rx_multicast;
    uint64_t rx_broadcast;
    uint64_t tx_multicast;
    uint64_t tx_broadcast;
};

#endif
