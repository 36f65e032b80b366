/*
 * methods_interconnect: vc-manager's queries of the interconnect module --
 * interconnect.ports, interconnect.counters, interconnect.mac_table (asked
 * of the dataplane), port_protect.reset (passed to the dataplane, audited)
 * -- and status.show, the managed status and reason of every object
 * (profiles/status.h; a server port disabled by port protection, asked of
 * the dataplane, marks its server and profile). docs/manager-protocol.md.
 *
 * Why a separate connection per query: the sync's connection
 * (dataplane_sync.h) carries the document and must never wait for a query;
 * a query is short, so it gets its own blocking connection with a send and
 * receive timeout of MANAGER_QUERY_TIMEOUT_MS and is closed afterwards. A
 * dataplane that is gone or slow costs the manager at most that long.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "common/jsonrpc.h"
#include "common/log.h"
#include "mgmt/manager.h"
#include "profiles/plan.h"
#include "profiles/status.h"
#include "profiles/store.h"

#define MANAGER_QUERY_TIMEOUT_MS 500

/* dataplane_query: call `method` of the dataplane with params_stolen and put
 * its result into *result. Errors: the dataplane's own error (code and
 * message passed on), or -32004 busy when it cannot be reached or does not
 * answer in time. Returns 0 or -1. */
static int dataplane_query(struct manager *m, const char *method, json_t *params_stolen,
                           json_t **result, int *code, char *message)
{
    struct timeval timeout = {.tv_sec = MANAGER_QUERY_TIMEOUT_MS / 1000,
                              .tv_usec = (MANAGER_QUERY_TIMEOUT_MS % 1000) * 1000};
    struct jsonrpc_reader reader;
    json_t *error = NULL;
    int fd = jsonrpc_connect(m->dataplane_path), rc;

    if (fd < 0) {
        json_decref(params_stolen);
        *code = JSONRPC_BUSY;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "dataplane %s: %s", m->dataplane_path,
                 strerror(errno));
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    jsonrpc_reader_init(&reader);
    rc = jsonrpc_call(fd, &reader, method, params_stolen, result, &error, NULL, NULL);
    jsonrpc_reader_free(&reader);
    close(fd);
    if (rc == 0)
        return 0;
    if (rc > 0) {
        *code = (int)json_integer_value(json_object_get(error, "code"));
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "dataplane: %s",
                 json_string_value(json_object_get(error, "message")));
        json_decref(error);
        return -1;
    }
    *code = JSONRPC_BUSY;
    snprintf(message, RPC_SERVER_MESSAGE_MAX, "dataplane %s: no answer within %d ms",
             m->dataplane_path, MANAGER_QUERY_TIMEOUT_MS);
    return -1;
}

HANDLER(INTERCONNECT_PORTS)
{
    static const char *const keys[] = {NULL};
    if (param_check_keys(params, keys, code, message) < 0)
        return -1;
    return dataplane_query(ctx, "dataplane.ports", NULL, result, code, message);
}

HANDLER(INTERCONNECT_COUNTERS)
{
    static const char *const keys[] = {NULL};
    if (param_check_keys(params, keys, code, message) < 0)
        return -1;
    return dataplane_query(ctx, "dataplane.counters", NULL, result, code, message);
}

HANDLER(INTERCONNECT_MAC_TABLE)
{
    static const char *const keys[] = {"vnet", "cursor", "limit", NULL};
    const char *vnet = NULL;
    unsigned cursor = 0, limit = 256;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "vnet", false, &vnet, code, message) < 0 ||
        param_uint(params, "cursor", false, &cursor, code, message) < 0 ||
        param_uint(params, "limit", false, &limit, code, message) < 0)
        return -1;
    if (limit < 1 || limit > 4096)
        return param_error(code, message, "parameter \"%s\" must be 1-4096", "limit");
    json_t *query =
        json_pack("{s:I, s:I}", "cursor", (json_int_t)cursor, "limit", (json_int_t)limit);
    if (vnet != NULL)
        json_object_set_new(query, "vnet", json_string(vnet));
    return dataplane_query(ctx, "dataplane.mac_table", query, result, code, message);
}

