#!/bin/bash
# test_manager_bad_input: every kind of invalid request to vc-manager (a
# table below: method, params, the JSON-RPC error code it must get) is
# refused with that code and a message, and changes nothing: the store's
# domain tables (`sqlite3 .dump`, the audit rows aside, which record the
# refusals) and the generation are byte for byte what they were, and the
# dataplane keeps the same generation. Then the manager still takes a
# valid request. Real vc-manager, real vc-dataplane, netns blades.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
vc_init manager_bad_input
command -v sqlite3 >/dev/null || fail "sqlite3 (the CLI) is missing: scripts/setup.sh installs it"

vc_start_domain

# a domain with one of everything the requests below refer to
vc_mgr_each \
    'uplinkset.add {"name":"SUS1"}' \
    'uplinkport.add {"port":"X1","uplink_set":"SUS1"}' \
    'network.add {"name":"Net1","uplink_set":"SUS1","vlan":10}' \
    'network.add {"name":"Net2"}' \
    'network.add {"name":"Trunk","dedicated_uplink":"enc0:1:X2","tunnel":true}' \
    'domain.set {"serial_source":"pool"}' \
    'pool.range_add {"kind":"serial","start":"VCX0000001","end":"VCX0000099"}' \
    'profile.add {"name":"Web1","networks":["Net1"]}' \
    'profile.add {"name":"Web2","networks":["Net1"]}' \
    'profile.assign {"name":"Web1","bay":1}' \
    'profile.add {"name":"Multi","networks":[""]}' \
    'server_port_map.add {"profile":"Multi","index":1,"network":"Net1","vlan":10}' \
    'server_port_map.add {"profile":"Multi","index":1,"network":"Net2","vlan":20,"untagged":true}' \
    'profile.add {"name":"Empty"}' \
    'profile.add {"name":"Stor","networks":["Net2"]}' \
    'fcoe_connection.add {"profile":"Stor","fabric":"SAN-A"}' \
    'fcoe_connection.add {"profile":"Stor","fabric":"SAN-B"}' \
    'profile.add {"name":"Fc","networks":["Net2"]}' \
    'fc_connection.add {"profile":"Fc","fabric":"SAN-A"}'
vc_wait_synced

PYTHONPATH=$VC_TOP/tests/integration python3 - "$VC_MSOCK" "$VC_STORE" "$VC_SOCKET" <<'PY' || fail "an invalid request was not refused as it should be (above)"
import json, subprocess, sys
from vc_rpc import Client

