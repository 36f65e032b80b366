/*
 * status: managed status and reason of profiles, networks, servers, uplink
 * sets and the whole domain (profiles/status.h), from the model and the
 * pools' counts. Pure logic, no I/O.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "profiles/plan.h"
#include "profiles/pool.h"
#include "profiles/status.h"

/* status_set: *out = status with the printf-style reason. */
__attribute__((format(printf, 3, 4))) static void
status_set(struct status_reason *out, enum domain_status status, const char *format, ...)
{
    va_list args;

    out->status = status;
    va_start(args, format);
    vsnprintf(out->reason, sizeof(out->reason), format, args);
    va_end(args);
}

/* status_name: see status.h. */
const char *status_name(enum domain_status status)
{
    switch (status) {
    case DOMAIN_STATUS_UNKNOWN:
        return "Unknown";
    case DOMAIN_STATUS_NORMAL:
        return "OK";
    case DOMAIN_STATUS_WARNING:
        return "Warning";
    case DOMAIN_STATUS_MINOR:
        return "Minor";
    case DOMAIN_STATUS_MAJOR:
        return "Major";
    case DOMAIN_STATUS_CRITICAL:
        return "Critical";
    case DOMAIN_STATUS_DISABLED:
        return "Disabled";
    case DOMAIN_STATUS_INFO:
        return "Info";
    }
    return "?";
}

/* status_severity: see status.h. */
void status_port_protect(struct status_reason *out, const char *port, const char *protection)
{
    const char *why;

    if (out == NULL || port == NULL || protection == NULL || strcmp(protection, "ok") == 0)
        return;
    if (status_severity(out->status) > status_severity(DOMAIN_STATUS_MAJOR))
        return;
    why = strcmp(protection, "loop_detected") == 0 ? "a network loop was detected"
          : strcmp(protection, "pause_flood") == 0 ? "a pause frame flood was detected"
                                                   : protection;
    out->status = DOMAIN_STATUS_MAJOR;
    snprintf(out->reason, sizeof(out->reason),
             "server port %s disabled by port protection: %s (reset port-protect)", port, why);
}

int status_severity(enum domain_status status)
{
    switch (status) {
    case DOMAIN_STATUS_WARNING:
        return 1;
    case DOMAIN_STATUS_MINOR:
        return 2;
    case DOMAIN_STATUS_MAJOR:
        return 3;
    case DOMAIN_STATUS_CRITICAL:
        return 4;
    default:
        return 0;
    }
}

/* status_unmapped: is a connection on (port, flexnic) of a profile in
 * `bay` (may be NULL: not assigned) not carried; writes why into why/size. */
static bool status_unmapped(const struct domain *domain, const struct domain_bay *bay,
                            unsigned port, char *why, size_t size)
{
    if (port != domain->interconnect_bay) {
        snprintf(why, size, "no interconnect module in bay %u of this domain", port);
        return true;
    }
    if (bay != NULL && bay->blade.present && port > bay->blade.physical_ports) {
        snprintf(why, size, "the server has no LOM:%u", port);
        return true;
    }
    return false;
}

/* status_profile: see status.h. */
int status_profile(const struct domain *domain, const struct domain_profile *profile,
                   struct status_reason *out)
{
    const struct domain_bay *bay;

