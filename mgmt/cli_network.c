/*
 * cli_network: the CLI commands of networks (vNets), shared uplink sets
 * and uplink ports -- add/set/remove/show network, add/remove/show
 * uplinkset, add/remove/show uplinkport -- over the manager's network.*,
 * uplinkset.* and uplinkport.* methods, with the field labels of
 * VC-REFERENCE.md and link state from interconnect.ports.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mgmt/cli_commands.h"

/* ------------------------------------------------------------ network */

static const struct cli_property_spec network_properties[] = {
    {"UplinkSet", "shared uplink set the network is on"},
    {"VLanID", "VLAN ID on the uplink set, 1-4094"},
    {"NativeVLAN", "Enabled: untagged frames of the uplink set (no VLanID)"},
    {"UplinkPort", "dedicated uplink port (enc0:1:X3) instead of a set"},
    {"VLanTunnel", "Enabled: pass the servers' VLAN tags through"},
    {"Private", "Enabled: servers reach only the uplinks, not each other"},
    {"SmartLink", "Enabled: server ports go down when the uplinks do"},
    {"State", "Enabled or Disabled"},
    {"PrefSpeedType", "Auto or Custom"},
    {"PrefSpeed", "preferred connection speed, 100-10000 Mb"},
    {"MaxSpeedType", "Unrestricted or Custom"},
    {"MaxSpeed", "maximum connection speed, 100-10000 Mb"},
    {"MacLimit", "most MACs learned on the network, 0 (none) to 65536"},
    {NULL, NULL},
};

/* speed_props: PrefSpeedType/PrefSpeed or MaxSpeedType/MaxSpeed into key. */
static int speed_props(struct cli_run *run, const char *type_name, const char *speed_name,
                       const char *other_word, json_t *params, const char *key)
{
    const char *type = cli_command_property(run->cmd, type_name);
    const char *speed = cli_command_property(run->cmd, speed_name);
    const char *type_label =
        strcmp(type_name, "prefspeedtype") == 0 ? "PrefSpeedType" : "MaxSpeedType";

    if (type != NULL && strcasecmp(type, other_word) == 0) {
        if (speed != NULL)
            return cli_fail(run, "%s=%s takes no speed: give %s=Custom with it", type_label, type,
                            type_label);
        json_object_set_new(params, key, json_integer(0));
        return 0;
    }
    if (type != NULL && strcasecmp(type, "Custom") != 0)
        return cli_fail(run, "%s=%s is not valid: use %s or Custom", type_label, type, other_word);
    if (type != NULL && speed == NULL)
        return cli_fail(run, "%s=Custom needs the speed: %s=<100-10000>", type_label,
                        strcmp(type_name, "prefspeedtype") == 0 ? "PrefSpeed" : "MaxSpeed");
    return cli_prop_uint(run, speed_name, 100, 10000, params, key);
}

/* network_props: the properties of add/set network into params. */
static int network_props(struct cli_run *run, json_t *params)
{
    const char *native = cli_command_property(run->cmd, "nativevlan");

    if (cli_prop_string(run, "uplinkset", params, "uplink_set") < 0 ||
        cli_prop_uint(run, "vlanid", 1, 4094, params, "vlan") < 0 ||
        cli_prop_enabled(run, "nativevlan", params, "native") < 0 ||
        cli_prop_string(run, "uplinkport", params, "dedicated_uplink") < 0 ||
        cli_prop_enabled(run, "vlantunnel", params, "tunnel") < 0 ||
        cli_prop_enabled(run, "private", params, "private") < 0 ||
        cli_prop_enabled(run, "smartlink", params, "smart_link") < 0 ||
        cli_prop_enabled(run, "state", params, "enabled") < 0 ||
        speed_props(run, "prefspeedtype", "prefspeed", "Auto", params, "preferred_speed_mbps") <
            0 ||
        speed_props(run, "maxspeedtype", "maxspeed", "Unrestricted", params, "max_speed_mbps") <
            0 ||
        cli_prop_uint(run, "maclimit", 0, 65536, params, "mac_limit") < 0)
        return -1;
    if (native != NULL && json_is_true(json_object_get(params, "native"))) {
        if (cli_command_property(run->cmd, "vlanid") != NULL)
            return cli_fail(run, "NativeVLAN=Enabled takes no VLanID (untagged on the set)");
        json_object_set_new(params, "vlan", json_integer(0));
    }
    return 0;
}

