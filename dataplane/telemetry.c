/*
 * telemetry: DPDK telemetry commands over the dataplane's counters.
 *
 * The callbacks run in DPDK's telemetry thread, which is not an RCU
 * reader: they hold the runtime's view lock so the view they read cannot
 * be freed under them.
 */
#include "dataplane/telemetry.h"

#include <stdio.h>
#include <string.h>

#include <rte_telemetry.h>

static struct dp_runtime *telemetry_runtime;

static void telemetry_add_traffic(struct rte_tel_data *d, const struct dp_traffic_counters *c)
{
    rte_tel_data_add_dict_u64(d, "rx_packets", c->rx_packets);
    rte_tel_data_add_dict_u64(d, "rx_bytes", c->rx_bytes);
    rte_tel_data_add_dict_u64(d, "tx_packets", c->tx_packets);
    rte_tel_data_add_dict_u64(d, "tx_bytes", c->tx_bytes);
}

/* /openvc/ports[,NAME]: without a parameter the list of port names; with
 * one, that port's counters. */
static int telemetry_ports(const char *cmd, const char *params, struct rte_tel_data *d)
{
    struct dp_runtime *rt = telemetry_runtime;
    int rc = 0;
    (void)cmd;

    runtime_lock_view(rt);
    const struct dp_view *view = atomic_load(&rt->view);
    const struct dp_config *config = view->config;
    if (params == NULL || params[0] == '\0') {
        rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
        for (unsigned p = 0; p < config->n_ports; p++)
            rte_tel_data_add_array_string(d, config->ports[p].name);
    } else {
        int port = config_find_port(config, params);
        if (port < 0) {
            rc = -1;
        } else {
            unsigned slot = view->slot_of_port[port];
            struct dp_traffic_counters traffic;
            runtime_sum_port(rt, slot, &traffic);
            rte_tel_data_start_dict(d);
            rte_tel_data_add_dict_string(d, "name", config->ports[port].name);
            rte_tel_data_add_dict_string(d, "link",
                                         atomic_load(&rt->slots[slot].link_up) ? "up" : "down");
            telemetry_add_traffic(d, &traffic);
            rte_tel_data_add_dict_u64(d, "drops", runtime_sum_port_drops(rt, slot));
        }
    }
    runtime_unlock_view(rt);
    return rc;
}

/* /openvc/flexnics: rx/tx packets per FlexNIC, "d1-a.rx_packets" etc. */
static int telemetry_flexnics(const char *cmd, const char *params, struct rte_tel_data *d)
{
    struct dp_runtime *rt = telemetry_runtime;
    (void)cmd;
    (void)params;

    runtime_lock_view(rt);
    const struct dp_view *view = atomic_load(&rt->view);
    const struct dp_config *config = view->config;
    rte_tel_data_start_dict(d);
    for (unsigned p = 0; p < config->n_ports; p++) {
        for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
            if (!config->ports[p].flexnics[f].defined)
                continue;
            struct dp_traffic_counters traffic;
            char key[RTE_TEL_MAX_STRING_LEN];
            runtime_sum_flexnic(rt, view->slot_of_port[p], f, &traffic);
            snprintf(key, sizeof(key), "%s-%c.rx_packets", config->ports[p].name,
                     config_flexnic_letter(f));
            rte_tel_data_add_dict_u64(d, key, traffic.rx_packets);
            snprintf(key, sizeof(key), "%s-%c.tx_packets", config->ports[p].name,
                     config_flexnic_letter(f));
            rte_tel_data_add_dict_u64(d, key, traffic.tx_packets);
        }
    }
    runtime_unlock_view(rt);
    return 0;
}

/* /openvc/vnets: rx/tx packets per vNet, "Prod101.rx_packets" etc. */
static int telemetry_vnets(const char *cmd, const char *params, struct rte_tel_data *d)
{
    struct dp_runtime *rt = telemetry_runtime;
    (void)cmd;
    (void)params;

    runtime_lock_view(rt);
    const struct dp_config *config = atomic_load(&rt->view)->config;
    rte_tel_data_start_dict(d);
    for (unsigned v = 0; v < DP_MAX_VNETS; v++) {
        if (!config->vnets[v].defined)
            continue;
        struct dp_traffic_counters traffic;
        char key[RTE_TEL_MAX_STRING_LEN];
        runtime_sum_vnet(rt, v, &traffic);
        snprintf(key, sizeof(key), "%s.rx_packets", config->vnets[v].name);
        rte_tel_data_add_dict_u64(d, key, traffic.rx_packets);
        snprintf(key, sizeof(key), "%s.tx_packets", config->vnets[v].name);
        rte_tel_data_add_dict_u64(d, key, traffic.tx_packets);
    }
    runtime_unlock_view(rt);
    return 0;
}

/* /openvc/drops: one counter per drop reason. */
static int telemetry_drops(const char *cmd, const char *params, struct rte_tel_data *d)
{
    (void)cmd;
    (void)params;
    rte_tel_data_start_dict(d);
    for (unsigned r = 1; r < DP_DROP_COUNT; r++)
        rte_tel_data_add_dict_u64(d, counters_drop_name(r),
                                  runtime_sum_drop(telemetry_runtime, r));
    return 0;
}

/* /openvc/status: generation, MAC table use, workers. */
static int telemetry_status(const char *cmd, const char *params, struct rte_tel_data *d)
{
    struct dp_runtime *rt = telemetry_runtime;
    (void)cmd;
    (void)params;

    runtime_lock_view(rt);
    rte_tel_data_start_dict(d);
    rte_tel_data_add_dict_u64(d, "generation", atomic_load(&rt->view)->config->generation);
    rte_tel_data_add_dict_u64(d, "mac_count", fdb_count(rt->fdb));
    rte_tel_data_add_dict_u64(d, "mac_capacity", fdb_capacity(rt->fdb));
    rte_tel_data_add_dict_u64(d, "workers", rt->n_workers);
    runtime_unlock_view(rt);
    return 0;
}

int telemetry_register(struct dp_runtime *rt)
{
    telemetry_runtime = rt;
    if (rte_telemetry_register_cmd("/openvc/ports", telemetry_ports,
                                   "Port names; with a name: its counters. Parameters: port name") ||
        rte_telemetry_register_cmd("/openvc/flexnics", telemetry_flexnics,
                                   "Packets per FlexNIC. Takes no parameters") ||
        rte_telemetry_register_cmd("/openvc/vnets", telemetry_vnets,
                                   "Packets per vNet. Takes no parameters") ||
        rte_telemetry_register_cmd("/openvc/drops", telemetry_drops,
                                   "Drops per reason. Takes no parameters") ||
        rte_telemetry_register_cmd("/openvc/status", telemetry_status,
                                   "Generation, MAC table use, workers. Takes no parameters"))
        return -1;
    return 0;
}
