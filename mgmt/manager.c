/*
 * vc-manager: the control plane daemon of an OpenVC domain.
 *
 * It owns the durable domain (profiles/store.h), changes it one
 * transaction at a time (mgmt/operations.h) on JSON-RPC requests
 * (docs/manager-protocol.md, the methods in common/methods.h), and after
 * every committed change makes the world follow: the dataplane gets the new
 * configuration document (mgmt/dataplane_sync.h keeps it there across
 * dataplane restarts), and the blades whose profile changed get their new
 * identity through the OA driver (mgmt/oa.h): power off, push or clear the
 * identity, power back on if it was on.
 *
 * Why here and not in the libraries: this file is the thin outer layer --
 * the only place that logs, parses options and talks to the outside.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "common/jsonrpc.h"
#include "common/log.h"
#include "common/methods.h"
#include "common/rpc_server.h"
#include "mgmt/dataplane_sync.h"
#include "mgmt/oa.h"
#include "mgmt/operations.h"
#include "mgmt/wiring.h"
#include "profiles/plan.h"
#include "profiles/pool.h"
#include "profiles/store.h"
#include "profiles/validate.h"

#define MANAGER_ENCLOSURE "enc0" /* the enclosure of this module (plan.h) */

struct options {
    bool foreground;
    const char *store, *socket, *dataplane, *wiring;
    const char *oa, *oa_prefix, *oa_work, *oa_subif;
};

struct manager {
    struct manager_state st;
    struct dataplane_sync *sync;
    struct oa_driver *oa;
    struct rpc_server *server;
    bool was_connected;
    char last_sync_error[DATAPLANE_SYNC_ERROR_MAX];
};

/* What a profile makes of each bay of enc0, to see which bays changed. */
struct bay_snapshot {
    bool assigned[DOMAIN_BAYS];
    struct oa_identity identity[DOMAIN_BAYS];
};

static struct rpc_server *manager_server; /* for the signal handler */

/* ------------------------------------------------------------- helpers */

/* source_name / source_parse: address sources as the protocol writes them. */
static const char *source_name(enum domain_address_source s)
{
    return s == DOMAIN_ADDRESS_POOL ? "pool" : s == DOMAIN_ADDRESS_USER ? "user" : "factory";
}

static int source_parse(const char *text, enum domain_address_source *s)
{
    if (strcmp(text, "factory") == 0)
        *s = DOMAIN_ADDRESS_FACTORY;
    else if (strcmp(text, "pool") == 0)
        *s = DOMAIN_ADDRESS_POOL;
    else
        return -EINVAL;
    return 0;
}

static const char *const speed_names[] = {"auto", "preferred", "custom", "disabled"};
static const char *const pxe_names[] = {"use_bios", "enabled", "disabled"};

/* name_index: index of text in names[n], or -1. */
static int name_index(const char *const *names, int n, const char *text)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], text) == 0)
            return i;
    return -1;
}

/* mac_json: a MAC as text, or null for 0. */
static json_t *address_json(enum pool_kind kind, uint64_t address)
{
    char text[POOL_ADDRESS_STR_MAX];

    if (address == 0 || pool_format_address(kind, address, text, sizeof(text)) < 0)
        return json_null();
    return json_string(text);
}

/* errno_code: the JSON-RPC error code of an operation's errno. */
static int errno_code(int rc)
{
    switch (rc) {
    case -ENOENT: return JSONRPC_NOT_FOUND;
    case -EINVAL:
    case -EEXIST:
    case -EBUSY:
    case -E2BIG: return JSONRPC_INVALID_CONFIG;
    case -ENOSPC:
    case -ENOMEM: return JSONRPC_BUSY;
    default: return JSONRPC_INTERNAL_ERROR;
    }
}

/* bad_params: fill code/message for invalid params; returns -1. */
static int bad_params(int *code, char *message, const char *fmt, const char *what)
{
    *code = JSONRPC_INVALID_PARAMS;
    snprintf(message, RPC_SERVER_MESSAGE_MAX, fmt, what);
    return -1;
}

/* check_keys: every member of params is in allowed (NULL-terminated).
 * Returns 0, or -1 with an invalid-params error naming the first other. */
static int check_keys(json_t *params, const char *const *allowed, int *code, char *message)
{
    const char *unknown = jsonrpc_unknown_member(params, allowed);

    if (unknown != NULL)
        return bad_params(code, message, "unknown parameter \"%s\"", unknown);
    return 0;
}

/* get_string: params[key] as a string into *out; absent: *out untouched,
 * and an error when required. Returns 0 or -1 (code/message set). */
static int get_string(json_t *params, const char *key, bool required, const char **out, int *code,
                      char *message)
{
    json_t *v = json_object_get(params, key);

    if (v == NULL)
        return required ? bad_params(code, message, "missing parameter \"%s\"", key) : 0;
    if (!json_is_string(v))
        return bad_params(code, message, "parameter \"%s\" must be a string", key);
    *out = json_string_value(v);
    return 0;
}

/* get_uint: as get_string for a non-negative integer. */
static int get_uint(json_t *params, const char *key, bool required, unsigned *out, int *code,
                    char *message)
{
    json_t *v = json_object_get(params, key);

    if (v == NULL)
        return required ? bad_params(code, message, "missing parameter \"%s\"", key) : 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 0x7fffffff)
        return bad_params(code, message, "parameter \"%s\" must be a non-negative integer", key);
    *out = (unsigned)json_integer_value(v);
    return 0;
}

