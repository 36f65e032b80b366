/*
 * methods_domain: vc-manager's domain-wide methods -- domain.show and
 * domain.set, the enclosures (enclosure.show, enclosure.import), and the
 * address pools (pool.show, pool.range_add, pool.range_remove).
 * docs/manager-protocol.md.
 */
#include <stdio.h>
#include <string.h>

#include "common/jsonrpc.h"
#include "mgmt/manager.h"

HANDLER(DOMAIN_SHOW)
{
    struct manager *m = ctx;
    struct domain *d = m->st.domain;
    struct dataplane_sync_state s;

    (void)params, (void)code, (void)message;
    dataplane_sync_state(m->sync, &s);
    *result = json_pack(
        "{s:s, s:I, s:i, s:i, s:b, s:i, s:b, s:b, s:s, s:s, s:s,"
        " s:{s:b, s:I, s:I, s:I, s:s}}",
        "name", d->name, "generation", (json_int_t)d->generation, "interconnect_bay",
        (int)d->interconnect_bay, "aging_s", (int)d->aging_s, "mac_cache_enabled",
        d->mac_cache_enabled, "mac_cache_refresh_s", (int)d->mac_cache_refresh_s,
        "port_protect_network_loop", d->port_protect_network_loop, "port_protect_pause_flood",
        d->port_protect_pause_flood, "mac_source", manager_source_name(d->pools.mac_source),
        "wwn_source", manager_source_name(d->pools.wwn_source), "serial_source",
        manager_source_name(d->pools.serial_source), "dataplane", "connected", s.connected,
        "applied_generation", (json_int_t)s.applied_generation, "running_generation",
        (json_int_t)s.running_generation, "pushes", (json_int_t)s.pushes, "last_error",
        s.last_error);
    return 0;
}

HANDLER(DOMAIN_SET)
{
    static const char *const keys[] = {"name",
                                       "aging_s",
                                       "mac_cache_enabled",
                                       "mac_cache_refresh_s",
                                       "mac_source",
                                       "wwn_source",
                                       "serial_source",
                                       "port_protect_network_loop",
                                       "port_protect_pause_flood",
                                       NULL};
    CHANGE_BEGIN;
    struct ops_domain_settings s;
    const char *src[3] = {NULL, NULL, NULL};
    enum domain_address_source *dst[3];

    ops_domain_get(&m->st, &s);
    dst[0] = &s.mac_source, dst[1] = &s.wwn_source, dst[2] = &s.serial_source;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_text(params, "name", s.name, sizeof(s.name), code, message) < 0 ||
        param_uint(params, "aging_s", false, &s.aging_s, code, message) < 0 ||
        param_bool(params, "mac_cache_enabled", &s.mac_cache_enabled, code, message) < 0 ||
        param_uint(params, "mac_cache_refresh_s", false, &s.mac_cache_refresh_s, code, message) <
            0 ||
        param_bool(params, "port_protect_network_loop", &s.port_protect_network_loop, code,
                   message) < 0 ||
        param_bool(params, "port_protect_pause_flood", &s.port_protect_pause_flood, code, message) <
            0 ||
        param_string(params, "mac_source", false, &src[0], code, message) < 0 ||
        param_string(params, "wwn_source", false, &src[1], code, message) < 0 ||
        param_string(params, "serial_source", false, &src[2], code, message) < 0)
        return -1;
    for (int i = 0; i < 3; i++)
        if (src[i] != NULL && manager_source_parse(src[i], dst[i]) < 0)
            return param_error(code, message, "address source \"%s\" is not factory or pool",
                               src[i]);
    int rc = ops_domain_set(&m->st, &s, error, sizeof(error));
    return manager_finish(m, "domain.set", &before, rc, error, result, code, message);
}