P, F, N, B = -32602, -32001, -32002, -32004  # invalid params, refused, not found, exhausted
table = [
    # profiles
    ("profile.add", {}, P),
    ("profile.add", {"name": 7}, P),
    ("profile.add", {"name": "X", "colour": "red"}, P),
    ("profile.add", {"name": "bad name"}, F),
    ("profile.add", {"name": "-dash"}, F),
    ("profile.add", {"name": "x" * 64}, F),
    ("profile.add", {"name": "Web1"}, F),
    ("profile.add", {"name": "X", "networks": "Net1"}, P),
    ("profile.add", {"name": "X", "networks": [1]}, P),
    ("profile.add", {"name": "X", "networks": ["Missing"]}, F),
    ("profile.add", {"name": "X", "networks": ["Net1"] * 9}, P),
    ("profile.add", {"name": "X", "networks": ["Net1", "Net1"], "connections": 1}, P),
    ("profile.add", {"name": "X", "connections": 9}, F),
    ("profile.add", {"name": "X", "connections": -1}, P),
    ("profile.add", {"name": "X", "networks": ["Trunk", "Net1", "Net1", "Net1", "Net1", "Net1", "Net1", "Missing"]}, F),
    ("profile.remove", {"name": "Ghost"}, N),
    ("profile.remove", {}, P),
    ("profile.show", {"name": "Ghost"}, N),
    ("profile.assign", {"name": "Ghost", "bay": 1}, N),
    ("profile.assign", {"name": "Web2", "bay": 17}, N),
    ("profile.assign", {"name": "Web2", "bay": 0}, N),
    ("profile.assign", {"name": "Web2", "bay": -1}, P),
    ("profile.assign", {"name": "Web2", "bay": "1"}, P),
    ("profile.assign", {"name": "Web2", "bay": 1}, F),
    ("profile.assign", {"name": "Web2", "enclosure": "enc9", "bay": 2}, N),
    ("profile.unassign", {"name": "Web2"}, F),
    ("profile.unassign", {"name": "Ghost"}, N),
    # Ethernet connections
    ("enet_connection.add", {"profile": "Ghost"}, N),
    ("enet_connection.add", {"profile": "Web2", "network": "Missing"}, F),
    ("enet_connection.set", {"profile": "Web1", "index": 9}, N),
    ("enet_connection.set", {"profile": "Web1", "index": 0}, N),
    ("enet_connection.set", {"profile": "Web1", "index": 1, "speed_type": "fast"}, P),
    ("enet_connection.set", {"profile": "Web1", "index": 1, "pxe": "sometimes"}, P),
    ("enet_connection.set", {"profile": "Web1", "index": 1, "speed_type": "custom", "speed_mbps": 150}, F),
    ("enet_connection.set", {"profile": "Web1", "index": 1, "speed_type": "custom", "speed_mbps": 50}, F),
    ("enet_connection.set", {"profile": "Web1", "index": 1, "speed_type": "custom", "speed_mbps": 20000}, F),
    ("enet_connection.set", {"profile": "Web1", "index": 1, "speed_type": "custom"}, F),
    ("enet_connection.set", {"profile": "Web1", "index": 1, "network": "Missing"}, F),
    ("enet_connection.set", {"profile": "Multi", "index": 1, "network": "Net1"}, F),
    ("enet_connection.remove", {"profile": "Empty"}, F),
    ("enet_connection.remove", {"profile": "Ghost"}, N),
    # server-port-map
    ("server_port_map.add", {"profile": "Web1", "index": 1, "network": "Net2", "vlan": 5}, F),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Net2", "vlan": 30}, F),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Web9", "vlan": 30}, F),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Trunk", "vlan": 30}, F),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Net1", "vlan": 30}, F),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Net1", "vlan": 0}, F),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Net1", "vlan": 4095}, F),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Net1"}, P),
    ("server_port_map.add", {"profile": "Multi", "index": 1, "network": "Net1", "vlan": 31, "untagged": "yes"}, P),
    ("server_port_map.add", {"profile": "Multi", "index": 2, "network": "Net1", "vlan": 31}, N),
    ("server_port_map.remove", {"profile": "Multi", "index": 1, "network": "Trunk"}, N),
    ("server_port_map.remove", {"profile": "Multi", "index": 3, "network": "Net1"}, N),
    # FCoE and FC
    ("fcoe_connection.add", {"profile": "Stor"}, F),
    ("fcoe_connection.add", {"profile": "Fc"}, F),
    ("fcoe_connection.add", {"profile": "Web2", "boot_enabled": True}, F),
    ("fcoe_connection.add", {"profile": "Web2", "boot_enabled": True, "boot_target": "xyz", "boot_lun": 1}, P),
    ("fcoe_connection.add", {"profile": "Web2", "fabric": "bad fabric"}, F),
    ("fcoe_connection.add", {"profile": "Web2", "speed_type": "custom", "speed_mbps": 150}, F),
    ("fcoe_connection.add", {"profile": "Ghost"}, N),
    ("fcoe_connection.set", {"profile": "Stor", "index": 3}, N),
    ("fcoe_connection.set", {"profile": "Fc", "index": 1}, N),
    ("fcoe_connection.set", {"profile": "Stor", "index": 1, "boot_enabled": True}, F),
    ("fcoe_connection.remove", {"profile": "Fc"}, N),
    ("fc_connection.add", {"profile": "Stor"}, F),
    ("fc_connection.remove", {"profile": "Stor"}, N),
    ("fc_connection.set", {"profile": "Fc", "index": 1, "speed_type": "custom", "speed_mbps": 20000}, F),
    # servers
    ("server.power", {"bay": 17, "power": "on"}, N),
    ("server.power", {"bay": 9, "power": "on"}, N),
    ("server.power", {"bay": 1, "power": "maybe"}, P),
    ("server.power", {"bay": 1}, P),
    ("server.power", {"bay": 1, "power": "off", "force": True}, P),
    # networks and uplinks
    ("network.add", {"name": "Net1"}, F),
    ("network.add", {"name": "N", "uplink_set": "Nope", "vlan": 5}, F),
    ("network.add", {"name": "N", "uplink_set": "SUS1", "vlan": 4095}, F),
    ("network.add", {"name": "N", "uplink_set": "SUS1", "vlan": 10}, F),
    ("network.add", {"name": "N", "vlan": 10}, F),
    ("network.remove", {"name": "Net1"}, F),
    ("network.remove", {"name": "Ghost"}, N),
    ("network.set", {"name": "Ghost", "vlan": 5}, N),
    ("uplinkset.add", {"name": "SUS1"}, F),
    ("uplinkset.remove", {"name": "SUS1"}, F),
    ("uplinkport.add", {"port": "X9", "uplink_set": "SUS1"}, N),
    ("uplinkport.add", {"port": "X1", "uplink_set": "Nope"}, N),
    ("uplinkport.remove", {"port": "X2"}, F),
    # pools and domain
    ("pool.range_add", {"kind": "mac", "start": "01:00:00:00:00:00", "end": "01:00:00:00:00:ff"}, F),
    ("pool.range_add", {"kind": "mac", "start": "0a:00:00:00:00:ff", "end": "0a:00:00:00:00:00"}, F),
    ("pool.range_add", {"kind": "mac", "predefined": 0}, F),
    ("pool.range_add", {"kind": "mac", "predefined": 64}, F),
    ("pool.range_add", {"kind": "serial", "start": "VCX0000050", "end": "VCX0000200"}, F),
    ("pool.range_add", {"kind": "colour", "predefined": 1}, P),
    ("pool.range_add", {"kind": "mac", "start": "nonsense", "end": "0a:00:00:00:00:ff"}, P),
    ("pool.range_remove", {"kind": "mac", "predefined": 0}, F),
    ("pool.range_remove", {"kind": "wwn", "predefined": 5}, N),
    ("domain.set", {"aging_s": 0}, F),
    ("domain.set", {"mac_source": "magic"}, P),
    ("domain.set", {"name": "bad name"}, F),
    ("domain.set", {"mac_cache_refresh_s": 0}, F),
    ("domain.set", {"mac_cache_refresh_s": 31}, F),
    ("domain.set", {"mac_cache_refresh_s": "5"}, P),
    ("domain.set", {"mac_cache_enabled": "yes"}, P),
    # not a method
    ("profile.explode", {}, -32601),
]

