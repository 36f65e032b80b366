/*
 * cli_domain: the CLI commands of the domain as a whole -- show/set domain,
 * show/set mac-cache (Fast MAC cache failover), show/set/reset
 * port-protect (network loop and pause flood protection), the address ranges of the pools
 * (add/remove/show mac-range, wwn-range, serial-range), show enclosure, interconnect,
 * interconnect-mac-table, version and audit -- over domain.*, pool.*, status.show and
 * interconnect.* (and the store's audit trail).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "mgmt/cli_commands.h"
#include "mgmt/manager.h"
#include "profiles/plan.h"
#include "profiles/store.h"

#ifndef OPENVC_VERSION
#define OPENVC_VERSION "unknown"
#endif

/* ------------------------------------------------------------ domain */

static const char *source_text(const char *source)
{
    return strcmp(source, "pool") == 0 ? "VC-Defined" : "Factory-Default";
}

static int domain_show(struct cli_run *run)
{
    json_t *d = NULL, *status = NULL;

    if (cli_call(run, MANAGER_METHOD_DOMAIN_SHOW, NULL, &d) < 0 ||
        cli_call(run, MANAGER_METHOD_STATUS_SHOW, NULL, &status) < 0) {
        json_decref(d);
        return -1;
    }
    json_t *dp = json_object_get(d, "dataplane"), *ds = json_object_get(status, "domain");
    struct cli_writer *w = cli_run_writer(run);
    cli_writer_record_begin(w);
    cli_writer_field(w, "Domain Name", cli_json_text(d, "name"));
    cli_writer_field(w, "Status", cli_json_text(ds, "status_name"));
    cli_writer_field(w, "Status Reason", cli_json_text(ds, "reason"));
    cli_writer_field(w, "MAC Address Type", source_text(cli_json_text(d, "mac_source")));
    cli_writer_field(w, "WWN Address Type", source_text(cli_json_text(d, "wwn_source")));
    cli_writer_field(w, "Serial Number Type", source_text(cli_json_text(d, "serial_source")));
    cli_writer_fieldf(w, "MAC Aging Time", "%d",
                      (int)json_integer_value(json_object_get(d, "aging_s")));
    cli_writer_fieldf(w, "Configuration Generation", "%lld",
                      (long long)json_integer_value(json_object_get(d, "generation")));
    cli_writer_field(w, "Dataplane",
                     json_is_true(json_object_get(dp, "connected")) ? "Connected"
                                                                    : "Not connected");
    cli_writer_fieldf(w, "Dataplane Generation", "%lld",
                      (long long)json_integer_value(json_object_get(dp, "applied_generation")));
    cli_writer_record_end(w);
    json_decref(d);
    json_decref(status);
    cli_writer_destroy(w);
    return cli_ok(run, "domain");
}

static const struct cli_property_spec domain_properties[] = {
    {"DomainName", "name of the domain"},
    {"MacType", "where new profiles' MACs come from: Factory-Default or VC-Defined"},
    {"WwnType", "where new profiles' WWNs come from: Factory-Default or VC-Defined"},
    {"SerialNumberType", "where new profiles' serials come from: Factory-Default or VC-Defined"},
    {"MacAging", "MAC aging time of the interconnect, 10-1000000 s"},
    {NULL, NULL},
};

