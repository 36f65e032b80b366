#!/usr/bin/env bash
# test_demo: the README's main job, scripts/demo.sh (what `./run demo` runs
# after the set-up), on this machine with its stdin not a terminal, so it
# stops after its report instead of opening vc-cli:
#   - it exits 0;
#   - every path it pings inside a network, and to the upstream switch on
#     the network's VLAN, is reachable, and across the two networks is not;
#   - the four profiles sit in bays 1-4 with their MACs from the pool;
#   - it prints the SSH, vc-cli and SNMP commands it started the daemons for;
#   - on exit it removes its namespaces and veths.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init demo-test

set +e
timeout 300 bash "$VC_TOP/scripts/demo.sh" </dev/null >"$VC_WORK/demo.out" 2>&1
rc=$?
set -e
[ $rc -eq 0 ] || { cat "$VC_WORK/demo.out" >&2; fail "scripts/demo.sh exited $rc"; }
out=$(cat "$VC_WORK/demo.out")

for path in "bay1 Web01 -> bay2 Web02 (Prod101)" "bay1 Web01 -> upstream on VLAN 101" \
    "bay2 Web02 -> upstream on VLAN 101" "bay3 App01 -> bay4 App02 (Prod102)" \
    "bay3 App01 -> upstream on VLAN 102" "bay4 App02 -> upstream on VLAN 102"; do
    grep -qxF "  $path: reachable" <<<"$out" || fail "demo: \"$path\" not reachable: $out"
done
grep -qxF "  bay1 Web01 (Prod101) -> bay3 App01 (Prod102): not reachable (isolated, as it should be)" \
    <<<"$out" || fail "demo: the two networks are not kept apart: $out"
pass "demo: the six paths inside Prod101 and Prod102 reachable, across them not"

bay=0
for p in Web01 Web02 App01 App02; do
    bay=$((bay + 1))
    grep -qE "^  bay $bay +ProLiant .* power on +profile $p\$" <<<"$out" || fail "demo: bay $bay has no $p: $out"
    grep -qE "^  profile $p +bay $bay +conn 1 Prod10[12] +LOM:1-a mac 02:56:43:" <<<"$out" ||
        fail "demo: $p's connection is not LOM:1-a with a pool MAC: $out"
done
pass "demo: Web01, Web02, App01, App02 in bays 1-4, each LOM:1-a with a pool MAC"

grep -qE "^  ssh -p [0-9]+ Administrator@127.0.0.1 'show profile \*; show network \*'\$" <<<"$out" ||
    fail "demo: no SSH command printed"
grep -qE "^  snmpwalk -v2c -c public -On 127.0.0.1:[0-9]+ " <<<"$out" || fail "demo: no SNMP command printed"
grep -qF "password demo-" <<<"$out" || fail "demo: Administrator's password is not shown"
pass "demo: SSH, vc-cli and SNMP commands printed with the generated password"

# the demo's id, from the namespaces it named: none of them is left
id=$(grep -oE "ip netns exec [a-z0-9]+-bay1" <<<"$out" | head -1 | awk '{print $4}')
id=${id%-bay1}
[ -n "$id" ] || fail "demo: no namespace named in its output"
left=$(ip netns list | grep -c "^$id-" || true)
[ "$left" -eq 0 ] || fail "demo: $left namespaces of $id left after it exited: $(ip netns list | grep "^$id-")"
[ -z "$(ip -o link show | grep -E ": ${id}(d|X)[0-9]+[@:]" || true)" ] ||
    fail "demo: veths of $id left after it exited"
pass "demo: its namespaces and veths ($id-*) gone after it exited"
