/*
 * methods_profile: vc-manager's methods for server profiles, their Ethernet
 * connections (with server-port-maps: multiple networks on one
 * connection), and the servers (device bays) they are assigned to, with
 * their power.
 * docs/manager-protocol.md.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/jsonrpc.h"
#include "common/log.h"
#include "mgmt/manager.h"
#include "profiles/plan.h"
#include "profiles/store.h"

HANDLER(PROFILE_ADD)
{
    static const char *const keys[] = {"name", "connections", "networks", "serial", "uuid", NULL};
    CHANGE_BEGIN;
    const char *name = NULL, *networks[DOMAIN_MAX_ENET] = {NULL}, *serial = NULL, *uuid = NULL;
    unsigned n = 0;
    json_t *list = json_object_get(params, "networks");

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "name", true, &name, code, message) < 0)
        return -1;
    if (list != NULL) {
        if (!json_is_array(list) || json_array_size(list) > DOMAIN_MAX_ENET)
            return param_error(code, message,
                               "parameter \"%s\" must be an array of at most 8 "
                               "network names (\"\" = unassigned)",
                               "networks");
        n = (unsigned)json_array_size(list);
        for (unsigned i = 0; i < n; i++) {
            json_t *v = json_array_get(list, i);
            if (!json_is_string(v))
                return param_error(code, message, "parameter \"%s\" must hold strings", "networks");
            networks[i] = json_string_value(v);
        }
    }
    if (param_uint(params, "connections", false, &n, code, message) < 0 ||
        param_string(params, "serial", false, &serial, code, message) < 0 ||
        param_string(params, "uuid", false, &uuid, code, message) < 0)
        return -1;
    if (list != NULL && n < json_array_size(list))
        return param_error(code, message, "parameter \"%s\" is below the networks given",
                           "connections");
    int rc =
        ops_profile_add_identity(&m->st, name, n, networks, serial, uuid, error, sizeof(error));
    return manager_finish(m, "profile.add", &before, rc, error, result, code, message);
}

HANDLER(PROFILE_REMOVE)
{
    return manager_change_named(ctx, params, "name", ops_profile_remove, "profile.remove", result,
                                code, message);
}

/* profile_json: a profile as profile.show reports it. */
static json_t *profile_json(struct domain *d, const struct domain_profile *p)
{
    json_t *conns = json_array();
    struct domain_bay *bay = domain_find_bay(d, p->enclosure, p->bay);

    for (unsigned i = 0; i < p->n_enet; i++) {
        const struct domain_enet_connection *c = &p->enet[i];
        char port[PLAN_PORT_NAME_MAX] = "";
        unsigned lom, flexnic;
        uint64_t mac = c->mac;
        plan_connection_port_name(p, i + 1, port, sizeof(port));
        if (c->mac_source == DOMAIN_ADDRESS_FACTORY && bay != NULL && bay->blade.present &&
            plan_connection_port(p, i + 1, &lom, &flexnic) == 0)
            mac = bay->blade.factory_mac[(lom - 1) * 4 + flexnic];
        json_t *map = json_array();
        for (unsigned k = 0; k < c->n_port_map; k++)
            json_array_append_new(
                map, json_pack("{s:s, s:i, s:b}", "network", c->port_map[k].network, "vlan",
                               (int)c->port_map[k].vlan, "untagged", c->port_map[k].untagged));
        json_array_append_new(
            conns,
            json_pack(
                "{s:i, s:s, s:o, s:s, s:o, s:o, s:s, s:s, s:i, s:s}", "index", (int)c->index,
                "network", c->network, "port_map", map, "port", port, "mac",
                manager_address_json(POOL_KIND_MAC, mac), "iscsi_mac",
                manager_address_json(POOL_KIND_MAC, c->iscsi_mac), "mac_source",
                manager_source_name(c->mac_source), "speed_type",
                manager_speed_names[c->speed_type <= DOMAIN_SPEED_DISABLED ? c->speed_type : 0],
                "speed_mbps", (int)c->speed_mbps, "pxe",
                manager_pxe_names[c->pxe <= DOMAIN_PXE_DISABLED ? c->pxe : 0]));
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "name", p->name, "serial",
                          p->serial, "uuid", p->uuid, "enclosure", p->enclosure, "enet_connections",
                          conns, "fcoe_connections", manager_fc_json(p, bay, true),
                          "fc_connections", manager_fc_json(p, bay, false));
    json_object_set_new(o, "bay", p->bay ? json_integer(p->bay) : json_null());
    json_object_set_new(o, "number", json_integer(p->number));
    return o;
}