static int domain_set(struct cli_run *run)
{
    static const char *const words[] = {"Factory-Default", "VC-Defined"};
    static const char *const values[] = {"factory", "pool"};
    json_t *params = json_object();

    if (run->cmd->n_properties == 0) {
        json_decref(params);
        return cli_fail(run, "set domain changes nothing: give properties (help domain)");
    }
    if (cli_prop_string(run, "domainname", params, "name") < 0 ||
        cli_prop_word(run, "mactype", words, values, 2, params, "mac_source") < 0 ||
        cli_prop_word(run, "wwntype", words, values, 2, params, "wwn_source") < 0 ||
        cli_prop_word(run, "serialnumbertype", words, values, 2, params, "serial_source") < 0 ||
        cli_prop_uint(run, "macaging", 10, 1000000, params, "aging_s") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_DOMAIN_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Domain settings changed");
}

/* ------------------------------------------------------------ mac-cache */

static int mac_cache_show(struct cli_run *run)
{
    json_t *d = NULL;

    if (cli_call(run, MANAGER_METHOD_DOMAIN_SHOW, NULL, &d) < 0)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    cli_writer_record_begin(w);
    cli_writer_field(w, "Enabled",
                     json_is_true(json_object_get(d, "mac_cache_enabled")) ? "true" : "false");
    cli_writer_fieldf(w, "Refresh Interval", "%d",
                      (int)json_integer_value(json_object_get(d, "mac_cache_refresh_s")));
    cli_writer_record_end(w);
    json_decref(d);
    cli_writer_destroy(w);
    return cli_ok(run, "mac-cache");
}

static const struct cli_property_spec mac_cache_properties[] = {
    {"Enabled", "true or false: after an uplink failover, announce the servers' MACs on the "
                "new uplink"},
    {"Refresh", "seconds between the announcements, 1-30"},
    {NULL, NULL},
};

static int mac_cache_set(struct cli_run *run)
{
    json_t *params = json_object();

    if (run->cmd->n_properties == 0) {
        json_decref(params);
        return cli_fail(run, "set mac-cache changes nothing: give properties (help mac-cache)");
    }
    if (cli_prop_enabled(run, "enabled", params, "mac_cache_enabled") < 0 ||
        cli_prop_uint(run, "refresh", 1, 30, params, "mac_cache_refresh_s") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_DOMAIN_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "MAC cache failover settings changed");
}

/* ------------------------------------------------------------ port-protect */

/* port_protect_reason: the dataplane's word for why a port is disabled, as
 * the CLI says it. */
static const char *port_protect_reason(const char *protection)
{
    if (strcmp(protection, "loop_detected") == 0)
        return "Network loop detected";
    if (strcmp(protection, "pause_flood") == 0)
        return "Pause flood detected";
    return protection;
}

/* port_protect_show: the settings, then one record per server port port
 * protection has disabled (none known without a dataplane). */
static int port_protect_show(struct cli_run *run)
{
    const struct domain *d = run->m->st.domain;
    json_t *settings = NULL, *ports, *p;
    size_t i;

    if (cli_call(run, MANAGER_METHOD_DOMAIN_SHOW, NULL, &settings) < 0)
        return -1;
    ports = cli_try_call(run, MANAGER_METHOD_INTERCONNECT_PORTS, NULL);
    unsigned disabled = 0;
    json_array_foreach(json_object_get(ports, "ports"), i, p)
    {
        const char *protection = cli_json_text(p, "protection");
        disabled += strcmp(protection, "-- --") != 0 && strcmp(protection, "ok") != 0;
    }
    struct cli_writer *w = cli_run_writer(run);
    cli_writer_record_begin(w);
    cli_writer_field(
        w, "Network Loop Protection",
        cli_enabled(json_is_true(json_object_get(settings, "port_protect_network_loop"))));
    cli_writer_field(
        w, "Pause Flood Protection",
        cli_enabled(json_is_true(json_object_get(settings, "port_protect_pause_flood"))));
    if (ports == NULL)
        cli_writer_field(w, "Disabled Ports", "Unknown (dataplane not reachable)");
    else
        cli_writer_fieldf(w, "Disabled Ports", "%u", disabled);
    cli_writer_record_end(w);
    json_array_foreach(json_object_get(ports, "ports"), i, p)
    {
        const char *name = cli_json_text(p, "name"), *protection = cli_json_text(p, "protection");
        char id[PLAN_PORT_ID_MAX], enclosure[8];
        unsigned bay;
        if (strcmp(protection, "-- --") == 0 || strcmp(protection, "ok") == 0 ||
            plan_port_id(MANAGER_ENCLOSURE, d->interconnect_bay, name, id, sizeof(id)) < 0 ||
            plan_downlink_parse(name, enclosure, sizeof(enclosure), &bay) < 0)
            continue;
        cli_writer_record_begin(w);
        cli_writer_field(w, "Port", id);
        cli_writer_fieldf(w, "Server", "%s:%u", enclosure, bay);
        cli_writer_field(w, "Status", "Disabled");
        cli_writer_field(w, "Reason", port_protect_reason(protection));
        cli_writer_record_end(w);
    }
    json_decref(settings);
    json_decref(ports);
    cli_writer_destroy(w);
    if (disabled == 0)
        return cli_ok(run, "port-protect");
    return cli_ok(run, "port-protect: %u server port%s disabled", disabled,
                  disabled == 1 ? "" : "s");
}

static const struct cli_property_spec port_protect_properties[] = {
    {"networkLoop", "Enabled or Disabled: loop probes out of the server ports; a port a probe "
                    "comes back into is disabled"},
    {"pauseFlood", "Enabled or Disabled: a server port sending pause frames for a whole 10 s "
                   "window is disabled"},
    {NULL, NULL},
};

static int port_protect_set(struct cli_run *run)
{
    json_t *params = json_object();

    if (run->cmd->n_properties == 0) {
        json_decref(params);
        return cli_fail(run, "set port-protect changes nothing: give networkLoop=Enabled|Disabled "
                             "and/or pauseFlood=Enabled|Disabled (help port-protect)");
    }
    if (cli_prop_enabled(run, "networkloop", params, "port_protect_network_loop") < 0 ||
        cli_prop_enabled(run, "pauseflood", params, "port_protect_pause_flood") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, MANAGER_METHOD_DOMAIN_SET, params, NULL) < 0)
        return -1;
    return cli_ok(run, "Port protection settings changed");
}

