/*
 * apply: turn a validated configuration snapshot into the running state
 * without stopping forwarding.
 *
 * Order: open the ports that are new (a failure undoes the opened ones and
 * refuses the document), build the new view aside, configure the egress
 * schedulers, publish the view by pointer swap, wait until every worker has
 * passed a quiescent state, then free the old view, close the ports that
 * went away and forget the MACs of vNets and ports that no longer exist.
 * MACs of vNets that still exist (same name) are never touched.
 */
#include "dataplane/apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>

#include "common/log.h"
#include "dataplane/port.h"

static int apply_find_slot(const struct dp_runtime *rt, const char *name)
{
    for (unsigned s = 0; s < DP_MAX_PORTS; s++)
        if (rt->slots[s].in_use && strcmp(rt->slots[s].name, name) == 0)
            return (int)s;
    return -1;
}

static int apply_free_slot(const struct dp_runtime *rt, const bool *taken)
{
    for (unsigned s = 0; s < DP_MAX_PORTS; s++)
        if (!rt->slots[s].in_use && !taken[s])
            return (int)s;
    return -1;
}

/* apply_flexnic_vnets_equal: does the FlexNIC carry the same vNets the same way? */
static bool apply_flexnic_same(const struct dp_flexnic_config *a, const struct dp_flexnic_config *b)
{
    if (a->defined != b->defined || a->vnet != b->vnet || a->untagged_vnet != b->untagged_vnet)
        return false;
    if ((a->vlan_to_vnet == NULL) != (b->vlan_to_vnet == NULL))
        return false;
    if (a->vlan_to_vnet != NULL &&
        memcmp(a->vlan_to_vnet, b->vlan_to_vnet, sizeof(uint16_t) * DP_VLAN_COUNT) != 0)
        return false;
    return true;
}

static bool apply_port_membership_same(const struct dp_port_config *a,
                                       const struct dp_port_config *b)
{
    if (a->role != b->role || a->partitioned != b->partitioned ||
        a->uplink_set != b->uplink_set || a->dedicated_vnet != b->dedicated_vnet)
        return false;
    for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++)
        if (!apply_flexnic_same(&a->flexnics[f], &b->flexnics[f]))
            return false;
    return true;
}

/* apply_bandwidth_same: same link speed and FlexNIC minima and maxima? */
static bool apply_bandwidth_same(const struct dp_port_config *a, const struct dp_port_config *b)
{
    if (a->speed_mbps != b->speed_mbps || a->role != b->role)
        return false;
    for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++)
        if (a->flexnics[f].defined != b->flexnics[f].defined ||
            a->flexnics[f].min_bps != b->flexnics[f].min_bps ||
            a->flexnics[f].max_bps != b->flexnics[f].max_bps)
            return false;
    return true;
}

/* apply_egress_template: the Flex-10 min/max scheduler of a server port, as
 * the view's template the workers start from. */
static int apply_egress_template(struct dp_runtime *rt, const struct dp_port_config *port,
                                 struct egress_scheduler *scheduler, char *error,
                                 size_t error_size)
{
    uint64_t min_bps[DP_FLEXNICS_PER_PORT] = {0}, max_bps[DP_FLEXNICS_PER_PORT] = {0};
    uint64_t link_bps = (uint64_t)port->speed_mbps * 1000000ull;

    for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
        if (!port->flexnics[f].defined)
            continue;
        min_bps[f] = port->flexnics[f].min_bps;
        max_bps[f] = port->flexnics[f].max_bps ? port->flexnics[f].max_bps : link_bps;
    }
    if (egress_scheduler_configure(scheduler, link_bps, min_bps, max_bps, rt->tsc_hz,
                                   rte_rdtsc()) != 0) {
        snprintf(error, error_size,
                 "ports: %s: bandwidth minima and maxima refused by the egress scheduler",
                 port->name);
        return -1;
    }
    return 0;
}

