/*
 * plan: from the domain model to what this interconnect module does --
 * connection -> FlexNIC placement, the Flex-10 bandwidth of a server port,
 * and the dataplane's configuration document (profiles/plan.h). Uses
 * flexnic/ for the mapping and the allocation rather than redoing them.
 * Pure logic, no I/O.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flexnic/bandwidth.h"
#include "flexnic/flexnic.h"
#include "profiles/plan.h"
#include "profiles/pool.h"
#include "profiles/validate.h"

#define PLAN_FLEXNIC_B 1
/* rounds of MAC cache frames after a failover (docs/dataplane-protocol.md);
 * VC sets only the interval */
#define PLAN_MAC_CACHE_REPEATS 3

/* plan_network: a network by name in a const domain, or NULL (the model's
 * finders take a non-const domain and change nothing). */
static const struct domain_network *plan_network(const struct domain *domain, const char *name)
{
    return domain_find_network((struct domain *)domain, name);
}

/* plan_has_fcoe: does `profile` have an FCoE connection (taking b). */
static bool plan_has_fcoe(const struct domain_profile *profile)
{
    for (unsigned i = 0; i < profile->n_fc && i < DOMAIN_MAX_FC; i++)
        if (profile->fc[i].fcoe)
            return true;
    return false;
}

/* plan_connection_port: see plan.h. Returns 0, -EINVAL or -ENOSPC. */
int plan_connection_port(const struct domain_profile *profile, unsigned enet_index,
                         unsigned *physical_port, unsigned *flexnic)
{
    bool skip_b;
    unsigned seen = 0;

    if (profile == NULL || physical_port == NULL || flexnic == NULL || enet_index == 0)
        return -EINVAL;
    skip_b = plan_has_fcoe(profile);
    for (unsigned slot = 1; slot <= DOMAIN_PHYSICAL_PORTS * FLEXNIC_PER_PORT; slot++) {
        unsigned port, f;
        if (flexnic_map_connection(slot, DOMAIN_PHYSICAL_PORTS, &port, &f) < 0)
            return -EINVAL;
        if (skip_b && f == PLAN_FLEXNIC_B)
            continue;
        if (++seen == enet_index) {
            *physical_port = port;
            *flexnic = f;
            return 0;
        }
    }
    return -ENOSPC;
}

/* plan_fcoe_port: see plan.h. Returns 0, -EINVAL or -ENOSPC. */
int plan_fcoe_port(const struct domain_profile *profile, unsigned fc_index, unsigned *physical_port,
                   unsigned *flexnic)
{
    if (profile == NULL || physical_port == NULL || flexnic == NULL || fc_index == 0 ||
        fc_index > profile->n_fc || fc_index > DOMAIN_MAX_FC || !profile->fc[fc_index - 1].fcoe)
        return -EINVAL;
    if (fc_index > DOMAIN_PHYSICAL_PORTS)
        return -ENOSPC;
    *physical_port = fc_index;
    *flexnic = PLAN_FLEXNIC_B;
    return 0;
}

/* plan_format_port: see plan.h. Returns 0 or -EINVAL. */
int plan_format_port(unsigned physical_port, unsigned flexnic, char *buf, size_t size)
{
    return flexnic_format_name(physical_port, flexnic, buf, size) < 0 ? -EINVAL : 0;
}

/* plan_connection_port_name: see plan.h. */
int plan_connection_port_name(const struct domain_profile *profile, unsigned enet_index, char *buf,
                              size_t size)
{
    unsigned port, flexnic;
    int rc = plan_connection_port(profile, enet_index, &port, &flexnic);

    if (rc < 0) {
        if (buf != NULL && size > 0)
            buf[0] = '\0';
        return rc;
    }
    return plan_format_port(port, flexnic, buf, size);
}

/* plan_network_max: a network's maximum, PLAN_LINK_MBPS when unrestricted. */
static unsigned plan_network_max(const struct domain_network *network)
{
    if (network->max_speed_mbps == 0 || network->max_speed_mbps > PLAN_LINK_MBPS)
        return PLAN_LINK_MBPS;
    return network->max_speed_mbps;
}

