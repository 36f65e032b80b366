#!/usr/bin/env bash
# Port protection with real hosts: network loop and pause flood detection.
#
#   up (X1): dedicated uplink of vNet A
#   bay1 (d1, partitioned): FlexNIC a (eth0.s1) in vNet A, b (eth0.s2) in B
#   bay2 (d2) and bay3 (d3): vNet A, untagged
#
# Checks, on the dataplane (its document's port_protect, probes every
# 500 ms, a pause window of 1 s, 20 frames):
# - loop probes leave every server FlexNIC (0x88B6 from the module's
#   02:4f:56 MAC, S-tagged on the partitioned port) and never an uplink;
#   without a loop no port is disabled;
# - bay1 turns into a misconfigured hypervisor: a Linux bridge joins its
#   FlexNICs a and b; a probe comes back, d1 is disabled (protection
#   loop_detected, a loop_detected event naming d1), its frames are dropped
#   both ways (port_protect drops; bay2 sees nothing of bay1, bay1 nothing
#   of bay2), bay2 and bay3 still talk; the bridge removed,
#   dataplane.port_protect_reset enables d1 again and it forwards;
# - a probe arriving on the uplink is dropped and disables nothing;
# - bay3 sends 802.3x PAUSE frames (and PFC) continuously: d3 is disabled
#   (pause_flood, event), none forwarded; a short burst does nothing;
#   with pause_flood off, the same flood changes nothing;
# - bad reset requests are refused.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init portprotect

M_S1=02:50:00:01:0a:01
M_S2=02:50:00:01:0b:01
M_B2=02:50:00:02:00:01
M_B3=02:50:00:03:00:01
M_UP=02:50:00:fe:00:01

vc_host up X1; vc_host bay1 d1; vc_host bay2 d2; vc_host bay3 d3
vc_exec bay2 ip link set eth0 address $M_B2
vc_exec bay3 ip link set eth0 address $M_B3
vc_exec up ip link set eth0 address $M_UP
vc_exec bay1 sysctl -qw net.ipv6.conf.default.disable_ipv6=1
vc_subif bay1 eth0 eth0.s1 s1 $M_S1
vc_subif bay1 eth0 eth0.s2 s2 $M_S2
vc_addr bay1 eth0.s1 10.60.0.1/24
vc_addr bay2 eth0 10.60.0.2/24
vc_addr bay3 eth0 10.60.0.3/24
vc_neigh bay1 10.60.0.2 $M_B2 eth0.s1
vc_neigh bay2 10.60.0.1 $M_S1 eth0
vc_neigh bay2 10.60.0.3 $M_B3 eth0
vc_neigh bay3 10.60.0.2 $M_B2 eth0

# document GENERATION PAUSE_FLOOD: the configuration, pause flood on or off
document() {
    cat <<EOF2
{"generation": $1,
 "port_protect": {"network_loop": true, "pause_flood": $2, "loop_interval_ms": 500,
                  "pause_window_ms": 1000, "pause_threshold": 20},
 "ports": [{"name": "X1", "device": "$(vc_device X1)"},
           {"name": "d1", "device": "$(vc_device d1)", "partitioned": true},
           {"name": "d2", "device": "$(vc_device d2)"},
           {"name": "d3", "device": "$(vc_device d3)"}],
 "vnets": [{"name": "A", "uplinks": ["X1"]}, {"name": "B"}],
 "flexnics": [{"port": "d1", "flexnic": "a", "vnet": "A"},
              {"port": "d1", "flexnic": "b", "vnet": "B"},
              {"port": "d2", "flexnic": "a", "vnet": "A"},
              {"port": "d3", "flexnic": "a", "vnet": "A"}]}
EOF2
}
document 1 true >"$VC_WORK/config.json"
vc_start_dataplane --config "$VC_WORK/config.json"
for p in X1 d1 d2 d3; do vc_wait_link $p; done

# port_field PORT FIELD: a member of the port's object in dataplane.ports
port_field() { vc_query "[p for p in d['ports'] if p['name']=='$1'][0]['$2']" ports; }
protection() { port_field "$1" protection; }
vc_events "$VC_WORK/events"