HANDLER(PROFILE_SHOW)
{
    struct manager *m = ctx;
    const char *name = NULL;

    if (param_string(params, "name", false, &name, code, message) < 0)
        return -1;
    if (name != NULL && domain_find_profile(m->st.domain, name) == NULL) {
        *code = JSONRPC_NOT_FOUND;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "profile %s does not exist", name);
        return -1;
    }
    json_t *list = json_array();
    for (unsigned i = 0; i < m->st.domain->n_profiles; i++)
        if (name == NULL || strcmp(name, m->st.domain->profiles[i].name) == 0)
            json_array_append_new(list, profile_json(m->st.domain, &m->st.domain->profiles[i]));
    *result = json_pack("{s:o}", "profiles", list);
    return 0;
}

HANDLER(PROFILE_ASSIGN)
{
    static const char *const keys[] = {"name", "enclosure", "bay", NULL};
    CHANGE_BEGIN;
    const char *name = NULL, *enclosure = MANAGER_ENCLOSURE;
    unsigned bay = 0;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "name", true, &name, code, message) < 0 ||
        param_string(params, "enclosure", false, &enclosure, code, message) < 0 ||
        param_uint(params, "bay", true, &bay, code, message) < 0)
        return -1;
    int rc = ops_profile_assign(&m->st, name, enclosure, bay, error, sizeof(error));
    return manager_finish(m, "profile.assign", &before, rc, error, result, code, message);
}

HANDLER(PROFILE_UNASSIGN)
{
    return manager_change_named(ctx, params, "name", ops_profile_unassign, "profile.unassign",
                                result, code, message);
}

/* enet_params: the optional speed_type, speed_mbps and pxe of an
 * enet_connection.add/set request into *c. 0 or -1 (code/message set). */
static int enet_params(json_t *params, struct domain_enet_connection *c, int *code, char *message)
{
    const char *pxe = NULL;

    if (param_speed_type(params, &c->speed_type, code, message) < 0 ||
        param_uint(params, "speed_mbps", false, &c->speed_mbps, code, message) < 0 ||
        param_string(params, "pxe", false, &pxe, code, message) < 0)
        return -1;
    if (pxe != NULL) {
        int i = manager_name_index(manager_pxe_names, 3, pxe);
        if (i < 0)
            return param_error(code, message, "pxe \"%s\" is not use_bios, enabled or disabled",
                               pxe);
        c->pxe = (enum domain_pxe)i;
    }
    return 0;
}

/* enet_mac: the MAC text params[key] into *mac (absent: untouched). */
static int enet_mac(json_t *params, const char *key, uint64_t *mac, int *code, char *message)
{
    const char *text = NULL;

    if (param_string(params, key, false, &text, code, message) < 0)
        return -1;
    if (text != NULL && pool_parse_address(POOL_KIND_MAC, text, mac) < 0)
        return param_error(code, message, "%s is not a MAC address (02:56:43:00:00:00)", key);
    return 0;
}