/* plan_connection_max_mbps: see plan.h. */
unsigned plan_connection_max_mbps(const struct domain *domain,
                                  const struct domain_enet_connection *connection)
{
    const struct domain_network *network;
    unsigned max = 0;

    if (domain == NULL || connection == NULL)
        return PLAN_LINK_MBPS;
    if (connection->n_port_map == 0) {
        network = plan_network(domain, connection->network);
        return network != NULL ? plan_network_max(network) : PLAN_LINK_MBPS;
    }
    for (unsigned i = 0; i < connection->n_port_map && i < DOMAIN_MAX_PORT_MAP; i++) {
        network = plan_network(domain, connection->port_map[i].network);
        if (network != NULL && plan_network_max(network) > max)
            max = plan_network_max(network);
    }
    return max != 0 ? max : PLAN_LINK_MBPS;
}

/* plan_connection_speed: see plan.h. */
unsigned plan_connection_speed(const struct domain *domain,
                               const struct domain_enet_connection *connection)
{
    const struct domain_network *network;

    if (domain == NULL || connection == NULL)
        return 0;
    switch (connection->speed_type) {
    case DOMAIN_SPEED_CUSTOM:
        return connection->speed_mbps;
    case DOMAIN_SPEED_PREFERRED:
        if (connection->speed_mbps != 0)
            return connection->speed_mbps;
        network = connection->n_port_map == 0 ? plan_network(domain, connection->network) : NULL;
        return network != NULL ? network->preferred_speed_mbps : 0;
    default:
        return 0;
    }
}

/* plan_connection_linked: does an Ethernet connection carry a network. */
static bool plan_connection_linked(const struct domain_enet_connection *connection)
{
    return connection->network[0] != '\0' || connection->n_port_map > 0;
}

/* plan_profile_in_populated_bay: the bay the profile is assigned to, when a
 * blade is present in it; else NULL. */
static const struct domain_bay *plan_profile_bay(const struct domain *domain,
                                                 const struct domain_profile *profile)
{
    const struct domain_bay *bay;

    if (profile->enclosure[0] == '\0')
        return NULL;
    bay = domain_find_bay((struct domain *)domain, profile->enclosure, profile->bay);
    return bay != NULL && bay->blade.present ? bay : NULL;
}

/* plan_profile_bandwidth: see plan.h. Returns 0, PLAN_NOT_ALLOCATED or
 * -EINVAL. */