# ---- probes go out of the server ports, nothing is disabled ------------------
vc_capture bay2 eth0 "$VC_WORK/probes2.pcap"
vc_capture bay1 eth0 "$VC_WORK/probes1.pcap"
vc_capture up eth0 "$VC_WORK/probes_up.pcap"
sleep 2
vc_capture_stop
vc_events "$VC_WORK/events"
n=$(vc_count "$VC_WORK/probes2.pcap" "ether proto 0x88b6 and ether broadcast and ether[6:2] = 0x024f and ether[8] = 0x56 and len = 60")
[ "$n" -ge 2 ] || fail "bay2 saw $n untagged 60-byte loop probes in 2 s (every 500 ms expected): $(tcpdump -r "$VC_WORK/probes2.pcap" -e -n 2>/dev/null | head -5)"
for svid in 1 2; do
    n=$(tcpdump -r "$VC_WORK/probes1.pcap" -e -n 2>/dev/null | grep -cE "length 64: vlan $svid, p 0, ethertype .*0x88b6" || true)
    [ "$n" -ge 2 ] || fail "bay1 saw $n probes in S-channel $svid: $(tcpdump -r "$VC_WORK/probes1.pcap" -e -n 2>/dev/null | head -5)"
done
n=$(vc_count "$VC_WORK/probes_up.pcap" "ether proto 0x88b6")
[ "$n" -eq 0 ] || fail "$n loop probes left the uplink"
for p in d1 d2 d3; do [ "$(protection $p)" = ok ] || fail "$p is $(protection $p) without a loop"; done
[ "$(port_field d1 loop_probes_sent)" -ge 4 ] || fail "d1 loop_probes_sent is $(port_field d1 loop_probes_sent)"
vc_ping bay1 10.60.0.2 || fail "bay1 (FlexNIC a) cannot reach bay2 before the loop"
pass "loop probes out of every server FlexNIC, none out of the uplink, no port disabled"

# ---- a loop through bay1: a bridge joins its FlexNICs a and b ----------------
vc_exec bay1 ip link add br0 type bridge
vc_exec bay1 ip link set eth0.s1 master br0
vc_exec bay1 ip link set eth0.s2 master br0
vc_exec bay1 ip link set br0 up
vc_until 50 sh -c "[ \"\$($VC_DPCTL -s $VC_SOCKET ports | python3 -c \"import json,sys; print([p for p in json.load(sys.stdin)['ports'] if p['name']=='d1'][0]['protection'])\")\" = loop_detected ]" ||
    fail "d1 not disabled after the bridge made a loop: $(protection d1)"
for p in d2 d3; do [ "$(protection $p)" = ok ] || fail "$p is $(protection $p) after d1's loop"; done
[ "$(port_field d1 loop_probes_received)" -ge 1 ] || fail "d1 loop_probes_received is 0"
sleep 0.5
grep -q '"type":"loop_detected","port":"d1"' "$VC_WORK/events" ||
    fail "no loop_detected event for d1: $(cat "$VC_WORK/events")"
grep -q '"from_this_module":true' "$VC_WORK/events" || fail "the loop event does not say the probe was this module's"
grep -q "port d1: loop detected" "$VC_WORK/dataplane.log" || fail "no log line for d1's loop"
pass "a bridge of bay1's FlexNICs a and b: d1 disabled (loop_detected, event, log)"

before=$(vc_drops port_protect)
vc_capture bay2 eth0 "$VC_WORK/loop2.pcap" "ether src $M_S1 or ether src $M_S2"
vc_capture bay1 eth0 "$VC_WORK/loop1.pcap" "ether src $M_B2"
vc_exec bay1 python3 "$VC_SEND_FRAMES" eth0 --hex "ffffffffffff${M_S1//:/}88a8000188b5$(printf '%092d' 0)" --repeat 5 >/dev/null
vc_exec bay2 python3 "$VC_SEND_FRAMES" eth0 --src $M_B2 --count 1 --repeat 5 >/dev/null
vc_ping bay2 10.60.0.3 || fail "bay2 cannot reach bay3 while d1 is disabled"
vc_capture_stop
vc_events "$VC_WORK/events2"
n=$(vc_count "$VC_WORK/loop2.pcap"); [ "$n" -eq 0 ] || fail "bay2 received $n frames of bay1 while d1 is disabled"
n=$(vc_count "$VC_WORK/loop1.pcap"); [ "$n" -eq 0 ] || fail "bay1 received $n frames of bay2 while d1 is disabled"
after=$(vc_drops port_protect)
[ $((after - before)) -ge 10 ] || fail "port_protect drops grew by $((after - before)), expected >= 10"
pass "d1 disabled: its frames dropped both ways (port_protect drops), bay2 and bay3 unaffected"

