#!/usr/bin/env bash
# FlexNICs: a partitioned server port split by 802.1ad S-tags (S-VID 1-4).
#
#   up (X1, uplink set S): eth0.101 .. eth0.106 = vNets A..F on VLANs 101..106
#   bay1 (d1, partitioned):
#     FlexNIC a (eth0.s1)              -> vNet A         10.101.0.1
#     FlexNIC b: server-VLAN map 11 -> B (eth0.s2.11)    10.102.0.1
#                                12 -> C (eth0.s2.12)    10.103.0.1
#                untagged        -> D (eth0.s2)          10.104.0.1
#     FlexNIC c (eth0.s3)              -> vNet E         10.105.0.1
#     FlexNIC d (eth0.s4)              -> vNet F         10.106.0.1
#     bad S-channels eth0.s0, eth0.s5, eth0.s4095 and the untagged eth0
#   bay2 (d2, not partitioned): vNet A 10.101.0.2, and an S-tagged eth0.s1
#
# Every neighbour is a static ARP entry, so no ARP traffic disturbs counts.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init flexnic

NOWHERE=02:40:00:99:99:99
M_A=02:40:00:01:0a:01
M_B=02:40:00:01:0b:11
M_C=02:40:00:01:0b:12
M_D=02:40:00:01:0b:00
M_E=02:40:00:01:0c:01
M_F=02:40:00:01:0d:01
M_S0=02:40:00:01:f0:00
M_S5=02:40:00:01:f0:05
M_S4095=02:40:00:01:ff:ff
M_PLAIN=02:40:00:01:00:01
M_BAY2=02:40:00:02:00:01
M_BAY2S1=02:40:00:02:0f:01

vc_host up X1; vc_host bay1 d1; vc_host bay2 d2
vc_exec bay1 ip link set eth0 address $M_PLAIN
vc_exec bay2 ip link set eth0 address $M_BAY2
for n in 1 2 3 4 5 6; do
    vc_subif up eth0 eth0.10$n c10$n 02:40:00:fe:00:0$n
    vc_addr up eth0.10$n 10.10$n.0.254/24
done
up_mac() { echo 02:40:00:fe:00:0$1; }
vc_subif bay1 eth0 eth0.s1 s1 $M_A;        vc_addr bay1 eth0.s1 10.101.0.1/24
vc_subif bay1 eth0 eth0.s2.11 s2,c11 $M_B; vc_addr bay1 eth0.s2.11 10.102.0.1/24
vc_subif bay1 eth0 eth0.s2.12 s2,c12 $M_C; vc_addr bay1 eth0.s2.12 10.103.0.1/24
vc_subif bay1 eth0 eth0.s2 s2 $M_D;        vc_addr bay1 eth0.s2 10.104.0.1/24
vc_subif bay1 eth0 eth0.s3 s3 $M_E;        vc_addr bay1 eth0.s3 10.105.0.1/24
vc_subif bay1 eth0 eth0.s4 s4 $M_F;        vc_addr bay1 eth0.s4 10.106.0.1/24
vc_subif bay1 eth0 eth0.s0 s0 $M_S0;       vc_addr bay1 eth0.s0 10.250.0.1/24
vc_subif bay1 eth0 eth0.s5 s5 $M_S5;       vc_addr bay1 eth0.s5 10.251.0.1/24
vc_subif bay1 eth0 eth0.s4095 s4095 $M_S4095; vc_addr bay1 eth0.s4095 10.252.0.1/24
vc_addr bay1 eth0 10.253.0.1/24
vc_addr bay2 eth0 10.101.0.2/24
vc_subif bay2 eth0 eth0.s1 s1 $M_BAY2S1;   vc_addr bay2 eth0.s1 10.254.0.2/24

# static ARP everywhere
i=1
for m in $M_A $M_B $M_C $M_D $M_E $M_F; do
    vc_neigh up 10.10$i.0.1 $m eth0.10$i; i=$((i + 1))
