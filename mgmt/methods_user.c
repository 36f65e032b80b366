/*
 * methods_user: vc-manager's methods for local users and logins --
 * user.add, user.set, user.remove, user.show, user_security.show/set and
 * session.login (docs/manager-protocol.md) -- and the two queries other
 * parts of the manager use: users_roles (the command engine's role check)
 * and users_bootstrap (the first Administrator of a new store).
 *
 * A password or its hash never leaves the manager: user.show has no hash,
 * the audit has the method and the result, never the params. A failed
 * login answers the same text whatever went wrong (unknown user, disabled,
 * bad password, key not the user's); the audit row and the log say which.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "common/jsonrpc.h"
#include "common/log.h"
#include "mgmt/manager.h"
#include "mgmt/users.h"
#include "profiles/store.h"

#define LOGIN_FAILED "Invalid username or password"

/* ------------------------------------------------------------ helpers */

/* roles_json: the role names of `mask`, as an array. */
static json_t *roles_json(unsigned mask)
{
    json_t *a = json_array();
    for (int r = METHOD_ROLE_DOMAIN; r < METHOD_ROLE_COUNT; r++)
        if (mask & (1u << r))
            json_array_append_new(a, json_string(users_role_name((enum method_role)r)));
    return a;
}

/* user_finish: the end of a changing user method: audit and log, then
 * {} or the error (code from the errno). Returns 0 or -1. */
static int user_finish(struct manager *m, const char *method, const char *name, int rc,
                       const char *error, json_t **result, int *code, char *message)
{
    char line[RPC_SERVER_MESSAGE_MAX + 16], command[96], audit_error[256], shown[64];

    log_printable(shown, sizeof(shown), name);
    snprintf(command, sizeof(command), "%s %s", method, shown);
    if (rc < 0) {
        *code = manager_errno_code(rc);
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        snprintf(line, sizeof(line), "ERROR: %s", error);
        log_info("%s refused: %s", command, error);
    } else {
        snprintf(line, sizeof(line), "SUCCESS");
        log_info("%s", command);
        *result = json_object();
    }
    if (!m->audit_by_cli && store_audit(m->st.store, "rpc", "vc-manager", command, line,
                                        audit_error, sizeof(audit_error)) < 0)
        log_warnx("audit: %s", audit_error);
    return rc < 0 ? -1 : 0;
}

/* roles_param: params.roles (a comma-separated string or an array of
 * them) into *mask; absent leaves *mask. 0 or -1 (code/message set). */
static int roles_param(json_t *params, unsigned *mask, int *code, char *message)
{
    json_t *v = json_object_get(params, "roles"), *item;
    char error[160];
    size_t i;
    unsigned all = 0, one;

    if (v == NULL)
        return 0;
    if (json_is_string(v)) {
        if (users_roles_parse(json_string_value(v), mask, error, sizeof(error)) < 0)
            return param_error(code, message, "%s", error);
        return 0;
    }
    if (!json_is_array(v))
        return param_error(code, message, "%s: a string or an array of role names", "roles");
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item))
            return param_error(code, message, "%s: a string or an array of role names", "roles");
        if (users_roles_parse(json_string_value(item), &one, error, sizeof(error)) < 0)
            return param_error(code, message, "%s", error);
        all |= one;
    }
    *mask = all;
    return 0;
}

/* keys_param: params.ssh_keys (an array of OpenSSH public key lines) into
 * the user's keys; absent leaves them. 0 or -1. */
