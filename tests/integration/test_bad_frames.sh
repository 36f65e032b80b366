#!/usr/bin/env bash
# Crafted bad frames (python3 raw AF_PACKET sockets) are dropped, counted
# under the right reason, never forwarded; good traffic still flows.
#
#   up (X1, uplink set S, vNet A native), bay1 (d1) and bay2 (d2) in vNet A,
#   bay3 (d3, partitioned, FlexNIC a in vNet A). max_frame_bytes 1514.
#
# What reaches the dataplane is what the kernel lets through the veth: it
# refuses to send frames under 14 bytes, and drops some short tagged frames
# itself. So each case is also captured on the dataplane's side of the veth
# and the counters must rise by exactly the number of frames that arrived
# there (with a minimum, so no case passes by sending nothing).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init bad_frames

vc_host up X1; vc_host bay1 d1; vc_host bay2 d2; vc_host bay3 d3
ip link set "$(vc_if d1)" mtu 9000
vc_exec bay1 ip link set eth0 mtu 9000

cat >"$VC_WORK/config.json" <<EOF
{"generation": 1, "max_frame_bytes": 1514,
 "ports": [{"name": "X1", "device": "$(vc_device X1)"},
           {"name": "d1", "device": "$(vc_device d1)"},
           {"name": "d2", "device": "$(vc_device d2)"},
           {"name": "d3", "device": "$(vc_device d3)", "partitioned": true}],
 "uplink_sets": [{"name": "S", "ports": ["X1"]}],
 "vnets": [{"name": "A", "uplink_set": "S", "native": true}],
 "flexnics": [{"port": "d1", "flexnic": "a", "vnet": "A"},
              {"port": "d2", "flexnic": "a", "vnet": "A"},
              {"port": "d3", "flexnic": "a", "vnet": "A"}]}
EOF

# send HOST COUNT HEX...: send each frame (hex) COUNT times from HOST's eth0;
# prints how many sends the kernel accepted
send() { vc_exec "$1" python3 "$VC_SEND_FRAMES" eth0 --repeat "$2" --hex "${@:3}"; }
zeros() { printf '00%.0s' $(seq "$1"); }
# expect_drops REASON WANT; expect_port PORT FIELD WANT [LABEL]: fail unless
# the counter changed by exactly WANT from snapshot c0 to c1
expect_drops() { vc_expect_delta "$VC_WORK/c0" "$VC_WORK/c1" "d['drops']['$1']" "$2" "drops.$1"; }
expect_port() { vc_expect_delta "$VC_WORK/c0" "$VC_WORK/c1" "$(vc_port_counter "$1" "$2")" "$3" "${4:-port $1 $2}"; }
# at_dp FILTER: frames that reached the dataplane side of d1/d3
at_dp() { echo $(( $(vc_count "$VC_WORK/dp-d1.pcap" "$1") + $(vc_count "$VC_WORK/dp-d3.pcap" "$1") )); }

vc_start_dataplane --config "$VC_WORK/config.json"
for p in X1 d1 d2 d3; do vc_wait_link $p; done

BC=ffffffffffff
SRC_MAL=02500000e001      # malformed
SRC_BIG=02500000b001      # oversize
SRC_NOV=02500000a001      # C-tag on a single-vNet FlexNIC
SRC_SCH=025000005c01      # bad S-channels on d3
SRC_GOOD=025000000001
T=88b6                     # ethertype of every bad frame

vc_capture - "$(vc_if d1)" "$VC_WORK/dp-d1.pcap"
vc_capture - "$(vc_if d3)" "$VC_WORK/dp-d3.pcap"
vc_capture bay2 eth0 "$VC_WORK/bay2.pcap"
vc_capture up eth0 "$VC_WORK/up.pcap"
vc_capture bay3 eth0 "$VC_WORK/bay3.pcap"
vc_snap "$VC_WORK/c0"

# runts, 0..13 bytes: the kernel refuses them on an Ethernet device
runts=()
for len in 0 1 6 12 13; do h=; for ((k = 0; k < len; k++)); do h+=ff; done; runts+=("$h"); done
runts_sent=$(send bay1 3 "${runts[@]}")
# truncated tags (malformed): an S-tag then a C-tag without the ethertype
# after it; S-tag or C-tag alone without ethertype or payload
mal_sent=$(send bay1 3 "$BC${SRC_MAL}88a80001" "$BC${SRC_MAL}88a800018100" \
    "$BC${SRC_MAL}88a8000181000005" "$BC${SRC_MAL}81000005" "$BC${SRC_MAL}88a80001$T")
# bad sources: all-zero, multicast, broadcast
send bay1 3 "${BC}000000000000$T$(zeros 46)" "${BC}030000000001$T$(zeros 46)" \
    "${BC}ffffffffffff$T$(zeros 46)" >/dev/null
