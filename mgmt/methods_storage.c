/*
 * methods_storage: vc-manager's methods for the storage side of server
 * profiles -- FCoE connections (FlexNIC b of a LOM port) and FC
 * connections: fabric, speed, WWPN/WWNN from the WWN pool, SAN boot.
 * They need the Storage role (VC-REFERENCE.md: WWNs, fabrics).
 * docs/manager-protocol.md.
 */
#include <stdio.h>
#include <string.h>

#include "common/jsonrpc.h"
#include "mgmt/manager.h"
#include "profiles/plan.h"

json_t *manager_fc_json(const struct domain_profile *p, const struct domain_bay *bay, bool fcoe)
{
    json_t *list = json_array();

    for (unsigned i = 0; i < p->n_fc; i++) {
        const struct domain_fc_connection *c = &p->fc[i];
        char port[PLAN_PORT_NAME_MAX] = "";
        unsigned lom, flexnic;
        uint64_t wwpn = c->wwpn, wwnn = c->wwnn;

        if (c->fcoe != fcoe)
            continue;
        if (fcoe && plan_fcoe_port(p, i + 1, &lom, &flexnic) == 0)
            plan_format_port(lom, flexnic, port, sizeof(port));
        if (c->wwn_source == DOMAIN_ADDRESS_FACTORY && bay != NULL && bay->blade.present) {
            wwpn = bay->blade.factory_wwpn[i];
            wwnn = wwpn != 0 ? wwpn + 1 : 0;
        }
        json_t *o = json_pack(
            "{s:i, s:s, s:o, s:o, s:s, s:s, s:i, s:b, s:o, s:i}", "index", (int)c->index, "fabric",
            c->fabric, "wwpn", manager_address_json(POOL_KIND_WWN, wwpn), "wwnn",
            manager_address_json(POOL_KIND_WWN, wwnn), "wwn_source",
            manager_source_name(c->wwn_source), "speed_type",
            manager_speed_names[c->speed_type <= DOMAIN_SPEED_DISABLED ? c->speed_type : 0],
            "speed_mbps", (int)c->speed_mbps, "boot_enabled", c->boot_enabled, "boot_target",
            manager_address_json(POOL_KIND_WWN, c->boot_target_wwpn), "boot_lun", (int)c->boot_lun);
        json_object_set_new(o, "port", port[0] != '\0' ? json_string(port) : json_null());
        json_array_append_new(list, o);
    }
    return list;
}

/* fc_params: the optional settings of params into *c: fabric, speed_type,
 * speed_mbps, boot_enabled, boot_target (a WWN), boot_lun. Returns 0 or -1
 * (code/message set). */
static int fc_params(json_t *params, struct domain_fc_connection *c, int *code, char *message)
{
    const char *target = NULL;

    if (param_text(params, "fabric", c->fabric, sizeof(c->fabric), code, message) < 0 ||
        param_speed_type(params, &c->speed_type, code, message) < 0 ||
        param_uint(params, "speed_mbps", false, &c->speed_mbps, code, message) < 0 ||
        param_bool(params, "boot_enabled", &c->boot_enabled, code, message) < 0 ||
        param_string(params, "boot_target", false, &target, code, message) < 0 ||
        param_uint(params, "boot_lun", false, &c->boot_lun, code, message) < 0)
        return -1;
    if (target != NULL && pool_parse_address(POOL_KIND_WWN, target, &c->boot_target_wwpn) < 0)
        return param_error(code, message,
                           "boot_target \"%s\" is not a WWN (8 bytes: 50:01:43:80:00:00:00:01)",
                           target);
    return 0;
}