static int port_protect_reset(struct cli_run *run)
{
    json_t *answer = NULL;

    if (cli_call(run, MANAGER_METHOD_PORT_PROTECT_RESET, NULL, &answer) < 0)
        return -1;
    size_t n = json_array_size(json_object_get(answer, "reset"));
    json_decref(answer);
    if (n == 0)
        return cli_ok(run, "Port protection reset: no server port was disabled");
    return cli_ok(run, "Port protection reset: %zu server port%s enabled again", n,
                  n == 1 ? "" : "s");
}

/* ------------------------------------------------------------ ranges */

static const struct cli_property_spec range_properties[] = {
    {"Predefined", "a pre-defined range, 0-63 (1024 addresses each)"},
    {"Start", "first address of a user-defined range"},
    {"End", "last address of a user-defined range"},
    {NULL, NULL},
};

/* range_kind: "mac", "wwn" or "serial" from the element "mac-range". */
static void range_kind(const struct cli_run *run, char *kind, size_t size)
{
    snprintf(kind, size, "%.*s", (int)strcspn(run->cmd->element, "-"), run->cmd->element);
}

static int range_change(struct cli_run *run, enum manager_method method, const char *done)
{
    char kind[8];
    json_t *params;

    range_kind(run, kind, sizeof(kind));
    params = json_pack("{s:s}", "kind", kind);
    bool predefined = cli_command_property(run->cmd, "predefined") != NULL;
    bool bounds = cli_command_property(run->cmd, "start") || cli_command_property(run->cmd, "end");
    if (predefined == bounds || (bounds && (!cli_command_property(run->cmd, "start") ||
                                            !cli_command_property(run->cmd, "end")))) {
        json_decref(params);
        return cli_fail(run, "give Predefined=<0-63>, or Start=<address> End=<address>");
    }
    if (cli_prop_uint(run, "predefined", 0, 63, params, "predefined") < 0 ||
        cli_prop_string(run, "start", params, "start") < 0 ||
        cli_prop_string(run, "end", params, "end") < 0) {
        json_decref(params);
        return -1;
    }
    if (cli_call(run, method, params, NULL) < 0)
        return -1;
    return cli_ok(run, "%s range %s",
                  strcmp(kind, "serial") == 0 ? "Serial number"
                  : kind[0] == 'm'            ? "MAC"
                                              : "WWN",
                  done);
}