int plan_profile_bandwidth(const struct domain *domain, const struct domain_profile *profile,
                           unsigned physical_port, uint32_t configured_mbps[4],
                           uint32_t allocated_mbps[4])
{
    struct flexnic_bandwidth_request requests[FLEXNIC_ALLOC_MAX];
    uint32_t allocated[FLEXNIC_ALLOC_MAX];

    if (domain == NULL || profile == NULL || configured_mbps == NULL || allocated_mbps == NULL ||
        physical_port < 1 || physical_port > DOMAIN_PHYSICAL_PORTS)
        return -EINVAL;
    for (unsigned f = 0; f < FLEXNIC_ALLOC_MAX; f++) {
        requests[f] = (struct flexnic_bandwidth_request){FLEXNIC_SPEED_DISABLED, 0, 0, false};
        configured_mbps[f] = 0;
        allocated_mbps[f] = 0;
    }
    for (unsigned i = 0; i < profile->n_enet && i < DOMAIN_MAX_ENET; i++) {
        const struct domain_enet_connection *c = &profile->enet[i];
        unsigned port, f, speed = plan_connection_speed(domain, c);
        enum flexnic_speed_type type = (enum flexnic_speed_type)c->speed_type;

        if (plan_connection_port(profile, i + 1, &port, &f) < 0)
            return -EINVAL;
        if (port != physical_port)
            continue;
        if (type == FLEXNIC_SPEED_PREFERRED && speed == 0)
            type = FLEXNIC_SPEED_AUTO;
        requests[f].type = type;
        requests[f].requested_mbps = type == FLEXNIC_SPEED_AUTO ? 0 : speed;
        requests[f].max_mbps = plan_connection_max_mbps(domain, c);
        requests[f].linked = plan_connection_linked(c);
        if (type == FLEXNIC_SPEED_PREFERRED || type == FLEXNIC_SPEED_CUSTOM)
            configured_mbps[f] = speed;
    }
    for (unsigned i = 0; i < profile->n_fc && i < DOMAIN_MAX_FC; i++) {
        const struct domain_fc_connection *c = &profile->fc[i];
        enum flexnic_speed_type type = (enum flexnic_speed_type)c->speed_type;
        unsigned port, f;

        if (!c->fcoe)
            continue;
        if (plan_fcoe_port(profile, i + 1, &port, &f) < 0)
            return -EINVAL;
        if (port != physical_port)
            continue;
        if (type == FLEXNIC_SPEED_PREFERRED && c->speed_mbps == 0)
            type = FLEXNIC_SPEED_AUTO;
        requests[f].type = type;
        requests[f].requested_mbps = type == FLEXNIC_SPEED_AUTO ? 0 : c->speed_mbps;
        requests[f].max_mbps = 0;
        requests[f].linked = c->fabric[0] != '\0';
        if (type == FLEXNIC_SPEED_PREFERRED || type == FLEXNIC_SPEED_CUSTOM)
            configured_mbps[f] = c->speed_mbps;
    }
    if (flexnic_alloc_bandwidth(requests, FLEXNIC_ALLOC_MAX, PLAN_LINK_MBPS, allocated) < 0)
        return -EINVAL;
    if (plan_profile_bay(domain, profile) == NULL)
        return PLAN_NOT_ALLOCATED;
    memcpy(allocated_mbps, allocated, sizeof(allocated));
    return 0;
}

/* ------------------------------------------------------------ the document */

/* plan_set: obj[key] = value (stolen); clears *ok on failure (NULL value
 * included, e.g. out of memory). */
static void plan_set(json_t *obj, const char *key, json_t *value, bool *ok)
{
    if (value == NULL || json_object_set_new(obj, key, value) < 0)
        *ok = false;
}

/* plan_append: array += value (stolen); clears *ok on failure. */
static void plan_append(json_t *array, json_t *value, bool *ok)
{
    if (value == NULL || json_array_append_new(array, value) < 0)
        *ok = false;
}

/* plan_enclosure: imported enclosure "enc<k>" of the domain, or NULL. */
static const struct domain_enclosure *plan_enclosure(const struct domain *domain, unsigned k)
{
    char id[8];

    snprintf(id, sizeof(id), "enc%u", k);
    for (unsigned i = 0; i < domain->n_enclosures && i < DOMAIN_MAX_ENCLOSURES; i++)
        if (domain->enclosures[i].imported && strcmp(domain->enclosures[i].id, id) == 0)
            return &domain->enclosures[i];
    return NULL;
}

/* plan_enclosure_number: K of "encK" (0..DOMAIN_MAX_ENCLOSURES - 1), or -1. */
static int plan_enclosure_number(const char *enclosure)
{
    if (enclosure == NULL || strncmp(enclosure, "enc", 3) != 0 || enclosure[3] < '0' ||
        enclosure[3] >= '0' + DOMAIN_MAX_ENCLOSURES || enclosure[4] != '\0')
        return -1;
    return enclosure[3] - '0';
}

int plan_downlink_name(const char *enclosure, unsigned bay, char *buf, size_t size)
{
    int k = plan_enclosure_number(enclosure);
    int n;

    if (buf == NULL || size == 0)
        return -EINVAL;
    buf[0] = '\0';
    if (k < 0 || bay < 1 || bay > DOMAIN_BAYS)
        return -EINVAL;
    n = k == 0 ? snprintf(buf, size, "d%u", bay) : snprintf(buf, size, "e%dd%u", k, bay);
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return -EINVAL;
    }
    return 0;
}

