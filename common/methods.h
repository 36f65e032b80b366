/*
 * methods: the one list of JSON-RPC methods spoken between OpenVC
 * processes, with the process that serves each. Servers dispatch from it;
 * clients name methods through it, so a typo is a compile error.
 *
 * DATAPLANE: X(enum suffix, wire name, one-line help)
 * MANAGER:   X(enum suffix, wire name, role, one-line help), where role is
 *            the suffix of the enum method_role a caller needs (NONE: a
 *            query anybody may make, read-only users included).
 */
#ifndef OPENVC_COMMON_METHODS_H
#define OPENVC_COMMON_METHODS_H

/* served by vc-dataplane on its control socket (docs/dataplane-protocol.md) */
#define DATAPLANE_FOREACH_METHOD(X)                                                                \
    X(APPLY, "dataplane.apply", "apply a whole configuration document")                            \
    X(CONFIG, "dataplane.config", "the running configuration document")                            \
    X(STATUS, "dataplane.status", "generation, workers, MAC table use, uptime")                    \
    X(PORTS, "dataplane.ports", "ports with link state, FlexNICs and counters")                    \
    X(COUNTERS, "dataplane.counters", "counters of ports, FlexNICs, vNets and drop reasons")       \
    X(MAC_TABLE, "dataplane.mac_table", "learned and static MACs, one page at a time")             \
    X(FLUSH, "dataplane.flush", "forget learned MACs of a vNet, a port or all")                    \
    X(SUBSCRIBE, "dataplane.subscribe", "receive events on this connection")                       \
    X(CLOCK, "dataplane.clock", "stop, resume or warp the clock (--test-clock only)")              \
    X(PORT_PROTECT_RESET, "dataplane.port_protect_reset",                                          \
      "re-enable server ports disabled by port protection")

enum dataplane_method {
#define DATAPLANE_METHOD_ENUM(name, wire, help) DATAPLANE_METHOD_##name,
    DATAPLANE_FOREACH_METHOD(DATAPLANE_METHOD_ENUM)
#undef DATAPLANE_METHOD_ENUM
        DATAPLANE_METHOD_COUNT
};

/* The roles of VC-REFERENCE.md ("Users and roles"): a user holds any
 * combination (a bit mask of 1 << role); one without any may only query. */
enum method_role {
    METHOD_ROLE_NONE = 0, /* queries: anybody */
    METHOD_ROLE_DOMAIN,   /* users, domain settings, SNMP, firmware, backup/restore */
    METHOD_ROLE_NETWORK,  /* networks, uplink sets, MAC ranges */
    METHOD_ROLE_SERVER,   /* profiles, assignment, power */
    METHOD_ROLE_STORAGE,  /* WWNs, fabrics */
    METHOD_ROLE_COUNT
};