# ---- reset after the loop is gone --------------------------------------------
vc_exec bay1 ip link del br0
answer=$(vc_dpctl call dataplane.port_protect_reset '{}')
echo "$answer" | grep -q '"d1"' || fail "the reset did not name d1: $answer"
[ "$(protection d1)" = ok ] || fail "d1 is $(protection d1) after the reset"
vc_ping bay1 10.60.0.2 || fail "bay1 cannot reach bay2 after the reset"
sleep 1.5
[ "$(protection d1)" = ok ] || fail "d1 was disabled again after the reset without a loop"
answer=$(vc_dpctl call dataplane.port_protect_reset '{}')
echo "$answer" | grep -q '"reset": \[\]' || fail "a second reset named ports: $answer"
grep -q "port d1: enabled again" "$VC_WORK/dataplane.log" || fail "no log line for the reset"
pass "bridge removed, dataplane.port_protect_reset: d1 forwards again and stays enabled"

# ---- a probe on the uplink is not our loop -----------------------------------
probe_hex="ffffffffffff024f56aabbcc88b64f564c500102000000000001$(printf '%068d' 0)"
before=$(vc_drops loop_probe)
vc_exec up python3 "$VC_SEND_FRAMES" eth0 --hex "$probe_hex" --repeat 3 >/dev/null
vc_until 20 sh -c "[ \$(( \$($VC_DPCTL -s $VC_SOCKET counters | python3 -c \"import json,sys; print(json.load(sys.stdin)['drops']['loop_probe'])\") - $before )) -ge 3 ]" ||
    fail "3 probes from the uplink not dropped as loop_probe"
sleep 0.3
for p in d1 d2 d3; do [ "$(protection $p)" = ok ] || fail "$p is $(protection $p) after probes on the uplink"; done
vc_dpctl mac-table | grep -qi '02:4f:56' && fail "a probe's source MAC was learned: $(vc_dpctl mac-table | grep -i 02:4f:56)"
pass "probes arriving on the uplink are dropped and disable nothing; no probe source learned"

# ---- pause flood --------------------------------------------------------------
pause_hex="0180c2000001${M_B3//:/}88080001ffff$(printf '%084d' 0)"
pfc_hex="0180c2000001${M_B3//:/}8808010100ff$(printf '%084d' 0)"
# a short burst (0.4 s) is no flood
vc_capture bay2 eth0 "$VC_WORK/pause2.pcap" "ether proto 0x8808"
vc_exec bay3 python3 "$VC_SEND_FRAMES" eth0 --hex "$pause_hex" --repeat 40 --gap-ms 10 >/dev/null
sleep 1.2
[ "$(protection d3)" = ok ] || fail "d3 disabled after a 0.4 s burst of PAUSE frames"
[ "$(port_field d3 pause_frames)" -ge 40 ] || fail "d3 pause_frames is $(port_field d3 pause_frames), expected >= 40"
# PAUSE and PFC for 2.5 s: a flood
vc_exec bay3 python3 "$VC_SEND_FRAMES" eth0 --hex "$pause_hex" "$pfc_hex" --repeat 125 --gap-ms 10 >/dev/null
vc_until 20 sh -c "[ \"\$($VC_DPCTL -s $VC_SOCKET ports | python3 -c \"import json,sys; print([p for p in json.load(sys.stdin)['ports'] if p['name']=='d3'][0]['protection'])\")\" = pause_flood ]" ||
    fail "d3 not disabled by the pause flood: $(protection d3), pause_frames $(port_field d3 pause_frames)"
vc_capture_stop
n=$(vc_count "$VC_WORK/pause2.pcap"); [ "$n" -eq 0 ] || fail "$n MAC control frames were forwarded to bay2"
grep -q '"type":"pause_flood","port":"d3"' "$VC_WORK/events2" || fail "no pause_flood event for d3: $(cat "$VC_WORK/events2")"
for p in d1 d2; do [ "$(protection $p)" = ok ] || fail "$p is $(protection $p) after d3's flood"; done
vc_ping bay2 10.60.0.3 && fail "bay2 still reaches bay3 on the disabled d3"
vc_dpctl call dataplane.port_protect_reset '{"port": "d3"}' | grep -q '"d3"' || fail "reset of d3 did not name it"
vc_ping bay2 10.60.0.3 || fail "bay2 cannot reach bay3 after d3's reset"
pass "pause frames for a whole window disable d3 (a short burst does not); never forwarded; reset"