static int network_add(struct cli_run *run)
{
    json_t *params = json_pack("{s:s}", "name", run->cmd->params[0]);

    if (network_props(run, params) < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_NETWORK_ADD, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Network %s added", run->cmd->params[0]);
}

static int network_set(struct cli_run *run)
{
    json_t *params = json_pack("{s:s}", "name", run->cmd->params[0]);

    if (run->cmd->n_properties == 0) {
        json_decref(params);
        return cli_fail(run, "set network %s changes nothing: give properties (help network)",
                        run->cmd->params[0]);
    }
    if (network_props(run, params) < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_NETWORK_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Network %s changed", run->cmd->params[0]);
}

/* names_of: the `key` members of the objects of list `member` of a show
 * result, or only `one` when it is not `*`. New reference. */
static json_t *names_of(json_t *shown, const char *member, const char *key, const char *one)
{
    json_t *names = json_array(), *o;
    size_t i;

    if (!cli_param_is_all(one)) {
        json_array_append_new(names, json_string(one));
        return names;
    }
    json_array_foreach(json_object_get(shown, member), i, o)
        json_array_append(names, json_object_get(o, key));
    return names;
}

/* remove_each: remove one object or, for `*`, every object of `list` of
 * the show method. */
static int remove_each(struct cli_run *run, enum manager_method show, const char *list,
                       const char *show_key, enum manager_method method, const char *key,
                       const char *noun, const char *plural)
{
    json_t *shown = NULL, *names;

    if (cli_param_is_all(run->cmd->params[0]) && cli_call(run, show, NULL, &shown) < 0)
        return -1;
    names = names_of(shown, list, show_key, run->cmd->params[0]);
    json_decref(shown);
    return cli_remove_each(run, names, method, key, noun, plural);
}

static int network_remove(struct cli_run *run)
{
    return remove_each(run, MANAGER_METHOD_NETWORK_SHOW, "networks", "name",
                       MANAGER_METHOD_NETWORK_REMOVE, "name", "Network", "networks");
}

/* show_param: {key: param} for a named show, {} for none or `*`. */
static json_t *show_param(struct cli_run *run, const char *key)
{
    const char *p = run->cmd->n_params ? run->cmd->params[0] : NULL;

    return p == NULL || cli_param_is_all(p) ? json_object() : json_pack("{s:s}", key, p);
}

static int network_show(struct cli_run *run)
{
    json_t *result = NULL, *status = NULL, *n;
    size_t i;

    if (cli_call(run, MANAGER_METHOD_NETWORK_SHOW, show_param(run, "name"), &result) < 0 ||
        cli_call(run, MANAGER_METHOD_STATUS_SHOW, NULL, &status) < 0) {
        json_decref(result);
        return -1;
    }
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(result, "networks"), i, n)
    {
        const char *name = json_string_value(json_object_get(n, "name"));
        char max[16], pref[16];
        int vlan = (int)json_integer_value(json_object_get(n, "vlan"));
        cli_format_speed((unsigned)json_integer_value(json_object_get(n, "max_speed_mbps")),
                         "Unrestricted", max, sizeof(max));
        cli_format_speed((unsigned)json_integer_value(json_object_get(n, "preferred_speed_mbps")),
                         "Auto", pref, sizeof(pref));
        cli_writer_record_begin(w);
        cli_writer_field(w, "Name", name);
        cli_writer_field(w, "Status", cli_status_of(status, "networks", "name", name));
        cli_writer_field(w, "Smart Link",
                         cli_enabled(json_is_true(json_object_get(n, "smart_link"))));
        cli_writer_field(w, "Max Speed", max);
        cli_writer_field(w, "Preferred Speed", pref);
        cli_writer_field(w, "Shared Uplink Set", cli_json_text(n, "uplink_set"));
        if (vlan > 0)
            cli_writer_fieldf(w, "VLAN ID", "%d", vlan);
        else
            cli_writer_field(w, "VLAN ID", "-- --");
        cli_writer_field(w, "State", cli_enabled(json_is_true(json_object_get(n, "enabled"))));
        cli_writer_field(w, "Native VLAN", cli_enabled(json_is_true(json_object_get(n, "native"))));
        cli_writer_field(w, "Private", cli_enabled(json_is_true(json_object_get(n, "private"))));
        cli_writer_field(w, "VLAN Tunnel", cli_enabled(json_is_true(json_object_get(n, "tunnel"))));
        cli_writer_field(w, "Uplink Port", cli_json_text(n, "dedicated_uplink"));
        cli_writer_record_end(w);
    }
    json_decref(result);
    json_decref(status);
    return cli_show_done(run, w, "network", "networks");
}

/* ------------------------------------------------------------ uplink sets */

static const struct cli_property_spec uplinkset_properties[] = {
    {"ConnectionMode", "Failover (default) or Auto (LACP)"},
    {NULL, NULL},
};

static int uplinkset_add(struct cli_run *run)
{
    static const char *const words[] = {"Failover", "Auto"};
    static const char *const values[] = {"failover", "auto"};
    json_t *params = json_pack("{s:s}", "name", run->cmd->params[0]);

    if (cli_prop_word(run, "connectionmode", words, values, 2, params, "mode") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_UPLINKSET_ADD, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Shared uplink set %s added", run->cmd->params[0]);
}

static int uplinkset_remove(struct cli_run *run)
{
    return remove_each(run, MANAGER_METHOD_UPLINKSET_SHOW, "uplink_sets", "name",
                       MANAGER_METHOD_UPLINKSET_REMOVE, "name", "Shared uplink set",
                       "shared uplink sets");
}

/* join_names: the `key` members of the objects in list that have
 * member `match_key` equal to `match`, comma-separated. */
static void join_names(json_t *list, const char *key, const char *match_key, const char *match,
                       char *buf, size_t size)
{
    size_t i, n = 0;
    json_t *o;

    buf[0] = '\0';
    json_array_foreach(list, i, o)
    {
        const char *m = json_string_value(json_object_get(o, match_key));
        if (m == NULL || strcmp(m, match) != 0)
            continue;
        n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "",
                              json_string_value(json_object_get(o, key)));
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "-- --");
}

static int uplinkset_show(struct cli_run *run)
{
    json_t *sets = NULL, *networks = NULL, *status = NULL, *s;
    const char *only = run->cmd->n_params ? run->cmd->params[0] : "*";
    size_t i;

    if (cli_call(run, MANAGER_METHOD_UPLINKSET_SHOW, NULL, &sets) < 0 ||
        cli_call(run, MANAGER_METHOD_NETWORK_SHOW, NULL, &networks) < 0 ||
        cli_call(run, MANAGER_METHOD_STATUS_SHOW, NULL, &status) < 0) {
        json_decref(sets);
        json_decref(networks);
        return -1;
    }
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(sets, "uplink_sets"), i, s)
    {
        const char *name = json_string_value(json_object_get(s, "name"));
        char ports[512], nets[4096];
        if (!cli_param_is_all(only) && strcmp(only, name) != 0)
            continue;
        join_names(json_object_get(sets, "uplink_ports"), "id", "uplink_set", name, ports,
                   sizeof(ports));
        join_names(json_object_get(networks, "networks"), "name", "uplink_set", name, nets,
                   sizeof(nets));
        cli_writer_record_begin(w);
        cli_writer_field(w, "Name", name);
        cli_writer_field(w, "Status", cli_status_of(status, "uplink_sets", "name", name));
        cli_writer_field(w, "Connection Mode",
                         strcmp(cli_json_text(s, "mode"), "auto") == 0 ? "Auto" : "Failover");
        cli_writer_field(w, "Uplink Ports", ports);
        cli_writer_field(w, "Networks", nets);
        cli_writer_record_end(w);
    }
    json_decref(sets);
    json_decref(networks);
    json_decref(status);
    if (!cli_param_is_all(only) && cli_writer_records(w) == 0) {
        cli_writer_destroy(w);
        return cli_fail(run, "shared uplink set %s does not exist", only);
    }
    return cli_show_done(run, w, "shared uplink set", "shared uplink sets");
}

