/*
 * operations: every change vc-manager makes to the domain, each one
 * transaction over the model, the address pools and the store.
 *
 * Why: the manager must never hold (in memory, in the store or in the
 * pools) a half-applied change. Each operation copies the domain, applies
 * the change to the copy, validates it (validate_domain), allocates the
 * addresses it needs from the live pools, bumps the generation and writes
 * the copy with store_save (durable). Only then is the copy swapped in and
 * the pools rebuilt from it (store_rebuild_pools), so the pools are always
 * exactly what the committed domain holds. On any failure the addresses
 * taken are released, the old domain stays, the store is untouched, and a
 * negative errno comes back with a message a person can act on:
 *   -ENOENT  an object named does not exist
 *   -EEXIST  a name already used / a bay already has a profile
 *   -EINVAL  a value or the resulting domain is invalid (validate_domain's
 *            message)
 *   -EBUSY   the object is in use (a range with addresses in use, ...)
 *   -ENOSPC  a pool has no address left, a limit is reached
 *   -ENOMEM, and store_save's errors (-EIO, -EBUSY, -ENOSPC, ...).
 *
 * Pure apart from the store: no sockets, nothing printed. Not thread-safe.
 */
#ifndef OPENVC_MGMT_OPERATIONS_H
#define OPENVC_MGMT_OPERATIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profiles/model.h"

struct pool;
struct store;

struct manager_state {
    struct domain *domain; /* the committed domain */
    struct domain *spare;  /* the last one, reused as the next change's copy */
    struct pool *mac, *wwn, *serial;
    struct store *store;
    /* where new logical UUIDs' 16 random bytes come from: 0 or -1; NULL =
     * OpenSSL's RAND_bytes (tests set a repeatable one) */
    int (*random_bytes)(unsigned char *bytes, size_t n);
};

/* Domain-wide settings (domain.set). */
struct ops_domain_settings {
    char name[DOMAIN_NAME_MAX];
    unsigned aging_s;
    bool mac_cache_enabled;                /* Fast MAC cache failover */
    unsigned mac_cache_refresh_s;          /* 1-30 */
    bool port_protect_network_loop;        /* loop probes on server ports */
    bool port_protect_pause_flood;         /* pause flood detection */
    enum domain_address_source mac_source; /* FACTORY or POOL */
    enum domain_address_source wwn_source;
    enum domain_address_source serial_source;
};

/* ops_state_init: fill *state from the committed `domain` (taken over) and
 * `store`: creates the three pools and rebuilds them from the domain.
 * Returns 0, or -ENOMEM / store_rebuild_pools's error (nothing taken over). */
int ops_state_init(struct manager_state *state, struct domain *domain, struct store *store,
                   char *error, size_t error_size);
/* ops_state_free: destroy the domain and pools of *state (not the store). */
void ops_state_free(struct manager_state *state);

/* ops_network_add: add `network` (name, uplink set / VLAN / native,
 * dedicated uplink, flags, speeds). -EEXIST for a name in use. */
int ops_network_add(struct manager_state *state, const struct domain_network *network, char *error,
                    size_t error_size);
/* ops_network_set: replace the network of the same name with `network`.
 * -ENOENT when there is none. */
int ops_network_set(struct manager_state *state, const struct domain_network *network, char *error,
                    size_t error_size);
/* ops_network_remove: remove network `name`. -ENOENT; -EINVAL when a
 * profile still uses it (validate_domain's message). */
int ops_network_remove(struct manager_state *state, const char *name, char *error,
                       size_t error_size);

/* ops_uplinkset_add: add uplink set `name` with `mode`. -EEXIST. */
int ops_uplinkset_add(struct manager_state *state, const char *name, enum domain_uplink_mode mode,
                      char *error, size_t error_size);
/* ops_uplinkset_remove: remove set `name`; its ports become free. -ENOENT;
 * -EINVAL while networks are on it. */
int ops_uplinkset_remove(struct manager_state *state, const char *name, char *error,
                         size_t error_size);
/* ops_uplinkport_add: put uplink port `port` ("enc0:1:X1" or "X1") into
 * set `set`. -ENOENT for an unknown port or set, -EBUSY when the port is
 * in another set. */
int ops_uplinkport_add(struct manager_state *state, const char *port, const char *set, char *error,
                       size_t error_size);
/* ops_uplinkport_remove: take `port` out of its set. -ENOENT; -EINVAL when
 * it is in no set. */
int ops_uplinkport_remove(struct manager_state *state, const char *port, char *error,
                          size_t error_size);

