#!/usr/bin/env bash
# Forwarding inside a vNet and isolation between vNets, with real hosts:
#
#   up   (X1, uplink set S: eth0.101 in vNet A, eth0.102 in vNet B)
#   bay1 (d1), bay2 (d2), bay3 (d3): vNet A, 10.101.0.0/24
#   bay4 (d4): vNet B, on the SAME subnet 10.101.0.0/24 (and 10.102.0.4)
#
# Checks: same vNet reaches (bay <-> bay, bay <-> upstream on VLAN 101);
# different vNets never (unicast forced by static ARP, broadcasts), seen
# from captures on the other vNet's host; uplink frames carry the vNet's
# VLAN; known unicast is not flooded to a third host; exact counters and the
# MAC table.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init forwarding

MAC_B1=02:10:00:00:00:01
MAC_B2=02:10:00:00:00:02
MAC_B3=02:10:00:00:00:03
MAC_B4=02:10:00:00:00:04
MAC_UP101=02:10:00:00:01:01
MAC_UP102=02:10:00:00:01:02

vc_host up X1
for i in 1 2 3 4; do vc_host bay$i d$i; done
vc_vlan up eth0 eth0.101 802.1Q 101; vc_vlan up eth0 eth0.102 802.1Q 102
vc_exec up ip link set eth0.101 address $MAC_UP101
vc_exec up ip link set eth0.102 address $MAC_UP102
vc_addr up eth0.101 10.101.0.254/24
vc_addr up eth0.102 10.102.0.254/24
for i in 1 2 3 4; do
    m=MAC_B$i; vc_exec bay$i ip link set eth0 address ${!m}
    vc_addr bay$i eth0 10.101.0.$i/24
done
vc_addr bay4 eth0 10.102.0.4/24

cat >"$VC_WORK/config.json" <<EOF
{"generation": 1,
 "ports": [{"name": "X1", "device": "$(vc_device X1)"},
           {"name": "d1", "device": "$(vc_device d1)"},
           {"name": "d2", "device": "$(vc_device d2)"},
           {"name": "d3", "device": "$(vc_device d3)"},
           {"name": "d4", "device": "$(vc_device d4)"}],
 "uplink_sets": [{"name": "S", "ports": ["X1"]}],
 "vnets": [{"name": "A", "uplink_set": "S", "vlan": 101},
           {"name": "B", "uplink_set": "S", "vlan": 102}],
 "flexnics": [{"port": "d1", "flexnic": "a", "vnet": "A"},
              {"port": "d2", "flexnic": "a", "vnet": "A"},
              {"port": "d3", "flexnic": "a", "vnet": "A"},
              {"port": "d4", "flexnic": "a", "vnet": "B"}]}
EOF
vc_start_dataplane --config "$VC_WORK/config.json"
for p in X1 d1 d2 d3 d4; do vc_wait_link $p; done

# ---- same vNet reaches ---------------------------------------------------
vc_ping bay1 10.101.0.2 || fail "bay1 -> bay2 (vNet A) unreachable"
vc_ping bay2 10.101.0.1 || fail "bay2 -> bay1 (vNet A) unreachable"
pass "bay1 <-> bay2 in vNet A"

vc_capture up eth0 "$VC_WORK/up.pcap"
vc_ping bay1 10.101.0.254 || fail "bay1 -> upstream VLAN 101 unreachable"
vc_ping bay4 10.102.0.254 || fail "bay4 -> upstream VLAN 102 unreachable"
vc_ping bay3 10.101.0.254 || fail "bay3 -> upstream VLAN 101 unreachable"
vc_capture_stop
n=$(vc_count "$VC_WORK/up.pcap" "vlan 101 and ether src $MAC_B1 and icmp")
[ "$n" -ge 3 ] || fail "upstream saw $n VLAN 101 ICMP frames from bay1, expected >= 3"
# (one vlan primitive per filter: each one moves tcpdump past a tag)
n=$(vc_count "$VC_WORK/up.pcap" "ether src $MAC_B1 and not vlan 101")
[ "$n" -eq 0 ] || fail "$n frames from bay1 on the uplink untagged or not on VLAN 101"
n=$(vc_count "$VC_WORK/up.pcap" "vlan 102 and ether src $MAC_B4 and icmp")
[ "$n" -ge 3 ] || fail "upstream saw $n VLAN 102 ICMP frames from bay4, expected >= 3"
n=$(vc_count "$VC_WORK/up.pcap" "ether src $MAC_B4 and not vlan 102")
[ "$n" -eq 0 ] || fail "$n frames from bay4 on the uplink not tagged VLAN 102"
pass "bay <-> upstream: vNet A as VLAN 101, vNet B as VLAN 102 on the uplink"

