#!/usr/bin/env bash
# Bandwidth caps and minimum guarantees measured with real traffic, end to end.
#
# The 1% accuracy of the token bucket and of the egress scheduler is checked
# by the unit tests with a virtual clock (tests/unit/test_token_bucket.c,
# tests/unit/test_egress_scheduler.c). Here we check that real frames through
# real ports (lib.sh's pcap or af_packet ports on veths, namespaces, iperf3)
# are held to the rates of the configuration, both ways:
#   server -> network: the FlexNIC's ingress meter (max_mbps)
#   network -> server: the port's egress scheduler (max_mbps, min_mbps)
# Rates are measured from the dataplane's own tx counters of the egress port
# (or FlexNIC) over a timed interval in the middle of the stream, converted to
# wire bits (frame + 4 FCS + 8 preamble + 12 gap). They must not exceed the
# cap by more than 5% (what a cap promises), and must reach it within 5% at
# 100 Mb/s but only within 20% at 300 Mb/s. The wider lower bound is honest
# slack for this 2-core VM, not a claim: the worker stamps frames when it
# polls them, not when they arrive, and a bucket's burst is 64 KiB (5 ms at
# 100 Mb/s but only 1.7 ms at 300 Mb/s); when the worker or iperf3 is
# descheduled for longer, the frames of that gap arrive at one instant and
# what exceeds the burst is dropped although the long-term rate is below the
# cap. Measured at 300 Mb/s: 293-300 in most runs, but 274, 257, 246, 243 in
# some (both directions, with --idle-sleep-us 100 or 0 alike).
#
# Caps are 100 and 300 Mb/s: on the 2-core test machine the uncapped
# path carries ~730 Mb/s of ~1470-byte frames (measured first below; the test
# fails if the path cannot carry clearly more than the highest cap).
#
# Minimum guarantee: partitioned d1 with speed_mbps 300, FlexNIC a min 200 /
# max 300, b min 100 / max 300 (minima are in 100 Mb steps, so not the
# 150/50 of a 200 Mb port), a offered 250 and b 350 Mb/s, each by its own
# upstream host (python3 UDP senders toward a static MAC of the FlexNIC, so no
# S-tag subinterface is needed on the server side). Spare bandwidth goes to
# whoever offers more excess, so without the guarantee a would get about
# 300 x 250/600 = 125; with it a gets >= 200 (-5%), b >= 100 (-5%), and the
# port total is 300 (+-5%).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

vc_init bandwidth
vc_host srv d1
vc_host up X1
vc_addr srv eth0 10.71.0.1/24
vc_addr up eth0 10.71.0.2/24
vc_start_dataplane

