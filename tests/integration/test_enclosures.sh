#!/bin/bash
# test_enclosures: a domain of two stacked enclosures (issues 3 and 4) --
# configs/enclosure-stacked.json (enc0 bays 1-2, enc1 bays 1-3, blades in
# all), real vc-manager, real vc-dataplane, netns blades:
#   - a new domain is enc0 alone; enc1, which the wiring lists, takes no
#     profile until `import enclosure enc1` (enc2, not in the wiring, is
#     refused), and then its bays are servers and downlinks;
#   - every enclosure's bays are servers (32), and the one dataplane carries
#     enc1's cabled bays as downlinks e1d1..e1d3 beside enc0's d1, d2;
#   - a profile assigned to enc1:2 puts its MAC and serial on that blade,
#     which then talks to a blade of enc0 on the same network;
#   - a profile moved from enc0:1 to enc1:1 takes its MAC and serial along
#     (enc0:1 back to its own), and its traffic resumes from enc1:1;
#   - a blade of enc1 on another network reaches none of them, nor they it;
#   - bad bay ids (enc4:1, enc1:17, enc2:1 -- an enclosure not in the
#     wiring) are refused over RPC and CLI with the reason, and change
#     nothing (generation, assignments);
#   - the CLI shows enc1's servers and the MAC table names enc1's ports
#     enc1:1:dN;
#   - show config writes `import enclosure enc1` before the assignments,
#     and replaying it on a new store gives the same show config.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
VC_CLI=${VC_CLI:-$VC_BUILD/mgmt/vc-cli}
VC_WIRING=$VC_TOP/configs/enclosure-stacked.json
vc_init enclosures

vc_start_domain
cli() { "$VC_CLI" -s "$VC_MSOCK" -u Administrator "$@"; }
generation() { vc_mq domain.show '{}' "d['generation']"; }

# first start: the domain is the module's own enclosure; enc1 is in the
# wiring (the OA sees it) but not imported
[ "$(vc_mq server.show '{}' "len(d['servers'])")" = 16 ] ||
    fail "before the import server.show lists $(vc_mq server.show '{}' "len(d['servers'])") servers, not enc0's 16"
[ "$(vc_query "sorted(p['name'] for p in d['ports'])" ports)" = "['X1', 'X2', 'd1', 'd2']" ] ||
    fail "before the import the dataplane's ports are $(vc_query "sorted(p['name'] for p in d['ports'])" ports)"
cli -c "show enclosure * -output=script2,no-headers" | grep -q "^enc1;.*;Not imported;" ||
    fail "show enclosure does not list enc1 as not imported: $(cli -c "show enclosure *")"
vc_mgr profile.add '{"name":"Early","networks":[]}' >/dev/null
g=$(generation)
set +e; out=$(cli -c "assign profile Early enc1:2" 2>&1); set -e
grep -qF "ERROR: enclosure enc1 is not imported: import enclosure enc1 first" <<<"$out" ||
    fail "assigning to enc1:2 before the import answered: $out"
set +e; out=$(cli -c "import enclosure enc2" 2>&1); set -e
grep -qF "ERROR: enclosure enc2 is not in the wiring: the OA sees enc0, enc1" <<<"$out" ||
    fail "import enclosure enc2 answered: $out"
[ "$(generation)" = "$g" ] || fail "a refused assignment or import changed the generation"
vc_mgr profile.remove '{"name":"Early"}' >/dev/null
out=$(cli -c "import enclosure enc1") || fail "import enclosure enc1: $out"
grep -q "^SUCCESS: Enclosure enc1 imported" <<<"$out" || fail "import enclosure enc1 answered: $out"
vc_wait_synced
set +e; out=$(cli -c "import enclosure enc1" 2>&1); set -e
grep -qF "ERROR: enclosure enc1 is imported already" <<<"$out" || fail "a second import answered: $out"
pass "first start: enc0 only, enc1 refused until imported; import enclosure enc1 (enc2 is not in the wiring)"