HANDLER(ENET_ADD)
{
    static const char *const keys[] = {"profile",    "network", "speed_type", "speed_mbps", "pxe",
                                       "mac_source", "mac",     "iscsi_mac",  NULL};
    CHANGE_BEGIN;
    const char *profile = NULL;
    struct domain_enet_connection c = {.speed_type = DOMAIN_SPEED_PREFERRED,
                                       .pxe = DOMAIN_PXE_USE_BIOS};
    unsigned index = 0;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "profile", true, &profile, code, message) < 0 ||
        param_text(params, "network", c.network, sizeof(c.network), code, message) < 0 ||
        param_address_source(params, "mac_source", m->st.domain->pools.mac_source, &c.mac_source,
                             code, message) < 0 ||
        enet_params(params, &c, code, message) < 0 ||
        enet_mac(params, "mac", &c.mac, code, message) < 0 ||
        enet_mac(params, "iscsi_mac", &c.iscsi_mac, code, message) < 0)
        return -1;
    int rc = ops_enet_add_connection(&m->st, profile, &c, &index, error, sizeof(error));
    rc = manager_finish(m, "enet_connection.add", &before, rc, error, result, code, message);
    if (rc == 0)
        json_object_set_new(*result, "index", json_integer(index));
    return rc;
}

HANDLER(ENET_SET)
{
    static const char *const keys[] = {"profile",    "index", "network", "speed_type",
                                       "speed_mbps", "pxe",   NULL};
    CHANGE_BEGIN;
    const char *profile = NULL;
    unsigned index = 0;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "profile", true, &profile, code, message) < 0 ||
        param_uint(params, "index", true, &index, code, message) < 0)
        return -1;
    struct domain_profile *p = domain_find_profile(m->st.domain, profile);
    if (p == NULL || index < 1 || index > p->n_enet) {
        *code = JSONRPC_NOT_FOUND;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "profile %s has no connection %u", profile,
                 index);
        return -1;
    }
    struct domain_enet_connection c = p->enet[index - 1];
    if (param_text(params, "network", c.network, sizeof(c.network), code, message) < 0 ||
        enet_params(params, &c, code, message) < 0)
        return -1;
    int rc = ops_enet_set(&m->st, profile, &c, error, sizeof(error));
    return manager_finish(m, "enet_connection.set", &before, rc, error, result, code, message);
}

HANDLER(ENET_REMOVE)
{
    return manager_change_named(ctx, params, "profile", ops_enet_remove, "enet_connection.remove",
                                result, code, message);
}

HANDLER(PORT_MAP_ADD)
{
    static const char *const keys[] = {"profile", "index", "network", "vlan", "untagged", NULL};
    CHANGE_BEGIN;
    const char *profile = NULL, *network = NULL;
    unsigned index = 0;
    struct domain_port_map_entry entry = {.untagged = false};

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "profile", true, &profile, code, message) < 0 ||
        param_uint(params, "index", true, &index, code, message) < 0 ||
        param_string(params, "network", true, &network, code, message) < 0 ||
        param_text(params, "network", entry.network, sizeof(entry.network), code, message) < 0 ||
        param_uint(params, "vlan", true, &entry.vlan, code, message) < 0 ||
        param_bool(params, "untagged", &entry.untagged, code, message) < 0)
        return -1;
    int rc = ops_port_map_add(&m->st, profile, index, &entry, error, sizeof(error));
    return manager_finish(m, "server_port_map.add", &before, rc, error, result, code, message);
}

HANDLER(PORT_MAP_REMOVE)
{
    static const char *const keys[] = {"profile", "index", "network", NULL};
    CHANGE_BEGIN;
    const char *profile = NULL, *network = NULL;
    unsigned index = 0;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "profile", true, &profile, code, message) < 0 ||
        param_uint(params, "index", true, &index, code, message) < 0 ||
        param_string(params, "network", true, &network, code, message) < 0)
        return -1;
    int rc = ops_port_map_remove(&m->st, profile, index, network, error, sizeof(error));
    return manager_finish(m, "server_port_map.remove", &before, rc, error, result, code, message);
}

