/*
 * store: the domain model and the audit trail in SQLite (see store.h for the
 * design: WAL + synchronous=FULL, one transaction per save, invariants as
 * constraints, pools rebuilt from the profiles).
 *
 * Every statement is prepared once at store_open from constant SQL and
 * bound with values; no SQL is built from data. store_save deletes the
 * contents of every model table and inserts the domain again, inside one
 * BEGIN IMMEDIATE transaction; foreign keys are DEFERRABLE INITIALLY
 * DEFERRED so the order of the statements does not matter and references
 * are checked once, at COMMIT.
 */
#include "profiles/store.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "profiles/pool.h"

/* ------------------------------------------------------------- schema */

#define STRINGIFY(x)        #x
#define TEXT_OF(x)          STRINGIFY(x)
#define SCHEMA_VERSION_TEXT TEXT_OF(STORE_SCHEMA_VERSION)
#define DEFERRED            "DEFERRABLE INITIALLY DEFERRED"
#define BOOL(c)             "INTEGER NOT NULL CHECK (" c " IN (0, 1))"
#define NAME                "TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 63)"

/* The columns of version 4, also added by the migration from version 3 (a
 * v3 domain row gets VC's defaults: Fast MAC cache failover on, 5 s). */
#define MAC_CACHE_ENABLED_COLUMN "INTEGER NOT NULL DEFAULT 1 CHECK (mac_cache_enabled IN (0, 1))"
#define MAC_CACHE_REFRESH_COLUMN \
    "INTEGER NOT NULL DEFAULT 5 CHECK (mac_cache_refresh_s BETWEEN 1 AND 30)"
static const char migrate_v3_sql[] =
    "ALTER TABLE domain ADD COLUMN mac_cache_enabled " MAC_CACHE_ENABLED_COLUMN ";"
    "ALTER TABLE domain ADD COLUMN mac_cache_refresh_s " MAC_CACHE_REFRESH_COLUMN ";"
    "UPDATE schema_version SET version = 4 WHERE id = 1;";

/* The columns of version 5, also added by the migration from version 4 (a
 * v4 domain row gets VC's defaults: both port protections on). */
#define PORT_PROTECT_LOOP_COLUMN                                                                   \
    "INTEGER NOT NULL DEFAULT 1 CHECK (port_protect_network_loop IN (0, 1))"
#define PORT_PROTECT_PAUSE_COLUMN                                                                  \
    "INTEGER NOT NULL DEFAULT 1 CHECK (port_protect_pause_flood IN (0, 1))"
static const char migrate_v4_sql[] =
    "ALTER TABLE domain ADD COLUMN port_protect_network_loop " PORT_PROTECT_LOOP_COLUMN ";"
    "ALTER TABLE domain ADD COLUMN port_protect_pause_flood " PORT_PROTECT_PAUSE_COLUMN ";"
    "UPDATE schema_version SET version = 5 WHERE id = 1;";

/* The columns of version 6, also added by the migration from version 5
 * (a network's or profile's number is then its position + 1, what the SNMP
 * tables showed as its index until then). */
#define NUMBER_COLUMN "INTEGER NOT NULL DEFAULT 0 CHECK (number >= 0)"
#define NUMBER_INDEXES                                                                             \
    "CREATE UNIQUE INDEX networks_number ON networks (number) WHERE number <> 0;"                  \
    "CREATE UNIQUE INDEX profiles_number ON profiles (number) WHERE number <> 0;"
static const char migrate_v5_sql[] =
    "ALTER TABLE networks ADD COLUMN number " NUMBER_COLUMN ";"
    "UPDATE networks SET number = position + 1;"
    "ALTER TABLE profiles ADD COLUMN number " NUMBER_COLUMN ";"
    "UPDATE profiles SET number = position + 1;" NUMBER_INDEXES
    "UPDATE schema_version SET version = 6 WHERE id = 1;";

/* Version 6 (1 + the users tables + snmp_settings + the domain's MAC cache
 * columns + its port protection columns + the numbers of networks and
 * profiles). Enums are stored as their C values (CHECKed), booleans as
 * 0/1,
 * "" references as NULL, 64-bit addresses as the int64 of their bits. */