/* get_bool: as get_string for a boolean. */
static int get_bool(json_t *params, const char *key, bool *out, int *code, char *message)
{
    json_t *v = json_object_get(params, key);

    if (v == NULL)
        return 0;
    if (!json_is_boolean(v))
        return bad_params(code, message, "parameter \"%s\" must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

/* copy_text: params[key] (optional string) into dst/size. */
static int copy_text(json_t *params, const char *key, char *dst, size_t size, int *code,
                     char *message)
{
    const char *text = NULL;

    if (get_string(params, key, false, &text, code, message) < 0)
        return -1;
    if (text == NULL)
        return 0;
    if (strlen(text) >= size)
        return bad_params(code, message, "parameter \"%s\" is too long", key);
    memcpy(dst, text, strlen(text) + 1);
    return 0;
}

/* ------------------------------------------------------ identity & OA */

/* bay_identity: what profile p makes of its blade on this module. */
static void bay_identity(const struct domain *d, const struct domain_profile *p,
                         const struct domain_blade *blade, struct oa_identity *id)
{
    memset(id, 0, sizeof(*id));
    snprintf(id->serial, sizeof(id->serial), "%s", p->serial);
    snprintf(id->uuid, sizeof(id->uuid), "%s", p->uuid);
    for (unsigned i = 0; i < p->n_enet; i++) {
        unsigned port, flexnic;
        if (plan_connection_port(p, i + 1, &port, &flexnic) < 0 || port != d->interconnect_bay)
            continue;
        const struct domain_enet_connection *c = &p->enet[i];
        id->mac[flexnic] = c->mac_source == DOMAIN_ADDRESS_FACTORY
                               ? blade->factory_mac[(port - 1) * 4 + flexnic]
                               : c->mac;
        if (flexnic != 0 && blade->flex10)
            id->partitioned = true;
    }
}

/* snapshot: the identity every bay of enc0 gets now. */
static void snapshot(const struct manager *m, struct bay_snapshot *s)
{
    struct domain *d = m->st.domain;

    memset(s, 0, sizeof(*s));
    for (unsigned b = 1; b <= DOMAIN_BAYS; b++) {
        struct domain_bay *bay = domain_find_bay(d, MANAGER_ENCLOSURE, b);
        struct domain_profile *p = bay ? domain_find_profile(d, bay->profile) : NULL;
        if (p == NULL)
            continue;
        s->assigned[b - 1] = true;
        bay_identity(d, p, &bay->blade, &s->identity[b - 1]);
    }
}

/* bay_apply: give bay b its identity (or its own back); power_cycle: power
 * the blade off around the change when it is on. Logs failures. */
static void bay_apply(struct manager *m, unsigned b, bool assigned, const struct oa_identity *id,
                      bool power_cycle)
{
    struct oa_blade_info info;
    char error[512];
    int rc;

    if (m->oa->bay_info(m->oa, MANAGER_ENCLOSURE, b, &info, error, sizeof(error)) < 0 ||
        !info.present)
        return;
    bool was_on = info.powered_on;
    if (power_cycle && was_on &&
        m->oa->power_set(m->oa, MANAGER_ENCLOSURE, b, false, error, sizeof(error)) < 0)
        log_warnx("server %s:%u: power off: %s", MANAGER_ENCLOSURE, b, error);
    rc = assigned ? m->oa->identity_push(m->oa, MANAGER_ENCLOSURE, b, id, error, sizeof(error))
                  : m->oa->identity_clear(m->oa, MANAGER_ENCLOSURE, b, error, sizeof(error));
    if (rc < 0)
        log_warnx("server %s:%u: identity %s: %s", MANAGER_ENCLOSURE, b,
                  assigned ? "push" : "clear", error);
    else
        log_info("server %s:%u: identity %s", MANAGER_ENCLOSURE, b,
                 assigned ? "pushed" : "cleared");
    if (power_cycle && was_on &&
        m->oa->power_set(m->oa, MANAGER_ENCLOSURE, b, true, error, sizeof(error)) < 0)
        log_warnx("server %s:%u: power on: %s", MANAGER_ENCLOSURE, b, error);
}

/* push_document: plan the dataplane document of the committed domain and
 * hand it to the sync. Logs failures. */
static void push_document(struct manager *m)
{
    char error[512];
    json_t *doc = plan_dataplane_document(m->st.domain, m->st.domain->generation, error,
                                          sizeof(error));

    if (doc == NULL) {
        log_warnx("dataplane document of generation %llu: %s",
                  (unsigned long long)m->st.domain->generation, error);
        return;
    }
    if (dataplane_sync_push(m->sync, doc) < 0)
        log_warnx("dataplane document of generation %llu refused by the sync",
                  (unsigned long long)m->st.domain->generation);
    json_decref(doc);
}

/* finish: the end of every changing method: on failure the error (logged,
 * audited), on success the dataplane document, the bays whose identity
 * changed, the audit row and {"generation": n}. Returns 0 or -1. */
static int finish(struct manager *m, const char *method, const struct bay_snapshot *before,
                  int rc, const char *error, json_t **result, int *code, char *message)
{
    struct bay_snapshot after;
    char audit_error[256], line[600];

    if (rc < 0) {
        *code = errno_code(rc);
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        log_info("%s refused: %s", method, error);
        snprintf(line, sizeof(line), "ERROR: %s", error);
        store_audit(m->st.store, "rpc", "vc-manager", method, line, NULL, 0);
        return -1;
    }
    log_info("%s: generation %llu", method, (unsigned long long)m->st.domain->generation);
    if (store_audit(m->st.store, "rpc", "vc-manager", method, "SUCCESS", audit_error,
                    sizeof(audit_error)) < 0)
        log_warnx("audit: %s", audit_error);
    push_document(m);
    snapshot(m, &after);
    for (unsigned b = 0; b < DOMAIN_BAYS; b++)
        if (before->assigned[b] != after.assigned[b] ||
            memcmp(&before->identity[b], &after.identity[b], sizeof(after.identity[b])) != 0)
            bay_apply(m, b + 1, after.assigned[b], &after.identity[b], true);
    *result = json_pack("{s:I}", "generation", (json_int_t)m->st.domain->generation);
    return 0;
}

/* ------------------------------------------------------------- methods */

#define HANDLER(name)                                                                        \
    static int m_##name(json_t *params, json_t **result, int *code, char *message, void *ctx)
#define CHANGE_BEGIN                                                                         \
    struct manager *m = ctx;                                                                 \
    struct bay_snapshot before;                                                              \
    char error[RPC_SERVER_MESSAGE_MAX] = "";                                                 \
    snapshot(m, &before)

HANDLER(DOMAIN_SHOW)
{
    struct manager *m = ctx;
    struct domain *d = m->st.domain;
    struct dataplane_sync_state s;

    (void)params, (void)code, (void)message;
    dataplane_sync_state(m->sync, &s);
    *result = json_pack(
        "{s:s, s:I, s:i, s:i, s:s, s:s, s:s, s:{s:b, s:I, s:I, s:I, s:s}}", "name", d->name,
        "generation", (json_int_t)d->generation, "interconnect_bay", (int)d->interconnect_bay,
        "aging_s", (int)d->aging_s, "mac_source", source_name(d->pools.mac_source), "wwn_source",
        source_name(d->pools.wwn_source), "serial_source", source_name(d->pools.serial_source),
        "dataplane", "connected", s.connected, "applied_generation",
        (json_int_t)s.applied_generation, "running_generation", (json_int_t)s.running_generation,
        "pushes", (json_int_t)s.pushes, "last_error", s.last_error);
    return 0;
}

HANDLER(DOMAIN_SET)
{
    static const char *const keys[] = {"name", "aging_s", "mac_source", "wwn_source",
                                       "serial_source", NULL};
    CHANGE_BEGIN;
    struct ops_domain_settings s;
    const char *src[3] = {NULL, NULL, NULL};
    enum domain_address_source *dst[3];

    ops_domain_get(&m->st, &s);
    dst[0] = &s.mac_source, dst[1] = &s.wwn_source, dst[2] = &s.serial_source;
    if (check_keys(params, keys, code, message) < 0 ||
        copy_text(params, "name", s.name, sizeof(s.name), code, message) < 0 ||
        get_uint(params, "aging_s", false, &s.aging_s, code, message) < 0 ||
        get_string(params, "mac_source", false, &src[0], code, message) < 0 ||
        get_string(params, "wwn_source", false, &src[1], code, message) < 0 ||
        get_string(params, "serial_source", false, &src[2], code, message) < 0)
        return -1;
    for (int i = 0; i < 3; i++)
        if (src[i] != NULL && source_parse(src[i], dst[i]) < 0)
            return bad_params(code, message, "address source \"%s\" is not factory or pool",
                              src[i]);
    int rc = ops_domain_set(&m->st, &s, error, sizeof(error));
    return finish(m, "domain.set", &before, rc, error, result, code, message);
}

/* network_params: the optional network properties of params into *n. */
static int network_params(json_t *params, struct domain_network *n, int *code, char *message)
{
    static const char *const keys[] = {"name", "uplink_set", "vlan", "native", "dedicated_uplink",
                                       "tunnel", "private", "smart_link", "enabled",
                                       "preferred_speed_mbps", "max_speed_mbps", "mac_limit",
                                       NULL};
    if (check_keys(params, keys, code, message) < 0 ||
        copy_text(params, "uplink_set", n->uplink_set, sizeof(n->uplink_set), code, message) < 0 ||
        get_uint(params, "vlan", false, &n->vlan, code, message) < 0 ||
        get_bool(params, "native", &n->native, code, message) < 0 ||
        copy_text(params, "dedicated_uplink", n->dedicated_uplink, sizeof(n->dedicated_uplink),
                  code, message) < 0 ||
        get_bool(params, "tunnel", &n->tunnel, code, message) < 0 ||
        get_bool(params, "private", &n->private_network, code, message) < 0 ||
        get_bool(params, "smart_link", &n->smart_link, code, message) < 0 ||
        get_bool(params, "enabled", &n->enabled, code, message) < 0 ||
        get_uint(params, "preferred_speed_mbps", false, &n->preferred_speed_mbps, code, message) <
            0 ||
        get_uint(params, "max_speed_mbps", false, &n->max_speed_mbps, code, message) < 0 ||
        get_uint(params, "mac_limit", false, &n->mac_limit, code, message) < 0)
        return -1;
    return 0;
}

HANDLER(NETWORK_ADD)
{
    CHANGE_BEGIN;
    struct domain_network n = {.enabled = true};

    if (copy_text(params, "name", n.name, sizeof(n.name), code, message) < 0 ||
        network_params(params, &n, code, message) < 0)
        return -1;
    if (n.name[0] == '\0')
        return bad_params(code, message, "missing parameter \"%s\"", "name");
    int rc = ops_network_add(&m->st, &n, error, sizeof(error));
    return finish(m, "network.add", &before, rc, error, result, code, message);
}

HANDLER(NETWORK_SET)
{
    CHANGE_BEGIN;
    const char *name = NULL;

    if (get_string(params, "name", true, &name, code, message) < 0)
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
    return finish(m, "network.set", &before, rc, error, result, code, message);
}

HANDLER(NETWORK_REMOVE)
{
    static const char *const keys[] = {"name", NULL};
    CHANGE_BEGIN;
    const char *name = NULL;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "name", true, &name, code, message) < 0)
        return -1;
    int rc = ops_network_remove(&m->st, name, error, sizeof(error));
    return finish(m, "network.remove", &before, rc, error, result, code, message);
}

