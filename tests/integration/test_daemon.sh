#!/usr/bin/env bash
# The vc-dataplane process: command line, start-up configuration errors,
# SIGTERM, two instances side by side, DPDK telemetry, and a configuration
# with a device that cannot be opened applied over the control socket.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
vc_init daemon
# extra DPDK file prefixes of this test, removed at exit with the rest
trap 'rc=$?; set +e; rm -rf /var/run/dpdk/"${VC_ID}"?; (exit $rc); vc_cleanup' EXIT

DP=$VC_DATAPLANE
EAL_COMMON=(-f --no-huge -m 256 --idle-sleep-us 100)

# ---- bad command lines: one line on stderr, non-zero exit, nothing started --
bad_cli() { # LABEL ARGS...
    local label=$1 rc=0; shift
    timeout 10 "$DP" "$@" >"$VC_WORK/cli.out" 2>"$VC_WORK/cli.err" || rc=$?
    [ $rc -ne 0 ] || fail "$label: exit status 0"
    [ $rc -ne 124 ] || fail "$label: did not exit (started?)"
    [ "$(wc -l <"$VC_WORK/cli.err")" -eq 1 ] ||
        fail "$label: $(wc -l <"$VC_WORK/cli.err") lines on stderr, expected 1: $(cat "$VC_WORK/cli.err")"
    [ ! -s "$VC_WORK/cli.out" ] || fail "$label: wrote to stdout"
    [ ! -e "$VC_WORK/cli.sock" ] || fail "$label: control socket created"
    vc_log "  $label -> exit $rc: $(cat "$VC_WORK/cli.err")"
}
CLI_SOCK=(-s "$VC_WORK/cli.sock" --file-prefix "${VC_ID}c")
bad_cli "--workers 0" --workers 0 "${CLI_SOCK[@]}"
grep -q -- "--workers" "$VC_WORK/cli.err" || fail "--workers 0: message does not name --workers"
bad_cli "--bogus" --bogus "${CLI_SOCK[@]}"
grep -q -- "--bogus" "$VC_WORK/cli.err" || fail "--bogus: message does not name the option"
bad_cli "--workers without value" "${CLI_SOCK[@]}" --workers
grep -q -- "--workers" "$VC_WORK/cli.err" || fail "--workers without value: message does not name --workers"
bad_cli "stray argument" "${CLI_SOCK[@]}" stray
grep -q "stray" "$VC_WORK/cli.err" || fail "stray argument: message does not name it"
pass "bad command lines: one line on stderr, non-zero exit"

# ---- bad start-up configuration files ----------------------------------------
bad_config() { # LABEL FILE PATTERN
    local rc=0
    timeout 30 "$DP" "${EAL_COMMON[@]}" --file-prefix "${VC_ID}c" -s "$VC_WORK/cfg.sock" \
        --config "$2" >"$VC_WORK/cfg.out" 2>&1 || rc=$?
    [ $rc -ne 0 ] || fail "$1: exit status 0"
    [ $rc -ne 124 ] || fail "$1: still running after 30 s"
    [ ! -e "$VC_WORK/cfg.sock" ] || fail "$1: control socket left behind"
    local n; n=$(grep -c -- "$3" "$VC_WORK/cfg.out" || true)
    [ "$n" -eq 1 ] || fail "$1: expected one line naming the problem ($3), got $n: $(cat "$VC_WORK/cfg.out")"
    vc_log "  $1 -> exit $rc: $(grep -- "$3" "$VC_WORK/cfg.out")"
    rm -rf "/var/run/dpdk/${VC_ID}c"
}
echo '{"generation": 1, "ports": [{"name": "d1", "device": "net_nosuchdriver0"}]}' >"$VC_WORK/nodev.json"
bad_config "device net_nosuchdriver0" "$VC_WORK/nodev.json" 'ports\[0\]\.device: .*net_nosuchdriver0'
printf '{"generation": 1,\n "ports": [\n' >"$VC_WORK/broken.json"
bad_config "broken JSON" "$VC_WORK/broken.json" "broken.json:[0-9]"
echo '{"generation": 1, "vnet": []}' >"$VC_WORK/invalid.json"
bad_config "unknown member" "$VC_WORK/invalid.json" 'invalid.json: <root>: unknown member "vnet"'
echo '{"generation": 1, "ports": [{"name": "d1", "device": "net_ring0", "speed_mbps": 25000}]}' >"$VC_WORK/invalid2.json"
bad_config "bad speed" "$VC_WORK/invalid2.json" 'ports\[0\]\.speed_mbps: 25000'
bad_config "missing file" "$VC_WORK/nosuchfile.json" "nosuchfile.json"
pass "bad start-up configurations: one line naming the problem, non-zero exit"