# oversize: 2000 and 1515 bytes (max_frame_bytes 1514)
send bay1 3 "$BC$SRC_BIG$T$(zeros 1986)" "$BC$SRC_BIG$T$(zeros 1501)" >/dev/null
# a C-tag (VID 5) on FlexNIC a with one vNet: no_vnet
send bay1 3 "$BC${SRC_NOV}81000005$T$(zeros 42)" >/dev/null
# S-VIDs 0, 5, 4095, 2 (FlexNIC b not defined) and untagged on partitioned d3
send bay3 3 "$BC${SRC_SCH}88a80000$T$(zeros 42)" "$BC${SRC_SCH}88a80005$T$(zeros 42)" \
    "$BC${SRC_SCH}88a80fff$T$(zeros 42)" "$BC${SRC_SCH}88a80002$T$(zeros 42)" \
    "$BC$SRC_SCH$T$(zeros 46)" >/dev/null
sleep 0.5
vc_snap "$VC_WORK/c1"
vc_capture_stop

# what arrived at the dataplane
mac() { echo "$1" | sed 's/../&:/g; s/:$//'; }
n_mal=$(at_dp "ether src $(mac $SRC_MAL)")
n_bad=$(at_dp "ether src 00:00:00:00:00:00 or ether src 03:00:00:00:00:01 or ether src ff:ff:ff:ff:ff:ff")
n_big=$(at_dp "ether src $(mac $SRC_BIG)")
n_nov=$(at_dp "ether src $(mac $SRC_NOV)")
n_sch=$(at_dp "ether src $(mac $SRC_SCH)")
vc_log "sent: runts $runts_sent of 15, truncated tags $mal_sent of 15; at the dataplane: malformed $n_mal, bad source $n_bad, oversize $n_big, no_vnet $n_nov, bad S-channel $n_sch"
[ "$n_mal" -ge 3 ] || fail "only $n_mal truncated-tag frames reached the dataplane"
[ "$n_bad" -eq 9 ] || fail "$n_bad bad-source frames reached the dataplane, expected 9"
[ "$n_big" -eq 6 ] || fail "$n_big oversize frames reached the dataplane, expected 6"
[ "$n_nov" -eq 3 ] || fail "$n_nov C-tagged frames reached the dataplane, expected 3"
[ "$n_sch" -eq 15 ] || fail "$n_sch bad S-channel frames reached the dataplane, expected 15"

# exact increments per reason; runts the kernel let through count as malformed
expect_drops malformed $((n_mal + runts_sent))
expect_drops bad_source 9
expect_drops oversize 6
expect_drops no_vnet 3
expect_drops bad_schannel 15
for r in private mac_limit mac_static rate_limit congestion no_uplink same_port port_down no_buffer tx_full \
    port_protect mac_control loop_probe; do
    expect_drops $r 0
done
expect_port d1 drops $((n_mal + runts_sent + 9 + 6 + 3))
expect_port d3 drops 15
for p in X1 d2; do
    expect_port $p tx_packets 0 "port $p transmitted during the bad frames"
done
pass "every bad frame dropped and counted under its reason"

# never forwarded: the other hosts saw nothing at all
for h in bay2 up; do
    n=$(vc_count "$VC_WORK/$h.pcap")
    [ "$n" -eq 0 ] || fail "$h received $n frames while only bad frames were sent"
done
n=$(vc_count "$VC_WORK/bay3.pcap" "not ether src $(mac $SRC_SCH)")
[ "$n" -eq 0 ] || fail "bay3 received $n frames while only bad frames were sent"
pass "no bad frame forwarded"

# ---- good frames still go through: header-only 14 bytes and 1514 bytes -----
vc_capture bay2 eth0 "$VC_WORK/bay2-good.pcap"
vc_capture up eth0 "$VC_WORK/up-good.pcap"
vc_snap "$VC_WORK/c0"
send bay1 3 "$BC${SRC_GOOD}88b5" "$BC${SRC_GOOD}88b5$(zeros 1500)" >/dev/null
sleep 0.5
vc_snap "$VC_WORK/c1"
vc_capture_stop
for h in bay2 up; do
    n=$(vc_count "$VC_WORK/$h-good.pcap" "ether src $(mac $SRC_GOOD) and len == 14")
    [ "$n" -eq 3 ] || fail "$h got $n header-only frames, expected 3"
    n=$(vc_count "$VC_WORK/$h-good.pcap" "ether src $(mac $SRC_GOOD) and len == 1514")
    [ "$n" -eq 3 ] || fail "$h got $n 1514-byte frames, expected 3"
done
expect_port d1 rx_packets 6
expect_port d1 drops 0 "good frames dropped on d1"
pass "14-byte and 1514-byte frames forwarded"

vc_addr bay1 eth0 10.60.0.1/24
vc_addr bay2 eth0 10.60.0.2/24
vc_ping bay1 10.60.0.2 || fail "bay1 -> bay2 ping fails after the bad frames"
kill -0 "$VC_DATAPLANE_PID" || fail "dataplane died"
vc_dpctl status >/dev/null || fail "dataplane does not answer"
pass "dataplane alive and forwarding"
