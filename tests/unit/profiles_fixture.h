/*
 * profiles_fixture: a demo-like domain shared by the unit tests of
 * profiles/ (model, validate, status, plan), so every test starts from the
 * same valid domain and changes one thing.
 *
 * Interconnect bay 1; enc0 with devices on bays 1-4 (Flex-10 blades, two LOM
 * ports, powered on except bay 3), bays 5-16 without device; uplinks X1, X2
 * in SUS-A, X3 dedicated to Backup, X4 dedicated to the tunnel Trunk;
 * networks Prod101 (VLAN 101, MaxSpeed 4000), Prod102 (102), Native
 * (native), Priv (200, private, MAC limit 1024), Backup, Trunk, Lab (no
 * uplink), Off (300, disabled); pre-defined MAC and WWN range 0.
 * Profiles:
 *   Web01 enc0:1  1 Prod101 Custom 2500 (LOM:1-a), 2 Prod101 (LOM:2-a),
 *                 3 map Prod102/102 Priv/200 Native untagged (LOM:1-b),
 *                 4 Backup (LOM:2-b)
 *   Db01  enc0:2  FCoE 1 SAN-A (LOM:1-b) and 2 SAN-B (LOM:2-b);
 *                 1 Lab (LOM:1-a), 2 Lab (LOM:2-a), 3 Trunk (LOM:1-c)
 *   App01 enc0:3  1 Prod102, factory MAC (LOM:1-a); blade powered off
 *   Spare         unassigned, 1 Prod101
 */
#ifndef OPENVC_TESTS_PROFILES_FIXTURE_H
#define OPENVC_TESTS_PROFILES_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "profiles/model.h"
#include "profiles/pool.h"

#define FIXTURE_FACTORY_MAC 0x0017a4770000ULL

/* fixture_network: append a network. */
static struct domain_network *fixture_network(struct domain *d, const char *name, const char *set,
                                              unsigned vlan)
{
    struct domain_network *n = &d->networks[d->n_networks++];
    memset(n, 0, sizeof(*n));
    snprintf(n->name, sizeof(n->name), "%s", name);
    snprintf(n->uplink_set, sizeof(n->uplink_set), "%s", set);
    n->vlan = vlan;
    n->enabled = true;
    return n;
}

/* fixture_profile: append a profile, assigned to enc0:bay when bay > 0. */
static struct domain_profile *fixture_profile(struct domain *d, const char *name, unsigned bay)
{
    struct domain_profile *p = &d->profiles[d->n_profiles++];
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", name);
    if (bay > 0) {
        snprintf(p->enclosure, sizeof(p->enclosure), "enc0");
        p->bay = bay;
        snprintf(d->enclosures[0].bays[bay - 1].profile, DOMAIN_NAME_MAX, "%s", name);
    }
    return p;
}

/* fixture_enet: append an Ethernet connection on `network` with a pool MAC
 * (primary and iSCSI) numbered from `mac_index`. */
static struct domain_enet_connection *fixture_enet(struct domain_profile *p, const char *network,
                                                   unsigned mac_index)
{
    struct domain_enet_connection *c = &p->enet[p->n_enet];
    memset(c, 0, sizeof(*c));
    c->index = ++p->n_enet;
    snprintf(c->network, sizeof(c->network), "%s", network);
    c->mac_source = DOMAIN_ADDRESS_POOL;
    c->mac = POOL_MAC_PREDEFINED_BASE + 2 * mac_index;
    c->iscsi_mac = c->mac + 1;
    return c;
}

/* fixture_map: add a server-port-map entry to connection c. */
static void fixture_map(struct domain_enet_connection *c, const char *network, unsigned vlan,
                        bool untagged)
{
    struct domain_port_map_entry *e = &c->port_map[c->n_port_map++];
    snprintf(e->network, sizeof(e->network), "%s", network);
    e->vlan = vlan;
    e->untagged = untagged;
}

/* fixture_fcoe: append an FCoE connection with a pool WWN pair. */
static struct domain_fc_connection *fixture_fcoe(struct domain_profile *p, const char *fabric,
                                                 unsigned wwn_index)
{
    struct domain_fc_connection *c = &p->fc[p->n_fc];
    memset(c, 0, sizeof(*c));
    c->index = ++p->n_fc;
    c->fcoe = true;
    snprintf(c->fabric, sizeof(c->fabric), "%s", fabric);
    c->wwn_source = DOMAIN_ADDRESS_POOL;
    c->wwpn = POOL_WWN_PREDEFINED_BASE + 2 * wwn_index;
    c->wwnn = c->wwpn + 1;
    return c;
}

/* fixture_uplink: append an uplink port Xn of enc0:1. */
static void fixture_uplink(struct domain *d, unsigned n, const char *set)
{
    struct domain_uplink_port *u = &d->uplink_ports[d->n_uplink_ports++];
    memset(u, 0, sizeof(*u));
    snprintf(u->id, sizeof(u->id), "enc0:1:X%u", n);
    snprintf(u->port, sizeof(u->port), "X%u", n);
    snprintf(u->device, sizeof(u->device), "net_af_packet%u,iface=vcx%u", 16 + n, n);
    snprintf(u->uplink_set, sizeof(u->uplink_set), "%s", set);
}