done
vc_neigh bay1 10.101.0.254 "$(up_mac 1)" eth0.s1
vc_neigh bay1 10.102.0.254 "$(up_mac 2)" eth0.s2.11
vc_neigh bay1 10.103.0.254 "$(up_mac 3)" eth0.s2.12
vc_neigh bay1 10.104.0.254 "$(up_mac 4)" eth0.s2
vc_neigh bay1 10.105.0.254 "$(up_mac 5)" eth0.s3
vc_neigh bay1 10.106.0.254 "$(up_mac 6)" eth0.s4
vc_neigh bay1 10.101.0.2 $M_BAY2 eth0.s1
vc_neigh bay2 10.101.0.1 $M_A eth0
vc_neigh bay2 10.101.0.254 "$(up_mac 1)" eth0
vc_neigh up 10.101.0.2 $M_BAY2 eth0.101
vc_neigh bay1 10.250.0.9 $NOWHERE eth0.s0
vc_neigh bay1 10.251.0.9 $NOWHERE eth0.s5
vc_neigh bay1 10.252.0.9 $NOWHERE eth0.s4095
vc_neigh bay1 10.253.0.9 $NOWHERE eth0
vc_neigh bay2 10.254.0.9 $NOWHERE eth0.s1

cat >"$VC_WORK/config.json" <<EOF
{"generation": 1,
 "ports": [{"name": "X1", "device": "$(vc_device X1)"},
           {"name": "d1", "device": "$(vc_device d1)", "partitioned": true},
           {"name": "d2", "device": "$(vc_device d2)"}],
 "uplink_sets": [{"name": "S", "ports": ["X1"]}],
 "vnets": [{"name": "A", "uplink_set": "S", "vlan": 101},
           {"name": "B", "uplink_set": "S", "vlan": 102},
           {"name": "C", "uplink_set": "S", "vlan": 103},
           {"name": "D", "uplink_set": "S", "vlan": 104},
           {"name": "E", "uplink_set": "S", "vlan": 105},
           {"name": "F", "uplink_set": "S", "vlan": 106}],
 "flexnics": [{"port": "d1", "flexnic": "a", "vnet": "A"},
              {"port": "d1", "flexnic": "b", "vlans": [{"vlan": 11, "vnet": "B"},
                                                     {"vlan": 12, "vnet": "C"}],
               "untagged_vnet": "D"},
              {"port": "d1", "flexnic": "c", "vnet": "E"},
              {"port": "d1", "flexnic": "d", "vnet": "F"},
              {"port": "d2", "flexnic": "a", "vnet": "A"}]}
EOF
vc_start_dataplane --config "$VC_WORK/config.json"
for p in X1 d1 d2; do vc_wait_link $p; done

# ---- each FlexNIC reaches its own vNet ------------------------------------
vc_capture up eth0 "$VC_WORK/up.pcap"
vc_capture bay1 eth0 "$VC_WORK/bay1.pcap"
vc_capture bay2 eth0 "$VC_WORK/bay2.pcap"
vc_ping bay1 10.101.0.254 || fail "FlexNIC d1-a (eth0.s1) cannot reach vNet A upstream"
vc_ping bay1 10.102.0.254 || fail "FlexNIC d1-b VLAN 11 (eth0.s2.11) cannot reach vNet B"
vc_ping bay1 10.103.0.254 || fail "FlexNIC d1-b VLAN 12 (eth0.s2.12) cannot reach vNet C"
vc_ping bay1 10.104.0.254 || fail "FlexNIC d1-b untagged (eth0.s2) cannot reach vNet D"
vc_ping bay1 10.105.0.254 || fail "FlexNIC d1-c (eth0.s3) cannot reach vNet E"
vc_ping bay1 10.106.0.254 || fail "FlexNIC d1-d (eth0.s4) cannot reach vNet F"
vc_ping bay1 10.101.0.2 || fail "FlexNIC d1-a cannot reach bay2 (vNet A)"
vc_ping bay2 10.101.0.1 || fail "bay2 cannot reach FlexNIC d1-a"
vc_capture_stop
# on the uplink: each FlexNIC's frames only on its vNet's VLAN
# (one vlan primitive per filter: each one moves tcpdump past a tag)
i=1
for m in $M_A $M_B $M_C $M_D $M_E $M_F; do
    n=$(vc_count "$VC_WORK/up.pcap" "vlan 10$i and ether src $m and icmp")
    [ "$n" -ge 3 ] || fail "uplink saw $n frames of $m on VLAN 10$i, expected >= 3"
    n=$(vc_count "$VC_WORK/up.pcap" "ether src $m and not vlan 10$i")
    [ "$n" -eq 0 ] || fail "uplink saw $n frames of $m outside VLAN 10$i"
    i=$((i + 1))
