#!/bin/bash
# test_manager_identity: identity follows the bay, and vNets stay apart,
# through every kind of profile change -- real vc-manager, real
# vc-dataplane, netns blades. A profile's MAC and logical serial appear in
# the bay it is assigned to (eth0 and the OA's identity record) and leave
# the bay it moves from (back to the blade's own); the moved blade talks on
# its network again and never reaches the other network; an unassigned blade
# reaches nobody; a connection with multiple networks (server-port-map)
# carries the untagged network untagged and the other on its server VLAN,
# and loses it when it is unmapped; an FCoE connection takes FlexNIC b in
# the dataplane; server.power takes a blade off the network and back.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
vc_init manager_identity

vc_start_domain
vc_mgr_each \
    'domain.set {"serial_source":"pool"}' \
    'pool.range_add {"kind":"serial","start":"VCX0000100","end":"VCX0000199"}' \
    'network.add {"name":"NetA"}' \
    'network.add {"name":"NetB"}' \
    'profile.add {"name":"A1","networks":["NetA"]}' \
    'profile.add {"name":"B1","networks":["NetB"]}' \
    'profile.add {"name":"Mover","networks":["NetA"]}' \
    'profile.assign {"name":"A1","bay":1}' \
    'profile.assign {"name":"B1","bay":2}' \
    'profile.assign {"name":"Mover","bay":3}'
vc_wait_synced
for b in 1 2 3 4; do
    vc_exec "bay$b" ip addr add "10.81.0.$b/24" dev eth0
    vc_exec "bay$b" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
done

# identity BAY KEY: the serial/uuid the OA pushed into the bay last
identity() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['$2'])" "$VC_WORK/$VC_ID-bay$1.identity"; }
pmq() { vc_mq profile.show "{\"name\":\"$1\"}" "d['profiles'][0]$2"; }
factory() { vc_mq server.show "{\"bay\":$1}" "d['servers'][0]['$2']"; }
reach() { vc_until 50 vc_ping "bay$1" "$2" 2; }
no_reach() { ! vc_ping "bay$1" "$2" 3; }
# isolated: from bay $1 nothing of NetB (bay 2) answers
isolated() { no_reach "$1" 10.81.0.2 || fail "$2: bay $1 reaches bay 2 on NetB"; }

serial=$(pmq Mover "['serial']"); mac=$(pmq Mover "['enet_connections'][0]['mac']")
[[ $serial == VCX00001* ]] || fail "Mover has serial '$serial', not one of the pool"
uuid=$(pmq Mover "['uuid']")
[[ $uuid =~ ^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$ ]] ||
    fail "Mover has UUID '$uuid', not a new random one"
[ "$(identity 3 uuid)" = "$uuid" ] || fail "bay 3 has UUID $(identity 3 uuid), Mover $uuid"
[ "$(identity 3 serial)" = "$serial" ] && [ "$(vc_blade_mac 3)" = "$mac" ] ||
    fail "bay 3 has serial $(identity 3 serial) MAC $(vc_blade_mac 3), Mover $serial $mac"
reach 3 10.81.0.1 || fail "bay 3 (Mover, NetA) cannot reach bay 1 on NetA"
isolated 3 "assigned"
pass "bay 3 wears Mover ($serial, $uuid, $mac), reaches NetA, not NetB"

vc_mgr profile.assign '{"name":"Mover","bay":4}' >/dev/null
vc_wait_synced
[ "$(identity 4 serial)" = "$serial" ] && [ "$(vc_blade_mac 4)" = "$mac" ] ||
    fail "after the move bay 4 has serial $(identity 4 serial) MAC $(vc_blade_mac 4), Mover $serial $mac"
[ "$(identity 3 serial)" = "$(factory 3 serial)" ] && [ "$(vc_blade_mac 3)" = "$(factory 3 factory_mac)" ] ||
    fail "bay 3 kept serial $(identity 3 serial) MAC $(vc_blade_mac 3) after the move"
[ "$(identity 4 uuid)" = "$uuid" ] && [ "$(identity 3 uuid)" = "$(factory 3 uuid)" ] ||
    fail "after the move bay 4 has UUID $(identity 4 uuid), bay 3 $(identity 3 uuid) (Mover $uuid)"
reach 4 10.81.0.1 || fail "bay 4 cannot reach bay 1 after the move"
isolated 4 "moved"
no_reach 3 10.81.0.1 || fail "bay 3, unassigned, still reaches bay 1"
pass "moved to bay 4: serial, UUID and MAC follow, bay 3 back to $(factory 3 serial); bay 4 on NetA only, bay 3 cut off"