/* fixture_domain: the demo-like domain described above (NULL on memory
 * shortage). */
static struct domain *fixture_domain(void)
{
    struct domain *d = domain_create();
    struct domain_enclosure *enc;
    struct domain_profile *p;
    struct domain_enet_connection *c;
    struct domain_network *n;

    if (d == NULL)
        return NULL;
    snprintf(d->name, sizeof(d->name), "demo");
    d->n_enclosures = 1;
    enc = &d->enclosures[0];
    snprintf(enc->id, sizeof(enc->id), "enc0");
    snprintf(enc->name, sizeof(enc->name), "Demo");
    enc->imported = true;
    for (unsigned b = 0; b < DOMAIN_BAYS; b++) {
        struct domain_bay *bay = &enc->bays[b];
        bay->number = b + 1;
        if (b >= 4)
            continue;
        snprintf(bay->device, sizeof(bay->device), "net_af_packet%u,iface=vcd%u", b, b + 1);
        bay->blade.present = true;
        bay->blade.powered_on = b != 2;
        bay->blade.flex10 = true;
        bay->blade.physical_ports = 2;
        snprintf(bay->blade.model, sizeof(bay->blade.model), "BL460c");
        snprintf(bay->blade.factory_serial, sizeof(bay->blade.factory_serial), "CZ000%u", b + 1);
        for (unsigned k = 0; k < 8; k++)
            bay->blade.factory_mac[k] = FIXTURE_FACTORY_MAC + (b + 1) * 16 + k;
    }
    d->n_uplink_sets = 1;
    snprintf(d->uplink_sets[0].name, DOMAIN_NAME_MAX, "SUS-A");
    fixture_uplink(d, 1, "SUS-A");
    fixture_uplink(d, 2, "SUS-A");
    fixture_uplink(d, 3, "");
    fixture_uplink(d, 4, "");

    fixture_network(d, "Prod101", "SUS-A", 101)->max_speed_mbps = 4000;
    fixture_network(d, "Prod102", "SUS-A", 102);
    fixture_network(d, "Native", "SUS-A", 0)->native = true;
    n = fixture_network(d, "Priv", "SUS-A", 200);
    n->private_network = true;
    n->mac_limit = 1024;
    snprintf(fixture_network(d, "Backup", "", 0)->dedicated_uplink, 16, "enc0:1:X3");
    n = fixture_network(d, "Trunk", "", 0);
    snprintf(n->dedicated_uplink, sizeof(n->dedicated_uplink), "enc0:1:X4");
    n->tunnel = true;
    fixture_network(d, "Lab", "", 0);
    fixture_network(d, "Off", "SUS-A", 300)->enabled = false;

    d->pools.mac_source = DOMAIN_ADDRESS_POOL;
    d->pools.wwn_source = DOMAIN_ADDRESS_POOL;
    pool_predefined_range(POOL_KIND_MAC, 0, &d->pools.mac_ranges[0].start,
                          &d->pools.mac_ranges[0].end);
    d->pools.n_mac_ranges = 1;
    pool_predefined_range(POOL_KIND_WWN, 0, &d->pools.wwn_ranges[0].start,
                          &d->pools.wwn_ranges[0].end);
    d->pools.n_wwn_ranges = 1;

    p = fixture_profile(d, "Web01", 1);
    snprintf(p->serial, sizeof(p->serial), "VCX0000001");
    snprintf(p->uuid, sizeof(p->uuid), "0e8f4b52-6a3c-4d1e-9f00-000000000001");
    c = fixture_enet(p, "Prod101", 0);
    c->speed_type = DOMAIN_SPEED_CUSTOM;
    c->speed_mbps = 2500;
    c->pxe = DOMAIN_PXE_ENABLED;
    fixture_enet(p, "Prod101", 1);
    c = fixture_enet(p, "", 2);
    fixture_map(c, "Prod102", 102, false);
    fixture_map(c, "Priv", 200, false);
    fixture_map(c, "Native", 0, true);
    fixture_enet(p, "Backup", 3);

    p = fixture_profile(d, "Db01", 2);
    snprintf(p->serial, sizeof(p->serial), "VCX0000002");
    fixture_fcoe(p, "SAN-A", 0);
    fixture_fcoe(p, "SAN-B", 1);
    fixture_enet(p, "Lab", 4);
    fixture_enet(p, "Lab", 5);
    fixture_enet(p, "Trunk", 6);

    p = fixture_profile(d, "App01", 3);
    c = fixture_enet(p, "Prod102", 7);
    c->mac_source = DOMAIN_ADDRESS_FACTORY;
    c->mac = 0;
    c->iscsi_mac = 0;

    p = fixture_profile(d, "Spare", 0);
    fixture_enet(p, "Prod101", 8);
    return d;
}

#endif