[ "$(vc_mq server.show '{}' "len(d['servers'])")" = 32 ] ||
    fail "server.show lists $(vc_mq server.show '{}' "len(d['servers'])") servers, not 2 x 16"
[ "$(vc_mq server.show '{"enclosure":"enc1","bay":2}' "d['servers'][0]['serial']")" = SGH4100002 ] ||
    fail "server enc1:2 is not the wiring's blade SGH4100002"
ports=$(vc_query "sorted(p['name'] for p in d['ports'])" ports)
[ "$ports" = "['X1', 'X2', 'd1', 'd2', 'e1d1', 'e1d2', 'e1d3']" ] ||
    fail "the dataplane's ports are $ports"
pass "two enclosures: 32 servers, the dataplane carries d1 d2 e1d1 e1d2 e1d3"

vc_mgr_each \
    'domain.set {"serial_source":"pool"}' \
    'pool.range_add {"kind":"serial","start":"VCX0000300","end":"VCX0000399"}' \
    'network.add {"name":"NetA"}' \
    'network.add {"name":"NetB"}' \
    'profile.add {"name":"Near","networks":["NetA"]}' \
    'profile.add {"name":"Far","networks":["NetA"]}' \
    'profile.add {"name":"Mover","networks":["NetA"]}' \
    'profile.add {"name":"Bee","networks":["NetB"]}' \
    'profile.assign {"name":"Near","bay":2}' \
    'profile.assign {"name":"Mover","enclosure":"enc0","bay":1}' \
    'profile.assign {"name":"Bee","enclosure":"enc1","bay":3}'
# the Far assignment through the CLI, as an administrator types it
out=$(cli -c "assign profile Far enc1:2") || fail "assign profile Far enc1:2: $out"
grep -q "^SUCCESS: Profile Far assigned to enc1:2" <<<"$out" || fail "assign answered: $out"
vc_wait_synced
# hosts: enc0:1 .1, enc0:2 .2, enc1:1 .11, enc1:2 .12, enc1:3 .13 (NetB)
for h in bay1:1 bay2:2 e1bay1:11 e1bay2:12 e1bay3:13; do
    vc_exec "${h%%:*}" ip addr add "10.85.0.${h#*:}/24" dev eth0
done

# identity HOST KEY: the serial/uuid the OA pushed into a blade last
identity() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['$2'])" "$VC_WORK/$VC_ID-$1.identity"; }
pmq() { vc_mq profile.show "{\"name\":\"$1\"}" "d['profiles'][0]$2"; }
factory() { vc_mq server.show "{\"enclosure\":\"$1\",\"bay\":$2}" "d['servers'][0]['$3']"; }
reach() { vc_until 50 vc_ping "$1" "$2" 2; }
no_reach() { ! vc_ping "$1" "$2" 3; }

far_mac=$(pmq Far "['enet_connections'][0]['mac']"); far_serial=$(pmq Far "['serial']")
[ "$(pmq Far "['enclosure']"):$(pmq Far "['bay']")" = enc1:2 ] || fail "Far is not in enc1:2"
[ "$(vc_blade_mac e1bay2)" = "$far_mac" ] && [ "$(identity e1bay2 serial)" = "$far_serial" ] ||
    fail "enc1:2 wears MAC $(vc_blade_mac e1bay2) serial $(identity e1bay2 serial), Far has $far_mac $far_serial"
[ "$(vc_query "[f['vnet'] for f in d['document']['flexnics'] if f['port'] == 'e1d2']" config)" = "['NetA']" ] ||
    fail "the running document has no FlexNIC e1d2-a on NetA: $(vc_query "d['document']['flexnics']" config)"
reach e1bay2 10.85.0.2 || fail "enc1:2 (Far) cannot reach enc0:2 (Near) on NetA"
reach bay2 10.85.0.12 || fail "enc0:2 (Near) cannot reach enc1:2 (Far) on NetA"
pass "Far in enc1:2 wears $far_mac / $far_serial and talks to enc0:2 on NetA"