    if (domain == NULL || profile == NULL || out == NULL)
        return -EINVAL;
    if (profile->enclosure[0] == '\0') {
        status_set(out, DOMAIN_STATUS_INFO, "Unassigned");
        return 0;
    }
    bay = domain_find_bay((struct domain *)domain, profile->enclosure, profile->bay);
    if (bay == NULL) {
        status_set(out, DOMAIN_STATUS_WARNING, "assigned to bay %s:%u, which is not in the domain",
                   profile->enclosure, profile->bay);
        return 0;
    }
    if (!bay->blade.present) {
        status_set(out, DOMAIN_STATUS_WARNING, "assigned to an empty bay (%s:%u)",
                   profile->enclosure, profile->bay);
        return 0;
    }
    for (unsigned i = 1; i <= profile->n_enet && i <= DOMAIN_MAX_ENET; i++) {
        unsigned port, flexnic;
        char name[PLAN_PORT_NAME_MAX], why[80];
        if (plan_connection_port(profile, i, &port, &flexnic) < 0) {
            status_set(out, DOMAIN_STATUS_WARNING, "connection %u is not mapped: no FlexNIC left",
                       i);
            return 0;
        }
        if (status_unmapped(domain, bay, port, why, sizeof(why))) {
            plan_format_port(port, flexnic, name, sizeof(name));
            status_set(out, DOMAIN_STATUS_WARNING, "connection %u (%s) is not mapped: %s", i, name,
                       why);
            return 0;
        }
    }
    for (unsigned i = 1; i <= profile->n_fc && i <= DOMAIN_MAX_FC; i++) {
        unsigned port, flexnic;
        char name[PLAN_PORT_NAME_MAX], why[80];
        if (!profile->fc[i - 1].fcoe)
            continue;
        if (plan_fcoe_port(profile, i, &port, &flexnic) < 0) {
            status_set(out, DOMAIN_STATUS_WARNING, "fcoe-connection %u is not mapped", i);
            return 0;
        }
        if (status_unmapped(domain, bay, port, why, sizeof(why))) {
            plan_format_port(port, flexnic, name, sizeof(name));
            status_set(out, DOMAIN_STATUS_WARNING, "fcoe-connection %u (%s) is not mapped: %s", i,
                       name, why);
            return 0;
        }
    }
    status_set(out, DOMAIN_STATUS_NORMAL, "%s", "");
    return 0;
}

/* status_set_has_port: does uplink set `name` have a port with a device. */
static bool status_set_has_port(const struct domain *domain, const char *name, bool *any_port)
{
    *any_port = false;
    for (unsigned i = 0; i < domain->n_uplink_ports && i < DOMAIN_MAX_UPLINKS; i++) {
        const struct domain_uplink_port *port = &domain->uplink_ports[i];
        if (strcmp(port->uplink_set, name) != 0)
            continue;
        *any_port = true;
        if (port->device[0] != '\0')
            return true;
    }
    return false;
}

/* status_network: see status.h. */
int status_network(const struct domain *domain, const struct domain_network *network,
                   struct status_reason *out)
{
    bool any_port;

    if (domain == NULL || network == NULL || out == NULL)
        return -EINVAL;
    if (!network->enabled) {
        status_set(out, DOMAIN_STATUS_DISABLED, "State is Disabled");
        return 0;
    }
    if (network->uplink_set[0] != '\0') {
        if (!status_set_has_port(domain, network->uplink_set, &any_port)) {
            status_set(out, DOMAIN_STATUS_WARNING, "no uplink ports (uplink set %s %s)",
                       network->uplink_set, any_port ? "has no port with a device" : "is empty");
            return 0;
        }
    } else if (network->dedicated_uplink[0] != '\0') {
        const struct domain_uplink_port *port =
            domain_find_uplink_port((struct domain *)domain, network->dedicated_uplink);
        if (port == NULL || port->device[0] == '\0') {
            status_set(out, DOMAIN_STATUS_WARNING,
                       "no uplink ports (dedicated uplink %s has no device)",
                       network->dedicated_uplink);
            return 0;
        }
    } else {
        status_set(out, DOMAIN_STATUS_WARNING, "no uplink ports");
        return 0;
    }
    status_set(out, DOMAIN_STATUS_NORMAL, "%s", "");
    return 0;
}

/* status_server: see status.h. */
int status_server(const struct domain *domain, const char *enclosure, unsigned bay_number,
                  struct status_reason *out)
{
    const struct domain_bay *bay;
    const struct domain_profile *profile;

    if (domain == NULL || enclosure == NULL || out == NULL)
        return -EINVAL;
    bay = domain_find_bay((struct domain *)domain, enclosure, bay_number);
    if (bay == NULL)
        return -ENOENT;
    if (!bay->blade.present) {
        status_set(out, DOMAIN_STATUS_INFO, "Absent");
        return 0;
    }
    profile =
        bay->profile[0] != '\0' ? domain_find_profile((struct domain *)domain, bay->profile) : NULL;
    for (unsigned i = 1; profile != NULL && i <= profile->n_enet && i <= DOMAIN_MAX_ENET; i++) {
        unsigned port, flexnic;
        char name[PLAN_PORT_NAME_MAX];
        if (plan_connection_port(profile, i, &port, &flexnic) < 0)
            continue;
        plan_format_port(port, flexnic, name, sizeof(name));
        if (port > bay->blade.physical_ports) {
            status_set(out, DOMAIN_STATUS_WARNING,
                       "Server Profile %s uses %s but the server has %u LOM port%s", profile->name,
                       name, bay->blade.physical_ports, bay->blade.physical_ports == 1 ? "" : "s");
            return 0;
        }
        if (flexnic > 0 && !bay->blade.flex10) {
            status_set(out, DOMAIN_STATUS_WARNING,
                       "Server Profile %s uses %s but the server's ports are not Flex-10",
                       profile->name, name);
            return 0;
        }
    }
    status_set(out, DOMAIN_STATUS_NORMAL, "%s", "");
    return 0;
}

