/*
 * control: the dataplane's control socket and housekeeping, run by the
 * main lcore.
 *
 * One Unix stream socket speaks JSON-RPC 2.0, one message per line
 * (docs/dataplane-protocol.md): apply a whole configuration document,
 * query ports, counters and the MAC table, flush, subscribe to events.
 * Between requests the same loop polls link states (events on change),
 * ages the MAC table once a second, reports MAC-limit hits and sends the
 * Fast MAC cache failover frames (mac_cache.h) out of the control thread's
 * own tx queue of an uplink, and runs port protection (port_protect.h):
 * loop probes out of the server ports, the loop probes the workers saw
 * come back, the pause flood windows; it disables and re-enables ports.
 * The socket itself (framing, clients, errors for garbage) is
 * common/rpc_server; this file is the methods and the housekeeping tick.
 */
#include "dataplane/control.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "common/clock.h"
#include "common/jsonrpc.h"
#include "common/log.h"
#include "common/methods.h"
#include "common/rpc_server.h"
#include "dataplane/apply.h"
#include "dataplane/mac_cache.h"
#include "dataplane/port.h"
#include "dataplane/port_protect.h"

#define CONTROL_MAC_PAGE_DEFAULT 256
#define CONTROL_MAC_PAGE_MAX     4096
#define CONTROL_MAC_CACHE_BURST  DP_BURST

struct control {
    struct dp_runtime *rt;
    const struct control_options *options;
    struct rpc_server *server;
    uint64_t started_ns;
    uint32_t last_aging_s;
    struct mac_cache_vnet *mac_cache;              /* [DP_MAX_VNETS], by vNet id */
    struct port_protect_pause pause[DP_MAX_PORTS]; /* by slot */
    uint64_t next_probe_ns;                        /* when the next round of loop probes is due */
    uint32_t probe_sequence;
};

/* ---- events ---- */

static void control_emit(struct control *control, json_t *params_stolen)
{
    rpc_server_notify(control->server, DATAPLANE_EVENT_METHOD, params_stolen);
}

/* ---- Fast MAC cache failover ---- */

/* control_active_uplink: the slot of the vNet's active uplink, the first
 * enabled one with link up, as the workers choose it; MAC_CACHE_SLOT_NONE. */
static uint8_t control_active_uplink(const struct dp_runtime *rt, const struct dp_view *view,
                                     const struct dp_vnet_config *vnet)
{
    for (uint16_t i = 0; i < vnet->n_uplink_ports; i++) {
        unsigned port = vnet->uplink_ports[i];
        unsigned slot = view->slot_of_port[port];
        if (view->config->ports[port].enabled && atomic_load(&rt->slots[slot].link_up))
            return (uint8_t)slot;
    }
    return MAC_CACHE_SLOT_NONE;
}

/* control_mac_cache_frame: a frame of `mac` on the vNet's uplink tag in a
 * new mbuf, or NULL when the pool is empty. */
static struct rte_mbuf *control_mac_cache_frame(struct dp_runtime *rt, const uint8_t mac[6],
                                                uint16_t vlan)
{
    struct rte_mbuf *packet = rte_pktmbuf_alloc(rt->pool);
    if (packet == NULL)
        return NULL;
    uint8_t *data = (uint8_t *)rte_pktmbuf_append(packet, MAC_CACHE_TAGGED_FRAME_BYTES);
    size_t length = data ? mac_cache_frame_build(data, MAC_CACHE_TAGGED_FRAME_BYTES, mac, vlan) : 0;
    if (length == 0) {
        rte_pktmbuf_free(packet);
        return NULL;
    }
    rte_pktmbuf_trim(packet, (uint16_t)(MAC_CACHE_TAGGED_FRAME_BYTES - length));
    return packet;
}

/* control_mac_cache_round: one frame per server MAC of vNet `v` (learned
 * or static, on a downlink) out of uplink slot `slot`. Returns the number
 * sent. */
static unsigned control_mac_cache_round(struct dp_runtime *rt, const struct dp_view *view,
                                        uint16_t v, uint8_t slot)
{
    const struct dp_config *config = view->config;
    struct fdb_entry entries[CONTROL_MAC_CACHE_BURST];
    struct rte_mbuf *packets[CONTROL_MAC_CACHE_BURST];
    uint64_t cursor = 0;
    unsigned sent = 0;

    do {
        unsigned n = fdb_walk(rt->fdb, v, &cursor, entries, CONTROL_MAC_CACHE_BURST), n_packets = 0;
        for (unsigned i = 0; i < n; i++) {
            unsigned port = view->port_of_slot[entries[i].port];
            if (port == DP_PORT_NONE || config->ports[port].role != DP_PORT_DOWNLINK)
                continue; /* upstream MACs, or a port being removed */
            struct rte_mbuf *packet =
                control_mac_cache_frame(rt, entries[i].mac, config->vnets[v].uplink_vlan);
            if (packet != NULL)
                packets[n_packets++] = packet;
        }
        if (n_packets > 0)
            sent += port_send_control(&rt->slots[slot], packets, n_packets);
    } while (cursor != 0);
    return sent;
}