/* ops_profile_add: add profile `name` with n_enet Ethernet connections
 * (0..DOMAIN_MAX_ENET); networks[i] (networks or networks[i] may be NULL or
 * "": unassigned) is connection i+1's network. Each connection gets two
 * MACs from the MAC pool when the domain's mac_source is POOL (else the
 * factory MACs), the profile a serial from the serial pool when
 * serial_source is POOL. -EEXIST, -ENOSPC, -EINVAL. */
int ops_profile_add(struct manager_state *state, const char *name, unsigned n_enet,
                    const char *const *networks, char *error, size_t error_size);
/* ops_profile_add_identity: as ops_profile_add with the logical serial
 * number given: NULL = as the domain says, "" = none (the blade's own),
 * else that text -- claimed from the serial pool when it has the pool's
 * form (-EBUSY when another profile holds it); and the logical UUID: NULL
 * = a new random (version 4) one when the profile has a logical serial,
 * none otherwise; "" = none; else that UUID (8-4-4-4-12 hex; -EINVAL
 * when malformed or another profile has it). */
int ops_profile_add_identity(struct manager_state *state, const char *name, unsigned n_enet,
                             const char *const *networks, const char *serial, const char *uuid,
                             char *error, size_t error_size);
/* ops_profile_remove: remove profile `name` (unassigning it); its addresses
 * go back to the pools. -ENOENT. */
int ops_profile_remove(struct manager_state *state, const char *name, char *error,
                       size_t error_size);
/* ops_enet_add: append an Ethernet connection on `network` (NULL/"" =
 * unassigned) to profile `profile`, with addresses as ops_profile_add.
 * *index (may be NULL) gets its 1-based index. -ENOENT, -ENOSPC, -EINVAL. */
int ops_enet_add(struct manager_state *state, const char *profile, const char *network,
                 unsigned *index, char *error, size_t error_size);
/* ops_enet_add_connection: as ops_enet_add from *request: its network,
 * pxe, speed_type, speed_mbps, and MACs by mac_source: FACTORY none (mac
 * and iscsi_mac must be 0); POOL the given (non-zero) MACs claimed from the
 * pool, the others allocated; USER mac (required) and iscsi_mac (0 = none)
 * claimed (External outside the pool's ranges). Restoring a saved domain
 * uses this to get the same addresses back. -EBUSY for a MAC another
 * connection holds, -EINVAL, -ENOENT, -ENOSPC. */
int ops_enet_add_connection(struct manager_state *state, const char *profile,
                            const struct domain_enet_connection *request, unsigned *index,
                            char *error, size_t error_size);
/* ops_enet_set: set network, PXE, speed type and speed of connection
 * `connection->index` of `profile` from *connection (its MACs and port map
 * are kept). -ENOENT for an unknown profile or index, -EINVAL. */
int ops_enet_set(struct manager_state *state, const char *profile,
                 const struct domain_enet_connection *connection, char *error, size_t error_size);
/* ops_enet_remove: remove the last Ethernet connection of `profile` (the
 * real product's `remove enet-connection`: always the highest-numbered);
 * its MACs go back to the pool. -ENOENT for an unknown profile, -EINVAL
 * when it has no connection. */
int ops_enet_remove(struct manager_state *state, const char *profile, char *error,
                    size_t error_size);
/* ops_port_map_add: map server VLAN entry->vlan (1-4094) of Ethernet
 * connection `index` of `profile` to network entry->network (untagged when
 * entry->untagged): multiple networks on one connection. The connection
 * must have no single network (Network ""). -ENOENT (profile, connection),
 * -ENOSPC (DOMAIN_MAX_PORT_MAP entries), -EINVAL (a VLAN outside 1-4094,
 * and validate_domain's rules: the network exists and is no tunnel, each
 * network and VLAN once, one untagged). */
int ops_port_map_add(struct manager_state *state, const char *profile, unsigned index,
                     const struct domain_port_map_entry *entry, char *error, size_t error_size);
/* ops_port_map_remove: take network `network` out of the map of connection
 * `index` of `profile`. -ENOENT (profile, connection, network not mapped). */
int ops_port_map_remove(struct manager_state *state, const char *profile, unsigned index,
                        const char *network, char *error, size_t error_size);