/* ------------------------------------------------------------ uplink ports */

static const struct cli_property_spec uplinkport_properties[] = {
    {"UplinkSet", "the shared uplink set to put the port in"},
    {NULL, NULL},
};

static int uplinkport_add(struct cli_run *run)
{
    const char *set = cli_command_property(run->cmd, "uplinkset");

    if (set == NULL)
        return cli_fail(run, "add uplinkport needs UplinkSet=<set>: usage: %s", run->spec->usage);
    if (cli_call(run, MANAGER_METHOD_UPLINKPORT_ADD,
                 json_pack("{s:s, s:s}", "port", run->cmd->params[0], "uplink_set", set), NULL) < 0)
        return -1;
    return cli_ok(run, "Uplink port %s added to %s", run->cmd->params[0], set);
}

static int uplinkport_remove(struct cli_run *run)
{
    if (cli_call(run, MANAGER_METHOD_UPLINKPORT_REMOVE,
                 json_pack("{s:s}", "port", run->cmd->params[0]), NULL) < 0)
        return -1;
    return cli_ok(run, "Uplink port %s removed from its set", run->cmd->params[0]);
}

/* port_link: the dataplane's port `name` of an interconnect.ports result. */
static json_t *port_link(json_t *ports, const char *name)
{
    size_t i;
    json_t *p;

    json_array_foreach(json_object_get(ports, "ports"), i, p)
    {
        const char *n = json_string_value(json_object_get(p, "name"));
        if (n && strcmp(n, name) == 0)
            return p;
    }
    return NULL;
}

