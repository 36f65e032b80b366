#!/usr/bin/env bash
# Fast MAC cache failover, with real hosts:
#
#   upA (X1) and upB (X2): uplink set S = [X1, X2], carrying vNet N natively
#       (untagged) and vNet V as VLAN 101
#   bay1 (d1) in N, bay2 (d2) in V: each sends a frame so its MAC is learned;
#       upA sends one too (an upstream MAC, learned on X1)
#
# Checks: when X1 goes down, upB (behind the new active uplink X2) receives
# `repeats` frames per server MAC, `refresh_ms` apart: source the blade's
# MAC, broadcast destination, ethertype 0x88B5, 60 bytes (64 with the tag),
# untagged for N, tagged 101 for V; none for the upstream MAC; X2's
# mac_cache_frames counts them. With mac_cache disabled, a failback to X1
# sends none.
#
# Then the same through the real vc-manager and vc-cli: the demo domain
# (ext1 on X1, ext2 on X2, blades in netns bays), uplink set SUS1 = [X1, X2]
# with network Net1 native, profile Web1 in bay 1; `set mac-cache
# Enabled=true Refresh=1` reaches the dataplane's document; X1 down: ext2
# captures 3 frames of the blade's MAC about 1 s apart; `set mac-cache
# Enabled=false`: no frames on failback nor on the next failover; a bad
# Refresh is refused and changes nothing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init maccache

MAC_B1=02:30:00:00:00:01
MAC_B2=02:30:00:00:00:02
MAC_UPA=02:30:00:00:0a:01
REFRESH_MS=600
REPEATS=3

vc_host upA X1; vc_host upB X2; vc_host bay1 d1; vc_host bay2 d2
vc_exec bay1 ip link set eth0 address $MAC_B1
vc_exec bay2 ip link set eth0 address $MAC_B2
vc_exec upA ip link set eth0 address $MAC_UPA

# rounds_apart PCAP MAC REFRESH_MS: the MAC's 0x88B5 frames in PCAP are
# $REPEATS, each 0.5-1.5 x REFRESH_MS after the one before
rounds_apart() {
    tcpdump -r "$1" -n -tt "ether proto 0x88b5 and ether src $2" 2>/dev/null |
        awk '/^[0-9]+\.[0-9]+ / {print $1}' >"$VC_WORK/times"
    python3 - "$VC_WORK/times" "$3" "$REPEATS" <<'PY' ||
import sys
times = [float(t) for t in open(sys.argv[1])]
refresh, repeats = int(sys.argv[2]) / 1000, int(sys.argv[3])
gaps = [b - a for a, b in zip(times, times[1:])]
print("gaps", ["%.3f" % g for g in gaps])
sys.exit(0 if len(times) == repeats and all(0.5 * refresh <= g <= 1.5 * refresh for g in gaps) else 1)
PY
        fail "MAC cache frames of $2 not $REPEATS, $3 ms apart: $(tr '\n' ' ' <"$VC_WORK/times")"
}

# document GENERATION ENABLED: the configuration with mac_cache on or off
document() {
    cat <<EOF2
{"generation": $1,
 "mac_cache": {"enabled": $2, "refresh_ms": $REFRESH_MS, "repeats": $REPEATS},
 "ports": [{"name": "X1", "device": "$(vc_device X1)"},
           {"name": "X2", "device": "$(vc_device X2)"},
           {"name": "d1", "device": "$(vc_device d1)"},
           {"name": "d2", "device": "$(vc_device d2)"}],
 "uplink_sets": [{"name": "S", "ports": ["X1", "X2"]}],
 "vnets": [{"name": "N", "uplink_set": "S", "native": true},
           {"name": "V", "uplink_set": "S", "vlan": 101}],
 "flexnics": [{"port": "d1", "flexnic": "a", "vnet": "N"},
              {"port": "d2", "flexnic": "a", "vnet": "V"}]}
EOF2
}
document 1 true >"$VC_WORK/config.json"
vc_start_dataplane --config "$VC_WORK/config.json"
for p in X1 X2 d1 d2; do vc_wait_link $p; done
vc_query "d['document']['mac_cache']" config | grep -q "'enabled': True" ||
    fail "the running document has no mac_cache enabled: $(vc_query "d['document']['mac_cache']" config)"

vc_exec bay1 python3 "$VC_SEND_FRAMES" eth0 --src $MAC_B1 >/dev/null
vc_exec bay2 python3 "$VC_SEND_FRAMES" eth0 --src $MAC_B2 >/dev/null
vc_exec upA python3 "$VC_SEND_FRAMES" eth0 --src $MAC_UPA >/dev/null
vc_until 50 sh -c "[ \"\$($VC_DPCTL -s $VC_SOCKET mac-table | grep -ciE '$MAC_B1|$MAC_B2|$MAC_UPA')\" -ge 3 ]" ||
    fail "the MACs were not learned: $(vc_dpctl mac-table)"