int apply_config(struct dp_runtime *rt, struct dp_config *config, char *error, size_t error_size)
{
    struct dp_view *old_view = atomic_load(&rt->view);
    const struct dp_config *old = old_view ? old_view->config : NULL;
    struct dp_view *view = calloc(1, sizeof(*view));
    bool taken[DP_MAX_PORTS] = {false};
    bool opened[DP_MAX_PORTS] = {false};
    static uint64_t meter_generation;

    if (view == NULL) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    view->config = config;
    memset(view->slot_of_port, DP_SLOT_NONE, sizeof(view->slot_of_port));
    memset(view->port_of_slot, DP_PORT_NONE, sizeof(view->port_of_slot));

    /* 1. a slot for every port: same name and device keeps its slot */
    for (unsigned p = 0; p < config->n_ports; p++) {
        const struct dp_port_config *port = &config->ports[p];
        int slot = apply_find_slot(rt, port->name);
        if (slot >= 0 && strcmp(rt->slots[slot].device, port->device) != 0)
            slot = -1; /* device changed: the old slot closes, a new one opens */
        if (slot < 0) {
            slot = apply_free_slot(rt, taken);
            if (slot < 0 || port_open(&rt->slots[slot], port->device, rt->n_workers, rt->pool,
                                      error, error_size) != 0) {
                char reason[512];
                snprintf(reason, sizeof(reason), "%s", slot < 0 ? "no free port slot" : error);
                snprintf(error, error_size, "ports[%u].device: %s", p, reason);
                goto undo;
            }
            opened[slot] = true;
            snprintf(rt->slots[slot].name, sizeof(rt->slots[slot].name), "%s", port->name);
        }
        taken[slot] = true;
        view->slot_of_port[p] = (uint8_t)slot;
        view->port_of_slot[slot] = (uint8_t)p;
    }

    /* 2. egress schedulers and ingress meters of server ports */
    for (unsigned p = 0; p < config->n_ports; p++) {
        const struct dp_port_config *port = &config->ports[p];
        unsigned slot = view->slot_of_port[p];
        if (port->role != DP_PORT_DOWNLINK)
            continue;
        /* a scheduler restarts (buckets full again) only when its port's
         * bandwidth changed or the port is new */
        int old_index = old ? config_find_port(old, port->name) : -1;
        if (!opened[slot] && old_index >= 0 && old_view->egress_generation[slot] != 0 &&
            apply_bandwidth_same(&old->ports[old_index], port)) {
            view->egress_template[slot] = old_view->egress_template[slot];
            view->egress_generation[slot] = old_view->egress_generation[slot];
        } else {
            if (apply_egress_template(rt, port, &view->egress_template[slot], error,
                                      error_size) != 0)
                goto undo;
            view->egress_generation[slot] = ++meter_generation;
        }
        for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
            const struct dp_flexnic_config *flexnic = &port->flexnics[f];
            uint64_t rate = flexnic->max_bps;
            if (!flexnic->defined || rate == 0)
                continue;
            if (token_bucket_profile_init(&view->ingress_profile[slot][f], rate,
                                          token_bucket_default_burst_bytes(rate),
                                          rt->tsc_hz) != 0) {
                snprintf(error, error_size, "flexnics: %s-%c: maximum %llu b/s refused",
                         port->name, config_flexnic_letter(f), (unsigned long long)rate);
                goto undo;
            }
            /* a bucket restarts only when its rate changed (a port that
             * was not opened now kept its slot) */
            if (!opened[slot] && old_index >= 0 &&
                old->ports[old_index].flexnics[f].max_bps == rate &&
                old_view->ingress_generation[slot][f] != 0)
                view->ingress_generation[slot][f] = old_view->ingress_generation[slot][f];
            else
                view->ingress_generation[slot][f] = ++meter_generation;
        }
    }

    /* 3. which worker polls which port: round robin over the slots in use */
    unsigned next_worker = 0;
    for (unsigned s = 0; s < DP_MAX_PORTS; s++) {
        if (view->port_of_slot[s] == DP_PORT_NONE)
            continue;
        unsigned w = next_worker++ % rt->n_workers;
        view->rx_slots[w][view->n_rx_slots[w]++] = (uint8_t)s;
        rt->slots[s].rx_worker = (int)w;
    }
    for (unsigned s = 0; s < DP_MAX_PORTS; s++)
        if (taken[s])
            rt->slots[s].in_use = true;

    /* counters of vNet ids that now carry another name start from zero */
    for (unsigned v = 0; v < DP_MAX_VNETS; v++) {
        if (!config->vnets[v].defined)
            continue;
        if (old && old->vnets[v].defined && strcmp(old->vnets[v].name, config->vnets[v].name) == 0)
            continue;
        struct dp_traffic_counters raw = {0};
        for (unsigned w = 0; w < rt->n_workers; w++) {
            raw.rx_packets += rt->counters[w].vnet[v].rx_packets;
            raw.rx_bytes += rt->counters[w].vnet[v].rx_bytes;
            raw.tx_packets += rt->counters[w].vnet[v].tx_packets;
            raw.tx_bytes += rt->counters[w].vnet[v].tx_bytes;
        }
        rt->vnet_base[v] = raw;
    }

    /* 4. publish, then wait for every worker to drop the old view */
    runtime_lock_view(rt);
    atomic_store_explicit(&rt->view, view, memory_order_release);
    rte_rcu_qsbr_synchronize(rt->rcu, RTE_QSBR_THRID_INVALID);
    runtime_unlock_view(rt);

    /* 5. forget what no longer exists */
    if (old_view) {
        for (unsigned s = 0; s < DP_MAX_PORTS; s++) {
            unsigned old_port = old_view->port_of_slot[s];
            if (old_port == DP_PORT_NONE)
                continue;
            if (!taken[s]) {
                fdb_flush_port(rt->fdb, (uint8_t)s);
                port_close(&rt->slots[s]);
                memset(&rt->slots[s], 0, sizeof(rt->slots[s]));
                rt->slots[s].rx_worker = -1;
                continue;
            }
            unsigned new_port = view->port_of_slot[s];
            if (!apply_port_membership_same(&old->ports[old_port], &config->ports[new_port]))
                fdb_flush_port(rt->fdb, (uint8_t)s);
        }
        for (unsigned v = 0; v < DP_MAX_VNETS; v++) {
            if (!old->vnets[v].defined)
                continue;
            bool same = config->vnets[v].defined &&
                        strcmp(old->vnets[v].name, config->vnets[v].name) == 0;
            /* statics of the old generation go; the new ones are added below */
            for (uint16_t i = 0; i < old->vnets[v].n_static_macs; i++)
                fdb_remove(rt->fdb, (uint16_t)v, old->vnets[v].static_macs[i].mac);
            if (!same)
                fdb_flush_vnet(rt->fdb, (uint16_t)v);
        }
        config_free(old_view->config);
        free(old_view);
    }
    for (unsigned v = 0; v < DP_MAX_VNETS; v++) {
        const struct dp_vnet_config *vnet = &config->vnets[v];
        for (uint16_t i = 0; vnet->defined && i < vnet->n_static_macs; i++) {
            const struct dp_static_mac *entry = &vnet->static_macs[i];
            if (fdb_add_static(rt->fdb, (uint16_t)v, entry->mac,
                               view->slot_of_port[entry->port], entry->flexnic) != 0)
                log_warnx("vNet %s: static MAC could not be added (MAC table full)",
                          vnet->name);
        }
    }
    return 0;

undo:
    for (unsigned s = 0; s < DP_MAX_PORTS; s++) {
        if (opened[s]) {
            port_close(&rt->slots[s]);
            memset(&rt->slots[s], 0, sizeof(rt->slots[s]));
            rt->slots[s].rx_worker = -1;
        }
    }
    free(view);
    return -1;
}