static int range_add(struct cli_run *run)
{
    return range_change(run, MANAGER_METHOD_POOL_RANGE_ADD, "added");
}

static int range_remove(struct cli_run *run)
{
    return range_change(run, MANAGER_METHOD_POOL_RANGE_REMOVE, "removed");
}

static int range_show(struct cli_run *run)
{
    json_t *pools = NULL, *r;
    char kind[8];
    size_t i;

    range_kind(run, kind, sizeof(kind));
    if (cli_call(run, MANAGER_METHOD_POOL_SHOW, NULL, &pools) < 0)
        return -1;
    struct cli_writer *w = cli_run_writer(run);
    json_array_foreach(json_object_get(json_object_get(pools, kind), "ranges"), i, r)
    {
        json_t *pre = json_object_get(r, "predefined");
        cli_writer_record_begin(w);
        if (json_is_integer(pre))
            cli_writer_fieldf(w, "Type", "Pre-defined %d", (int)json_integer_value(pre));
        else
            cli_writer_field(w, "Type", "User-defined");
        cli_writer_field(w, "Start", cli_json_text(r, "start"));
        cli_writer_field(w, "End", cli_json_text(r, "end"));
        cli_writer_fieldf(w, "Size", "%lld",
                          (long long)json_integer_value(json_object_get(r, "size")));
        cli_writer_fieldf(w, "In Use", "%lld",
                          (long long)json_integer_value(json_object_get(r, "in_use")));
        cli_writer_fieldf(w, "Free", "%lld",
                          (long long)json_integer_value(json_object_get(r, "free")));
        cli_writer_record_end(w);
    }
    json_decref(pools);
    return cli_show_done(run, w, "range", "ranges");
}

/* ------------------------------------------------------------ enclosure, interconnect */

static int enclosure_show(struct cli_run *run)
{
    const struct domain *d = run->m->st.domain;
    struct cli_writer *w = cli_run_writer(run);

    for (unsigned i = 0; i < d->n_enclosures; i++) {
        const struct domain_enclosure *e = &d->enclosures[i];
        unsigned present = 0;
        for (unsigned b = 0; b < DOMAIN_BAYS; b++)
            present += e->bays[b].blade.present;
        cli_writer_record_begin(w);
        cli_writer_field(w, "ID", e->id);
        cli_writer_field(w, "Name", e->name);
        cli_writer_field(w, "Import Status", e->imported ? "Imported" : "Not imported");
        cli_writer_fieldf(w, "Servers", "%u of %u bays", present, DOMAIN_BAYS);
        cli_writer_record_end(w);
    }
    return cli_show_done(run, w, "enclosure", "enclosures");
}

static int enclosure_import(struct cli_run *run)
{
    const char *id = run->cmd->params[0];
    char lower[8];

    /* ids are written enc1; accept ENC1 as the rest of the language does */
    snprintf(lower, sizeof(lower), "%s", id);
    for (char *c = lower; *c; c++)
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    if (strlen(id) >= sizeof(lower))
        return cli_fail(run, "enclosure %.16s does not exist: enclosures are enc0 to enc%d", id,
                        DOMAIN_MAX_ENCLOSURES - 1);
    if (cli_call(run, MANAGER_METHOD_ENCLOSURE_IMPORT, json_pack("{s:s}", "id", lower), NULL) < 0)
        return -1;
    return cli_ok(run, "Enclosure %s imported", lower);
}

