/*
 * cli_snmp: the CLI commands of the domain's SNMP settings (issue 5) --
 * set/show snmp, add/remove/show snmp-trap, snmp-user and snmp-access --
 * over the manager's snmp.*, snmp_trap.*, snmp_user.* and snmp_access.*
 * methods (mgmt/snmp_settings.h; role Domain to change, none to show).
 * The v3 keys go to the manager and never come back: show leaves them out
 * and the engine masks AuthKey= and PrivKey= in the audit trail and the log.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/cli_commands.h"

static const struct cli_property_spec snmp_properties[] = {
    {"Enabled", "true or false: the SNMP agent answers and sends traps"},
    {"ReadCommunity", "the v1/v2c read community, 1-32 of [A-Za-z0-9_.-] (\"\" = no v1/v2c)"},
    {"Contact", "the system contact, up to 63 characters without '\"'"},
    {"Location", "the system location, up to 63 characters without '\"'"},
    {NULL, NULL},
};

static int snmp_set(struct cli_run *run)
{
    json_t *params = json_object();

    if (run->cmd->n_properties == 0) {
        json_decref(params);
        return cli_fail(run, "set snmp changes nothing: give properties (help snmp)");
    }
    if (cli_prop_enabled(run, "enabled", params, "enabled") < 0 ||
        cli_prop_string(run, "readcommunity", params, "read_community") < 0 ||
        cli_prop_string(run, "contact", params, "contact") < 0 ||
        cli_prop_string(run, "location", params, "location") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_SNMP_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "SNMP settings changed");
}

/* snmp_shown: the snmp.show result, or NULL with the error set. */
static json_t *snmp_shown(struct cli_run *run)
{
    json_t *result = NULL;

    if (cli_call(run, MANAGER_METHOD_SNMP_SHOW, NULL, &result) < 0)
        return NULL;
    return result;
}

static int snmp_show(struct cli_run *run)
{
    json_t *s = snmp_shown(run);

    if (s == NULL)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    cli_writer_record_begin(w);
    cli_writer_field(w, "Enabled", json_is_true(json_object_get(s, "enabled")) ? "true" : "false");
    cli_writer_field(w, "Read Community", cli_json_text(s, "read_community"));
    cli_writer_field(w, "System Contact", cli_json_text(s, "contact"));
    cli_writer_field(w, "System Location", cli_json_text(s, "location"));
    cli_writer_fieldf(w, "Trap Destinations", "%zu", json_array_size(json_object_get(s, "traps")));
    cli_writer_fieldf(w, "SNMPv3 Users", "%zu", json_array_size(json_object_get(s, "users")));
    cli_writer_fieldf(w, "Access Entries", "%zu", json_array_size(json_object_get(s, "access")));
    cli_writer_record_end(w);
    cli_writer_destroy(w);
    json_decref(s);
    return cli_ok(run, "SNMP settings");
}

static const struct cli_property_spec trap_properties[] = {
    {"Format", "SNMPv1, SNMPv2 (community; the default) or SNMPv3 (User)"},
    {"Community", "the community of SNMPv1/SNMPv2 traps"},
    {"User", "the SNMPv3 user (add snmp-user) of SNMPv3 traps"},
    {NULL, NULL},
};

static int trap_add(struct cli_run *run)
{
    static const char *const formats[] = {"SNMPv1", "SNMPv2", "SNMPv3"};
    const char *community = cli_command_property(run->cmd, "community");
    const char *user = cli_command_property(run->cmd, "user");
    json_t *params = json_pack("{s:s}", "destination", run->cmd->params[0]);

    if (cli_prop_word(run, "format", formats, formats, 3, params, "format") < 0)
        goto refused;
    json_t *format = json_object_get(params, "format");
    bool v3 = format ? strcmp(json_string_value(format), "SNMPv3") == 0 : user != NULL;
    if (community != NULL && user != NULL) {
        cli_fail(run, "give Community=<community> (SNMPv1/SNMPv2) or User=<user> (SNMPv3), "
                      "not both");
        goto refused;
    }
    if (v3 ? user == NULL : community == NULL) {
        cli_fail(run, "add snmp-trap needs %s: usage: %s",
                 v3 ? "User=<user> for SNMPv3" : "Community=<community> for SNMPv1/SNMPv2",
                 run->spec->usage);
        goto refused;
    }
    if (format == NULL)
        json_object_set_new(params, "format", json_string(v3 ? "SNMPv3" : "SNMPv2"));
    json_object_set_new(params, v3 ? "user" : "community", json_string(v3 ? user : community));
    if (cli_call(run, MANAGER_METHOD_SNMP_TRAP_ADD, params, NULL) < 0)
        return -1;
    return cli_ok(run, "SNMP trap destination %s added", run->cmd->params[0]);
refused:
    json_decref(params);
    return -1;
}

