/*
 * cli_config: `show config` -- the whole domain as CLI commands that,
 * replayed on a new domain, rebuild an identical one, same addresses
 * included; backup tools diff it, so it is deterministic (objects in the
 * domain's order, properties in a fixed order, every value written).
 *
 * What "a new domain" is: what vc-manager makes of a new store (manager.c
 * load_domain): the enclosure, its bays and uplink ports from the wiring,
 * pre-defined MAC and WWN range 0, MACs and WWNs from the pools, serials
 * from the factory. So the output removes range 0 when the domain does not
 * have it, and adds every other range.
 *
 * Order: domain settings, the imported enclosures other than the module's
 * own (import enclosure: a new domain has enc0 only), ranges, uplink sets with their ports
 * (failover order is the wiring's), networks, profiles each with its connections (FC/FCoE first;
 * given addresses: AddressType and the MACs/WWNs, so replay claims them), server-port-maps,
 * assignments, then the SNMP settings (on/off, community, contact, location, access list, community
 * trap destinations), then the password policy (set user-security). Users are not replayed (their
 * passwords are kept as hashes only, and a read-only user may run show
 * config), nor SNMPv3 users, whose keys are never shown: each is a `#`
 * comment line saying so, with what can be shown (roles, names, whether
 * enabled, how many SSH keys), and so is each SNMPv3 trap destination,
 * which needs its user.
 */
#include <stdio.h>
#include <string.h>

#include "mgmt/cli_commands.h"
#include "mgmt/manager.h"

/* ------------------------------------------------------------ values */

/* put: ` Name=Value`, the value as the parser reads it back (quoted when it is
 * empty or has blanks, ';' or '"'-free text is assumed: names are
 * [A-Za-z0-9_.-]). */
static void put(struct cli_text *t, const char *name, const char *value)
{
    bool quote = value[0] == '\0' || strpbrk(value, " \t;") != NULL;

    cli_text_printf(t, " %s=%s%s%s", name, quote ? "\"" : "", value, quote ? "\"" : "");
}

static void put_int(struct cli_text *t, const char *name, long long value)
{
    cli_text_printf(t, " %s=%lld", name, value);
}

