/*
 * validate: the consistency rules of a domain and of single property values
 * (profiles/validate.h). Each check reports the first problem with the
 * object and the property named as the CLI names them, so the command
 * engine can pass the message on unchanged. Pure logic, no I/O.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profiles/plan.h"
#include "profiles/pool.h"
#include "profiles/validate.h"

#define VALIDATE_INTERCONNECT_BAYS 8

/* validate_fail: write the printf-style message into error/error_size (may
 * be NULL/0) and return -EINVAL, so that callers can `return validate_fail(...)`. */
__attribute__((format(printf, 3, 4))) static int validate_fail(char *error, size_t error_size,
                                                               const char *format, ...)
{
    va_list args;

    if (error != NULL && error_size > 0) {
        va_start(args, format);
        vsnprintf(error, error_size, format, args);
        va_end(args);
    }
    return -EINVAL;
}

/* validate_terminated: is the text field `text` of `size` bytes NUL-terminated. */
static bool validate_terminated(const char *text, size_t size)
{
    return memchr(text, '\0', size) != NULL;
}

/* validate_network: a network by name in a const domain, or NULL (the
 * model's finders take a non-const domain and change nothing). */
static const struct domain_network *validate_network(const struct domain *domain, const char *name)
{
    return domain_find_network((struct domain *)domain, name);
}

/* ------------------------------------------------------------ single values */

/* validate_name: see validate.h. kind: object kind for the message; name:
 * the name. Returns 0 or -EINVAL. */
int validate_name(const char *kind, const char *name, char *error, size_t error_size)
{
    size_t length;

    if (kind == NULL)
        kind = "object";
    if (name == NULL || name[0] == '\0')
        return validate_fail(error, error_size,
                             "%s name is empty (1-63 characters of [A-Za-z0-9_.-])", kind);
    length = strnlen(name, DOMAIN_NAME_MAX);
    if (length >= DOMAIN_NAME_MAX)
        return validate_fail(error, error_size, "%s name \"%.20s...\" is longer than 63 characters",
                             kind, name);
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!isalnum(c) && c != '_' && c != '.' && c != '-')
            return validate_fail(error, error_size,
                                 "%s name \"%s\" has a character outside [A-Za-z0-9_.-]", kind,
                                 name);
    }
    if (!isalnum((unsigned char)name[0]))
        return validate_fail(error, error_size,
                             "%s name \"%s\" must start with a letter or a digit", kind, name);
    return 0;
}

/* validate_vlan: see validate.h. vlan: the VLanID. Returns 0 or -EINVAL. */
int validate_vlan(unsigned vlan, char *error, size_t error_size)
{
    if (vlan < 1 || vlan > 4094)
        return validate_fail(error, error_size, "VLanID %u is not 1-4094", vlan);
    return 0;
}

/* validate_speed: see validate.h. mbps: the Speed; max_mbps: the network's
 * maximum, 0 = unrestricted. Returns 0 or -EINVAL. */
int validate_speed(unsigned mbps, unsigned max_mbps, char *error, size_t error_size)
{
    unsigned max =
        max_mbps == 0 || max_mbps > VALIDATE_SPEED_MAX_MBPS ? VALIDATE_SPEED_MAX_MBPS : max_mbps;

    if (mbps < 100)
        return validate_fail(error, error_size, "Speed %u is below 100", mbps);
    if (mbps % 100 != 0)
        return validate_fail(error, error_size, "Speed %u is not a multiple of 100", mbps);
    if (mbps > max) {
        if (max_mbps == 0 || max_mbps >= VALIDATE_SPEED_MAX_MBPS)
            return validate_fail(error, error_size, "Speed %u is above the port's %u", mbps, max);
        return validate_fail(error, error_size,
                             "Speed %u is above the network's maximum %u (100 Mb steps)", mbps,
                             max);
    }
    return 0;
}

/* validate_serial: see validate.h. Returns 0 or -EINVAL. */
int validate_serial(const char *serial, char *error, size_t error_size)
{
    size_t length;

    if (serial == NULL)
        return validate_fail(error, error_size, "SerialNumber is missing");
    length = strnlen(serial, DOMAIN_SERIAL_MAX);
    if (length >= DOMAIN_SERIAL_MAX)
        return validate_fail(error, error_size,
                             "SerialNumber \"%.20s...\" is longer than %d characters", serial,
                             DOMAIN_SERIAL_MAX - 1);
    for (size_t i = 0; i < length; i++) {
        unsigned char c = (unsigned char)serial[i];
        if (!isalnum(c) && c != '_' && c != '.' && c != '-')
            return validate_fail(error, error_size,
                                 "SerialNumber \"%s\" has a character outside [A-Za-z0-9_.-]",
                                 serial);
    }
    return 0;
}

/* validate_uuid: see validate.h. Returns 0 or -EINVAL. */
int validate_uuid(const char *uuid, char *error, size_t error_size)
{
    size_t length;

    if (uuid == NULL)
        return validate_fail(error, error_size, "UUID is missing");
    length = strnlen(uuid, DOMAIN_UUID_MAX);
    if (length == 0)
        return 0;
    if (length != DOMAIN_UUID_MAX - 1)
        goto bad;
    for (size_t i = 0; i < length; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? uuid[i] != '-' : !isxdigit((unsigned char)uuid[i]))
            goto bad;
    }
    return 0;
bad:
    return validate_fail(error, error_size, "UUID \"%.40s\" is not 8-4-4-4-12 hexadecimal digits",
                         uuid);
}

/* ------------------------------------------------------------ domain parts */