/* served by vc-manager on its socket (docs/manager-protocol.md) */
#define MANAGER_FOREACH_METHOD(X)                                                                  \
    X(DOMAIN_SHOW, "domain.show", NONE, "domain settings, generation, dataplane sync state")       \
    X(DOMAIN_SET, "domain.set", DOMAIN, "name, MAC aging, address sources")                        \
    X(NETWORK_ADD, "network.add", NETWORK, "add a network (vNet)")                                 \
    X(NETWORK_SET, "network.set", NETWORK, "change properties of a network")                       \
    X(NETWORK_REMOVE, "network.remove", NETWORK, "remove a network")                               \
    X(NETWORK_SHOW, "network.show", NONE, "networks")                                              \
    X(UPLINKSET_ADD, "uplinkset.add", NETWORK, "add a shared uplink set")                          \
    X(UPLINKSET_REMOVE, "uplinkset.remove", NETWORK, "remove an uplink set")                       \
    X(UPLINKSET_SHOW, "uplinkset.show", NONE, "uplink sets and uplink ports")                      \
    X(UPLINKPORT_ADD, "uplinkport.add", NETWORK, "put an uplink port into a set")                  \
    X(UPLINKPORT_REMOVE, "uplinkport.remove", NETWORK, "take an uplink port out of its set")       \
    X(PROFILE_ADD, "profile.add", SERVER, "add a server profile with Ethernet connections")        \
    X(PROFILE_REMOVE, "profile.remove", SERVER, "remove a server profile")                         \
    X(PROFILE_SHOW, "profile.show", NONE, "server profiles with connections and addresses")        \
    X(PROFILE_ASSIGN, "profile.assign", SERVER, "assign a profile to a device bay (or move it)")   \
    X(PROFILE_UNASSIGN, "profile.unassign", SERVER, "unassign a profile")                          \
    X(ENET_ADD, "enet_connection.add", SERVER, "add an Ethernet connection to a profile")          \
    X(ENET_SET, "enet_connection.set", SERVER, "network, speed, PXE of an Ethernet connection")    \
    X(ENET_REMOVE, "enet_connection.remove", SERVER, "remove the last Ethernet connection")        \
    X(PORT_MAP_ADD, "server_port_map.add", SERVER, "map a server VLAN to a network")               \
    X(PORT_MAP_REMOVE, "server_port_map.remove", SERVER, "unmap a network")                        \
    X(FCOE_ADD, "fcoe_connection.add", STORAGE, "add an FCoE connection (FlexNIC b) to a profile") \
    X(FCOE_SET, "fcoe_connection.set", STORAGE, "fabric, speed, boot of an FCoE connection")       \
    X(FCOE_REMOVE, "fcoe_connection.remove", STORAGE, "remove a profile's last FCoE connection")   \
    X(FC_ADD, "fc_connection.add", STORAGE, "add an FC connection to a profile")                   \
    X(FC_SET, "fc_connection.set", STORAGE, "fabric, speed, boot of an FC connection")             \
    X(FC_REMOVE, "fc_connection.remove", STORAGE, "remove a profile's last FC connection")         \
    X(ENCLOSURE_IMPORT, "enclosure.import", DOMAIN, "import an enclosure of the wiring")          \
    X(ENCLOSURE_SHOW, "enclosure.show", NONE, "enclosures the OA sees and whether imported")       \
    X(SERVER_SHOW, "server.show", NONE, "device bays: blades, power, assigned profiles")           \
    X(SERVER_POWER, "server.power", SERVER, "power the blade in a device bay on or off")           \
    X(POOL_SHOW, "pool.show", NONE, "address pools: sources, ranges, use")                         \
    X(POOL_RANGE_ADD, "pool.range_add", NETWORK, "add a pre-defined or user range to a pool")      \
    X(POOL_RANGE_REMOVE, "pool.range_remove", NETWORK, "remove a range from a pool")               \
    X(INTERCONNECT_PORTS, "interconnect.ports", NONE, "ports: link state, FlexNICs, counters")     \
    X(INTERCONNECT_COUNTERS, "interconnect.counters", NONE, "counters of ports, FlexNICs, vNets")  \
    X(INTERCONNECT_MAC_TABLE, "interconnect.mac_table", NONE, "learned MACs, one page at a time")  \
    X(STATUS_SHOW, "status.show", NONE, "managed status and reason of every object")               \
    X(PORT_PROTECT_RESET, "port_protect.reset", DOMAIN,                                            \
      "re-enable ports port protection disabled")                                                  \
    X(SNMP_SHOW, "snmp.show", NONE, "SNMP settings (v3 keys left out) and their generation")       \
    X(SNMP_SET, "snmp.set", DOMAIN, "SNMP on/off, read community, system contact and location")    \
    X(SNMP_TRAP_ADD, "snmp_trap.add", DOMAIN, "add a trap destination (v1/v2c community or v3)")   \
    X(SNMP_TRAP_REMOVE, "snmp_trap.remove", DOMAIN, "remove a trap destination")                   \
    X(SNMP_USER_ADD, "snmp_user.add", DOMAIN, "add an SNMPv3 user (SHA, AES)")                     \
    X(SNMP_USER_REMOVE, "snmp_user.remove", DOMAIN, "remove an SNMPv3 user")                       \
    X(SNMP_ACCESS_ADD, "snmp_access.add", DOMAIN, "allow a network to use the read community")     \
    X(SNMP_ACCESS_REMOVE, "snmp_access.remove", DOMAIN, "remove a network from the access list")   \
    X(USER_ADD, "user.add", DOMAIN, "add a local user (password, roles, SSH keys)")                \
    X(USER_SET, "user.set", DOMAIN, "change a local user")                                         \
    X(USER_REMOVE, "user.remove", DOMAIN, "remove a local user")                                   \
    X(USER_SHOW, "user.show", NONE, "local users and their roles (never a password)")              \
    X(USER_SECURITY_SHOW, "user_security.show", NONE, "password rules")                            \
    X(USER_SECURITY_SET, "user_security.set", DOMAIN, "minimum password length, strong passwords") \
    X(SESSION_LOGIN, "session.login", NONE, "check a user's password or SSH key, give the roles")  \
    X(CLI_EXECUTE, "cli.execute", NONE,                                                            \
      "run a line of VC CLI commands as a user (roles per command)")

enum manager_method {
#define MANAGER_METHOD_ENUM(name, wire, role, help) MANAGER_METHOD_##name,
    MANAGER_FOREACH_METHOD(MANAGER_METHOD_ENUM)
#undef MANAGER_METHOD_ENUM
        MANAGER_METHOD_COUNT
};

/* notification sent by vc-dataplane to subscribers */
#define DATAPLANE_EVENT_METHOD "dataplane.event"

#endif
