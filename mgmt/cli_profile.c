/*
 * cli_profile: the CLI commands of server profiles and the servers they
 * are assigned to -- add/remove/show/assign/unassign profile, add/set/
 * remove/show enet-connection, add/remove/show server-port-map, show/
 * poweron/poweroff server -- over the manager's profile.*,
 * enet_connection.*, server_port_map.* and server.* methods, with the
 * field labels of VC-REFERENCE.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mgmt/cli_commands.h"
#include "mgmt/manager.h"
#include "profiles/plan.h"

/* ------------------------------------------------------------ profile */

static const char *const profile_add_options[] = {"nodefaultenetconn", NULL};

static const struct cli_property_spec profile_add_properties[] = {
    {"SerialNumber", "logical serial number (VCX0000001); default as the domain says"},
    {"UUID", "logical UUID (8-4-4-4-12 hex); default a new one with a logical serial"},
    {NULL, NULL},
};

static int profile_add(struct cli_run *run)
{
    const char *name = run->cmd->params[0];
    bool none = cli_command_option(run->cmd, "nodefaultenetconn") != NULL;
    json_t *params = json_pack("{s:s, s:i}", "name", name, "connections", none ? 0 : 2);

    cli_prop_string(run, "serialnumber", params, "serial");
    cli_prop_string(run, "uuid", params, "uuid");
    if (cli_call(run, MANAGER_METHOD_PROFILE_ADD, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Profile %s added", name);
}

/* each_profile: the names of profile `one` or, for `*`, of every profile. */
static json_t *each_profile(struct cli_run *run, const char *one)
{
    json_t *shown = NULL, *names = json_array(), *p;
    size_t i;

    if (!cli_param_is_all(one)) {
        json_array_append_new(names, json_string(one));
        return names;
    }
    if (cli_call(run, MANAGER_METHOD_PROFILE_SHOW, NULL, &shown) < 0) {
        json_decref(names);
        return NULL;
    }
    json_array_foreach(json_object_get(shown, "profiles"), i, p)
        json_array_append(names, json_object_get(p, "name"));
    json_decref(shown);
    return names;
}

static int profile_remove(struct cli_run *run)
{
    json_t *names = each_profile(run, run->cmd->params[0]);

    if (names == NULL)
        return -1;
    return cli_remove_each(run, names, MANAGER_METHOD_PROFILE_REMOVE, "name", "Profile",
                           "profiles");
}

static int profile_assign(struct cli_run *run)
{
    char enclosure[CLI_ENCLOSURE_MAX];
    unsigned bay;

    if (cli_parse_bay(run, run->cmd->params[1], enclosure, &bay) < 0)
        return -1;
    if (cli_call(run, MANAGER_METHOD_PROFILE_ASSIGN,
                 json_pack("{s:s, s:s, s:i}", "name", run->cmd->params[0], "enclosure", enclosure,
                           "bay", (int)bay),
                 NULL) < 0)
        return -1;
    return cli_ok(run, "Profile %s assigned to %s:%u", run->cmd->params[0], enclosure, bay);
}

static int profile_unassign(struct cli_run *run)
{
    if (cli_call(run, MANAGER_METHOD_PROFILE_UNASSIGN,
                 json_pack("{s:s}", "name", run->cmd->params[0]), NULL) < 0)
        return -1;
    return cli_ok(run, "Profile %s unassigned", run->cmd->params[0]);
}

/* bay_text: "enc1:3" or "<Unassigned>" of a profile.show object. */
static void bay_text(json_t *p, char *buf, size_t size)
{
    json_t *bay = json_object_get(p, "bay");

    if (json_is_integer(bay))
        snprintf(buf, size, "%s:%d", cli_json_text(p, "enclosure"), (int)json_integer_value(bay));
    else
        snprintf(buf, size, "<Unassigned>");
}

/* profiles_shown: profile.show for the command's parameter (one, or all
 * for none and `*`). */
static int profiles_shown(struct cli_run *run, json_t **result)
{
    const char *p = run->cmd->n_params ? run->cmd->params[0] : "*";
    json_t *params = cli_param_is_all(p) ? NULL : json_pack("{s:s}", "name", p);

    return cli_call(run, MANAGER_METHOD_PROFILE_SHOW, params, result);
}

static int profile_show(struct cli_run *run)
{
    json_t *result = NULL, *status = NULL, *p;
    size_t i;

    if (profiles_shown(run, &result) < 0)
        return -1;
    if (cli_call(run, MANAGER_METHOD_STATUS_SHOW, NULL, &status) < 0) {
        json_decref(result);
        return -1;
    }
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(result, "profiles"), i, p)
    {
        const char *name = json_string_value(json_object_get(p, "name"));
        char bay[32];
        bay_text(p, bay, sizeof(bay));
        cli_writer_record_begin(w);
        cli_writer_field(w, "Name", name);
        cli_writer_field(w, "Device Bay", bay);
        cli_writer_field(w, "Status", cli_status_of(status, "profiles", "name", name));
        cli_writer_field(w, "Serial Number", cli_json_text(p, "serial"));
        cli_writer_field(w, "UUID", cli_json_text(p, "uuid"));
        cli_writer_fieldf(w, "Ethernet Connections", "%zu",
                          json_array_size(json_object_get(p, "enet_connections")));
        cli_writer_fieldf(w, "FCoE Connections", "%zu",
                          json_array_size(json_object_get(p, "fcoe_connections")));
        cli_writer_fieldf(w, "FC Connections", "%zu",
                          json_array_size(json_object_get(p, "fc_connections")));
        cli_writer_record_end(w);
    }
    json_decref(result);
    json_decref(status);
    return cli_show_done(run, w, "profile", "profiles");
}

/* ------------------------------------------------------------ enet-connection */

static const struct cli_property_spec enet_properties[] = {
    {"Network", "the network of the connection (\"\" = unassigned)"},
    {"PXE", "Enabled, Disabled or UseBIOS"},
    {"SpeedType", "Auto, Preferred, Custom or Disabled"},
    {"Speed", "Custom speed, 100-10000 Mb in 100 Mb steps"},
    {"AddressType", "Factory-Default, VC-Defined (pool) or User-Defined"},
    {"EthernetMAC", "the primary MAC (User-Defined, or a given pool address)"},
    {"iScsiMAC", "the second (iSCSI) MAC"},
    {NULL, NULL},
};

/* set enet-connection: the same without the addresses, which are kept */
static const struct cli_property_spec enet_set_properties[] = {
    {"Network", "the network of the connection (\"\" = unassigned)"},
    {"PXE", "Enabled, Disabled or UseBIOS"},
    {"SpeedType", "Auto, Preferred, Custom or Disabled"},
    {"Speed", "Custom speed, 100-10000 Mb in 100 Mb steps"},
    {NULL, NULL},
};

/* enet_props: Network, PXE, SpeedType, Speed into params (add and set). */
static int enet_props(struct cli_run *run, json_t *params)
{
    static const char *const pxe_words[] = {"Enabled", "Disabled", "UseBIOS"};
    static const char *const pxe_values[] = {"enabled", "disabled", "use_bios"};

    if (cli_prop_string(run, "network", params, "network") < 0 ||
        cli_prop_word(run, "pxe", pxe_words, pxe_values, 3, params, "pxe") < 0 ||
        cli_prop_speed(run, params) < 0)
        return -1;
    return 0;
}

static int enet_add(struct cli_run *run)
{
    json_t *params = json_pack("{s:s}", "profile", run->cmd->params[0]), *result = NULL;

    if (enet_props(run, params) < 0 || cli_prop_address_type(run, params, "mac_source") < 0 ||
        cli_prop_string(run, "ethernetmac", params, "mac") < 0 ||
        cli_prop_string(run, "iscsimac", params, "iscsi_mac") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_ENET_ADD, params, &result) < 0)
        return -1;
    int index = (int)json_integer_value(json_object_get(result, "index"));
    json_decref(result);
    return cli_ok(run, "Ethernet connection %d added to profile %s", index, run->cmd->params[0]);
}