/* validate_limits: the counts of the domain against the model's limits. */
static int validate_limits(const struct domain *domain, char *error, size_t error_size)
{
    static const char *what[] = {"enclosures", "uplink ports", "uplink sets", "networks",
                                 "profiles"};
    unsigned counts[] = {domain->n_enclosures, domain->n_uplink_ports, domain->n_uplink_sets,
                         domain->n_networks, domain->n_profiles};
    unsigned limits[] = {DOMAIN_MAX_ENCLOSURES, DOMAIN_MAX_UPLINKS, DOMAIN_MAX_UPLINK_SETS,
                         DOMAIN_MAX_NETWORKS, DOMAIN_MAX_PROFILES};

    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
        if (counts[i] > limits[i])
            return validate_fail(error, error_size, "domain: %u %s, at most %u", counts[i], what[i],
                                 limits[i]);
    if (domain->networks == NULL || domain->profiles == NULL)
        return validate_fail(error, error_size, "domain: not made by domain_create");
    if (domain->interconnect_bay < 1 || domain->interconnect_bay > VALIDATE_INTERCONNECT_BAYS)
        return validate_fail(error, error_size, "domain: interconnect bay %u is not 1-%d",
                             domain->interconnect_bay, VALIDATE_INTERCONNECT_BAYS);
    if (domain->aging_s > 1000000)
        return validate_fail(error, error_size, "domain: MacAgingTime %u is above 1000000",
                             domain->aging_s);
    if (domain->mac_cache_refresh_s < 1 || domain->mac_cache_refresh_s > 30)
        return validate_fail(error, error_size, "domain: MAC cache refresh %u s is not 1-30",
                             domain->mac_cache_refresh_s);
    if (!validate_terminated(domain->name, sizeof(domain->name)))
        return validate_fail(error, error_size, "domain: name is not terminated");
    if (domain->name[0] != '\0')
        return validate_name("domain", domain->name, error, error_size);
    return 0;
}

/* validate_device: a dataplane device string of `owner`: terminated and not
 * used by an earlier port (devices[0..n-1], owners alongside). */
static int validate_device(const char *owner, const char *device, const char **devices,
                           const char **owners, unsigned *n, char *error, size_t error_size)
{
    if (!validate_terminated(device, DOMAIN_DEVICE_MAX))
        return validate_fail(error, error_size, "%s: device is longer than %d characters", owner,
                             DOMAIN_DEVICE_MAX - 1);
    if (device[0] == '\0')
        return 0;
    for (unsigned i = 0; i < *n; i++)
        if (strcmp(devices[i], device) == 0)
            return validate_fail(error, error_size, "%s: device \"%s\" is already used by %s",
                                 owner, device, owners[i]);
    devices[*n] = device;
    owners[*n] = owner;
    (*n)++;
    return 0;
}

/* validate_enclosures: ids enc0..enc3 unique; per bay a terminated device,
 * unique devices, a sane blade, and a profile that exists and points back. */
static int validate_enclosures(const struct domain *domain, const char **devices,
                               const char **owners, char (*labels)[24], unsigned *n_devices,
                               char *error, size_t error_size)
{
    for (unsigned e = 0; e < domain->n_enclosures; e++) {
        const struct domain_enclosure *enclosure = &domain->enclosures[e];

        if (!validate_terminated(enclosure->id, sizeof(enclosure->id)) ||
            strlen(enclosure->id) != 4 || strncmp(enclosure->id, "enc", 3) != 0 ||
            enclosure->id[3] < '0' || enclosure->id[3] > '3')
            return validate_fail(error, error_size, "enclosure %.8s: id is not enc0-enc3",
                                 enclosure->id);
        for (unsigned k = 0; k < e; k++)
            if (strcmp(domain->enclosures[k].id, enclosure->id) == 0)
                return validate_fail(error, error_size, "enclosure %s: imported twice",
                                     enclosure->id);
        if (!validate_terminated(enclosure->name, sizeof(enclosure->name)))
            return validate_fail(error, error_size, "enclosure %s: name is not terminated",
                                 enclosure->id);
        for (unsigned b = 0; b < DOMAIN_BAYS; b++) {
            const struct domain_bay *bay = &enclosure->bays[b];
            const struct domain_blade *blade = &bay->blade;
            const struct domain_profile *profile;
            char *label = labels[e * DOMAIN_BAYS + b];
            int rc;

            snprintf(label, 24, "server %s:%u", enclosure->id, b + 1);
            if (bay->number != 0 && bay->number != b + 1)
                return validate_fail(error, error_size, "%s: numbered %u", label, bay->number);
            rc = validate_device(label, bay->device, devices, owners, n_devices, error, error_size);
            if (rc < 0)
                return rc;
            if (blade->present &&
                (blade->physical_ports < 1 || blade->physical_ports > DOMAIN_PHYSICAL_PORTS))
                return validate_fail(error, error_size, "%s: %u physical ports, not 1-%d", label,
                                     blade->physical_ports, DOMAIN_PHYSICAL_PORTS);
            if (!validate_terminated(blade->model, sizeof(blade->model)) ||
                !validate_terminated(blade->factory_serial, sizeof(blade->factory_serial)) ||
                !validate_terminated(blade->factory_uuid, sizeof(blade->factory_uuid)) ||
                !validate_terminated(bay->profile, sizeof(bay->profile)))
                return validate_fail(error, error_size, "%s: a text is not terminated", label);
            if (bay->profile[0] == '\0')
                continue;
            profile = domain_find_profile((struct domain *)domain, bay->profile);
            if (profile == NULL)
                return validate_fail(error, error_size, "%s: Server Profile %s does not exist",
                                     label, bay->profile);
            if (strcmp(profile->enclosure, enclosure->id) != 0 || profile->bay != b + 1)
                return validate_fail(error, error_size,
                                     "%s: Server Profile %s is not assigned to this bay", label,
                                     bay->profile);
        }
    }
    return 0;
}