HANDLER(NETWORK_SHOW)
{
    struct manager *m = ctx;
    const char *name = NULL;
    json_t *list = json_array();

    if (get_string(params, "name", false, &name, code, message) < 0) {
        json_decref(list);
        return -1;
    }
    for (unsigned i = 0; i < m->st.domain->n_networks; i++) {
        struct domain_network *n = &m->st.domain->networks[i];
        if (name != NULL && strcmp(name, n->name) != 0)
            continue;
        json_array_append_new(
            list, json_pack("{s:s, s:s, s:i, s:b, s:s, s:b, s:b, s:b, s:b, s:i, s:i, s:i}", "name",
                            n->name, "uplink_set", n->uplink_set, "vlan", (int)n->vlan, "native",
                            n->native, "dedicated_uplink", n->dedicated_uplink, "tunnel",
                            n->tunnel, "private", n->private_network, "smart_link", n->smart_link,
                            "enabled", n->enabled, "preferred_speed_mbps",
                            (int)n->preferred_speed_mbps, "max_speed_mbps",
                            (int)n->max_speed_mbps, "mac_limit", (int)n->mac_limit));
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

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "name", true, &name, code, message) < 0 ||
        get_string(params, "mode", false, &mode, code, message) < 0)
        return -1;
    if (strcmp(mode, "failover") != 0 && strcmp(mode, "auto") != 0)
        return bad_params(code, message, "mode \"%s\" is not failover or auto", mode);
    int rc = ops_uplinkset_add(&m->st, name,
                               strcmp(mode, "auto") == 0 ? DOMAIN_UPLINK_AUTO
                                                         : DOMAIN_UPLINK_FAILOVER,
                               error, sizeof(error));
    return finish(m, "uplinkset.add", &before, rc, error, result, code, message);
}