# ---- two instances at once, each forwarding for its own hosts ---------------
for i in 1 2 3 4; do vc_host bay$i d$i; vc_addr bay$i eth0 10.70.0.$i/24; done
pair_config() { # GEN PORT-A PORT-B [EXTRA-PORT-JSON]
    cat <<EOF
{"generation": $1,
 "ports": [{"name": "$2", "device": "$(vc_device "$2")"},
           {"name": "$3", "device": "$(vc_device "$3")"}${4:+, $4}],
 "vnets": [{"name": "A"}],
 "flexnics": [{"port": "$2", "flexnic": "a", "vnet": "A"},
              {"port": "$3", "flexnic": "a", "vnet": "A"}]}
EOF
}
pair_config 1 d1 d2 >"$VC_WORK/one.json"
pair_config 1 d3 d4 >"$VC_WORK/two.json"
vc_start_dataplane --config "$VC_WORK/one.json"
SOCK2=$VC_WORK/two.sock
"$DP" "${EAL_COMMON[@]}" --file-prefix "${VC_ID}b" -s "$SOCK2" --config "$VC_WORK/two.json" \
    >"$VC_WORK/two.log" 2>&1 &
PID2=$!
VC_PIDS+=($PID2)
for _ in $(seq 100); do [ -S "$SOCK2" ] && break; kill -0 $PID2 2>/dev/null || { cat "$VC_WORK/two.log" >&2; fail "second instance exited"; }; sleep 0.1; done
[ -S "$SOCK2" ] || fail "second instance did not open its socket"
for p in d1 d2; do vc_wait_link $p; done
vc_ping bay1 10.70.0.2 || fail "instance 1: bay1 -> bay2"
# bay3/bay4 share the subnet but only instance 2 connects them
vc_ping bay3 10.70.0.4 || fail "instance 2: bay3 -> bay4"
vc_ping bay1 10.70.0.3 1 && fail "bay1 reached bay3 across two separate instances"
names() { "$VC_DPCTL" -s "$1" ports | python3 -c "import json,sys; print(' '.join(p['name'] for p in json.load(sys.stdin)['ports']))"; }
[ "$(names "$VC_SOCKET")" = "d1 d2" ] || fail "instance 1 ports: $(names "$VC_SOCKET")"
[ "$(names "$SOCK2")" = "d3 d4" ] || fail "instance 2 ports: $(names "$SOCK2")"
rx2=$("$VC_DPCTL" -s "$SOCK2" counters | python3 -c "import json,sys; print(sum(p['traffic']['rx_packets'] for p in json.load(sys.stdin)['ports']))")
[ "$rx2" -ge 6 ] || fail "instance 2 counted $rx2 received frames, expected >= 6"
pass "two instances (file prefixes $VC_ID, ${VC_ID}b) forward side by side"

