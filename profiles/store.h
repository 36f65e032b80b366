/*
 * store: the durable truth of the manager, in SQLite -- the whole domain
 * model (profiles/model.h) and an audit trail of who did what.
 *
 * Design note
 * -----------
 * Durability. The database runs in WAL mode with synchronous=FULL: a
 * commit returns once the WAL is on disk, so a process (or machine) that
 * dies after store_save returned 0 keeps that state, and one that dies
 * before keeps the previous state. Foreign keys are on.
 *
 * One transaction per change. store_save writes the whole domain in one
 * BEGIN IMMEDIATE ... COMMIT: it replaces the contents of every model table
 * (measured on ext4: ~18 ms for 256 profiles x 4 Ethernet connections, ~60 ms
 * for 256 x 8 Ethernet + 4 FC; SQL work, not the fsync; a per-profile diff
 * is the way to go faster if a change must cost less).
 * On any error it rolls back and the database is exactly what it was.
 *
 * Invariants in the schema, not only in the code. A bug elsewhere must never
 * be able to store an address twice, so the schema itself refuses:
 *   - an address held twice: every non-zero MAC (primary and iSCSI) of an
 *     Ethernet connection and every non-zero WWPN and WWNN of a FC/FCoE
 *     connection is also a row of assigned_addresses (kind, address) with
 *     that pair as its primary key, kept by triggers on the connection tables
 *     -- a primary MAC of one profile equal to the iSCSI MAC of another, or a
 *     WWNN equal to another connection's WWPN, is refused as well as plain
 *     duplicates (per-column partial UNIQUE indexes back this up);
 *   - two profiles with one logical serial number or one UUID (non-empty),
 *     two profiles assigned to one (enclosure, bay), one profile in two bays;
 *   - two objects of a kind with one name (names are primary keys), two
 *     networks with one VLAN or two native networks on one uplink set, one
 *     network or one server VLAN twice in a connection's mapping, two
 *     untagged entries in one mapping, two ranges of a pool starting at one
 *     address or one pre-defined range twice;
 *   - references to nothing: a bay's profile, a profile's bay, a
 *     connection's or mapping's network, a network's uplink set or dedicated
 *     uplink, an uplink port's set (foreign keys, checked at COMMIT);
 *   - values out of range: enums, booleans, VLAN IDs, name lengths (CHECK).
 * Name comparisons are exact (binary), as the model's.
 *
 * Schema version. Table schema_version holds one row; a database written by
 * a newer OpenVC (higher version) is refused with a message saying so, a file
 * that is not SQLite or not an OpenVC store is refused, a new (empty) file
 * gets the tables. A version-3 store is migrated in place when opened (the
 * domain's two MAC cache columns added, with VC's defaults); an older one is
 * refused.
 *
 * Pools. The store keeps no "in use" table: store_rebuild_pools makes the
 * pool state from the domain alone (its ranges, then a claim of every
 * address a profile holds from a pool or by the user). An address is in use
 * exactly when a committed profile holds it, so a crash can never hand one
 * out twice.
 *
 * Errors are negative errno values with a one-line message in error /
 * error_size (may be NULL / 0); nothing is printed. A struct store is used by
 * one thread at a time and must not cross a fork().
 */
#ifndef OPENVC_PROFILES_STORE_H
#define OPENVC_PROFILES_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "profiles/model.h"

#define STORE_SCHEMA_VERSION                                                                       \
    6 /* 2: users, user_keys, user_policy; 3: snmp_settings;                                       \
         4: domain.mac_cache_enabled, mac_cache_refresh_s;                                         \
         5: domain.port_protect_network_loop, _pause_flood;                                        \
         6: networks.number, profiles.number                                                       \
         (a v3, v4 or v5 store is migrated in place when opened) */

struct store;
struct pool;
struct sqlite3;

/* One audit row as store_audit_list reports it. */
struct store_audit_entry {
    int64_t id;          /* increasing */
    int64_t time_us;     /* CLOCK_REALTIME, microseconds since the epoch */
    const char *user;    /* the strings live until the callback returns */
    const char *origin;  /* "ssh 10.0.0.5", "vc-cli", "config" */
    const char *command; /* the command text */
    const char *result;  /* "SUCCESS" or "ERROR: ..." */
};