/* uplink_status: "Linked (Active) (10Gb/Full)", "Linked (Standby) ...",
 * "Not Linked", or "Unknown" without the dataplane. In a failover set the
 * first port with link is active. */
static void uplink_status(json_t *ports, json_t *all, json_t *u, char *buf, size_t size)
{
    const char *set = json_string_value(json_object_get(u, "uplink_set"));
    json_t *p = ports ? port_link(ports, json_string_value(json_object_get(u, "port"))) : NULL;
    char speed[16];

    if (ports == NULL || p == NULL) {
        snprintf(buf, size, "Unknown (no link state from the dataplane)");
        return;
    }
    if (strcmp(cli_json_text(p, "link"), "up") != 0) {
        snprintf(buf, size, "Not Linked");
        return;
    }
    cli_format_speed((unsigned)json_integer_value(json_object_get(p, "link_speed_mbps")), "Auto",
                     speed, sizeof(speed));
    bool active = true;
    size_t i;
    json_t *other;
    json_array_foreach(all, i, other)
    {
        if (other == u)
            break;
        json_t *op = port_link(ports, json_string_value(json_object_get(other, "port")));
        if (set && set[0] && strcmp(cli_json_text(other, "uplink_set"), set) == 0 && op &&
            strcmp(cli_json_text(op, "link"), "up") == 0)
            active = false;
    }
    snprintf(buf, size, "Linked (%s) (%s/Full)", active ? "Active" : "Standby", speed);
}

static int uplinkport_show(struct cli_run *run)
{
    json_t *sets = NULL, *networks = NULL, *ports = NULL, *u;
    const char *only = run->cmd->n_params ? run->cmd->params[0] : "*";
    size_t i;

    if (cli_call(run, MANAGER_METHOD_UPLINKSET_SHOW, NULL, &sets) < 0 ||
        cli_call(run, MANAGER_METHOD_NETWORK_SHOW, NULL, &networks) < 0) {
        json_decref(sets);
        return -1;
    }
    /* without a dataplane the ports are shown with an unknown state */
    ports = cli_try_call(run, MANAGER_METHOD_INTERCONNECT_PORTS, NULL);
    struct cli_writer *w = cli_run_writer(run);
    json_t *all = json_object_get(sets, "uplink_ports");
    json_array_foreach(all, i, u)
    {
        const char *id = json_string_value(json_object_get(u, "id"));
        char used[4096], status[64], speed[16];
        if (!cli_param_is_all(only) && strcasecmp(only, id) != 0 &&
            strcasecmp(only, cli_json_text(u, "port")) != 0)
            continue;
        snprintf(used, sizeof(used), "%s", cli_json_text(u, "uplink_set"));
        if (strcmp(used, "-- --") == 0)
            join_names(json_object_get(networks, "networks"), "name", "dedicated_uplink", id, used,
                       sizeof(used));
        uplink_status(ports, all, u, status, sizeof(status));
        cli_format_speed((unsigned)json_integer_value(json_object_get(u, "speed_mbps")), "Auto",
                         speed, sizeof(speed));
        cli_writer_record_begin(w);
        cli_writer_field(w, "ID", id);
        cli_writer_field(w, "Used By", used);
        cli_writer_field(w, "Speed", speed);
        cli_writer_field(w, "Status", status);
        cli_writer_record_end(w);
    }
    json_decref(sets);
    json_decref(networks);
    json_decref(ports);
    if (!cli_param_is_all(only) && cli_writer_records(w) == 0) {
        cli_writer_destroy(w);
        return cli_fail(run, "uplink port %s does not exist (ports are enc0:1:X1 ...)", only);
    }
    return cli_show_done(run, w, "uplink port", "uplink ports");
}

