#!/usr/bin/env bash
# The demo domain: vc-dataplane + vc-manager (netns OA driver, the enclosure
# of configs/enclosure-demo.json: 4 populated bays) + an upstream switch.
#
#   upstream switch (namespace "up", VLANs 101 and 102 on a trunk) -- X1
#   uplink set SUS1 = X1; networks Prod101 (VLAN 101), Prod102 (VLAN 102)
#   profiles: Web01 bay 1, Web02 bay 2 in Prod101; App01 bay 3, App02 bay 4
#             in Prod102 (one connection each: FlexNIC LOM:1-a = the blade's
#             eth0, with the profile's MAC)
#
# Everything is configured through the manager's JSON-RPC methods
# (vc-dpctl -s MANAGER_SOCKET call METHOD JSON). It pings across, prints the
# servers, profiles and counters, then keeps running so you can look around
# (commands are printed) until Ctrl-C, which removes everything.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/integration/lib.sh"

VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}
VC_SSHD=${VC_SSHD:-$VC_BUILD/mgmt/vc-sshd}
VC_CLI=${VC_CLI:-$VC_BUILD/mgmt/vc-cli}
vc_init demo
MSOCK=$VC_WORK/manager.sock
# what the netns OA driver makes (bay namespaces, dN veths), removed on exit
for b in $(seq 16); do VC_HOSTS+=("$VC_ID-bay$b"); VC_LINKS+=("${VC_ID}d$b"); done
trap 'rc=$?; set +e; if [ $rc -ne 0 ] && [ $rc -ne 130 ] && [ -f "$VC_WORK/manager.log" ]; then
        echo "---- manager log (last 30 lines) ----" >&2; tail -30 "$VC_WORK/manager.log" >&2; fi
      (exit $rc); vc_cleanup' EXIT

# mgr METHOD [JSON]: call the manager
mgr() { "$VC_DPCTL" -s "$MSOCK" call "$1" "${2:-{\}}"; }
until_ok() {
    local tries=$1; shift
    for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.1; done
    return 1
}
synced() {
    local d m
    d=$(vc_dpctl status 2>/dev/null | python3 -c "import json,sys; print(json.load(sys.stdin)['generation'])" 2>/dev/null) || return 1
    m=$(mgr domain.show | python3 -c "import json,sys; print(json.load(sys.stdin)['generation'])") || return 1
    [ "$d" = "$m" ]
}

# the upstream switch on X1 (VLAN subinterfaces), an idle host on X2
# (the wiring's second uplink, so the dataplane can open it)
vc_host up X1
vc_host x2 X2
vc_vlan up eth0 eth0.101 802.1Q 101; vc_addr up eth0.101 10.101.0.254/24
vc_vlan up eth0 eth0.102 802.1Q 102; vc_addr up eth0.102 10.102.0.254/24

# Administrator's password: random, made here, shown below
python3 -c 'import secrets; print("demo-" + secrets.token_urlsafe(9))' >"$VC_WORK/admin-password"
"$VC_MANAGER" -f --store "$VC_WORK/domain.db" --socket "$MSOCK" --readonly-socket "$VC_WORK/manager-ro.sock" \
    --dataplane "$VC_SOCKET" \
    --wiring "$top/configs/enclosure-demo.json" --oa netns --oa-prefix "$VC_ID" \
    --admin-password-file "$VC_WORK/admin-password" \
    --oa-work "$VC_WORK" --oa-subif "$top/tests/integration/vlan_subif.py" \
    >>"$VC_WORK/manager.log" 2>&1 &
VC_MANAGER_PID=$!
VC_DAEMONS+=($VC_MANAGER_PID)
until_ok 300 test -S "$MSOCK" || fail "vc-manager did not open $MSOCK"
vc_start_dataplane
until_ok 100 synced || fail "the manager did not configure the dataplane"