# pause_flood off: the same flood changes nothing
document 2 false | vc_dpctl apply - >/dev/null || fail "the document with pause_flood off was refused"
vc_exec bay3 python3 "$VC_SEND_FRAMES" eth0 --hex "$pause_hex" --repeat 250 --gap-ms 10 >/dev/null
sleep 0.5
[ "$(protection d3)" = ok ] || fail "d3 is $(protection d3) with pause_flood off"
vc_ping bay2 10.60.0.3 || fail "bay2 cannot reach bay3 with pause_flood off"
pass "pauseFlood off: a pause flood disables nothing"

# ---- bad requests --------------------------------------------------------------
for params in '{"port": "d9"}' '{"port": "X1"}' '{"port": 3}' '{"ports": "d1"}'; do
    if vc_dpctl call dataplane.port_protect_reset "$params" >/dev/null 2>"$VC_WORK/err"; then
        fail "dataplane.port_protect_reset $params accepted"
    fi
    grep -qE "no server port named|unknown member" "$VC_WORK/err" || fail "reset $params: $(cat "$VC_WORK/err")"
done
pass "bad port_protect_reset requests refused"

# ==== through vc-manager and vc-cli =========================================
# The demo domain (ext1 on X1, blades in netns bays made by the manager):
# profile Web1 in bay 1 with connections 1 (LOM:1-a, Net1) and 3 (LOM:1-b,
# Net2), so d1 is partitioned and bay 1 has eth0.s1 and eth0.s2. A new
# domain has both protections on and pushes them; a bridge of eth0.s1 and
# eth0.s2 in bay 1 disables d1 within a probe interval (5 s): show
# port-protect names it, Web1 and its server are Major with the reason;
# bad set port-protect values are refused and change nothing; reset
# port-protect (audited) enables d1 again; networkLoop=Disabled reaches
# the document and show config, and the same loop is then left alone.
# Through the real snmpd and vc-snmp: d1's vcModulePortBpduLoopStatus is
# loop-detected(2) while it is disabled, ok(1) before and after. Then 13 s
# of PAUSE frames from bay 1 (the manager pushes the 10 s window): d1
# disabled for a pause flood, vcModulePortProtectionStatus 2, reset.
VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}
VC_CLI=${VC_CLI:-$VC_BUILD/mgmt/vc-cli}
kill -TERM "$VC_DATAPLANE_PID"; wait "$VC_DATAPLANE_PID" || true
for pid in "${VC_DAEMONS[@]}"; do kill "$pid" 2>/dev/null; done
VC_DAEMONS=()
vc_unhost up X1; vc_unhost bay1 d1; vc_unhost bay2 d2; vc_unhost bay3 d3
rm -f "$VC_SOCKET"
echo "admin-pass-1" >"$VC_WORK/admin-password"
cli() { "$VC_CLI" -s "$VC_MSOCK" -u Administrator "$@"; }
vc_host ext1 X1
vc_host ext2 X2
vc_start_manager --admin-password-file "$VC_WORK/admin-password" \
    --readonly-socket "$VC_WORK/manager-ro.sock" --snmpd-include "$VC_WORK/include.conf"
vc_start_dataplane
vc_wait_synced 100
out=$(cli -c "set snmp Enabled=true ReadCommunity=vcro") || fail "set snmp: $out"
vc_start_snmpd "$VC_WORK/include.conf"
vc_start_vc_snmp "$VC_WORK/manager-ro.sock" --refresh-ms 300 --snmpd-pid "$VC_WORK/snmpd.pid"
# module_port COLUMN: HPVCMODULE-MIB vcModulePortTable's COLUMN of d1 (ifIndex 1)
module_port() { snmpget -v2c -c vcro -t 2 -r 1 -On -Oqv "127.0.0.1:$VC_SNMP_PORT" ".1.3.6.1.4.1.11.5.7.5.2.3.1.1.6.1.$1.1" 2>&1; }
module_port_is() { [ "$(module_port "$1")" = "$2" ]; }
cli -c "show port-protect -output=script1" >"$VC_WORK/pp0.txt"
grep -qx "Network Loop Protection=Enabled" "$VC_WORK/pp0.txt" &&
    grep -qx "Pause Flood Protection=Enabled" "$VC_WORK/pp0.txt" &&
    grep -qx "Disabled Ports=0" "$VC_WORK/pp0.txt" ||
    fail "a new domain's port-protect: $(cat "$VC_WORK/pp0.txt")"
