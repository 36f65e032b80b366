#!/bin/bash
# test_manager: vc-manager end to end -- a real vc-dataplane, the netns OA
# driver with the demo wiring, and the manager's JSON-RPC socket
# (vc-dpctl call). Profiles' MACs must show up on the blades' eth0, blades
# must talk through the dataplane, a profile must move between bays, the
# state must survive a manager restart, a restarted dataplane must get the
# document back within a second, and a refused request must change nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
vc_init manager

VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}
MSOCK=$VC_WORK/manager.sock
STORE=$VC_WORK/domain.db
# what the netns OA driver makes, removed by vc_cleanup
for b in $(seq 16); do VC_HOSTS+=("$VC_ID-bay$b"); VC_LINKS+=("${VC_ID}d$b"); done

# until TRIES CMD...: run CMD every 0.1 s until it succeeds, at most TRIES times
# (local: only the helpers of the committed lib.sh are used)
until_ok() {
    local tries=$1; shift
    for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.1; done
    return 1
}
# mgr METHOD [JSON]: call the manager; mq METHOD JSON PYEXPR: one value of it
mgr() { "$VC_DPCTL" -s "$MSOCK" call "$1" "${2:-{\}}"; }
mq() { mgr "$1" "$2" | python3 -c "import json,sys; d=json.load(sys.stdin); print($3)"; }
# blade_mac BAY: eth0's MAC in the bay's namespace
blade_mac() { ip -n "$VC_ID-bay$1" link show eth0 | awk '/link\/ether/ {print $2}'; }
# profile_mac NAME: the MAC of the profile's first connection
profile_mac() { mq profile.show "{\"name\":\"$1\"}" "d['profiles'][0]['enet_connections'][0]['mac']"; }
mgr_generation() { mq domain.show '{}' "d['generation']"; }
dp_generation() { vc_dpctl status 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['generation'])" 2>/dev/null || echo 0; }
synced() { [ "$(dp_generation)" = "$(mgr_generation)" ]; }
wait_synced() { until_ok "${1:-50}" synced || fail "dataplane generation $(dp_generation), manager $(mgr_generation)"; }

start_manager() {
    "$VC_MANAGER" -f --store "$STORE" --socket "$MSOCK" --dataplane "$VC_SOCKET" \
        --wiring "$VC_TOP/configs/enclosure-demo.json" --oa netns --oa-prefix "$VC_ID" \
        --oa-work "$VC_WORK" --oa-subif "$VC_TOP/tests/integration/vlan_subif.py" \
        >>"$VC_WORK/manager.log" 2>&1 &
    MANAGER_PID=$!
    VC_DAEMONS+=($MANAGER_PID)
    until_ok 50 test -S "$MSOCK" || { cat "$VC_WORK/manager.log" >&2; fail "vc-manager did not open $MSOCK"; }
}
stop_manager() {
    kill -TERM "$MANAGER_PID"
    wait "$MANAGER_PID" || fail "vc-manager exited with $? on SIGTERM"
    [ ! -S "$MSOCK" ] || fail "manager socket left behind"
}
trap 'rc=$?; set +e; if [ $rc -ne 0 ]; then echo "---- manager log ----" >&2; tail -40 "$VC_WORK/manager.log" >&2; fi; (exit $rc); vc_cleanup' EXIT

# bad options: one line, exit 2
set +e; out=$("$VC_MANAGER" --no-such-option 2>&1); rc=$?; set -e
[ $rc -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] || fail "bad option: rc $rc, '$out'"
pass "bad option refused with exit 2"

# uplink hosts so the dataplane can open X1 and X2; the manager makes dN
vc_host ext1 X1
vc_host ext2 X2
start_manager
vc_start_dataplane
wait_synced 100
pass "new store from the wiring, document pushed (generation $(mgr_generation))"