int plan_downlink_parse(const char *name, char *enclosure, size_t enclosure_size, unsigned *bay)
{
    const char *p = name;
    char *end;
    int k = 0;

    if (name == NULL || enclosure == NULL || enclosure_size < 5 || bay == NULL)
        return -EINVAL;
    if (p[0] == 'e') {
        if (p[1] < '1' || p[1] >= '0' + DOMAIN_MAX_ENCLOSURES)
            return -EINVAL;
        k = p[1] - '0';
        p += 2;
    }
    if (p[0] != 'd' || p[1] < '1' || p[1] > '9')
        return -EINVAL;
    unsigned long n = strtoul(p + 1, &end, 10);
    if (*end != '\0' || n < 1 || n > DOMAIN_BAYS)
        return -EINVAL;
    snprintf(enclosure, enclosure_size, "enc%d", k);
    *bay = (unsigned)n;
    return 0;
}

int plan_port_id(const char *module_enclosure, unsigned interconnect_bay, const char *port,
                 char *buf, size_t size)
{
    char enclosure[8];
    unsigned bay;
    int n;

    if (module_enclosure == NULL || port == NULL || buf == NULL || size == 0)
        return -EINVAL;
    if (plan_downlink_parse(port, enclosure, sizeof(enclosure), &bay) == 0)
        n = snprintf(buf, size, "%s:%u:d%u", enclosure, interconnect_bay, bay);
    else
        n = snprintf(buf, size, "%s:%u:%s", module_enclosure, interconnect_bay, port);
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return -EINVAL;
    }
    return 0;
}

/* plan_bay_profile: the profile assigned to bay `bay` with a blade
 * present, that this module carries (its LOM port exists on the blade), or
 * NULL. */
static const struct domain_profile *plan_bay_profile(const struct domain *domain,
                                                     const struct domain_bay *bay)
{
    if (!bay->blade.present || bay->profile[0] == '\0' ||
        domain->interconnect_bay > DOMAIN_PHYSICAL_PORTS ||
        domain->interconnect_bay > bay->blade.physical_ports)
        return NULL;
    return domain_find_profile((struct domain *)domain, bay->profile);
}

/* plan_flexnic_slots: which connection sits on each FlexNIC of LOM port
 * `lom` of `profile`: enet[f] = Ethernet connection index (1-based) or 0,
 * fcoe[f] = FC connection index or 0. */
static void plan_flexnic_slots(const struct domain_profile *profile, unsigned lom, unsigned enet[4],
                               unsigned fcoe[4])
{
    for (unsigned f = 0; f < 4; f++)
        enet[f] = fcoe[f] = 0;
    for (unsigned i = 1; i <= profile->n_enet && i <= DOMAIN_MAX_ENET; i++) {
        unsigned port, f;
        if (plan_connection_port(profile, i, &port, &f) == 0 && port == lom)
            enet[f] = i;
    }
    for (unsigned i = 1; i <= profile->n_fc && i <= DOMAIN_MAX_FC; i++) {
        unsigned port, f;
        if (profile->fc[i - 1].fcoe && plan_fcoe_port(profile, i, &port, &f) == 0 && port == lom)
            fcoe[f] = i;
    }
}

/* plan_partitioned: does the port of `bay` carry S-channels: a Flex-10
 * blade whose profile uses a FlexNIC other than a on this module's port. */
static bool plan_partitioned(const struct domain *domain, const struct domain_bay *bay)
{
    const struct domain_profile *profile = plan_bay_profile(domain, bay);
    unsigned enet[4], fcoe[4];

    if (profile == NULL || !bay->blade.flex10)
        return false;
    plan_flexnic_slots(profile, domain->interconnect_bay, enet, fcoe);
    for (unsigned f = 1; f < 4; f++)
        if (enet[f] != 0 || fcoe[f] != 0)
            return true;
    return false;
}

