/*
 * manager: what vc-manager's method handlers share -- the daemon's state,
 * the helpers that read JSON-RPC params, and the one way every change ends
 * (manager_finish: audit, dataplane document, identities of the bays that
 * changed).
 *
 * Why a header: the methods live in one file per area (methods_domain.c,
 * methods_network.c, methods_profile.c, ...), and the daemon (manager.c)
 * only builds the method table from MANAGER_FOREACH_METHOD and runs the
 * server. Each handler is manager_method_<NAME> for the method's enum
 * suffix in common/methods.h, with the rpc_server_handler signature.
 *
 * Not thread-safe: one manager, one poll loop.
 */
#ifndef OPENVC_MGMT_MANAGER_H
#define OPENVC_MGMT_MANAGER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/methods.h"
#include "common/rpc_server.h"
#include "mgmt/dataplane_sync.h"
#include "mgmt/oa.h"
#include "mgmt/operations.h"
#include "profiles/pool.h"

#define MANAGER_ENCLOSURE "enc0" /* the enclosure of this module (plan.h) */

struct manager {
    struct manager_state st;
    struct dataplane_sync *sync;
    struct oa_driver *oa;
    struct rpc_server *server;
    const char *dataplane_path; /* its control socket, for queries (methods_interconnect.c) */
    const char *snmpd_include;  /* snmpd's include file for the SNMP settings, NULL = none */
    bool was_connected;
    bool audit_by_cli; /* cli_execute audits the command: manager_finish writes no row */
    char last_sync_error[DATAPLANE_SYNC_ERROR_MAX];
};

/* What a profile makes of each bay of every enclosure (by its position in
 * domain.enclosures), to see which bays changed. */
struct bay_snapshot {
    bool assigned[DOMAIN_MAX_ENCLOSURES][DOMAIN_BAYS];
    struct oa_identity identity[DOMAIN_MAX_ENCLOSURES][DOMAIN_BAYS];
};

/* ------------------------------------------------------ method handlers */

#define MANAGER_METHOD_DECLARE(name, wire, role, help)                                             \
    int manager_method_##name(json_t *params, json_t **result, int *code, char *message, void *ctx);
MANAGER_FOREACH_METHOD(MANAGER_METHOD_DECLARE)
#undef MANAGER_METHOD_DECLARE

/* HANDLER(NAME) { ... }: the definition of manager_method_NAME; ctx is the
 * struct manager. */
#define HANDLER(name)                                                                              \
    int manager_method_##name(json_t *params, json_t **result, int *code, char *message, void *ctx)
/* CHANGE_BEGIN: the start of every changing handler: m, the bays as they
 * are (for manager_finish) and the operation's error text. */
#define CHANGE_BEGIN                                                                               \
    struct manager *m = ctx;                                                                       \
    struct bay_snapshot before;                                                                    \
    char error[RPC_SERVER_MESSAGE_MAX] = "";                                                       \
    manager_snapshot(m, &before)

/* manager_snmp_apply: write snmpd's include file from the stored SNMP
 * settings (at start-up; methods_snmp.c). 0 or -errno with error filled. */
int manager_snmp_apply(struct manager *m, char *error, size_t size);

/* ------------------------------------------------------ params (manager_params.c) */

/* param_error: fill code/message for invalid params (fmt has one %s, what);
 * returns -1. */
int param_error(int *code, char *message, const char *fmt, const char *what);
/* param_check_keys: every member of params is in allowed (NULL-terminated).
 * Returns 0, or -1 with an invalid-params error naming the first other. */
int param_check_keys(json_t *params, const char *const *allowed, int *code, char *message);
/* param_string: params[key] as a string into *out; absent: *out untouched,
 * and an error when required. Returns 0 or -1 (code/message set). */
int param_string(json_t *params, const char *key, bool required, const char **out, int *code,
                 char *message);
/* param_uint: as param_string for a non-negative integer. */
int param_uint(json_t *params, const char *key, bool required, unsigned *out, int *code,
               char *message);
/* param_bool: as param_string for an optional boolean. */
int param_bool(json_t *params, const char *key, bool *out, int *code, char *message);
/* param_text: params[key] (optional string) copied into dst/size; too long
 * is an error. */
int param_text(json_t *params, const char *key, char *dst, size_t size, int *code, char *message);

/* param_speed_type: the optional params.speed_type (auto, preferred,
 * custom, disabled) into *type (absent: untouched). 0 or -1. */
int param_speed_type(json_t *params, enum domain_speed_type *type, int *code, char *message);
/* param_address_source: the optional params[key] (factory, pool, user)
 * into *source; absent: pool when pool_source is, else factory. 0 or -1. */
int param_address_source(json_t *params, const char *key, enum domain_address_source pool_source,
                         enum domain_address_source *source, int *code, char *message);

/* manager_source_name / manager_source_parse: address sources as the
 * protocol writes them ("factory", "pool"). parse: 0 or -EINVAL. */
const char *manager_source_name(enum domain_address_source s);
int manager_source_parse(const char *text, enum domain_address_source *s);
/* The protocol's words for enum domain_speed_type and enum domain_pxe. */
extern const char *const manager_speed_names[4];
extern const char *const manager_pxe_names[3];
/* manager_name_index: index of text in names[n], or -1. */
int manager_name_index(const char *const *names, int n, const char *text);
/* manager_address_json: an address of `kind` as text, null for 0. */
json_t *manager_address_json(enum pool_kind kind, uint64_t address);
/* manager_fc_json: the FCoE (fcoe) or FC connections of profile p as
 * profile.show reports them; `bay` is the profile's bay (NULL when
 * unassigned), whose blade's factory WWNs a factory connection shows. */
json_t *manager_fc_json(const struct domain_profile *p, const struct domain_bay *bay, bool fcoe);
/* manager_errno_code: the JSON-RPC error code of an operation's errno. */
int manager_errno_code(int rc);

/* ------------------------------------------------------ changes (manager_change.c) */

/* manager_snapshot: the identity every bay of every enclosure gets now. */
void manager_snapshot(const struct manager *m, struct bay_snapshot *s);
/* manager_bay_apply: give bay b of `enclosure` its identity (or its own
 * back when not assigned); power_cycle: power the blade off around the
 * change when it is on. Logs failures. */
void manager_bay_apply(struct manager *m, const char *enclosure, unsigned b, bool assigned,
                       const struct oa_identity *id, bool power_cycle);
/* manager_apply_all: manager_bay_apply for every bay of every enclosure
 * with what `s` says, without power cycles (start-up). */
void manager_apply_all(struct manager *m, const struct bay_snapshot *s);
/* manager_push_document: plan the dataplane document of the committed
 * domain and hand it to the sync. Logs failures. */
void manager_push_document(struct manager *m);
/* manager_finish: the end of every changing method: on failure (rc < 0)
 * the error (logged, audited, code/message set); on success the audit row,
 * the dataplane document, the bays whose identity changed since `before`,
 * and *result = {"generation": n}. Returns 0 or -1. */
int manager_finish(struct manager *m, const char *method, const struct bay_snapshot *before, int rc,
                   const char *error, json_t **result, int *code, char *message);

/* manager_change_named: a whole changing method whose only parameter is
 * the name `key` (required, nothing else accepted) and whose operation is
 * op(state, name, error, error_size): params checked, op run, then
 * manager_finish with `method`. Returns 0 or -1 as a handler does. */
int manager_change_named(void *ctx, json_t *params, const char *key,
                         int (*op)(struct manager_state *, const char *, char *, size_t),
                         const char *method, json_t **result, int *code, char *message);

#endif