static int keys_param(json_t *params, struct user_record *u, int *code, char *message)
{
    json_t *v = json_object_get(params, "ssh_keys"), *item;
    char error[160];
    size_t i;

    if (v == NULL)
        return 0;
    if (!json_is_array(v))
        return param_error(code, message, "%s: an array of OpenSSH public key lines", "ssh_keys");
    if (json_array_size(v) > USERS_KEYS_MAX) {
        *code = JSONRPC_INVALID_PARAMS;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "ssh_keys: at most %d keys per user",
                 USERS_KEYS_MAX);
        return -1;
    }
    u->n_keys = 0;
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item))
            return param_error(code, message, "%s: an array of OpenSSH public key lines",
                               "ssh_keys");
        if (users_key_parse(json_string_value(item), u->keys[u->n_keys], USERS_KEY_MAX, error,
                            sizeof(error)) < 0) {
            *code = JSONRPC_INVALID_PARAMS;
            snprintf(message, RPC_SERVER_MESSAGE_MAX, "ssh_keys[%zu]: %s", i, error);
            return -1;
        }
        u->n_keys++;
    }
    return 0;
}

/* user_params: the optional properties of a user.add / user.set into *u;
 * *password gets the new password (NULL when none). 0 or -1. */
static int user_params(json_t *params, struct user_record *u, const char **password, int *code,
                       char *message)
{
    char error[160];

    *password = NULL;
    if (param_string(params, "password", false, password, code, message) < 0 ||
        param_text(params, "full_name", u->full_name, sizeof(u->full_name), code, message) < 0 ||
        param_text(params, "contact_info", u->contact_info, sizeof(u->contact_info), code,
                   message) < 0 ||
        param_bool(params, "enabled", &u->enabled, code, message) < 0 ||
        roles_param(params, &u->roles, code, message) < 0 ||
        keys_param(params, u, code, message) < 0)
        return -1;
    if (users_text_check("full_name", u->full_name, error, sizeof(error)) < 0 ||
        users_text_check("contact_info", u->contact_info, error, sizeof(error)) < 0) {
        *code = JSONRPC_INVALID_PARAMS;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        return -1;
    }
    return 0;
}

/* is_admin: u can manage users (enabled, Domain role). */
static bool is_admin(const struct user_record *u)
{
    return u->enabled && (u->roles & (1u << METHOD_ROLE_DOMAIN));
}

/* other_admins: how many users but `name` are enabled with the Domain
 * role (-1 when the store cannot be read). */
static int other_admins(struct store *store, const char *name)
{
    struct user_record *all = calloc(USERS_MAX, sizeof(*all));
    unsigned n = 0;
    int count = 0;

    if (all == NULL || users_store_list(store, all, &n, NULL, 0) < 0) {
        free(all);
        return -1;
    }
    for (unsigned i = 0; i < n; i++)
        if (strcasecmp(all[i].name, name) != 0 && is_admin(&all[i]))
            count++;
    free(all);
    return count;
}

/* keep_last_admin: 0 when a user but `name` is enabled with the Domain
 * role, else -EBUSY (or -EIO) with why `name` must stay so. */
static int keep_last_admin(struct store *store, const char *name, char *error, size_t error_size)
{
    int others = other_admins(store, name);
    if (others > 0)
        return 0;
    if (others < 0)
        return users_error(error, error_size, -EIO, "users: the store cannot be read");
    return users_error(error, error_size, -EBUSY,
                       "user %s is the last enabled user with the domain role", name);
}

/* set_password: hash `password` of user u (checked against the store's
 * policy) into u. 0, or a negative errno with the reason. */
static int set_password(struct store *store, struct user_record *u, const char *password,
                        char *error, size_t error_size)
{
    struct user_policy policy;
    int rc;

    if ((rc = users_store_policy_get(store, &policy, error, error_size)) < 0 ||
        (rc = users_password_check(password, u->name, &policy, error, error_size)) < 0)
        return rc;
    if ((rc = users_password_make(password, 0, u->password_hash, sizeof(u->password_hash))) < 0)
        snprintf(error, error_size, "password: cannot hash (%s)", strerror(-rc));
    return rc;
}

/* ------------------------------------------------------------ methods */

