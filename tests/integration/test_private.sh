#!/usr/bin/env bash
# Private vNet: servers reach only the uplinks.
#
#   up (X1, uplink set S, eth0.200 = vNet P on VLAN 200)
#   bay1 (d1), bay2 (d2): vNet P (private), 10.200.0.0/24
#
# Checks: bay1 and bay2 cannot reach each other, not by ARP broadcast and
# not by unicast forced with static ARP (bay2 sees none of bay1's frames);
# both reach the upstream host; drops.private counts every unicast attempt
# exactly.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init private

MAC_B1=02:30:00:00:00:01
MAC_B2=02:30:00:00:00:02
MAC_UP=02:30:00:00:00:fe

vc_host up X1; vc_host bay1 d1; vc_host bay2 d2
vc_subif up eth0 eth0.200 c200 $MAC_UP; vc_addr up eth0.200 10.200.0.254/24
vc_exec bay1 ip link set eth0 address $MAC_B1; vc_addr bay1 eth0 10.200.0.1/24
vc_exec bay2 ip link set eth0 address $MAC_B2; vc_addr bay2 eth0 10.200.0.2/24

cat >"$VC_WORK/config.json" <<EOF
{"generation": 1,
 "ports": [{"name": "X1", "device": "$(vc_device X1)"},
           {"name": "d1", "device": "$(vc_device d1)"},
           {"name": "d2", "device": "$(vc_device d2)"}],
 "uplink_sets": [{"name": "S", "ports": ["X1"]}],
 "vnets": [{"name": "P", "uplink_set": "S", "vlan": 200, "private": true}],
 "flexnics": [{"port": "d1", "flexnic": "a", "vnet": "P"},
              {"port": "d2", "flexnic": "a", "vnet": "P"}]}
EOF
vc_start_dataplane --config "$VC_WORK/config.json"
for p in X1 d1 d2; do vc_wait_link $p; done

# ---- both servers reach the upstream host (and so are learned) -----------
vc_capture up eth0 "$VC_WORK/up1.pcap"
vc_ping bay1 10.200.0.254 || fail "bay1 cannot reach the upstream host"
vc_ping bay2 10.200.0.254 || fail "bay2 cannot reach the upstream host"
vc_ping up 10.200.0.1 || fail "the upstream host cannot reach bay1"
vc_ping up 10.200.0.2 || fail "the upstream host cannot reach bay2"
vc_capture_stop
n=$(vc_count "$VC_WORK/up1.pcap" "vlan 200 and ether src $MAC_B1 and icmp")
[ "$n" -ge 6 ] || fail "upstream saw $n ICMP frames of bay1 on VLAN 200, expected >= 6"
pass "both servers of the private vNet reach the upstream host"

# ---- no server-to-server traffic: ARP broadcasts --------------------------
vc_capture bay2 eth0 "$VC_WORK/b2-arp.pcap"
vc_capture up eth0 "$VC_WORK/up2.pcap"
d0=$(vc_drops private)
! vc_ping bay1 10.200.0.2 || fail "bay1 reached bay2 on a private vNet"
vc_exec bay1 ping -b -c 3 -i 0.2 -W 1 10.200.0.255 >/dev/null 2>&1 || true
vc_capture_stop
n=$(vc_count "$VC_WORK/b2-arp.pcap" "ether src $MAC_B1")
[ "$n" -eq 0 ] || fail "bay2 saw $n frames of bay1 (ARP/broadcasts) on a private vNet"
n=$(vc_count "$VC_WORK/up2.pcap" "vlan 200 and ether src $MAC_B1 and ether broadcast")
[ "$n" -ge 4 ] || fail "upstream saw $n broadcasts of bay1, expected >= 4 (ARP + broadcast ping)"
pass "bay1's broadcasts reach the uplink only"

# ---- unicast forced with static ARP: dropped, counted --------------------
vc_neigh bay1 10.200.0.2 $MAC_B2 eth0
vc_neigh bay2 10.200.0.1 $MAC_B1 eth0
vc_dpctl mac-table | grep -qi "$MAC_B2" || fail "bay2's MAC not learned"
vc_capture bay2 eth0 "$VC_WORK/b2-uc.pcap"
vc_capture bay1 eth0 "$VC_WORK/b1-uc.pcap"
vc_capture up eth0 "$VC_WORK/up3.pcap"
d1=$(vc_drops private)
! vc_exec bay1 ping -c 5 -i 0.2 -W 1 10.200.0.2 >/dev/null 2>&1 || fail "bay1 reached bay2 by unicast"
! vc_exec bay2 ping -c 4 -i 0.2 -W 1 10.200.0.1 >/dev/null 2>&1 || fail "bay2 reached bay1 by unicast"
sleep 0.3
d2=$(vc_drops private)
vc_capture_stop
n=$(vc_count "$VC_WORK/b2-uc.pcap" "ether src $MAC_B1")
[ "$n" -eq 0 ] || fail "bay2 received $n unicast frames of bay1"
n=$(vc_count "$VC_WORK/b1-uc.pcap" "ether src $MAC_B2")
[ "$n" -eq 0 ] || fail "bay1 received $n unicast frames of bay2"
n=$(vc_count "$VC_WORK/up3.pcap" "ether src $MAC_B1 or ether src $MAC_B2")
[ "$n" -eq 0 ] || fail "server-to-server unicast leaked to the uplink ($n frames)"
[ $((d2 - d1)) -eq 9 ] || fail "drops.private rose by $((d2 - d1)), expected 9 (5 + 4 unicast echo requests)"
pass "server-to-server unicast dropped, drops.private +9 exactly"

# ---- and the uplink still works afterwards --------------------------------
vc_ping bay2 10.200.0.254 || fail "bay2 lost the upstream host"
[ "$(vc_drops private)" -eq "$d2" ] || fail "drops.private rose on server-to-uplink traffic"
kill -0 "$VC_DATAPLANE_PID" || fail "dataplane died"
pass "private vNet"