# multiple networks: NetA untagged, NetB on server VLAN 20
vc_mgr_each \
    'profile.add {"name":"Multi","networks":[""]}' \
    'server_port_map.add {"profile":"Multi","index":1,"network":"NetA","vlan":10,"untagged":true}' \
    'server_port_map.add {"profile":"Multi","index":1,"network":"NetB","vlan":20}' \
    'profile.assign {"name":"Multi","bay":3}'
vc_wait_synced
[ "$(vc_query "[(f.get('untagged_vnet'), f.get('vlans')) for f in d['document']['flexnics'] if f['port'] == 'd3']" config)" = "[('NetA', [{'vlan': 20, 'vnet': 'NetB'}])]" ] ||
    fail "the running document does not map d3 as NetA untagged + NetB on 20: $(vc_query "d['document']['flexnics']" config)"
vc_exec bay2 ip addr add 10.82.0.2/24 dev eth0
vc_subif bay3 eth0 eth0.20 c20
vc_exec bay3 ip addr add 10.82.0.3/24 dev eth0.20
vc_exec bay3 ip link set eth0.20 up
reach 3 10.81.0.1 || fail "bay 3 (Multi) cannot reach NetA untagged"
reach 3 10.82.0.2 || fail "bay 3 (Multi) cannot reach NetB on VLAN 20"
isolated 3 "multiple networks, untagged"
isolated 1 "multiple networks"
no_reach 1 10.82.0.2 || fail "bay 1 (NetA) reaches NetB's 10.82.0.2"
pass "server-port-map: bay 3 reaches NetA untagged and NetB on VLAN 20; bay 1 still only NetA"

vc_mgr server_port_map.remove '{"profile":"Multi","index":1,"network":"NetB"}' >/dev/null
vc_wait_synced
no_reach 3 10.82.0.2 || fail "bay 3 still reaches NetB after the unmap"
reach 3 10.81.0.1 || fail "bay 3 lost NetA with NetB's unmap"
pass "unmapped NetB: bay 3 keeps NetA, loses NetB"

# FCoE on Mover (bay 4): FlexNIC b, LOM:1-b, no vNet on it
vc_mgr fcoe_connection.add '{"profile":"Mover","fabric":"SAN-A"}' >/dev/null
vc_wait_synced
[ "$(pmq Mover "['fcoe_connections'][0]['port']")" = "LOM:1-b" ] || fail "FCoE is not on LOM:1-b"
wwpn=$(pmq Mover "['fcoe_connections'][0]['wwpn']")
[ "$(vc_query "[f.get('vnet') for f in d['document']['flexnics'] if f['port'] == 'd4' and f['flexnic'] == 'b']" config)" = "[None]" ] ||
    fail "the running document has no vNet-less FlexNIC d4-b: $(vc_query "d['document']['flexnics']" config)"
vc_mgr fcoe_connection.remove '{"profile":"Mover"}' >/dev/null
vc_wait_synced
[ "$(vc_query "len([f for f in d['document']['flexnics'] if f['port'] == 'd4' and f['flexnic'] == 'b'])" config)" = 0 ] ||
    fail "d4-b still in the running document after the FCoE connection went"
[ "$(vc_mq pool.show '{}' "d['wwn']['in_use']")" = 0 ] || fail "WWN $wwpn not back in the pool"
pass "FCoE: WWPN $wwpn on d4-b (LOM:1-b) in the dataplane, gone with the connection, WWNs back in the pool"

# power: off takes bay 1 off the network, on brings it back
vc_mgr server.power '{"bay":1,"power":"off"}' >/dev/null
[ "$(vc_mq server.show '{"bay":1}' "d['servers'][0]['powered_on']")" = False ] || fail "bay 1 still powered"
no_reach 4 10.81.0.1 || fail "bay 1 answers while powered off"
vc_mgr server.power '{"bay":1,"power":"on"}' >/dev/null
[ "$(vc_mq server.show '{"bay":1}' "d['servers'][0]['powered_on']")" = True ] || fail "bay 1 not powered on"
reach 4 10.81.0.1 || fail "bay 1 does not answer once powered on again"
isolated 1 "power cycle"
pass "server.power off/on: bay 1 leaves and rejoins NetA, still apart from NetB"
vc_stop_manager