/* parse_port: a connection number 1-8 into *index. */
static int parse_port(struct cli_run *run, const char *text, unsigned *index)
{
    char *end;
    unsigned long n = strtoul(text, &end, 10);

    if (text[0] < '1' || text[0] > '9' || *end != '\0' || n > 8)
        return cli_fail(run, "connection \"%s\" is not valid: use its port number, 1-8", text);
    *index = (unsigned)n;
    return 0;
}

static int enet_set(struct cli_run *run)
{
    unsigned index;

    if (parse_port(run, run->cmd->params[1], &index) < 0)
        return -1;
    if (run->cmd->n_properties == 0)
        return cli_fail(run, "set enet-connection changes nothing: give Network, PXE, SpeedType "
                             "or Speed");
    json_t *params = json_pack("{s:s, s:i}", "profile", run->cmd->params[0], "index", (int)index);
    if (enet_props(run, params) < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_ENET_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Ethernet connection %u of profile %s changed", index, run->cmd->params[0]);
}

static int enet_remove(struct cli_run *run)
{
    if (cli_call(run, MANAGER_METHOD_ENET_REMOVE,
                 json_pack("{s:s}", "profile", run->cmd->params[0]), NULL) < 0)
        return -1;
    return cli_ok(run, "The last Ethernet connection of profile %s removed", run->cmd->params[0]);
}

/* configured_text: Configured Speed of a connection. */
static void configured_text(json_t *c, char *buf, size_t size)
{
    const char *type = cli_json_text(c, "speed_type");
    unsigned mbps = (unsigned)json_integer_value(json_object_get(c, "speed_mbps"));

    if (strcmp(type, "custom") == 0)
        cli_format_speed(mbps, "Auto", buf, size);
    else if (strcmp(type, "preferred") == 0)
        snprintf(buf, size, "Preferred");
    else if (strcmp(type, "disabled") == 0)
        snprintf(buf, size, "Disabled");
    else
        snprintf(buf, size, "Auto");
}

/* allocated_text: Allocated Speed of connection `index` of profile `name`:
 * the Flex-10 allocation of its LOM port (plan_profile_bandwidth). */
static void allocated_text(struct manager *m, const char *name, unsigned index, char *buf,
                           size_t size)
{
    struct domain_profile *p = domain_find_profile(m->st.domain, name);
    uint32_t configured[4], allocated[4];
    unsigned port, flexnic;

    snprintf(buf, size, "-- --");
    if (p == NULL || plan_connection_port(p, index, &port, &flexnic) < 0)
        return;
    int rc = plan_profile_bandwidth(m->st.domain, p, port, configured, allocated);
    if (rc == PLAN_NOT_ALLOCATED)
        snprintf(buf, size, "Not allocated");
    else if (rc == 0)
        cli_format_speed(allocated[flexnic], "0Mb", buf, size);
}

/* network_text: the connection's network, or "Multiple Networks". */
static const char *network_text(json_t *c)
{
    if (json_array_size(json_object_get(c, "port_map")) > 0)
        return "Multiple Networks";
    return cli_json_text(c, "network");
}

static int enet_show(struct cli_run *run)
{
    json_t *result = NULL, *p, *c;
    size_t i, k;

    if (profiles_shown(run, &result) < 0)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(result, "profiles"), i, p)
    {
        const char *name = json_string_value(json_object_get(p, "name"));
        char bay[32];
        bay_text(p, bay, sizeof(bay));
        json_array_foreach(json_object_get(p, "enet_connections"), k, c)
        {
            char configured[16], allocated[24];
            unsigned index = (unsigned)json_integer_value(json_object_get(c, "index"));
            configured_text(c, configured, sizeof(configured));
            allocated_text(run->m, name, index, allocated, sizeof(allocated));
            const char *pxe = cli_json_text(c, "pxe");
            cli_writer_record_begin(w);
            cli_writer_field(w, "Profile", name);
            cli_writer_fieldf(w, "Port", "%u", index);
            cli_writer_field(w, "Network Name", network_text(c));
            cli_writer_field(w, "Status",
                             json_is_integer(json_object_get(p, "bay")) ? "OK" : "Unassigned");
            cli_writer_field(w, "PXE",
                             strcmp(pxe, "enabled") == 0    ? "Enabled"
                             : strcmp(pxe, "disabled") == 0 ? "Disabled"
                                                            : "UseBIOS");
            cli_writer_field(w, "MAC Address", cli_json_text(c, "mac"));
            cli_writer_field(w, "iSCSI MAC Address", cli_json_text(c, "iscsi_mac"));
            cli_writer_field(w, "Port Mapping", cli_json_text(c, "port"));
            cli_writer_field(w, "Configured Speed", configured);
            cli_writer_field(w, "Allocated Speed", allocated);
            cli_writer_field(w, "Server", bay);
            cli_writer_record_end(w);
        }
    }
    json_decref(result);
    return cli_show_done(run, w, "Ethernet connection", "Ethernet connections");
}