/* store_open: open the store at `path`, creating the file and the tables
 * when it does not exist or is empty. Sets WAL mode, synchronous=FULL and
 * foreign keys. error/error_size: message, may be NULL. Returns the store,
 * or NULL with the reason in error: the file cannot be opened or created,
 * is not a SQLite database ("file is not a database"), is a SQLite database
 * that is not an OpenVC store, has a schema version newer (or older) than
 * STORE_SCHEMA_VERSION, or memory is short. */
struct store *store_open(const char *path, char *error, size_t error_size);

/* store_db: the SQLite handle of `store` (NULL for NULL), for the parts
 * that keep their own tables in the store with their own statements
 * (mgmt/users_store.c). Same thread rules as the store. */
struct sqlite3 *store_db(struct store *store);

/* store_close: close `store` (NULL accepted). Committed data is on disk. */
void store_close(struct store *store);

/* store_load: read the saved domain into `domain`, made by domain_create()
 * (its networks and profiles arrays allocated). Everything in `domain` is
 * replaced; objects come back in the order they were saved. Reads one
 * consistent snapshot. Returns 0, or
 *   -ENOENT  nothing was ever saved (domain untouched)
 *   -EINVAL  NULL argument
 *   -EIO     SQLite error, or a row that does not fit the model (a count
 *            over a limit, a text longer than its field): the message says
 *            which; the domain is then left empty (counts zero).
 *   -ENOMEM  out of memory. */
int store_load(struct store *store, struct domain *domain, char *error, size_t error_size);

/* store_save: write the whole `domain` in one transaction and return 0 only
 * after the commit is durable. On any error nothing is written (rollback)
 * and the message names the object and gives SQLite's reason. Returns 0, or
 *   -EINVAL  NULL argument, a count over its limit, a text not terminated in
 *            its field, or a CHECK / NOT NULL / foreign key constraint
 *            refused a value (e.g. a connection naming a network that does
 *            not exist)
 *   -EEXIST  a UNIQUE / PRIMARY KEY constraint: an address, serial, UUID,
 *            bay or name held twice (for addresses the message names the
 *            profile already holding it)
 *   -EBUSY   another process holds the database
 *   -ENOSPC  disk full
 *   -ENOMEM  out of memory
 *   -EIO     any other SQLite error. */
int store_save(struct store *store, const struct domain *domain, char *error, size_t error_size);

/* store_rebuild_pools: make the pools' state from `domain`: add the ranges of
 * domain->pools (pre-defined ones by their index, the others by bounds), then
 * pool_claim every address held by a profile -- the MACs (primary and iSCSI)
 * of Ethernet connections and the WWPN and WWNN of FC/FCoE connections whose
 * source is POOL or USER (FACTORY addresses belong to the blade and are not
 * claimed), and every logical serial that is a well-formed pool serial (text
 * that is not, e.g. a free-form user serial, cannot be in a pool and is
 * skipped). mac, wwn, serial: empty pools of those kinds from pool_create;
 * any may be NULL to skip that kind. Returns 0, or
 *   -EINVAL  NULL domain, a pool of the wrong kind or not empty, a
 *            pre-defined range whose bounds are not those of its index, an
 *            address pool_claim refuses as invalid
 *   -EBUSY   an address held twice (the message names the profile claiming it
 *            second and the address)
 *   -EEXIST / -E2BIG  ranges that overlap / exceed the pool limits
 *   -ENOMEM.
 * On error the pools are partly built: destroy them. */
int store_rebuild_pools(const struct domain *domain, struct pool *mac, struct pool *wwn,
                        struct pool *serial, char *error, size_t error_size);

/* store_audit: append one audit row (time now) in its own durable
 * transaction. user, origin, command, result: text, NULL stored as "".
 * Returns 0, -EINVAL for a NULL store, -EBUSY, -ENOSPC, -EIO. */
int store_audit(struct store *store, const char *user, const char *origin, const char *command,
                const char *result, char *error, size_t error_size);

/* store_audit_list: call row(arg, entry) for the last `limit` audit rows
 * (0 = all), oldest first. Stops at the first non-zero return of `row` and
 * returns that value. Returns 0 when every row was visited, -EINVAL for NULL
 * store or row, -EIO on a SQLite error (message in error). */
int store_audit_list(struct store *store, unsigned limit,
                     int (*row)(void *arg, const struct store_audit_entry *entry), void *arg,
                     char *error, size_t error_size);

#endif