// clang-format off
static const char schema_sql[] =
    "CREATE TABLE schema_version ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " version INTEGER NOT NULL);"

    "CREATE TABLE domain ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " name TEXT NOT NULL CHECK (length(name) < 64),"
    " generation INTEGER NOT NULL,"
    " interconnect_bay INTEGER NOT NULL CHECK (interconnect_bay >= 0),"
    " aging_s INTEGER NOT NULL CHECK (aging_s >= 0),"
    " mac_source INTEGER NOT NULL CHECK (mac_source BETWEEN 0 AND 2),"
    " wwn_source INTEGER NOT NULL CHECK (wwn_source BETWEEN 0 AND 2),"
    " serial_source INTEGER NOT NULL CHECK (serial_source BETWEEN 0 AND 2),"
    " mac_cache_enabled " MAC_CACHE_ENABLED_COLUMN ","
    " mac_cache_refresh_s " MAC_CACHE_REFRESH_COLUMN ","
    " port_protect_network_loop " PORT_PROTECT_LOOP_COLUMN ","
    " port_protect_pause_flood " PORT_PROTECT_PAUSE_COLUMN ");"

    /* kind: enum pool_kind (0 MAC, 1 WWN, 2 serial) */
    "CREATE TABLE pool_ranges ("
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"
    " position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 63),"
    " start INTEGER NOT NULL CHECK (start <> 0),"
    " end_ INTEGER NOT NULL CHECK (end_ <> 0),"
    " predefined INTEGER NOT NULL CHECK (predefined BETWEEN -1 AND 63),"
    " PRIMARY KEY (kind, position),"
    " UNIQUE (kind, start));"
    "CREATE UNIQUE INDEX pool_ranges_predefined ON pool_ranges (kind, predefined)"
    " WHERE predefined >= 0;"

    "CREATE TABLE enclosures ("
    " id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 7),"
    " position INTEGER NOT NULL UNIQUE CHECK (position BETWEEN 0 AND 3),"
    " name TEXT NOT NULL CHECK (length(name) < 64),"
    " imported " BOOL("imported") ");"

    /* all 16 bays of each enclosure, by slot (0..15) */
    "CREATE TABLE bays ("
    " enclosure TEXT NOT NULL REFERENCES enclosures (id) " DEFERRED ","
    " slot INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 15),"
    " number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 16),"
    " device TEXT NOT NULL CHECK (length(device) < 256),"
    " profile TEXT REFERENCES profiles (name) " DEFERRED ","
    " present " BOOL("present") ","
    " powered_on " BOOL("powered_on") ","
    " flex10 " BOOL("flex10") ","
    " physical_ports INTEGER NOT NULL CHECK (physical_ports BETWEEN 0 AND 2),"
    " model TEXT NOT NULL CHECK (length(model) < 64),"
    " factory_serial TEXT NOT NULL CHECK (length(factory_serial) < 32),"
    " factory_uuid TEXT NOT NULL CHECK (length(factory_uuid) < 37),"
    " factory_mac_1 INTEGER NOT NULL, factory_mac_2 INTEGER NOT NULL,"
    " factory_mac_3 INTEGER NOT NULL, factory_mac_4 INTEGER NOT NULL,"
    " factory_mac_5 INTEGER NOT NULL, factory_mac_6 INTEGER NOT NULL,"
    " factory_mac_7 INTEGER NOT NULL, factory_mac_8 INTEGER NOT NULL,"
    " factory_wwpn_1 INTEGER NOT NULL, factory_wwpn_2 INTEGER NOT NULL,"
    " factory_wwpn_3 INTEGER NOT NULL, factory_wwpn_4 INTEGER NOT NULL,"
    " PRIMARY KEY (enclosure, slot));"
    "CREATE UNIQUE INDEX bays_number ON bays (enclosure, number);"
    "CREATE UNIQUE INDEX bays_profile ON bays (profile) WHERE profile IS NOT NULL;"

    "CREATE TABLE uplink_sets ("
    " name " NAME " PRIMARY KEY,"
    " position INTEGER NOT NULL UNIQUE CHECK (position BETWEEN 0 AND 31),"
    " mode INTEGER NOT NULL CHECK (mode IN (0, 1)));"

    "CREATE TABLE uplink_ports ("
    " id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 15),"
    " position INTEGER NOT NULL UNIQUE CHECK (position BETWEEN 0 AND 15),"
    " port TEXT NOT NULL CHECK (length(port) < 8),"
    " device TEXT NOT NULL CHECK (length(device) < 256),"
    " uplink_set TEXT REFERENCES uplink_sets (name) " DEFERRED ","
    " speed_mbps INTEGER NOT NULL CHECK (speed_mbps >= 0));"

    "CREATE TABLE networks ("
    " name " NAME " PRIMARY KEY,"
    " position INTEGER NOT NULL UNIQUE CHECK (position BETWEEN 0 AND 1023),"
    " uplink_set TEXT REFERENCES uplink_sets (name) " DEFERRED ","
    " vlan INTEGER NOT NULL CHECK (vlan BETWEEN 0 AND 4094),"
    " native " BOOL("native") ","
    " dedicated_uplink TEXT REFERENCES uplink_ports (id) " DEFERRED ","
    " tunnel " BOOL("tunnel") ","
    " private_network " BOOL("private_network") ","
    " smart_link " BOOL("smart_link") ","
    " enabled " BOOL("enabled") ","
    " preferred_speed_mbps INTEGER NOT NULL CHECK (preferred_speed_mbps >= 0),"
    " max_speed_mbps INTEGER NOT NULL CHECK (max_speed_mbps >= 0),"
    " mac_limit INTEGER NOT NULL CHECK (mac_limit >= 0),"
    " number " NUMBER_COLUMN ");"
    "CREATE UNIQUE INDEX networks_vlan ON networks (uplink_set, vlan)"
    " WHERE uplink_set IS NOT NULL AND vlan <> 0;"
    "CREATE UNIQUE INDEX networks_native ON networks (uplink_set)"
    " WHERE uplink_set IS NOT NULL AND native;"

    /* enclosure NULL = unassigned; bay is kept as the model has it */
    "CREATE TABLE profiles ("
    " name " NAME " PRIMARY KEY,"
    " position INTEGER NOT NULL UNIQUE CHECK (position BETWEEN 0 AND 255),"
    " serial TEXT NOT NULL CHECK (length(serial) < 32),"
    " uuid TEXT NOT NULL CHECK (length(uuid) < 37),"
    " enclosure TEXT CHECK (length(enclosure) BETWEEN 1 AND 7),"
    " bay INTEGER NOT NULL CHECK (bay >= 0),"
    " number " NUMBER_COLUMN ","
    " FOREIGN KEY (enclosure, bay) REFERENCES bays (enclosure, number) " DEFERRED ");"
    NUMBER_INDEXES
    "CREATE UNIQUE INDEX profiles_bay ON profiles (enclosure, bay) WHERE enclosure IS NOT NULL;"
    "CREATE UNIQUE INDEX profiles_serial ON profiles (serial) WHERE serial <> '';"
    "CREATE UNIQUE INDEX profiles_uuid ON profiles (uuid) WHERE uuid <> '';"

    "CREATE TABLE enet_connections ("
    " profile TEXT NOT NULL REFERENCES profiles (name) " DEFERRED ","
    " position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 7),"
    " idx INTEGER NOT NULL CHECK (idx >= 0),"
    " network TEXT REFERENCES networks (name) " DEFERRED ","
    " pxe INTEGER NOT NULL CHECK (pxe BETWEEN 0 AND 2),"
    " speed_type INTEGER NOT NULL CHECK (speed_type BETWEEN 0 AND 3),"
    " speed_mbps INTEGER NOT NULL CHECK (speed_mbps >= 0),"
    " mac_source INTEGER NOT NULL CHECK (mac_source BETWEEN 0 AND 2),"
    " mac INTEGER NOT NULL,"
    " iscsi_mac INTEGER NOT NULL,"
    " PRIMARY KEY (profile, position),"
    " UNIQUE (profile, idx));"
    "CREATE UNIQUE INDEX enet_mac ON enet_connections (mac) WHERE mac <> 0;"
    "CREATE UNIQUE INDEX enet_iscsi_mac ON enet_connections (iscsi_mac) WHERE iscsi_mac <> 0;"

    /* connection: the position of the Ethernet connection in its profile */
    "CREATE TABLE port_map ("
    " profile TEXT NOT NULL,"
    " connection INTEGER NOT NULL,"
    " position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 31),"
    " network TEXT NOT NULL REFERENCES networks (name) " DEFERRED ","
    " vlan INTEGER NOT NULL CHECK (vlan BETWEEN 1 AND 4094),"
    " untagged " BOOL("untagged") ","
    " PRIMARY KEY (profile, connection, position),"
    " UNIQUE (profile, connection, network),"
    " UNIQUE (profile, connection, vlan),"
    " FOREIGN KEY (profile, connection)"
    "  REFERENCES enet_connections (profile, position) " DEFERRED ");"
    "CREATE UNIQUE INDEX port_map_untagged ON port_map (profile, connection) WHERE untagged;"

    "CREATE TABLE fc_connections ("
    " profile TEXT NOT NULL REFERENCES profiles (name) " DEFERRED ","
    " position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 3),"
    " idx INTEGER NOT NULL CHECK (idx >= 0),"
    " fcoe " BOOL("fcoe") ","
    " fabric TEXT NOT NULL CHECK (length(fabric) < 64),"
    " speed_type INTEGER NOT NULL CHECK (speed_type BETWEEN 0 AND 3),"
    " speed_mbps INTEGER NOT NULL CHECK (speed_mbps >= 0),"
    " wwn_source INTEGER NOT NULL CHECK (wwn_source BETWEEN 0 AND 2),"
    " wwpn INTEGER NOT NULL,"
    " wwnn INTEGER NOT NULL,"
    " boot_enabled " BOOL("boot_enabled") ","
    " boot_target_wwpn INTEGER NOT NULL,"
    " boot_lun INTEGER NOT NULL CHECK (boot_lun >= 0),"
    " PRIMARY KEY (profile, position),"
    " UNIQUE (profile, idx));"
    "CREATE UNIQUE INDEX fc_wwpn ON fc_connections (wwpn) WHERE wwpn <> 0;"
    "CREATE UNIQUE INDEX fc_wwnn ON fc_connections (wwnn) WHERE wwnn <> 0;"

    /* Every address a profile holds, one namespace per kind (0 MAC, 1 WWN):
     * kept by the triggers below, whatever writes the connection tables. */
    "CREATE TABLE assigned_addresses ("
    " kind INTEGER NOT NULL,"
    " address INTEGER NOT NULL,"
    " profile TEXT NOT NULL,"
    " PRIMARY KEY (kind, address)) WITHOUT ROWID;"
    "CREATE TRIGGER enet_addresses_insert AFTER INSERT ON enet_connections BEGIN"
    " INSERT INTO assigned_addresses SELECT 0, NEW.mac, NEW.profile WHERE NEW.mac <> 0;"
    " INSERT INTO assigned_addresses SELECT 0, NEW.iscsi_mac, NEW.profile"
    "  WHERE NEW.iscsi_mac <> 0;"
    " END;"
    "CREATE TRIGGER enet_addresses_delete AFTER DELETE ON enet_connections BEGIN"
    " DELETE FROM assigned_addresses WHERE kind = 0 AND address IN (OLD.mac, OLD.iscsi_mac);"
    " END;"
    "CREATE TRIGGER enet_addresses_update AFTER UPDATE ON enet_connections BEGIN"
    " DELETE FROM assigned_addresses WHERE kind = 0 AND address IN (OLD.mac, OLD.iscsi_mac);"
    " INSERT INTO assigned_addresses SELECT 0, NEW.mac, NEW.profile WHERE NEW.mac <> 0;"
    " INSERT INTO assigned_addresses SELECT 0, NEW.iscsi_mac, NEW.profile"
    "  WHERE NEW.iscsi_mac <> 0;"
    " END;"
    "CREATE TRIGGER fc_addresses_insert AFTER INSERT ON fc_connections BEGIN"
    " INSERT INTO assigned_addresses SELECT 1, NEW.wwpn, NEW.profile WHERE NEW.wwpn <> 0;"
    " INSERT INTO assigned_addresses SELECT 1, NEW.wwnn, NEW.profile WHERE NEW.wwnn <> 0;"
    " END;"
    "CREATE TRIGGER fc_addresses_delete AFTER DELETE ON fc_connections BEGIN"
    " DELETE FROM assigned_addresses WHERE kind = 1 AND address IN (OLD.wwpn, OLD.wwnn);"
    " END;"
    "CREATE TRIGGER fc_addresses_update AFTER UPDATE ON fc_connections BEGIN"
    " DELETE FROM assigned_addresses WHERE kind = 1 AND address IN (OLD.wwpn, OLD.wwnn);"
    " INSERT INTO assigned_addresses SELECT 1, NEW.wwpn, NEW.profile WHERE NEW.wwpn <> 0;"
    " INSERT INTO assigned_addresses SELECT 1, NEW.wwnn, NEW.profile WHERE NEW.wwnn <> 0;"
    " END;"

    /* users (mgmt/users.h): names compare case-insensitively; roles is a
     * mask of 1 << enum method_role (bits 1-4) */
    "CREATE TABLE users ("
    " name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 31),"
    " full_name TEXT NOT NULL CHECK (length(full_name) < 64),"
    " contact_info TEXT NOT NULL CHECK (length(contact_info) < 64),"
    " roles INTEGER NOT NULL CHECK (roles >= 0 AND (roles & ~30) = 0),"
    " enabled " BOOL("enabled") ","
    " password_hash TEXT NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 127));"
    "CREATE TRIGGER users_limit BEFORE INSERT ON users"
    " WHEN (SELECT count(*) FROM users) >= 32 BEGIN"
    " SELECT RAISE(ABORT, 'at most 32 users'); END;"
    "CREATE TABLE user_keys ("
    " user TEXT NOT NULL COLLATE NOCASE REFERENCES users (name) ON DELETE CASCADE " DEFERRED ","
    " position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 7),"
    " key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 2047),"
    " PRIMARY KEY (user, position));"
    "CREATE TABLE user_policy ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " min_password_length INTEGER NOT NULL CHECK (min_password_length BETWEEN 3 AND 40),"
    " strong_passwords " BOOL("strong_passwords") ");"

    /* 3: the SNMP settings, one JSON document (mgmt/snmp_settings_store.c) */
    "CREATE TABLE snmp_settings ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " settings TEXT NOT NULL CHECK (json_valid(settings)));"

    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " time_us INTEGER NOT NULL,"
    " user TEXT NOT NULL,"
    " origin TEXT NOT NULL,"
    " command TEXT NOT NULL,"
    " result TEXT NOT NULL);";
