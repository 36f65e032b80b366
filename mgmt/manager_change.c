/*
 * manager_change: how every committed change of vc-manager reaches the
 * world -- the audit row, the dataplane's new document, and the identity of
 * each bay whose profile changed, pushed through the OA with the blade
 * powered off around it (as the real product does).
 */
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "mgmt/manager.h"
#include "profiles/plan.h"
#include "profiles/store.h"

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

/* snapshot: the identity every bay of every enclosure gets now. */
void manager_snapshot(const struct manager *m, struct bay_snapshot *s)
{
    struct domain *d = m->st.domain;

    memset(s, 0, sizeof(*s));
    for (unsigned e = 0; e < d->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++)
        for (unsigned b = 1; b <= DOMAIN_BAYS; b++) {
            struct domain_bay *bay = &d->enclosures[e].bays[b - 1];
            struct domain_profile *p = domain_find_profile(d, bay->profile);
            if (p == NULL)
                continue;
            s->assigned[e][b - 1] = true;
            bay_identity(d, p, &bay->blade, &s->identity[e][b - 1]);
        }
}

/* bay_apply: give bay b of `enclosure` its identity (or its own back);
 * power_cycle: power the blade off around the change when it is on. Logs
 * failures. */
void manager_bay_apply(struct manager *m, const char *enclosure, unsigned b, bool assigned,
                       const struct oa_identity *id, bool power_cycle)
{
    struct oa_blade_info info;
    char error[512];
    int rc;

    if (m->oa->bay_info(m->oa, enclosure, b, &info, error, sizeof(error)) < 0 || !info.present)
        return;
    bool was_on = info.powered_on;
    if (power_cycle && was_on &&
        m->oa->power_set(m->oa, enclosure, b, false, error, sizeof(error)) < 0)
        log_warnx("server %s:%u: power off: %s", enclosure, b, error);
    rc = assigned ? m->oa->identity_push(m->oa, enclosure, b, id, error, sizeof(error))
                  : m->oa->identity_clear(m->oa, enclosure, b, error, sizeof(error));
    if (rc < 0)
        log_warnx("server %s:%u: identity %s: %s", enclosure, b, assigned ? "push" : "clear",
                  error);
    else
        log_info("server %s:%u: identity %s", enclosure, b, assigned ? "pushed" : "cleared");
    if (power_cycle && was_on &&
        m->oa->power_set(m->oa, enclosure, b, true, error, sizeof(error)) < 0)
        log_warnx("server %s:%u: power on: %s", enclosure, b, error);
}

void manager_apply_all(struct manager *m, const struct bay_snapshot *s)
{
    const struct domain *d = m->st.domain;

    for (unsigned e = 0; e < d->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++)
        for (unsigned b = 0; b < DOMAIN_BAYS; b++)
            manager_bay_apply(m, d->enclosures[e].id, b + 1, s->assigned[e][b], &s->identity[e][b],
                              false);
}

/* push_document: plan the dataplane document of the committed domain and
 * hand it to the sync. Logs failures. */
void manager_push_document(struct manager *m)
{
    char error[512];
    json_t *doc =
        plan_dataplane_document(m->st.domain, m->st.domain->generation, error, sizeof(error));

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
int manager_finish(struct manager *m, const char *method, const struct bay_snapshot *before, int rc,
                   const char *error, json_t **result, int *code, char *message)
{
    struct bay_snapshot after;
    char audit_error[256], line[600];

    if (rc < 0) {
        *code = manager_errno_code(rc);
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        log_info("%s refused: %s", method, error);
        snprintf(line, sizeof(line), "ERROR: %s", error);
        if (!m->audit_by_cli)
            store_audit(m->st.store, "rpc", "vc-manager", method, line, NULL, 0);
        return -1;
    }
    log_info("%s: generation %llu", method, (unsigned long long)m->st.domain->generation);
    if (!m->audit_by_cli && store_audit(m->st.store, "rpc", "vc-manager", method, "SUCCESS",
                                        audit_error, sizeof(audit_error)) < 0)
        log_warnx("audit: %s", audit_error);
    manager_push_document(m);
    manager_snapshot(m, &after);
    for (unsigned e = 0; e < m->st.domain->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++)
        for (unsigned b = 0; b < DOMAIN_BAYS; b++)
            if (before->assigned[e][b] != after.assigned[e][b] ||
                memcmp(&before->identity[e][b], &after.identity[e][b],
                       sizeof(after.identity[e][b])) != 0)
                manager_bay_apply(m, m->st.domain->enclosures[e].id, b + 1, after.assigned[e][b],
                                  &after.identity[e][b], true);
    *result = json_pack("{s:I}", "generation", (json_int_t)m->st.domain->generation);
    return 0;
}

int manager_change_named(void *ctx, json_t *params, const char *key,
                         int (*op)(struct manager_state *, const char *, char *, size_t),
                         const char *method, json_t **result, int *code, char *message)
{
    const char *const keys[] = {key, NULL};
    CHANGE_BEGIN;
    const char *name = NULL;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, key, true, &name, code, message) < 0)
        return -1;
    int rc = op(&m->st, name, error, sizeof(error));
    return manager_finish(m, method, &before, rc, error, result, code, message);
}