/* ------------------------------------------------------------ server-port-map */

static const struct cli_property_spec port_map_properties[] = {
    {"VLanID", "the server's VLAN for the network, 1-4094"},
    {"Untagged", "true: the server's untagged frames go to this network"},
    {NULL, NULL},
};

/* parse_connection: "Web01:2" into profile name (in buf) and *index. */
static int parse_connection(struct cli_run *run, const char *text, char *name, size_t size,
                            unsigned *index)
{
    const char *colon = strrchr(text, ':');

    if (colon == NULL || (size_t)(colon - text) >= size || colon == text)
        return cli_fail(run, "connection \"%s\" is not valid: use <Profile>:<Port> (Web01:2)",
                        text);
    memcpy(name, text, (size_t)(colon - text));
    name[colon - text] = '\0';
    return parse_port(run, colon + 1, index);
}

static int port_map_add(struct cli_run *run)
{
    char name[128];
    unsigned index;

    if (parse_connection(run, run->cmd->params[0], name, sizeof(name), &index) < 0)
        return -1;
    if (cli_command_property(run->cmd, "vlanid") == NULL)
        return cli_fail(run, "add server-port-map needs VLanID=<1-4094>: usage: %s",
                        run->spec->usage);
    json_t *params = json_pack("{s:s, s:i, s:s}", "profile", name, "index", (int)index, "network",
                               run->cmd->params[1]);
    if (cli_prop_uint(run, "vlanid", 1, 4094, params, "vlan") < 0 ||
        cli_prop_enabled(run, "untagged", params, "untagged") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_PORT_MAP_ADD, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Network %s mapped on connection %s", run->cmd->params[1],
                  run->cmd->params[0]);
}