// clang-format on

/* ---------------------------------------------------------- statements */

enum stmt_id {
    ST_BEGIN,
    ST_BEGIN_IMMEDIATE,
    ST_COMMIT,
    ST_ROLLBACK,
    /* store_save deletes, children first */
    ST_DEL_PORT_MAP,
    ST_DEL_ENET,
    ST_DEL_FC,
    ST_DEL_BAYS,
    ST_DEL_PROFILES,
    ST_DEL_ENCLOSURES,
    ST_DEL_NETWORKS,
    ST_DEL_UPLINK_PORTS,
    ST_DEL_UPLINK_SETS,
    ST_DEL_POOL_RANGES,
    ST_DEL_DOMAIN,
    ST_DEL_ADDRESSES,
    /* inserts */
    ST_INS_DOMAIN,
    ST_INS_POOL_RANGE,
    ST_INS_ENCLOSURE,
    ST_INS_BAY,
    ST_INS_UPLINK_SET,
    ST_INS_UPLINK_PORT,
    ST_INS_NETWORK,
    ST_INS_PROFILE,
    ST_INS_ENET,
    ST_INS_PORT_MAP,
    ST_INS_FC,
    /* selects */
    ST_SEL_DOMAIN,
    ST_SEL_POOL_RANGES,
    ST_SEL_ENCLOSURES,
    ST_SEL_BAYS,
    ST_SEL_UPLINK_SETS,
    ST_SEL_UPLINK_PORTS,
    ST_SEL_NETWORKS,
    ST_SEL_PROFILES,
    ST_SEL_ENET,
    ST_SEL_PORT_MAP,
    ST_SEL_FC,
    ST_SEL_OWNER,
    ST_FK_CHECK,
    /* audit */
    ST_INS_AUDIT,
    ST_SEL_AUDIT,
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_BEGIN] = "BEGIN",
    [ST_BEGIN_IMMEDIATE] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_DEL_PORT_MAP] = "DELETE FROM port_map",
    [ST_DEL_ENET] = "DELETE FROM enet_connections",
    [ST_DEL_FC] = "DELETE FROM fc_connections",
    [ST_DEL_BAYS] = "DELETE FROM bays",
    [ST_DEL_PROFILES] = "DELETE FROM profiles",
    [ST_DEL_ENCLOSURES] = "DELETE FROM enclosures",
    [ST_DEL_NETWORKS] = "DELETE FROM networks",
    [ST_DEL_UPLINK_PORTS] = "DELETE FROM uplink_ports",
    [ST_DEL_UPLINK_SETS] = "DELETE FROM uplink_sets",
    [ST_DEL_POOL_RANGES] = "DELETE FROM pool_ranges",
    [ST_DEL_DOMAIN] = "DELETE FROM domain",
    [ST_DEL_ADDRESSES] = "DELETE FROM assigned_addresses",
    [ST_INS_DOMAIN] = "INSERT INTO domain (id, name, generation, interconnect_bay, aging_s,"
                      " mac_source, wwn_source, serial_source, mac_cache_enabled,"
                      " mac_cache_refresh_s, port_protect_network_loop, port_protect_pause_flood)"
                      " VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_INS_POOL_RANGE] = "INSERT INTO pool_ranges (kind, position, start, end_, predefined)"
                          " VALUES (?, ?, ?, ?, ?)",
    [ST_INS_ENCLOSURE] =
        "INSERT INTO enclosures (id, position, name, imported) VALUES (?, ?, ?, ?)",
    [ST_INS_BAY] = "INSERT INTO bays (enclosure, slot, number, device, profile, present,"
                   " powered_on, flex10, physical_ports, model, factory_serial, factory_uuid,"
                   " factory_mac_1, factory_mac_2, factory_mac_3, factory_mac_4, factory_mac_5,"
                   " factory_mac_6, factory_mac_7, factory_mac_8, factory_wwpn_1,"
                   " factory_wwpn_2, factory_wwpn_3, factory_wwpn_4)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                   " ?)",
    [ST_INS_UPLINK_SET] = "INSERT INTO uplink_sets (name, position, mode) VALUES (?, ?, ?)",
    [ST_INS_UPLINK_PORT] = "INSERT INTO uplink_ports (id, position, port, device, uplink_set,"
                           " speed_mbps) VALUES (?, ?, ?, ?, ?, ?)",
    [ST_INS_NETWORK] = "INSERT INTO networks (name, position, uplink_set, vlan, native,"
                       " dedicated_uplink, tunnel, private_network, smart_link, enabled,"
                       " preferred_speed_mbps, max_speed_mbps, mac_limit, number)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_INS_PROFILE] = "INSERT INTO profiles (name, position, serial, uuid, enclosure, bay,"
                       " number) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [ST_INS_ENET] = "INSERT INTO enet_connections (profile, position, idx, network, pxe,"
                    " speed_type, speed_mbps, mac_source, mac, iscsi_mac)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_INS_PORT_MAP] = "INSERT INTO port_map (profile, connection, position, network, vlan,"
                        " untagged) VALUES (?, ?, ?, ?, ?, ?)",
    [ST_INS_FC] = "INSERT INTO fc_connections (profile, position, idx, fcoe, fabric, speed_type,"
                  " speed_mbps, wwn_source, wwpn, wwnn, boot_enabled, boot_target_wwpn, boot_lun)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_SEL_DOMAIN] = "SELECT name, generation, interconnect_bay, aging_s, mac_source, wwn_source,"
                      " serial_source, mac_cache_enabled, mac_cache_refresh_s,"
                      " port_protect_network_loop, port_protect_pause_flood FROM domain"
                      " WHERE id = 1",
    [ST_SEL_POOL_RANGES] = "SELECT kind, position, start, end_, predefined FROM pool_ranges"
                           " ORDER BY kind, position",
    [ST_SEL_ENCLOSURES] = "SELECT position, id, name, imported FROM enclosures ORDER BY position",
    [ST_SEL_BAYS] = "SELECT e.position, b.slot, b.number, b.device, b.profile, b.present,"
                    " b.powered_on, b.flex10, b.physical_ports, b.model, b.factory_serial,"
                    " b.factory_uuid, b.factory_mac_1, b.factory_mac_2, b.factory_mac_3,"
                    " b.factory_mac_4, b.factory_mac_5, b.factory_mac_6, b.factory_mac_7,"
                    " b.factory_mac_8, b.factory_wwpn_1, b.factory_wwpn_2, b.factory_wwpn_3,"
                    " b.factory_wwpn_4 FROM bays b JOIN enclosures e ON e.id = b.enclosure"
                    " ORDER BY e.position, b.slot",
    [ST_SEL_UPLINK_SETS] = "SELECT position, name, mode FROM uplink_sets ORDER BY position",
    [ST_SEL_UPLINK_PORTS] = "SELECT position, id, port, device, uplink_set, speed_mbps"
                            " FROM uplink_ports ORDER BY position",
    [ST_SEL_NETWORKS] = "SELECT position, name, uplink_set, vlan, native, dedicated_uplink,"
                        " tunnel, private_network, smart_link, enabled, preferred_speed_mbps,"
                        " max_speed_mbps, mac_limit, number FROM networks ORDER BY position",
    [ST_SEL_PROFILES] = "SELECT position, name, serial, uuid, enclosure, bay, number FROM profiles"
                        " ORDER BY position",
    [ST_SEL_ENET] = "SELECT p.position, c.position, c.idx, c.network, c.pxe, c.speed_type,"
                    " c.speed_mbps, c.mac_source, c.mac, c.iscsi_mac FROM enet_connections c"
                    " JOIN profiles p ON p.name = c.profile ORDER BY p.position, c.position",
    [ST_SEL_PORT_MAP] = "SELECT p.position, m.connection, m.position, m.network, m.vlan,"
                        " m.untagged FROM port_map m JOIN profiles p ON p.name = m.profile"
                        " ORDER BY p.position, m.connection, m.position",
    [ST_SEL_FC] = "SELECT p.position, c.position, c.idx, c.fcoe, c.fabric, c.speed_type,"
                  " c.speed_mbps, c.wwn_source, c.wwpn, c.wwnn, c.boot_enabled,"
                  " c.boot_target_wwpn, c.boot_lun FROM fc_connections c"
                  " JOIN profiles p ON p.name = c.profile ORDER BY p.position, c.position",
    [ST_SEL_OWNER] = "SELECT profile FROM assigned_addresses WHERE kind = ? AND address = ?",
    [ST_FK_CHECK] = "PRAGMA foreign_key_check",
    [ST_INS_AUDIT] = "INSERT INTO audit (time_us, user, origin, command, result)"
                     " VALUES (?, ?, ?, ?, ?)",
    [ST_SEL_AUDIT] = "SELECT id, time_us, user, origin, command, result FROM"
                     " (SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id",
};

struct store {
    sqlite3 *db;
    sqlite3_stmt *stmt[ST_COUNT];
};

sqlite3 *store_db(struct store *store)
{
    return store ? store->db : NULL;
}

/* ------------------------------------------------------------- errors */

/* set_error: format a message into error/error_size (either may be
 * NULL/0) and return `code`. */
static int set_error(char *error, size_t error_size, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int set_error(char *error, size_t error_size, int code, const char *fmt, ...)
{
    if (error && error_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(error, error_size, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* append_error: add text after the message already in error. */
static void append_error(char *error, size_t error_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void append_error(char *error, size_t error_size, const char *fmt, ...)
{
    if (!error || !error_size)
        return;
    size_t len = strnlen(error, error_size);
    if (len + 1 >= error_size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error + len, error_size - len, fmt, ap);
    va_end(ap);
}

/* errno_of: the errno value for SQLite extended result code `xrc`. */
static int errno_of(int xrc)
{
    switch (xrc & 0xff) {
    case SQLITE_CONSTRAINT:
        if (xrc == SQLITE_CONSTRAINT_UNIQUE || xrc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return -EEXIST;
        return -EINVAL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return -EBUSY;
    case SQLITE_FULL:
        return -ENOSPC;
    case SQLITE_NOMEM:
        return -ENOMEM;
    default:
        return -EIO;
    }
}

/* db_error: "<context>: <SQLite message>" for the last error of `db`;
 * returns its errno value. */
static int db_error(sqlite3 *db, char *error, size_t error_size, const char *context)
{
    int xrc = sqlite3_extended_errcode(db);
    set_error(error, error_size, 0, "%s: %s", context, sqlite3_errmsg(db));
    return errno_of(xrc);
}

/* --------------------------------------------------------- statements */

/* run: step a statement that returns no rows (BEGIN, DELETE, ...), reset
 * it. Returns SQLITE_DONE or the error code (the message stays in db). */
static int run(struct store *store, enum stmt_id id)
{
    sqlite3_stmt *s = store->stmt[id];
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    if (rc != SQLITE_DONE)
        rc = sqlite3_extended_errcode(store->db);
    sqlite3_reset(s);
    return rc;
}

/* Binding values to an insert, in column order: the first failure is kept
 * (SQLite's code, or the name of a text field that is not terminated). */
struct binder {
    sqlite3_stmt *s;
    int column;
    int rc;
    const char *bad_field;
};

static void bind_start(struct binder *b, struct store *store, enum stmt_id id)
{
    b->s = store->stmt[id];
    b->column = 0;
    b->rc = SQLITE_OK;
    b->bad_field = NULL;
}

static void keep(struct binder *b, int rc)
{
    if (b->rc == SQLITE_OK && rc != SQLITE_OK)
        b->rc = rc;
}

/* bind_i64: the next parameter is `v`. */
static void bind_i64(struct binder *b, int64_t v)
{
    keep(b, sqlite3_bind_int64(b->s, ++b->column, v));
}

/* bind_u64: the next parameter is the bits of `v` as an int64. */
static void bind_u64(struct binder *b, uint64_t v)
{
    bind_i64(b, (int64_t)v);
}

/* bind_text: the next parameter is the text in field `text` of `size`
 * bytes; `field` names it when it is not NUL-terminated. When `null_empty`,
 * "" is bound as NULL (a reference to nothing). */
static void bind_text_field(struct binder *b, const char *text, size_t size, const char *field,
                            bool null_empty)
{
    size_t len = strnlen(text, size);
    ++b->column;
    if (len == size) {
        if (!b->bad_field)
            b->bad_field = field;
        keep(b, sqlite3_bind_null(b->s, b->column));
        return;
    }
    if (null_empty && len == 0)
        keep(b, sqlite3_bind_null(b->s, b->column));
    else
        keep(b, sqlite3_bind_text(b->s, b->column, text, (int)len, SQLITE_STATIC));
}

#define bind_text(b, field) bind_text_field((b), (field), sizeof(field), #field, false)
#define bind_ref(b, field)  bind_text_field((b), (field), sizeof(field), #field, true)

/* insert: step the bound statement of `b`, then reset it and clear its
 * bindings. On failure, error holds "<object>: <reason>". Returns 0 or a
 * negative errno (see errno_of; -EINVAL for an unterminated text). */
static int insert(struct store *store, struct binder *b, char *error, size_t error_size,
                  const char *object)
{
    int ret = 0;
    if (b->bad_field) {
        ret = set_error(error, error_size, -EINVAL, "%s: field %s is not terminated", object,
                        b->bad_field);
    } else if (b->rc != SQLITE_OK) {
        ret = db_error(store->db, error, error_size, object);
    } else if (sqlite3_step(b->s) != SQLITE_DONE) {
        ret = db_error(store->db, error, error_size, object);
    }
    sqlite3_reset(b->s);
    sqlite3_clear_bindings(b->s);
    return ret;
}

/* owner_note: when `address` of pool kind `kind` is already held by a
 * profile, append which to error. */
static void owner_note(struct store *store, enum pool_kind kind, uint64_t address, char *error,
                       size_t error_size)
{
    sqlite3_stmt *s = store->stmt[ST_SEL_OWNER];
    if (address == 0)
        return;
    sqlite3_bind_int(s, 1, (int)kind);
    sqlite3_bind_int64(s, 2, (int64_t)address);
    if (sqlite3_step(s) == SQLITE_ROW) {
        char text[POOL_ADDRESS_STR_MAX];
        if (pool_format_address(kind, address, text, sizeof(text)) != 0)
            snprintf(text, sizeof(text), "%#llx", (unsigned long long)address);
        append_error(error, error_size, " (%s %s is held by profile %s)", pool_kind_name(kind),
                     text, (const char *)sqlite3_column_text(s, 0));
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
}

/* ---------------------------------------------------------- open/close */

/* pragma_text: run a constant PRAGMA and copy the first column of its
 * first row into out/size ("" when there is no row). Returns SQLITE_OK or
 * the error code. */
static int pragma_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    out[0] = '\0';
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(s, 0);
        snprintf(out, size, "%s", t ? (const char *)t : "");
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

/* query_int: run constant `sql` and return the integer of its first row
 * in *value (0 without a row). Returns SQLITE_OK or the error code. */
static int query_int(sqlite3 *db, const char *sql, int64_t *value)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    *value = 0;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *value = sqlite3_column_int64(s, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_OK;
    }
    sqlite3_finalize(s);
    return rc;
}

/* prepare_schema: inside one write transaction, create the tables of a new
 * database, or check the version of an existing one. Returns 0 or a negative
 * errno with the message in error. */
static int prepare_schema(sqlite3 *db, const char *path, char *error, size_t error_size)
{
    char context[512];
    int64_t has_version = 0, tables = 0, version = 0;
    int ret = 0;

    snprintf(context, sizeof(context), "store %s", path);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(db, error, error_size, context);
    if (query_int(db,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                  " AND name = 'schema_version'",
                  &has_version) != SQLITE_OK ||
        query_int(db,
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                  " AND name NOT LIKE 'sqlite_%'",
                  &tables) != SQLITE_OK) {
        ret = db_error(db, error, error_size, context);
        goto rollback;
    }
    if (!has_version && tables > 0) {
        ret = set_error(error, error_size, -EINVAL,
                        "store %s: a SQLite database that is not an OpenVC store"
                        " (no schema_version table)",
                        path);
        goto rollback;
    }
    if (!has_version) {
        if (sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(
                db, "INSERT INTO schema_version (id, version) VALUES (1, " SCHEMA_VERSION_TEXT ")",
                NULL, NULL, NULL) != SQLITE_OK) {
            ret = db_error(db, error, error_size, context);
            goto rollback;
        }
    } else {
        if (query_int(db, "SELECT version FROM schema_version WHERE id = 1", &version) !=
            SQLITE_OK) {
            ret = db_error(db, error, error_size, context);
            goto rollback;
        }
        if (version > STORE_SCHEMA_VERSION) {
            ret = set_error(error, error_size, -EPROTO,
                            "store %s: schema version %lld is newer than this OpenVC's (%d):"
                            " written by a later release, refusing to touch it",
                            path, (long long)version, STORE_SCHEMA_VERSION);
            goto rollback;
        }
        if (version == 3 && sqlite3_exec(db, migrate_v3_sql, NULL, NULL, NULL) != SQLITE_OK) {
            ret = db_error(db, error, error_size, context);
            goto rollback;
        }
        if ((version == 3 || version == 4) &&
            sqlite3_exec(db, migrate_v4_sql, NULL, NULL, NULL) != SQLITE_OK) {
            ret = db_error(db, error, error_size, context);
            goto rollback;
        }
        if (version >= 3 && version <= 5 &&
            sqlite3_exec(db, migrate_v5_sql, NULL, NULL, NULL) != SQLITE_OK) {
            ret = db_error(db, error, error_size, context);
            goto rollback;
        }
        if (version < 3) {
            ret = set_error(error, error_size, -EPROTO,
                            "store %s: schema version %lld is older than this OpenVC's (%d)"
                            " and there is no migration for it",
                            path, (long long)version, STORE_SCHEMA_VERSION);
            goto rollback;
        }
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        ret = db_error(db, error, error_size, context);
        goto rollback;
    }
    return 0;

rollback:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return ret;
}

struct store *store_open(const char *path, char *error, size_t error_size)
{
    char context[512], mode[32];
    struct store *store;
    sqlite3 *db = NULL;
    int64_t fk = 0;

    if (!path || !*path) {
        set_error(error, error_size, 0, "store: no path");
        return NULL;
    }
    snprintf(context, sizeof(context), "store %s", path);
    store = calloc(1, sizeof(*store));
    if (!store) {
        set_error(error, error_size, 0, "%s: out of memory", context);
        return NULL;
    }
    /* A handle comes back even on failure (to read the message): close it. */
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    store->db = db;
    if (rc != SQLITE_OK) {
        if (db)
            db_error(db, error, error_size, context);
        else
            set_error(error, error_size, 0, "%s: out of memory", context);
        goto fail;
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 5000);

    /* The first statement reads the file: a broken file fails here. */
    if (pragma_text(db, "PRAGMA journal_mode = WAL", mode, sizeof(mode)) != SQLITE_OK) {
        db_error(db, error, error_size, context);
        goto fail;
    }
    if (strcmp(mode, "wal") != 0) {
        set_error(error, error_size, 0, "%s: cannot use WAL mode (journal mode is '%s')", context,
                  mode);
        goto fail;
    }
    if (sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK ||
        query_int(db, "PRAGMA foreign_keys", &fk) != SQLITE_OK) {
        db_error(db, error, error_size, context);
        goto fail;
    }
    if (fk != 1) {
        set_error(error, error_size, 0, "%s: this SQLite has no foreign key support", context);
        goto fail;
    }
    if (prepare_schema(db, path, error, error_size) != 0)
        goto fail;
    for (int i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v3(db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &store->stmt[i],
                               NULL) != SQLITE_OK) {
            db_error(db, error, error_size, context);
            goto fail;
        }
    }
    return store;

fail:
    store_close(store);
    return NULL;
}

void store_close(struct store *store)
{
    if (!store)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(store->stmt[i]);
    sqlite3_close(store->db);
    free(store);
}

/* -------------------------------------------------------------- checks */

/* check_counts: every count of `d` within its array, arrays present.
 * Returns 0 or -EINVAL with a message. */
static int check_counts(const struct domain *d, char *error, size_t error_size)
{
    const struct domain_pools *p = &d->pools;
    if (d->n_enclosures > DOMAIN_MAX_ENCLOSURES || d->n_uplink_ports > DOMAIN_MAX_UPLINKS ||
        d->n_uplink_sets > DOMAIN_MAX_UPLINK_SETS || d->n_networks > DOMAIN_MAX_NETWORKS ||
        d->n_profiles > DOMAIN_MAX_PROFILES || p->n_mac_ranges > DOMAIN_MAX_RANGES ||
        p->n_wwn_ranges > DOMAIN_MAX_RANGES || p->n_serial_ranges > DOMAIN_MAX_RANGES)
        return set_error(error, error_size, -EINVAL, "store: a domain count is over its limit");
    if ((d->n_networks && !d->networks) || (d->n_profiles && !d->profiles))
        return set_error(error, error_size, -EINVAL, "store: domain arrays missing");
    for (unsigned i = 0; i < d->n_profiles; i++) {
        const struct domain_profile *pr = &d->profiles[i];
        if (pr->n_enet > DOMAIN_MAX_ENET || pr->n_fc > DOMAIN_MAX_FC)
            return set_error(error, error_size, -EINVAL,
                             "store: profile %u: connection count over its limit", i);
        for (unsigned c = 0; c < pr->n_enet; c++)
            if (pr->enet[c].n_port_map > DOMAIN_MAX_PORT_MAP)
                return set_error(error, error_size, -EINVAL,
                                 "store: profile %u connection %u: port map over its limit", i, c);
    }
    return 0;
}

/* ---------------------------------------------------------------- save */

/* save_pools: insert the ranges of one kind. */
static int save_ranges(struct store *store, enum pool_kind kind, const struct domain_range *r,
                       unsigned n, char *error, size_t error_size)
{
    struct binder b;
    char object[64];
    for (unsigned i = 0; i < n; i++) {
        bind_start(&b, store, ST_INS_POOL_RANGE);
        bind_i64(&b, kind);
        bind_i64(&b, i);
        bind_u64(&b, r[i].start);
        bind_u64(&b, r[i].end);
        bind_i64(&b, r[i].predefined);
        snprintf(object, sizeof(object), "%s range %u", pool_kind_name(kind), i + 1);
        int ret = insert(store, &b, error, error_size, object);
        if (ret)
            return ret;
    }
    return 0;
}

/* save_topology: domain row, pools, enclosures and bays, uplinks, networks. */
static int save_topology(struct store *store, const struct domain *d, char *error,
                         size_t error_size)
{
    struct binder b;
    char object[160];
    int ret;

    bind_start(&b, store, ST_INS_DOMAIN);
    bind_text(&b, d->name);
    bind_u64(&b, d->generation);
    bind_i64(&b, d->interconnect_bay);
    bind_i64(&b, d->aging_s);
    bind_i64(&b, d->pools.mac_source);
    bind_i64(&b, d->pools.wwn_source);
    bind_i64(&b, d->pools.serial_source);
    bind_i64(&b, d->mac_cache_enabled);
    bind_i64(&b, d->mac_cache_refresh_s);
    bind_i64(&b, d->port_protect_network_loop);
    bind_i64(&b, d->port_protect_pause_flood);
    if ((ret = insert(store, &b, error, error_size, "domain")))
        return ret;

    if ((ret = save_ranges(store, POOL_KIND_MAC, d->pools.mac_ranges, d->pools.n_mac_ranges, error,
                           error_size)) ||
        (ret = save_ranges(store, POOL_KIND_WWN, d->pools.wwn_ranges, d->pools.n_wwn_ranges, error,
                           error_size)) ||
        (ret = save_ranges(store, POOL_KIND_SERIAL, d->pools.serial_ranges,
                           d->pools.n_serial_ranges, error, error_size)))
        return ret;

    for (unsigned e = 0; e < d->n_enclosures; e++) {
        const struct domain_enclosure *enc = &d->enclosures[e];
        bind_start(&b, store, ST_INS_ENCLOSURE);
        bind_text(&b, enc->id);
        bind_i64(&b, e);
        bind_text(&b, enc->name);
        bind_i64(&b, enc->imported);
        snprintf(object, sizeof(object), "enclosure %.8s", enc->id);
        if ((ret = insert(store, &b, error, error_size, object)))
            return ret;
        for (unsigned s = 0; s < DOMAIN_BAYS; s++) {
            const struct domain_bay *bay = &enc->bays[s];
            const struct domain_blade *bl = &bay->blade;
            bind_start(&b, store, ST_INS_BAY);
            bind_text(&b, enc->id);
            bind_i64(&b, s);
            bind_i64(&b, bay->number);
            bind_text(&b, bay->device);
            bind_ref(&b, bay->profile);
            bind_i64(&b, bl->present);
            bind_i64(&b, bl->powered_on);
            bind_i64(&b, bl->flex10);
            bind_i64(&b, bl->physical_ports);
            bind_text(&b, bl->model);
            bind_text(&b, bl->factory_serial);
            bind_text(&b, bl->factory_uuid);
            for (unsigned k = 0; k < DOMAIN_PHYSICAL_PORTS * 4; k++)
                bind_u64(&b, bl->factory_mac[k]);
            for (unsigned k = 0; k < DOMAIN_MAX_FC; k++)
                bind_u64(&b, bl->factory_wwpn[k]);
            snprintf(object, sizeof(object), "enclosure %.8s bay slot %u", enc->id, s + 1);
            if ((ret = insert(store, &b, error, error_size, object)))
                return ret;
        }
    }

    for (unsigned i = 0; i < d->n_uplink_sets; i++) {
        const struct domain_uplink_set *us = &d->uplink_sets[i];
        bind_start(&b, store, ST_INS_UPLINK_SET);
        bind_text(&b, us->name);
        bind_i64(&b, i);
        bind_i64(&b, us->mode);
        snprintf(object, sizeof(object), "uplink set %.64s", us->name);
        if ((ret = insert(store, &b, error, error_size, object)))
            return ret;
    }
    for (unsigned i = 0; i < d->n_uplink_ports; i++) {
        const struct domain_uplink_port *up = &d->uplink_ports[i];
        bind_start(&b, store, ST_INS_UPLINK_PORT);
        bind_text(&b, up->id);
        bind_i64(&b, i);
        bind_text(&b, up->port);
        bind_text(&b, up->device);
        bind_ref(&b, up->uplink_set);
        bind_i64(&b, up->speed_mbps);
        snprintf(object, sizeof(object), "uplink port %.16s", up->id);
        if ((ret = insert(store, &b, error, error_size, object)))
            return ret;
    }
    for (unsigned i = 0; i < d->n_networks; i++) {
        const struct domain_network *n = &d->networks[i];
        bind_start(&b, store, ST_INS_NETWORK);
        bind_text(&b, n->name);
        bind_i64(&b, i);
        bind_ref(&b, n->uplink_set);
        bind_i64(&b, n->vlan);
        bind_i64(&b, n->native);
        bind_ref(&b, n->dedicated_uplink);
        bind_i64(&b, n->tunnel);
        bind_i64(&b, n->private_network);
        bind_i64(&b, n->smart_link);
        bind_i64(&b, n->enabled);
        bind_i64(&b, n->preferred_speed_mbps);
        bind_i64(&b, n->max_speed_mbps);
        bind_i64(&b, n->mac_limit);
        bind_i64(&b, n->number);
        snprintf(object, sizeof(object), "network %.64s", n->name);
        if ((ret = insert(store, &b, error, error_size, object)))
            return ret;
    }
    return 0;
}

/* save_profile: profile `i` of the domain with its connections. */
static int save_profile(struct store *store, const struct domain_profile *p, unsigned i,
                        char *error, size_t error_size)
{
    struct binder b;
    char object[160];
    int ret;

    bind_start(&b, store, ST_INS_PROFILE);
    bind_text(&b, p->name);
    bind_i64(&b, i);
    bind_text(&b, p->serial);
    bind_text(&b, p->uuid);
    bind_ref(&b, p->enclosure);
    bind_i64(&b, p->bay);
    bind_i64(&b, p->number);
    snprintf(object, sizeof(object), "profile %.64s", p->name);
    if ((ret = insert(store, &b, error, error_size, object)))
        return ret;

    for (unsigned c = 0; c < p->n_enet; c++) {
        const struct domain_enet_connection *e = &p->enet[c];
        bind_start(&b, store, ST_INS_ENET);
        bind_text(&b, p->name);
        bind_i64(&b, c);
        bind_i64(&b, e->index);
        bind_ref(&b, e->network);
        bind_i64(&b, e->pxe);
        bind_i64(&b, e->speed_type);
        bind_i64(&b, e->speed_mbps);
        bind_i64(&b, e->mac_source);
        bind_u64(&b, e->mac);
        bind_u64(&b, e->iscsi_mac);
        snprintf(object, sizeof(object), "profile %.64s Ethernet connection %u", p->name, e->index);
        if ((ret = insert(store, &b, error, error_size, object))) {
            if (ret == -EEXIST) {
                owner_note(store, POOL_KIND_MAC, e->mac, error, error_size);
                owner_note(store, POOL_KIND_MAC, e->iscsi_mac, error, error_size);
            }
            return ret;
        }
        for (unsigned m = 0; m < e->n_port_map; m++) {
            const struct domain_port_map_entry *pm = &e->port_map[m];
            bind_start(&b, store, ST_INS_PORT_MAP);
            bind_text(&b, p->name);
            bind_i64(&b, c);
            bind_i64(&b, m);
            bind_text(&b, pm->network);
            bind_i64(&b, pm->vlan);
            bind_i64(&b, pm->untagged);
            snprintf(object, sizeof(object),
                     "profile %.64s Ethernet connection %u server VLAN mapping %u", p->name,
                     e->index, m + 1);
            if ((ret = insert(store, &b, error, error_size, object)))
                return ret;
        }
    }
    for (unsigned c = 0; c < p->n_fc; c++) {
        const struct domain_fc_connection *f = &p->fc[c];
        bind_start(&b, store, ST_INS_FC);
        bind_text(&b, p->name);
        bind_i64(&b, c);
        bind_i64(&b, f->index);
        bind_i64(&b, f->fcoe);
        bind_text(&b, f->fabric);
        bind_i64(&b, f->speed_type);
        bind_i64(&b, f->speed_mbps);
        bind_i64(&b, f->wwn_source);
        bind_u64(&b, f->wwpn);
        bind_u64(&b, f->wwnn);
        bind_i64(&b, f->boot_enabled);
        bind_u64(&b, f->boot_target_wwpn);
        bind_i64(&b, f->boot_lun);
        snprintf(object, sizeof(object), "profile %.64s %s connection %u", p->name,
                 f->fcoe ? "FCoE" : "FC", f->index);
        if ((ret = insert(store, &b, error, error_size, object))) {
            if (ret == -EEXIST) {
                owner_note(store, POOL_KIND_WWN, f->wwpn, error, error_size);
                owner_note(store, POOL_KIND_WWN, f->wwnn, error, error_size);
            }
            return ret;
        }
    }
    return 0;
}

/* foreign_key_note: after a deferred foreign key failure at COMMIT, append
 * the first offending table and the table it references. */
static void foreign_key_note(struct store *store, char *error, size_t error_size)
{
    sqlite3_stmt *s = store->stmt[ST_FK_CHECK];
    if (sqlite3_step(s) == SQLITE_ROW)
        append_error(error, error_size, " (a row of %s references a missing row of %s)",
                     (const char *)sqlite3_column_text(s, 0),
                     (const char *)sqlite3_column_text(s, 2));
    sqlite3_reset(s);
}

/* The tables store_save empties, children first. */
static const enum stmt_id save_deletes[] = {
    ST_DEL_PORT_MAP,    ST_DEL_ENET,        ST_DEL_FC,       ST_DEL_BAYS,
    ST_DEL_PROFILES,    ST_DEL_ENCLOSURES,  ST_DEL_NETWORKS, ST_DEL_UPLINK_PORTS,
    ST_DEL_UPLINK_SETS, ST_DEL_POOL_RANGES, ST_DEL_DOMAIN,   ST_DEL_ADDRESSES,
};

int store_save(struct store *store, const struct domain *d, char *error, size_t error_size)
{
    int ret;

    if (!store || !d)
        return set_error(error, error_size, -EINVAL, "store: NULL argument");
    if ((ret = check_counts(d, error, error_size)))
        return ret;
    if (run(store, ST_BEGIN_IMMEDIATE) != SQLITE_DONE)
        return db_error(store->db, error, error_size, "store: begin");

    for (size_t i = 0; i < sizeof(save_deletes) / sizeof(save_deletes[0]); i++) {
        if (run(store, save_deletes[i]) != SQLITE_DONE) {
            ret = db_error(store->db, error, error_size, "store: clearing the tables");
            goto rollback;
        }
    }
    if ((ret = save_topology(store, d, error, error_size)))
        goto rollback;
    for (unsigned i = 0; i < d->n_profiles; i++)
        if ((ret = save_profile(store, &d->profiles[i], i, error, error_size)))
            goto rollback;

    if (run(store, ST_COMMIT) != SQLITE_DONE) {
        ret = db_error(store->db, error, error_size, "store: commit");
        if (sqlite3_extended_errcode(store->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
            foreign_key_note(store, error, error_size);
        goto rollback;
    }
    return 0;

rollback:
    /* A failed COMMIT or statement may leave the transaction open (or
     * SQLite may have rolled it back already): end it either way. */
    if (!sqlite3_get_autocommit(store->db))
        run(store, ST_ROLLBACK);
    return ret;
}

/* ---------------------------------------------------------------- load */

/* Reading a row's columns in order: the first column that does not fit the
 * model is named in bad. */
struct reader {
    sqlite3_stmt *s;
    int column;
    const char *bad;
};

static void read_start(struct reader *r, sqlite3_stmt *s)
{
    r->s = s;
    r->column = 0;
}

/* read_i64: the next column as an integer. */
static int64_t read_i64(struct reader *r)
{
    return sqlite3_column_int64(r->s, r->column++);
}

/* read_uint: the next column as an unsigned (a value out of range is bad). */
static unsigned read_uint(struct reader *r, const char *name)
{
    int64_t v = read_i64(r);
    if (v < 0 || v > UINT_MAX) {
        if (!r->bad)
            r->bad = name;
        return 0;
    }
    return (unsigned)v;
}

/* read_text_field: the next column into dst/size (NULL gives ""); a text
 * that does not fit is bad. */
static void read_text_field(struct reader *r, char *dst, size_t size, const char *name)
{
    const unsigned char *t = sqlite3_column_text(r->s, r->column);
    int len = sqlite3_column_bytes(r->s, r->column);
    r->column++;
    if (!t)
        len = 0;
    if ((size_t)len >= size) {
        if (!r->bad)
            r->bad = name;
        len = 0;
    }
    if (len)
        memcpy(dst, t, (size_t)len);
    dst[len] = '\0';
}

#define read_text(r, field) read_text_field((r), (field), sizeof(field), #field)
#define read_u64(r)         ((uint64_t)read_i64(r))
#define read_bool(r)        (read_i64(r) != 0)

/* load_error: the message for a row that does not fit the model. */
static int load_bad(char *error, size_t error_size, const char *table, const char *what)
{
    return set_error(error, error_size, -EIO, "store: table %s: %s does not fit the model", table,
                     what);
}

/* step_row: step `s`; 1 for a row, 0 at the end, negative errno on error. */
static int step_row(struct store *store, sqlite3_stmt *s, char *error, size_t error_size,
                    const char *table)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    char context[64];
    snprintf(context, sizeof(context), "store: reading %s", table);
    return db_error(store->db, error, error_size, context);
}

/* domain_clear: make `d` empty, keeping its arrays. */
static void domain_clear(struct domain *d)
{
    struct domain_network *networks = d->networks;
    struct domain_profile *profiles = d->profiles;
    memset(d, 0, sizeof(*d));
    d->networks = networks;
    d->profiles = profiles;
    memset(networks, 0, sizeof(*networks) * DOMAIN_MAX_NETWORKS);
    memset(profiles, 0, sizeof(*profiles) * DOMAIN_MAX_PROFILES);
}

/* Each load_<table> reads its rows into d; returns 0 or a negative errno. */
#define FOR_ROWS(table, st)                                                                        \
    for (int more_; (more_ = step_row(store, (st), error, error_size, (table))) != 0;)             \
        if (more_ < 0)                                                                             \
            return more_;                                                                          \
        else

static int load_domain(struct store *store, struct domain *d, char *error, size_t error_size)
{
    sqlite3_stmt *s = store->stmt[ST_SEL_DOMAIN];
    struct reader r = {.bad = NULL};
    int more = step_row(store, s, error, error_size, "domain");
    if (more <= 0)
        return more < 0 ? more : set_error(error, error_size, -ENOENT, "store: empty, no domain");
    domain_clear(d);
    read_start(&r, s);
    read_text(&r, d->name);
    d->generation = read_u64(&r);
    d->interconnect_bay = read_uint(&r, "interconnect_bay");
    d->aging_s = read_uint(&r, "aging_s");
    d->pools.mac_source = (enum domain_address_source)read_i64(&r);
    d->pools.wwn_source = (enum domain_address_source)read_i64(&r);
    d->pools.serial_source = (enum domain_address_source)read_i64(&r);
    d->mac_cache_enabled = read_bool(&r);
    d->mac_cache_refresh_s = read_uint(&r, "mac_cache_refresh_s");
    d->port_protect_network_loop = read_bool(&r);
    d->port_protect_pause_flood = read_bool(&r);
    if (r.bad)
        return load_bad(error, error_size, "domain", r.bad);
    return 0;
}

static int load_ranges(struct store *store, struct domain *d, char *error, size_t error_size)
{
    sqlite3_stmt *s = store->stmt[ST_SEL_POOL_RANGES];
    struct reader r = {.bad = NULL};
    FOR_ROWS("pool_ranges", s)
    {
        read_start(&r, s);
        int64_t kind = read_i64(&r);
        int64_t pos = read_i64(&r);
        struct domain_range *ranges;
        unsigned *n;
        if (kind == POOL_KIND_MAC) {
            ranges = d->pools.mac_ranges;
            n = &d->pools.n_mac_ranges;
        } else if (kind == POOL_KIND_WWN) {
            ranges = d->pools.wwn_ranges;
            n = &d->pools.n_wwn_ranges;
        } else if (kind == POOL_KIND_SERIAL) {
            ranges = d->pools.serial_ranges;
            n = &d->pools.n_serial_ranges;
        } else {
            return load_bad(error, error_size, "pool_ranges", "kind");
        }
        if (pos != *n || *n >= DOMAIN_MAX_RANGES)
            return load_bad(error, error_size, "pool_ranges", "position");
        ranges[*n].start = read_u64(&r);
        ranges[*n].end = read_u64(&r);
        ranges[*n].predefined = (int)read_i64(&r);
        (*n)++;
    }
    return 0;
}

static int load_enclosures(struct store *store, struct domain *d, char *error, size_t error_size)
{
    sqlite3_stmt *s = store->stmt[ST_SEL_ENCLOSURES];
    struct reader r = {.bad = NULL};
    FOR_ROWS("enclosures", s)
    {
        read_start(&r, s);
        int64_t pos = read_i64(&r);
        if (pos != d->n_enclosures || pos >= DOMAIN_MAX_ENCLOSURES)
            return load_bad(error, error_size, "enclosures", "position");
        struct domain_enclosure *e = &d->enclosures[d->n_enclosures++];
        read_text(&r, e->id);
        read_text(&r, e->name);
        e->imported = read_bool(&r);
        if (r.bad)
            return load_bad(error, error_size, "enclosures", r.bad);
    }

    s = store->stmt[ST_SEL_BAYS];
    FOR_ROWS("bays", s)
    {
        read_start(&r, s);
        int64_t epos = read_i64(&r);
        int64_t slot = read_i64(&r);
        if (epos < 0 || epos >= d->n_enclosures || slot < 0 || slot >= DOMAIN_BAYS)
            return load_bad(error, error_size, "bays", "slot");
        struct domain_bay *bay = &d->enclosures[epos].bays[slot];
        struct domain_blade *bl = &bay->blade;
        bay->number = read_uint(&r, "number");
        read_text(&r, bay->device);
        read_text(&r, bay->profile);
        bl->present = read_bool(&r);
        bl->powered_on = read_bool(&r);
        bl->flex10 = read_bool(&r);
        bl->physical_ports = read_uint(&r, "physical_ports");
        read_text(&r, bl->model);
        read_text(&r, bl->factory_serial);
        read_text(&r, bl->factory_uuid);
        for (unsigned k = 0; k < DOMAIN_PHYSICAL_PORTS * 4; k++)
            bl->factory_mac[k] = read_u64(&r);
        for (unsigned k = 0; k < DOMAIN_MAX_FC; k++)
            bl->factory_wwpn[k] = read_u64(&r);
        if (r.bad)
            return load_bad(error, error_size, "bays", r.bad);
    }
    return 0;
}

static int load_uplinks_networks(struct store *store, struct domain *d, char *error,
                                 size_t error_size)
{
    sqlite3_stmt *s = store->stmt[ST_SEL_UPLINK_SETS];
    struct reader r = {.bad = NULL};
    FOR_ROWS("uplink_sets", s)
    {
        read_start(&r, s);
        int64_t pos = read_i64(&r);
        if (pos != d->n_uplink_sets || pos >= DOMAIN_MAX_UPLINK_SETS)
            return load_bad(error, error_size, "uplink_sets", "position");
        struct domain_uplink_set *us = &d->uplink_sets[d->n_uplink_sets++];
        read_text(&r, us->name);
        us->mode = (enum domain_uplink_mode)read_i64(&r);
        if (r.bad)
            return load_bad(error, error_size, "uplink_sets", r.bad);
    }

    s = store->stmt[ST_SEL_UPLINK_PORTS];
    FOR_ROWS("uplink_ports", s)
    {
        read_start(&r, s);
        int64_t pos = read_i64(&r);
        if (pos != d->n_uplink_ports || pos >= DOMAIN_MAX_UPLINKS)
            return load_bad(error, error_size, "uplink_ports", "position");
        struct domain_uplink_port *up = &d->uplink_ports[d->n_uplink_ports++];
        read_text(&r, up->id);
        read_text(&r, up->port);
        read_text(&r, up->device);
        read_text(&r, up->uplink_set);
        up->speed_mbps = read_uint(&r, "speed_mbps");
        if (r.bad)
            return load_bad(error, error_size, "uplink_ports", r.bad);
    }

    s = store->stmt[ST_SEL_NETWORKS];
    FOR_ROWS("networks", s)
    {
        read_start(&r, s);
        int64_t pos = read_i64(&r);
        if (pos != d->n_networks || pos >= DOMAIN_MAX_NETWORKS)
            return load_bad(error, error_size, "networks", "position");
        struct domain_network *n = &d->networks[d->n_networks++];
        read_text(&r, n->name);
        read_text(&r, n->uplink_set);
        n->vlan = read_uint(&r, "vlan");
        n->native = read_bool(&r);
        read_text(&r, n->dedicated_uplink);
        n->tunnel = read_bool(&r);
        n->private_network = read_bool(&r);
        n->smart_link = read_bool(&r);
        n->enabled = read_bool(&r);
        n->preferred_speed_mbps = read_uint(&r, "preferred_speed_mbps");
        n->max_speed_mbps = read_uint(&r, "max_speed_mbps");
        n->mac_limit = read_uint(&r, "mac_limit");
        n->number = read_uint(&r, "number");
        if (r.bad)
            return load_bad(error, error_size, "networks", r.bad);
    }
    return 0;
}

static int load_profiles(struct store *store, struct domain *d, char *error, size_t error_size)
{
    sqlite3_stmt *s = store->stmt[ST_SEL_PROFILES];
    struct reader r = {.bad = NULL};
    FOR_ROWS("profiles", s)
    {
        read_start(&r, s);
        int64_t pos = read_i64(&r);
        if (pos != d->n_profiles || pos >= DOMAIN_MAX_PROFILES)
            return load_bad(error, error_size, "profiles", "position");
        struct domain_profile *p = &d->profiles[d->n_profiles++];
        read_text(&r, p->name);
        read_text(&r, p->serial);
        read_text(&r, p->uuid);
        read_text(&r, p->enclosure);
        p->bay = read_uint(&r, "bay");
        p->number = read_uint(&r, "number");
        if (r.bad)
            return load_bad(error, error_size, "profiles", r.bad);
    }

    s = store->stmt[ST_SEL_ENET];
    FOR_ROWS("enet_connections", s)
    {
        read_start(&r, s);
        int64_t ppos = read_i64(&r);
        int64_t cpos = read_i64(&r);
        if (ppos < 0 || ppos >= d->n_profiles)
            return load_bad(error, error_size, "enet_connections", "profile");
        struct domain_profile *p = &d->profiles[ppos];
        if (cpos != p->n_enet || cpos >= DOMAIN_MAX_ENET)
            return load_bad(error, error_size, "enet_connections", "position");
        struct domain_enet_connection *e = &p->enet[p->n_enet++];
        e->index = read_uint(&r, "idx");
        read_text(&r, e->network);
        e->pxe = (enum domain_pxe)read_i64(&r);
        e->speed_type = (enum domain_speed_type)read_i64(&r);
        e->speed_mbps = read_uint(&r, "speed_mbps");
        e->mac_source = (enum domain_address_source)read_i64(&r);
        e->mac = read_u64(&r);
        e->iscsi_mac = read_u64(&r);
        if (r.bad)
            return load_bad(error, error_size, "enet_connections", r.bad);
    }

    s = store->stmt[ST_SEL_PORT_MAP];
    FOR_ROWS("port_map", s)
    {
        read_start(&r, s);
        int64_t ppos = read_i64(&r);
        int64_t cpos = read_i64(&r);
        int64_t mpos = read_i64(&r);
        if (ppos < 0 || ppos >= d->n_profiles || cpos < 0 || cpos >= d->profiles[ppos].n_enet)
            return load_bad(error, error_size, "port_map", "connection");
        struct domain_enet_connection *e = &d->profiles[ppos].enet[cpos];
        if (mpos != e->n_port_map || mpos >= DOMAIN_MAX_PORT_MAP)
            return load_bad(error, error_size, "port_map", "position");
        struct domain_port_map_entry *pm = &e->port_map[e->n_port_map++];
        read_text(&r, pm->network);
        pm->vlan = read_uint(&r, "vlan");
        pm->untagged = read_bool(&r);
        if (r.bad)
            return load_bad(error, error_size, "port_map", r.bad);
    }

    s = store->stmt[ST_SEL_FC];
    FOR_ROWS("fc_connections", s)
    {
        read_start(&r, s);
        int64_t ppos = read_i64(&r);
        int64_t cpos = read_i64(&r);
        if (ppos < 0 || ppos >= d->n_profiles)
            return load_bad(error, error_size, "fc_connections", "profile");
        struct domain_profile *p = &d->profiles[ppos];
        if (cpos != p->n_fc || cpos >= DOMAIN_MAX_FC)
            return load_bad(error, error_size, "fc_connections", "position");
        struct domain_fc_connection *f = &p->fc[p->n_fc++];
        f->index = read_uint(&r, "idx");
        f->fcoe = read_bool(&r);
        read_text(&r, f->fabric);
        f->speed_type = (enum domain_speed_type)read_i64(&r);
        f->speed_mbps = read_uint(&r, "speed_mbps");
        f->wwn_source = (enum domain_address_source)read_i64(&r);
        f->wwpn = read_u64(&r);
        f->wwnn = read_u64(&r);
        f->boot_enabled = read_bool(&r);
        f->boot_target_wwpn = read_u64(&r);
        f->boot_lun = read_uint(&r, "boot_lun");
        if (r.bad)
            return load_bad(error, error_size, "fc_connections", r.bad);
    }
    return 0;
}

/* reset_selects: reset every select (after an early return mid-rows). */
static void reset_selects(struct store *store)
{
    for (int i = ST_SEL_DOMAIN; i <= ST_FK_CHECK; i++)
        sqlite3_reset(store->stmt[i]);
}

int store_load(struct store *store, struct domain *d, char *error, size_t error_size)
{
    int ret;

    if (!store || !d || !d->networks || !d->profiles)
        return set_error(error, error_size, -EINVAL, "store: NULL argument");
    /* One read transaction: one consistent snapshot of every table. */
    if (run(store, ST_BEGIN) != SQLITE_DONE)
        return db_error(store->db, error, error_size, "store: begin");
    ret = load_domain(store, d, error, error_size);
    if (ret == 0)
        ret = load_ranges(store, d, error, error_size);
    if (ret == 0)
        ret = load_enclosures(store, d, error, error_size);
    if (ret == 0)
        ret = load_uplinks_networks(store, d, error, error_size);
    if (ret == 0)
        ret = load_profiles(store, d, error, error_size);
    reset_selects(store);
    run(store, ST_ROLLBACK); /* read-only: nothing to commit */
    if (ret != 0 && ret != -ENOENT)
        domain_clear(d);
    return ret;
}

/* --------------------------------------------------------------- pools */

/* rebuild_ranges: add the ranges of one kind to `pool`. */
static int rebuild_ranges(struct pool *pool, enum pool_kind kind, const struct domain_range *r,
                          unsigned n, char *error, size_t error_size)
{
    char message[256];
    for (unsigned i = 0; i < n; i++) {
        int ret;
        message[0] = '\0';
        if (r[i].predefined >= 0) {
            uint64_t start, end;
            if (pool_predefined_range(kind, (unsigned)r[i].predefined, &start, &end) != 0 ||
                start != r[i].start || end != r[i].end)
                return set_error(error, error_size, -EINVAL,
                                 "store: %s range %u: not the bounds of pre-defined range %d",
                                 pool_kind_name(kind), i + 1, r[i].predefined);
            ret = pool_range_add_predefined(pool, (unsigned)r[i].predefined, message,
                                            sizeof(message));
        } else {
            ret = pool_range_add(pool, r[i].start, r[i].end, message, sizeof(message));
        }
        if (ret)
            return set_error(error, error_size, ret, "store: %s range %u: %s", pool_kind_name(kind),
                             i + 1, message);
    }
    return 0;
}

/* claim: pool_claim `address` for `owner` (the message names it). */
static int claim(struct pool *pool, uint64_t address, const char *owner, char *error,
                 size_t error_size)
{
    char message[256] = "", text[POOL_ADDRESS_STR_MAX];
    if (!pool || address == 0)
        return 0;
    int ret = pool_claim(pool, address, message, sizeof(message));
    if (ret == 0)
        return 0;
    if (pool_format_address(pool_kind(pool), address, text, sizeof(text)) != 0)
        snprintf(text, sizeof(text), "%#llx", (unsigned long long)address);
    return set_error(error, error_size, ret, "store: %s %s of %s: %s",
                     pool_kind_name(pool_kind(pool)), text, owner, message);
}

/* pool_usable: `pool` is NULL, or of `kind` and empty. */
static bool pool_usable(const struct pool *pool, enum pool_kind kind)
{
    struct pool_counts counts;
    if (!pool)
        return true;
    if (pool_kind(pool) != kind)
        return false;
    pool_counts(pool, &counts);
    return counts.ranges == 0 && counts.in_use == 0 && counts.external == 0;
}

int store_rebuild_pools(const struct domain *d, struct pool *mac, struct pool *wwn,
                        struct pool *serial, char *error, size_t error_size)
{
    char owner[160];
    int ret;

    if (!d)
        return set_error(error, error_size, -EINVAL, "store: NULL domain");
    if (!pool_usable(mac, POOL_KIND_MAC) || !pool_usable(wwn, POOL_KIND_WWN) ||
        !pool_usable(serial, POOL_KIND_SERIAL))
        return set_error(error, error_size, -EINVAL,
                         "store: rebuild needs empty pools of the right kinds");
    if ((ret = check_counts(d, error, error_size)))
        return ret;
    if ((mac && (ret = rebuild_ranges(mac, POOL_KIND_MAC, d->pools.mac_ranges,
                                      d->pools.n_mac_ranges, error, error_size))) ||
        (wwn && (ret = rebuild_ranges(wwn, POOL_KIND_WWN, d->pools.wwn_ranges,
                                      d->pools.n_wwn_ranges, error, error_size))) ||
        (serial && (ret = rebuild_ranges(serial, POOL_KIND_SERIAL, d->pools.serial_ranges,
                                         d->pools.n_serial_ranges, error, error_size))))
        return ret;

    for (unsigned i = 0; i < d->n_profiles; i++) {
        const struct domain_profile *p = &d->profiles[i];
        for (unsigned c = 0; c < p->n_enet; c++) {
            const struct domain_enet_connection *e = &p->enet[c];
            if (e->mac_source == DOMAIN_ADDRESS_FACTORY)
                continue;
            snprintf(owner, sizeof(owner), "profile %.64s Ethernet connection %u", p->name,
                     e->index);
            if ((ret = claim(mac, e->mac, owner, error, error_size)) ||
                (ret = claim(mac, e->iscsi_mac, owner, error, error_size)))
                return ret;
        }
        for (unsigned c = 0; c < p->n_fc; c++) {
            const struct domain_fc_connection *f = &p->fc[c];
            if (f->wwn_source == DOMAIN_ADDRESS_FACTORY)
                continue;
            snprintf(owner, sizeof(owner), "profile %.64s FC connection %u", p->name, f->index);
            if ((ret = claim(wwn, f->wwpn, owner, error, error_size)) ||
                (ret = claim(wwn, f->wwnn, owner, error, error_size)))
                return ret;
        }
        uint64_t number;
        if (serial && strnlen(p->serial, sizeof(p->serial)) < sizeof(p->serial) &&
            pool_parse_address(POOL_KIND_SERIAL, p->serial, &number) == 0) {
            snprintf(owner, sizeof(owner), "profile %.64s", p->name);
            if ((ret = claim(serial, number, owner, error, error_size)))
                return ret;
        }
    }
    return 0;
}

/* --------------------------------------------------------------- audit */

int store_audit(struct store *store, const char *user, const char *origin, const char *command,
                const char *result, char *error, size_t error_size)
{
    struct timespec now;
    sqlite3_stmt *s;
    int ret = 0;

    if (!store)
        return set_error(error, error_size, -EINVAL, "store: NULL argument");
    clock_gettime(CLOCK_REALTIME, &now);
    s = store->stmt[ST_INS_AUDIT];
    sqlite3_bind_int64(s, 1, (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000);
    sqlite3_bind_text(s, 2, user ? user : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, origin ? origin : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, command ? command : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, result ? result : "", -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE)
        ret = db_error(store->db, error, error_size, "store: audit");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return ret;
}

int store_audit_list(struct store *store, unsigned limit,
                     int (*row)(void *arg, const struct store_audit_entry *entry), void *arg,
                     char *error, size_t error_size)
{
    sqlite3_stmt *s;
    int ret = 0, rc;

    if (!store || !row)
        return set_error(error, error_size, -EINVAL, "store: NULL argument");
    s = store->stmt[ST_SEL_AUDIT];
    sqlite3_bind_int64(s, 1, limit ? (int64_t)limit : -1);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_audit_entry entry = {
            .id = sqlite3_column_int64(s, 0),
            .time_us = sqlite3_column_int64(s, 1),
            .user = (const char *)sqlite3_column_text(s, 2),
            .origin = (const char *)sqlite3_column_text(s, 3),
            .command = (const char *)sqlite3_column_text(s, 4),
            .result = (const char *)sqlite3_column_text(s, 5),
        };
        if ((ret = row(arg, &entry)) != 0)
            break;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = db_error(store->db, error, error_size, "store: audit list");
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return ret;
}