/* user_write: user.add (create) or user.set. */
static int user_write(struct manager *m, json_t *params, bool create, json_t **result, int *code,
                      char *message)
{
    static const char *const keys[] = {"name",    "password", "roles",        "full_name",
                                       "enabled", "ssh_keys", "contact_info", NULL};
    char error[RPC_SERVER_MESSAGE_MAX] = "";
    const char *name = NULL, *password = NULL;
    struct user_record *u = calloc(1, sizeof(*u));
    bool was_admin = false;
    int rc = -1;

    if (u == NULL)
        return -1;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "name", true, &name, code, message) < 0)
        goto out;
    if (create) {
        if (users_name_check(name, error, sizeof(error)) < 0) {
            param_error(code, message, "%s", error);
            goto out;
        }
        snprintf(u->name, sizeof(u->name), "%s", name);
        u->enabled = true;
        rc = 0;
    } else {
        rc = users_store_get(m->st.store, name, u, error, sizeof(error));
        was_admin = rc == 0 && is_admin(u);
    }
    if (rc == 0 && user_params(params, u, &password, code, message) < 0) {
        rc = -1;
        goto out;
    }
    if (rc == 0 && create && password == NULL) {
        rc = param_error(code, message, "%s is required", "password");
        goto out;
    }
    if (rc == 0 && password != NULL)
        rc = set_password(m->st.store, u, password, error, sizeof(error));
    if (rc == 0 && was_admin && !is_admin(u))
        rc = keep_last_admin(m->st.store, u->name, error, sizeof(error));
    if (rc == 0)
        rc = users_store_put(m->st.store, u, create, error, sizeof(error));
    rc = user_finish(m, create ? "user.add" : "user.set", name, rc, error, result, code, message);
out:
    OPENSSL_cleanse(u, sizeof(*u));
    free(u);
    return rc;
}

HANDLER(USER_ADD)
{
    return user_write(ctx, params, true, result, code, message);
}

HANDLER(USER_SET)
{
    return user_write(ctx, params, false, result, code, message);
}

HANDLER(USER_REMOVE)
{
    static const char *const keys[] = {"name", NULL};
    struct manager *m = ctx;
    char error[RPC_SERVER_MESSAGE_MAX] = "";
    const char *name = NULL;
    struct user_record *u = calloc(1, sizeof(*u));
    int rc = -1;

    if (u == NULL)
        return -1;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "name", true, &name, code, message) < 0)
        goto out;
    rc = users_store_get(m->st.store, name, u, error, sizeof(error));
    if (rc == 0 && is_admin(u))
        rc = keep_last_admin(m->st.store, u->name, error, sizeof(error));
    if (rc == 0)
        rc = users_store_remove(m->st.store, u->name, error, sizeof(error));
    rc = user_finish(m, "user.remove", name, rc, error, result, code, message);
out:
    free(u);
    return rc;
}

/* user_json: what user.show says of u (never the hash). */
static json_t *user_json(const struct user_record *u)
{
    json_t *k = json_array();
    for (unsigned i = 0; i < u->n_keys; i++)
        json_array_append_new(k, json_string(u->keys[i]));
    return json_pack("{s:s, s:s, s:s, s:o, s:b, s:o}", "name", u->name, "full_name", u->full_name,
                     "contact_info", u->contact_info, "roles", roles_json(u->roles), "enabled",
                     u->enabled, "ssh_keys", k);
}

HANDLER(USER_SHOW)
{
    static const char *const keys[] = {"name", NULL};
    struct manager *m = ctx;
    const char *name = NULL;
    char error[RPC_SERVER_MESSAGE_MAX] = "";
    struct user_record *all = calloc(USERS_MAX, sizeof(*all));
    unsigned n = 0;
    int rc = -1;

    if (all == NULL)
        return -1;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "name", false, &name, code, message) < 0)
        goto out;
    if (name != NULL && strcmp(name, "*") != 0) {
        rc = users_store_get(m->st.store, name, &all[0], error, sizeof(error));
        n = 1;
    } else {
        rc = users_store_list(m->st.store, all, &n, error, sizeof(error));
    }
    if (rc < 0) {
        *code = manager_errno_code(rc);
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        rc = -1;
        goto out;
    }
    json_t *list = json_array();
    for (unsigned i = 0; i < n; i++)
        json_array_append_new(list, user_json(&all[i]));
    *result = json_pack("{s:o}", "users", list);
