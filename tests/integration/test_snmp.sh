#!/bin/bash
# test_snmp: vc-snmp end to end -- the real snmpd as AgentX master, the real
# snmpwalk / snmpget / snmpbulkwalk / snmpset / snmptrapd, vc-manager (netns
# OA, demo wiring) with its read-only socket, a real vc-dataplane. Walks must
# agree with what the manager shows, counters must move with traffic, an
# assignment must show in the profile table, a link going down must reach
# snmptrapd as linkDown, v3 authPriv must work and a wrong key be refused,
# the subagent must come back by itself after snmpd and then the manager
# restart, and bad requests must get SNMP errors without a crash. The SNMP
# settings (community, v3 user, trap sink, access list) are the manager's
# (snmp.* methods): it writes snmpd's include file, vc-snmp makes snmpd
# reload it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
vc_init snmp
VC_SNMP_CPU=0 # snmpd and vc-snmp share CPU 0 (lib.sh), as tests/bench/snmp runs them

VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}
MSOCK=$VC_WORK/manager.sock
RO=$VC_WORK/manager-ro.sock
STORE=$VC_WORK/domain.db
for b in $(seq 16); do VC_HOSTS+=("$VC_ID-bay$b"); VC_LINKS+=("${VC_ID}d$b"); done
trap 'rc=$?; set +e; if [ $rc -ne 0 ]; then for f in manager vc-snmp snmpd snmptrapd; do
      echo "---- $f log ----" >&2; tail -20 "$VC_WORK/$f.log" >&2; done; fi; (exit $rc); vc_cleanup' EXIT

until_ok() {
    local tries=$1; shift
    for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.1; done
    return 1
}
mgr() { "$VC_DPCTL" -s "$MSOCK" call "$1" "${2:-{\}}"; }
ro() { "$VC_DPCTL" -s "$RO" call "$1" "${2:-{\}}"; }
# mq METHOD JSON PYEXPR: one value of a manager answer (read-only socket)
mq() { ro "$1" "$2" | python3 -c "import json,sys; d=json.load(sys.stdin); print($3)"; }
V2=(-v2c -c vcro -t 3 -r 1 -On)
TARGET=127.0.0.1
snmp_target() { echo "$TARGET:$VC_SNMP_PORT"; }
# sget OID: the value only; swalk OID: "OID = TYPE: VALUE" lines
sget() { snmpget "${V2[@]}" -Oqv "$(snmp_target)" "$@"; }
swalk() { snmpwalk "${V2[@]}" "$(snmp_target)" "$@"; }
# walk_values OID: the values of a walk, one a line, quotes removed
walk_values() { snmpwalk "${V2[@]}" -Oqv "$(snmp_target)" "$1" | sed 's/^"//; s/"$//'; }
HPVC=.1.3.6.1.4.1.11.5.7.5.2.1.1

start_manager() {
    "$VC_MANAGER" -f --store "$STORE" --socket "$MSOCK" --readonly-socket "$RO" \
        --snmpd-include "$VC_WORK/include.conf" \
        --dataplane "$VC_SOCKET" --wiring "$VC_TOP/configs/enclosure-demo.json" --oa netns \
        --oa-prefix "$VC_ID" --oa-work "$VC_WORK" \
        --oa-subif "$VC_TOP/tests/integration/vlan_subif.py" >>"$VC_WORK/manager.log" 2>&1 &
    MANAGER_PID=$!
    VC_DAEMONS+=($MANAGER_PID)
    until_ok 600 test -S "$RO" || fail "vc-manager did not open $RO"
}