static int interconnect_show(struct cli_run *run)
{
    json_t *status = NULL, *ports = NULL, *p;
    unsigned up = 0, total = 0;
    size_t i;

    if (cli_call(run, MANAGER_METHOD_STATUS_SHOW, NULL, &status) < 0)
        return -1;
    /* without a dataplane the ports are shown with an unknown state */
    ports = cli_try_call(run, MANAGER_METHOD_INTERCONNECT_PORTS, NULL);
    json_array_foreach(json_object_get(ports, "ports"), i, p)
    {
        total++;
        up += strcmp(cli_json_text(p, "link"), "up") == 0;
    }
    json_t *module = json_object_get(status, "module");
    struct cli_writer *w = cli_run_writer(run);
    cli_writer_record_begin(w);
    cli_writer_fieldf(w, "ID", "enc0:%u", run->m->st.domain->interconnect_bay);
    cli_writer_field(w, "Status", cli_json_text(module, "status_name"));
    cli_writer_field(w, "Status Reason", cli_json_text(module, "reason"));
    cli_writer_field(w, "Product Name", "OpenVC Flex-10 interconnect");
    cli_writer_field(w, "Firmware Version", OPENVC_VERSION);
    if (ports != NULL)
        cli_writer_fieldf(w, "Ports", "%u of %u linked", up, total);
    else
        cli_writer_field(w, "Ports", "Unknown (dataplane not reachable)");
    cli_writer_record_end(w);
    json_decref(status);
    json_decref(ports);
    cli_writer_destroy(w);
    return cli_ok(run, "interconnect");
}

static const struct cli_property_spec mac_table_properties[] = {
    {"Network", "only the MACs of this network"},
    {NULL, NULL},
};

static int mac_table_show(struct cli_run *run)
{
    unsigned ic = run->m->st.domain->interconnect_bay;
    const char *network = cli_command_property(run->cmd, "network");
    char id[16];
    long long cursor = 0;

    snprintf(id, sizeof(id), "enc0:%u", ic);
    if (run->cmd->n_params > 0 && strcasecmp(run->cmd->params[0], id) != 0 &&
        !cli_param_is_all(run->cmd->params[0]))
        return cli_fail(run, "interconnect %s does not exist: this domain has %s",
                        run->cmd->params[0], id);
    struct cli_writer *w = cli_run_writer(run);
    do {
        json_t *params = json_pack("{s:I, s:i}", "cursor", (json_int_t)cursor, "limit", 4096),
               *page;
        json_t *e;
        size_t i;
        if (network != NULL)
            json_object_set_new(params, "vnet", json_string(network));
        if (cli_call(run, MANAGER_METHOD_INTERCONNECT_MAC_TABLE, params, &page) < 0) {
            cli_writer_destroy(w);
            return -1;
        }
        json_array_foreach(json_object_get(page, "entries"), i, e)
        {
            const char *flexnic = json_string_value(json_object_get(e, "flexnic"));
            cli_writer_record_begin(w);
            char port[PLAN_PORT_ID_MAX];
            if (plan_port_id(MANAGER_ENCLOSURE, ic, cli_json_text(e, "port"), port, sizeof(port)) <
                0)
                snprintf(port, sizeof(port), "%s", cli_json_text(e, "port"));
            cli_writer_field(w, "Port", port); /* "enc1:1:d3" for e1d3 */
            cli_writer_field(w, "FlexNIC", flexnic && flexnic[0] ? flexnic : "-- --");
            cli_writer_field(w, "Network", cli_json_text(e, "vnet"));
            cli_writer_field(w, "MAC Address", cli_json_text(e, "mac"));
            cli_writer_field(w, "Type",
                             json_is_true(json_object_get(e, "static")) ? "Static" : "Learned");
            cli_writer_fieldf(w, "Age", "%lld",
                              (long long)json_integer_value(json_object_get(e, "age_s")));
            cli_writer_record_end(w);
        }
        cursor = json_integer_value(json_object_get(page, "next_cursor"));
        json_decref(page);
    } while (cursor != 0);
    return cli_show_done(run, w, "MAC address", "MAC addresses");
}