mgr uplinkset.add '{"name":"SUS1"}' >/dev/null
mgr uplinkport.add '{"port":"X1","uplink_set":"SUS1"}' >/dev/null
mgr network.add '{"name":"Net10","uplink_set":"SUS1","vlan":10}' >/dev/null
mgr profile.add '{"name":"Web1","networks":["Net10"]}' >/dev/null
mgr profile.add '{"name":"Web2","networks":["Net10"]}' >/dev/null
mgr profile.assign '{"name":"Web1","bay":1}' >/dev/null
mgr profile.assign '{"name":"Web2","bay":2}' >/dev/null
wait_synced
MAC1=$(profile_mac Web1); MAC2=$(profile_mac Web2)
[ "$(blade_mac 1)" = "$MAC1" ] || fail "bay 1 eth0 has $(blade_mac 1), profile Web1 $MAC1"
[ "$(blade_mac 2)" = "$MAC2" ] || fail "bay 2 eth0 has $(blade_mac 2), profile Web2 $MAC2"
for b in 1 2; do
    [ "$(mq server.show "{\"bay\":$b}" "d['servers'][0]['powered_on']")" = True ] ||
        fail "bay $b blade not powered on again after the identity push"
    ip -n "$VC_ID-bay$b" link show eth0 | grep -q '[<,]UP[,>]' || fail "bay $b eth0 is down"
done
pass "assigned: bay 1 $MAC1, bay 2 $MAC2, blades powered on again"

for b in 1 2 3; do
    ip -n "$VC_ID-bay$b" addr add "10.77.0.$b/24" dev eth0
    ip netns exec "$VC_ID-bay$b" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1 || true
    ethtool -K "${VC_ID}d$b" tx off tso off gso off gro off >/dev/null 2>&1 || true
done
ping_ok() { ip netns exec "$VC_ID-bay$1" ping -c 2 -i 0.2 -W 1 "$2" >/dev/null 2>&1; }
until_ok 50 ping_ok 1 10.77.0.2 || fail "bay 1 cannot ping bay 2"
pass "bay 1 pings bay 2 through the dataplane"

mgr profile.unassign '{"name":"Web2"}' >/dev/null
[ "$(blade_mac 2)" = "0a:00:00:00:02:00" ] || fail "bay 2 eth0 has $(blade_mac 2) after unassign"
pass "unassigned: bay 2 back to its factory MAC"

mgr profile.assign '{"name":"Web1","bay":3}' >/dev/null
wait_synced
[ "$(blade_mac 3)" = "$MAC1" ] || fail "bay 3 eth0 has $(blade_mac 3), profile Web1 $MAC1"
[ "$(blade_mac 1)" = "0a:00:00:00:01:00" ] || fail "bay 1 kept $(blade_mac 1) after the move"
mgr profile.assign '{"name":"Web2","bay":2}' >/dev/null
wait_synced
until_ok 50 ping_ok 3 10.77.0.2 || fail "bay 3 cannot ping bay 2 after the move"
pass "moved Web1 bay 1 -> bay 3: MAC follows, ping works"

before=$(mgr profile.show)
stop_manager
start_manager
after=$(mgr profile.show)
[ "$before" = "$after" ] || fail "profiles differ after a manager restart"
[ "$(blade_mac 3)" = "$MAC1" ] && [ "$(blade_mac 2)" = "$MAC2" ] || fail "MACs lost after restart"
wait_synced
pass "manager restart: same profiles and MACs"

pushes() { mq domain.show '{}' "d['dataplane']['pushes']"; }
repushed() { [ "$(pushes)" -gt "$1" ]; }
p0=$(pushes)
kill -KILL "$VC_DATAPLANE_PID"; wait "$VC_DATAPLANE_PID" 2>/dev/null || true
rm -f "$VC_SOCKET"
vc_start_dataplane
# from the moment the new dataplane answers: the manager's own latency
until_ok 100 eval 'vc_dpctl status >/dev/null 2>&1' || fail "restarted dataplane does not answer"
t0=$(date +%s%N)
until_ok 30 repushed "$p0" || fail "the manager did not re-push after the dataplane restart"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
[ "$ms" -le 1000 ] || fail "the manager took ${ms} ms to re-push after the dataplane restart"
wait_synced 50
pass "dataplane kill -9 + restart: re-pushed after ${ms} ms, generation $(dp_generation) = manager's"
until_ok 50 ping_ok 3 10.77.0.2 || fail "bay 3 cannot ping bay 2 after the dataplane restart"

before=$(mgr profile.show); gen=$(mgr_generation)
set +e; err=$(mgr profile.add '{"name":"Bad","networks":["Missing"]}' 2>&1); rc=$?; set -e
[ $rc -ne 0 ] || fail "profile on a missing network accepted"
echo "$err" | grep -q Missing || fail "refusal does not name the network: $err"
[ "$(mgr profile.show)" = "$before" ] && [ "$(mgr_generation)" = "$gen" ] || fail "refused request changed the store"
stop_manager
start_manager
[ "$(mgr profile.show)" = "$before" ] || fail "store changed by a refused request"
pass "invalid request refused ($err), store unchanged"

# a connection moved to another network is cut off; moved back, it talks again
mgr network.add '{"name":"Net20","uplink_set":"SUS1","vlan":20}' >/dev/null
mgr enet_connection.set '{"profile":"Web2","index":1,"network":"Net20"}' >/dev/null
wait_synced
! ping_ok 3 10.77.0.2 || fail "bay 3 (Net10) still reaches bay 2 on Net20"
mgr enet_connection.set '{"profile":"Web2","index":1,"network":"Net10","speed_type":"custom","speed_mbps":2500,"pxe":"disabled"}' >/dev/null
wait_synced
until_ok 50 ping_ok 3 10.77.0.2 || fail "bay 3 cannot ping bay 2 back on Net10"
[ "$(mq profile.show '{"name":"Web2"}' "d['profiles'][0]['enet_connections'][0]['speed_mbps']")" = 2500 ] ||
    fail "speed not set"
[ "$(blade_mac 2)" = "$MAC2" ] || fail "bay 2 lost its MAC on a connection change"
pass "enet_connection.set: another network cuts bay 2 off, back on Net10 it answers"
stop_manager