/* control_mac_cache: step every vNet with uplinks; send the rounds due. */
static void control_mac_cache(struct control *control, const struct dp_view *view)
{
    struct dp_runtime *rt = control->rt;
    const struct dp_config *config = view->config;
    uint64_t now_ns = clock_now_ns();

    for (unsigned v = 0; v < DP_MAX_VNETS; v++) {
        const struct dp_vnet_config *vnet = &config->vnets[v];
        if (!vnet->defined || vnet->n_uplink_ports == 0)
            continue;
        uint8_t slot = control_active_uplink(rt, view, vnet);
        if (!mac_cache_step(&control->mac_cache[v], slot, &config->mac_cache, now_ns))
            continue;
        unsigned sent = control_mac_cache_round(rt, view, (uint16_t)v, slot);
        atomic_fetch_add(&rt->slots[slot].mac_cache_frames, sent);
        if (sent > 0) /* a vNet without servers has nothing to announce */
            log_info("vNet %s: MAC cache failover, %u frames out of %s", vnet->name, sent,
                     rt->slots[slot].name);
    }
}

/* ---- port protection ---- */

/* control_protect_disable: port protection disables server port `port`
 * (slot `slot`) for `state`; its learned MACs are forgotten, so their
 * traffic floods to the ports still enabled. Returns false when it was
 * disabled already. */
static bool control_protect_disable(struct control *control, const struct dp_view *view,
                                    unsigned slot, enum port_protect_state state)
{
    uint8_t expected = PORT_PROTECT_OK;
    if (!atomic_compare_exchange_strong(&control->rt->slots[slot].protect_state, &expected,
                                        (uint8_t)state))
        return false;
    fdb_flush_port(control->rt->fdb, (uint8_t)slot);
    log_info("port %s: disabled by port protection (%s)",
             view->config->ports[view->port_of_slot[slot]].name, port_protect_state_name(state));
    return true;
}

/* control_loop_probe_frame: a probe in a new mbuf, or NULL. */
static struct rte_mbuf *control_loop_probe_frame(struct dp_runtime *rt,
                                                 const struct dp_port_config *port, unsigned slot,
                                                 unsigned flexnic, uint32_t sequence)
{
    struct rte_mbuf *packet = rte_pktmbuf_alloc(rt->pool);
    if (packet == NULL)
        return NULL;
    uint8_t *data = (uint8_t *)rte_pktmbuf_append(packet, PORT_PROTECT_PROBE_TAGGED_BYTES);
    uint16_t svid = port->partitioned ? (uint16_t)(flexnic + 1) : 0;
    size_t length = data ? port_protect_probe_build(data, PORT_PROTECT_PROBE_TAGGED_BYTES,
                                                    rt->probe_mac, slot, flexnic, svid, sequence)
                         : 0;
    if (length == 0) {
        rte_pktmbuf_free(packet);
        return NULL;
    }
    rte_pktmbuf_trim(packet, (uint16_t)(PORT_PROTECT_PROBE_TAGGED_BYTES - length));
    return packet;
}

/* control_loop_probes: a round of probes out of every FlexNIC of every
 * enabled server port with link up, when one is due. */
static void control_loop_probes(struct control *control, const struct dp_view *view,
                                uint64_t now_ns)
{
    struct dp_runtime *rt = control->rt;
    const struct dp_config *config = view->config;

    if (!config->port_protect.network_loop || now_ns < control->next_probe_ns)
        return;
    control->next_probe_ns = now_ns + (uint64_t)config->port_protect.loop_interval_ms * 1000000ull;
    control->probe_sequence++;
    for (unsigned p = 0; p < config->n_ports; p++) {
        const struct dp_port_config *port = &config->ports[p];
        unsigned slot = view->slot_of_port[p];
        if (port->role != DP_PORT_DOWNLINK || !port->enabled ||
            !atomic_load(&rt->slots[slot].link_up) || atomic_load(&rt->slots[slot].protect_state))
            continue;
        struct rte_mbuf *packets[DP_FLEXNICS_PER_PORT];
        unsigned n = 0;
        for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
            if (!port->flexnics[f].defined)
                continue;
            struct rte_mbuf *packet =
                control_loop_probe_frame(rt, port, slot, f, control->probe_sequence);
            if (packet != NULL)
                packets[n++] = packet;
        }
        if (n > 0)
            atomic_fetch_add(&rt->slots[slot].loop_probes_sent,
                             port_send_control(&rt->slots[slot], packets, n));
    }
}