static int port_map_remove(struct cli_run *run)
{
    char name[128];
    unsigned index;

    if (parse_connection(run, run->cmd->params[0], name, sizeof(name), &index) < 0)
        return -1;
    if (cli_call(run, MANAGER_METHOD_PORT_MAP_REMOVE,
                 json_pack("{s:s, s:i, s:s}", "profile", name, "index", (int)index, "network",
                           run->cmd->params[1]),
                 NULL) < 0)
        return -1;
    return cli_ok(run, "Network %s unmapped from connection %s", run->cmd->params[1],
                  run->cmd->params[0]);
}

static int port_map_show(struct cli_run *run)
{
    json_t *result = NULL, *p, *c, *e;
    size_t i, k, j;

    if (profiles_shown(run, &result) < 0)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(result, "profiles"), i, p)
    {
        json_array_foreach(json_object_get(p, "enet_connections"), k, c)
        {
            json_array_foreach(json_object_get(c, "port_map"), j, e)
            {
                cli_writer_record_begin(w);
                cli_writer_fieldf(w, "Connection", "%s:%d", cli_json_text(p, "name"),
                                  (int)json_integer_value(json_object_get(c, "index")));
                cli_writer_field(w, "Network Name", cli_json_text(e, "network"));
                cli_writer_fieldf(w, "Server VLAN ID", "%d",
                                  (int)json_integer_value(json_object_get(e, "vlan")));
                cli_writer_field(w, "Untagged",
                                 json_is_true(json_object_get(e, "untagged")) ? "true" : "false");
                cli_writer_record_end(w);
            }
        }
    }
    json_decref(result);
    return cli_show_done(run, w, "server port mapping", "server port mappings");
}

/* ------------------------------------------------------------ server */

