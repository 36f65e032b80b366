/*
 * cli_storage: the CLI commands of a profile's SAN connections --
 * add/set/remove/show fcoe-connection and fc-connection -- over the
 * manager's fcoe_connection.* and fc_connection.* methods (role Storage).
 * One set of handlers serves both elements; the element says the kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgmt/cli_commands.h"

/* kind_fcoe: true for fcoe-connection. */
static bool kind_fcoe(const struct cli_run *run)
{
    return strcmp(run->cmd->element, "fcoe-connection") == 0;
}

static const struct cli_property_spec fc_add_properties[] = {
    {"Fabric", "the SAN fabric (\"\" = not connected)"},
    {"SpeedType", "Auto, Preferred, Custom or Disabled"},
    {"Speed", "Custom speed, 100-10000 Mb in 100 Mb steps"},
    {"SanBoot", "Enabled: boot from BootTarget's BootLun"},
    {"BootTarget", "the boot target's port WWN (50:01:43:80:00:00:00:01)"},
    {"BootLun", "the boot LUN, 0-255"},
    {"AddressType", "Factory-Default, VC-Defined (pool) or User-Defined"},
    {"WWPN", "the port WWN (User-Defined, or a given pool address)"},
    {"WWNN", "the node WWN (default WWPN + 1)"},
    {NULL, NULL},
};

/* set: the same without the addresses, which are kept */
static const struct cli_property_spec fc_set_properties[] = {
    {"Fabric", "the SAN fabric (\"\" = not connected)"},
    {"SpeedType", "Auto, Preferred, Custom or Disabled"},
    {"Speed", "Custom speed, 100-10000 Mb in 100 Mb steps"},
    {"SanBoot", "Enabled: boot from BootTarget's BootLun"},
    {"BootTarget", "the boot target's port WWN"},
    {"BootLun", "the boot LUN, 0-255"},
    {NULL, NULL},
};

static int fc_props(struct cli_run *run, json_t *params)
{
    if (cli_prop_string(run, "fabric", params, "fabric") < 0 || cli_prop_speed(run, params) < 0 ||
        cli_prop_enabled(run, "sanboot", params, "boot_enabled") < 0 ||
        cli_prop_string(run, "boottarget", params, "boot_target") < 0 ||
        cli_prop_uint(run, "bootlun", 0, 255, params, "boot_lun") < 0)
        return -1;
    return 0;
}

static int fc_add(struct cli_run *run)
{
    json_t *params = json_pack("{s:s}", "profile", run->cmd->params[0]), *result = NULL;
    bool fcoe = kind_fcoe(run);

    if (fc_props(run, params) < 0 || cli_prop_address_type(run, params, "wwn_source") < 0 ||
        cli_prop_string(run, "wwpn", params, "wwpn") < 0 ||
        cli_prop_string(run, "wwnn", params, "wwnn") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, fcoe ? MANAGER_METHOD_FCOE_ADD : MANAGER_METHOD_FC_ADD, params, &result) < 0)
        return -1;
    int index = (int)json_integer_value(json_object_get(result, "index"));
    json_decref(result);
    return cli_ok(run, "%s connection %d added to profile %s", fcoe ? "FCoE" : "FC", index,
                  run->cmd->params[0]);
}

static int fc_set(struct cli_run *run)
{
    char *end;
    unsigned long index = strtoul(run->cmd->params[1], &end, 10);
    bool fcoe = kind_fcoe(run);

    if (run->cmd->params[1][0] < '1' || run->cmd->params[1][0] > '4' || *end != '\0' || index > 4)
        return cli_fail(run, "connection \"%s\" is not valid: use its port number, 1-4",
                        run->cmd->params[1]);
    if (run->cmd->n_properties == 0)
        return cli_fail(run, "set %s changes nothing: give properties (help %s)", run->cmd->element,
                        run->cmd->element);
    json_t *params = json_pack("{s:s, s:i}", "profile", run->cmd->params[0], "index", (int)index);
    if (fc_props(run, params) < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, fcoe ? MANAGER_METHOD_FCOE_SET : MANAGER_METHOD_FC_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "%s connection %lu of profile %s changed", fcoe ? "FCoE" : "FC", index,
                  run->cmd->params[0]);
}

static int fc_remove(struct cli_run *run)
{
    bool fcoe = kind_fcoe(run);

    if (cli_call(run, fcoe ? MANAGER_METHOD_FCOE_REMOVE : MANAGER_METHOD_FC_REMOVE,
                 json_pack("{s:s}", "profile", run->cmd->params[0]), NULL) < 0)
        return -1;
    return cli_ok(run, "The last %s connection of profile %s removed", fcoe ? "FCoE" : "FC",
                  run->cmd->params[0]);
}