/* ops_fc_add: append an FC connection (connection->fcoe false) or an FCoE
 * connection (true, it takes FlexNIC b of LOM port <index>) to `profile`
 * with connection's fabric, speed_type, speed_mbps and boot parameters
 * (boot_enabled needs boot_target_wwpn). The WWPN and WWNN (= WWPN + 1) are
 * an aligned pair from the WWN pool when the domain's wwn_source is POOL,
 * else the blade's factory WWN. *index (may be NULL) gets its 1-based
 * index. A profile's FC/FCoE connections are all of one kind. -ENOENT,
 * -ENOSPC (DOMAIN_MAX_FC, pool empty), -EINVAL (kinds mixed, a third FCoE
 * connection, validate_domain's rules). */
int ops_fc_add(struct manager_state *state, const char *profile,
               const struct domain_fc_connection *connection, unsigned *index, char *error,
               size_t error_size);
/* ops_fc_add_connection: as ops_fc_add with the WWNs by
 * connection->wwn_source: FACTORY none (wwpn 0); POOL a given wwpn/wwnn
 * (wwnn 0 = wwpn + 1) claimed from the pool, else a pair allocated; USER
 * the given pair claimed (External outside the ranges). How a saved
 * domain is restored with its WWNs. -EBUSY for a WWN another holds. */
int ops_fc_add_connection(struct manager_state *state, const char *profile,
                          const struct domain_fc_connection *connection, unsigned *index,
                          char *error, size_t error_size);
/* ops_fc_set: set fabric, speed_type, speed_mbps and boot parameters of
 * connection connection->index (of kind connection->fcoe) of `profile`;
 * its WWNs are kept. -ENOENT (profile, no such connection of that kind),
 * -EINVAL. */
int ops_fc_set(struct manager_state *state, const char *profile,
               const struct domain_fc_connection *connection, char *error, size_t error_size);
/* ops_fc_remove: remove the last connection of `profile`, which must be of
 * kind `fcoe`; its WWNs go back to the pool. -ENOENT (profile, no
 * connection of that kind). */
int ops_fc_remove(struct manager_state *state, const char *profile, bool fcoe, char *error,
                  size_t error_size);

/* ops_find_bay: device bay `bay` of `enclosure` in `domain`, or NULL with
 * the reason in error: an id that is not enc0-enc3, an enclosure that is
 * not in the domain (the message lists those that are), one the wiring
 * has but that is not imported (import enclosure), a bay outside 1-16. */
struct domain_bay *ops_find_bay(struct domain *domain, const char *enclosure, unsigned bay,
                                char *error, size_t error_size);

/* ops_enclosure_import: bring enclosure `id` ("enc1"), which the wiring
 * (what the OA sees) lists, into the domain: its bays become servers that
 * take profiles, and its cabled bays downlinks of the dataplane. -ENOENT
 * (not enc0-enc3, or not in the wiring: the message lists those that
 * are), -EEXIST (imported already). */
int ops_enclosure_import(struct manager_state *state, const char *id, char *error,
                         size_t error_size);

/* ops_profile_assign: assign `profile` to bay `bay` of `enclosure`, moving
 * it when it is assigned elsewhere. -ENOENT (profile or bay), -EEXIST when
 * the bay has another profile. */
int ops_profile_assign(struct manager_state *state, const char *profile, const char *enclosure,
                       unsigned bay, char *error, size_t error_size);
/* ops_profile_unassign: unassign `profile`. -ENOENT; -EINVAL when it is
 * not assigned. */
int ops_profile_unassign(struct manager_state *state, const char *profile, char *error,
                         size_t error_size);

/* ops_pool_range_add: add to the pool of `kind` (POOL_KIND_*) pre-defined
 * range `predefined` (0..63), or when predefined < 0 the user range
 * start..end. -EEXIST (overlap), -EINVAL, -E2BIG, -ENOSPC (64 ranges). */
int ops_pool_range_add(struct manager_state *state, int kind, int predefined, uint64_t start,
                       uint64_t end, char *error, size_t error_size);
/* ops_pool_range_remove: remove that range. -ENOENT; -EBUSY while profiles
 * hold addresses from it. */
int ops_pool_range_remove(struct manager_state *state, int kind, int predefined, uint64_t start,
                          uint64_t end, char *error, size_t error_size);

/* ops_domain_get: the current settings into *settings. */
void ops_domain_get(const struct manager_state *state, struct ops_domain_settings *settings);
/* ops_domain_set: apply *settings. -EINVAL (name, aging 0, a source other
 * than FACTORY/POOL; the commit's validate_domain: MAC cache refresh
 * outside 1-30). */
int ops_domain_set(struct manager_state *state, const struct ops_domain_settings *settings,
                   char *error, size_t error_size);

#endif