/* control_loop_hits: the probes the workers saw come back in. */
static void control_loop_hits(struct control *control, const struct dp_view *view)
{
    struct dp_runtime *rt = control->rt;
    const struct dp_config *config = view->config;

    for (unsigned p = 0; p < config->n_ports; p++) {
        unsigned slot = view->slot_of_port[p];
        uint32_t hit = atomic_exchange(&rt->slots[slot].loop_hit, 0);
        if (hit == 0 || !config->port_protect.network_loop ||
            config->ports[p].role != DP_PORT_DOWNLINK ||
            !control_protect_disable(control, view, slot, PORT_PROTECT_LOOP))
            continue;
        /* where it was sent from: our own probes name our slot */
        bool own = (hit & 2u) != 0;
        unsigned from_port = own ? view->port_of_slot[hit >> 8 & 0xffu] : DP_PORT_NONE;
        const char *probe_port = from_port != DP_PORT_NONE ? config->ports[from_port].name : "";
        char in_flexnic = config_flexnic_letter(hit >> 2 & 3u);
        char out_flexnic = config_flexnic_letter(hit >> 4 & 3u);
        log_info("port %s: loop detected, FlexNIC %c received a probe of %s (sent out of %s-%c)",
                 config->ports[p].name, in_flexnic, own ? "this module" : "another module",
                 probe_port[0] ? probe_port : "?", out_flexnic);
        control_emit(control, json_pack("{s:s, s:s, s:s#, s:s, s:s#, s:b}", "type", "loop_detected",
                                        "port", config->ports[p].name, "flexnic", &in_flexnic, 1,
                                        "probe_port", probe_port, "probe_flexnic", &out_flexnic, 1,
                                        "from_this_module", own));
    }
}

/* control_pause_floods: step every server port's pause flood window. */
static void control_pause_floods(struct control *control, const struct dp_view *view,
                                 uint64_t now_ns)
{
    struct dp_runtime *rt = control->rt;
    const struct dp_config *config = view->config;

    for (unsigned s = 0; s < DP_MAX_PORTS; s++) {
        unsigned port = view->port_of_slot[s];
        if (port == DP_PORT_NONE || config->ports[port].role != DP_PORT_DOWNLINK ||
            !config->port_protect.pause_flood || atomic_load(&rt->slots[s].protect_state)) {
            port_protect_pause_init(&control->pause[s]);
            continue;
        }
        uint64_t frames = runtime_sum_pause_frames(rt, s);
        if (!port_protect_pause_step(&control->pause[s], frames, now_ns, &config->port_protect) ||
            !control_protect_disable(control, view, s, PORT_PROTECT_PAUSE_FLOOD))
            continue;
        control_emit(control,
                     json_pack("{s:s, s:s, s:I, s:i}", "type", "pause_flood", "port",
                               config->ports[port].name, "pause_frames", (json_int_t)frames,
                               "window_ms", (int)config->port_protect.pause_window_ms));
    }
}

static void control_port_protect(struct control *control, const struct dp_view *view)
{
    uint64_t now_ns = clock_now_ns();
    control_loop_hits(control, view);
    control_pause_floods(control, view, now_ns);
    control_loop_probes(control, view, now_ns);
}

static void control_housekeeping(void *arg)
{
    struct control *control = arg;
    struct dp_runtime *rt = control->rt;
    const struct dp_view *view = atomic_load(&rt->view);
    const struct dp_config *config = view->config;

    for (unsigned s = 0; s < DP_MAX_PORTS; s++) {
        unsigned port = view->port_of_slot[s];
        if (port == DP_PORT_NONE || !rt->slots[s].in_use)
            continue;
        if (port_poll_link(&rt->slots[s])) {
            bool up = atomic_load(&rt->slots[s].link_up);
            log_info("port %s: link %s", config->ports[port].name, up ? "up" : "down");
            control_emit(control, json_pack("{s:s, s:s, s:b}", "type", up ? "link_up" : "link_down",
                                            "port", config->ports[port].name, "up", up));
        }
    }
    for (unsigned v = 0; v < DP_MAX_VNETS; v++) {
        if (!atomic_load_explicit(&rt->mac_limit_hit[v], memory_order_relaxed))
            continue;
        atomic_store(&rt->mac_limit_hit[v], 0);
        if (!config->vnets[v].defined)
            continue;
        log_info("vNet %s: MAC limit %u reached", config->vnets[v].name,
                 config->vnets[v].mac_limit);
        control_emit(control, json_pack("{s:s, s:s, s:i}", "type", "mac_limit", "vnet",
                                        config->vnets[v].name, "mac_limit",
                                        (json_int_t)config->vnets[v].mac_limit));
    }
    control_mac_cache(control, view);
    control_port_protect(control, view);
    uint32_t now_s = clock_now_s();
    if (now_s != control->last_aging_s) {
        control->last_aging_s = now_s;
        if (config->aging_s)
            fdb_age(rt->fdb, now_s, config->aging_s);
    }
}

/* ---- helpers for answers ---- */