mgr uplinkset.add '{"name":"SUS1"}' >/dev/null
mgr uplinkport.add '{"port":"X1","uplink_set":"SUS1"}' >/dev/null
mgr network.add '{"name":"Prod101","uplink_set":"SUS1","vlan":101}' >/dev/null
mgr network.add '{"name":"Prod102","uplink_set":"SUS1","vlan":102}' >/dev/null
bay=0
for p in Web01:Prod101 Web02:Prod101 App01:Prod102 App02:Prod102; do
    bay=$((bay + 1))
    mgr profile.add "{\"name\":\"${p%%:*}\",\"networks\":[\"${p#*:}\"]}" >/dev/null
    mgr profile.assign "{\"name\":\"${p%%:*}\",\"bay\":$bay}" >/dev/null
done
until_ok 50 synced || fail "the dataplane did not get the domain's generation"
for p in X1 d1 d2 d3 d4; do vc_wait_link "$p"; done

# the blades' addresses: bay N is 10.101.0.N (Prod101) or 10.102.0.N (Prod102)
for b in 1 2 3 4; do
    net=$([ $b -le 2 ] && echo 101 || echo 102)
    vc_exec "bay$b" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1 || true
    ethtool -K "$(vc_if d$b)" tx off tso off gso off gro off >/dev/null 2>&1 || true
    vc_exec "bay$b" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    vc_addr "bay$b" eth0 "10.$net.0.$b/24"
done

check() { if until_ok 10 vc_ping "$1" "$2" 2; then echo "  $3: reachable"; else echo "  $3: NOT reachable"; fi; }
isolated() { if vc_ping "$1" "$2" 2; then echo "  $3: REACHABLE (should not be)"; else echo "  $3: not reachable (isolated, as it should be)"; fi; }
echo "Domain up. Pings:"
check bay1 10.101.0.2   "bay1 Web01 -> bay2 Web02 (Prod101)"
check bay1 10.101.0.254 "bay1 Web01 -> upstream on VLAN 101"
check bay2 10.101.0.254 "bay2 Web02 -> upstream on VLAN 101"
check bay3 10.102.0.4   "bay3 App01 -> bay4 App02 (Prod102)"
check bay3 10.102.0.254 "bay3 App01 -> upstream on VLAN 102"
check bay4 10.102.0.254 "bay4 App02 -> upstream on VLAN 102"
# across networks: host routes on the same wire, so only the vNets keep them apart
vc_exec bay1 ip route add 10.102.0.3/32 dev eth0
vc_exec bay3 ip route add 10.101.0.1/32 dev eth0
isolated bay1 10.102.0.3 "bay1 Web01 (Prod101) -> bay3 App01 (Prod102)"
vc_exec bay1 ip route del 10.102.0.3/32 dev eth0
vc_exec bay3 ip route del 10.101.0.1/32 dev eth0
echo
echo "Servers and profiles (manager: server.show, profile.show):"
{ mgr server.show; mgr profile.show; } | python3 -c '
import json, sys
dec = json.JSONDecoder(); text = sys.stdin.read(); docs = []; i = 0
while i < len(text):
    if text[i].isspace(): i += 1; continue
    d, i = dec.raw_decode(text, i); docs.append(d)
servers, profiles = docs[0]["servers"], docs[1]["profiles"]
for s in servers:
    if s["present"]:
        print("  bay %-2d %-22s %-10s power %-3s profile %s" % (s["bay"], s["model"], s["serial"],
              "on" if s["powered_on"] else "off", s["profile"] or "-"))
for p in profiles:
    for c in p["enet_connections"]:
        print("  profile %-6s bay %-2s conn %d %-8s %s mac %s speed %s" % (p["name"], p["bay"],
              c["index"], c["network"], c["port"], c["mac"], c["speed_type"]))
'
echo
echo "Counters (vc-dpctl counters, abridged):"
vc_dpctl counters | python3 -c '
import json, sys
d = json.load(sys.stdin)
for p in d["ports"]:
    t = p["traffic"]
    if t["rx_packets"] or t["tx_packets"] or p["name"] in ("X1", "d1", "d2", "d3", "d4"):
        print("  port %-4s link %-4s rx %6d tx %6d" % (p["name"], p["link"], t["rx_packets"], t["tx_packets"]))
