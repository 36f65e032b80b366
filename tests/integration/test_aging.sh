#!/usr/bin/env bash
# MAC aging with the test clock, MAC limits, static MACs, MAC moves.
#
# The dataplane runs with --test-clock (lib.sh); the clock is stopped and
# warped with `vc-dpctl clock`, and the dataplane ages the table when its
# clock's second changes (checked once per housekeeping pass: we give it a
# moment after each warp). Checked:
#   - aging_s 10: a learned MAC is still there (age_s exactly 9) 9 s after
#     it was learned, and gone at 11 s; a static MAC stays (static, age 0);
#   - mac_limit 5: 10 source MACs sent -> exactly 5 learned, drops.mac_limit
#     exactly 5, and a subscriber (`vc-dpctl events`) gets a mac_limit event
#     naming the vNet and the limit;
#   - static MACs of the document appear as static on their FlexNIC; a frame
#     with that source MAC from another port is dropped (drops.mac_static
#     exactly 1) and does not move the entry;
#   - a MAC move (the same source MAC from another port) updates the table.
# The hosts have no IP addresses, so they send nothing but our raw frames
# (send_frames.py) and every count is exact.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

vc_init aging
vc_host h1 d1
vc_host h2 d2
vc_host h3 X1
vc_host h4 d3
vc_start_dataplane
vc_apply "{\"generation\": 1, \"aging_s\": 10,
  \"ports\": [{\"name\": \"d1\", \"device\": \"$(vc_device d1)\"},
              {\"name\": \"d2\", \"device\": \"$(vc_device d2)\"},
              {\"name\": \"X1\", \"device\": \"$(vc_device X1)\"},
              {\"name\": \"d3\", \"device\": \"$(vc_device d3)\"}],
  \"vnets\": [{\"name\": \"A\", \"uplinks\": [\"X1\"],
               \"static_macs\": [{\"mac\": \"02:a9:00:00:00:99\", \"port\": \"d2\", \"flexnic\": \"a\"}]},
              {\"name\": \"Lim\", \"mac_limit\": 5}],
  \"flexnics\": [{\"port\": \"d1\", \"flexnic\": \"a\", \"vnet\": \"A\"},
                 {\"port\": \"d2\", \"flexnic\": \"a\", \"vnet\": \"A\"},
                 {\"port\": \"d3\", \"flexnic\": \"a\", \"vnet\": \"Lim\"}]}"
for p in d1 d2 X1 d3; do vc_wait_link "$p"; done

send() { vc_exec "$1" python3 "$VC_SEND_FRAMES" eth0 --src "$2" --count "${3:-1}" >/dev/null; sleep 0.3; }
# entry VNET MAC: "port flexnic static age_s" of one MAC, or "none"
entry() {
    vc_dpctl mac-table "$1" | python3 -c '
import json, sys
e = [e for e in json.load(sys.stdin) if e["mac"] == sys.argv[1]]
print("none" if not e else "%s %s %s %s" % (e[0]["port"], e[0]["flexnic"] or "-", e[0]["static"], e[0]["age_s"]))' "$2"
}
warp() { vc_dpctl clock warp "$1" >/dev/null; sleep 1.2; }

# static MAC in the table from the start
[ "$(entry A 02:a9:00:00:00:99)" = "d2 a True 0" ] || fail "static MAC: $(entry A 02:a9:00:00:00:99)"

# 1. aging
vc_dpctl clock stop | grep -q '"stopped": true' || fail "clock did not stop"
send h1 02:a9:00:00:00:01
[ "$(entry A 02:a9:00:00:00:01)" = "d1 a False 0" ] || fail "learned MAC: $(entry A 02:a9:00:00:00:01)"
warp 9000
e=$(entry A 02:a9:00:00:00:01)
[ "$e" = "d1 a False 9" ] || fail "9 s after learning (aging_s 10) the MAC is: $e"
warp 2000
e=$(entry A 02:a9:00:00:00:01)
[ "$e" = none ] || fail "11 s after learning (aging_s 10) the MAC is still there: $e"
[ "$(entry A 02:a9:00:00:00:99)" = "d2 a True 0" ] || fail "static MAC aged: $(entry A 02:a9:00:00:00:99)"
warp 100000
[ "$(entry A 02:a9:00:00:00:99)" = "d2 a True 0" ] || fail "static MAC aged after 100 s: $(entry A 02:a9:00:00:00:99)"
pass "aging: kept at 9 s, gone at 11 s; static MAC never aged"

# 2. MAC limit, with an event subscriber
vc_events "$VC_WORK/events"
before=$(vc_drops mac_limit)
send h4 02:a9:00:00:10:00 10
n=$(vc_mac_count Lim)
[ "$n" = 5 ] || fail "vNet Lim (mac_limit 5) learned $n of 10 MACs"
d=$(( $(vc_drops mac_limit) - before ))
[ "$d" = 5 ] || fail "drops.mac_limit rose by $d, not 5"
vc_until 30 grep -q mac_limit "$VC_WORK/events" || true
vc_events_stop
python3 - "$VC_WORK/events" <<'EOF' || fail "mac_limit event: $(cat "$VC_WORK/events")"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{"type"')]
ev = [e for e in ev if e["type"] == "mac_limit"]
sys.exit(0 if ev and ev[0] == {"type": "mac_limit", "vnet": "Lim", "mac_limit": 5} else 1)
EOF
pass "mac_limit 5: 5 of 10 learned, 5 mac_limit drops, event received"

# 3. static MAC from another port: dropped, the entry stays
before=$(vc_drops mac_static)
send h1 02:a9:00:00:00:99
d=$(( $(vc_drops mac_static) - before ))
[ "$d" = 1 ] || fail "drops.mac_static rose by $d, not 1"
[ "$(entry A 02:a9:00:00:00:99)" = "d2 a True 0" ] || fail "static MAC moved: $(entry A 02:a9:00:00:00:99)"
pass "a static MAC from another port is dropped (mac_static) and stays"

# 4. MAC move: d1 -> d2 -> X1
send h1 02:a9:00:00:00:42
[ "$(entry A 02:a9:00:00:00:42 | cut -d' ' -f1-2)" = "d1 a" ] || fail "not learned on d1: $(entry A 02:a9:00:00:00:42)"
send h2 02:a9:00:00:00:42
[ "$(entry A 02:a9:00:00:00:42 | cut -d' ' -f1-2)" = "d2 a" ] || fail "move to d2 not learned: $(entry A 02:a9:00:00:00:42)"
send h3 02:a9:00:00:00:42
[ "$(entry A 02:a9:00:00:00:42 | cut -d' ' -f1-2)" = "X1 -" ] || fail "move to X1 not learned: $(entry A 02:a9:00:00:00:42)"
[ "$(vc_mac_count A)" = 2 ] || fail "A holds $(vc_mac_count A) MACs, not 2 (the static one and the moved one)"
vc_dpctl clock resume | grep -q '"stopped": false' || fail "clock did not resume"
pass "MAC moves d1 -> d2 -> X1 update the table"