HANDLER(UPLINKSET_REMOVE)
{
    static const char *const keys[] = {"name", NULL};
    CHANGE_BEGIN;
    const char *name = NULL;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "name", true, &name, code, message) < 0)
        return -1;
    int rc = ops_uplinkset_remove(&m->st, name, error, sizeof(error));
    return finish(m, "uplinkset.remove", &before, rc, error, result, code, message);
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
        json_array_append_new(
            ports, json_pack("{s:s, s:s, s:s, s:i}", "id", d->uplink_ports[p].id, "port",
                             d->uplink_ports[p].port, "uplink_set", d->uplink_ports[p].uplink_set,
                             "speed_mbps", (int)d->uplink_ports[p].speed_mbps));
    *result = json_pack("{s:o, s:o}", "uplink_sets", sets, "uplink_ports", ports);
    return 0;
}

HANDLER(UPLINKPORT_ADD)
{
    static const char *const keys[] = {"port", "uplink_set", NULL};
    CHANGE_BEGIN;
    const char *port = NULL, *set = NULL;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "port", true, &port, code, message) < 0 ||
        get_string(params, "uplink_set", true, &set, code, message) < 0)
        return -1;
    int rc = ops_uplinkport_add(&m->st, port, set, error, sizeof(error));
    return finish(m, "uplinkport.add", &before, rc, error, result, code, message);
}

HANDLER(UPLINKPORT_REMOVE)
{
    static const char *const keys[] = {"port", NULL};
    CHANGE_BEGIN;
    const char *port = NULL;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "port", true, &port, code, message) < 0)
        return -1;
    int rc = ops_uplinkport_remove(&m->st, port, error, sizeof(error));
    return finish(m, "uplinkport.remove", &before, rc, error, result, code, message);
}