# --- the read-only socket serves queries only
vc_host ext1 X1
vc_host ext2 X2
start_manager
vc_start_dataplane
set +e; err=$(ro profile.add '{"name":"Nope"}' 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && grep -q 'no method "profile.add"' <<<"$err" || fail "read-only socket changed something: $err"
[ "$(mq profile.show '{}' "len(d['profiles'])")" = 0 ] || fail "profile added through the read-only socket"
pass "read-only socket refuses profile.add"

mgr uplinkset.add '{"name":"SUS1"}' >/dev/null
mgr uplinkport.add '{"port":"X1","uplink_set":"SUS1"}' >/dev/null
mgr network.add '{"name":"Net10","uplink_set":"SUS1","vlan":10}' >/dev/null
mgr network.add '{"name":"Lab"}' >/dev/null
mgr profile.add '{"name":"Web1","networks":["Net10"]}' >/dev/null
mgr profile.add '{"name":"Web2","networks":["Net10"]}' >/dev/null
mgr profile.add '{"name":"Web3","networks":["Lab"]}' >/dev/null
mgr profile.assign '{"name":"Web1","bay":1}' >/dev/null
mgr profile.assign '{"name":"Web2","bay":2}' >/dev/null
[ "$(mq interconnect.ports '{}' "[p['name'] for p in d['ports']][:2]")" = "['d1', 'd2']" ] ||
    fail "interconnect.ports: $(ro interconnect.ports | head -c 300)"
[ "$(mq status.show '{}' "[p['status_name'] for p in d['profiles']]")" = "['OK', 'OK', 'Info']" ] ||
    fail "status.show profiles: $(mq status.show '{}' "d['profiles']")"
pass "interconnect.ports and status.show on the read-only socket"

# --- snmpd + vc-snmp + snmptrapd
VC_SNMP_PORT=$((20000 + ($$ + RANDOM) % 20000))
TRAP_PORT=$((VC_SNMP_PORT + 1))
cat >"$VC_WORK/snmptrapd.conf" <<EOC
disableAuthorization yes
EOC
snmptrapd -f -Lf "$VC_WORK/snmptrapd.log" -C -c "$VC_WORK/snmptrapd.conf" -On \
    -F 'TRAP %v\n' "udp:127.0.0.1:$TRAP_PORT" &
VC_DAEMONS+=($!)
# trap_lines OID: the received notifications whose snmpTrapOID is OID
trap_lines() { grep "^TRAP .*\.1\.3\.6\.1\.6\.3\.1\.1\.4\.1\.0 = OID: ${1//./\\.}\([[:space:]]\|$\)" "$VC_WORK/snmptrapd.log"; }
trap_seen() { trap_lines "$1" >/dev/null; }
# the SNMP settings through the manager; a refused one changes nothing
mgr snmp.set '{"enabled":true,"read_community":"vcro","contact":"noc@example.com","location":"lab"}' >/dev/null
mgr snmp_user.add '{"name":"vcv3","auth_key":"authpass-123","priv_key":"privpass-456"}' >/dev/null
mgr snmp_trap.add "{\"destination\":\"127.0.0.1:$TRAP_PORT\",\"community\":\"vctrap\"}" >/dev/null
cp "$VC_WORK/include.conf" "$VC_WORK/include.before"
set +e; err=$(mgr snmp.set '{"read_community":"two words"}' 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && grep -q 'community "two words"' <<<"$err" || fail "bad community accepted: $err"
set +e; err=$(mgr snmp_trap.add '{"destination":"10.1.1.1","format":"SNMPv3","user":"nobody"}' 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && grep -q 'no SNMPv3 user "nobody"' <<<"$err" || fail "v3 trap without user accepted: $err"
cmp -s "$VC_WORK/include.conf" "$VC_WORK/include.before" || fail "a refused change rewrote the include"
grep -q '^rocommunity vcro default$' "$VC_WORK/include.conf" && grep -q "^trap2sink 127.0.0.1:$TRAP_PORT vctrap$" "$VC_WORK/include.conf" ||
    fail "include: $(cat "$VC_WORK/include.conf")"
ro snmp.show | grep -q 'authpass' && fail "snmp.show shows a v3 key"
[ "$(mq snmp.show '{}' "d['users'][0]['name']")" = vcv3 ] || fail "snmp.show: $(ro snmp.show)"
pass "SNMP settings stored by the manager, written to snmpd's include; bad ones refused; no keys in snmp.show"
# (a read-write community only to see SETs refused by the agent itself)
vc_start_snmpd "$VC_WORK/include.conf" "rwcommunity vcrw 127.0.0.1"
vc_start_vc_snmp "$RO" --refresh-ms 300 --snmpd-pid "$VC_WORK/snmpd.pid"
has_rows() { [ "$(walk_values "$HPVC.8.1.1.2" 2>/dev/null | wc -l)" -ge 3 ]; }
until_ok 100 has_rows || fail "vc-snmp serves no profile table: $(swalk $HPVC.8 2>&1 | head -3)"
# both on CPU 0 (VC_SNMP_CPU: taskset for snmpd, --cpu for vc-snmp), every
# thread of vc-snmp too
for task in /proc/"$VC_SNMP_PID"/task/* /proc/"$VC_SNMPD_PID"/task/*; do
    cpus=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' "$task/status")
    [ "$cpus" = 0 ] || fail "$task runs on CPUs $cpus, not 0"
done
pass "snmpd + vc-snmp answer, both on CPU 0"

[ "$(sget .1.3.6.1.2.1.1.4.0 | tr -d '"')" = noc@example.com ] || fail "sysContact: $(sget .1.3.6.1.2.1.1.4.0)"

# --- a change of the access list reaches snmpd (SIGHUP from vc-snmp)
mgr snmp_access.add '{"network":"10.9.9.0/24"}' >/dev/null
refused_here() { ! snmpget -v2c -c vcro -t 0.5 -r 0 "$(snmp_target)" $HPVC.1.1.0 >/dev/null 2>&1; }
until_ok 50 refused_here || fail "127.0.0.1 still answered after the access list became 10.9.9.0/24"
mgr snmp_access.remove '{"network":"10.9.9.0/24"}' >/dev/null
until_ok 50 has_rows || fail "no answer after the access entry was removed"
grep -q "snmpd .* reloads" "$VC_WORK/vc-snmp.log" || fail "vc-snmp did not say it reloaded snmpd"
pass "snmp_access.add 10.9.9.0/24: 127.0.0.1 refused; removed: answered again (snmpd reloaded)"

# --- walks agree with the manager
want=$(mq profile.show '{}' "'\n'.join(p['name'] for p in d['profiles'])")
[ "$(walk_values $HPVC.8.1.1.2)" = "$want" ] || fail "vcProfileName: $(walk_values $HPVC.8.1.1.2) vs $want"
want=$(mq network.show '{}' "'\n'.join(n['name'] for n in d['networks'])")
[ "$(walk_values $HPVC.6.1.1.2)" = "$want" ] || fail "vcEnetNetworkName vs network.show"
[ "$(walk_values $HPVC.6.1.1.4)" = "$(mq network.show '{}' "'\n'.join(str(n['vlan']) for n in d['networks'])")" ] ||
    fail "vcEnetNetworkUplinkVlanId vs network.show"
# ifIndex: dN = N, XN = 32 + N, FlexNIC dN-x = 48 + 4 (N - 1) + x (snmp/mib.h)
ifindex="lambda n: 48 + 4 * (int(n[1:-2]) - 1) + ord(n[-1]) - 96 if '-' in n else int(n[1:]) + (32 if n[0] == 'X' else 0)"
want=$(mq interconnect.ports '{}' "'\n'.join(sorted([p['name'] for p in d['ports']] + [f['name'] for p in d['ports'] for f in p.get('flexnics', [])], key=$ifindex))")
[ "$(walk_values .1.3.6.1.2.1.31.1.1.1.1)" = "$want" ] || fail "ifName: $(walk_values .1.3.6.1.2.1.31.1.1.1.1 | tr '\n' ' ') vs $(echo $want)"
[ "$(sget .1.3.6.1.2.1.2.1.0)" = "$(echo "$want" | wc -l)" ] || fail "ifNumber"
want=$(mq status.show '{}' "'\n'.join(str(p['status']) for p in d['profiles'])")
[ "$(walk_values $HPVC.8.1.1.3)" = "$want" ] || fail "vcProfileManagedStatus vs status.show"
serial=$(mq server.show '{"bay":1}' "d['servers'][0]['serial']")
[ "$(sget $HPVC.5.1.1.5.1 | tr -d '"')" = "$serial" ] || fail "vcPhysicalServerSerialNumber.1 vs server.show"
[ "$(sget $HPVC.1.1.0 | tr -d '"')" = "$(mq domain.show '{}' "d['name']")" ] || fail "vcDomainName"
[ "$(sget $HPVC.1.2.0)" = "$(mq status.show '{}' "d['domain']['status']")" ] || fail "vcDomainManagedStatus"
# the Centreon plugin's OIDs (vcDomainManagedStatus, the module port protection)
[ "$(sget .1.3.6.1.4.1.11.5.7.5.2.3.1.1.6.1.4.33)" = 1 ] || fail "vcModulePortProtectionStatus.33"
# a bulk walk of everything sees the same objects as a plain walk
n_walk=$(swalk .1.3.6.1.4.1.11 | wc -l)
n_bulk=$(snmpbulkwalk "${V2[@]}" -Cr50 "$(snmp_target)" .1.3.6.1.4.1.11 | wc -l)
[ "$n_walk" -gt 100 ] && [ "$n_walk" = "$n_bulk" ] || fail "walk $n_walk vs bulkwalk $n_bulk objects"
pass "walks agree with profile.show, network.show, server.show, status.show, interconnect.ports ($n_walk HPVC objects)"

# --- the FDB: a learned MAC shows in dot1qTpFdbTable under VLAN 10, on its FlexNIC
for b in 1 2; do
    ip -n "$VC_ID-bay$b" addr add "10.77.0.$b/24" dev eth0
    ip netns exec "$VC_ID-bay$b" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1 || true
    ethtool -K "${VC_ID}d$b" tx off tso off gso off gro off >/dev/null 2>&1 || true
done
in_octets() { sget .1.3.6.1.2.1.31.1.1.1.6.49; }
o0=$(in_octets)
ping_ok() { ip netns exec "$VC_ID-bay1" ping -c 3 -i 0.2 -W 1 10.77.0.2 >/dev/null 2>&1; }
until_ok 50 ping_ok || fail "bay 1 cannot ping bay 2"
mac1=$(mq profile.show '{"name":"Web1"}' "d['profiles'][0]['enet_connections'][0]['mac']")
fdb_oid=".1.3.6.1.2.1.17.7.1.2.2.1.2.10$(for h in ${mac1//:/ }; do printf '.%d' "0x$h"; done)"
fdb_port() { sget "$fdb_oid" 2>/dev/null; }
until_ok 50 eval '[ "$(fdb_port)" = 49 ]' || fail "dot1qTpFdbPort of $mac1 ($fdb_oid): $(fdb_port)"
mgr_rx=$(mq interconnect.ports '{}' "[f for p in d['ports'] for f in p.get('flexnics', []) if f['name']=='d1-a'][0]['traffic']['rx_bytes']")
moved() { o1=$(in_octets); [ "$o1" -gt "$o0" ]; }
until_ok 50 moved || fail "ifHCInOctets.49 did not move: $o0 -> $(in_octets)"
[ "$o1" -le "$((mgr_rx + 100000))" ] || fail "ifHCInOctets.49 $o1 above the dataplane's $mgr_rx"
# bay 1's ARP request for bay 2 was a broadcast
bc=$(sget .1.3.6.1.2.1.31.1.1.1.9.49)
[ "$bc" -ge 1 ] || fail "ifHCInBroadcastPkts.49 after bay 1's ARP request: $bc"
pass "traffic: ifHCInOctets.49 $o0 -> $o1 (manager says $mgr_rx), ifHCInBroadcastPkts.49 $bc, $mac1 learned on bridge port 49 VLAN 10"

# --- an assignment changes the profile table; the status change is a trap
[ "$(sget $HPVC.8.1.1.4.3)" = 0 ] || fail "Web3 unassigned but vcProfilePhysicalServerIndex.3 = $(sget $HPVC.8.1.1.4.3)"
mgr profile.assign '{"name":"Web3","bay":3}' >/dev/null
until_ok 50 eval '[ "$(sget $HPVC.8.1.1.4.3)" = 3 ]' || fail "vcProfilePhysicalServerIndex.3 after the assignment: $(sget $HPVC.8.1.1.4.3)"
until_ok 50 trap_seen .1.3.6.1.4.1.11.5.7.5.2.1.2.0.19 ||
    fail "no vcProfileManagedStatusChanged trap: $(cat "$VC_WORK/snmptrapd.log")"
pass "profile.assign Web3 bay 3: vcProfilePhysicalServerIndex.3 = 3, vcProfileManagedStatusChanged received"

# --- a link going down sends linkDown; up again, linkUp
# (the assignment above sent linkDown / linkUp for d3 already: wait for the
# ones that carry ifIndex 33)
link_trap_seen() { trap_lines "$1" | grep -q '\.1\.3\.6\.1\.2\.1\.2\.2\.1\.1\.33 = INTEGER: 33'; }
last_change() { sget -Ot .1.3.6.1.2.1.2.2.1.9.33; }
before=$(last_change)
ip -n "$VC_ID-ext1" link set eth0 down
until_ok 80 link_trap_seen .1.3.6.1.6.3.1.1.5.3 ||
    fail "no linkDown trap for ifIndex 33: $(cat "$VC_WORK/snmptrapd.log")"
status=$(sget .1.3.6.1.2.1.2.2.1.8.33)
[ "$status" = 2 ] || fail "ifOperStatus.33 after its linkDown trap: $status"
down_at=$(last_change)
[ "$down_at" -gt "$before" ] || fail "ifLastChange.33 did not move when X1 went down: $before -> $down_at"
ip -n "$VC_ID-ext1" link set eth0 up
until_ok 80 link_trap_seen .1.3.6.1.6.3.1.1.5.4 || fail "no linkUp trap for ifIndex 33"
until_ok 50 eval '[ "$(last_change)" -gt "$down_at" ]' ||
    fail "ifLastChange.33 did not move when X1 came up: $down_at -> $(last_change)"
pass "X1 down: linkDown (ifIndex 33) received by snmptrapd; up: linkUp; ifLastChange.33 $before -> $down_at -> $(last_change)"
for x in 1 33; do
    [ "$(sget .1.3.6.1.2.1.2.2.1.4.$x)" = 1500 ] || fail "ifMtu.$x = $(sget .1.3.6.1.2.1.2.2.1.4.$x), not the device's 1500"
done
pass "ifMtu of d1 and X1: 1500, the devices' MTU"

# --- SNMPv3 authPriv
V3=(-v3 -l authPriv -u vcv3 -a SHA -A "authpass-123" -x AES -X "privpass-456" -t 2 -r 0 -Oqv)
[ "$(snmpget "${V3[@]}" "$(snmp_target)" $HPVC.1.1.0 | tr -d '"')" = "$(mq domain.show '{}' "d['name']")" ] ||
    fail "v3 authPriv get failed"
set +e
out=$(snmpget -v3 -l authPriv -u vcv3 -a SHA -A "wrong-key-1" -x AES -X "privpass-456" -t 2 -r 0 "$(snmp_target)" $HPVC.1.1.0 2>&1); rc=$?
set -e
[ $rc -ne 0 ] && grep -qi 'authentication failure\|wrong digest' <<<"$out" || fail "wrong v3 key: rc $rc, $out"
pass "SNMPv3 authPriv (SHA/AES) works; a wrong key is refused ($out)"

# --- bad requests: SNMP errors, no crash
out=$(snmpget "${V2[@]}" "$(snmp_target)" $HPVC.1.77.0 .1.3.6.1.2.1.2.2.1.2.999 2>&1 || true)
grep -q "$HPVC.1.77.0 = No Such Object" <<<"$out" || fail "unknown OID: $out"
grep -q ".1.3.6.1.2.1.2.2.1.2.999 = No Such Instance" <<<"$out" || fail "unknown instance: $out"
set +e; out=$(snmpset -v2c -c vcrw -t 3 -r 0 "$(snmp_target)" .1.3.6.1.2.1.2.2.1.2.1 s x 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && grep -q notWritable <<<"$out" || fail "SET on ifDescr.1: rc $rc, $out"
set +e; out=$(snmpset -v2c -c vcrw -t 3 -r 0 "$(snmp_target)" $HPVC.8.1.1.2.99 s x 2>&1); rc=$?; set -e
[ $rc -ne 0 ] && grep -q 'noCreation\|notWritable' <<<"$out" || fail "SET of a new row: rc $rc, $out"
[ "$(sget .1.3.6.1.2.1.2.2.1.2.1 | tr -d '"')" = "OpenVC downlink d1" ] || fail "ifDescr.1 changed"
# the most OIDs a request may carry, each answered
oids=(); for i in $(seq 128); do oids+=(.1.3.6.1.2.1.2.2.1.2.$(( i % 2 + 1 ))); done
n=$(snmpget "${V2[@]}" "$(snmp_target)" "${oids[@]}" | grep -c 'STRING: "OpenVC downlink d[12]"')
[ "$n" = 128 ] || fail "a GET of 128 OIDs: $n answered"
# a GET of more than snmpget sends (128 OIDs), made by hand: 1000 ifDescr,
# every one answered (past about 1,250 an AgentX answer is over the 64 KiB
# snmpd reads: see snmp/agent.h)
out=$(python3 "$VC_TOP/tests/integration/snmp_get_many.py" 127.0.0.1 "$VC_SNMP_PORT" vcro .1.3.6.1.2.1.2.2.1.2.1 1000)
grep -q "^errorStatus=0 errorIndex=0 varbinds=1000 " <<<"$out" || fail "a GET of 1000 ifDescr.1: $out"
# a GETBULK asking for far more than snmpd hands out (maxGetbulkResponses): cut, no error
set +e; out=$(snmpbulkget "${V2[@]}" -Cn0 -Cr60000 "$(snmp_target)" .1.3.6.1.2.1.2 2>&1); rc=$?; set -e
n=$(echo "$out" | grep -c ' = ')
[ $rc -eq 0 ] && [ "$n" -ge 50 ] && [ "$n" -lt 60000 ] || fail "oversized GETBULK: rc $rc, $n varbinds: $(echo "$out" | tail -2)"
kill -0 "$VC_SNMP_PID" && kill -0 "$VC_SNMPD_PID" || fail "a daemon died on bad requests"
[ "$(sget $HPVC.1.1.0 | tr -d '"')" = demo ] || fail "no answer after bad requests"
pass "noSuchObject, noSuchInstance, notWritable, noCreation; GETs of 128 and 1000 OIDs; GETBULK of 60000 cut to $n; both daemons still answer"

# --- restart snmpd, then the manager: the subagent comes back by itself
kill -TERM "$VC_SNMPD_PID"; wait "$VC_SNMPD_PID" 2>/dev/null || true
rm -f "$VC_AGENTX"
vc_start_snmpd "$VC_WORK/include.conf"
until_ok 100 has_rows || fail "vc-snmp did not come back after the snmpd restart"
pass "snmpd restarted: vc-snmp registered again"
kill -TERM "$MANAGER_PID"; wait "$MANAGER_PID" 2>/dev/null || true
start_manager
mgr profile.unassign '{"name":"Web3"}' >/dev/null
until_ok 100 eval '[ "$(sget $HPVC.8.1.1.4.3)" = 0 ]' || fail "vc-snmp did not follow the restarted manager"
kill -0 "$VC_SNMP_PID" || fail "vc-snmp died"
pass "manager restarted: vc-snmp reconnected (Web3 unassigned shows)"
