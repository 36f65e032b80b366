/*
 * mib: what vc-snmp serves, built from the manager's answers into one
 * sorted oid_table -- IF-MIB (ifTable, ifXTable), BRIDGE-MIB's port table,
 * Q-BRIDGE-MIB (dot1qTpFdbTable, dot1qVlanStaticTable), HPVC-MIB (domain,
 * enclosure, module, port, physical server, Ethernet network, profile and
 * the network/port and profile/network maps) and HPVCMODULE-MIB (the
 * module scalars and per-port protection status) -- plus the list of
 * watched states whose changes become notifications.
 *
 * Numbering (documented here and in the MIBs' DESCRIPTIONs):
 *   ifIndex  downlink dN: N (1-32); uplink XN: 32 + N (33-48);
 *            FlexNIC dN-x: 48 + 4 (N - 1) + (x - 'a') + 1 (49-176);
 *            the downlinks of stacked enclosures (profiles/plan.h), kept
 *            above so that enc0's numbers stay what they were:
 *            eKdN: 176 + 16 (K - 1) + N (177-224),
 *            FlexNIC eKdN-x: 224 + 64 (K - 1) + 4 (N - 1) + (x - 'a') + 1
 *            (225-416). The bridge port number is the ifIndex.
 *   vNet     dot1qFdbId / dot1qVlanIndex = the vNet's VLAN ID on its uplink
 *            set when it has one that no earlier vNet took; otherwise
 *            4095 + the network's number (below), so 4096 for number 1, in
 *            Q-BRIDGE's "local to the agent" range above 4095; it stays
 *            while the network exists.
 *   HPVC     network and profile indexes: the object's `number` (the
 *            manager gives each one at creation and keeps it while the
 *            object exists, so removing one moves no other row; position
 *            + 1 from a manager that gives none); enclosure: position + 1;
 *            physical server: 16 (enclosure - 1) + bay; module: 1 (this
 *            interconnect); vcPortIndex = ifIndex.
 * Unicast, multicast and broadcast packets are counted apart (the
 * dataplane's group counters; unicast is the rest).
 *
 * Pure: no I/O (jansson values in, an oid_table out).
 */
#ifndef OPENVC_SNMP_MIB_H
#define OPENVC_SNMP_MIB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snmp/oid_table.h"

#define MIB_MAX_IFINDEX 416

/* What ifLastChange needs from one snapshot to the next: per ifIndex,
 * whether the interface was in the last one, its ifOperStatus there, and
 * the sysUpTime (timeticks) at which it entered that state -- 0 when that was
 * before the history began, as IF-MIB says for a state entered before the
 * agent's start. States are compared snapshot to snapshot, so a change is
 * dated to the snapshot that first shows it (vc-snmp's refresh period). */
struct mib_if_history {
    bool primed; /* a snapshot was made with this history */
    struct {
        bool present;
        bool up;
        uint32_t changed_ticks;
    } list[MIB_MAX_IFINDEX + 1];
};

/* The manager's answers a snapshot is made of (results of the methods
 * named; NULL members count as empty). */
struct mib_input {
    json_t *domain;      /* domain.show */
    json_t *status;      /* status.show */
    json_t *ports;       /* interconnect.ports */
    json_t *networks;    /* network.show */
    json_t *uplink_sets; /* uplinkset.show */
    json_t *profiles;    /* profile.show */
    json_t *servers;     /* server.show */
    json_t *macs;        /* every page's interconnect.mac_table entries, one array */
    const char *version; /* firmware revision (vcModuleFwRev) */
    /* ifLastChange: read and updated by mib_build (NULL: every interface
     * says 0), and the agent's sysUpTime now */
    struct mib_if_history *if_history;
    uint32_t uptime_ticks;
};

/* Kinds of watched state; a change of one sends a notification. */
enum mib_watch_kind {
    MIB_WATCH_LINK,      /* an interface's ifOperStatus: linkUp / linkDown */
    MIB_WATCH_DOMAIN,    /* vcDomainManagedStatusChanged */
    MIB_WATCH_ENCLOSURE, /* vcEnclosureManagedStatusChanged */
    MIB_WATCH_MODULE,    /* vcModuleManagedStatusChanged */
    MIB_WATCH_SERVER,    /* vcPhysicalServerManagedStatusChanged */
    MIB_WATCH_NETWORK,   /* vcEnetNetworkManagedStatusChanged */
    MIB_WATCH_PROFILE,   /* vcProfileManagedStatusChanged */
};

struct mib_watch {
    enum mib_watch_kind kind;
    char name[64];  /* what it is known by (port, network, profile name...) */
    uint32_t index; /* its row index in the tables */
    int state;      /* ifOperStatus or VcManagedStatus */
};

struct mib_snapshot {
    struct oid_table *table;
    struct mib_watch *watch;
    size_t n_watch;
};

/* mib_build: the table and watch list of `in` into *out (to be freed with
 * mib_snapshot_free). Returns 0, -ENOMEM, or -EINVAL with error filled when
 * an answer lacks what it must hold (e.g. a port without a name). */
int mib_build(const struct mib_input *in, struct mib_snapshot *out, char *error, size_t error_size);
/* mib_snapshot_free: release what mib_build made; the struct is zeroed. */
void mib_snapshot_free(struct mib_snapshot *snapshot);

/* mib_if_index: the ifIndex of port ("d3", "X1", "e1d3") or FlexNIC ("d3-b", "e1d3-b"), or 0
 * for a name outside the numbering. */
uint32_t mib_if_index(const char *name);

/* mib_changes: the watched states of `now` that differ from `before` (same
 * kind and name, other state) into changed[max]; objects that are new or
 * gone are not changes. Returns how many were found (may exceed max: only
 * max are written). */
size_t mib_changes(const struct mib_snapshot *before, const struct mib_snapshot *now,
                   struct mib_watch *changed, size_t max);

/* mib_notification: the notification of a change: its OID (snmpTrapOID
 * value) into trap/trap_len and the OIDs of the objects it carries (rows of
 * the new table) into objects (up to MIB_NOTIFICATION_OBJECTS, each
 * OID_TABLE_MAX_LEN long) with their lengths. Returns how many objects. */
#define MIB_NOTIFICATION_OBJECTS 6
size_t mib_notification(const struct mib_watch *change, uint32_t *trap, size_t *trap_len,
                        uint32_t objects[][OID_TABLE_MAX_LEN], size_t *object_len);

/* The subtrees vc-snmp registers with the master agent. */
struct mib_subtree {
    const char *name;
    const uint32_t *oid;
    size_t len;
};
extern const struct mib_subtree mib_subtrees[];
extern const size_t mib_n_subtrees;

#endif