HANDLER(PROFILE_ADD)
{
    static const char *const keys[] = {"name", "connections", "networks", NULL};
    CHANGE_BEGIN;
    const char *name = NULL, *networks[DOMAIN_MAX_ENET] = {NULL};
    unsigned n = 0;
    json_t *list = json_object_get(params, "networks");

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "name", true, &name, code, message) < 0)
        return -1;
    if (list != NULL) {
        if (!json_is_array(list) || json_array_size(list) > DOMAIN_MAX_ENET)
            return bad_params(code, message, "parameter \"%s\" must be an array of at most 8 "
                                             "network names (\"\" = unassigned)",
                              "networks");
        n = (unsigned)json_array_size(list);
        for (unsigned i = 0; i < n; i++) {
            json_t *v = json_array_get(list, i);
            if (!json_is_string(v))
                return bad_params(code, message, "parameter \"%s\" must hold strings",
                                  "networks");
            networks[i] = json_string_value(v);
        }
    }
    if (get_uint(params, "connections", false, &n, code, message) < 0)
        return -1;
    if (list != NULL && n < json_array_size(list))
        return bad_params(code, message, "parameter \"%s\" is below the networks given",
                          "connections");
    int rc = ops_profile_add(&m->st, name, n, networks, error, sizeof(error));
    return finish(m, "profile.add", &before, rc, error, result, code, message);
}

HANDLER(PROFILE_REMOVE)
{
    static const char *const keys[] = {"name", NULL};
    CHANGE_BEGIN;
    const char *name = NULL;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "name", true, &name, code, message) < 0)
        return -1;
    int rc = ops_profile_remove(&m->st, name, error, sizeof(error));
    return finish(m, "profile.remove", &before, rc, error, result, code, message);
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
        json_array_append_new(
            conns,
            json_pack("{s:i, s:s, s:s, s:o, s:o, s:s, s:s, s:i, s:s}", "index", (int)c->index,
                      "network", c->network, "port", port, "mac", address_json(POOL_KIND_MAC, mac),
                      "iscsi_mac", address_json(POOL_KIND_MAC, c->iscsi_mac), "mac_source",
                      source_name(c->mac_source), "speed_type",
                      speed_names[c->speed_type <= DOMAIN_SPEED_DISABLED ? c->speed_type : 0],
                      "speed_mbps", (int)c->speed_mbps, "pxe",
                      pxe_names[c->pxe <= DOMAIN_PXE_DISABLED ? c->pxe : 0]));
    }
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o}", "name", p->name, "serial", p->serial, "uuid",
                          p->uuid, "enclosure", p->enclosure, "enet_connections", conns);
    json_object_set_new(o, "bay", p->bay ? json_integer(p->bay) : json_null());
    return o;
}

HANDLER(PROFILE_SHOW)
{
    struct manager *m = ctx;
    const char *name = NULL;

    if (get_string(params, "name", false, &name, code, message) < 0)
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

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "name", true, &name, code, message) < 0 ||
        get_string(params, "enclosure", false, &enclosure, code, message) < 0 ||
        get_uint(params, "bay", true, &bay, code, message) < 0)
        return -1;
    int rc = ops_profile_assign(&m->st, name, enclosure, bay, error, sizeof(error));
    return finish(m, "profile.assign", &before, rc, error, result, code, message);
}

HANDLER(PROFILE_UNASSIGN)
{
    static const char *const keys[] = {"name", NULL};
    CHANGE_BEGIN;
    const char *name = NULL;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "name", true, &name, code, message) < 0)
        return -1;
    int rc = ops_profile_unassign(&m->st, name, error, sizeof(error));
    return finish(m, "profile.unassign", &before, rc, error, result, code, message);
}

HANDLER(ENET_ADD)
{
    static const char *const keys[] = {"profile", "network", NULL};
    CHANGE_BEGIN;
    const char *profile = NULL, *network = NULL;
    unsigned index = 0;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "profile", true, &profile, code, message) < 0 ||
        get_string(params, "network", false, &network, code, message) < 0)
        return -1;
    int rc = ops_enet_add(&m->st, profile, network, &index, error, sizeof(error));
    rc = finish(m, "enet_connection.add", &before, rc, error, result, code, message);
    if (rc == 0)
        json_object_set_new(*result, "index", json_integer(index));
    return rc;
}

HANDLER(ENET_SET)
{
    static const char *const keys[] = {"profile", "index", "network", "speed_type", "speed_mbps",
                                       "pxe", NULL};
    CHANGE_BEGIN;
    const char *profile = NULL, *speed = NULL, *pxe = NULL;
    unsigned index = 0;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "profile", true, &profile, code, message) < 0 ||
        get_uint(params, "index", true, &index, code, message) < 0)
        return -1;
    struct domain_profile *p = domain_find_profile(m->st.domain, profile);
    if (p == NULL || index < 1 || index > p->n_enet) {
        *code = JSONRPC_NOT_FOUND;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "profile %s has no connection %u", profile,
                 index);
        return -1;
    }
    struct domain_enet_connection c = p->enet[index - 1];
    if (copy_text(params, "network", c.network, sizeof(c.network), code, message) < 0 ||
        get_string(params, "speed_type", false, &speed, code, message) < 0 ||
        get_uint(params, "speed_mbps", false, &c.speed_mbps, code, message) < 0 ||
        get_string(params, "pxe", false, &pxe, code, message) < 0)
        return -1;
    if (speed != NULL) {
        int i = name_index(speed_names, 4, speed);
        if (i < 0)
            return bad_params(code, message,
                              "speed_type \"%s\" is not auto, preferred, custom or disabled",
                              speed);
        c.speed_type = (enum domain_speed_type)i;
    }
    if (pxe != NULL) {
        int i = name_index(pxe_names, 3, pxe);
        if (i < 0)
            return bad_params(code, message, "pxe \"%s\" is not use_bios, enabled or disabled",
                              pxe);
        c.pxe = (enum domain_pxe)i;
    }
    int rc = ops_enet_set(&m->st, profile, &c, error, sizeof(error));
    return finish(m, "enet_connection.set", &before, rc, error, result, code, message);
}