out:
    OPENSSL_cleanse(all, USERS_MAX * sizeof(*all));
    free(all);
    return rc;
}

HANDLER(USER_SECURITY_SHOW)
{
    struct manager *m = ctx;
    struct user_policy p;
    char error[RPC_SERVER_MESSAGE_MAX] = "";

    (void)params;
    int rc = users_store_policy_get(m->st.store, &p, error, sizeof(error));
    if (rc < 0) {
        *code = manager_errno_code(rc);
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "%s", error);
        return -1;
    }
    *result = json_pack("{s:i, s:b}", "min_password_length", (int)p.min_password_length,
                        "strong_passwords", p.strong_passwords);
    return 0;
}

HANDLER(USER_SECURITY_SET)
{
    static const char *const keys[] = {"min_password_length", "strong_passwords", NULL};
    struct manager *m = ctx;
    struct user_policy p;
    char error[RPC_SERVER_MESSAGE_MAX] = "";

    int rc = users_store_policy_get(m->st.store, &p, error, sizeof(error));
    if (rc == 0 && (param_check_keys(params, keys, code, message) < 0 ||
                    param_uint(params, "min_password_length", false, &p.min_password_length, code,
                               message) < 0 ||
                    param_bool(params, "strong_passwords", &p.strong_passwords, code, message) < 0))
        return -1;
    if (rc == 0)
        rc = users_policy_check(&p, error, sizeof(error));
    if (rc == 0)
        rc = users_store_policy_set(m->st.store, &p, error, sizeof(error));
    return user_finish(m, "user_security.set", "", rc, error, result, code, message);
}

/* dummy_verify: spend the time of a password check for a user that does
 * not exist, so the answer's delay does not tell. */
static void dummy_verify(const char *password)
{
    static char dummy[USERS_HASH_MAX];
    if (dummy[0] == '\0' && users_password_make("dummy", 0, dummy, sizeof(dummy)) < 0)
        return;
    (void)users_password_verify(password, dummy);
}

/* key_of_user: the normalised key `presented` is one of u's. */
static bool key_of_user(const struct user_record *u, const char *presented)
{
    char key[USERS_KEY_MAX];
    if (users_key_parse(presented, key, sizeof(key), NULL, 0) < 0)
        return false;
    for (unsigned i = 0; i < u->n_keys; i++)
        if (strcmp(u->keys[i], key) == 0)
            return true;
    return false;
}

