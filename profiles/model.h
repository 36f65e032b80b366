/*
 * model: the OpenVC domain in memory — enclosures and bays with the blades
 * in them, uplink sets and their ports, networks (vNets), server profiles
 * with their Ethernet and FC/FCoE connections, and what a profile
 * assignment makes of a bay.
 *
 * The SQLite store (profiles/store.h) is the truth; a struct domain is
 * loaded from it, changed by one operation, validated, and written back in
 * the same transaction. Nothing here does I/O. Names and limits follow
 * VC-REFERENCE.md.
 *
 * Identities: a MAC or WWN is a uint64_t (pool encoding, profiles/pool.h),
 * 0 = none. Serial numbers are text.
 */
#ifndef OPENVC_PROFILES_MODEL_H
#define OPENVC_PROFILES_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DOMAIN_MAX_ENCLOSURES      4
#define DOMAIN_BAYS                16   /* device bays per enclosure */
#define DOMAIN_MAX_UPLINKS         16   /* X1..X16 per module */
#define DOMAIN_MAX_PROFILES        256
#define DOMAIN_MAX_NETWORKS        1024
#define DOMAIN_MAX_UPLINK_SETS     32
#define DOMAIN_MAX_ENET            8    /* Ethernet connections per profile (2 ports x 4 FlexNICs) */
#define DOMAIN_MAX_FC              4    /* FC/FCoE connections per profile */
#define DOMAIN_MAX_PORT_MAP        32   /* server VLAN -> network entries per connection */
#define DOMAIN_NAME_MAX            64   /* names: 1-63 of [A-Za-z0-9_.-] */
#define DOMAIN_SERIAL_MAX          32
#define DOMAIN_UUID_MAX            37   /* 8-4-4-4-12 + NUL */
#define DOMAIN_DEVICE_MAX          256  /* DPDK device string */
#define DOMAIN_PHYSICAL_PORTS      2    /* LOM:1, LOM:2 */

enum domain_status { /* as HPVC-MIB's managed status */
    DOMAIN_STATUS_UNKNOWN = 1,
    DOMAIN_STATUS_NORMAL = 2,
    DOMAIN_STATUS_WARNING = 3,
    DOMAIN_STATUS_MINOR = 4,
    DOMAIN_STATUS_MAJOR = 5,
    DOMAIN_STATUS_CRITICAL = 6,
    DOMAIN_STATUS_DISABLED = 7,
    DOMAIN_STATUS_INFO = 8,
};

enum domain_pxe { DOMAIN_PXE_USE_BIOS = 0, DOMAIN_PXE_ENABLED, DOMAIN_PXE_DISABLED };
/* same order as flexnic/bandwidth.h's enum flexnic_speed_type */
enum domain_speed_type {
    DOMAIN_SPEED_AUTO = 0,
    DOMAIN_SPEED_PREFERRED,
    DOMAIN_SPEED_CUSTOM,
    DOMAIN_SPEED_DISABLED,
};
enum domain_uplink_mode { DOMAIN_UPLINK_FAILOVER = 0, DOMAIN_UPLINK_AUTO /* LACP, modelled */ };
enum domain_address_source { DOMAIN_ADDRESS_FACTORY = 0, DOMAIN_ADDRESS_POOL, DOMAIN_ADDRESS_USER };

/* A blade as the OA reports it: burned-in identity. */
struct domain_blade {
    bool present;
    bool powered_on;
    bool flex10;                           /* ports can be partitioned */
    unsigned physical_ports;               /* 1..DOMAIN_PHYSICAL_PORTS */
    char model[DOMAIN_NAME_MAX];
    char factory_serial[DOMAIN_SERIAL_MAX];
    char factory_uuid[DOMAIN_UUID_MAX];
    uint64_t factory_mac[DOMAIN_PHYSICAL_PORTS * 4];  /* per FlexNIC, LOM:1-a, LOM:1-b, ... */
    uint64_t factory_wwpn[DOMAIN_MAX_FC];
};

struct domain_bay {
    unsigned number;                       /* 1..16 */
    char device[DOMAIN_DEVICE_MAX];        /* dataplane device of downlink dN */
    struct domain_blade blade;
    char profile[DOMAIN_NAME_MAX];         /* assigned profile, "" = none */
};

struct domain_enclosure {
    char id[8];                            /* "enc0" */
    char name[DOMAIN_NAME_MAX];
    bool imported;
    struct domain_bay bays[DOMAIN_BAYS];
};

struct domain_uplink_port {
    char id[16];                           /* "enc0:1:X1" */
    char port[8];                          /* "X1": the dataplane's port name */
    char device[DOMAIN_DEVICE_MAX];
    char uplink_set[DOMAIN_NAME_MAX];      /* "" = none (free or dedicated) */
    unsigned speed_mbps;                   /* 0 = auto (10000) */
};

struct domain_uplink_set {
    char name[DOMAIN_NAME_MAX];
    enum domain_uplink_mode mode;
};

struct domain_network {
    char name[DOMAIN_NAME_MAX];
    char uplink_set[DOMAIN_NAME_MAX];      /* shared uplink set, or "" */
    unsigned vlan;                         /* on the set; 0 when native or not on a set */
    bool native;                           /* untagged on its set */
    char dedicated_uplink[16];             /* uplink port id for a dedicated uplink, or "" */
    bool tunnel;
    bool private_network;
    bool smart_link;
    bool enabled;                          /* State=Enabled */
    unsigned preferred_speed_mbps;         /* 0 = not set */
    unsigned max_speed_mbps;               /* 0 = unrestricted */
    unsigned mac_limit;                    /* 0 = none */
    unsigned number;                       /* 1.., kept for life: its SNMP index (0 = none yet) */
};