# ---- different vNets never ----------------------------------------------
# bay4 (vNet B) has 10.101.0.4 on the same subnet as vNet A. Static ARP
# entries make both sides send unicast to each other's MAC.
vc_neigh bay1 10.101.0.4 $MAC_B4 eth0
vc_neigh bay4 10.101.0.1 $MAC_B1 eth0
for i in 1 2 3 4; do vc_capture bay$i eth0 "$VC_WORK/iso$i.pcap"; done
vc_capture up eth0 "$VC_WORK/iso-up.pcap"
vc_snap "$VC_WORK/c0"
! vc_ping bay1 10.101.0.4 || fail "bay1 (vNet A) reached bay4 (vNet B) by unicast"
! vc_ping bay4 10.101.0.1 || fail "bay4 (vNet B) reached bay1 (vNet A) by unicast"
# broadcasts: a broadcast ping and ARP requests for an absent address
vc_exec bay1 ping -b -c 3 -i 0.2 -W 1 10.101.0.255 >/dev/null 2>&1 || true
vc_exec bay1 ping -c 1 -W 1 10.101.0.99 >/dev/null 2>&1 || true
vc_exec bay4 ping -b -c 3 -i 0.2 -W 1 10.101.0.255 >/dev/null 2>&1 || true
vc_exec bay4 ping -c 1 -W 1 10.101.0.98 >/dev/null 2>&1 || true
sleep 0.3
vc_snap "$VC_WORK/c1"
vc_capture_stop
n=$(vc_count "$VC_WORK/iso4.pcap" "ether src $MAC_B1")
[ "$n" -eq 0 ] || fail "bay4 (vNet B) saw $n frames from bay1 (vNet A)"
for i in 1 2 3; do
    n=$(vc_count "$VC_WORK/iso$i.pcap" "ether src $MAC_B4")
    [ "$n" -eq 0 ] || fail "bay$i (vNet A) saw $n frames from bay4 (vNet B)"
done
# the frames were really sent: vNet A's own hosts saw bay1's unicast to
# bay4's MAC (unknown in A, so flooded in A) and its broadcasts
n=$(vc_count "$VC_WORK/iso2.pcap" "ether src $MAC_B1 and ether dst $MAC_B4 and icmp")
[ "$n" -ge 3 ] || fail "bay2 saw $n of bay1's unicasts to bay4's MAC flooded in vNet A, expected >= 3"
n=$(vc_count "$VC_WORK/iso2.pcap" "ether src $MAC_B1 and ether broadcast")
[ "$n" -ge 4 ] || fail "bay2 saw $n broadcasts of bay1, expected >= 4"
n=$(vc_count "$VC_WORK/iso-up.pcap" "ether src $MAC_B1 and ether broadcast and vlan 101")
[ "$n" -ge 4 ] || fail "uplink saw $n broadcasts of bay1 on VLAN 101, expected >= 4"
n=$(vc_count "$VC_WORK/iso-up.pcap" "ether src $MAC_B1 and not vlan 101")
[ "$n" -eq 0 ] || fail "uplink saw $n frames of bay1 not on VLAN 101"
n=$(vc_count "$VC_WORK/iso-up.pcap" "ether src $MAC_B4 and not vlan 102")
[ "$n" -eq 0 ] || fail "uplink saw $n frames of bay4 not on VLAN 102"
n=$(vc_count "$VC_WORK/iso-up.pcap" "ether src $MAC_B4 and ether broadcast and vlan 102")
[ "$n" -ge 4 ] || fail "uplink saw $n broadcasts of bay4 on VLAN 102, expected >= 4"
# nothing at all from vNet A's members reached bay4
n=$(vc_count "$VC_WORK/iso4.pcap" "not ether src $MAC_B4 and not ether src $MAC_UP102")
[ "$n" -eq 0 ] || fail "bay4 (vNet B) saw $n frames from outside vNet B"
pass "vNets A and B isolated (unicast and broadcast, both ways)"