static int server_show(struct cli_run *run)
{
    const char *only = run->cmd->n_params ? run->cmd->params[0] : "*";
    json_t *result = NULL, *status = NULL, *s;
    char enclosure[CLI_ENCLOSURE_MAX];
    unsigned bay = 0;
    size_t i;

    if (!cli_param_is_all(only) && cli_parse_bay(run, only, enclosure, &bay) < 0)
        return -1;
    if (cli_call(run, MANAGER_METHOD_SERVER_SHOW,
                 bay ? json_pack("{s:s, s:i}", "enclosure", enclosure, "bay", (int)bay) : NULL,
                 &result) < 0 ||
        cli_call(run, MANAGER_METHOD_STATUS_SHOW, NULL, &status) < 0) {
        json_decref(result);
        return -1;
    }
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(result, "servers"), i, s)
    {
        bool present = json_is_true(json_object_get(s, "present"));
        int b = (int)json_integer_value(json_object_get(s, "bay"));
        const char *profile = json_string_value(json_object_get(s, "profile"));
        const char *st = "Unknown";
        size_t k;
        json_t *o;
        json_array_foreach(json_object_get(status, "servers"), k, o)
        {
            if (json_integer_value(json_object_get(o, "bay")) == b &&
                strcmp(cli_json_text(o, "enclosure"), cli_json_text(s, "enclosure")) == 0)
                st = json_string_value(json_object_get(o, "status_name"));
        }
        cli_writer_record_begin(w);
        cli_writer_fieldf(w, "Server ID", "%s:%d", cli_json_text(s, "enclosure"), b);
        cli_writer_field(w, "Status", present ? st : "No Server");
        cli_writer_field(w, "Power",
                         !present                                         ? "-- --"
                         : json_is_true(json_object_get(s, "powered_on")) ? "On"
                                                                          : "Off");
        cli_writer_field(w, "Server Profile", profile && profile[0] ? profile : "<Unassigned>");
        cli_writer_field(w, "Serial Number", present ? cli_json_text(s, "serial") : "-- --");
        cli_writer_field(w, "Model", present ? cli_json_text(s, "model") : "-- --");
        /* the OA drivers have no UID light: it is never lit */
        cli_writer_field(w, "UID", present ? "Off" : "-- --");
        cli_writer_record_end(w);
    }
    json_decref(result);
    json_decref(status);
    return cli_show_done(run, w, "server", "servers");
}

static int server_power(struct cli_run *run, const char *power)
{
    const char *which = run->cmd->params[0];
    json_t *result = NULL, *s;
    char enclosure[CLI_ENCLOSURE_MAX];
    unsigned bay = 0, n = 0;
    size_t i;

    if (!cli_param_is_all(which) && cli_parse_bay(run, which, enclosure, &bay) < 0)
        return -1;
    if (cli_call(run, MANAGER_METHOD_SERVER_SHOW,
                 bay ? json_pack("{s:s, s:i}", "enclosure", enclosure, "bay", (int)bay) : NULL,
                 &result) < 0)
        return -1;
    json_array_foreach(json_object_get(result, "servers"), i, s)
    {
        int b = (int)json_integer_value(json_object_get(s, "bay"));
        if (bay == 0 && !json_is_true(json_object_get(s, "present")))
            continue;
        if (cli_call(run, MANAGER_METHOD_SERVER_POWER,
                     json_pack("{s:s, s:i, s:s}", "enclosure", cli_json_text(s, "enclosure"), "bay",
                               b, "power", power),
                     NULL) < 0) {
            json_decref(result);
            return -1;
        }
        n++;
    }
    json_decref(result);
    if (bay != 0)
        return cli_ok(run, "Server %s:%u powered %s", enclosure, bay, power);
    return cli_ok(run, "%u server(s) powered %s", n, power);
}

static int server_poweron(struct cli_run *run)
{
    return server_power(run, "on");
}

static int server_poweroff(struct cli_run *run)
{
    return server_power(run, "off");
}

/* ------------------------------------------------------------ table */

static const char *const power_options[] = {"timeout", "forceontimeout", NULL};

#define ENET_USAGE                                                                                 \
    "[Network=<name>] [PXE=Enabled|Disabled|UseBIOS] [SpeedType=Auto|Preferred|Custom|Disabled] "  \
    "[Speed=<Mb>]"