struct domain_port_map_entry {
    char network[DOMAIN_NAME_MAX];
    unsigned vlan;                         /* server VLAN 1..4094 */
    bool untagged;
};

struct domain_enet_connection {
    unsigned index;                        /* 1-based, "Port" in show enet-connection */
    char network[DOMAIN_NAME_MAX];         /* one network, or "" (unassigned / multiple) */
    struct domain_port_map_entry port_map[DOMAIN_MAX_PORT_MAP];
    unsigned n_port_map;                   /* > 0: multiple networks */
    enum domain_pxe pxe;
    enum domain_speed_type speed_type;
    unsigned speed_mbps;                   /* Preferred/Custom */
    enum domain_address_source mac_source;
    uint64_t mac;                          /* primary */
    uint64_t iscsi_mac;                    /* second MAC of the connection */
};

struct domain_fc_connection {
    unsigned index;
    bool fcoe;                             /* FCoE: takes FlexNIC b of its port */
    char fabric[DOMAIN_NAME_MAX];
    enum domain_speed_type speed_type;
    unsigned speed_mbps;
    enum domain_address_source wwn_source;
    uint64_t wwpn;
    uint64_t wwnn;                         /* wwpn + 1 */
    bool boot_enabled;
    uint64_t boot_target_wwpn;
    unsigned boot_lun;
};

struct domain_profile {
    char name[DOMAIN_NAME_MAX];
    char serial[DOMAIN_SERIAL_MAX];        /* logical serial, "" = the hardware's own */
    char uuid[DOMAIN_UUID_MAX];
    char enclosure[8];                     /* assigned bay: "enc0" + bay, "" = unassigned */
    unsigned bay;
    struct domain_enet_connection enet[DOMAIN_MAX_ENET];
    unsigned n_enet;
    struct domain_fc_connection fc[DOMAIN_MAX_FC];
    unsigned n_fc;
    unsigned number;                       /* 1.., kept for life: its SNMP index (0 = none yet) */
};

#define DOMAIN_MAX_RANGES 64

struct domain_range {
    uint64_t start, end;                   /* pool encoding (profiles/pool.h) */
    int predefined;                        /* pre-defined range k, or -1 (user-defined) */
};

/* Where new profiles' addresses come from, and the ranges of the pools. */
struct domain_pools {
    enum domain_address_source mac_source;    /* FACTORY or POOL */
    enum domain_address_source wwn_source;
    enum domain_address_source serial_source;
    struct domain_range mac_ranges[DOMAIN_MAX_RANGES];
    unsigned n_mac_ranges;
    struct domain_range wwn_ranges[DOMAIN_MAX_RANGES];
    unsigned n_wwn_ranges;
    struct domain_range serial_ranges[DOMAIN_MAX_RANGES];
    unsigned n_serial_ranges;
};

struct domain {
    char name[DOMAIN_NAME_MAX];
    unsigned interconnect_bay;             /* this module's bay: 1 carries LOM:1, 2 LOM:2 */
    uint64_t generation;                   /* bumped by every committed change */
    unsigned aging_s;
    bool mac_cache_enabled;                /* Fast MAC cache failover (VC: on) */
    unsigned mac_cache_refresh_s;          /* its refresh interval, 1-30 (VC: 5) */
    bool port_protect_network_loop;        /* loop probes on server ports (VC: on) */
    bool port_protect_pause_flood;         /* pause flood detection (VC: on) */
    struct domain_pools pools;
    struct domain_enclosure enclosures[DOMAIN_MAX_ENCLOSURES];
    unsigned n_enclosures;
    struct domain_uplink_port uplink_ports[DOMAIN_MAX_UPLINKS];
    unsigned n_uplink_ports;
    struct domain_uplink_set uplink_sets[DOMAIN_MAX_UPLINK_SETS];
    unsigned n_uplink_sets;
    struct domain_network *networks;       /* [DOMAIN_MAX_NETWORKS] */
    unsigned n_networks;
    struct domain_profile *profiles;       /* [DOMAIN_MAX_PROFILES] */
    unsigned n_profiles;
};

/* domain_create: an empty domain (arrays allocated); NULL without memory. */
struct domain *domain_create(void);
/* domain_clone: a deep copy of `domain` (its own arrays); NULL without
 * memory or for a NULL domain. */
struct domain *domain_clone(const struct domain *domain);
/* domain_copy_into: make dst (a domain_create one) a deep copy of src in
 * its own arrays (the manager reuses one spare domain for every change). */
void domain_copy_into(struct domain *dst, const struct domain *src);
/* domain_destroy: accepts NULL. */
void domain_destroy(struct domain *domain);

/* domain_next_network_number / domain_next_profile_number: the number a
 * new network / profile gets: one above the highest in use (1 for the
 * first). Numbers stay with their object while it exists, so removing one
 * renumbers none of the others (SNMP tables index by them). */
unsigned domain_next_network_number(const struct domain *domain);
unsigned domain_next_profile_number(const struct domain *domain);

/* Finders: pointer or NULL. */
struct domain_network *domain_find_network(struct domain *domain, const char *name);
struct domain_profile *domain_find_profile(struct domain *domain, const char *name);
struct domain_uplink_set *domain_find_uplink_set(struct domain *domain, const char *name);
struct domain_uplink_port *domain_find_uplink_port(struct domain *domain, const char *id);
struct domain_bay *domain_find_bay(struct domain *domain, const char *enclosure, unsigned bay);

#endif