HANDLER(SERVER_POWER)
{
    static const char *const keys[] = {"enclosure", "bay", "power", NULL};
    struct manager *m = ctx;
    const char *enclosure = MANAGER_ENCLOSURE, *power = NULL;
    char error[RPC_SERVER_MESSAGE_MAX] = "", line[RPC_SERVER_MESSAGE_MAX + 16];
    unsigned bay = 0;
    bool on;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "enclosure", false, &enclosure, code, message) < 0 ||
        param_uint(params, "bay", true, &bay, code, message) < 0 ||
        param_string(params, "power", true, &power, code, message) < 0)
        return -1;
    if (strcmp(power, "on") != 0 && strcmp(power, "off") != 0)
        return param_error(code, message, "power \"%s\" is not on or off", power);
    on = strcmp(power, "on") == 0;
    int rc = -ENOENT;
    if (ops_find_bay(m->st.domain, enclosure, bay, error, sizeof(error)) != NULL)
        rc = m->oa->power_set(m->oa, enclosure, bay, on, error, sizeof(error));
    if (rc < 0) {
        *code = rc == -ENODEV || rc == -ENOENT ? JSONRPC_NOT_FOUND : JSONRPC_INTERNAL_ERROR;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        snprintf(line, sizeof(line), "ERROR: %s", error);
    } else {
        snprintf(line, sizeof(line), "SUCCESS");
    }
    log_info("server.power %s:%u %s: %s", enclosure, bay, power, line);
    if (!m->audit_by_cli)
        store_audit(m->st.store, "rpc", "vc-manager", "server.power", line, NULL, 0);
    if (rc < 0)
        return -1;
    *result =
        json_pack("{s:s, s:i, s:b}", "enclosure", enclosure, "bay", (int)bay, "powered_on", on);
    return 0;
}

HANDLER(SERVER_SHOW)
{
    static const char *const keys[] = {"enclosure", "bay", NULL};
    struct manager *m = ctx;
    struct domain *d = m->st.domain;
    const char *only_enclosure = NULL;
    unsigned only = 0;
    json_t *list;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "enclosure", false, &only_enclosure, code, message) < 0 ||
        param_uint(params, "bay", false, &only, code, message) < 0)
        return -1;
    if (only != 0 && only_enclosure == NULL)
        only_enclosure = MANAGER_ENCLOSURE; /* a bay alone is one of enc0, as before */
    if (only_enclosure != NULL) {
        char error[RPC_SERVER_MESSAGE_MAX];
        if (ops_find_bay(d, only_enclosure, only != 0 ? only : 1, error, sizeof(error)) == NULL) {
            *code = JSONRPC_NOT_FOUND;
            snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
            return -1;
        }
    }
    list = json_array();
    for (unsigned e = 0; e < d->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++) {
        const char *id = d->enclosures[e].id;
        if (!d->enclosures[e].imported ||
            (only_enclosure != NULL && strcmp(only_enclosure, id) != 0))
            continue;
        for (unsigned b = 1; b <= DOMAIN_BAYS; b++) {
            struct domain_bay *bay = &d->enclosures[e].bays[b - 1];
            struct oa_blade_info info = {0};
            if (only != 0 && only != b)
                continue;
            if (m->oa->bay_info(m->oa, id, b, &info, NULL, 0) < 0)
                info.present = bay->blade.present, info.powered_on = bay->blade.powered_on;
            json_array_append_new(
                list,
                json_pack("{s:s, s:i, s:b, s:b, s:s, s:s, s:s, s:s, s:o}", "enclosure", id, "bay",
                          (int)b, "present", info.present, "powered_on", info.powered_on, "model",
                          bay->blade.model, "serial", bay->blade.factory_serial, "uuid",
                          bay->blade.factory_uuid, "profile", bay->profile, "factory_mac",
                          manager_address_json(POOL_KIND_MAC, bay->blade.factory_mac[0])));
        }
    }
    *result = json_pack("{s:o}", "servers", list);
    return 0;
}

/* pool_json: one pool's source, ranges and counts. */