static long long int_of(json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

static const char *text_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static const char *enabled_of(json_t *o, const char *key)
{
    return cli_enabled(json_is_true(json_object_get(o, key)));
}

/* type_word: the CLI's word for a protocol word (speed type, PXE, source). */
static const char *type_word(const char *protocol)
{
    static const char *const map[][2] = {
        {"auto", "Auto"},
        {"preferred", "Preferred"},
        {"custom", "Custom"},
        {"disabled", "Disabled"},
        {"enabled", "Enabled"},
        {"use_bios", "UseBIOS"},
        {"factory", "Factory-Default"},
        {"pool", "VC-Defined"},
        {"user", "User-Defined"},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (strcmp(map[i][0], protocol) == 0)
            return map[i][1];
    return protocol;
}

/* ------------------------------------------------------------ parts */

static void config_domain(json_t *d, struct cli_text *t)
{
    cli_text_printf(t, "set domain");
    put(t, "DomainName", text_of(d, "name"));
    put(t, "MacType", type_word(text_of(d, "mac_source")));
    put(t, "WwnType", type_word(text_of(d, "wwn_source")));
    put(t, "SerialNumberType", type_word(text_of(d, "serial_source")));
    put_int(t, "MacAging", int_of(d, "aging_s"));
    cli_text_printf(t, "\n");
    cli_text_printf(t, "set mac-cache Enabled=%s",
                    json_is_true(json_object_get(d, "mac_cache_enabled")) ? "true" : "false");
    put_int(t, "Refresh", int_of(d, "mac_cache_refresh_s"));
    cli_text_printf(t, "\n");
    cli_text_printf(
        t, "set port-protect networkLoop=%s pauseFlood=%s\n",
        json_is_true(json_object_get(d, "port_protect_network_loop")) ? "Enabled" : "Disabled",
        json_is_true(json_object_get(d, "port_protect_pause_flood")) ? "Enabled" : "Disabled");
}

/* config_enclosures: `import enclosure encK` for every imported enclosure
 * but the module's own, which a new domain has. */
static void config_enclosures(const struct domain *d, struct cli_text *t)
{
    for (unsigned e = 0; e < d->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++)
        if (d->enclosures[e].imported && strcmp(d->enclosures[e].id, MANAGER_ENCLOSURE) != 0)
            cli_text_printf(t, "import enclosure %s\n", d->enclosures[e].id);
}

/* config_ranges: the ranges of pool `kind` ("mac", ...) as element. */
static void config_ranges(json_t *pools, const char *kind, const char *element, bool has_default,
                          struct cli_text *t)
{
    json_t *ranges = json_object_get(json_object_get(pools, kind), "ranges"), *r;
    bool default_seen = false;
    size_t i;

    json_array_foreach(ranges, i, r) default_seen =
        default_seen ||
        (json_is_integer(json_object_get(r, "predefined")) && int_of(r, "predefined") == 0);
    if (has_default && !default_seen)
        cli_text_printf(t, "remove %s Predefined=0\n", element);
    json_array_foreach(ranges, i, r)
    {
        json_t *pre = json_object_get(r, "predefined");
        if (json_is_integer(pre) && json_integer_value(pre) == 0 && has_default)
            continue;
        cli_text_printf(t, "add %s", element);
        if (json_is_integer(pre))
            put_int(t, "Predefined", json_integer_value(pre));
        else {
            put(t, "Start", text_of(r, "start"));
            put(t, "End", text_of(r, "end"));
        }
        cli_text_printf(t, "\n");
    }
}

static void config_uplinks(json_t *sets, struct cli_text *t)
{
    json_t *s, *p;
    size_t i, k;

    json_array_foreach(json_object_get(sets, "uplink_sets"), i, s)
    {
        cli_text_printf(t, "add uplinkset %s", text_of(s, "name"));
        put(t, "ConnectionMode", strcmp(text_of(s, "mode"), "auto") == 0 ? "Auto" : "Failover");
        cli_text_printf(t, "\n");
    }
    json_array_foreach(json_object_get(sets, "uplink_ports"), k,
                       p) if (text_of(p, "uplink_set")[0] != '\0')
        cli_text_printf(t, "add uplinkport %s UplinkSet=%s\n", text_of(p, "id"),
                        text_of(p, "uplink_set"));
}

static void config_networks(json_t *networks, struct cli_text *t)
{
    json_t *n;
    size_t i;

    json_array_foreach(json_object_get(networks, "networks"), i, n)
    {
        cli_text_printf(t, "add network %s", text_of(n, "name"));
        if (text_of(n, "uplink_set")[0] != '\0') {
            put(t, "UplinkSet", text_of(n, "uplink_set"));
            if (json_is_true(json_object_get(n, "native")))
                put(t, "NativeVLAN", "Enabled");
            else
                put_int(t, "VLanID", int_of(n, "vlan"));
        }
        if (text_of(n, "dedicated_uplink")[0] != '\0')
            put(t, "UplinkPort", text_of(n, "dedicated_uplink"));
        put(t, "State", enabled_of(n, "enabled"));
        put(t, "SmartLink", enabled_of(n, "smart_link"));
        put(t, "Private", enabled_of(n, "private"));
        put(t, "VLanTunnel", enabled_of(n, "tunnel"));
        if (int_of(n, "preferred_speed_mbps") > 0) {
            put(t, "PrefSpeedType", "Custom");
            put_int(t, "PrefSpeed", int_of(n, "preferred_speed_mbps"));
        }
        if (int_of(n, "max_speed_mbps") > 0) {
            put(t, "MaxSpeedType", "Custom");
            put_int(t, "MaxSpeed", int_of(n, "max_speed_mbps"));
        }
        if (int_of(n, "mac_limit") > 0)
            put_int(t, "MacLimit", int_of(n, "mac_limit"));
        cli_text_printf(t, "\n");
    }
}

static void config_enet(const char *profile, json_t *c, struct cli_text *t)
{
    const char *source = text_of(c, "mac_source");
    json_t *e;
    size_t i;

    cli_text_printf(t, "add enet-connection %s", profile);
    put(t, "Network", text_of(c, "network"));
    put(t, "PXE", type_word(text_of(c, "pxe")));
    put(t, "SpeedType", type_word(text_of(c, "speed_type")));
    if (int_of(c, "speed_mbps") > 0)
        put_int(t, "Speed", int_of(c, "speed_mbps"));
    put(t, "AddressType", type_word(source));
    if (strcmp(source, "factory") != 0) {
        if (json_is_string(json_object_get(c, "mac")))
            put(t, "EthernetMAC", text_of(c, "mac"));
        if (json_is_string(json_object_get(c, "iscsi_mac")))
            put(t, "iScsiMAC", text_of(c, "iscsi_mac"));
    }
    cli_text_printf(t, "\n");
    json_array_foreach(json_object_get(c, "port_map"), i, e)
    {
        cli_text_printf(t, "add server-port-map %s:%lld %s", profile, int_of(c, "index"),
                        text_of(e, "network"));
        put_int(t, "VLanID", int_of(e, "vlan"));
        put(t, "Untagged", json_is_true(json_object_get(e, "untagged")) ? "true" : "false");
        cli_text_printf(t, "\n");
    }
}

/* config_fc: one FC or FCoE connection (before the Ethernet ones, since
 * FCoE takes FlexNIC b and the Ethernet mapping follows). */
static void config_fc(const char *profile, const char *element, json_t *c, struct cli_text *t)
{
    const char *source = text_of(c, "wwn_source");

    cli_text_printf(t, "add %s %s", element, profile);
    put(t, "Fabric", text_of(c, "fabric"));
    put(t, "SpeedType", type_word(text_of(c, "speed_type")));
    if (int_of(c, "speed_mbps") > 0)
        put_int(t, "Speed", int_of(c, "speed_mbps"));
    put(t, "SanBoot", enabled_of(c, "boot_enabled"));
    if (json_is_string(json_object_get(c, "boot_target")))
        put(t, "BootTarget", text_of(c, "boot_target"));
    if (int_of(c, "boot_lun") > 0)
        put_int(t, "BootLun", int_of(c, "boot_lun"));
    put(t, "AddressType", type_word(source));
    if (strcmp(source, "factory") != 0 && json_is_string(json_object_get(c, "wwpn"))) {
        put(t, "WWPN", text_of(c, "wwpn"));
        put(t, "WWNN", text_of(c, "wwnn"));
    }
    cli_text_printf(t, "\n");
}

static void config_profiles(json_t *profiles, struct cli_text *t)
{
    json_t *p, *c;
    size_t i, k;

    json_array_foreach(json_object_get(profiles, "profiles"), i, p)
    {
        const char *name = text_of(p, "name");
        cli_text_printf(t, "add profile %s -nodefaultenetconn", name);
        put(t, "SerialNumber", text_of(p, "serial"));
        put(t, "UUID", text_of(p, "uuid")); /* "": none, not a new one */
        cli_text_printf(t, "\n");
        json_array_foreach(json_object_get(p, "fcoe_connections"), k, c)
        {
            config_fc(name, "fcoe-connection", c, t);
        }
        json_array_foreach(json_object_get(p, "fc_connections"), k, c)
        {
            config_fc(name, "fc-connection", c, t);
        }
        json_array_foreach(json_object_get(p, "enet_connections"), k, c)
        {
            config_enet(name, c, t);
        }
    }
    json_array_foreach(json_object_get(profiles, "profiles"), i,
                       p) if (json_is_integer(json_object_get(p, "bay")))
        cli_text_printf(t, "assign profile %s %s:%lld\n", text_of(p, "name"),
                        text_of(p, "enclosure"), int_of(p, "bay"));
}

/* config_snmp: the SNMP settings of an snmp.show result. */
static void config_snmp(json_t *snmp, struct cli_text *t)
{
    json_t *o;
    size_t i;

    cli_text_printf(t, "set snmp Enabled=%s",
                    json_is_true(json_object_get(snmp, "enabled")) ? "true" : "false");
    put(t, "ReadCommunity", text_of(snmp, "read_community"));
    put(t, "Contact", text_of(snmp, "contact"));
    put(t, "Location", text_of(snmp, "location"));
    cli_text_printf(t, "\n");
    json_array_foreach(json_object_get(snmp, "access"), i, o)
        cli_text_printf(t, "add snmp-access %s\n", json_string_value(o));
    json_array_foreach(json_object_get(snmp, "users"), i, o)
        cli_text_printf(t, "# add snmp-user %s AuthKey=<key> PrivKey=<key> (keys are not shown)\n",
                        text_of(o, "name"));
    json_array_foreach(json_object_get(snmp, "traps"), i, o)
    {
        bool v3 = json_object_get(o, "user") != NULL;
        cli_text_printf(t, "%sadd snmp-trap %s Format=%s", v3 ? "# " : "",
                        text_of(o, "destination"), text_of(o, "format"));
        put(t, v3 ? "User" : "Community", text_of(o, v3 ? "user" : "community"));
        cli_text_printf(t, "%s\n", v3 ? " (needs its SNMPv3 user)" : "");
    }
}

/* config_users: the password policy as a command, each user as a comment
 * (a new store has Administrator already; the others need a password). */
static void config_users(json_t *security, json_t *users, struct cli_text *t)
{
    json_t *u, *role;
    size_t i, r;

    cli_text_printf(t, "set user-security");
    put_int(t, "MinPasswordLength", int_of(security, "min_password_length"));
    put(t, "StrongPasswords", enabled_of(security, "strong_passwords"));
    cli_text_printf(t, "\n");
    json_array_foreach(json_object_get(users, "users"), i, u)
    {
        char roles[64] = "";
        json_array_foreach(json_object_get(u, "roles"), r, role)
            snprintf(roles + strlen(roles), sizeof(roles) - strlen(roles), "%s%s", r ? "," : "",
                     json_string_value(role));
        cli_text_printf(t, "# add user %s Password=<password>", text_of(u, "name"));
        put(t, "Roles", roles);
        put(t, "FullName", text_of(u, "full_name"));
        put(t, "ContactInfo", text_of(u, "contact_info"));
        put(t, "Enabled", json_is_true(json_object_get(u, "enabled")) ? "true" : "false");
        cli_text_printf(t, " (password not shown, %zu SSH key(s))\n",
                        json_array_size(json_object_get(u, "ssh_keys")));
    }
}

/* ------------------------------------------------------------ command */

static int config_show(struct cli_run *run)
{
    json_t *d = NULL, *pools = NULL, *sets = NULL, *networks = NULL, *profiles = NULL, *snmp = NULL,
           *security = NULL, *users = NULL;
    int rc = -1;

    if (cli_call(run, MANAGER_METHOD_DOMAIN_SHOW, NULL, &d) < 0 ||
        cli_call(run, MANAGER_METHOD_POOL_SHOW, NULL, &pools) < 0 ||
        cli_call(run, MANAGER_METHOD_UPLINKSET_SHOW, NULL, &sets) < 0 ||
        cli_call(run, MANAGER_METHOD_NETWORK_SHOW, NULL, &networks) < 0 ||
        cli_call(run, MANAGER_METHOD_PROFILE_SHOW, NULL, &profiles) < 0 ||
        cli_call(run, MANAGER_METHOD_SNMP_SHOW, NULL, &snmp) < 0 ||
        cli_call(run, MANAGER_METHOD_USER_SECURITY_SHOW, NULL, &security) < 0 ||
        cli_call(run, MANAGER_METHOD_USER_SHOW, NULL, &users) < 0)
        goto out;
    config_domain(d, run->body);
    config_enclosures(run->m->st.domain, run->body);
    config_ranges(pools, "mac", "mac-range", true, run->body);
    config_ranges(pools, "wwn", "wwn-range", true, run->body);
    config_ranges(pools, "serial", "serial-range", false, run->body);
    config_uplinks(sets, run->body);
    config_networks(networks, run->body);
    config_profiles(profiles, run->body);
    config_snmp(snmp, run->body);
    config_users(security, users, run->body);
    rc = cli_ok(run, "configuration of domain %s", text_of(d, "name"));
out:
    json_decref(d);
    json_decref(pools);
    json_decref(sets);
    json_decref(networks);
    json_decref(profiles);
    json_decref(snmp);
    json_decref(security);
    json_decref(users);
    return rc;
}

static const struct cli_spec specs[] = {
    {"show",
     "config",
     "show config",
     "the domain as commands that rebuild it on a new domain (backup, diff)",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_DOMAIN_SHOW},
     METHOD_ROLE_NONE,
     config_show},
};

const struct cli_spec_list cli_config_specs = {specs, sizeof(specs) / sizeof(specs[0])};