[ "$(vc_query "d['document']['port_protect']['network_loop'], d['document']['port_protect']['pause_flood']" config)" = "True True" ] ||
    fail "the document's port_protect: $(vc_query "d['document']['port_protect']" config)"
for line in "add uplinkset SUS1" "add uplinkport enc0:1:X1 UplinkSet=SUS1" \
    "add network Net1 UplinkSet=SUS1 VLanID=10" "add network Net2 UplinkSet=SUS1 VLanID=20" \
    "add profile Web1 -nodefaultenetconn" "add enet-connection Web1 Network=Net1" \
    "add enet-connection Web1 Network=Net1" "add enet-connection Web1 Network=Net2" \
    "assign profile Web1 enc0:1"; do
    out=$(cli -c "$line") || fail "$line: $out"
done
vc_wait_synced 100
vc_until 100 sh -c "ip -n $VC_ID-bay1 link show eth0.s2 >/dev/null 2>&1 && ip -n $VC_ID-bay1 link show eth0.s1 >/dev/null 2>&1" ||
    fail "bay 1 has no eth0.s1 and eth0.s2: $(ip -n $VC_ID-bay1 link show 2>&1)"
vc_wait_link d1
[ "$(protection d1)" = ok ] || fail "d1 is $(protection d1) before the loop"
vc_until 100 module_port_is 3 1 || fail "d1's vcModulePortBpduLoopStatus before the loop: $(module_port 3)"
status_of() { vc_mq status.show '{}' "[o for o in d['$1'] if $2][0]['$3']"; }
before_status=$(status_of profiles "o['name']=='Web1'" status)

loop_on() {
    vc_exec bay1 sysctl -qw net.ipv6.conf.default.disable_ipv6=1
    vc_exec bay1 ip link add br0 type bridge
    vc_exec bay1 ip link set eth0.s1 master br0
    vc_exec bay1 ip link set eth0.s2 master br0
    vc_exec bay1 ip link set br0 up
}
loop_on
vc_until 100 sh -c "[ \"\$($VC_DPCTL -s $VC_SOCKET ports | python3 -c \"import json,sys; print([p for p in json.load(sys.stdin)['ports'] if p['name']=='d1'][0]['protection'])\")\" = loop_detected ]" ||
    fail "d1 not disabled within 10 s of the loop in bay 1: $(protection d1)"
cli -c "show port-protect -output=script1" >"$VC_WORK/pp1.txt"
for want in "Disabled Ports=1" "Port=enc0:1:d1" "Server=enc0:1" "Status=Disabled" "Reason=Network loop detected"; do
    grep -qx "$want" "$VC_WORK/pp1.txt" || fail "show port-protect has no $want: $(cat "$VC_WORK/pp1.txt")"
done
[ "$(status_of profiles "o['name']=='Web1'" status)" = 5 ] ||
    fail "Web1's status is $(status_of profiles "o['name']=='Web1'" status) (was $before_status), not major"
status_of profiles "o['name']=='Web1'" reason | grep -q "server port d1 disabled by port protection: a network loop" ||
    fail "Web1's reason: $(status_of profiles "o['name']=='Web1'" reason)"
status_of servers "o['bay']==1" reason | grep -q "server port d1 disabled by port protection" ||
    fail "bay 1's server reason: $(status_of servers "o['bay']==1" reason)"
vc_until 100 module_port_is 3 2 || fail "d1's vcModulePortBpduLoopStatus while disabled: $(module_port 3)"
module_port_is 4 1 || fail "d1's vcModulePortProtectionStatus during a loop: $(module_port 4)"
cli -c "show profile Web1 -output=script1" | grep -qx "Status=Major" || fail "show profile Web1 is not Major: $(cli -c "show profile Web1 -output=script1" | grep Status)"
pass "a bridge of bay 1's FlexNICs: d1 disabled; show port-protect, Web1 and its server Major with the reason, SNMP loop-detected(2)"