/* plan_mac_text: a MAC as "02:56:43:00:00:10"; false when it is not one. */
static bool plan_mac_text(uint64_t mac, char text[POOL_ADDRESS_STR_MAX])
{
    return mac != 0 && pool_format_address(POOL_KIND_MAC, mac, text, POOL_ADDRESS_STR_MAX) == 0;
}

/* plan_network_enabled: the name of network `name` when it exists and is
 * enabled (so it is a vNet of the document), else NULL. */
static const char *plan_vnet(const struct domain *domain, const char *name)
{
    const struct domain_network *network = plan_network(domain, name);

    return network != NULL && network->enabled ? network->name : NULL;
}

/* plan_ports: the `ports` list. */
static json_t *plan_ports(const struct domain *domain, bool *ok)
{
    json_t *ports = json_array();

    if (ports == NULL) {
        *ok = false;
        return NULL;
    }
    for (unsigned i = 0; i < DOMAIN_MAX_ENCLOSURES * DOMAIN_BAYS; i++) {
        const struct domain_enclosure *enclosure = plan_enclosure(domain, i / DOMAIN_BAYS);
        const struct domain_bay *bay;
        char name[PLAN_DOWNLINK_NAME_MAX];
        json_t *port;

        if (enclosure == NULL)
            continue;
        bay = &enclosure->bays[i % DOMAIN_BAYS];
        if (bay->device[0] == '\0' ||
            plan_downlink_name(enclosure->id, i % DOMAIN_BAYS + 1, name, sizeof(name)) < 0)
            continue;
        port = json_object();
        if (port == NULL) {
            *ok = false;
            break;
        }
        plan_set(port, "name", json_string(name), ok);
        plan_set(port, "device", json_string(bay->device), ok);
        plan_set(port, "speed_mbps", json_integer(PLAN_LINK_MBPS), ok);
        plan_set(port, "partitioned", json_boolean(plan_partitioned(domain, bay)), ok);
        plan_set(port, "enabled", json_boolean(bay->blade.present && bay->blade.powered_on), ok);
        plan_append(ports, port, ok);
    }
    for (unsigned i = 0; i < domain->n_uplink_ports; i++) {
        const struct domain_uplink_port *uplink = &domain->uplink_ports[i];
        json_t *port;

        if (uplink->device[0] == '\0')
            continue;
        port = json_object();
        if (port == NULL) {
            *ok = false;
            break;
        }
        plan_set(port, "name", json_string(uplink->port), ok);
        plan_set(port, "device", json_string(uplink->device), ok);
        plan_set(port, "speed_mbps",
                 json_integer(uplink->speed_mbps != 0 ? uplink->speed_mbps : PLAN_LINK_MBPS), ok);
        plan_append(ports, port, ok);
    }
    return ports;
}

/* plan_uplink_sets: the `uplink_sets` list. */
static json_t *plan_uplink_sets(const struct domain *domain, bool *ok)
{
    json_t *sets = json_array();

    if (sets == NULL) {
        *ok = false;
        return NULL;
    }
    for (unsigned s = 0; s < domain->n_uplink_sets; s++) {
        const struct domain_uplink_set *set = &domain->uplink_sets[s];
        json_t *item = json_object(), *ports = json_array();

        if (item == NULL || ports == NULL) {
            json_decref(item);
            json_decref(ports);
            *ok = false;
            break;
        }
        for (unsigned i = 0; i < domain->n_uplink_ports; i++) {
            const struct domain_uplink_port *port = &domain->uplink_ports[i];
            if (port->device[0] != '\0' && strcmp(port->uplink_set, set->name) == 0)
                plan_append(ports, json_string(port->port), ok);
        }
        plan_set(item, "name", json_string(set->name), ok);
        plan_set(item, "ports", ports, ok);
        plan_append(sets, item, ok);
    }
    return sets;
}

