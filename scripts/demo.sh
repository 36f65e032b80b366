#!/usr/bin/env bash
# The demo: vc-dataplane forwarding between network-namespace hosts.
#
#   upstream switch (namespace "up", VLANs 101 and 102 on a trunk) -- X1
#   bay1: partitioned server port d1, FlexNIC a in Prod101, b in Prod102
#         (802.1ad S-channels 1 and 2: eth0.s1, eth0.s2)
#   bay2: d2, FlexNIC a in Prod101;  bay3: d3, FlexNIC a in Prod102
#
# It pings across, prints the counters, then keeps running so you can look
# around (commands are printed) until Ctrl-C, which removes everything.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/integration/lib.sh"

vc_init demo
vc_host up X1
vc_host bay1 d1
vc_host bay2 d2
vc_host bay3 d3
vc_vlan up eth0 eth0.101 802.1Q 101; vc_addr up eth0.101 10.101.0.254/24
vc_vlan up eth0 eth0.102 802.1Q 102; vc_addr up eth0.102 10.102.0.254/24
vc_vlan bay1 eth0 eth0.s1 802.1ad 1; vc_addr bay1 eth0.s1 10.101.0.1/24
vc_vlan bay1 eth0 eth0.s2 802.1ad 2; vc_addr bay1 eth0.s2 10.102.0.1/24
vc_addr bay2 eth0 10.101.0.2/24
vc_addr bay3 eth0 10.102.0.3/24

sed -e "s|@X1@|$(vc_device X1)|" -e "s|@D1@|$(vc_device d1)|" \
    -e "s|@D2@|$(vc_device d2)|" -e "s|@D3@|$(vc_device d3)|" \
    "$top/configs/demo-dataplane.json" >"$VC_WORK/config.json"
vc_start_dataplane --config "$VC_WORK/config.json"
for p in X1 d1 d2 d3; do vc_wait_link "$p"; done

check() { if vc_ping "$1" "$2"; then echo "  $3: reachable"; else echo "  $3: NOT reachable"; fi; }
echo "Forwarding. Pings:"
check bay2 10.101.0.1   "bay2 -> bay1 FlexNIC a (Prod101, S-channel 1)"
check bay2 10.101.0.254 "bay2 -> upstream on VLAN 101"
check bay3 10.102.0.1   "bay3 -> bay1 FlexNIC b (Prod102, S-channel 2)"
check bay3 10.102.0.254 "bay3 -> upstream on VLAN 102"
echo
echo "Counters (vc-dpctl counters, abridged):"
vc_dpctl counters | python3 -c '
import json, sys
d = json.load(sys.stdin)
for p in d["ports"]:
    t = p["traffic"]
    print("  port %-4s link %-4s rx %6d tx %6d" % (p["name"], p["link"], t["rx_packets"], t["tx_packets"]))
for v in d["vnets"]:
    t = v["traffic"]
    print("  vNet %-8s rx %6d tx %6d MACs %d" % (v["name"], t["rx_packets"], t["tx_packets"], v["mac_count"]))
print("  drops:", {k: n for k, n in d["drops"].items() if n})
'
cat <<EOT

Running. In another shell:
  $VC_DPCTL -s $VC_SOCKET counters      # counters of ports, FlexNICs, vNets, drops
  $VC_DPCTL -s $VC_SOCKET mac-table     # learned MACs
  $VC_DPCTL -s $VC_SOCKET ports         # link state, FlexNICs
  dpdk-telemetry.py -f $VC_ID           # then /openvc/drops, /openvc/vnets ...
  ip netns exec $(vc_ns bay2) ping 10.101.0.1
Ctrl-C stops the demo and removes its namespaces.
EOT
if [ -t 0 ]; then
    wait "$VC_DATAPLANE_PID"
fi