generation=$(vc_mq domain.show '{}' "d['generation']")
for bad in "set port-protect networkLoop=Maybe" "set port-protect Loop=Enabled" "set port-protect" \
    "set port-protect pauseFlood=Disabled networkLoop=1"; do
    out=$(cli -c "$bad") && fail "$bad accepted: $out"
    echo "$out" | grep -q "^ERROR: " || fail "$bad: $out"
done
echo "$out" | grep -q "networkLoop=1 is not valid: use Enabled or Disabled" || fail "unclear refusal: $out"
[ "$(vc_mq domain.show '{}' "d['generation']")" = "$generation" ] || fail "a refused set port-protect changed the generation"
[ "$(vc_mq domain.show '{}' "d['port_protect_pause_flood']")" = True ] || fail "a refused set port-protect changed pauseFlood"
pass "bad set port-protect refused, nothing changed"

vc_exec bay1 ip link del br0
out=$(cli -c "reset port-protect") || fail "reset port-protect: $out"
echo "$out" | grep -q "SUCCESS: Port protection reset: 1 server port enabled again" || fail "reset answer: $out"
[ "$(protection d1)" = ok ] || fail "d1 is $(protection d1) after reset port-protect"
cli -c "show port-protect -output=script1" | grep -qx "Disabled Ports=0" || fail "show port-protect after the reset"
[ "$(status_of profiles "o['name']=='Web1'" status)" = "$before_status" ] || fail "Web1's status did not come back"
cli -c "show audit" | grep -q "reset port-protect" || fail "reset port-protect is not in the audit trail"
vc_until 100 module_port_is 3 1 || fail "d1's vcModulePortBpduLoopStatus after the reset: $(module_port 3)"
pass "loop removed, reset port-protect (audited): d1 enabled, Web1's status back"

out=$(cli -c "set port-protect networkLoop=Disabled") || fail "set port-protect networkLoop=Disabled: $out"
vc_wait_synced 100
[ "$(vc_query "d['document']['port_protect']['network_loop'], d['document']['port_protect']['pause_flood']" config)" = "False True" ] ||
    fail "the document's port_protect: $(vc_query "d['document']['port_protect']" config)"
cli -c "show config" | grep -qx "set port-protect networkLoop=Disabled pauseFlood=Enabled" ||
    fail "show config does not write the port-protect settings: $(cli -c "show config" | grep port-protect)"
sent=$(port_field d1 loop_probes_sent)
loop_on
sleep 6
[ "$(protection d1)" = ok ] || fail "d1 disabled with networkLoop=Disabled"
[ "$(port_field d1 loop_probes_sent)" = "$sent" ] || fail "probes sent with networkLoop=Disabled"
vc_exec bay1 ip link del br0
pass "networkLoop=Disabled: in the document and show config, no probes, the loop left alone"

# ---- a pause flood from bay 1 under the manager's defaults (10 s window) ----
mac1=$(vc_blade_mac 1)
pause_hex="0180c2000001${mac1//:/}88080001ffff$(printf '%084d' 0)"
vc_exec bay1 python3 "$VC_SEND_FRAMES" eth0 --hex "$pause_hex" --repeat 260 --gap-ms 50 >/dev/null
vc_until 50 sh -c "[ \"\$($VC_DPCTL -s $VC_SOCKET ports | python3 -c \"import json,sys; print([p for p in json.load(sys.stdin)['ports'] if p['name']=='d1'][0]['protection'])\")\" = pause_flood ]" ||
    fail "13 s of PAUSE frames from bay 1 did not disable d1: $(protection d1), pause_frames $(port_field d1 pause_frames)"
cli -c "show port-protect -output=script1" | grep -qx "Reason=Pause flood detected" ||
    fail "show port-protect: $(cli -c "show port-protect -output=script1")"
vc_until 100 module_port_is 4 2 || fail "d1's vcModulePortProtectionStatus during the flood: $(module_port 4)"
module_port_is 3 1 || fail "d1's vcModulePortBpduLoopStatus during a pause flood: $(module_port 3)"
out=$(cli -c "reset port-protect") || fail "reset port-protect: $out"
[ "$(protection d1)" = ok ] || fail "d1 is $(protection d1) after the reset"
pass "13 s of PAUSE frames from bay 1: d1 disabled (show port-protect, SNMP pause-flood-detected(2)), reset"
