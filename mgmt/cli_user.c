/*
 * cli_user: the CLI commands of local users and the password rules --
 * add/set/remove/show user, show role, set/show user-security -- over the
 * manager's user.* and user_security.* methods (mgmt/users.h). A password
 * given on the command line never reaches the audit trail or the log: the
 * engine writes such commands with the value masked.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/cli_commands.h"

static const struct cli_property_spec user_properties[] = {
    {"Password", "3-40 characters, at least the policy's minimum (show user-security)"},
    {"Roles", "any of domain,network,server,storage (comma-separated; \"\" = read-only)"},
    {"FullName", "the user's full name"},
    {"ContactInfo", "how to reach the user"},
    {"Enabled", "true or false"},
    {"SshKey", "an OpenSSH public key line (replaces the user's keys)"},
    {NULL, NULL},
};

/* user_props: the properties of add/set user into params. */
static int user_props(struct cli_run *run, json_t *params)
{
    const char *key = cli_command_property(run->cmd, "sshkey");

    if (cli_prop_string(run, "password", params, "password") < 0 ||
        cli_prop_string(run, "roles", params, "roles") < 0 ||
        cli_prop_string(run, "fullname", params, "full_name") < 0 ||
        cli_prop_string(run, "contactinfo", params, "contact_info") < 0 ||
        cli_prop_enabled(run, "enabled", params, "enabled") < 0)
        return -1;
    if (key != NULL)
        json_object_set_new(params, "ssh_keys", key[0] ? json_pack("[s]", key) : json_array());
    return 0;
}

static int user_change(struct cli_run *run, enum manager_method method, const char *done)
{
    json_t *params = json_pack("{s:s}", "name", run->cmd->params[0]);

    if (user_props(run, params) < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, method, params, NULL) < 0)
        return -1;
    return cli_ok(run, "User %s %s", run->cmd->params[0], done);
}

static int user_add(struct cli_run *run)
{
    if (cli_command_property(run->cmd, "password") == NULL)
        return cli_fail(run, "add user needs Password=<password>: usage: %s", run->spec->usage);
    return user_change(run, MANAGER_METHOD_USER_ADD, "added");
}

static int user_set(struct cli_run *run)
{
    if (run->cmd->n_properties == 0)
        return cli_fail(run, "set user %s changes nothing: give properties (help user)",
                        run->cmd->params[0]);
    return user_change(run, MANAGER_METHOD_USER_SET, "changed");
}

static int user_remove(struct cli_run *run)
{
    json_t *shown = NULL, *u;
    size_t i, n = 0;

    if (!cli_param_is_all(run->cmd->params[0])) {
        if (cli_call(run, MANAGER_METHOD_USER_REMOVE,
                     json_pack("{s:s}", "name", run->cmd->params[0]), NULL) < 0)
            return -1;
        return cli_ok(run, "User %s removed", run->cmd->params[0]);
    }
    /* `remove user *`: every user but the caller */
    if (cli_call(run, MANAGER_METHOD_USER_SHOW, NULL, &shown) < 0)
        return -1;
    json_array_foreach(json_object_get(shown, "users"), i, u)
    {
        const char *name = json_string_value(json_object_get(u, "name"));
        if (strcasecmp(name, run->caller->user) == 0)
            continue;
        if (cli_call(run, MANAGER_METHOD_USER_REMOVE, json_pack("{s:s}", "name", name), NULL) < 0) {
            json_decref(shown);
            return -1;
        }
        n++;
    }
    json_decref(shown);
    return cli_ok(run, "%zu user(s) removed (not the current user)", n);
}

/* join: the strings of array a, comma-separated, or `none`. */
static void join(json_t *a, const char *none, char *buf, size_t size)
{
    size_t i, n = 0;
    json_t *v;

    buf[0] = '\0';
    json_array_foreach(a, i, v) n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
                                                      n ? "," : "", json_string_value(v));
    if (buf[0] == '\0')
        snprintf(buf, size, "%s", none);
}

static int user_show(struct cli_run *run)
{
    const char *p = run->cmd->n_params ? run->cmd->params[0] : "*";
    json_t *result = NULL, *u;
    size_t i;

    if (cli_call(run, MANAGER_METHOD_USER_SHOW,
                 cli_param_is_all(p) ? NULL : json_pack("{s:s}", "name", p), &result) < 0)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(result, "users"), i, u)
    {
        char roles[64];
        join(json_object_get(u, "roles"), "<None>", roles, sizeof(roles));
        cli_writer_record_begin(w);
        cli_writer_field(w, "User Name", cli_json_text(u, "name"));
        cli_writer_field(w, "Roles", roles);
        cli_writer_field(w, "Full Name", cli_json_text(u, "full_name"));
        cli_writer_field(w, "Contact Info", cli_json_text(u, "contact_info"));
        cli_writer_field(w, "Enabled",
                         json_is_true(json_object_get(u, "enabled")) ? "true" : "false");
        cli_writer_fieldf(w, "SSH Keys", "%zu", json_array_size(json_object_get(u, "ssh_keys")));
        cli_writer_record_end(w);
    }
    json_decref(result);
    return cli_show_done(run, w, "user", "users");
}