done
# toward bay1: vNet A comes with S-VID 1, B with S-VID 2 + C-VID 11,
# C with S-VID 2 + C-VID 12, D with S-VID 2 only, E with 3, F with 4
for spec in "1 1" "2 2" "3 2" "4 2" "5 3" "6 4"; do
    set -- $spec
    n=$(vc_count "$VC_WORK/bay1.pcap" "ether src $(up_mac $1) and vlan $2")
    [ "$n" -ge 3 ] || fail "bay1 saw $n frames of vNet on VLAN 10$1 with S-VID $2, expected >= 3"
    n=$(vc_count "$VC_WORK/bay1.pcap" "ether src $(up_mac $1) and not vlan $2")
    [ "$n" -eq 0 ] || fail "bay1 saw $n frames of VLAN 10$1's host without S-VID $2"
done
set --
n=$(vc_count "$VC_WORK/bay1.pcap" "ether src $(up_mac 2) and vlan 2 and vlan 11")
[ "$n" -ge 3 ] || fail "vNet B did not arrive as S-VID 2 + C-VID 11 ($n)"
n=$(vc_count "$VC_WORK/bay1.pcap" "ether src $(up_mac 3) and vlan 2 and vlan 12")
[ "$n" -ge 3 ] || fail "vNet C did not arrive as S-VID 2 + C-VID 12 ($n)"
n=$(vc_count "$VC_WORK/bay1.pcap" "ether src $(up_mac 4) and vlan 2 and vlan")
[ "$n" -eq 0 ] || fail "untagged vNet D arrived with a C-tag inside S-VID 2 ($n)"
n=$(vc_count "$VC_WORK/bay1.pcap" "ether src $M_BAY2 and vlan 1")
[ "$n" -ge 3 ] || fail "bay2's frames did not reach bay1 as S-VID 1 ($n)"
# bay2 (vNet A) sees nothing of FlexNICs b-d and gets untagged frames
for m in $M_B $M_C $M_D $M_E $M_F; do
    n=$(vc_count "$VC_WORK/bay2.pcap" "ether src $m")
    [ "$n" -eq 0 ] || fail "bay2 (vNet A) saw $n frames of $m (another vNet)"
done
n=$(vc_count "$VC_WORK/bay2.pcap" "ether src $M_A and icmp and not vlan")
[ "$n" -ge 6 ] || fail "bay2 saw $n untagged ICMP frames of FlexNIC a, expected >= 6"
pass "each FlexNIC (and each server VLAN of d1-b) reaches only its own vNet"

# ---- MAC table: each MAC on its FlexNIC -----------------------------------
vc_dpctl mac-table >"$VC_WORK/macs.json"
python3 - "$VC_WORK/macs.json" <<EOF || fail "MAC table not as expected"
import json, sys
entries = json.load(open(sys.argv[1]))
where = {}
for e in entries:
    where.setdefault(e['mac'].lower(), []).append((e['vnet'], e['port'], e['flexnic']))
want = {'$M_A': [('A', 'd1', 'a')], '$M_B': [('B', 'd1', 'b')], '$M_C': [('C', 'd1', 'b')],
        '$M_D': [('D', 'd1', 'b')], '$M_E': [('E', 'd1', 'c')], '$M_F': [('F', 'd1', 'd')],
        '$M_BAY2': [('A', 'd2', 'a')]}
bad = False
for mac, value in want.items():
    if where.get(mac) != value:
        print('MAC table: %s at %s, expected %s' % (mac, where.get(mac), value)); bad = True
for mac in ('$M_S0', '$M_S5', '$M_S4095', '$M_PLAIN', '$M_BAY2S1'):
    if mac in where:
        print('MAC table: %s learned from a dropped frame: %s' % (mac, where[mac])); bad = True