no_reach e1bay3 10.85.0.12 || fail "enc1:3 (NetB) reaches enc1:2 (NetA)"
no_reach e1bay3 10.85.0.2 || fail "enc1:3 (NetB) reaches enc0:2 (NetA)"
no_reach bay2 10.85.0.13 || fail "enc0:2 (NetA) reaches enc1:3 (NetB)"
pass "NetB in enc1:3 stays apart from NetA in both enclosures"

mover_mac=$(pmq Mover "['enet_connections'][0]['mac']"); mover_serial=$(pmq Mover "['serial']")
[ "$(vc_blade_mac 1)" = "$mover_mac" ] && [ "$(identity bay1 serial)" = "$mover_serial" ] ||
    fail "enc0:1 wears $(vc_blade_mac 1) $(identity bay1 serial), Mover has $mover_mac $mover_serial"
reach bay1 10.85.0.12 || fail "enc0:1 (Mover) cannot reach enc1:2 before the move"
vc_mgr profile.assign '{"name":"Mover","enclosure":"enc1","bay":1}' >/dev/null
vc_wait_synced
[ "$(vc_blade_mac e1bay1)" = "$mover_mac" ] && [ "$(identity e1bay1 serial)" = "$mover_serial" ] ||
    fail "after the move enc1:1 wears $(vc_blade_mac e1bay1) $(identity e1bay1 serial), Mover has $mover_mac $mover_serial"
[ "$(vc_blade_mac 1)" = "$(factory enc0 1 factory_mac)" ] && [ "$(identity bay1 serial)" = "$(factory enc0 1 serial)" ] ||
    fail "enc0:1 kept $(vc_blade_mac 1) $(identity bay1 serial) after the move"
# the blade in enc1:1 now has the MAC enc0:1 had: other blades learn it again
vc_exec bay2 ip neigh flush dev eth0
vc_exec e1bay2 ip neigh flush dev eth0
reach e1bay1 10.85.0.2 || fail "Mover in enc1:1 cannot reach enc0:2 after the move"
reach e1bay1 10.85.0.12 || fail "Mover in enc1:1 cannot reach enc1:2 after the move"
no_reach bay1 10.85.0.2 || fail "enc0:1, unassigned, still reaches enc0:2"
no_reach e1bay1 10.85.0.13 || fail "Mover in enc1:1 reaches enc1:3 on NetB"
pass "Mover moved enc0:1 -> enc1:1: MAC $mover_mac and serial $mover_serial follow, traffic resumes, enc0:1 cut off"

