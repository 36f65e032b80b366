/*
 * methods_snmp: vc-manager's SNMP settings methods -- snmp.show, snmp.set,
 * snmp_trap.add/remove, snmp_user.add/remove, snmp_access.add/remove
 * (docs/manager-protocol.md, mgmt/snmp_settings.h).
 *
 * Every change loads the stored settings, changes a copy, checks the whole
 * (snmp_settings_validate), writes snmpd's include file aside, stores the
 * settings with the next generation, then moves the include file into place
 * (rename: snmpd never reads half a file). A refused change touches neither
 * the store nor the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/jsonrpc.h"
#include "common/log.h"
#include "mgmt/manager.h"
#include "mgmt/snmp_settings_store.h"

/* snmp_include_write: the include text of s into path.tmp (mode 0640);
 * 0 or -errno (error filled). */
static int snmp_include_write(const char *path, const struct snmp_settings *s, char *error,
                              size_t size)
{
    static char text[65536];
    char tmp[4096];
    int n = snmp_settings_render(s, text, sizeof(text));

    if (n < 0)
        return snprintf(error, size, "snmpd include: too long"), -ENOSPC;
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0 || write(fd, text, (size_t)n) != n || fsync(fd) < 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        unlink(tmp);
        snprintf(error, size, "snmpd include %s: %s", tmp, strerror(e));
        return -e;
    }
    close(fd);
    return 0;
}

int manager_snmp_apply(struct manager *m, char *error, size_t size)
{
    struct snmp_settings s;
    uint64_t generation;
    char tmp[4096];

    if (m->snmpd_include == NULL)
        return 0;
    int rc = snmp_settings_load(m->st.store, &s, &generation, error, size);
    if (rc == 0)
        rc = snmp_include_write(m->snmpd_include, &s, error, size);
    snprintf(tmp, sizeof(tmp), "%s.tmp", m->snmpd_include);
    if (rc == 0 && rename(tmp, m->snmpd_include) < 0) {
        snprintf(error, size, "snmpd include %s: %s", m->snmpd_include, strerror(errno));
        rc = -errno;
    }
    return rc;
}

/* snmp_commit: the end of every change: validate next, write the include
 * aside, store with generation + 1, put the include in place, audit.
 * rc < 0: refused before (error holds why). Returns 0 or -1. */
static int snmp_commit(struct manager *m, const char *method, const char *what,
                       const struct snmp_settings *next, uint64_t generation, int rc, char *error,
                       size_t size, json_t **result, int *code, char *message)
{
    char line[RPC_SERVER_MESSAGE_MAX + 16], command[128], audit_error[256], tmp[4096];

    if (rc == 0)
        rc = snmp_settings_validate(next, error, size);
    if (rc == 0 && m->snmpd_include != NULL)
        rc = snmp_include_write(m->snmpd_include, next, error, size);
    if (rc == 0)
        rc = snmp_settings_save(m->st.store, next, generation + 1, error, size);
    if (m->snmpd_include != NULL) {
        snprintf(tmp, sizeof(tmp), "%s.tmp", m->snmpd_include);
        if (rc == 0 && rename(tmp, m->snmpd_include) < 0)
            log_warn("snmpd include %s", m->snmpd_include); /* stored; applied at next start */
        unlink(tmp);
    }
    snprintf(command, sizeof(command), "%s %s", method, what);
    if (rc < 0) {
        *code = rc == -EINVAL   ? JSONRPC_INVALID_CONFIG
                : rc == -ENOENT ? JSONRPC_NOT_FOUND
                                : manager_errno_code(rc);
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        snprintf(line, sizeof(line), "ERROR: %s", error);
        log_info("%s refused: %s", command, error);
    } else {
        snprintf(line, sizeof(line), "SUCCESS");
        log_info("%s: SNMP settings generation %llu", command,
                 (unsigned long long)(generation + 1));
        *result = json_pack("{s:I}", "generation", (json_int_t)(generation + 1));
    }
    if (!m->audit_by_cli && store_audit(m->st.store, "rpc", "vc-manager", command, line,
                                        audit_error, sizeof(audit_error)) < 0)
        log_warnx("audit: %s", audit_error);
    return rc < 0 ? -1 : 0;
}

/* SNMP_BEGIN: load the settings into s (and generation), or fail. */
#define SNMP_BEGIN                                                                                 \
    struct manager *m = ctx;                                                                       \
    struct snmp_settings s;                                                                        \
    uint64_t generation;                                                                           \
    char error[RPC_SERVER_MESSAGE_MAX] = "";                                                       \
    if (snmp_settings_load(m->st.store, &s, &generation, error, sizeof(error)) < 0) {              \
        *code = JSONRPC_INTERNAL_ERROR;                                                            \
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);                                    \
        return -1;                                                                                 \
    }

#define SNMP_COMMIT(method, what, rc)                                                              \
    snmp_commit(m, method, what, &s, generation, rc, error, sizeof(error), result, code, message)

HANDLER(SNMP_SHOW)
{
    static const char *const keys[] = {NULL};
    if (param_check_keys(params, keys, code, message) < 0)
        return -1;
    SNMP_BEGIN;
    *result = snmp_settings_to_json(&s, false);
    json_object_set_new(*result, "generation", json_integer((json_int_t)generation));
    return 0;
}

HANDLER(SNMP_SET)
{
    static const char *const keys[] = {"enabled", "read_community", "contact", "location", NULL};
    SNMP_BEGIN;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_bool(params, "enabled", &s.enabled, code, message) < 0 ||
        param_text(params, "read_community", s.read_community, sizeof(s.read_community), code,
                   message) < 0 ||
        param_text(params, "contact", s.contact, sizeof(s.contact), code, message) < 0 ||
        param_text(params, "location", s.location, sizeof(s.location), code, message) < 0)
        return -1;
    return SNMP_COMMIT("snmp.set", "", 0);
}