HANDLER(SERVER_SHOW)
{
    struct manager *m = ctx;
    unsigned only = 0;
    json_t *list;

    if (get_uint(params, "bay", false, &only, code, message) < 0)
        return -1;
    list = json_array();
    for (unsigned b = 1; b <= DOMAIN_BAYS; b++) {
        struct domain_bay *bay = domain_find_bay(m->st.domain, MANAGER_ENCLOSURE, b);
        struct oa_blade_info info = {0};
        if (bay == NULL || (only != 0 && only != b))
            continue;
        if (m->oa->bay_info(m->oa, MANAGER_ENCLOSURE, b, &info, NULL, 0) < 0)
            info.present = bay->blade.present, info.powered_on = bay->blade.powered_on;
        json_array_append_new(
            list, json_pack("{s:s, s:i, s:b, s:b, s:s, s:s, s:s, s:o}", "enclosure",
                            MANAGER_ENCLOSURE, "bay", (int)b, "present", info.present,
                            "powered_on", info.powered_on, "model", bay->blade.model, "serial",
                            bay->blade.factory_serial, "profile", bay->profile, "factory_mac",
                            address_json(POOL_KIND_MAC, bay->blade.factory_mac[0])));
    }
    *result = json_pack("{s:o}", "servers", list);
    return 0;
}

/* pool_json: one pool's source, ranges and counts. */
static json_t *pool_json(struct pool *pool, enum domain_address_source source)
{
    enum pool_kind kind = pool_kind(pool);
    json_t *ranges = json_array();
    struct pool_counts c;

    for (unsigned i = 0; i < pool_range_count(pool); i++) {
        struct pool_range_info r;
        if (pool_range_get(pool, i, &r) < 0)
            continue;
        json_t *o = json_pack("{s:o, s:o, s:I, s:I, s:I}", "start", address_json(kind, r.start),
                              "end", address_json(kind, r.end), "size", (json_int_t)r.size,
                              "free", (json_int_t)r.free, "in_use", (json_int_t)r.in_use);
        json_object_set_new(o, "predefined",
                            r.predefined >= 0 ? json_integer(r.predefined) : json_null());
        json_array_append_new(ranges, o);
    }
    pool_counts(pool, &c);
    return json_pack("{s:s, s:o, s:I, s:I, s:I, s:I}", "source", source_name(source), "ranges",
                     ranges, "size", (json_int_t)c.size, "free", (json_int_t)c.free, "in_use",
                     (json_int_t)c.in_use, "external", (json_int_t)c.external);
}

HANDLER(POOL_SHOW)
{
    struct manager *m = ctx;
    struct domain_pools *p = &m->st.domain->pools;

    (void)params, (void)code, (void)message;
    *result = json_pack("{s:o, s:o, s:o}", "mac", pool_json(m->st.mac, p->mac_source), "wwn",
                        pool_json(m->st.wwn, p->wwn_source), "serial",
                        pool_json(m->st.serial, p->serial_source));
    return 0;
}

/* range_params: kind, predefined or start/end of a pool.range_* request. */
static int range_params(json_t *params, int *kind, int *predefined, uint64_t *start,
                        uint64_t *end, int *code, char *message)
{
    static const char *const keys[] = {"kind", "predefined", "start", "end", NULL};
    const char *k = NULL, *s = NULL, *e = NULL;
    unsigned pre = 0;

    if (check_keys(params, keys, code, message) < 0 ||
        get_string(params, "kind", true, &k, code, message) < 0 ||
        get_uint(params, "predefined", false, &pre, code, message) < 0 ||
        get_string(params, "start", false, &s, code, message) < 0 ||
        get_string(params, "end", false, &e, code, message) < 0)
        return -1;
    *kind = strcmp(k, "mac") == 0 ? POOL_KIND_MAC
            : strcmp(k, "wwn") == 0 ? POOL_KIND_WWN
            : strcmp(k, "serial") == 0 ? POOL_KIND_SERIAL
                                       : -1;
    if (*kind < 0)
        return bad_params(code, message, "kind \"%s\" is not mac, wwn or serial", k);
    if (json_object_get(params, "predefined") != NULL) {
        *predefined = (int)pre;
        return 0;
    }
    *predefined = -1;
    if (s == NULL || e == NULL)
        return bad_params(code, message, "%s: give predefined, or start and end", "range");
    if (pool_parse_address((enum pool_kind)*kind, s, start) < 0)
        return bad_params(code, message, "start \"%s\" is not an address of the pool's kind", s);
    if (pool_parse_address((enum pool_kind)*kind, e, end) < 0)
        return bad_params(code, message, "end \"%s\" is not an address of the pool's kind", e);
    return 0;
}

HANDLER(POOL_RANGE_ADD)
{
    CHANGE_BEGIN;
    int kind, predefined;
    uint64_t start = 0, end = 0;

    if (range_params(params, &kind, &predefined, &start, &end, code, message) < 0)
        return -1;
    int rc = ops_pool_range_add(&m->st, kind, predefined, start, end, error, sizeof(error));
    return finish(m, "pool.range_add", &before, rc, error, result, code, message);
}