/* fc_add / fc_set / fc_remove: the three methods of each kind. */
static int fc_add(struct manager *m, bool fcoe, const char *method, json_t *params, json_t **result,
                  int *code, char *message)
{
    static const char *const keys[] = {"profile",      "fabric",      "speed_type", "speed_mbps",
                                       "boot_enabled", "boot_target", "boot_lun",   "wwn_source",
                                       "wwpn",         "wwnn",        NULL};
    struct bay_snapshot before;
    char error[RPC_SERVER_MESSAGE_MAX] = "";
    struct domain_fc_connection c = {.fcoe = fcoe, .speed_type = DOMAIN_SPEED_PREFERRED};
    const char *profile = NULL, *wwpn = NULL, *wwnn = NULL;
    unsigned index = 0;

    manager_snapshot(m, &before);
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "profile", true, &profile, code, message) < 0 ||
        fc_params(params, &c, code, message) < 0 ||
        param_address_source(params, "wwn_source", m->st.domain->pools.wwn_source, &c.wwn_source,
                             code, message) < 0 ||
        param_string(params, "wwpn", false, &wwpn, code, message) < 0 ||
        param_string(params, "wwnn", false, &wwnn, code, message) < 0)
        return -1;
    if ((wwpn != NULL && pool_parse_address(POOL_KIND_WWN, wwpn, &c.wwpn) < 0) ||
        (wwnn != NULL && pool_parse_address(POOL_KIND_WWN, wwnn, &c.wwnn) < 0))
        return param_error(code, message, "%s is not a WWN (8 bytes: 30:56:43:00:00:00:00:00)",
                           wwpn != NULL && c.wwpn == 0 ? "wwpn" : "wwnn");
    int rc = ops_fc_add_connection(&m->st, profile, &c, &index, error, sizeof(error));
    rc = manager_finish(m, method, &before, rc, error, result, code, message);
    if (rc == 0)
        json_object_set_new(*result, "index", json_integer(index));
    return rc;
}

static int fc_set(struct manager *m, bool fcoe, const char *method, json_t *params, json_t **result,
                  int *code, char *message)
{
    static const char *const keys[] = {"profile",     "index",      "fabric",
                                       "speed_type",  "speed_mbps", "boot_enabled",
                                       "boot_target", "boot_lun",   NULL};
    struct bay_snapshot before;
    char error[RPC_SERVER_MESSAGE_MAX] = "";
    const char *profile = NULL;
    unsigned index = 0;

    manager_snapshot(m, &before);
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "profile", true, &profile, code, message) < 0 ||
        param_uint(params, "index", true, &index, code, message) < 0)
        return -1;
    struct domain_profile *p = domain_find_profile(m->st.domain, profile);
    if (p == NULL || index < 1 || index > p->n_fc || p->fc[index - 1].fcoe != fcoe) {
        *code = JSONRPC_NOT_FOUND;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "profile %s has no %s %u", profile,
                 fcoe ? "fcoe-connection" : "fc-connection", index);
        return -1;
    }
    struct domain_fc_connection c = p->fc[index - 1];
    if (fc_params(params, &c, code, message) < 0)
        return -1;
    int rc = ops_fc_set(&m->st, profile, &c, error, sizeof(error));
    return manager_finish(m, method, &before, rc, error, result, code, message);
}

static int fc_remove(struct manager *m, bool fcoe, const char *method, json_t *params,
                     json_t **result, int *code, char *message)
{
    static const char *const keys[] = {"profile", NULL};
    struct bay_snapshot before;
    char error[RPC_SERVER_MESSAGE_MAX] = "";
    const char *profile = NULL;

    manager_snapshot(m, &before);
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "profile", true, &profile, code, message) < 0)
        return -1;
    int rc = ops_fc_remove(&m->st, profile, fcoe, error, sizeof(error));
    return manager_finish(m, method, &before, rc, error, result, code, message);
}

HANDLER(FCOE_ADD)
{
    return fc_add(ctx, true, "fcoe_connection.add", params, result, code, message);
}

HANDLER(FCOE_SET)
{
    return fc_set(ctx, true, "fcoe_connection.set", params, result, code, message);
}

HANDLER(FCOE_REMOVE)
{
    return fc_remove(ctx, true, "fcoe_connection.remove", params, result, code, message);
}

HANDLER(FC_ADD)
{
    return fc_add(ctx, false, "fc_connection.add", params, result, code, message);
}

HANDLER(FC_SET)
{
    return fc_set(ctx, false, "fc_connection.set", params, result, code, message);
}

HANDLER(FC_REMOVE)
{
    return fc_remove(ctx, false, "fc_connection.remove", params, result, code, message);
}