static json_t *control_traffic_json(const struct dp_traffic_counters *c)
{
    return json_pack("{s:I, s:I, s:I, s:I}", "rx_packets", (json_int_t)c->rx_packets, "rx_bytes",
                     (json_int_t)c->rx_bytes, "tx_packets", (json_int_t)c->tx_packets, "tx_bytes",
                     (json_int_t)c->tx_bytes);
}

/* control_group_json: the traffic object `traffic` with the group-address
 * share of it (ports and FlexNICs only: vNets have no such counters). */
static json_t *control_group_json(json_t *traffic, const struct dp_group_counters *g)
{
    json_object_set_new(traffic, "rx_multicast", json_integer((json_int_t)g->rx_multicast));
    json_object_set_new(traffic, "rx_broadcast", json_integer((json_int_t)g->rx_broadcast));
    json_object_set_new(traffic, "tx_multicast", json_integer((json_int_t)g->tx_multicast));
    json_object_set_new(traffic, "tx_broadcast", json_integer((json_int_t)g->tx_broadcast));
    return traffic;
}

static json_t *control_drops_json(const struct dp_runtime *rt)
{
    json_t *drops = json_object();
    for (unsigned r = 1; r < DP_DROP_COUNT; r++)
        json_object_set_new(drops, counters_drop_name(r),
                            json_integer((json_int_t)runtime_sum_drop(rt, r)));
    return drops;
}

static const char *control_vnet_name(const struct dp_config *config, uint16_t vnet)
{
    return vnet < DP_MAX_VNETS && config->vnets[vnet].defined ? config->vnets[vnet].name : NULL;
}

static json_t *control_flexnic_json(const struct dp_runtime *rt, const struct dp_config *config,
                                    const struct dp_port_config *port, unsigned slot, unsigned f)
{
    const struct dp_flexnic_config *flexnic = &port->flexnics[f];
    struct dp_traffic_counters traffic;
    struct dp_group_counters group;
    char name[16], mac[18];
    json_t *vnets = json_array();

    snprintf(name, sizeof(name), "%s-%c", port->name, config_flexnic_letter(f));
    runtime_sum_flexnic(rt, slot, f, &traffic);
    runtime_sum_flexnic_group(rt, slot, f, &group);
    if (flexnic->vlan_to_vnet) {
        for (unsigned vlan = 1; vlan < DP_VLAN_COUNT; vlan++)
            if (flexnic->vlan_to_vnet[vlan] != DP_VNET_NONE)
                json_array_append_new(
                    vnets, json_pack("{s:s, s:i}", "vnet",
                                     control_vnet_name(config, flexnic->vlan_to_vnet[vlan]), "vlan",
                                     (int)vlan));
    }
    json_t *object = json_pack(
        "{s:s, s:s, s:s, s:o, s:I, s:I, s:o}", "name", name, "port", port->name, "flexnic",
        (char[]){config_flexnic_letter(f), 0}, "traffic",
        control_group_json(control_traffic_json(&traffic), &group), "max_bps",
        (json_int_t)flexnic->max_bps, "min_bps", (json_int_t)flexnic->min_bps, "vlans", vnets);
    const char *single = control_vnet_name(config, flexnic->vnet);
    const char *untagged = control_vnet_name(config, flexnic->untagged_vnet);
    if (single)
        json_object_set_new(object, "vnet", json_string(single));
    if (untagged)
        json_object_set_new(object, "untagged_vnet", json_string(untagged));
    if (flexnic->has_mac) {
        config_format_mac(flexnic->mac, mac);
        json_object_set_new(object, "mac", json_string(mac));
    }
    return object;
}

static json_t *control_ports_json(const struct dp_runtime *rt, const struct dp_view *view,
                                  bool with_flexnics)
{
    const struct dp_config *config = view->config;
    json_t *ports = json_array();

    for (unsigned p = 0; p < config->n_ports; p++) {
        const struct dp_port_config *port = &config->ports[p];
        unsigned slot = view->slot_of_port[p];
        const struct dp_port_slot *port_slot = &rt->slots[slot];
        struct dp_traffic_counters traffic;
        struct dp_group_counters group;
        runtime_sum_port(rt, slot, &traffic);
        runtime_sum_port_group(rt, slot, &group);
        bool up = atomic_load(&port_slot->link_up);
        json_t *object = json_pack(
            "{s:s, s:s, s:s, s:b, s:s, s:i, s:i, s:o, s:I}", "name", port->name, "device",
            port->device, "role", port->role == DP_PORT_UPLINK ? "uplink" : "downlink", "enabled",
            port->enabled, "link", up ? "up" : "down", "speed_mbps", (int)port->speed_mbps,
            "link_speed_mbps", (int)atomic_load(&port_slot->link_speed_mbps), "traffic",
            control_group_json(control_traffic_json(&traffic), &group), "drops",
            (json_int_t)runtime_sum_port_drops(rt, slot));
        uint16_t mtu;
        if (rte_eth_dev_get_mtu(port_slot->port_id, &mtu) == 0)
            json_object_set_new(object, "mtu", json_integer(mtu));
        if (port->role == DP_PORT_UPLINK)
            json_object_set_new(
                object, "mac_cache_frames",
                json_integer((json_int_t)atomic_load(&port_slot->mac_cache_frames)));
        if (port->role == DP_PORT_DOWNLINK) {
            json_object_set_new(object, "partitioned", json_boolean(port->partitioned));
            json_object_set_new(
                object, "protection",
                json_string(port_protect_state_name(atomic_load(&port_slot->protect_state))));
            json_object_set_new(object, "pause_frames",
                                json_integer((json_int_t)runtime_sum_pause_frames(rt, slot)));
            json_object_set_new(
                object, "loop_probes_sent",
                json_integer((json_int_t)atomic_load(&port_slot->loop_probes_sent)));
            json_object_set_new(object, "loop_probes_received",
                                json_integer((json_int_t)runtime_sum_loop_probes(rt, slot)));
            if (with_flexnics) {
                json_t *flexnics = json_array();
                for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++)
                    if (port->flexnics[f].defined)
                        json_array_append_new(flexnics,
                                              control_flexnic_json(rt, config, port, slot, f));
                json_object_set_new(object, "flexnics", flexnics);
            }
        }
        json_array_append_new(ports, object);
    }
    return ports;
}