HANDLER(SNMP_TRAP_ADD)
{
    static const char *const keys[] = {"destination", "format", "community", "user", NULL};
    const char *format = "SNMPv2";
    SNMP_BEGIN;
    struct snmp_trap t = {0};
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_text(params, "destination", t.destination, sizeof(t.destination), code, message) <
            0 ||
        param_string(params, "format", false, &format, code, message) < 0 ||
        param_text(params, "community", t.community, sizeof(t.community), code, message) < 0 ||
        param_text(params, "user", t.user, sizeof(t.user), code, message) < 0)
        return -1;
    if (t.destination[0] == '\0')
        return param_error(code, message, "parameter \"%s\" is required", "destination");
    if (snmp_trap_format_parse(format, &t.format) < 0)
        return param_error(code, message, "format \"%s\" is not SNMPv1, SNMPv2 or SNMPv3", format);
    int rc = 0;
    if (s.n_traps == SNMP_MAX_TRAPS)
        rc = -ENOSPC,
        snprintf(error, sizeof(error), "at most %d trap destinations", SNMP_MAX_TRAPS);
    else
        s.traps[s.n_traps++] = t;
    return SNMP_COMMIT("snmp_trap.add", t.destination, rc);
}

HANDLER(SNMP_TRAP_REMOVE)
{
    static const char *const keys[] = {"destination", NULL};
    const char *destination = NULL;
    SNMP_BEGIN;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "destination", true, &destination, code, message) < 0)
        return -1;
    int rc = -ENOENT;
    for (unsigned i = 0; i < s.n_traps; i++)
        if (strcmp(s.traps[i].destination, destination) == 0) {
            s.traps[i] = s.traps[--s.n_traps];
            rc = 0;
            break;
        }
    if (rc < 0)
        snprintf(error, sizeof(error), "no trap destination %s", destination);
    return SNMP_COMMIT("snmp_trap.remove", destination, rc);
}

HANDLER(SNMP_USER_ADD)
{
    static const char *const keys[] = {"name", "auth", "auth_key", "priv", "priv_key", NULL};
    const char *auth = "SHA", *priv = "AES";
    SNMP_BEGIN;
    struct snmp_user u = {0};
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_text(params, "name", u.name, sizeof(u.name), code, message) < 0 ||
        param_text(params, "auth_key", u.auth_key, sizeof(u.auth_key), code, message) < 0 ||
        param_text(params, "priv_key", u.priv_key, sizeof(u.priv_key), code, message) < 0 ||
        param_string(params, "auth", false, &auth, code, message) < 0 ||
        param_string(params, "priv", false, &priv, code, message) < 0)
        return -1;
    if (strcmp(auth, "SHA") != 0)
        return param_error(code, message, "auth \"%s\": only SHA", auth);
    if (strcmp(priv, "AES") != 0)
        return param_error(code, message, "priv \"%s\": only AES", priv);
    int rc = 0;
    if (s.n_users == SNMP_MAX_USERS)
        rc = -ENOSPC, snprintf(error, sizeof(error), "at most %d SNMPv3 users", SNMP_MAX_USERS);
    else
        s.users[s.n_users++] = u;
    return SNMP_COMMIT("snmp_user.add", u.name, rc);
}

HANDLER(SNMP_USER_REMOVE)
{
    static const char *const keys[] = {"name", NULL};
    const char *name = NULL;
    SNMP_BEGIN;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "name", true, &name, code, message) < 0)
        return -1;
    int rc = -ENOENT;
    for (unsigned i = 0; i < s.n_users; i++)
        if (strcmp(s.users[i].name, name) == 0) {
            s.users[i] = s.users[--s.n_users];
            rc = 0;
            break;
        }
    if (rc < 0)
        snprintf(error, sizeof(error), "no SNMPv3 user %s", name);
    return SNMP_COMMIT("snmp_user.remove", name, rc);
}

HANDLER(SNMP_ACCESS_ADD)
{
    static const char *const keys[] = {"network", NULL};
    SNMP_BEGIN;
    char network[SNMP_TEXT_MAX] = "";
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_text(params, "network", network, sizeof(network), code, message) < 0)
        return -1;
    if (network[0] == '\0')
        return param_error(code, message, "parameter \"%s\" is required", "network");
    int rc = 0;
    if (s.n_access == SNMP_MAX_ACCESS)
        rc = -ENOSPC, snprintf(error, sizeof(error), "at most %d access entries", SNMP_MAX_ACCESS);
    else
        strcpy(s.access[s.n_access++], network);
    return SNMP_COMMIT("snmp_access.add", network, rc);
}

HANDLER(SNMP_ACCESS_REMOVE)
{
    static const char *const keys[] = {"network", NULL};
    const char *network = NULL;
    SNMP_BEGIN;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "network", true, &network, code, message) < 0)
        return -1;
    int rc = -ENOENT;
    for (unsigned i = 0; i < s.n_access; i++)
        if (strcmp(s.access[i], network) == 0) {
            memmove(s.access[i], s.access[i + 1], (s.n_access - i - 1) * sizeof(s.access[0]));
            s.n_access--;
            rc = 0;
            break;
        }
    if (rc < 0)
        snprintf(error, sizeof(error), "no access entry %s", network);
    return SNMP_COMMIT("snmp_access.remove", network, rc);
}