for v in d["vnets"]:
    t = v["traffic"]
    print("  vNet %-8s rx %6d tx %6d MACs %d" % (v["name"], t["rx_packets"], t["tx_packets"], v["mac_count"]))
print("  drops:", {k: n for k, n in d["drops"].items() if n})
'
# SSH access: vc-sshd on the first free port from 2222
SSH_PORT=$(python3 -c '
import socket
for port in range(2222, 2300):
    try:
        s = socket.socket(); s.bind(("127.0.0.1", port)); s.close(); print(port); break
    except OSError:
        pass')
"$VC_SSHD" -f -l 127.0.0.1 -p "$SSH_PORT" -s "$MSOCK" --host-key-dir "$VC_WORK/ssh" \
    >>"$VC_WORK/sshd.log" 2>&1 &
VC_DAEMONS+=($!)
until_ok 100 grep -q "listening on" "$VC_WORK/sshd.log" || fail "vc-sshd did not start"

# SNMP: snmpd as AgentX master on 127.0.0.1 (a free port from 16100), community "public"
# for the demo only, traps to nowhere; vc-snmp on the manager's read-only socket
VC_SNMP_PORT=$(python3 -c '
import socket
for port in range(16100, 16200):
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", port)); s.close(); print(port); break
    except OSError:
        pass')
echo "rocommunity public 127.0.0.1" >"$VC_WORK/snmpd-include.conf"
vc_start_snmpd "$VC_WORK/snmpd-include.conf"
vc_start_vc_snmp "$VC_WORK/manager-ro.sock"

cat <<EOT

Running. In another shell:
  $VC_DPCTL -s $MSOCK call server.show             # the manager: bays, blades
  $VC_DPCTL -s $MSOCK call profile.show '{"name":"Web01"}'
  $VC_DPCTL -s $MSOCK call network.show            # also uplinkset.show, domain.show
  $VC_DPCTL -s $MSOCK call profile.unassign '{"name":"Web01"}'      # bay 1 back to its factory MAC
  $VC_DPCTL -s $MSOCK call profile.assign '{"name":"Web01","bay":1}'  # and back (docs/manager-protocol.md)
  $VC_DPCTL -s $VC_SOCKET counters      # counters of ports, FlexNICs, vNets, drops
  $VC_DPCTL -s $VC_SOCKET mac-table     # learned MACs
  $VC_DPCTL -s $VC_SOCKET ports         # link state, FlexNICs
  dpdk-telemetry.py -f $VC_ID           # then /openvc/drops, /openvc/vnets ...
  ip netns exec $(vc_ns bay1) ping 10.101.0.2       # Web01 -> Web02
  ip netns exec $(vc_ns up) ping 10.102.0.3         # upstream -> App01 on VLAN 102
The Virtual Connect command line (user Administrator, password $(cat "$VC_WORK/admin-password")):
  ssh -p $SSH_PORT Administrator@127.0.0.1 'show profile *; show network *'
  ssh -p $SSH_PORT Administrator@127.0.0.1          # the -> prompt
  $VC_CLI -s $MSOCK                                  # the same, locally
SNMP (snmpd + vc-snmp: IF-MIB, Q-BRIDGE-MIB, HPVC-MIB, HPVCMODULE-MIB):
  snmpwalk -v2c -c public -On 127.0.0.1:$VC_SNMP_PORT .1.3.6.1.2.1.31.1.1.1.1   # ifName
  snmpwalk -v2c -c public -On 127.0.0.1:$VC_SNMP_PORT .1.3.6.1.4.1.11.5.7.5.2.1 # the domain MIB
  snmpbulkwalk -v2c -c public -On 127.0.0.1:$VC_SNMP_PORT .1.3.6.1.2.1.17.7.1.2.2 # learned MACs
Ctrl-C stops the demo and removes its namespaces.
EOT
if [ -t 0 ]; then
    echo
    echo "Here is vc-cli on the demo domain ('exit' ends the demo):"
    "$VC_CLI" -s "$MSOCK" || true
fi
