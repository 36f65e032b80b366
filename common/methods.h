/*
 * methods: the one list of JSON-RPC methods spoken between OpenVC
 * processes, with the process that serves each. Servers dispatch from it;
 * clients name methods through it, so a typo is a compile error.
 *
 * X(enum suffix, wire name, one-line help)
 */
#ifndef OPENVC_COMMON_METHODS_H
#define OPENVC_COMMON_METHODS_H

/* served by vc-dataplane on its control socket (docs/dataplane-protocol.md) */
#define DATAPLANE_FOREACH_METHOD(X)                                                            \
    X(APPLY, "dataplane.apply", "apply a whole configuration document")                       \
    X(CONFIG, "dataplane.config", "the running configuration document")                       \
    X(STATUS, "dataplane.status", "generation, workers, MAC table use, uptime")              \
    X(PORTS, "dataplane.ports", "ports with link state, FlexNICs and counters")               \
    X(COUNTERS, "dataplane.counters", "counters of ports, FlexNICs, vNets and drop reasons") \
    X(MAC_TABLE, "dataplane.mac_table", "learned and static MACs, one page at a time")        \
    X(FLUSH, "dataplane.flush", "forget learned MACs of a vNet, a port or all")              \
    X(SUBSCRIBE, "dataplane.subscribe", "receive events on this connection")                  \
    X(CLOCK, "dataplane.clock", "stop, resume or warp the clock (--test-clock only)")

enum dataplane_method {
#define DATAPLANE_METHOD_ENUM(name, wire, help) DATAPLANE_METHOD_##name,
    DATAPLANE_FOREACH_METHOD(DATAPLANE_METHOD_ENUM)
#undef DATAPLANE_METHOD_ENUM
        DATAPLANE_METHOD_COUNT
};

/* notification sent by vc-dataplane to subscribers */
#define DATAPLANE_EVENT_METHOD "dataplane.event"

#endif