HANDLER(PORT_PROTECT_RESET)
{
    static const char *const keys[] = {"port", NULL};
    struct manager *m = ctx;
    const char *port = NULL;
    char line[RPC_SERVER_MESSAGE_MAX + 16], audit_error[256];

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "port", false, &port, code, message) < 0)
        return -1;
    int rc = dataplane_query(m, "dataplane.port_protect_reset",
                             port != NULL ? json_pack("{s:s}", "port", port) : NULL, result, code,
                             message);
    snprintf(line, sizeof(line), "%s%s", rc == 0 ? "SUCCESS" : "ERROR: ", rc == 0 ? "" : message);
    if (rc == 0)
        log_info("port_protect.reset: %s", port != NULL ? port : "all server ports");
    else
        log_info("port_protect.reset refused: %s", message);
    if (!m->audit_by_cli && store_audit(m->st.store, "rpc", "vc-manager", "port_protect.reset",
                                        line, audit_error, sizeof(audit_error)) < 0)
        log_warnx("audit: %s", audit_error);
    return rc;
}

/* ------------------------------------------------------------ status.show */

/* The server ports the dataplane's port protection disabled, by bay. */
struct protected_bays {
    unsigned count;
    struct {
        char enclosure[8]; /* "enc0" */
        unsigned bay;
        char port[PLAN_DOWNLINK_NAME_MAX]; /* "d3", "e1d3" */
        const char *protection;            /* "loop_detected", in `ports` */
    } list[DOMAIN_MAX_ENCLOSURES * DOMAIN_BAYS];
    json_t *ports; /* the dataplane's answer, holding the strings */
};

/* protected_bays_get: ask the dataplane (when connected) which server
 * ports are disabled; none when it does not answer. */
static void protected_bays_get(struct manager *m, bool connected, struct protected_bays *out)
{
    int code;
    char message[RPC_SERVER_MESSAGE_MAX];
    size_t i;
    json_t *port;

    out->count = 0;
    out->ports = NULL;
    if (!connected || dataplane_query(m, "dataplane.ports", NULL, &out->ports, &code, message) < 0)
        return;
    json_array_foreach(json_object_get(out->ports, "ports"), i, port)
    {
        const char *name = json_string_value(json_object_get(port, "name"));
        const char *protection = json_string_value(json_object_get(port, "protection"));
        unsigned n = out->count;
        if (n == sizeof(out->list) / sizeof(out->list[0]) || name == NULL || protection == NULL ||
            strcmp(protection, "ok") == 0 ||
            plan_downlink_parse(name, out->list[n].enclosure, sizeof(out->list[n].enclosure),
                                &out->list[n].bay) < 0)
            continue;
        snprintf(out->list[n].port, sizeof(out->list[n].port), "%s", name);
        out->list[n].protection = protection;
        out->count++;
    }
}

/* protected_bays_apply: make `s` the status of a server or profile in
 * `bay` of `enclosure` when that bay's server port is disabled. */
static void protected_bays_apply(const struct protected_bays *p, const char *enclosure,
                                 unsigned bay, struct status_reason *s)
{
    for (unsigned i = 0; i < p->count; i++)
        if (p->list[i].bay == bay && strcmp(p->list[i].enclosure, enclosure) == 0)
            status_port_protect(s, p->list[i].port, p->list[i].protection);
}

/* status_json: {status (HPVC-MIB's number), status_name, reason} plus the
 * members of `object` (stolen). */
static json_t *status_json(json_t *object, const struct status_reason *s)
{
    json_object_set_new(object, "status", json_integer((json_int_t)s->status));
    json_object_set_new(object, "status_name", json_string(status_name(s->status)));
    json_object_set_new(object, "reason", json_string(s->reason));
    return object;
}

/* status_worse: replace *worst with s when s is more severe. */
static void status_worse(struct status_reason *worst, const struct status_reason *s)
{
    if (status_severity(s->status) > status_severity(worst->status))
        *worst = *s;
}