/* list_remove: call `method` with {key: the parameter}. */
static int list_remove(struct cli_run *run, enum manager_method method, const char *key,
                       const char *noun)
{
    if (cli_call(run, method, json_pack("{s:s}", key, run->cmd->params[0]), NULL) < 0)
        return -1;
    return cli_ok(run, "%s %s removed", noun, run->cmd->params[0]);
}

static int trap_remove(struct cli_run *run)
{
    return list_remove(run, MANAGER_METHOD_SNMP_TRAP_REMOVE, "destination",
                       "SNMP trap destination");
}

/* shown_wanted: the object o of a show list is asked for by the command's
 * parameter (none or `*`: every one). */
static bool shown_wanted(const struct cli_run *run, json_t *o, const char *key)
{
    if (run->cmd->n_params == 0 || cli_param_is_all(run->cmd->params[0]))
        return true;
    return strcmp(cli_json_text(o, key), run->cmd->params[0]) == 0;
}

static int trap_show(struct cli_run *run)
{
    json_t *s = snmp_shown(run), *t;
    size_t i;

    if (s == NULL)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(s, "traps"), i, t)
    {
        if (!shown_wanted(run, t, "destination"))
            continue;
        cli_writer_record_begin(w);
        cli_writer_field(w, "Destination", cli_json_text(t, "destination"));
        cli_writer_field(w, "Format", cli_json_text(t, "format"));
        cli_writer_field(w, "Community", cli_json_text(t, "community"));
        cli_writer_field(w, "User", cli_json_text(t, "user"));
        cli_writer_record_end(w);
    }
    json_decref(s);
    return cli_show_done(run, w, "trap destination", "trap destinations");
}

static const struct cli_property_spec user_properties[] = {
    {"AuthKey", "the SHA authentication key, 8-64 characters without '\"' or blanks"},
    {"PrivKey", "the AES privacy key, 8-64 characters without '\"' or blanks"},
    {"AuthProtocol", "SHA (the only one, the default)"},
    {"PrivProtocol", "AES (the only one, the default)"},
    {NULL, NULL},
};

static int user_add(struct cli_run *run)
{
    static const char *const sha[] = {"SHA"}, *const aes[] = {"AES"};
    json_t *params = json_pack("{s:s}", "name", run->cmd->params[0]);

    if (cli_command_property(run->cmd, "authkey") == NULL ||
        cli_command_property(run->cmd, "privkey") == NULL) {
        json_decref(params);
        return cli_fail(run, "add snmp-user needs AuthKey=<key> and PrivKey=<key>: usage: %s",
                        run->spec->usage);
    }
    if (cli_prop_string(run, "authkey", params, "auth_key") < 0 ||
        cli_prop_string(run, "privkey", params, "priv_key") < 0 ||
        cli_prop_word(run, "authprotocol", sha, sha, 1, params, "auth") < 0 ||
        cli_prop_word(run, "privprotocol", aes, aes, 1, params, "priv") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_SNMP_USER_ADD, params, NULL) < 0)
        return -1;
    return cli_ok(run, "SNMPv3 user %s added", run->cmd->params[0]);
}

static int user_remove(struct cli_run *run)
{
    return list_remove(run, MANAGER_METHOD_SNMP_USER_REMOVE, "name", "SNMPv3 user");
}

static int user_show(struct cli_run *run)
{
    json_t *s = snmp_shown(run), *u;
    size_t i;

    if (s == NULL)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(s, "users"), i, u)
    {
        if (!shown_wanted(run, u, "name"))
            continue;
        cli_writer_record_begin(w);
        cli_writer_field(w, "User Name", cli_json_text(u, "name"));
        cli_writer_field(w, "Auth Protocol", cli_json_text(u, "auth"));
        cli_writer_field(w, "Priv Protocol", cli_json_text(u, "priv"));
        cli_writer_record_end(w);
    }
    json_decref(s);
    return cli_show_done(run, w, "SNMPv3 user", "SNMPv3 users");
}