gen=0
config_caps() { # MAX_MBPS or "" for none
    local max=""
    [ -n "$1" ] && max=", \"max_mbps\": $1"
    gen=$((gen + 1))
    vc_apply "{\"generation\": $gen,
      \"ports\": [{\"name\": \"d1\", \"device\": \"$(vc_device d1)\"},
                  {\"name\": \"X1\", \"device\": \"$(vc_device X1)\"}],
      \"vnets\": [{\"name\": \"A\", \"uplinks\": [\"X1\"]}],
      \"flexnics\": [{\"port\": \"d1\", \"flexnic\": \"a\", \"vnet\": \"A\"$max}]}"
}
config_caps ""
vc_wait_link d1
vc_wait_link X1
vc_ping srv 10.71.0.2 || fail "no ping through the dataplane"

# rate.py SOCKET DELAY WINDOW ITEM...: wire Mb/s of each ITEM (P:port or
# F:flexnic, tx counters) between DELAY and DELAY+WINDOW seconds from now,
# then the rate_limit and congestion drops in that window. One connection,
# each sample stamped at the middle of its call, so process start-up times
# do not skew the interval.
cat >"$VC_WORK/rate.py" <<'EOF'
import json, socket, sys, time
path, delay, window, items = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(path)
f = s.makefile("rb")
def sample():
    t0 = time.monotonic()
    s.sendall(b'{"jsonrpc":"2.0","id":1,"method":"dataplane.counters"}\n')
    d = json.loads(f.readline())["result"]
    t = (t0 + time.monotonic()) / 2
    out = []
    for item in items:
        kind, name = item.split(":")
        x = next(x for x in d["ports" if kind == "P" else "flexnics"] if x["name"] == name)
        out.append((x["traffic"]["tx_packets"], x["traffic"]["tx_bytes"]))
    return t, out, d["drops"]["rate_limit"], d["drops"]["congestion"]
time.sleep(delay)
a = sample()
time.sleep(window)
b = sample()
rates = [((b[1][i][1] - a[1][i][1]) + 24 * (b[1][i][0] - a[1][i][0])) * 8 / (b[0] - a[0]) / 1e6
         for i in range(len(items))]
print(" ".join(f"{r:.1f}" for r in rates), b[2] - a[2], b[3] - a[3])
EOF
rate() { python3 "$VC_WORK/rate.py" "$VC_SOCKET" "$@"; }
within() { # VALUE TARGET PERCENT
    python3 -c 'import sys; v, t, p = map(float, sys.argv[1:]); sys.exit(0 if abs(v - t) <= t * p / 100 else 1)' "$@"
}
atleast() { python3 -c 'import sys; v, t = map(float, sys.argv[1:]); sys.exit(0 if v >= t else 1)' "$@"; }

# measure DIRECTION OFFERED_MBPS: iperf3 UDP for 6 s, 1428-byte payload
# (1470-byte frames, 1494 wire bytes); prints "wire_mbps rate_limit_drops"
# measured on the egress port between t=1.5 s and t=5 s.
# DIRECTION up = server -> network (egress port X1), down = network -> server (d1)
measure() {
    local dir=$1 offered=$2 client server dst port
    if [ "$dir" = up ]; then client=srv; server=up; dst=10.71.0.2; port=X1
    else client=up; server=srv; dst=10.71.0.1; port=d1; fi
    vc_exec "$server" iperf3 -s -1 -D -p 5201 >/dev/null
    sleep 0.3
    vc_exec "$client" iperf3 -c "$dst" -p 5201 -u -b "${offered}M" -l 1428 -t 6.5 -J \
        >"$VC_WORK/iperf-$dir-$offered.json" 2>&1 &
    local ipid=$! r
    r=$(rate 1.5 3.5 "P:$port")
    wait "$ipid" || { cat "$VC_WORK/iperf-$dir-$offered.json" >&2; fail "iperf3 $dir failed"; }
    echo "$r" | cut -d' ' -f1,2
}

# 1. what the uncapped path carries
read -r raw rl <<<"$(measure down 700)"
vc_log "uncapped, 700 Mb/s offered toward the server: $raw Mb/s wire, rate_limit +$rl"
atleast "$raw" 400 || fail "the uncapped path carries only $raw Mb/s, too little to test a 300 Mb/s cap"
[ "$rl" -eq 0 ] || fail "rate_limit drops ($rl) without a cap"

# 2. without a cap the same traffic passes, both ways, no rate_limit drops
for dir in up down; do
    read -r r rl <<<"$(measure "$dir" 300)"
    vc_log "uncapped $dir, 300 Mb/s offered (313.9 wire): $r Mb/s, rate_limit +$rl"
    atleast "$r" 290 || fail "uncapped $dir carried $r Mb/s of 313.9 offered"
    [ "$rl" -eq 0 ] || fail "uncapped $dir: rate_limit drops +$rl"
done
pass "uncapped traffic passes without rate_limit drops"

# 3. caps: received rate within 5% of the cap each way, rate_limit rises
for cap in 100 300; do
    config_caps "$cap"
    [ "$(vc_query "d['document']['flexnics'][0]['max_mbps']" config)" = "$cap" ] ||
        fail "max_mbps $cap not in the running configuration"
    for dir in up down; do
        read -r r rl <<<"$(measure "$dir" $((cap * 13 / 10)))"
        vc_log "cap $cap $dir ($((cap * 13 / 10)) Mb/s offered): $r Mb/s wire, rate_limit +$rl"
        atleast "$(python3 -c "print($cap * 1.05)")" "$r" || fail "cap $cap $dir: measured $r Mb/s, above $cap + 5%"
        atleast "$r" "$(python3 -c "print($cap * (0.95 if $cap <= 100 else 0.80))")" ||
            fail "cap $cap $dir: measured $r Mb/s, too far below the cap $cap"
        [ "$rl" -gt 1000 ] || fail "cap $cap $dir: rate_limit drops only +$rl"
    done
    pass "max_mbps $cap holds both ways"
done

# 4. minimum guarantee under overload on a 300 Mb partitioned port
vc_host up2 X2
vc_addr up2 eth0 10.72.0.2/24
gen=$((gen + 1))
vc_apply "{\"generation\": $gen,
  \"ports\": [{\"name\": \"d1\", \"device\": \"$(vc_device d1)\", \"speed_mbps\": 300, \"partitioned\": true},
              {\"name\": \"X1\", \"device\": \"$(vc_device X1)\"},
              {\"name\": \"X2\", \"device\": \"$(vc_device X2)\"}],
  \"vnets\": [{\"name\": \"A\", \"uplinks\": [\"X1\"],
               \"static_macs\": [{\"mac\": \"02:71:00:00:00:0a\", \"port\": \"d1\", \"flexnic\": \"a\"}]},
              {\"name\": \"B\", \"uplinks\": [\"X2\"],
               \"static_macs\": [{\"mac\": \"02:71:00:00:00:0b\", \"port\": \"d1\", \"flexnic\": \"b\"}]}],
  \"flexnics\": [{\"port\": \"d1\", \"flexnic\": \"a\", \"vnet\": \"A\", \"min_mbps\": 200, \"max_mbps\": 300},
                 {\"port\": \"d1\", \"flexnic\": \"b\", \"vnet\": \"B\", \"min_mbps\": 100, \"max_mbps\": 300}]}"
vc_wait_link X2
vc_neigh up 10.71.0.10 02:71:00:00:00:0a eth0
vc_neigh up2 10.72.0.11 02:71:00:00:00:0b eth0
cat >"$VC_WORK/send.py" <<'EOF'
# send.py DST MBPS SECONDS: paced UDP datagrams of 1428 bytes (1494 wire bytes)
import socket, sys, time
dst, mbps, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
pps = mbps * 1e6 / (1494 * 8)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
payload = b"x" * 1428
start = time.monotonic(); sent = 0
while True:
    now = time.monotonic() - start
    if now >= seconds:
        break
    due = int(now * pps)
    while sent < due:
        try:
            s.sendto(payload, (dst, 9))
        except OSError:
            pass
        sent += 1
    time.sleep(0.0005)
EOF
vc_exec up python3 "$VC_WORK/send.py" 10.71.0.10 250 7.5 &
spid1=$!
vc_exec up2 python3 "$VC_WORK/send.py" 10.72.0.11 350 7.5 &
spid2=$!
read -r ra rb rp _ cong <<<"$(rate 2 4 F:d1-a F:d1-b P:d1)"
wait "$spid1" "$spid2"
vc_log "overload (a 250 + b 350 Mb/s offered) on a 300 Mb port: a $ra, b $rb, port $rp Mb/s wire, congestion +$cong"
atleast "$ra" 190 || fail "FlexNIC a got $ra Mb/s, below its 200 Mb/s minimum (-5%)"
within "$rp" 300 5 || fail "port total $rp Mb/s, not within 5% of its 300 Mb/s speed"
atleast "$rb" 95 || fail "FlexNIC b got $rb Mb/s, below its 100 Mb/s minimum (-5%)"
[ "$cong" -gt 1000 ] || fail "no congestion drops under overload (+$cong)"
pass "minimum guarantees hold under overload"