static int role_show(struct cli_run *run)
{
    static const char *const roles[][2] = {
        {"domain", "users, domain settings, SNMP, firmware, backup/restore, serial ranges"},
        {"network", "networks, uplink sets, uplink ports, MAC ranges"},
        {"server", "server profiles, assignment, power"},
        {"storage", "FC/FCoE connections, WWN ranges"},
    };
    struct cli_writer *w = cli_run_writer(run);

    for (unsigned i = 0; i < 4; i++) {
        cli_writer_record_begin(w);
        cli_writer_field(w, "Role", roles[i][0]);
        cli_writer_field(w, "Operations", roles[i][1]);
        cli_writer_record_end(w);
    }
    return cli_show_done(run, w, "role", "roles");
}

static const struct cli_property_spec security_properties[] = {
    {"MinPasswordLength", "shortest password allowed, 3-40"},
    {"StrongPasswords", "Enabled: passwords mix three classes and do not hold the name"},
    {NULL, NULL},
};

static int security_set(struct cli_run *run)
{
    json_t *params = json_object();

    if (run->cmd->n_properties == 0) {
        json_decref(params);
        return cli_fail(run, "set user-security changes nothing: give properties");
    }
    if (cli_prop_uint(run, "minpasswordlength", 3, 40, params, "min_password_length") < 0 ||
        cli_prop_enabled(run, "strongpasswords", params, "strong_passwords") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_USER_SECURITY_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "User security settings changed");
}

static int security_show(struct cli_run *run)
{
    json_t *p = NULL;

    if (cli_call(run, MANAGER_METHOD_USER_SECURITY_SHOW, NULL, &p) < 0)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    cli_writer_record_begin(w);
    cli_writer_fieldf(w, "Minimum Password Length", "%d",
                      (int)json_integer_value(json_object_get(p, "min_password_length")));
    cli_writer_field(w, "Strong Passwords",
                     cli_enabled(json_is_true(json_object_get(p, "strong_passwords"))));
    cli_writer_record_end(w);
    cli_writer_destroy(w);
    json_decref(p);
    return cli_ok(run, "user security");
}

#define USER_USAGE                                                                                 \
    "[Roles=<domain,network,server,storage>] [FullName=<text>] [ContactInfo=<text>] "              \
    "[Enabled=true|false] [SshKey=\"<type> <base64>\"]"

static const struct cli_spec specs[] = {
    {"add",
     "user",
     "add user <Name> Password=<password> " USER_USAGE,
     "add a local user",
     1,
     1,
     user_properties,
     NULL,
     {MANAGER_METHOD_USER_ADD},
     METHOD_ROLE_NONE,
     user_add},
    {"set",
     "user",
     "set user <Name> [Password=<password>] " USER_USAGE,
     "change a local user",
     1,
     1,
     user_properties,
     NULL,
     {MANAGER_METHOD_USER_SET},
     METHOD_ROLE_NONE,
     user_set},
    {"remove",
     "user",
     "remove user <Name>|*",
     "remove a local user (* = all but yourself)",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_USER_REMOVE},
     METHOD_ROLE_NONE,
     user_remove},
    {"show",
     "user",
     "show user [<Name>|*]",
     "local users and their roles",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_USER_SHOW},
     METHOD_ROLE_NONE,
     user_show},
    {"show",
     "role",
     "show role",
     "the roles and what each may change",
     0,
     0,
     NULL,
     NULL,
     {0},
     METHOD_ROLE_NONE,
     role_show},
    {"set",
     "user-security",
     "set user-security [MinPasswordLength=<3-40>] [StrongPasswords=..]",
     "password rules",
     0,
     0,
     security_properties,
     NULL,
     {MANAGER_METHOD_USER_SECURITY_SET},
     METHOD_ROLE_NONE,
     security_set},
    {"show",
     "user-security",
     "show user-security",
     "password rules",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_USER_SECURITY_SHOW},
     METHOD_ROLE_NONE,
     security_show},
};

const struct cli_spec_list cli_user_specs = {specs, sizeof(specs) / sizeof(specs[0])};