HANDLER(POOL_RANGE_REMOVE)
{
    CHANGE_BEGIN;
    int kind, predefined;
    uint64_t start = 0, end = 0;

    if (range_params(params, &kind, &predefined, &start, &end, code, message) < 0)
        return -1;
    int rc = ops_pool_range_remove(&m->st, kind, predefined, start, end, error, sizeof(error));
    return finish(m, "pool.range_remove", &before, rc, error, result, code, message);
}

static const struct rpc_method manager_methods[] = {
#define MANAGER_METHOD_ENTRY(name, wire, help) {wire, m_##name, false},
    MANAGER_FOREACH_METHOD(MANAGER_METHOD_ENTRY)
#undef MANAGER_METHOD_ENTRY
};

/* ------------------------------------------------------------- daemon */

/* manager_tick: keep the dataplane on our document; log its state changes. */
static void manager_tick(void *ctx)
{
    struct manager *m = ctx;
    struct dataplane_sync_state s;

    dataplane_sync_tick(m->sync);
    dataplane_sync_state(m->sync, &s);
    if (s.connected != m->was_connected)
        log_info("dataplane %s", s.connected ? "connected" : "disconnected");
    m->was_connected = s.connected;
    if (strcmp(s.last_error, m->last_sync_error) != 0) {
        if (s.last_error[0] != '\0')
            log_warnx("dataplane refused generation %llu: %s",
                      (unsigned long long)s.generation, s.last_error);
        snprintf(m->last_sync_error, sizeof(m->last_sync_error), "%s", s.last_error);
    }
}

static void manager_signal(int sig)
{
    (void)sig;
    if (manager_server != NULL)
        rpc_server_stop(manager_server);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vc-manager [OPTIONS]\n"
            "The OpenVC domain manager: server profiles, networks, pools; drives the dataplane\n"
            "and the Onboard Administrator. Methods: docs/manager-protocol.md.\n"
            "\n"
            "  -f, --foreground        stay in the foreground, log to stderr\n"
            "      --store PATH        SQLite store (default /var/lib/openvc/domain.db)\n"
            "  -s, --socket PATH       JSON-RPC socket (default /run/openvc/manager.sock)\n"
            "      --dataplane SOCKET  vc-dataplane control socket (default "
            "/run/openvc/dataplane.sock)\n"
            "      --wiring FILE       enclosure wiring, imported when the store is new\n"
            "      --oa DRIVER         static (default) or netns\n"
            "      --oa-prefix NAME    netns driver: name prefix (also replaces @IFACE@)\n"
            "      --oa-work DIR       netns driver: helpers' work folder (default /tmp)\n"
            "      --oa-subif PATH     netns driver: vlan_subif.py\n"
            "  -v, --verbose           debug messages\n"
            "  -h, --help              this text\n");
}