HANDLER(STATUS_SHOW)
{
    static const char *const keys[] = {NULL};
    struct manager *m = ctx;
    struct domain *d = m->st.domain;
    struct status_reason s;
    struct dataplane_sync_state sync;
    json_t *enclosures = json_array(), *servers = json_array(), *networks = json_array(),
           *profiles = json_array(), *sets = json_array();

    if (param_check_keys(params, keys, code, message) < 0)
        goto fail;
    dataplane_sync_state(m->sync, &sync);
    struct protected_bays protect;
    protected_bays_get(m, sync.connected, &protect);
    for (unsigned e = 0; e < d->n_enclosures; e++) {
        struct status_reason worst = {.status = DOMAIN_STATUS_NORMAL};
        /* the servers of an enclosure that is not imported are not the domain's */
        for (unsigned b = 1; d->enclosures[e].imported && b <= DOMAIN_BAYS; b++) {
            if (status_server(d, d->enclosures[e].id, b, &s) < 0)
                continue;
            protected_bays_apply(&protect, d->enclosures[e].id, b, &s);
            status_worse(&worst, &s);
            json_array_append_new(
                servers,
                status_json(
                    json_pack("{s:s, s:i}", "enclosure", d->enclosures[e].id, "bay", (int)b), &s));
        }
        if (worst.status != DOMAIN_STATUS_NORMAL)
            snprintf(worst.reason, sizeof(worst.reason), "a server is %s",
                     status_name(worst.status));
        if (!d->enclosures[e].imported)
            worst =
                (struct status_reason){.status = DOMAIN_STATUS_UNKNOWN, .reason = "not imported"};
        json_array_append_new(enclosures,
                              status_json(json_pack("{s:s, s:s}", "id", d->enclosures[e].id, "name",
                                                    d->enclosures[e].name),
                                          &worst));
    }
    for (unsigned i = 0; i < d->n_networks; i++)
        if (status_network(d, &d->networks[i], &s) == 0)
            json_array_append_new(networks,
                                  status_json(json_pack("{s:s}", "name", d->networks[i].name), &s));
    for (unsigned i = 0; i < d->n_profiles; i++) {
        const struct domain_profile *p = &d->profiles[i];
        if (status_profile(d, p, &s) < 0)
            continue;
        if (p->enclosure[0] != '\0')
            protected_bays_apply(&protect, p->enclosure, p->bay, &s);
        json_array_append_new(profiles, status_json(json_pack("{s:s}", "name", p->name), &s));
    }
    json_decref(protect.ports);
    for (unsigned i = 0; i < d->n_uplink_sets; i++)
        if (status_uplink_set(d, &d->uplink_sets[i], &s) == 0)
            json_array_append_new(
                sets, status_json(json_pack("{s:s}", "name", d->uplink_sets[i].name), &s));
    struct status_reason module = {.status = DOMAIN_STATUS_NORMAL};
    if (!sync.connected)
        module = (struct status_reason){.status = DOMAIN_STATUS_MAJOR,
                                        .reason = "dataplane not connected"};
    else if (sync.last_error[0] != '\0')
        module = (struct status_reason){.status = DOMAIN_STATUS_MAJOR,
                                        .reason = "dataplane refused the configuration"};
    status_domain(d, m->st.mac, m->st.wwn, m->st.serial, &s);
    status_worse(&s, &module);
    *result = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "domain",
                        status_json(json_pack("{s:s}", "name", d->name), &s), "module",
                        status_json(json_pack("{s:s, s:i}", "enclosure", MANAGER_ENCLOSURE, "bay",
                                              (int)d->interconnect_bay),
                                    &module),
                        "enclosures", enclosures, "servers", servers, "networks", networks,
                        "profiles", profiles, "uplink_sets", sets);
    return 0;
fail:
    json_decref(enclosures), json_decref(servers), json_decref(networks), json_decref(profiles);
    json_decref(sets);
    return -1;
}