static const struct cli_spec specs[] = {
    {"add",
     "profile",
     "add profile <Name> [-nodefaultenetconn] [SerialNumber=<serial>] [UUID=<uuid>]",
     "add a server profile (two Ethernet connections unless -nodefaultenetconn)",
     1,
     1,
     profile_add_properties,
     profile_add_options,
     {MANAGER_METHOD_PROFILE_ADD},
     METHOD_ROLE_NONE,
     profile_add},
    {"remove",
     "profile",
     "remove profile <Name>|*",
     "remove a server profile (or all)",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_PROFILE_REMOVE},
     METHOD_ROLE_NONE,
     profile_remove},
    {"show",
     "profile",
     "show profile [<Name>|*]",
     "server profiles",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_PROFILE_SHOW},
     METHOD_ROLE_NONE,
     profile_show},
    {"assign",
     "profile",
     "assign profile <Name> <encK:Bay>",
     "assign a profile to a device bay (or move it there)",
     2,
     2,
     NULL,
     NULL,
     {MANAGER_METHOD_PROFILE_ASSIGN},
     METHOD_ROLE_NONE,
     profile_assign},
    {"unassign",
     "profile",
     "unassign profile <Name>",
     "unassign a profile from its bay",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_PROFILE_UNASSIGN},
     METHOD_ROLE_NONE,
     profile_unassign},
    {"add",
     "enet-connection",
     "add enet-connection <Profile> " ENET_USAGE
     " [AddressType=Factory-Default|VC-Defined|User-Defined EthernetMAC=<mac> iScsiMAC=<mac>]",
     "add an Ethernet connection to a profile",
     1,
     1,
     enet_properties,
     NULL,
     {MANAGER_METHOD_ENET_ADD},
     METHOD_ROLE_NONE,
     enet_add},
    {"set",
     "enet-connection",
     "set enet-connection <Profile> <Port> " ENET_USAGE,
     "change an Ethernet connection",
     2,
     2,
     enet_set_properties,
     NULL,
     {MANAGER_METHOD_ENET_SET},
     METHOD_ROLE_NONE,
     enet_set},
    {"remove",
     "enet-connection",
     "remove enet-connection <Profile>",
     "remove the last Ethernet connection of a profile",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_ENET_REMOVE},
     METHOD_ROLE_NONE,
     enet_remove},
    {"show",
     "enet-connection",
     "show enet-connection [<Profile>|*]",
     "Ethernet connections of profiles",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_PROFILE_SHOW},
     METHOD_ROLE_NONE,
     enet_show},
    {"add",
     "server-port-map",
     "add server-port-map <Profile>:<Port> <Network> VLanID=<1-4094> [Untagged=true|false]",
     "map a server VLAN of a connection to a network (multiple networks)",
     2,
     2,
     port_map_properties,
     NULL,
     {MANAGER_METHOD_PORT_MAP_ADD},
     METHOD_ROLE_NONE,
     port_map_add},
    {"remove",
     "server-port-map",
     "remove server-port-map <Profile>:<Port> <Network>",
     "unmap a network from a connection",
     2,
     2,
     NULL,
     NULL,
     {MANAGER_METHOD_PORT_MAP_REMOVE},
     METHOD_ROLE_NONE,
     port_map_remove},
    {"show",
     "server-port-map",
     "show server-port-map [<Profile>|*]",
     "server VLAN to network mappings",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_PROFILE_SHOW},
     METHOD_ROLE_NONE,
     port_map_show},
    {"show",
     "server",
     "show server [<encK:Bay>|*]",
     "device bays: blades, power, profiles",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_SERVER_SHOW},
     METHOD_ROLE_NONE,
     server_show},
    {"poweron",
     "server",
     "poweron server <encK:Bay>|*",
     "power a blade on",
     1,
     1,
     NULL,
     power_options,
     {MANAGER_METHOD_SERVER_POWER},
     METHOD_ROLE_NONE,
     server_poweron},
    {"poweroff",
     "server",
     "poweroff server <encK:Bay>|* [-timeout=<s>] [-forceontimeout]",
     "power a blade off",
     1,
     1,
     NULL,
     power_options,
     {MANAGER_METHOD_SERVER_POWER},
     METHOD_ROLE_NONE,
     server_poweroff},
};

const struct cli_spec_list cli_profile_specs = {specs, sizeof(specs) / sizeof(specs[0])};
