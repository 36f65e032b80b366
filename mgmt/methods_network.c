/*
 * methods_network: vc-manager's methods for networks (vNets), shared uplink
 * sets and their uplink ports. docs/manager-protocol.md.
 */
#include <stdio.h>
#include <string.h>

#include "common/jsonrpc.h"
#include "mgmt/manager.h"

static int network_params(json_t *params, struct domain_network *n, int *code, char *message)
{
    static const char *const keys[] = {
        "name",           "uplink_set", "vlan",       "native",  "dedicated_uplink",
        "tunnel",         "private",    "smart_link", "enabled", "preferred_speed_mbps",
        "max_speed_mbps", "mac_limit",  NULL};
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_text(params, "uplink_set", n->uplink_set, sizeof(n->uplink_set), code, message) < 0 ||
        param_uint(params, "vlan", false, &n->vlan, code, message) < 0 ||
        param_bool(params, "native", &n->native, code, message) < 0 ||
        param_text(params, "dedicated_uplink", n->dedicated_uplink, sizeof(n->dedicated_uplink),
                   code, message) < 0 ||
        param_bool(params, "tunnel", &n->tunnel, code, message) < 0 ||
        param_bool(params, "private", &n->private_network, code, message) < 0 ||
        param_bool(params, "smart_link", &n->smart_link, code, message) < 0 ||
        param_bool(params, "enabled", &n->enabled, code, message) < 0 ||
        param_uint(params, "preferred_speed_mbps", false, &n->preferred_speed_mbps, code, message) <
            0 ||
        param_uint(params, "max_speed_mbps", false, &n->max_speed_mbps, code, message) < 0 ||
        param_uint(params, "mac_limit", false, &n->mac_limit, code, message) < 0)
        return -1;
    return 0;
}

HANDLER(NETWORK_ADD)
{
    CHANGE_BEGIN;
    struct domain_network n = {.enabled = true};

    if (param_text(params, "name", n.name, sizeof(n.name), code, message) < 0 ||
        network_params(params, &n, code, message) < 0)
        return -1;
    if (n.name[0] == '\0')
        return param_error(code, message, "missing parameter \"%s\"", "name");
    int rc = ops_network_add(&m->st, &n, error, sizeof(error));
    return manager_finish(m, "network.add", &before, rc, error, result, code, message);
}

HANDLER(NETWORK_SET)
{
    CHANGE_BEGIN;
    const char *name = NULL;

    if (param_string(params, "name", true, &name, code, message) < 0)
        return -1;
    struct domain_network *cur = domain_find_network(m->st.domain, name);
    if (cur == NULL) {
        *code = JSONRPC_NOT_FOUND;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "network %s does not exist", name);
        return -1;
    }
    struct domain_network n = *cur;
    if (network_params(params, &n, code, message) < 0)
        return -1;
    int rc = ops_network_set(&m->st, &n, error, sizeof(error));
    return manager_finish(m, "network.set", &before, rc, error, result, code, message);
}

HANDLER(NETWORK_REMOVE)
{
    return manager_change_named(ctx, params, "name", ops_network_remove, "network.remove", result,
                                code, message);
}

HANDLER(NETWORK_SHOW)
{
    struct manager *m = ctx;
    const char *name = NULL;
    json_t *list = json_array();

    if (param_string(params, "name", false, &name, code, message) < 0) {
        json_decref(list);
        return -1;
    }
    for (unsigned i = 0; i < m->st.domain->n_networks; i++) {
        struct domain_network *n = &m->st.domain->networks[i];
        if (name != NULL && strcmp(name, n->name) != 0)
            continue;
        json_array_append_new(
            list,
            json_pack("{s:s, s:s, s:i, s:b, s:s, s:b, s:b, s:b, s:b, s:i, s:i, s:i, s:i}", "name",
                      n->name, "uplink_set", n->uplink_set, "vlan", (int)n->vlan, "native",
                      n->native, "dedicated_uplink", n->dedicated_uplink, "tunnel", n->tunnel,
                      "private", n->private_network, "smart_link", n->smart_link, "enabled",
                      n->enabled, "preferred_speed_mbps", (int)n->preferred_speed_mbps,
                      "max_speed_mbps", (int)n->max_speed_mbps, "mac_limit", (int)n->mac_limit,
                      "number", (int)n->number));
    }
    if (name != NULL && json_array_size(list) == 0) {
        json_decref(list);
        *code = JSONRPC_NOT_FOUND;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "network %s does not exist", name);
        return -1;
    }
    *result = json_pack("{s:o}", "networks", list);
    return 0;
}

HANDLER(UPLINKSET_ADD)
{
    static const char *const keys[] = {"name", "mode", NULL};
    CHANGE_BEGIN;
    const char *name = NULL, *mode = "failover";

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "name", true, &name, code, message) < 0 ||
        param_string(params, "mode", false, &mode, code, message) < 0)
        return -1;
    if (strcmp(mode, "failover") != 0 && strcmp(mode, "auto") != 0)
        return param_error(code, message, "mode \"%s\" is not failover or auto", mode);
    int rc = ops_uplinkset_add(
        &m->st, name, strcmp(mode, "auto") == 0 ? DOMAIN_UPLINK_AUTO : DOMAIN_UPLINK_FAILOVER,
        error, sizeof(error));
    return manager_finish(m, "uplinkset.add", &before, rc, error, result, code, message);
}

HANDLER(UPLINKSET_REMOVE)
{
    return manager_change_named(ctx, params, "name", ops_uplinkset_remove, "uplinkset.remove",
                                result, code, message);
}

HANDLER(UPLINKSET_SHOW)
{
    struct manager *m = ctx;
    struct domain *d = m->st.domain;
    json_t *sets = json_array(), *ports = json_array();

    (void)params, (void)code, (void)message;
    for (unsigned i = 0; i < d->n_uplink_sets; i++) {
        json_t *members = json_array();
        for (unsigned p = 0; p < d->n_uplink_ports; p++)
            if (strcmp(d->uplink_ports[p].uplink_set, d->uplink_sets[i].name) == 0)
                json_array_append_new(members, json_string(d->uplink_ports[p].id));
        json_array_append_new(
            sets, json_pack("{s:s, s:s, s:o}", "name", d->uplink_sets[i].name, "mode",
                            d->uplink_sets[i].mode == DOMAIN_UPLINK_AUTO ? "auto" : "failover",
                            "ports", members));
    }
    for (unsigned p = 0; p < d->n_uplink_ports; p++)
        json_array_append_new(ports, json_pack("{s:s, s:s, s:s, s:i}", "id", d->uplink_ports[p].id,
                                               "port", d->uplink_ports[p].port, "uplink_set",
                                               d->uplink_ports[p].uplink_set, "speed_mbps",
                                               (int)d->uplink_ports[p].speed_mbps));
    *result = json_pack("{s:o, s:o}", "uplink_sets", sets, "uplink_ports", ports);
    return 0;
}

HANDLER(UPLINKPORT_ADD)
{
    static const char *const keys[] = {"port", "uplink_set", NULL};
    CHANGE_BEGIN;
    const char *port = NULL, *set = NULL;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "port", true, &port, code, message) < 0 ||
        param_string(params, "uplink_set", true, &set, code, message) < 0)
        return -1;
    int rc = ops_uplinkport_add(&m->st, port, set, error, sizeof(error));
    return manager_finish(m, "uplinkport.add", &before, rc, error, result, code, message);
}

HANDLER(UPLINKPORT_REMOVE)
{
    return manager_change_named(ctx, params, "port", ops_uplinkport_remove, "uplinkport.remove",
                                result, code, message);
}