HANDLER(ENCLOSURE_SHOW)
{
    static const char *const keys[] = {NULL};
    struct manager *m = ctx;
    struct domain *d = m->st.domain;
    json_t *list;

    if (param_check_keys(params, keys, code, message) < 0)
        return -1;
    list = json_array();
    for (unsigned e = 0; e < d->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++) {
        const struct domain_enclosure *enclosure = &d->enclosures[e];
        unsigned present = 0;
        for (unsigned b = 0; b < DOMAIN_BAYS; b++)
            present += enclosure->bays[b].blade.present;
        json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:i}", "id", enclosure->id, "name",
                                              enclosure->name, "imported", enclosure->imported,
                                              "servers_present", (int)present));
    }
    *result = json_pack("{s:o}", "enclosures", list);
    return 0;
}

HANDLER(ENCLOSURE_IMPORT)
{
    return manager_change_named(ctx, params, "id", ops_enclosure_import, "enclosure.import", result,
                                code, message);
}

/* network_params: the optional network properties of params into *n. */

static json_t *pool_json(struct pool *pool, enum domain_address_source source)
{
    enum pool_kind kind = pool_kind(pool);
    json_t *ranges = json_array();
    struct pool_counts c;

    for (unsigned i = 0; i < pool_range_count(pool); i++) {
        struct pool_range_info r;
        if (pool_range_get(pool, i, &r) < 0)
            continue;
        json_t *o =
            json_pack("{s:o, s:o, s:I, s:I, s:I}", "start", manager_address_json(kind, r.start),
                      "end", manager_address_json(kind, r.end), "size", (json_int_t)r.size, "free",
                      (json_int_t)r.free, "in_use", (json_int_t)r.in_use);
        json_object_set_new(o, "predefined",
                            r.predefined >= 0 ? json_integer(r.predefined) : json_null());
        json_array_append_new(ranges, o);
    }
    pool_counts(pool, &c);
    return json_pack("{s:s, s:o, s:I, s:I, s:I, s:I}", "source", manager_source_name(source),
                     "ranges", ranges, "size", (json_int_t)c.size, "free", (json_int_t)c.free,
                     "in_use", (json_int_t)c.in_use, "external", (json_int_t)c.external);
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
static int range_params(json_t *params, int *kind, int *predefined, uint64_t *start, uint64_t *end,
                        int *code, char *message)
{
    static const char *const keys[] = {"kind", "predefined", "start", "end", NULL};
    const char *k = NULL, *s = NULL, *e = NULL;
    unsigned pre = 0;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "kind", true, &k, code, message) < 0 ||
        param_uint(params, "predefined", false, &pre, code, message) < 0 ||
        param_string(params, "start", false, &s, code, message) < 0 ||
        param_string(params, "end", false, &e, code, message) < 0)
        return -1;
    *kind = strcmp(k, "mac") == 0      ? POOL_KIND_MAC
            : strcmp(k, "wwn") == 0    ? POOL_KIND_WWN
            : strcmp(k, "serial") == 0 ? POOL_KIND_SERIAL
                                       : -1;
    if (*kind < 0)
        return param_error(code, message, "kind \"%s\" is not mac, wwn or serial", k);
    if (json_object_get(params, "predefined") != NULL) {
        *predefined = (int)pre;
        return 0;
    }
    *predefined = -1;
    if (s == NULL || e == NULL)
        return param_error(code, message, "%s: give predefined, or start and end", "range");
    if (pool_parse_address((enum pool_kind) * kind, s, start) < 0)
        return param_error(code, message, "start \"%s\" is not an address of the pool's kind", s);
    if (pool_parse_address((enum pool_kind) * kind, e, end) < 0)
        return param_error(code, message, "end \"%s\" is not an address of the pool's kind", e);
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
    return manager_finish(m, "pool.range_add", &before, rc, error, result, code, message);
}

HANDLER(POOL_RANGE_REMOVE)
{
    CHANGE_BEGIN;
    int kind, predefined;
    uint64_t start = 0, end = 0;

    if (range_params(params, &kind, &predefined, &start, &end, code, message) < 0)
        return -1;
    int rc = ops_pool_range_remove(&m->st, kind, predefined, start, end, error, sizeof(error));
    return manager_finish(m, "pool.range_remove", &before, rc, error, result, code, message);
}