# bad bay ids: refused, nothing changes
g=$(generation)
for request in '{"name":"Bee","enclosure":"enc4","bay":1}|enclosures are enc0 to enc3' \
               '{"name":"Bee","enclosure":"enc1","bay":17}|bays are enc1:1 to enc1:16' \
               '{"name":"Bee","enclosure":"enc2","bay":1}|enclosure enc2 is not in the domain (its enclosures: enc0, enc1)'; do
    params=${request%%|*}; want=${request#*|}
    set +e; out=$(vc_mgr profile.assign "$params" 2>&1); rc=$?; set -e
    [ $rc -ne 0 ] && grep -qF "$want" <<<"$out" || fail "profile.assign $params answered ($rc): $out"
done
for line in "assign profile Bee enc4:1|device bay enc4:1 is not valid" \
            "assign profile Bee enc1:17|device bay enc1:17 is not valid" \
            "assign profile Bee enc2:1|enclosure enc2 is not in the domain" \
            "poweroff server enc2:1|enclosure enc2 is not in the domain" \
            "show server enc3:1|enclosure enc3 is not in the domain"; do
    command=${line%%|*}; want=${line#*|}
    set +e; out=$(cli -c "$command" 2>&1); set -e
    grep -qF "ERROR: $want" <<<"$out" || fail "\"$command\" answered: $out"
done
[ "$(generation)" = "$g" ] || fail "a refused bay changed the generation ($g -> $(generation))"
[ "$(pmq Bee "['enclosure']"):$(pmq Bee "['bay']")" = enc1:3 ] || fail "Bee moved off enc1:3"
[ "$(identity e1bay3 serial)" = "$(pmq Bee "['serial']")" ] || fail "enc1:3 lost Bee's serial"
pass "enc4:1, enc1:17, enc2:1 refused with the reason; generation $g, Bee still in enc1:3"

# the CLI: servers of both enclosures, enc1's ports by their CLI ids
cli -c "show server * -output=script2,no-headers" >"$VC_WORK/servers.txt"
[ "$(grep -c '^enc1:' "$VC_WORK/servers.txt")" = 16 ] || fail "show server * lists $(grep -c '^enc1:' "$VC_WORK/servers.txt") of enc1's 16"
grep -q "^enc1:2;.*;Far;" "$VC_WORK/servers.txt" || fail "show server * has no enc1:2 with Far: $(grep '^enc1:2;' "$VC_WORK/servers.txt")"
cli -c "show server enc1:1 -output=script2,no-headers" | grep -q "^enc1:1;.*;Mover;" ||
    fail "show server enc1:1 is not Mover's: $(cli -c "show server enc1:1 -output=script2,no-headers")"
cli -c "show enclosure * -output=script2,no-headers" | grep -q "^enc1;" || fail "show enclosure * has no enc1"
vc_ping e1bay2 10.85.0.11 1 || true # Far and Mover in the MAC table
cli -c "show interconnect-mac-table -output=script1" | grep -qx "Port=enc1:1:d2" ||
    fail "the MAC table has no port enc1:1:d2: $(cli -c "show interconnect-mac-table -output=script1" | grep Port=)"
pass "CLI: show server * lists enc1's 16 bays (Far in enc1:2), the MAC table names enc1:1:d2"

# show config writes the import, and a replay on a new store (same wiring,
# static OA, no dataplane) rebuilds the same domain
cli -c "show config" | tail -n +2 >"$VC_WORK/config1.vc"
grep -qx "import enclosure enc1" "$VC_WORK/config1.vc" || fail "show config has no import enclosure enc1"
[ "$(grep -n -m1 '^import enclosure enc1$' "$VC_WORK/config1.vc" | cut -d: -f1)" -lt \
  "$(grep -n -m1 '^assign profile' "$VC_WORK/config1.vc" | cut -d: -f1)" ] ||
    fail "show config imports enc1 after the assignments"
grep -qx "assign profile Far enc1:2" "$VC_WORK/config1.vc" || fail "show config does not assign Far to enc1:2"
sed 's/@IFACE@/none/g' "$VC_WIRING" >"$VC_WORK/wiring-none.json"
"$VC_MANAGER" -f --store "$VC_WORK/replay.db" --socket "$VC_WORK/replay.sock" \
    --dataplane "$VC_WORK/none.sock" --wiring "$VC_WORK/wiring-none.json" >>"$VC_WORK/replay.log" 2>&1 &
replay_pid=$!
VC_DAEMONS+=($replay_pid)
vc_until 50 test -S "$VC_WORK/replay.sock" || fail "the replay manager did not start"
rcli() { "$VC_CLI" -s "$VC_WORK/replay.sock" -u Administrator "$@"; }
grep -v '^#' "$VC_WORK/config1.vc" >"$VC_WORK/replay.vc"
rcli -f "$VC_WORK/replay.vc" >"$VC_WORK/replay.out" || { grep -v '^SUCCESS' "$VC_WORK/replay.out" >&2; fail "the replay answered ERROR"; }
rcli -c "show config" | tail -n +2 | diff -u "$VC_WORK/config1.vc" - >&2 ||
    fail "show config after the replay differs"
kill -TERM "$replay_pid"; wait "$replay_pid" || fail "the replay manager exited with $?"
pass "show config writes import enclosure enc1 before the assignments; a replay on a new store gives the same text"
vc_stop_manager