sys.exit(1 if bad else 0)
EOF
pass "MAC table: each MAC on the right FlexNIC letter"

# ---- per-FlexNIC counters move for the right FlexNIC only ------------------
vc_snap "$VC_WORK/c0"
vc_exec bay1 ping -c 5 -i 0.2 -W 1 10.105.0.254 >/dev/null || fail "d1-c pings lost"
sleep 0.3
vc_snap "$VC_WORK/c1"
for f in d1-a d1-b d1-c d1-d d2-a; do
    want=0; [ $f = d1-c ] && want=5
    for k in rx_packets tx_packets; do
        vc_expect_delta "$VC_WORK/c0" "$VC_WORK/c1" "$(vc_flexnic_counter $f $k)" $want "FlexNIC $f $k"
    done
done
pass "only FlexNIC d1-c counted the 5 + 5 frames of eth0.s3"

# ---- bad S-channels: dropped as bad_schannel, never forwarded --------------
vc_capture up eth0 "$VC_WORK/up-bad.pcap"
vc_capture bay2 eth0 "$VC_WORK/bay2-bad.pcap"
vc_capture bay1 eth0 "$VC_WORK/bay1-bad.pcap"
vc_snap "$VC_WORK/c2"
for dst in 10.250.0.9 10.251.0.9 10.252.0.9 10.253.0.9; do
    vc_exec bay1 ping -c 3 -i 0.2 -W 1 $dst >/dev/null 2>&1 && fail "$dst answered?"
done
vc_exec bay2 ping -c 3 -i 0.2 -W 1 10.254.0.9 >/dev/null 2>&1 && fail "10.254.0.9 answered?"
sleep 0.3
vc_snap "$VC_WORK/c3"
vc_capture_stop
# the frames were on the wire: S-VIDs 0, 5, 4095 and untagged from bay1
n=$(vc_count "$VC_WORK/bay1-bad.pcap" "ether src $M_S0 and vlan 0 and icmp")
[ "$n" -eq 3 ] || fail "bay1 sent $n S-VID 0 frames, expected 3"
n=$(vc_count "$VC_WORK/bay1-bad.pcap" "ether src $M_S4095 and vlan 4095 and icmp")
[ "$n" -eq 3 ] || fail "bay1 sent $n S-VID 4095 frames, expected 3"
for m in $M_S0 $M_S5 $M_S4095 $M_PLAIN $M_BAY2S1; do
    for f in up-bad bay2-bad; do
        [ $m = $M_BAY2S1 ] && [ $f = bay2-bad ] && continue   # its own sender
        n=$(vc_count "$VC_WORK/$f.pcap" "ether src $m")
        [ "$n" -eq 0 ] || fail "$n frames of $m forwarded (seen in $f)"
    done
done
n=$(vc_count "$VC_WORK/bay1-bad.pcap" "ether src $M_BAY2S1")
[ "$n" -eq 0 ] || fail "bay2's S-tagged frames reached bay1 ($n)"
got=$(vc_delta "$VC_WORK/c2" "$VC_WORK/c3" "d['drops']['bad_schannel']")
[ "$got" -eq 15 ] || fail "drops.bad_schannel rose by $got, expected 15 (3 each: S-VID 0, 5, 4095, untagged on d1, S-tag on unpartitioned d2)"
for r in malformed no_vnet oversize bad_source; do
    got=$(vc_delta "$VC_WORK/c2" "$VC_WORK/c3" "d['drops']['$r']")
    [ "$got" -eq 0 ] || fail "drops.$r rose by $got for bad S-channel frames"
done
for f in d1-a d1-b d1-c d1-d d2-a; do
    got=$(vc_delta "$VC_WORK/c2" "$VC_WORK/c3" "$(vc_flexnic_counter $f rx_packets)")
    [ "$got" -eq 0 ] || fail "FlexNIC $f counted $got received frames of bad S-channels"
done
pass "S-VIDs 0, 5, 4095, untagged on a partitioned port and S-tags on an unpartitioned one: bad_schannel +15, nothing forwarded"

vc_ping bay1 10.101.0.2 || fail "good traffic no longer forwarded"
kill -0 "$VC_DATAPLANE_PID" || fail "dataplane died"