/* ---- methods ---- */

struct control_answer {
    json_t *result; /* on success */
    int error_code; /* else */
    char error[RPC_SERVER_MESSAGE_MAX];
};

static void control_fail(struct control_answer *answer, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void control_fail(struct control_answer *answer, int code, const char *fmt, ...)
{
    va_list ap;
    answer->error_code = code;
    va_start(ap, fmt);
    vsnprintf(answer->error, sizeof(answer->error), fmt, ap);
    va_end(ap);
}

/* control_check_members: refuse members of `params` not in the NULL-ended list. */
static bool control_check_members(json_t *params, const char *const *allowed,
                                  struct control_answer *answer)
{
    if (!json_is_object(params)) {
        control_fail(answer, JSONRPC_INVALID_PARAMS, "params must be an object");
        return false;
    }
    const char *unknown = jsonrpc_unknown_member(params, allowed);
    if (unknown != NULL) {
        control_fail(answer, JSONRPC_INVALID_PARAMS, "params: unknown member \"%s\"", unknown);
        return false;
    }
    return true;
}

static const char *const control_no_members[] = {NULL};

static void control_apply(struct control *control, json_t *params, struct control_answer *answer)
{
    static const char *const allowed[] = {"document", NULL};
    struct dp_runtime *rt = control->rt;
    json_t *document = json_object_get(params, "document");
    const struct dp_view *view = atomic_load(&rt->view);
    char error[1024];

    if (!control_check_members(params, allowed, answer))
        return;
    if (!json_is_object(document)) {
        control_fail(answer, JSONRPC_INVALID_PARAMS, "params.document must be an object");
        return;
    }
    struct dp_config *config = config_parse(document, view->config, error, sizeof(error));
    if (config == NULL) {
        control_fail(answer, JSONRPC_INVALID_CONFIG, "%s", error);
        return;
    }
    if (config->generation < view->config->generation) {
        control_fail(answer, JSONRPC_STALE_GENERATION,
                     "generation: %llu is older than the running generation %llu",
                     (unsigned long long)config->generation,
                     (unsigned long long)view->config->generation);
        config_free(config);
        return;
    }
    if (config->mac_table_size != view->config->mac_table_size) {
        control_fail(answer, JSONRPC_INVALID_CONFIG,
                     "mac_table_size: %u differs from %u, fixed when the dataplane started "
                     "(--mac-table-size)",
                     config->mac_table_size, view->config->mac_table_size);
        config_free(config);
        return;
    }
    if (apply_config(rt, config, error, sizeof(error)) != 0) {
        control_fail(answer, JSONRPC_INVALID_CONFIG, "%s", error);
        config_free(config);
        return;
    }
    log_info("applied configuration generation %llu (%u ports)",
             (unsigned long long)config->generation, config->n_ports);
    answer->result = json_pack("{s:I}", "generation", (json_int_t)config->generation);
}

static void control_status(struct control *control, json_t *params, struct control_answer *answer)
{
    struct dp_runtime *rt = control->rt;
    if (!control_check_members(params, control_no_members, answer))
        return;
    const struct dp_view *view = atomic_load(&rt->view);
    json_t *workers = json_array();

    for (unsigned w = 0; w < rt->n_workers; w++)
        json_array_append_new(workers,
                              json_pack("{s:i, s:I, s:I}", "lcore", (int)rt->worker_lcore[w],
                                        "loops", (json_int_t)rt->counters[w].loops, "idle_sleeps",
                                        (json_int_t)rt->counters[w].idle_sleeps));
    answer->result = json_pack(
        "{s:I, s:o, s:I, s:I, s:I, s:i, s:b}", "generation", (json_int_t)view->config->generation,
        "workers", workers, "mac_count", (json_int_t)fdb_count(rt->fdb), "mac_capacity",
        (json_int_t)view->config->mac_table_size, "uptime_s",
        (json_int_t)((clock_now_ns() - control->started_ns) / CLOCK_NS_PER_SEC), "idle_sleep_us",
        (int)rt->idle_sleep_us, "clock_stopped", clock_is_stopped());
}

static void control_counters(struct control *control, json_t *params, struct control_answer *answer)
{
    struct dp_runtime *rt = control->rt;
    if (!control_check_members(params, control_no_members, answer))
        return;
    const struct dp_view *view = atomic_load(&rt->view);
    const struct dp_config *config = view->config;
    json_t *vnets = json_array();
    json_t *flexnics = json_array();

    for (unsigned v = 0; v < DP_MAX_VNETS; v++) {
        if (!config->vnets[v].defined)
            continue;
        struct dp_traffic_counters traffic;
        runtime_sum_vnet(rt, v, &traffic);
        json_array_append_new(vnets,
                              json_pack("{s:s, s:o, s:I}", "name", config->vnets[v].name, "traffic",
                                        control_traffic_json(&traffic), "mac_count",
                                        (json_int_t)fdb_count_vnet(rt->fdb, (uint16_t)v)));
    }
    for (unsigned p = 0; p < config->n_ports; p++)
        for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++)
            if (config->ports[p].flexnics[f].defined)
                json_array_append_new(flexnics, control_flexnic_json(rt, config, &config->ports[p],
                                                                     view->slot_of_port[p], f));
    answer->result =
        json_pack("{s:I, s:o, s:o, s:o, s:o}", "generation", (json_int_t)config->generation,
                  "ports", control_ports_json(rt, view, false), "flexnics", flexnics, "vnets",
                  vnets, "drops", control_drops_json(rt));
}