/* plan_vnets: the `vnets` list: every enabled network. */
static json_t *plan_vnets(const struct domain *domain, bool *ok)
{
    json_t *vnets = json_array();

    if (vnets == NULL) {
        *ok = false;
        return NULL;
    }
    for (unsigned i = 0; i < domain->n_networks; i++) {
        const struct domain_network *network = &domain->networks[i];
        json_t *vnet;

        if (!network->enabled)
            continue;
        vnet = json_object();
        if (vnet == NULL) {
            *ok = false;
            break;
        }
        plan_set(vnet, "name", json_string(network->name), ok);
        if (network->uplink_set[0] != '\0') {
            plan_set(vnet, "uplink_set", json_string(network->uplink_set), ok);
            if (network->native)
                plan_set(vnet, "native", json_true(), ok);
            else
                plan_set(vnet, "vlan", json_integer(network->vlan), ok);
        }
        if (network->dedicated_uplink[0] != '\0') {
            const struct domain_uplink_port *port =
                domain_find_uplink_port((struct domain *)domain, network->dedicated_uplink);
            json_t *uplinks = json_array();
            if (port != NULL && port->device[0] != '\0')
                plan_append(uplinks, json_string(port->port), ok);
            plan_set(vnet, "uplinks", uplinks, ok);
        }
        if (network->tunnel)
            plan_set(vnet, "tunnel", json_true(), ok);
        if (network->private_network)
            plan_set(vnet, "private", json_true(), ok);
        if (network->mac_limit != 0)
            plan_set(vnet, "mac_limit", json_integer(network->mac_limit), ok);
        plan_append(vnets, vnet, ok);
    }
    return vnets;
}

/* plan_enet_flexnic: fill FlexNIC `item` from Ethernet connection `c`:
 * vnet or vlans + untagged_vnet (enabled networks only; nothing for a
 * Disabled connection), max_mbps, mac (`factory_mac` when its source is
 * factory). */
static void plan_enet_flexnic(const struct domain *domain, const struct domain_enet_connection *c,
                              uint64_t factory_mac, json_t *item, bool *ok)
{
    char text[POOL_ADDRESS_STR_MAX];
    uint64_t mac = c->mac_source == DOMAIN_ADDRESS_FACTORY ? factory_mac : c->mac;
    unsigned max = plan_connection_max_mbps(domain, c);

    if (c->speed_type != DOMAIN_SPEED_DISABLED && c->n_port_map > 0) {
        json_t *vlans = json_array();
        const char *untagged = NULL;
        for (unsigned m = 0; m < c->n_port_map && m < DOMAIN_MAX_PORT_MAP; m++) {
            const struct domain_port_map_entry *entry = &c->port_map[m];
            const char *vnet = plan_vnet(domain, entry->network);
            json_t *pair;
            if (vnet == NULL)
                continue;
            if (entry->untagged) {
                untagged = vnet;
                continue;
            }
            pair = json_object();
            if (pair == NULL) {
                *ok = false;
                continue;
            }
            plan_set(pair, "vlan", json_integer(entry->vlan), ok);
            plan_set(pair, "vnet", json_string(vnet), ok);
            plan_append(vlans, pair, ok);
        }
        plan_set(item, "vlans", vlans, ok);
        if (untagged != NULL)
            plan_set(item, "untagged_vnet", json_string(untagged), ok);
    } else if (c->speed_type != DOMAIN_SPEED_DISABLED && c->network[0] != '\0') {
        const char *vnet = plan_vnet(domain, c->network);
        if (vnet != NULL)
            plan_set(item, "vnet", json_string(vnet), ok);
    }
    plan_set(item, "max_mbps", json_integer(max > PLAN_LINK_MBPS ? PLAN_LINK_MBPS : max), ok);
    if (plan_mac_text(mac, text))
        plan_set(item, "mac", json_string(text), ok);
}

/* plan_flexnics: the `flexnics` list: every connection of every profile in
 * a present blade of an imported enclosure with a port, on this module's
 * LOM port. */