# ---- known unicast is not flooded ---------------------------------------
# learn bay1 and bay2, then pin ARP so no ARP traffic disturbs the counts
vc_ping bay1 10.101.0.2 1 || fail "bay1 -> bay2 unreachable"
vc_neigh bay1 10.101.0.2 $MAC_B2 eth0
vc_neigh bay2 10.101.0.1 $MAC_B1 eth0
for i in 2 3 4; do vc_capture bay$i eth0 "$VC_WORK/uc$i.pcap"; done
vc_capture up eth0 "$VC_WORK/uc-up.pcap"
vc_snap "$VC_WORK/c2"
vc_exec bay1 ping -c 5 -i 0.2 -W 1 10.101.0.2 >/dev/null || fail "bay1 -> bay2 pings lost"
sleep 0.3
vc_snap "$VC_WORK/c3"
vc_capture_stop
n=$(vc_count "$VC_WORK/uc2.pcap" "ether src $MAC_B1 and ether dst $MAC_B2 and icmp")
[ "$n" -eq 5 ] || fail "bay2 got $n echo requests, expected 5"
n=$(vc_count "$VC_WORK/uc3.pcap" "ether src $MAC_B1 or ether src $MAC_B2")
[ "$n" -eq 0 ] || fail "known unicast bay1 <-> bay2 flooded to bay3 ($n frames)"
n=$(vc_count "$VC_WORK/uc4.pcap" "ether src $MAC_B1 or ether src $MAC_B2")
[ "$n" -eq 0 ] || fail "known unicast bay1 <-> bay2 reached bay4 ($n frames)"
n=$(vc_count "$VC_WORK/uc-up.pcap" "ether src $MAC_B1 or ether src $MAC_B2")
[ "$n" -eq 0 ] || fail "known unicast bay1 <-> bay2 flooded to the uplink ($n frames)"
pass "known unicast goes to its port only"

# ---- known unicast from a tagged uplink is not flooded either -------------
# The uplink's C-tag is stripped before the MAC table lookup; the lookup must
# use the destination as received, not the bytes the strip moved.
vc_ping up 10.101.0.1 1 || fail "upstream -> bay1 unreachable"
vc_neigh up 10.101.0.1 $MAC_B1 eth0.101
vc_neigh bay1 10.101.0.254 $MAC_UP101 eth0
for i in 2 3; do vc_capture bay$i eth0 "$VC_WORK/tuc$i.pcap"; done
vc_exec up ping -c 5 -i 0.2 -W 1 10.101.0.1 >/dev/null || fail "upstream -> bay1 pings lost"
sleep 0.3
vc_capture_stop
for i in 2 3; do
    n=$(vc_count "$VC_WORK/tuc$i.pcap" "ether src $MAC_UP101")
    [ "$n" -eq 0 ] || fail "known unicast from the uplink flooded to bay$i ($n frames)"
done
pass "known unicast from a tagged uplink goes to its port only"

c2=$VC_WORK/c2; c3=$VC_WORK/c3
vc_expect_delta "$c2" "$c3" "$(vc_port_counter d1 tx_packets)" 5 "d1 tx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_port_counter d1 rx_packets)" 5 "d1 rx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_port_counter d2 rx_packets)" 5 "d2 rx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_port_counter d2 tx_packets)" 5 "d2 tx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_port_counter d3 tx_packets)" 0 "d3 tx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_port_counter X1 tx_packets)" 0 "X1 tx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_vnet_counter A rx_packets)" 10 "vNet A rx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_vnet_counter A tx_packets)" 10 "vNet A tx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_vnet_counter B rx_packets)" 0 "vNet B rx_packets"
vc_expect_delta "$c2" "$c3" "$(vc_vnet_counter B tx_packets)" 0 "vNet B tx_packets"
# 98-byte echo frames each way (14 + 20 + 8 + 56)
vc_expect_delta "$c2" "$c3" "$(vc_vnet_counter A rx_bytes)" 980 "vNet A rx_bytes"
pass "port and vNet counters count exactly the 10 frames"