static void control_mac_table(struct control *control, json_t *params,
                              struct control_answer *answer)
{
    static const char *const allowed[] = {"vnet", "cursor", "limit", NULL};
    struct dp_runtime *rt = control->rt;
    const struct dp_view *view = atomic_load(&rt->view);
    const struct dp_config *config = view->config;
    json_t *vnet_member = json_object_get(params, "vnet");
    json_t *cursor_member = json_object_get(params, "cursor");
    json_t *limit_member = json_object_get(params, "limit");
    uint16_t vnet = DP_VNET_NONE;
    uint64_t cursor = 0;
    unsigned limit = CONTROL_MAC_PAGE_DEFAULT;

    if (!control_check_members(params, allowed, answer))
        return;
    if (vnet_member) {
        if (!json_is_string(vnet_member)) {
            control_fail(answer, JSONRPC_INVALID_PARAMS, "vnet must be a vNet name");
            return;
        }
        vnet = config_find_vnet(config, json_string_value(vnet_member));
        if (vnet == DP_VNET_NONE) {
            control_fail(answer, JSONRPC_NOT_FOUND, "vnet: no vNet named \"%s\"",
                         json_string_value(vnet_member));
            return;
        }
    }
    if (cursor_member) {
        if (!json_is_integer(cursor_member) || json_integer_value(cursor_member) < 0) {
            control_fail(answer, JSONRPC_INVALID_PARAMS, "cursor must be a number >= 0");
            return;
        }
        cursor = (uint64_t)json_integer_value(cursor_member);
    }
    if (limit_member) {
        if (!json_is_integer(limit_member) || json_integer_value(limit_member) < 1 ||
            json_integer_value(limit_member) > CONTROL_MAC_PAGE_MAX) {
            control_fail(answer, JSONRPC_INVALID_PARAMS, "limit must be 1-%d",
                         CONTROL_MAC_PAGE_MAX);
            return;
        }
        limit = (unsigned)json_integer_value(limit_member);
    }
    struct fdb_entry *entries = calloc(limit, sizeof(*entries));
    if (entries == NULL) {
        control_fail(answer, JSONRPC_BUSY, "out of memory");
        return;
    }
    unsigned n = fdb_walk(rt->fdb, vnet, &cursor, entries, limit);
    uint32_t now_s = clock_now_s();
    json_t *list = json_array();
    for (unsigned i = 0; i < n; i++) {
        char mac[18], flexnic[16];
        unsigned port = view->port_of_slot[entries[i].port];
        const char *vnet_name = control_vnet_name(config, entries[i].vnet);
        if (port == DP_PORT_NONE || vnet_name == NULL)
            continue; /* a port or vNet being removed */
        config_format_mac(entries[i].mac, mac);
        if (config->ports[port].role == DP_PORT_DOWNLINK)
            snprintf(flexnic, sizeof(flexnic), "%c", config_flexnic_letter(entries[i].flexnic));
        else
            flexnic[0] = '\0';
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:s, s:s, s:b, s:I}", "vnet", vnet_name, "mac", mac, "port",
                      config->ports[port].name, "flexnic", flexnic, "static", entries[i].is_static,
                      "age_s",
                      (json_int_t)(entries[i].is_static ? 0 : now_s - entries[i].last_seen_s)));
    }
    free(entries);
    answer->result = json_pack("{s:o, s:I}", "entries", list, "next_cursor", (json_int_t)cursor);
}