static json_t *plan_flexnics(const struct domain *domain, bool *ok)
{
    json_t *flexnics = json_array();
    unsigned lom = domain->interconnect_bay;

    if (flexnics == NULL) {
        *ok = false;
        return NULL;
    }
    for (unsigned i = 0; i < DOMAIN_MAX_ENCLOSURES * DOMAIN_BAYS; i++) {
        const struct domain_enclosure *enclosure = plan_enclosure(domain, i / DOMAIN_BAYS);
        const struct domain_bay *bay;
        const struct domain_profile *profile;
        uint32_t configured[4], allocated[4];
        unsigned enet[4], fcoe[4];
        bool partitioned;
        char port_name[PLAN_DOWNLINK_NAME_MAX];

        if (enclosure == NULL)
            continue;
        bay = &enclosure->bays[i % DOMAIN_BAYS];
        if (bay->device[0] == '\0' || plan_downlink_name(enclosure->id, i % DOMAIN_BAYS + 1,
                                                         port_name, sizeof(port_name)) < 0)
            continue;
        profile = plan_bay_profile(domain, bay);
        if (profile == NULL)
            continue;
        partitioned = plan_partitioned(domain, bay);
        plan_flexnic_slots(profile, lom, enet, fcoe);
        if (plan_profile_bandwidth(domain, profile, lom, configured, allocated) != 0)
            memset(allocated, 0, sizeof(allocated));
        for (unsigned f = 0; f < 4; f++) {
            char letter[2] = {(char)('a' + f), '\0'};
            json_t *item;

            if ((enet[f] == 0 && fcoe[f] == 0) || (f > 0 && !partitioned))
                continue;
            item = json_object();
            if (item == NULL) {
                *ok = false;
                break;
            }
            plan_set(item, "port", json_string(port_name), ok);
            plan_set(item, "flexnic", json_string(letter), ok);
            if (enet[f] != 0)
                plan_enet_flexnic(domain, &profile->enet[enet[f] - 1],
                                  bay->blade.factory_mac[(lom - 1) * 4 + f], item, ok);
            else
                plan_set(item, "max_mbps", json_integer(PLAN_LINK_MBPS), ok);
            plan_set(item, "min_mbps", json_integer(allocated[f] / 100 * 100), ok);
            plan_append(flexnics, item, ok);
        }
    }
    return flexnics;
}

/* plan_dataplane_document: see plan.h. Returns the document or NULL. */
json_t *plan_dataplane_document(const struct domain *domain, uint64_t generation, char *error,
                                size_t error_size)
{
    json_t *document;
    bool ok = true;

    if (domain == NULL || generation == 0) {
        if (error != NULL && error_size > 0)
            snprintf(error, error_size, "%s",
                     domain == NULL ? "domain: missing" : "generation: 0 is not 1 or more");
        return NULL;
    }
    if (validate_domain(domain, error, error_size) < 0)
        return NULL;
    document = json_object();
    if (document == NULL)
        goto nomem;
    plan_set(document, "generation", json_integer((json_int_t)generation), &ok);
    plan_set(document, "aging_s", json_integer(domain->aging_s), &ok);
    plan_set(document, "mac_cache",
             json_pack("{s:b, s:I, s:i}", "enabled", domain->mac_cache_enabled, "refresh_ms",
                       (json_int_t)domain->mac_cache_refresh_s * 1000, "repeats",
                       PLAN_MAC_CACHE_REPEATS),
             &ok);
    plan_set(document, "port_protect",
             json_pack("{s:b, s:b}", "network_loop", domain->port_protect_network_loop,
                       "pause_flood", domain->port_protect_pause_flood),
             &ok);
    plan_set(document, "ports", plan_ports(domain, &ok), &ok);
    plan_set(document, "uplink_sets", plan_uplink_sets(domain, &ok), &ok);
    plan_set(document, "vnets", plan_vnets(domain, &ok), &ok);
    plan_set(document, "flexnics", plan_flexnics(domain, &ok), &ok);
    if (ok)
        return document;
    json_decref(document);
nomem:
    if (error != NULL && error_size > 0)
        snprintf(error, error_size, "domain: out of memory making the dataplane document");
    return NULL;
}