def dump(store):
    out = subprocess.run(["sqlite3", "-readonly", store, ".dump"], check=True,
                         capture_output=True, text=True).stdout
    return [l for l in out.splitlines() if not l.startswith("INSERT INTO audit") and "sqlite_sequence" not in l]

manager, dataplane = Client(sys.argv[1]), Client(sys.argv[3])
before = dump(sys.argv[2])
generation = manager.call("domain.show")["generation"]
running = dataplane.call("dataplane.status")["generation"]
failures = 0
for i, (method, params, want) in enumerate(table, 1):
    answer = manager.request(method, params)
    error = answer.get("error") or {}
    after = dump(sys.argv[2])
    problems = []
    if error.get("code") != want:
        problems.append(f"answered {answer}, expected code {want}")
    elif not error.get("message"):
        problems.append("no message")
    if after != before:
        problems.append("the store changed: " + str(sorted(set(after) ^ set(before)))[:300])
    if manager.call("domain.show")["generation"] != generation:
        problems.append("the generation moved")
    print(f"{'FAIL' if problems else 'ok'}: {method} {json.dumps(params)[:70]} -> {error.get('code')} {error.get('message', '')[:90]}"
          + ("".join("\n    " + p for p in problems)), file=sys.stderr)
    failures += bool(problems)
# not even JSON, and a request that is not an object
failures += manager.raw(b"{nonsense").get("error", {}).get("code") != -32700
# a batch: one array of answers; members that are no request are Invalid
# Request, changing methods in it follow their roles and checks as alone
answer = manager.raw(b'[1, {"jsonrpc": "2.0", "id": 5, "method": "domain.show"},'
                     b' {"jsonrpc": "2.0", "id": 6, "method": "network.add", "params": {"name": ""}}]')
if not (isinstance(answer, list) and len(answer) == 3
        and answer[0].get("error", {}).get("code") == -32600
        and answer[1].get("id") == 5 and answer[1].get("result", {}).get("name")
        and answer[2].get("id") == 6 and answer[2].get("error", {}).get("code") == -32602):
    print(f"FAIL: batch answered {str(answer)[:300]}", file=sys.stderr)
    failures += 1
failures += manager.raw(b"[]").get("error", {}).get("code") != -32600
failures += dump(sys.argv[2]) != before
if dataplane.call("dataplane.status")["generation"] != running:
    print("FAIL: the dataplane got a new generation", file=sys.stderr)
    failures += 1
print(f"{len(table) + 2 - failures} of {len(table) + 2} invalid requests refused as expected", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
pass "every invalid request refused with its code, store and generation unchanged"

# the refusals are audited; a valid request still works
[ "$(sqlite3 -readonly "$VC_STORE" "SELECT count(*) FROM audit WHERE result LIKE 'ERROR:%'")" -ge 60 ] ||
    fail "the refusals are not in the audit"
vc_mgr profile.add '{"name":"After"}' >/dev/null || fail "a valid request after the bad ones was refused"
pass "refusals audited; a valid request is taken afterwards"
vc_stop_manager