static void control_flush(struct control *control, json_t *params, struct control_answer *answer)
{
    static const char *const allowed[] = {"vnet", "port", NULL};
    struct dp_runtime *rt = control->rt;
    const struct dp_view *view = atomic_load(&rt->view);
    json_t *vnet_member = json_object_get(params, "vnet");
    json_t *port_member = json_object_get(params, "port");
    unsigned flushed;

    if (!control_check_members(params, allowed, answer))
        return;
    if (vnet_member && port_member) {
        control_fail(answer, JSONRPC_INVALID_PARAMS, "give vnet or port, not both");
        return;
    }
    if (vnet_member) {
        uint16_t vnet = json_is_string(vnet_member)
                            ? config_find_vnet(view->config, json_string_value(vnet_member))
                            : DP_VNET_NONE;
        if (vnet == DP_VNET_NONE) {
            control_fail(answer, JSONRPC_NOT_FOUND, "vnet: no vNet named %s",
                         json_is_string(vnet_member) ? json_string_value(vnet_member)
                                                     : "(not a string)");
            return;
        }
        flushed = fdb_count_vnet(rt->fdb, vnet);
        fdb_flush_vnet(rt->fdb, vnet);
    } else if (port_member) {
        int port = json_is_string(port_member)
                       ? config_find_port(view->config, json_string_value(port_member))
                       : -1;
        if (port < 0) {
            control_fail(answer, JSONRPC_NOT_FOUND, "port: no port named %s",
                         json_is_string(port_member) ? json_string_value(port_member)
                                                     : "(not a string)");
            return;
        }
        flushed = fdb_flush_port(rt->fdb, view->slot_of_port[port]);
    } else {
        flushed = fdb_flush_all(rt->fdb);
    }
    answer->result = json_pack("{s:I}", "flushed", (json_int_t)flushed);
}

static void control_port_protect_reset(struct control *control, json_t *params,
                                       struct control_answer *answer)
{
    static const char *const allowed[] = {"port", NULL};
    struct dp_runtime *rt = control->rt;
    const struct dp_view *view = atomic_load(&rt->view);
    const struct dp_config *config = view->config;
    json_t *port_member = json_object_get(params, "port");
    int only = -1;

    if (!control_check_members(params, allowed, answer))
        return;
    if (port_member) {
        only = json_is_string(port_member)
                   ? config_find_port(config, json_string_value(port_member))
                   : -1;
        if (only < 0 || config->ports[only].role != DP_PORT_DOWNLINK) {
            control_fail(answer, JSONRPC_NOT_FOUND, "port: no server port named %s",
                         json_is_string(port_member) ? json_string_value(port_member)
                                                     : "(not a string)");
            return;
        }
    }
    json_t *reset = json_array();
    for (unsigned p = 0; p < config->n_ports; p++) {
        unsigned slot = view->slot_of_port[p];
        if ((only >= 0 && (unsigned)only != p) || config->ports[p].role != DP_PORT_DOWNLINK)
            continue;
        atomic_store(&rt->slots[slot].loop_hit, 0);
        uint8_t was = atomic_exchange(&rt->slots[slot].protect_state, PORT_PROTECT_OK);
        port_protect_pause_init(&control->pause[slot]);
        if (was == PORT_PROTECT_OK)
            continue;
        log_info("port %s: enabled again (port protection reset, was %s)", config->ports[p].name,
                 port_protect_state_name(was));
        json_array_append_new(reset, json_string(config->ports[p].name));
    }
    answer->result = json_pack("{s:o}", "reset", reset);
}

static void control_clock(struct control *control, json_t *params, struct control_answer *answer)
{
    static const char *const allowed[] = {"stop", "resume", "warp_ms", NULL};
    json_t *warp = json_object_get(params, "warp_ms");

    if (!control->options->test_clock) {
        control_fail(answer, JSONRPC_INVALID_REQUEST,
                     "the clock can be changed only when started with --test-clock");
        return;
    }
    if (!control_check_members(params, allowed, answer))
        return;
    if (warp && (!json_is_integer(warp) || json_integer_value(warp) < 0)) {
        control_fail(answer, JSONRPC_INVALID_PARAMS, "warp_ms must be a number >= 0");
        return;
    }
    if (json_is_true(json_object_get(params, "stop")))
        clock_stop();
    if (json_is_true(json_object_get(params, "resume")))
        clock_resume();
    if (warp)
        clock_warp((uint64_t)json_integer_value(warp) * 1000000ull);
    answer->result = json_pack("{s:I, s:b}", "now_ms", (json_int_t)(clock_now_ns() / 1000000ull),
                               "stopped", clock_is_stopped());
}