/* validate_uplink_ports: ids unique, port names X1..X16 unique, set exists,
 * speed, device unique. */
static int validate_uplink_ports(const struct domain *domain, const char **devices,
                                 const char **owners, char (*labels)[48], unsigned *n_devices,
                                 char *error, size_t error_size)
{
    for (unsigned i = 0; i < domain->n_uplink_ports; i++) {
        const struct domain_uplink_port *port = &domain->uplink_ports[i];
        char *label = labels[i];
        const char *digits = port->port + 1;
        char *end = NULL;
        unsigned long number;
        int rc;

        if (!validate_terminated(port->id, sizeof(port->id)) ||
            !validate_terminated(port->port, sizeof(port->port)) ||
            !validate_terminated(port->uplink_set, sizeof(port->uplink_set)))
            return validate_fail(error, error_size, "uplinkport %u: a text is not terminated",
                                 i + 1);
        snprintf(label, 48, "uplinkport %s", port->id);
        if (port->id[0] == '\0')
            return validate_fail(error, error_size, "uplinkport %u: id is empty", i + 1);
        number = port->port[0] == 'X' && digits[0] >= '1' && digits[0] <= '9'
                     ? strtoul(digits, &end, 10)
                     : 0;
        if (number < 1 || number > DOMAIN_MAX_UPLINKS || end == NULL || *end != '\0')
            return validate_fail(error, error_size, "%s: port \"%s\" is not X1-X%d", label,
                                 port->port, DOMAIN_MAX_UPLINKS);
        for (unsigned k = 0; k < i; k++) {
            if (strcmp(domain->uplink_ports[k].id, port->id) == 0)
                return validate_fail(error, error_size, "%s: defined twice", label);
            if (strcmp(domain->uplink_ports[k].port, port->port) == 0)
                return validate_fail(error, error_size, "%s: port %s is already %s", label,
                                     port->port, domain->uplink_ports[k].id);
        }
        if (port->uplink_set[0] != '\0' &&
            domain_find_uplink_set((struct domain *)domain, port->uplink_set) == NULL)
            return validate_fail(error, error_size, "%s: UplinkSet \"%s\" does not exist", label,
                                 port->uplink_set);
        if (port->speed_mbps != 0 &&
            (port->speed_mbps < 100 || port->speed_mbps > VALIDATE_UPLINK_MAX_MBPS ||
             port->speed_mbps % 100 != 0))
            return validate_fail(error, error_size,
                                 "%s: Speed %u is not 100-%d in 100 Mb steps (or Auto)", label,
                                 port->speed_mbps, VALIDATE_UPLINK_MAX_MBPS);
        rc = validate_device(label, port->device, devices, owners, n_devices, error, error_size);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* validate_uplink_sets: names valid and unique, mode known. */
static int validate_uplink_sets(const struct domain *domain, char *error, size_t error_size)
{
    for (unsigned i = 0; i < domain->n_uplink_sets; i++) {
        const struct domain_uplink_set *set = &domain->uplink_sets[i];
        int rc = validate_name("uplinkset", set->name, error, error_size);

        if (rc < 0)
            return rc;
        for (unsigned k = 0; k < i; k++)
            if (strcmp(domain->uplink_sets[k].name, set->name) == 0)
                return validate_fail(error, error_size, "uplinkset %s: name is already used",
                                     set->name);
        if (set->mode != DOMAIN_UPLINK_FAILOVER && set->mode != DOMAIN_UPLINK_AUTO)
            return validate_fail(error, error_size,
                                 "uplinkset %s: ConnectionMode %d is not Failover or Auto",
                                 set->name, (int)set->mode);
    }
    return 0;
}

/* validate_network_speeds: MaxSpeed and PrefSpeed of a network. */
static int validate_network_speeds(const struct domain_network *network, char *error,
                                   size_t error_size)
{
    unsigned max = network->max_speed_mbps;

    if (max != 0 && (max < 100 || max > VALIDATE_SPEED_MAX_MBPS || max % 100 != 0))
        return validate_fail(error, error_size,
                             "network %s: MaxSpeed %u is not 100-%d in 100 Mb steps", network->name,
                             max, VALIDATE_SPEED_MAX_MBPS);
    if (network->preferred_speed_mbps != 0) {
        unsigned limit = max != 0 ? max : VALIDATE_SPEED_MAX_MBPS;
        unsigned pref = network->preferred_speed_mbps;
        if (pref < 100 || pref > limit || pref % 100 != 0)
            return validate_fail(error, error_size,
                                 "network %s: PrefSpeed %u is not 100-%u (MaxSpeed) in 100 Mb "
                                 "steps",
                                 network->name, pref, limit);
    }
    if (network->mac_limit > VALIDATE_MAC_LIMIT_MAX)
        return validate_fail(error, error_size, "network %s: MacLimit %u is above %d",
                             network->name, network->mac_limit, VALIDATE_MAC_LIMIT_MAX);
    return 0;
}

/* validate_networks: names, uplink set + VLAN / native, dedicated uplinks,
 * tunnel placement, speeds. */
static int validate_networks(const struct domain *domain, char *error, size_t error_size)
{
    for (unsigned i = 0; i < domain->n_networks; i++) {
        const struct domain_network *network = &domain->networks[i];
        int rc = validate_name("network", network->name, error, error_size);

        if (rc < 0)
            return rc;
        if (!validate_terminated(network->uplink_set, sizeof(network->uplink_set)) ||
            !validate_terminated(network->dedicated_uplink, sizeof(network->dedicated_uplink)))
            return validate_fail(error, error_size, "network %s: a text is not terminated",
                                 network->name);
        for (unsigned k = 0; k < i; k++) {
            if (strcmp(domain->networks[k].name, network->name) == 0)
                return validate_fail(error, error_size, "network %s: name is already used",
                                     network->name);
            if (network->number != 0 && domain->networks[k].number == network->number)
                return validate_fail(error, error_size,
                                     "network %s: number %u is network %s's already",
                                     network->name, network->number, domain->networks[k].name);
        }
        if (network->uplink_set[0] != '\0') {
            if (domain_find_uplink_set((struct domain *)domain, network->uplink_set) == NULL)
                return validate_fail(error, error_size,
                                     "network %s: UplinkSet \"%s\" does not exist", network->name,
                                     network->uplink_set);
            if (network->dedicated_uplink[0] != '\0')
                return validate_fail(error, error_size,
                                     "network %s: has both UplinkSet %s and the dedicated uplink "
                                     "%s",
                                     network->name, network->uplink_set, network->dedicated_uplink);
            if (network->tunnel)
                return validate_fail(error, error_size,
                                     "network %s: a tunnel network cannot be on uplink set %s "
                                     "(use a dedicated uplink)",
                                     network->name, network->uplink_set);
            if (network->native && network->vlan != 0)
                return validate_fail(error, error_size,
                                     "network %s: VLanID %u: the native network of uplink set %s "
                                     "is untagged (VLanID 0)",
                                     network->name, network->vlan, network->uplink_set);
            if (!network->native && validate_vlan(network->vlan, NULL, 0) < 0)
                return validate_fail(error, error_size,
                                     "network %s: VLanID %u is not 1-4094 (a network on uplink "
                                     "set %s needs one, or NativeVLAN)",
                                     network->name, network->vlan, network->uplink_set);
            for (unsigned k = 0; k < i; k++) {
                const struct domain_network *other = &domain->networks[k];
                if (strcmp(other->uplink_set, network->uplink_set) != 0)
                    continue;
                if (network->native && other->native)
                    return validate_fail(error, error_size,
                                         "network %s: NativeVLAN: uplink set %s already has the "
                                         "native network %s",
                                         network->name, network->uplink_set, other->name);
                if (!network->native && !other->native && other->vlan == network->vlan)
                    return validate_fail(error, error_size,
                                         "network %s: VLanID %u is already used by network %s on "
                                         "uplink set %s",
                                         network->name, network->vlan, other->name,
                                         network->uplink_set);
            }
        } else {
            if (network->vlan != 0)
                return validate_fail(error, error_size, "network %s: VLanID %u needs an UplinkSet",
                                     network->name, network->vlan);
            if (network->native)
                return validate_fail(error, error_size, "network %s: NativeVLAN needs an UplinkSet",
                                     network->name);
        }
        if (network->dedicated_uplink[0] != '\0') {
            const struct domain_uplink_port *port =
                domain_find_uplink_port((struct domain *)domain, network->dedicated_uplink);
            if (port == NULL)
                return validate_fail(error, error_size, "network %s: uplink port %s does not exist",
                                     network->name, network->dedicated_uplink);
            if (port->uplink_set[0] != '\0')
                return validate_fail(error, error_size,
                                     "network %s: uplink port %s is in uplink set %s, it cannot "
                                     "be a dedicated uplink",
                                     network->name, port->id, port->uplink_set);
            for (unsigned k = 0; k < i; k++)
                if (strcmp(domain->networks[k].dedicated_uplink, network->dedicated_uplink) == 0)
                    return validate_fail(error, error_size,
                                         "network %s: uplink port %s is already the dedicated "
                                         "uplink of network %s",
                                         network->name, port->id, domain->networks[k].name);
        }
        rc = validate_network_speeds(network, error, error_size);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* validate_port_map: the multiple-networks map of connection `c` of
 * profile `name`. */
static int validate_port_map(const struct domain *domain, const char *name,
                             const struct domain_enet_connection *c, char *error, size_t error_size)
{
    const char *untagged = NULL;

    if (c->n_port_map > DOMAIN_MAX_PORT_MAP)
        return validate_fail(error, error_size,
                             "profile %s: connection %u: %u server-port-map entries, at most %d",
                             name, c->index, c->n_port_map, DOMAIN_MAX_PORT_MAP);
    if (c->n_port_map > 0 && c->network[0] != '\0')
        return validate_fail(error, error_size,
                             "profile %s: connection %u: has both Network %s and a "
                             "server-port-map (multiple networks)",
                             name, c->index, c->network);
    for (unsigned m = 0; m < c->n_port_map; m++) {
        const struct domain_port_map_entry *entry = &c->port_map[m];
        const struct domain_network *network;

        if (!validate_terminated(entry->network, sizeof(entry->network)))
            return validate_fail(error, error_size,
                                 "profile %s: connection %u: server-port-map: a network name is "
                                 "not terminated",
                                 name, c->index);
        network = validate_network(domain, entry->network);
        if (network == NULL)
            return validate_fail(error, error_size,
                                 "profile %s: connection %u: server-port-map: Network \"%s\" does "
                                 "not exist",
                                 name, c->index, entry->network);
        if (network->tunnel)
            return validate_fail(error, error_size,
                                 "profile %s: connection %u: server-port-map: tunnel network %s "
                                 "cannot be in a multiple-networks map",
                                 name, c->index, network->name);
        if (!entry->untagged || entry->vlan != 0) {
            if (validate_vlan(entry->vlan, NULL, 0) < 0)
                return validate_fail(error, error_size,
                                     "profile %s: connection %u: server-port-map %s: VLanID %u is "
                                     "not 1-4094",
                                     name, c->index, network->name, entry->vlan);
        }
        if (entry->untagged) {
            if (untagged != NULL)
                return validate_fail(error, error_size,
                                     "profile %s: connection %u: server-port-map %s: Untagged: "
                                     "network %s is already the untagged one",
                                     name, c->index, network->name, untagged);
            untagged = network->name;
        }
        for (unsigned k = 0; k < m; k++) {
            const struct domain_port_map_entry *other = &c->port_map[k];
            if (strcmp(other->network, entry->network) == 0)
                return validate_fail(error, error_size,
                                     "profile %s: connection %u: server-port-map: network %s is "
                                     "mapped twice",
                                     name, c->index, network->name);
            if (entry->vlan != 0 && other->vlan == entry->vlan)
                return validate_fail(error, error_size,
                                     "profile %s: connection %u: server-port-map %s: VLanID %u is "
                                     "already mapped to network %s",
                                     name, c->index, network->name, entry->vlan, other->network);
        }
    }
    return 0;
}

/* validate_enet: one Ethernet connection (number i + 1) of profile `p`. */
static int validate_enet(const struct domain *domain, const struct domain_profile *p, unsigned i,
                         char *error, size_t error_size)
{
    const struct domain_enet_connection *c = &p->enet[i];
    char message[160];
    unsigned port, flexnic;
    int rc;

    if (c->index != i + 1)
        return validate_fail(error, error_size,
                             "profile %s: connection %u is numbered %u (connections are 1-%u in "
                             "order)",
                             p->name, i + 1, c->index, p->n_enet);
    if (!validate_terminated(c->network, sizeof(c->network)))
        return validate_fail(error, error_size,
                             "profile %s: connection %u: Network is not terminated", p->name,
                             c->index);
    if (c->network[0] != '\0' && validate_network(domain, c->network) == NULL)
        return validate_fail(error, error_size,
                             "profile %s: connection %u: Network \"%s\" does not exist", p->name,
                             c->index, c->network);
    rc = validate_port_map(domain, p->name, c, error, error_size);
    if (rc < 0)
        return rc;
    if (c->pxe != DOMAIN_PXE_USE_BIOS && c->pxe != DOMAIN_PXE_ENABLED &&
        c->pxe != DOMAIN_PXE_DISABLED)
        return validate_fail(error, error_size,
                             "profile %s: connection %u: PXE %d is not Enabled, Disabled or "
                             "UseBIOS",
                             p->name, c->index, (int)c->pxe);
    switch (c->speed_type) {
    case DOMAIN_SPEED_AUTO:
    case DOMAIN_SPEED_DISABLED:
        break;
    case DOMAIN_SPEED_CUSTOM:
    case DOMAIN_SPEED_PREFERRED: {
        unsigned speed = plan_connection_speed(domain, c);
        if (speed == 0 && c->speed_type == DOMAIN_SPEED_PREFERRED)
            break;
        if (speed == 0)
            return validate_fail(error, error_size,
                                 "profile %s: connection %u: SpeedType Custom needs a Speed",
                                 p->name, c->index);
        if (validate_speed(speed, plan_connection_max_mbps(domain, c), message, sizeof(message)) <
            0)
            return validate_fail(error, error_size, "profile %s: connection %u: %s", p->name,
                                 c->index, message);
        break;
    }
    default:
        return validate_fail(error, error_size,
                             "profile %s: connection %u: SpeedType %d is not Auto, Preferred, "
                             "Custom or Disabled",
                             p->name, c->index, (int)c->speed_type);
    }
    if (c->mac_source != DOMAIN_ADDRESS_FACTORY && c->mac_source != DOMAIN_ADDRESS_POOL &&
        c->mac_source != DOMAIN_ADDRESS_USER)
        return validate_fail(error, error_size,
                             "profile %s: connection %u: MAC source %d is not Factory-Default, "
                             "Pool or User-Defined",
                             p->name, c->index, (int)c->mac_source);
    if (c->mac_source != DOMAIN_ADDRESS_FACTORY && c->mac == 0)
        return validate_fail(error, error_size, "profile %s: connection %u: has no MAC", p->name,
                             c->index);
    if ((c->mac != 0 && pool_check_address(POOL_KIND_MAC, c->mac, message, sizeof(message)) < 0) ||
        (c->iscsi_mac != 0 &&
         pool_check_address(POOL_KIND_MAC, c->iscsi_mac, message, sizeof(message)) < 0))
        return validate_fail(error, error_size, "profile %s: connection %u: %s", p->name, c->index,
                             message);
    rc = plan_connection_port(p, c->index, &port, &flexnic);
    if (rc < 0)
        return validate_fail(error, error_size,
                             "profile %s: connection %u: no FlexNIC left for it (4 per port, "
                             "FCoE takes b)",
                             p->name, c->index);
    return 0;
}

/* validate_fc: one FC/FCoE connection (number i + 1) of profile `p`. */
static int validate_fc(const struct domain_profile *p, unsigned i, char *error, size_t error_size)
{
    const struct domain_fc_connection *c = &p->fc[i];
    const char *kind = c->fcoe ? "fcoe-connection" : "fc-connection";
    char message[160];
    int rc;

    if (c->index != i + 1)
        return validate_fail(error, error_size, "profile %s: %s %u is numbered %u", p->name, kind,
                             i + 1, c->index);
    if (!validate_terminated(c->fabric, sizeof(c->fabric)))
        return validate_fail(error, error_size, "profile %s: %s %u: Fabric is not terminated",
                             p->name, kind, c->index);
    if (c->fabric[0] != '\0' && validate_name("fabric", c->fabric, message, sizeof(message)) < 0)
        return validate_fail(error, error_size, "profile %s: %s %u: %s", p->name, kind, c->index,
                             message);
    if (c->fcoe && c->index > DOMAIN_PHYSICAL_PORTS)
        return validate_fail(error, error_size,
                             "profile %s: %s %u: FCoE connection i uses LOM:i-b and there is no "
                             "LOM:%u",
                             p->name, kind, c->index, c->index);
    switch (c->speed_type) {
    case DOMAIN_SPEED_AUTO:
    case DOMAIN_SPEED_DISABLED:
        break;
    case DOMAIN_SPEED_PREFERRED:
        if (c->speed_mbps == 0)
            break;
        /* fall through */
    case DOMAIN_SPEED_CUSTOM:
        rc = validate_speed(c->speed_mbps, 0, message, sizeof(message));
        if (rc < 0 || c->speed_mbps == 0)
            return validate_fail(error, error_size, "profile %s: %s %u: %s", p->name, kind,
                                 c->index, rc < 0 ? message : "SpeedType Custom needs a Speed");
        break;
    default:
        return validate_fail(error, error_size,
                             "profile %s: %s %u: SpeedType %d is not Auto, Preferred, Custom or "
                             "Disabled",
                             p->name, kind, c->index, (int)c->speed_type);
    }
    if (c->wwn_source != DOMAIN_ADDRESS_FACTORY && c->wwn_source != DOMAIN_ADDRESS_POOL &&
        c->wwn_source != DOMAIN_ADDRESS_USER)
        return validate_fail(error, error_size, "profile %s: %s %u: WWN source %d is unknown",
                             p->name, kind, c->index, (int)c->wwn_source);
    if (c->wwn_source != DOMAIN_ADDRESS_FACTORY && c->wwpn == 0)
        return validate_fail(error, error_size, "profile %s: %s %u: has no WWPN", p->name, kind,
                             c->index);
    if (c->wwpn != 0) {
        if (pool_check_address(POOL_KIND_WWN, c->wwpn, message, sizeof(message)) < 0)
            return validate_fail(error, error_size, "profile %s: %s %u: WWPN: %s", p->name, kind,
                                 c->index, message);
        if (c->wwnn != c->wwpn + 1)
            return validate_fail(error, error_size,
                                 "profile %s: %s %u: the node WWN must be the port WWN + 1",
                                 p->name, kind, c->index);
    } else if (c->wwnn != 0) {
        return validate_fail(error, error_size, "profile %s: %s %u: a node WWN without a WWPN",
                             p->name, kind, c->index);
    }
    if (c->boot_enabled && c->boot_target_wwpn != 0 &&
        pool_check_address(POOL_KIND_WWN, c->boot_target_wwpn, message, sizeof(message)) < 0)
        return validate_fail(error, error_size, "profile %s: %s %u: boot target: %s", p->name, kind,
                             c->index, message);
    return 0;
}

/* validate_assignment: a profile's bay exists and lists it, and no earlier
 * profile holds that bay. */
static int validate_assignment(const struct domain *domain, unsigned i, char *error,
                               size_t error_size)
{
    const struct domain_profile *p = &domain->profiles[i];
    const struct domain_bay *bay;

    if (!validate_terminated(p->enclosure, sizeof(p->enclosure)))
        return validate_fail(error, error_size, "profile %s: enclosure is not terminated", p->name);
    if (p->enclosure[0] == '\0') {
        if (p->bay != 0)
            return validate_fail(error, error_size, "profile %s: bay %u without an enclosure",
                                 p->name, p->bay);
        return 0;
    }
    if (p->bay < 1 || p->bay > DOMAIN_BAYS)
        return validate_fail(error, error_size, "profile %s: bay %s:%u is not %s:1-%s:%d", p->name,
                             p->enclosure, p->bay, p->enclosure, p->enclosure, DOMAIN_BAYS);
    bay = domain_find_bay((struct domain *)domain, p->enclosure, p->bay);
    if (bay == NULL)
        return validate_fail(error, error_size,
                             "profile %s: bay %s:%u does not exist (enclosure %s is not in the "
                             "domain)",
                             p->name, p->enclosure, p->bay, p->enclosure);
    for (unsigned e = 0; e < domain->n_enclosures && e < DOMAIN_MAX_ENCLOSURES; e++)
        if (strcmp(domain->enclosures[e].id, p->enclosure) == 0 && !domain->enclosures[e].imported)
            return validate_fail(error, error_size,
                                 "profile %s: bay %s:%u is in enclosure %s, which is not imported",
                                 p->name, p->enclosure, p->bay, p->enclosure);
    for (unsigned k = 0; k < i; k++) {
        const struct domain_profile *other = &domain->profiles[k];
        if (other->bay == p->bay && strcmp(other->enclosure, p->enclosure) == 0)
            return validate_fail(error, error_size,
                                 "profile %s: bay %s:%u is already assigned to profile %s", p->name,
                                 p->enclosure, p->bay, other->name);
    }
    if (strcmp(bay->profile, p->name) != 0)
        return validate_fail(error, error_size,
                             "profile %s: server %s:%u shows Server Profile \"%s\", not this one",
                             p->name, p->enclosure, p->bay, bay->profile);
    return 0;
}

/* validate_profiles: names, identity, assignment, connections. */
static int validate_profiles(const struct domain *domain, char *error, size_t error_size)
{
    char message[160];

    for (unsigned i = 0; i < domain->n_profiles; i++) {
        const struct domain_profile *p = &domain->profiles[i];
        int rc = validate_name("profile", p->name, error, error_size);

        if (rc < 0)
            return rc;
        for (unsigned k = 0; k < i; k++) {
            if (strcmp(domain->profiles[k].name, p->name) == 0)
                return validate_fail(error, error_size, "profile %s: name is already used",
                                     p->name);
            if (p->number != 0 && domain->profiles[k].number == p->number)
                return validate_fail(error, error_size,
                                     "profile %s: number %u is profile %s's already", p->name,
                                     p->number, domain->profiles[k].name);
        }
        if (validate_serial(p->serial, message, sizeof(message)) < 0 ||
            validate_uuid(p->uuid, message, sizeof(message)) < 0)
            return validate_fail(error, error_size, "profile %s: %s", p->name, message);
        for (unsigned k = 0; k < i; k++) {
            const struct domain_profile *other = &domain->profiles[k];
            if (p->serial[0] != '\0' && strcmp(other->serial, p->serial) == 0)
                return validate_fail(error, error_size,
                                     "profile %s: SerialNumber %s is already used by profile %s",
                                     p->name, p->serial, other->name);
            if (p->uuid[0] != '\0' && strcasecmp(other->uuid, p->uuid) == 0)
                return validate_fail(error, error_size,
                                     "profile %s: UUID %s is already used by profile %s", p->name,
                                     p->uuid, other->name);
        }
        rc = validate_assignment(domain, i, error, error_size);
        if (rc < 0)
            return rc;
        if (p->n_enet > DOMAIN_MAX_ENET)
            return validate_fail(error, error_size,
                                 "profile %s: %u Ethernet connections, at most %d", p->name,
                                 p->n_enet, DOMAIN_MAX_ENET);
        if (p->n_fc > DOMAIN_MAX_FC)
            return validate_fail(error, error_size,
                                 "profile %s: %u FC/FCoE connections, at most %d", p->name, p->n_fc,
                                 DOMAIN_MAX_FC);
        for (unsigned c = 0; c < p->n_fc; c++) {
            rc = validate_fc(p, c, error, error_size);
            if (rc < 0)
                return rc;
        }
        for (unsigned c = 0; c < p->n_enet; c++) {
            rc = validate_enet(domain, p, c, error, error_size);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ addresses */

struct validate_address {
    uint64_t address;
    enum pool_kind kind; /* MAC or WWN */
    unsigned order;      /* position of collection: the earlier holder first */
    unsigned profile;
    char what[40]; /* "connection 1 MAC", "fcoe-connection 2 WWPN" */
};

/* validate_address_compare: qsort order: kind, address, collection order. */
static int validate_address_compare(const void *a, const void *b)
{
    const struct validate_address *x = a, *y = b;

    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->address != y->address)
        return x->address < y->address ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* validate_addresses: no MAC (primary or iSCSI) and no WWN (port or node)
 * held twice anywhere in the domain. Returns 0, -EINVAL or -ENOMEM. */
static int validate_addresses(const struct domain *domain, char *error, size_t error_size)
{
    size_t per_profile = DOMAIN_MAX_ENET * 2 + DOMAIN_MAX_FC * 2;
    struct validate_address *list;
    size_t n = 0;
    int rc = 0;

    if (domain->n_profiles == 0)
        return 0;
    list = calloc(domain->n_profiles * per_profile, sizeof(*list));
    if (list == NULL) {
        validate_fail(error, error_size, "domain: out of memory");
        return -ENOMEM;
    }
    for (unsigned i = 0; i < domain->n_profiles; i++) {
        const struct domain_profile *p = &domain->profiles[i];
        for (unsigned c = 0; c < p->n_enet; c++) {
            uint64_t macs[2] = {p->enet[c].mac, p->enet[c].iscsi_mac};
            for (unsigned k = 0; k < 2; k++) {
                if (macs[k] == 0)
                    continue;
                list[n] = (struct validate_address){macs[k], POOL_KIND_MAC, (unsigned)n, i, ""};
                snprintf(list[n].what, sizeof(list[n].what), "connection %u %s", c + 1,
                         k == 0 ? "MAC" : "iSCSI MAC");
                n++;
            }
        }
        for (unsigned c = 0; c < p->n_fc; c++) {
            uint64_t wwns[2] = {p->fc[c].wwpn, p->fc[c].wwnn};
            for (unsigned k = 0; k < 2; k++) {
                if (wwns[k] == 0)
                    continue;
                list[n] = (struct validate_address){wwns[k], POOL_KIND_WWN, (unsigned)n, i, ""};
                snprintf(list[n].what, sizeof(list[n].what), "%s %u %s",
                         p->fc[c].fcoe ? "fcoe-connection" : "fc-connection", c + 1,
                         k == 0 ? "WWPN" : "WWNN");
                n++;
            }
        }
    }
    qsort(list, n, sizeof(*list), validate_address_compare);
    for (size_t k = 1; k < n; k++) {
        const struct validate_address *a = &list[k - 1], *b = &list[k];
        char text[POOL_ADDRESS_STR_MAX] = "";
        if (a->kind != b->kind || a->address != b->address)
            continue;
        pool_format_address(a->kind, a->address, text, sizeof(text));
        rc =
            validate_fail(error, error_size, "profile %s: %s %s is already used by profile %s (%s)",
                          domain->profiles[b->profile].name, b->what, text,
                          domain->profiles[a->profile].name, a->what);
        break;
    }
    free(list);
    return rc;
}

/* validate_ranges: the ranges of one pool kind, added to a scratch pool so
 * the pool's own rules apply (pre-defined bounds, MAC/WWN/serial form,
 * overlap, sizes). Returns 0, -EINVAL or -ENOMEM. */
static int validate_ranges(enum pool_kind kind, const struct domain_range *ranges, unsigned n,
                           char *error, size_t error_size)
{
    const char *label = kind == POOL_KIND_MAC   ? "MAC pool"
                        : kind == POOL_KIND_WWN ? "WWN pool"
                                                : "serial number pool";
    char message[200];
    struct pool *pool;
    int rc = 0;

    if (n > DOMAIN_MAX_RANGES)
        return validate_fail(error, error_size, "%s: %u ranges, at most %d", label, n,
                             DOMAIN_MAX_RANGES);
    if (n == 0)
        return 0;
    pool = pool_create(kind);
    if (pool == NULL) {
        validate_fail(error, error_size, "%s: out of memory", label);
        return -ENOMEM;
    }
    for (unsigned i = 0; i < n && rc == 0; i++) {
        const struct domain_range *range = &ranges[i];
        char start[POOL_ADDRESS_STR_MAX] = "?", end[POOL_ADDRESS_STR_MAX] = "?";

        pool_format_address(kind, range->start, start, sizeof(start));
        pool_format_address(kind, range->end, end, sizeof(end));
        if (range->predefined >= 0) {
            uint64_t first, last;
            if (kind == POOL_KIND_SERIAL ||
                pool_predefined_range(kind, (unsigned)range->predefined, &first, &last) < 0)
                rc = validate_fail(error, error_size, "%s: pre-defined range %d does not exist",
                                   label, range->predefined);
            else if (first != range->start || last != range->end)
                rc = validate_fail(error, error_size,
                                   "%s: pre-defined range %d is not %s-%s as stored", label,
                                   range->predefined, start, end);
            else if (pool_range_add_predefined(pool, (unsigned)range->predefined, message,
                                               sizeof(message)) < 0)
                rc = validate_fail(error, error_size, "%s: range %s-%s: %s", label, start, end,
                                   message);
        } else {
            int added = pool_range_add(pool, range->start, range->end, message, sizeof(message));
            if (added == -ENOMEM)
                rc = -ENOMEM;
            else if (added < 0)
                rc = validate_fail(error, error_size, "%s: range %s-%s: %s", label, start, end,
                                   message);
        }
    }
    pool_destroy(pool);
    return rc;
}

/* validate_pools: the pools' sources and ranges. */
static int validate_pools(const struct domain *domain, char *error, size_t error_size)
{
    const struct domain_pools *pools = &domain->pools;
    enum domain_address_source sources[] = {pools->mac_source, pools->wwn_source,
                                            pools->serial_source};
    static const char *names[] = {"MAC", "WWN", "serial number"};
    int rc;

    for (unsigned i = 0; i < 3; i++)
        if (sources[i] != DOMAIN_ADDRESS_FACTORY && sources[i] != DOMAIN_ADDRESS_POOL &&
            sources[i] != DOMAIN_ADDRESS_USER)
            return validate_fail(error, error_size, "domain: %s source %d is unknown", names[i],
                                 (int)sources[i]);
    rc = validate_ranges(POOL_KIND_MAC, pools->mac_ranges, pools->n_mac_ranges, error, error_size);
    if (rc == 0)
        rc = validate_ranges(POOL_KIND_WWN, pools->wwn_ranges, pools->n_wwn_ranges, error,
                             error_size);
    if (rc == 0)
        rc = validate_ranges(POOL_KIND_SERIAL, pools->serial_ranges, pools->n_serial_ranges, error,
                             error_size);
    return rc;
}

/* validate_domain: see validate.h. Returns 0, -EINVAL or -ENOMEM. */
int validate_domain(const struct domain *domain, char *error, size_t error_size)
{
    const char *devices[DOMAIN_MAX_ENCLOSURES * DOMAIN_BAYS + DOMAIN_MAX_UPLINKS];
    const char *owners[DOMAIN_MAX_ENCLOSURES * DOMAIN_BAYS + DOMAIN_MAX_UPLINKS];
    char bay_labels[DOMAIN_MAX_ENCLOSURES * DOMAIN_BAYS][24];
    char port_labels[DOMAIN_MAX_UPLINKS][48];
    unsigned n_devices = 0;
    int rc;

    if (domain == NULL)
        return validate_fail(error, error_size, "domain: missing");
    rc = validate_limits(domain, error, error_size);
    if (rc == 0)
        rc = validate_uplink_sets(domain, error, error_size);
    if (rc == 0)
        rc =
            validate_enclosures(domain, devices, owners, bay_labels, &n_devices, error, error_size);
    if (rc == 0)
        rc = validate_uplink_ports(domain, devices, owners, port_labels, &n_devices, error,
                                   error_size);
    if (rc == 0)
        rc = validate_networks(domain, error, error_size);
    if (rc == 0)
        rc = validate_profiles(domain, error, error_size);
    if (rc == 0)
        rc = validate_addresses(domain, error, error_size);
    if (rc == 0)
        rc = validate_pools(domain, error, error_size);
    return rc;
}