/* parse_options: argv into *o; bad options: one line on stderr, exit 2. */
static void parse_options(int argc, char **argv, struct options *o, bool *verbose)
{
    enum { OPT_STORE = 256, OPT_DATAPLANE, OPT_WIRING, OPT_OA, OPT_PREFIX, OPT_WORK, OPT_SUBIF };
    static const struct option long_options[] = {
        {"foreground", no_argument, NULL, 'f'},
        {"socket", required_argument, NULL, 's'},
        {"store", required_argument, NULL, OPT_STORE},
        {"dataplane", required_argument, NULL, OPT_DATAPLANE},
        {"wiring", required_argument, NULL, OPT_WIRING},
        {"oa", required_argument, NULL, OPT_OA},
        {"oa-prefix", required_argument, NULL, OPT_PREFIX},
        {"oa-work", required_argument, NULL, OPT_WORK},
        {"oa-subif", required_argument, NULL, OPT_SUBIF},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    *o = (struct options){.store = "/var/lib/openvc/domain.db",
                          .socket = "/run/openvc/manager.sock",
                          .dataplane = "/run/openvc/dataplane.sock",
                          .oa = "static",
                          .oa_work = "/tmp",
                          .oa_subif = "/usr/share/openvc/vlan_subif.py"};
    while ((c = getopt_long(argc, argv, ":fs:vh", long_options, NULL)) != -1) {
        switch (c) {
        case 'f': o->foreground = true; break;
        case 's': o->socket = optarg; break;
        case 'v': *verbose = true; break;
        case 'h': usage(stdout); exit(0);
        case OPT_STORE: o->store = optarg; break;
        case OPT_DATAPLANE: o->dataplane = optarg; break;
        case OPT_WIRING: o->wiring = optarg; break;
        case OPT_OA: o->oa = optarg; break;
        case OPT_PREFIX: o->oa_prefix = optarg; break;
        case OPT_WORK: o->oa_work = optarg; break;
        case OPT_SUBIF: o->oa_subif = optarg; break;
        case ':':
            fprintf(stderr, "vc-manager: option %s needs a value\n", argv[optind - 1]);
            exit(2);
        default:
            fprintf(stderr, "vc-manager: unknown option %s (see --help)\n", argv[optind - 1]);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vc-manager: unexpected argument %s (see --help)\n", argv[optind]);
        exit(2);
    }
    if (strcmp(o->oa, "static") != 0 && strcmp(o->oa, "netns") != 0) {
        fprintf(stderr, "vc-manager: --oa %s: not static or netns\n", o->oa);
        exit(2);
    }
    if (strcmp(o->oa, "netns") == 0 && o->oa_prefix == NULL) {
        fprintf(stderr, "vc-manager: --oa netns needs --oa-prefix\n");
        exit(2);
    }
}

/* load_domain: the stored domain, or a new one from the wiring (stored at
 * once, generation 1, pre-defined MAC and WWN range 0, addresses from the
 * pools). fatalx on failure. */
static struct domain *load_domain(struct store *store, const struct options *o)
{
    struct domain *d = domain_create();
    char error[512];
    int rc;

    if (d == NULL)
        fatalx("out of memory");
    rc = store_load(store, d, error, sizeof(error));
    if (rc == 0) {
        log_info("store %s: domain %s, generation %llu, %u profiles", o->store, d->name,
                 (unsigned long long)d->generation, d->n_profiles);
        return d;
    }
    if (rc != -ENOENT)
        fatalx("store %s: %s", o->store, error);
    if (o->wiring == NULL)
        fatalx("store %s is new: give the enclosure wiring with --wiring FILE", o->store);
    if (wiring_load_file(o->wiring, o->oa_prefix, d, error, sizeof(error)) < 0)
        fatalx("wiring %s: %s", o->wiring, error);
    d->pools.mac_source = DOMAIN_ADDRESS_POOL;
    d->pools.wwn_source = DOMAIN_ADDRESS_POOL;
    d->pools.serial_source = DOMAIN_ADDRESS_FACTORY;
    pool_predefined_range(POOL_KIND_MAC, 0, &d->pools.mac_ranges[0].start,
                          &d->pools.mac_ranges[0].end);
    d->pools.mac_ranges[0].predefined = 0;
    d->pools.n_mac_ranges = 1;
    pool_predefined_range(POOL_KIND_WWN, 0, &d->pools.wwn_ranges[0].start,
                          &d->pools.wwn_ranges[0].end);
    d->pools.wwn_ranges[0].predefined = 0;
    d->pools.n_wwn_ranges = 1;
    d->generation = 1;
    if (validate_domain(d, error, sizeof(error)) < 0 ||
        store_save(store, d, error, sizeof(error)) < 0)
        fatalx("new store %s from %s: %s", o->store, o->wiring, error);
    log_info("store %s: new domain %s from %s", o->store, d->name, o->wiring);
    return d;
}

int main(int argc, char **argv)
{
    struct options o;
    struct manager m = {0};
    bool verbose = false;
    char error[512];

    parse_options(argc, argv, &o, &verbose);
    log_init("vc-manager", o.foreground, verbose ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);
    if (!o.foreground && daemon(0, 0) < 0)
        fatal("daemon");

    struct store *store = store_open(o.store, error, sizeof(error));
    if (store == NULL)
        fatalx("store %s: %s", o.store, error);
    struct domain *d = load_domain(store, &o);
    if (ops_state_init(&m.st, d, store, error, sizeof(error)) < 0)
        fatalx("pools: %s", error);

    if (strcmp(o.oa, "netns") == 0) {
        struct domain_enclosure *enc = NULL;
        for (unsigned i = 0; i < d->n_enclosures; i++)
            if (strcmp(d->enclosures[i].id, MANAGER_ENCLOSURE) == 0)
                enc = &d->enclosures[i];
        if (enc == NULL)
            fatalx("the domain has no enclosure %s for the netns OA", MANAGER_ENCLOSURE);
        struct oa_netns_options no = {.prefix = o.oa_prefix,
                                      .subif_script = o.oa_subif,
                                      .work_dir = o.oa_work,
                                      .enclosure = enc};
        m.oa = oa_netns_create(&no, error, sizeof(error));
        if (m.oa == NULL)
            fatalx("oa netns: %s", error);
        if (oa_netns_populate(m.oa, error, sizeof(error)) < 0)
            fatalx("oa netns: %s", error);
    } else {
        m.oa = oa_static_create();
        if (m.oa == NULL)
            fatalx("out of memory");
    }

    m.sync = dataplane_sync_create(o.dataplane);
    if (m.sync == NULL)
        fatalx("dataplane socket %s: path too long", o.dataplane);
    push_document(&m);
    struct bay_snapshot now;
    snapshot(&m, &now);
    for (unsigned b = 0; b < DOMAIN_BAYS; b++)
        if (now.assigned[b])
            bay_apply(&m, b + 1, true, &now.identity[b], false);

    struct rpc_server_options so = {.path = o.socket,
                                    .methods = manager_methods,
                                    .n_methods = sizeof(manager_methods) /
                                                 sizeof(manager_methods[0]),
                                    .ctx = &m,
                                    .tick = manager_tick};
    m.server = rpc_server_create(&so, error, sizeof(error));
    if (m.server == NULL)
        fatalx("socket %s: %s", o.socket, error);
    manager_server = m.server;
    struct sigaction sa = {.sa_handler = manager_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    log_info("listening on %s, dataplane %s, OA %s", o.socket, o.dataplane, o.oa);

    int rc = rpc_server_run(m.server);
    if (rc < 0)
        log_warn("poll");
    log_info("stopping");
    manager_server = NULL;
    rpc_server_destroy(m.server);
    dataplane_sync_destroy(m.sync);
    m.oa->destroy(m.oa);
    ops_state_free(&m.st);
    store_close(store);
    return rc < 0 ? 1 : 0;
}