/* status_uplink_set: see status.h. */
int status_uplink_set(const struct domain *domain, const struct domain_uplink_set *set,
                      struct status_reason *out)
{
    bool any_port;

    if (domain == NULL || set == NULL || out == NULL)
        return -EINVAL;
    if (!status_set_has_port(domain, set->name, &any_port)) {
        status_set(out, DOMAIN_STATUS_WARNING, "no uplink ports%s",
                   any_port ? " with a device" : "");
        return 0;
    }
    status_set(out, DOMAIN_STATUS_NORMAL, "%s", "");
    return 0;
}

/* status_worse: keep in *worst the worse of itself and `candidate` (about
 * object `object`); the first found wins a tie. */
static void status_worse(struct status_reason *worst, const struct status_reason *candidate,
                         const char *object)
{
    if (status_severity(candidate->status) <= status_severity(worst->status))
        return;
    status_set(worst, candidate->status, "%s: %s", object, candidate->reason);
}

/* status_pool: MAJOR into *out when `pool` is used (source Pool) and has no
 * Free address. */
static void status_pool(const struct pool *pool, enum domain_address_source source,
                        const char *label, struct status_reason *worst)
{
    struct pool_counts counts;
    struct status_reason candidate;

    if (pool == NULL || source != DOMAIN_ADDRESS_POOL)
        return;
    pool_counts(pool, &counts);
    if (counts.free > 0)
        return;
    if (counts.ranges == 0)
        status_set(&candidate, DOMAIN_STATUS_MAJOR, "exhausted (no ranges)");
    else
        status_set(&candidate, DOMAIN_STATUS_MAJOR,
                   "exhausted (%" PRIu64 " in use, %" PRIu64 " excluded of %" PRIu64 ")",
                   counts.in_use, counts.excluded, counts.size);
    status_worse(worst, &candidate, label);
}

/* status_domain: see status.h. */
int status_domain(const struct domain *domain, const struct pool *mac, const struct pool *wwn,
                  const struct pool *serial, struct status_reason *out)
{
    struct status_reason candidate;
    char object[96];

    if (domain == NULL || out == NULL)
        return -EINVAL;
    status_set(out, DOMAIN_STATUS_NORMAL, "%s", "");
    status_pool(mac, domain->pools.mac_source, "MAC pool", out);
    status_pool(wwn, domain->pools.wwn_source, "WWN pool", out);
    status_pool(serial, domain->pools.serial_source, "serial number pool", out);
    for (unsigned i = 0; i < domain->n_profiles && i < DOMAIN_MAX_PROFILES; i++) {
        status_profile(domain, &domain->profiles[i], &candidate);
        snprintf(object, sizeof(object), "profile %s", domain->profiles[i].name);
        status_worse(out, &candidate, object);
    }
    for (unsigned i = 0; i < domain->n_networks && i < DOMAIN_MAX_NETWORKS; i++) {
        status_network(domain, &domain->networks[i], &candidate);
        snprintf(object, sizeof(object), "network %s", domain->networks[i].name);
        status_worse(out, &candidate, object);
    }
    for (unsigned i = 0; i < domain->n_uplink_sets && i < DOMAIN_MAX_UPLINK_SETS; i++) {
        status_uplink_set(domain, &domain->uplink_sets[i], &candidate);
        snprintf(object, sizeof(object), "uplinkset %s", domain->uplink_sets[i].name);
        status_worse(out, &candidate, object);
    }
    for (unsigned e = 0; e < domain->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++) {
        for (unsigned b = 1; b <= DOMAIN_BAYS; b++) {
            if (status_server(domain, domain->enclosures[e].id, b, &candidate) < 0)
                continue;
            snprintf(object, sizeof(object), "server %.8s:%u", domain->enclosures[e].id, b);
            status_worse(out, &candidate, object);
        }
    }
    return 0;
}