static void control_config(struct control *control, json_t *params, struct control_answer *answer)
{
    const struct dp_view *view = atomic_load(&control->rt->view);
    if (!control_check_members(params, control_no_members, answer))
        return;
    answer->result = json_pack("{s:I, s:o}", "generation", (json_int_t)view->config->generation,
                               "document", config_to_json(view->config));
}

static void control_ports(struct control *control, json_t *params, struct control_answer *answer)
{
    if (!control_check_members(params, control_no_members, answer))
        return;
    answer->result = json_pack(
        "{s:o}", "ports", control_ports_json(control->rt, atomic_load(&control->rt->view), true));
}

static void control_subscribe(struct control *control, json_t *params,
                              struct control_answer *answer)
{
    (void)control;
    if (!control_check_members(params, control_no_members, answer))
        return;
    answer->result = json_pack("{s:b}", "subscribed", 1); /* rpc_server subscribes the client */
}

/* control_finish: an answer in rpc_server's terms. */
static int control_finish(struct control_answer *answer, json_t **result, int *code, char *message)
{
    if (answer->result != NULL) {
        *result = answer->result;
        return 0;
    }
    *code = answer->error_code;
    snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", answer->error);
    return -1;
}

/* One rpc_server handler per method, each a thin wrapper of control_<method>. */
#define CONTROL_HANDLER(function)                                                                  \
    static int function##_handler(json_t *params, json_t **result, int *code, char *message,       \
                                  void *ctx)                                                       \
    {                                                                                              \
        struct control_answer answer = {.result = NULL, .error_code = 0};                          \
        function(ctx, params, &answer);                                                            \
        return control_finish(&answer, result, code, message);                                     \
    }
CONTROL_HANDLER(control_apply)
CONTROL_HANDLER(control_config)
CONTROL_HANDLER(control_status)
CONTROL_HANDLER(control_ports)
CONTROL_HANDLER(control_counters)
CONTROL_HANDLER(control_mac_table)
CONTROL_HANDLER(control_flush)
CONTROL_HANDLER(control_subscribe)
CONTROL_HANDLER(control_clock)
CONTROL_HANDLER(control_port_protect_reset)
#undef CONTROL_HANDLER

/* in the order of DATAPLANE_FOREACH_METHOD (checked in control_run) */
static const struct rpc_method control_methods[] = {
    {"dataplane.apply", control_apply_handler, false},
    {"dataplane.config", control_config_handler, false},
    {"dataplane.status", control_status_handler, false},
    {"dataplane.ports", control_ports_handler, false},
    {"dataplane.counters", control_counters_handler, false},
    {"dataplane.mac_table", control_mac_table_handler, false},
    {"dataplane.flush", control_flush_handler, false},
    {"dataplane.subscribe", control_subscribe_handler, true},
    {"dataplane.clock", control_clock_handler, false},
    {"dataplane.port_protect_reset", control_port_protect_reset_handler, false},
};

int control_run(struct dp_runtime *rt, const struct control_options *options)
{
    static const char *const names[] = {
#define CONTROL_METHOD_NAME(name, wire, help) wire,
        DATAPLANE_FOREACH_METHOD(CONTROL_METHOD_NAME)
#undef CONTROL_METHOD_NAME
    };
    struct control control = {.rt = rt, .options = options};
    char error[256];

    control.mac_cache = calloc(DP_MAX_VNETS, sizeof(*control.mac_cache));
    if (control.mac_cache == NULL) {
        log_warnx("control: out of memory");
        return -1;
    }
    for (unsigned v = 0; v < DP_MAX_VNETS; v++)
        mac_cache_vnet_init(&control.mac_cache[v]);
    for (unsigned s = 0; s < DP_MAX_PORTS; s++)
        port_protect_pause_init(&control.pause[s]);

    _Static_assert(RTE_DIM(names) == RTE_DIM(control_methods), "a method without a handler");
    for (unsigned i = 0; i < RTE_DIM(names); i++)
        if (strcmp(names[i], control_methods[i].name) != 0)
            fatalx("control: method table out of step with common/methods.h at %s", names[i]);

    struct rpc_server_options server_options = {
        .path = options->socket_path,
        .methods = control_methods,
        .n_methods = RTE_DIM(control_methods),
        .ctx = &control,
        .tick = control_housekeeping,
    };
    control.server = rpc_server_create(&server_options, error, sizeof(error));
    if (control.server == NULL) {
        log_warnx("control socket %s: %s", options->socket_path, error);
        free(control.mac_cache);
        return -1;
    }
    control.started_ns = clock_now_ns();
    log_info("control socket %s ready", options->socket_path);
    int rc = 0;
    while (!atomic_load(&rt->quit)) {
        if (rpc_server_poll(control.server, 100) < 0) {
            log_warn("control: poll");
            rc = -1;
            break;
        }
    }
    rpc_server_destroy(control.server);
    free(control.mac_cache);
    return rc;
}