static int fc_show(struct cli_run *run)
{
    const char *p = run->cmd->n_params ? run->cmd->params[0] : "*";
    const char *list = kind_fcoe(run) ? "fcoe_connections" : "fc_connections";
    json_t *result = NULL, *profile, *c;
    size_t i, k;

    if (cli_call(run, MANAGER_METHOD_PROFILE_SHOW,
                 cli_param_is_all(p) ? NULL : json_pack("{s:s}", "name", p), &result) < 0)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(result, "profiles"), i, profile)
    {
        json_t *bay = json_object_get(profile, "bay");
        json_array_foreach(json_object_get(profile, list), k, c)
        {
            const char *type = cli_json_text(c, "speed_type");
            char speed[16];
            if (strcmp(type, "custom") == 0)
                cli_format_speed((unsigned)json_integer_value(json_object_get(c, "speed_mbps")),
                                 "Auto", speed, sizeof(speed));
            else
                snprintf(speed, sizeof(speed), "%c%s", type[0] - 'a' + 'A', type + 1);
            cli_writer_record_begin(w);
            cli_writer_field(w, "Profile", cli_json_text(profile, "name"));
            cli_writer_fieldf(w, "Port", "%d",
                              (int)json_integer_value(json_object_get(c, "index")));
            cli_writer_field(w, "Fabric", cli_json_text(c, "fabric"));
            cli_writer_field(w, "WWPN", cli_json_text(c, "wwpn"));
            cli_writer_field(w, "WWNN", cli_json_text(c, "wwnn"));
            cli_writer_field(w, "Port Mapping", cli_json_text(c, "port"));
            cli_writer_field(w, "Configured Speed", speed);
            cli_writer_field(w, "SAN Boot",
                             cli_enabled(json_is_true(json_object_get(c, "boot_enabled"))));
            cli_writer_field(w, "Boot Target", cli_json_text(c, "boot_target"));
            cli_writer_fieldf(w, "Boot LUN", "%d",
                              (int)json_integer_value(json_object_get(c, "boot_lun")));
            if (json_is_integer(bay))
                cli_writer_fieldf(w, "Server", "%s:%d", cli_json_text(profile, "enclosure"),
                                  (int)json_integer_value(bay));
            else
                cli_writer_field(w, "Server", "<Unassigned>");
            cli_writer_record_end(w);
        }
    }
    json_decref(result);
    return cli_show_done(run, w, "connection", "connections");
}

#define FC_USAGE                                                                                   \
    "[Fabric=<name>] [SpeedType=Auto|Preferred|Custom|Disabled] [Speed=<Mb>] "                     \
    "[SanBoot=Enabled|Disabled BootTarget=<wwpn> BootLun=<n>]"
#define FC_SPECS(element, add, set, remove)                                                        \
    {"add",                                                                                        \
     element,                                                                                      \
     "add " element " <Profile> " FC_USAGE                                                         \
     " [AddressType=Factory-Default|VC-Defined|User-Defined WWPN=<wwn> WWNN=<wwn>]",               \
     "add a SAN connection to a profile",                                                          \
     1,                                                                                            \
     1,                                                                                            \
     fc_add_properties,                                                                            \
     NULL,                                                                                         \
     {add},                                                                                        \
     METHOD_ROLE_NONE,                                                                             \
     fc_add},                                                                                      \
        {"set",                                                                                    \
         element,                                                                                  \
         "set " element " <Profile> <Port> " FC_USAGE,                                             \
         "change a SAN connection",                                                                \
         2,                                                                                        \
         2,                                                                                        \
         fc_set_properties,                                                                        \
         NULL,                                                                                     \
         {set},                                                                                    \
         METHOD_ROLE_NONE,                                                                         \
         fc_set},                                                                                  \
        {"remove",                                                                                 \
         element,                                                                                  \
         "remove " element " <Profile>",                                                           \
         "remove the last SAN connection of a profile",                                            \
         1,                                                                                        \
         1,                                                                                        \
         NULL,                                                                                     \
         NULL,                                                                                     \
         {remove},                                                                                 \
         METHOD_ROLE_NONE,                                                                         \
         fc_remove},                                                                               \
    {                                                                                              \
        "show", element, "show " element " [<Profile>|*]", "SAN connections of profiles", 0, 1,    \
            NULL, NULL, {MANAGER_METHOD_PROFILE_SHOW}, METHOD_ROLE_NONE, fc_show                   \
    }

static const struct cli_spec specs[] = {
    FC_SPECS("fcoe-connection", MANAGER_METHOD_FCOE_ADD, MANAGER_METHOD_FCOE_SET,
             MANAGER_METHOD_FCOE_REMOVE),
    FC_SPECS("fc-connection", MANAGER_METHOD_FC_ADD, MANAGER_METHOD_FC_SET,
             MANAGER_METHOD_FC_REMOVE),
};

const struct cli_spec_list cli_storage_specs = {specs, sizeof(specs) / sizeof(specs[0])};