/* ------------------------------------------------------------ table */

#define NETWORK_USAGE                                                                              \
    "[UplinkSet=<set> VLanID=<1-4094> | NativeVLAN=Enabled | UplinkPort=<enc0:1:Xn>] "             \
    "[State=Enabled|Disabled] [SmartLink=..] [Private=..] [VLanTunnel=..] "                        \
    "[PrefSpeedType=Auto|Custom PrefSpeed=<Mb>] [MaxSpeedType=Unrestricted|Custom "                \
    "MaxSpeed=<Mb>] [MacLimit=<n>]"

static const struct cli_spec specs[] = {
    {"add",
     "network",
     "add network <Name> " NETWORK_USAGE,
     "add a network (vNet)",
     1,
     1,
     network_properties,
     NULL,
     {MANAGER_METHOD_NETWORK_ADD},
     METHOD_ROLE_NONE,
     network_add},
    {"set",
     "network",
     "set network <Name> " NETWORK_USAGE,
     "change properties of a network",
     1,
     1,
     network_properties,
     NULL,
     {MANAGER_METHOD_NETWORK_SET},
     METHOD_ROLE_NONE,
     network_set},
    {"remove",
     "network",
     "remove network <Name>|*",
     "remove a network (or all)",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_NETWORK_REMOVE},
     METHOD_ROLE_NONE,
     network_remove},
    {"show",
     "network",
     "show network [<Name>|*]",
     "networks",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_NETWORK_SHOW, MANAGER_METHOD_STATUS_SHOW},
     METHOD_ROLE_NONE,
     network_show},
    {"add",
     "uplinkset",
     "add uplinkset <Name> [ConnectionMode=Failover|Auto]",
     "add a shared uplink set",
     1,
     1,
     uplinkset_properties,
     NULL,
     {MANAGER_METHOD_UPLINKSET_ADD},
     METHOD_ROLE_NONE,
     uplinkset_add},
    {"remove",
     "uplinkset",
     "remove uplinkset <Name>|*",
     "remove a shared uplink set (its ports become free)",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_UPLINKSET_REMOVE},
     METHOD_ROLE_NONE,
     uplinkset_remove},
    {"show",
     "uplinkset",
     "show uplinkset [<Name>|*]",
     "shared uplink sets",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_UPLINKSET_SHOW},
     METHOD_ROLE_NONE,
     uplinkset_show},
    {"add",
     "uplinkport",
     "add uplinkport <enc0:1:Xn> UplinkSet=<set>",
     "put an uplink port into a shared uplink set",
     1,
     1,
     uplinkport_properties,
     NULL,
     {MANAGER_METHOD_UPLINKPORT_ADD},
     METHOD_ROLE_NONE,
     uplinkport_add},
    {"remove",
     "uplinkport",
     "remove uplinkport <enc0:1:Xn>",
     "take an uplink port out of its set",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_UPLINKPORT_REMOVE},
     METHOD_ROLE_NONE,
     uplinkport_remove},
    {"show",
     "uplinkport",
     "show uplinkport [<enc0:1:Xn>|*]",
     "uplink ports with link state",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_UPLINKSET_SHOW},
     METHOD_ROLE_NONE,
     uplinkport_show},
};

const struct cli_spec_list cli_network_specs = {specs, sizeof(specs) / sizeof(specs[0])};