x2_frames() { vc_query "[p for p in d['ports'] if p['name']=='X2'][0]['mac_cache_frames']" counters; }
x1_frames() { vc_query "[p for p in d['ports'] if p['name']=='X1'][0]['mac_cache_frames']" counters; }
[ "$(x2_frames)" -eq 0 ] || fail "X2 sent MAC cache frames before any failover"
[ "$(x1_frames)" -eq 0 ] || fail "X1 sent MAC cache frames at start (not a failover)"

# ---- failover X1 -> X2: the frames leave by X2 -------------------------------
vc_capture upB eth0 "$VC_WORK/failover.pcap"
vc_capture upA eth0 "$VC_WORK/old.pcap"
ip link set "$(vc_if X1)" down
vc_wait_link_state X1 down
sleep $(( (REFRESH_MS * REPEATS) / 1000 + 2 ))
vc_capture_stop
pcap=$VC_WORK/failover.pcap
n=$(vc_count "$pcap" "ether proto 0x88b5 and ether src $MAC_B1 and ether broadcast and len = 60")
[ "$n" -eq $REPEATS ] ||
    fail "upB saw $n untagged 60-byte 0x88B5 broadcasts from bay1's MAC, expected $REPEATS: $(tcpdump -r "$pcap" -e -n 2>/dev/null | head -20)"
n=$(vc_count "$pcap" "vlan 101 and ether proto 0x88b5 and ether src $MAC_B2 and ether broadcast and len = 64")
[ "$n" -eq $REPEATS ] ||
    fail "upB saw $n 0x88B5 broadcasts of bay2's MAC tagged 101, expected $REPEATS: $(tcpdump -r "$pcap" -e -n 2>/dev/null | head -20)"
n=$(vc_count "$pcap" "ether src $MAC_B2 and not vlan")
[ "$n" -eq 0 ] || fail "$n frames of vNet V's server left X2 untagged"
n=$(vc_count "$pcap" "ether src $MAC_UPA")
[ "$n" -eq 0 ] || fail "upB saw $n frames with upA's (upstream) MAC: only server MACs are announced"
n=$(vc_count "$VC_WORK/old.pcap" "ether proto 0x88b5")
[ "$n" -eq 0 ] || fail "upA (behind the failed uplink) saw $n MAC cache frames"
rounds_apart "$pcap" $MAC_B1 $REFRESH_MS
[ "$(x2_frames)" -eq $((2 * REPEATS)) ] || fail "X2 mac_cache_frames is $(x2_frames), expected $((2 * REPEATS))"
[ "$(x1_frames)" -eq 0 ] || fail "X1 mac_cache_frames is $(x1_frames) although it failed"
grep -q "vNet N: MAC cache failover, 1 frames out of X2" "$VC_WORK/dataplane.log" ||
    fail "no log line for the MAC cache round of vNet N"
pass "X1 down: $REPEATS rounds of 0x88B5 frames per server MAC out of X2, ${REFRESH_MS} ms apart"

# ---- disabled: a failback to X1 sends nothing --------------------------------
document 2 false | vc_dpctl apply - >/dev/null || fail "the document with mac_cache off was refused"
vc_exec bay1 python3 "$VC_SEND_FRAMES" eth0 --src $MAC_B1 >/dev/null
vc_capture upA eth0 "$VC_WORK/off.pcap"
ip link set "$(vc_if X1)" up
vc_wait_link_state X1 up
sleep $(( (REFRESH_MS * REPEATS) / 1000 + 1 ))
vc_capture_stop
n=$(vc_count "$VC_WORK/off.pcap" "ether proto 0x88b5")
[ "$n" -eq 0 ] || fail "mac_cache disabled, yet upA saw $n 0x88B5 frames after the failback"
[ "$(x1_frames)" -eq 0 ] || fail "mac_cache disabled, yet X1 mac_cache_frames is $(x1_frames)"
pass "mac_cache disabled: no frames on failback"

# ---- a bad mac_cache is refused and changes nothing --------------------------
out=$(document 3 true | sed "s/\"refresh_ms\": $REFRESH_MS/\"refresh_ms\": 50/" | vc_dpctl apply - 2>&1) &&
    fail "refresh_ms 50 accepted"
echo "$out" | grep -q "mac_cache.refresh_ms: 50 is below 100" || fail "unclear error: $out"
[ "$(vc_dp_generation)" = 2 ] || fail "a refused document changed the generation"
pass "mac_cache.refresh_ms 50 refused with a message naming it"