# ---- MAC table ----------------------------------------------------------
vc_dpctl mac-table >"$VC_WORK/macs.json"
python3 - "$VC_WORK/macs.json" <<EOF || fail "MAC table not as expected"
import json, sys
entries = json.load(open(sys.argv[1]))
where = {(e['vnet'], e['mac'].lower()): (e['port'], e['flexnic']) for e in entries}
want = {('A', '$MAC_B1'): ('d1', 'a'), ('A', '$MAC_B2'): ('d2', 'a'),
        ('A', '$MAC_B3'): ('d3', 'a'), ('A', '$MAC_UP101'): ('X1', ''),
        ('B', '$MAC_B4'): ('d4', 'a'), ('B', '$MAC_UP102'): ('X1', '')}
bad = False
for key, value in want.items():
    if where.get(key) != value:
        print('MAC table: %s in vNet %s at %s, expected %s' % (key[1], key[0], where.get(key), value))
        bad = True
for (vnet, mac), value in where.items():
    if (vnet, mac) not in want:
        print('MAC table: unexpected %s in vNet %s at %s' % (mac, vnet, value))
        bad = True
sys.exit(1 if bad else 0)
EOF
vc_get "$c3" "[v for v in d['vnets'] if v['name']=='A'][0]['mac_count']" | grep -qx 4 || fail "vNet A mac_count != 4"
vc_get "$c3" "[v for v in d['vnets'] if v['name']=='B'][0]['mac_count']" | grep -qx 2 || fail "vNet B mac_count != 2"
pass "MAC table: every MAC on its port in its vNet, nothing crosses"

# ---- multicast and broadcast counters -------------------------------------
# from bay1 (its own MAC, so the MAC table stays as checked): 4 broadcasts,
# 3 to a multicast group, 2 to an unknown unicast MAC -- all flooded in
# vNet A to bay2, bay3 and the uplink, never to bay4
c4=$VC_WORK/c4; c5=$VC_WORK/c5
vc_snap "$c4"
for dst in ff:ff:ff:ff:ff:ff:4 01:00:5e:7f:00:01:3 02:10:00:00:00:99:2; do
    vc_exec bay1 python3 "$VC_SEND_FRAMES" eth0 --src $MAC_B1 --dst "${dst%:*}" --repeat "${dst##*:}" >/dev/null
done
sleep 0.3
vc_snap "$c5"
vc_expect_delta "$c4" "$c5" "$(vc_port_counter d1 rx_packets)" 9 "d1 rx_packets"
vc_expect_delta "$c4" "$c5" "$(vc_port_counter d1 rx_broadcast)" 4 "d1 rx_broadcast"
vc_expect_delta "$c4" "$c5" "$(vc_port_counter d1 rx_multicast)" 3 "d1 rx_multicast"
vc_expect_delta "$c4" "$c5" "$(vc_flexnic_counter d1-a rx_broadcast)" 4 "d1-a rx_broadcast"
vc_expect_delta "$c4" "$c5" "$(vc_flexnic_counter d1-a rx_multicast)" 3 "d1-a rx_multicast"
for p in d2 d3 X1; do
    vc_expect_delta "$c4" "$c5" "$(vc_port_counter $p tx_packets)" 9 "$p tx_packets"
    vc_expect_delta "$c4" "$c5" "$(vc_port_counter $p tx_broadcast)" 4 "$p tx_broadcast"
    vc_expect_delta "$c4" "$c5" "$(vc_port_counter $p tx_multicast)" 3 "$p tx_multicast"
done
vc_expect_delta "$c4" "$c5" "$(vc_flexnic_counter d2-a tx_multicast)" 3 "d2-a tx_multicast"
for counter in tx_packets tx_broadcast tx_multicast; do
    vc_expect_delta "$c4" "$c5" "$(vc_port_counter d4 $counter)" 0 "d4 (vNet B) $counter"
done
vc_expect_delta "$c4" "$c5" "$(vc_port_counter d1 tx_broadcast)" 0 "d1 tx_broadcast"
pass "broadcast, multicast and unicast counted apart: 4 + 3 + 2 from d1, out of d2, d3 and X1"
kill -0 "$VC_DATAPLANE_PID" || fail "dataplane died"