HANDLER(SESSION_LOGIN)
{
    static const char *const keys[] = {"user", "password", "public_key", "origin", "probe", NULL};
    struct manager *m = ctx;
    const char *name = NULL, *password = NULL, *key = NULL, *origin = "";
    char shown_user[USERS_NAME_MAX + 8], shown_origin[80], command[64], why[64] = "";
    char audit_error[256];
    struct user_record *u = calloc(1, sizeof(*u));
    bool ok = false, probe = false;

    if (u == NULL)
        return -1;
    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "user", true, &name, code, message) < 0 ||
        param_string(params, "password", false, &password, code, message) < 0 ||
        param_string(params, "public_key", false, &key, code, message) < 0 ||
        param_string(params, "origin", false, &origin, code, message) < 0 ||
        param_bool(params, "probe", &probe, code, message) < 0) {
        free(u);
        return -1;
    }
    if ((password == NULL) == (key == NULL)) {
        free(u);
        return param_error(code, message, "give either %s", "password or public_key");
    }
    if (probe && key == NULL) {
        free(u);
        return param_error(code, message, "%s", "probe: only with a public_key");
    }
    log_printable(shown_user, sizeof(shown_user), name);
    log_printable(shown_origin, sizeof(shown_origin), origin);
    snprintf(command, sizeof(command), "login (%s)", password ? "password" : "public key");

    int rc = users_store_get(m->st.store, name, u, NULL, 0);
    if (rc < 0) {
        if (password)
            dummy_verify(password);
        snprintf(why, sizeof(why), rc == -ENOENT ? "no such user" : "store error");
    } else if (password && !users_password_verify(password, u->password_hash)) {
        snprintf(why, sizeof(why), "wrong password");
    } else if (key && !key_of_user(u, key)) {
        snprintf(why, sizeof(why), "key not the user's");
    } else if (!u->enabled) {
        snprintf(why, sizeof(why), "user disabled");
    } else {
        ok = true;
    }

    /* an SSH key probe ("would this key do?", before any signature) is no
     * login: no audit row, no failure logged; the answer says yes or no */
    if (probe) {
        if (ok)
            *result = json_pack("{s:s, s:b}", "user", u->name, "acceptable", 1);
        else {
            *code = JSONRPC_AUTH_FAILED;
            snprintf(message, RPC_SERVER_MESSAGE_MAX, LOGIN_FAILED);
        }
        OPENSSL_cleanse(u, sizeof(*u));
        free(u);
        return ok ? 0 : -1;
    }
    char line[160];
    if (ok) {
        snprintf(line, sizeof(line), "SUCCESS");
        log_info("%s of %s from %s", command, u->name, shown_origin);
        *result = json_pack("{s:s, s:o}", "user", u->name, "roles", roles_json(u->roles));
    } else {
        snprintf(line, sizeof(line), "ERROR: " LOGIN_FAILED " (%s)", why);
        log_warnx("failed login of %s from %s: %s", shown_user, shown_origin, why);
        *code = JSONRPC_AUTH_FAILED;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, LOGIN_FAILED);
    }
    if (store_audit(m->st.store, ok ? u->name : shown_user, shown_origin, command, line,
                    audit_error, sizeof(audit_error)) < 0)
        log_warnx("audit: %s", audit_error);
    OPENSSL_cleanse(u, sizeof(*u));
    free(u);
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------ queries */

int users_roles(const struct manager *m, const char *user, unsigned *roles_mask)
{
    struct user_record *u = calloc(1, sizeof(*u));
    int rc;

    if (u == NULL)
        return -ENOMEM;
    rc = users_store_get(m->st.store, user, u, NULL, 0);
    if (rc == 0 && !u->enabled)
        rc = -ENOENT;
    if (rc == 0)
        *roles_mask = u->roles;
    free(u);
    return rc == 0 || rc == -ENOENT ? rc : -EIO;
}

int users_bootstrap(struct store *store, const char *password, bool *created, char *generated,
                    char *error, size_t error_size)
{
    struct user_record *all = calloc(USERS_MAX, sizeof(*all));
    unsigned n = 0;
    int rc;

    *created = false;
    if (all == NULL)
        return -ENOMEM;
    rc = users_store_list(store, all, &n, error, error_size);
    if (rc == 0 && n == 0) {
        struct user_record *u = &all[0];
        memset(u, 0, sizeof(*u));
        snprintf(u->name, sizeof(u->name), USERS_ADMIN_NAME);
        snprintf(u->full_name, sizeof(u->full_name), "Domain administrator");
        u->roles = USERS_ALL_ROLES;
        u->enabled = true;
        if (password == NULL) {
            rc = users_password_random(generated, 16);
            password = generated;
            if (rc < 0)
                snprintf(error, error_size, "no random bytes for a password");
        }
        if (rc == 0)
            rc = set_password(store, u, password, error, error_size);
        if (rc == 0)
            rc = users_store_put(store, u, true, error, error_size);
        *created = rc == 0;
    }
    OPENSSL_cleanse(all, USERS_MAX * sizeof(*all));
    free(all);
    return rc;
}