# ==== through vc-manager and vc-cli =========================================
VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}
VC_CLI=${VC_CLI:-$VC_BUILD/mgmt/vc-cli}
kill -TERM "$VC_DATAPLANE_PID"; wait "$VC_DATAPLANE_PID" || true
vc_unhost upA X1; vc_unhost upB X2; vc_unhost bay1 d1; vc_unhost bay2 d2
rm -f "$VC_SOCKET"
echo "admin-pass-1" >"$VC_WORK/admin-password"
cli() { "$VC_CLI" -s "$VC_MSOCK" -u Administrator "$@"; }
vc_host ext1 X1
vc_host ext2 X2
vc_start_manager --admin-password-file "$VC_WORK/admin-password"
vc_start_dataplane
vc_wait_synced 100
cli -c "show mac-cache -output=script1" >"$VC_WORK/mc0.txt"
grep -qx "Enabled=true" "$VC_WORK/mc0.txt" && grep -qx "Refresh Interval=5" "$VC_WORK/mc0.txt" ||
    fail "a new domain's mac-cache is not Enabled=true, Refresh 5: $(cat "$VC_WORK/mc0.txt")"
for line in "add uplinkset SUS1" "add uplinkport enc0:1:X1 UplinkSet=SUS1" \
    "add uplinkport enc0:1:X2 UplinkSet=SUS1" "add network Net1 UplinkSet=SUS1 NativeVLAN=Enabled" \
    "add profile Web1 -nodefaultenetconn" "add enet-connection Web1 Network=Net1" \
    "assign profile Web1 enc0:1" "set mac-cache Enabled=true Refresh=1"; do
    out=$(cli -c "$line") || fail "$line: $out"
done
vc_wait_synced 100
[ "$(vc_query "d['document']['mac_cache']" config)" = "{'enabled': True, 'refresh_ms': 1000, 'repeats': 3}" ] ||
    fail "the dataplane's mac_cache after set mac-cache Refresh=1: $(vc_query "d['document']['mac_cache']" config)"
for p in X1 X2; do vc_wait_link $p; done
MAC_WEB1=$(vc_blade_mac 1)
vc_until 100 sh -c "ip -n $VC_ID-bay1 link show eth0 | grep -q '[<,]UP[,>]'" || fail "bay 1 eth0 not up"
vc_exec bay1 python3 "$VC_SEND_FRAMES" eth0 --src "$MAC_WEB1" >/dev/null
vc_until 50 sh -c "$VC_DPCTL -s $VC_SOCKET mac-table | grep -qi '$MAC_WEB1'" ||
    fail "bay 1's MAC $MAC_WEB1 was not learned: $(vc_dpctl mac-table)"

# blade_frames FILE: MAC cache frames of the blade's MAC in a capture
blade_frames() { vc_count "$1" "ether proto 0x88b5 and ether src $MAC_WEB1 and ether broadcast"; }
vc_capture ext2 eth0 "$VC_WORK/mgr-failover.pcap"
ip link set "$(vc_if X1)" down
vc_wait_link_state X1 down
sleep 4
vc_capture_stop
n=$(blade_frames "$VC_WORK/mgr-failover.pcap")
[ "$n" -eq 3 ] || fail "ext2 saw $n MAC cache frames of Web1's MAC $MAC_WEB1 after X1 went down, expected 3"
rounds_apart "$VC_WORK/mgr-failover.pcap" "$MAC_WEB1" 1000
pass "set mac-cache Refresh=1 through vc-cli: X1 down, 3 frames of Web1's MAC on ext2, 1 s apart"

out=$(cli -c "set mac-cache Refresh=0") && fail "Refresh=0 accepted: $out"
echo "$out" | grep -q "Refresh=0 is not valid: use a number from 1 to 30" || fail "unclear refusal: $out"
generation=$(vc_mq domain.show '{}' "d['generation']")
out=$(cli -c "set mac-cache Enabled=maybe") && fail "Enabled=maybe accepted: $out"
[ "$(vc_mq domain.show '{}' "d['generation']")" = "$generation" ] || fail "a refused set mac-cache changed the generation"
[ "$(vc_mq domain.show '{}' "d['mac_cache_refresh_s']")" = 1 ] || fail "a refused set mac-cache changed the refresh"
pass "set mac-cache with a bad value refused, nothing changed"

out=$(cli -c "set mac-cache Enabled=false") || fail "set mac-cache Enabled=false: $out"
vc_wait_synced 100
vc_capture ext1 eth0 "$VC_WORK/mgr-failback.pcap"
ip link set "$(vc_if X1)" up
vc_wait_link_state X1 up
sleep 3
vc_capture_stop
vc_capture ext2 eth0 "$VC_WORK/mgr-again.pcap"
ip link set "$(vc_if X1)" down
vc_wait_link_state X1 down
sleep 3
vc_capture_stop
n=$(blade_frames "$VC_WORK/mgr-failback.pcap")
[ "$n" -eq 0 ] || fail "mac-cache disabled, yet ext1 saw $n frames on failback"
n=$(blade_frames "$VC_WORK/mgr-again.pcap")
[ "$n" -eq 0 ] || fail "mac-cache disabled, yet ext2 saw $n frames on the next failover"
pass "set mac-cache Enabled=false: no frames on failback nor on the next failover"