/* ------------------------------------------------------------ version, audit */

static int version_show(struct cli_run *run)
{
    struct cli_writer *w = cli_run_writer(run);

    cli_writer_record_begin(w);
    cli_writer_field(w, "Product", "OpenVC Virtual Connect Manager");
    cli_writer_field(w, "Version", OPENVC_VERSION);
    cli_writer_record_end(w);
    cli_writer_destroy(w);
    return cli_ok(run, "OpenVC %s", OPENVC_VERSION);
}

static const struct cli_property_spec audit_properties[] = {
    {"Count", "the last N entries (default 100, 0 = all)"},
    {NULL, NULL},
};

static int audit_row(void *arg, const struct store_audit_entry *e)
{
    struct cli_writer *w = arg;
    time_t t = (time_t)(e->time_us / 1000000);
    struct tm tm;
    char when[32];

    gmtime_r(&t, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    cli_writer_record_begin(w);
    cli_writer_field(w, "Time", when);
    cli_writer_field(w, "User", e->user);
    cli_writer_field(w, "Origin", e->origin);
    cli_writer_field(w, "Command", e->command);
    cli_writer_field(w, "Result", e->result);
    cli_writer_record_end(w);
    return 0;
}

static int audit_show(struct cli_run *run)
{
    json_t *params = json_object();
    char error[256];

    if (cli_prop_uint(run, "count", 0, 1000000, params, "count") < 0) {
        json_decref(params);
        return -1;
    }
    json_t *count = json_object_get(params, "count");
    unsigned limit = count ? (unsigned)json_integer_value(count) : 100;
    json_decref(params);
    struct cli_writer *w = cli_run_writer(run);
    if (store_audit_list(run->m->st.store, limit, audit_row, w, error, sizeof(error)) < 0) {
        cli_writer_destroy(w);
        return cli_fail(run, "audit trail: %s", error);
    }
    return cli_show_done(run, w, "audit entry", "audit entries");
}

/* ------------------------------------------------------------ table */

#define RANGE_SPECS(element, role)                                                                 \
    {"add",                                                                                        \
     element,                                                                                      \
     "add " element " Predefined=<0-63> | Start=<address> End=<address>",                          \
     "add a range to the pool",                                                                    \
     0,                                                                                            \
     0,                                                                                            \
     range_properties,                                                                             \
     NULL,                                                                                         \
     {MANAGER_METHOD_POOL_RANGE_ADD},                                                              \
     role,                                                                                         \
     range_add},                                                                                   \
        {"remove",                                                                                 \
         element,                                                                                  \
         "remove " element " Predefined=<0-63> | Start=<address> End=<address>",                   \
         "remove a range no profile holds addresses of",                                           \
         0,                                                                                        \
         0,                                                                                        \
         range_properties,                                                                         \
         NULL,                                                                                     \
         {MANAGER_METHOD_POOL_RANGE_REMOVE},                                                       \
         role,                                                                                     \
         range_remove},                                                                            \
    {                                                                                              \
        "show", element, "show " element, "the ranges of the pool and their use", 0, 0, NULL,      \
            NULL, {MANAGER_METHOD_POOL_SHOW}, METHOD_ROLE_NONE, range_show                         \
    }

static const struct cli_spec specs[] = {
    {"show",
     "domain",
     "show domain",
     "domain settings and status",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_DOMAIN_SHOW},
     METHOD_ROLE_NONE,
     domain_show},
    {"set",
     "domain",
     "set domain [DomainName=<name>] [MacType=Factory-Default|VC-Defined] [WwnType=..] "
     "[SerialNumberType=..] [MacAging=<s>]",
     "change domain settings",
     0,
     0,
     domain_properties,
     NULL,
     {MANAGER_METHOD_DOMAIN_SET},
     METHOD_ROLE_NONE,
     domain_set},
    {"show",
     "mac-cache",
     "show mac-cache",
     "Fast MAC cache failover: enabled, refresh interval (s)",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_DOMAIN_SHOW},
     METHOD_ROLE_NONE,
     mac_cache_show},
    {"set",
     "mac-cache",
     "set mac-cache [Enabled=true|false] [Refresh=<1-30>]",
     "change Fast MAC cache failover: after an uplink failover, frames with the servers' MACs "
     "leave by the new uplink, Refresh seconds apart",
     0,
     0,
     mac_cache_properties,
     NULL,
     {MANAGER_METHOD_DOMAIN_SET},
     METHOD_ROLE_NONE,
     mac_cache_set},
    {"show",
     "port-protect",
     "show port-protect",
     "port protection: network loop and pause flood settings, and the server ports disabled",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_DOMAIN_SHOW, MANAGER_METHOD_INTERCONNECT_PORTS},
     METHOD_ROLE_NONE,
     port_protect_show},
    {"set",
     "port-protect",
     "set port-protect [networkLoop=Enabled|Disabled] [pauseFlood=Enabled|Disabled]",
     "change port protection of the server ports: network loop detection (probe frames) and "
     "pause flood detection; a port found looping or flooding is disabled until reset",
     0,
     0,
     port_protect_properties,
     NULL,
     {MANAGER_METHOD_DOMAIN_SET},
     METHOD_ROLE_NONE,
     port_protect_set},
    {"reset",
     "port-protect",
     "reset port-protect",
     "enable again the server ports port protection disabled (remove the loop or the pause "
     "flood first)",
     0,
     0,
     NULL,
     NULL,
     {MANAGER_METHOD_PORT_PROTECT_RESET},
     METHOD_ROLE_NONE,
     port_protect_reset},
    RANGE_SPECS("mac-range", METHOD_ROLE_NETWORK),
    RANGE_SPECS("wwn-range", METHOD_ROLE_STORAGE),
    RANGE_SPECS("serial-range", METHOD_ROLE_SERVER),
    {"show",
     "enclosure",
     "show enclosure [*]",
     "enclosures of the domain",
     0,
     1,
     NULL,
     NULL,
     {0},
     METHOD_ROLE_NONE,
     enclosure_show},
    {"import",
     "enclosure",
     "import enclosure <encK>",
     "bring an enclosure of the wiring (what the OA sees) into the domain: its servers take "
     "profiles, its bays become downlinks",
     1,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_ENCLOSURE_IMPORT},
     METHOD_ROLE_NONE,
     enclosure_import},
    {"show",
     "interconnect",
     "show interconnect [<enc0:Bay>|*]",
     "this interconnect module",
     0,
     1,
     NULL,
     NULL,
     {MANAGER_METHOD_STATUS_SHOW},
     METHOD_ROLE_NONE,
     interconnect_show},
    {"show",
     "interconnect-mac-table",
     "show interconnect-mac-table [<enc0:Bay>] [Network=<name>]",
     "MAC addresses learned by the interconnect",
     0,
     1,
     mac_table_properties,
     NULL,
     {MANAGER_METHOD_INTERCONNECT_MAC_TABLE},
     METHOD_ROLE_NONE,
     mac_table_show},
    {"show",
     "version",
     "show version",
     "the firmware version",
     0,
     0,
     NULL,
     NULL,
     {0},
     METHOD_ROLE_NONE,
     version_show},
    {"show",
     "audit",
     "show audit [Count=<n>]",
     "who changed what: user, origin, time, command, result",
     0,
     0,
     audit_properties,
     NULL,
     {0},
     METHOD_ROLE_NONE,
     audit_show},
};

const struct cli_spec_list cli_domain_specs = {specs, sizeof(specs) / sizeof(specs[0])};