static int access_add(struct cli_run *run)
{
    if (cli_call(run, MANAGER_METHOD_SNMP_ACCESS_ADD,
                 json_pack("{s:s}", "network", run->cmd->params[0]), NULL) < 0)
        return -1;
    return cli_ok(run, "SNMP access entry %s added", run->cmd->params[0]);
}

static int access_remove(struct cli_run *run)
{
    return list_remove(run, MANAGER_METHOD_SNMP_ACCESS_REMOVE, "network", "SNMP access entry");
}

static int access_show(struct cli_run *run)
{
    json_t *s = snmp_shown(run), *a;
    size_t i;

    if (s == NULL)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(s, "access"), i, a)
    {
        cli_writer_record_begin(w);
        cli_writer_field(w, "Network", json_string_value(a));
        cli_writer_record_end(w);
    }
    json_decref(s);
    return cli_show_done(run, w, "access entry", "access entries");
}

static const struct cli_spec specs[] = {
    {"set",
     "snmp",
     "set snmp [Enabled=true|false] [ReadCommunity=<community>] [Contact=\"<text>\"] "
     "[Location=\"<text>\"]",
     "SNMP on or off, the read community, system contact and location",
     0,
     0,
     snmp_properties,
     NULL,
     {MANAGER_METHOD_SNMP_SET},
     METHOD_ROLE_NONE,
     snmp_set},
    {"show",
     "snmp",
     "show snmp",
     "the SNMP settings",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_SHOW},
     METHOD_ROLE_NONE,
     snmp_show},
    {"add",
     "snmp-trap",
     "add snmp-trap <Destination> Community=<community> | User=<user> "
     "[Format=SNMPv1|SNMPv2|SNMPv3]",
     "add a trap destination (an IPv4 address or host name, optionally :port)",
     1,
     1,
     trap_properties,
     NULL,
     {MANAGER_METHOD_SNMP_TRAP_ADD},
     METHOD_ROLE_NONE,
     trap_add},
    {"remove",
     "snmp-trap",
     "remove snmp-trap <Destination>",
     "remove a trap destination",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_TRAP_REMOVE},
     METHOD_ROLE_NONE,
     trap_remove},
    {"show",
     "snmp-trap",
     "show snmp-trap [<Destination>|*]",
     "the trap destinations",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_SHOW},
     METHOD_ROLE_NONE,
     trap_show},
    {"add",
     "snmp-user",
     "add snmp-user <Name> AuthKey=<key> PrivKey=<key> [AuthProtocol=SHA] [PrivProtocol=AES]",
     "add an SNMPv3 user (SHA authentication, AES privacy)",
     1,
     1,
     user_properties,
     NULL,
     {MANAGER_METHOD_SNMP_USER_ADD},
     METHOD_ROLE_NONE,
     user_add},
    {"remove",
     "snmp-user",
     "remove snmp-user <Name>",
     "remove an SNMPv3 user (in effect when snmpd restarts)",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_USER_REMOVE},
     METHOD_ROLE_NONE,
     user_remove},
    {"show",
     "snmp-user",
     "show snmp-user [<Name>|*]",
     "the SNMPv3 users (their keys are never shown)",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_SHOW},
     METHOD_ROLE_NONE,
     user_show},
    {"add",
     "snmp-access",
     "add snmp-access <Network>",
     "let an IPv4 network a.b.c.d/len use the read community (none: any source)",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_ACCESS_ADD},
     METHOD_ROLE_NONE,
     access_add},
    {"remove",
     "snmp-access",
     "remove snmp-access <Network>",
     "remove a network from the SNMP access list",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_ACCESS_REMOVE},
     METHOD_ROLE_NONE,
     access_remove},
    {"show",
     "snmp-access",
     "show snmp-access",
     "the networks that may use the read community",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_SNMP_SHOW},
     METHOD_ROLE_NONE,
     access_show},
};

const struct cli_spec_list cli_snmp_specs = {specs, sizeof(specs) / sizeof(specs[0])};