# ---- DPDK telemetry ------------------------------------------------------------
# some drops to see: 3 frames with an all-zero source MAC from bay1
vc_exec bay1 python3 "$VC_SEND_FRAMES" eth0 --src 00:00:00:00:00:00 --repeat 3 >/dev/null
sleep 0.3
telemetry() { echo "$2" | timeout 30 dpdk-telemetry.py -f "$1" 2>&1; }
telemetry "$VC_ID" /openvc/drops >"$VC_WORK/tel-drops.json" || fail "dpdk-telemetry.py failed: $(cat "$VC_WORK/tel-drops.json")"
vc_snap "$VC_WORK/counters.json"
python3 - "$VC_WORK/tel-drops.json" "$VC_WORK/counters.json" <<'EOF' || fail "telemetry /openvc/drops wrong: $(cat "$VC_WORK/tel-drops.json")"
import json, sys
text = open(sys.argv[1]).read().strip()
drops = json.loads(text.splitlines()[-1])['/openvc/drops']
want = json.load(open(sys.argv[2]))['drops']
assert set(drops) == set(want), (sorted(drops), sorted(want))
assert drops == want, (drops, want)
assert drops['bad_source'] == 3, drops
EOF
telemetry "$VC_ID" /openvc/ports >"$VC_WORK/tel-ports.json" || fail "dpdk-telemetry.py /openvc/ports failed"
python3 - "$VC_WORK/tel-ports.json" <<'EOF' || fail "telemetry /openvc/ports wrong: $(cat "$VC_WORK/tel-ports.json")"
import json, sys
ports = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])['/openvc/ports']
names = ports if isinstance(ports, list) else list(ports)
assert sorted(names) == ['d1', 'd2'], ports
EOF
telemetry "$VC_ID" /openvc/ports,d1 >"$VC_WORK/tel-d1.json" || fail "dpdk-telemetry.py /openvc/ports,d1 failed"
grep -q '"d1"\|"name": "d1"' "$VC_WORK/tel-d1.json" || fail "/openvc/ports,d1 does not describe d1: $(cat "$VC_WORK/tel-d1.json")"
telemetry "${VC_ID}b" /openvc/ports >"$VC_WORK/tel-ports2.json" || fail "telemetry of instance 2 failed"
grep -q '"d3"' "$VC_WORK/tel-ports2.json" && ! grep -q '"d1"' "$VC_WORK/tel-ports2.json" ||
    fail "instance 2 telemetry: $(cat "$VC_WORK/tel-ports2.json")"
pass "telemetry: /openvc/drops matches the counters, /openvc/ports lists the ports"

# ---- apply with a device that cannot be opened: refused, old one forwards ------
pair_config 2 d1 d2 '{"name": "X1", "device": "net_nosuchdriver0"}' >"$VC_WORK/bad-apply.json"
rc=0
vc_dpctl apply "$VC_WORK/bad-apply.json" >"$VC_WORK/apply.out" 2>&1 || rc=$?
[ $rc -ne 0 ] || fail "a configuration with an unopenable device was accepted"
grep -q 'ports\[2\]\.device' "$VC_WORK/apply.out" || fail "error does not name ports[2].device: $(cat "$VC_WORK/apply.out")"
vc_log "  refused: $(cat "$VC_WORK/apply.out")"
gen=$(vc_query "d['generation']" status)
[ "$gen" -eq 1 ] || fail "generation is $gen after a refused apply, expected 1"
[ "$(names "$VC_SOCKET")" = "d1 d2" ] || fail "ports after the refused apply: $(names "$VC_SOCKET")"
vc_ping bay1 10.70.0.2 || fail "old configuration stopped forwarding after the refused apply"
vc_ping bay2 10.70.0.1 || fail "old configuration stopped forwarding after the refused apply"
pass "unopenable device refused with ports[2].device, old configuration still forwards"

# ---- SIGTERM: exit 0 within 5 s, socket removed ---------------------------------
stop() { # PID SOCKET LABEL
    local start rc=0
    start=$(date +%s%N)
    kill -TERM "$1"
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$1" 2>/dev/null && fail "$3: still running 5 s after SIGTERM"
    wait "$1" || rc=$?
    [ $rc -eq 0 ] || fail "$3: exit status $rc after SIGTERM"
    [ ! -e "$2" ] || fail "$3: control socket $2 left behind"
    vc_log "  $3 stopped in $(( ($(date +%s%N) - start) / 1000000 )) ms"
}
stop "$PID2" "$SOCK2" "instance 2"
vc_ping bay1 10.70.0.2 || fail "instance 1 stopped forwarding when instance 2 exited"
stop "$VC_DATAPLANE_PID" "$VC_SOCKET" "instance 1"
VC_DATAPLANE_PID=
pass "SIGTERM: exit 0 within 5 s, socket removed"
