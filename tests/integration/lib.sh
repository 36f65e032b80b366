# Shared harness of the integration tests and the demo: real Linux hosts in
# network namespaces on veth pairs, a real vc-dataplane on the other ends
# (DPDK af_packet), unique names for everything so tests can run beside
# each other and beside a demo, and a cleanup that removes all of it.
#
# Source it, then:  vc_init NAME; vc_host bay1 d1; vc_start_dataplane; ...
# Every name made here starts with $VC_ID (a short unique tag).

VC_TOP=${VC_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
VC_BUILD=${VC_BUILD:-$VC_TOP/build}
VC_DATAPLANE=${VC_DATAPLANE:-$VC_BUILD/dataplane/vc-dataplane}
VC_DPCTL=${VC_DPCTL:-$VC_BUILD/dataplane/vc-dpctl}
# send_frames.py IFACE ...: raw Ethernet frames (run it in a host: vc_exec)
VC_SEND_FRAMES=$VC_TOP/tests/integration/send_frames.py

vc_log() { echo "[$(date +%T)] $*" >&2; }
fail() { vc_log "FAIL: $*"; exit 1; }
pass() { vc_log "ok: $*"; }

# vc_init NAME: a unique tag, a work folder, cleanup on exit.
vc_init() {
    [ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (network namespaces)"; exit 77; }
    VC_ID="v$(printf '%04x' $(( ($$ + RANDOM) % 65536 )))"
    VC_WORK=$(mktemp -d -t "vc-$1.XXXXXX")
    VC_SOCKET=$VC_WORK/dataplane.sock
    VC_HOSTS=()
    VC_LINKS=()
    VC_PIDS=()
    VC_DAEMONS=()
    trap vc_cleanup EXIT
    trap 'exit 130' INT TERM
}

vc_cleanup() {
    local rc=$?
    set +e
    for pid in "${VC_PIDS[@]}" "${VC_DAEMONS[@]}"; do kill "$pid" 2>/dev/null; done
    if [ -n "${VC_DATAPLANE_PID:-}" ]; then
        kill -TERM "$VC_DATAPLANE_PID" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$VC_DATAPLANE_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$VC_DATAPLANE_PID" 2>/dev/null
    fi
    for h in "${VC_HOSTS[@]}"; do ip netns pids "$h" 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del "$h" 2>/dev/null; done
    for l in "${VC_LINKS[@]}"; do ip link del "$l" 2>/dev/null; done
    if [ $rc -ne 0 ] && [ -f "$VC_WORK/manager.log" ]; then
        echo "---- manager log (last 30 lines) ----" >&2; tail -30 "$VC_WORK/manager.log" >&2
    fi
    if [ $rc -ne 0 ] && [ -f "$VC_WORK/dataplane.log" ]; then
        echo "---- dataplane log (last 30 lines) ----" >&2; tail -30 "$VC_WORK/dataplane.log" >&2
    fi
    rm -rf "$VC_WORK" "/var/run/dpdk/$VC_ID" 2>/dev/null
    exit $rc
}

# vc_ns HOST: the namespace name of a host.
vc_ns() { echo "$VC_ID-$1"; }
# vc_if PORT: the dataplane-side interface of a port (<= 15 characters).
vc_if() { echo "$VC_ID$1"; }

# vc_host HOST PORT: a namespace with eth0 wired to dataplane port PORT.
# Offloads are off on both ends: af_packet must see real, checksummed frames.
vc_host() {
    local host=$1 port=$2 ns outside
    ns=$(vc_ns "$host"); outside=$(vc_if "$port")
    ip netns add "$ns"; VC_HOSTS+=("$ns")
    ip link add "$outside" type veth peer name eth0 netns "$ns"; VC_LINKS+=("$outside")
    ip link set "$outside" up
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
    ethtool -K "$outside" tx off tso off gso off gro off >/dev/null 2>&1 || true
    ip netns exec "$ns" ethtool -K eth0 tx off tso off gso off gro off >/dev/null 2>&1 || true
    # no IPv6 chatter: tests count frames
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    sysctl -qw "net.ipv6.conf.$outside.disable_ipv6=1"
}

# vc_unhost HOST PORT: undo vc_host HOST PORT now: the namespace, and the
# veth, waited for (the pair goes with its namespace, but not at once)
vc_unhost() {
    local outside
    outside=$(vc_if "$2")
    ip netns del "$(vc_ns "$1")"
    ip link del "$outside" 2>/dev/null || true
    vc_until 50 sh -c "! ip link show $outside >/dev/null 2>&1" || fail "$outside stays"
}

# vc_addr HOST DEV ADDR/LEN
vc_addr() { ip -n "$(vc_ns "$1")" addr add "$3" dev "$2"; }
# vc_vlan HOST PARENT NAME PROTO VID: an 802.1Q (PROTO 802.1Q) or 802.1ad
# subinterface. The test machines' kernel has no 802.1Q support, so this is
# vlan_subif.py (a TAP device plus a raw socket that pushes and pops the
# tags); the frames on the wire are real tagged frames.
vc_vlan() {
    local tag
    case $4 in 802.1Q|802.1q) tag=c$5 ;; 802.1ad) tag=s$5 ;; *) fail "vc_vlan: proto $4" ;; esac
    vc_subif "$1" "$2" "$3" "$tag"
}
# vc_subif HOST PARENT NAME TAGS [MAC]: a subinterface with a stack of tags,
# outermost first: "s2" (S-VID 2), "c101", "s2,c101"; see vlan_subif.py.
vc_subif() {
    local ns fifo; ns=$(vc_ns "$1")
    fifo=$VC_WORK/subif.$1.$3
    ip netns exec "$ns" python3 "$VC_TOP/tests/integration/vlan_subif.py" "$2" "$3" "$4" \
        ${5:+--mac "$5"} >"$fifo" 2>&1 &
    VC_DAEMONS+=($!)
    for _ in $(seq 50); do grep -q ready "$fifo" 2>/dev/null && return 0; sleep 0.1; done
    cat "$fifo" >&2; fail "subinterface $3 in $1 did not start"
}
# vc_exec HOST CMD...: run in a host's namespace
vc_exec() { local ns; ns=$(vc_ns "$1"); shift; ip netns exec "$ns" "$@"; }

# vc_device PORT: the DPDK device string of a port's veth. The pcap driver
# on the live interface, because DPDK's af_packet driver re-inserts the tag
# the kernel strips on receive as 0x8100 and so turns S-tags into C-tags;
# libpcap restores the TPID. VC_PORT_DRIVER=af_packet picks af_packet (fine
# for untagged and C-tagged ports, and faster).
vc_device() {
    if [ "${VC_PORT_DRIVER:-pcap}" = af_packet ]; then
        echo "net_af_packet_$1,iface=$(vc_if "$1"),qpairs=1"
    else
        echo "net_pcap_$1,iface=$(vc_if "$1")"
    fi
}

# vc_start_dataplane [ARGS...]: start vc-dataplane in the background and wait
# for its control socket.
vc_start_dataplane() {
    "$VC_DATAPLANE" -f --no-huge -m 512 --file-prefix "$VC_ID" --control "$VC_SOCKET" \
        --idle-sleep-us 100 --test-clock "$@" >"$VC_WORK/dataplane.log" 2>&1 &
    VC_DATAPLANE_PID=$!
    for _ in $(seq 100); do
        [ -S "$VC_SOCKET" ] && return 0
        kill -0 "$VC_DATAPLANE_PID" 2>/dev/null || { cat "$VC_WORK/dataplane.log" >&2; fail "vc-dataplane exited"; }
        sleep 0.1
    done
    fail "vc-dataplane did not open $VC_SOCKET"
}

# vc_dpctl ARGS...: the control client on this test's socket
vc_dpctl() { "$VC_DPCTL" -s "$VC_SOCKET" "$@"; }

# vc_apply JSON: apply a configuration document given as text
vc_apply() { echo "$1" | vc_dpctl apply - >/dev/null; }

# vc_query PYEXPR ARGS...: print PYEXPR, a python expression over d, the
# JSON that `vc-dpctl ARGS...` prints, e.g. vc_query "d['generation']" status
vc_query() {
    local expr=$1; shift
    vc_dpctl "$@" | python3 -c "import json,sys; d=json.load(sys.stdin); print($expr)"
}

# Counters. PYEXPR is a python expression over d, the document of
# `vc-dpctl counters`, e.g. "d['drops']['private']"; the vc_*_counter
# functions print the expression of one counter of a named object.
# vc_counter PYEXPR: one value from the counters now
vc_counter() { vc_query "$1" counters; }
# vc_drops REASON: the dataplane's drops.REASON now
vc_drops() { vc_counter "d['drops']['$1']"; }
# vc_snap FILE: save the counters now into FILE
vc_snap() { vc_dpctl counters >"$1"; }
# vc_get FILE PYEXPR: one value from a saved snapshot
vc_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# vc_delta BEFORE AFTER PYEXPR: how much a value changed between two snapshots
vc_delta() { echo $(( $(vc_get "$2" "$3") - $(vc_get "$1" "$3") )); }
# vc_expect_delta BEFORE AFTER PYEXPR WANT LABEL: fail unless it changed by WANT
vc_expect_delta() {
    local got; got=$(vc_delta "$1" "$2" "$3")
    [ "$got" -eq "$4" ] || fail "$5: changed by $got, expected $4"
}
# vc_port_counter PORT FIELD: a port's traffic counter (rx_packets,
# tx_packets, rx_bytes, tx_bytes), or with FIELD drops the port's drops
vc_port_counter() {
    local port="[p for p in d['ports'] if p['name']=='$1'][0]"
    if [ "$2" = drops ]; then echo "$port['drops']"; else echo "$port['traffic']['$2']"; fi
}
# vc_vnet_counter VNET FIELD: a vNet's traffic counter
vc_vnet_counter() { echo "[v for v in d['vnets'] if v['name']=='$1'][0]['traffic']['$2']"; }
# vc_flexnic_counter FLEXNIC FIELD: a FlexNIC's (PORT-LETTER, e.g. d1-a) traffic counter
vc_flexnic_counter() { echo "[f for f in d['flexnics'] if f['name']=='$1'][0]['traffic']['$2']"; }

# vc_mac_count [VNET]: entries in the MAC table (of one vNet)
vc_mac_count() { vc_query 'len(d)' mac-table "$@"; }

# vc_until TRIES CMD...: run CMD every 0.1 s until it succeeds, at most TRIES
# times; fails (status 1) if it never did
vc_until() {
    local tries=$1; shift
    for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.1; done
    return 1
}

# vc_link_state PORT: the port's link as the dataplane sees it, up or down
vc_link_state() { vc_query "[p for p in d['ports'] if p['name']=='$1'][0]['link']" ports; }
vc_link_is() { [ "$(vc_link_state "$1")" = "$2" ]; }
# vc_wait_link_state PORT up|down: wait (5 s) until the port's link is so
vc_wait_link_state() {
    vc_until 50 vc_link_is "$1" "$2" || fail "port $1 link is $(vc_link_state "$1"), expected $2"
}
# vc_wait_link PORT: wait until the dataplane sees the port's link up
vc_wait_link() { vc_wait_link_state "$1" up; }

# vc_events FILE: subscribe to the dataplane's events (`vc-dpctl events`)
# into FILE in the background. The client itself runs in the background
# (not a shell function's subshell, which a kill would leave it behind);
# its pid is VC_EVENTS_PID and in VC_PIDS. Waits 0.5 s for the subscription.
vc_events() {
    "$VC_DPCTL" -s "$VC_SOCKET" events >"$1" 2>&1 &
    VC_EVENTS_PID=$!
    VC_PIDS+=($VC_EVENTS_PID)
    sleep 0.5
}
# vc_events_stop: end the subscriber of vc_events
vc_events_stop() { kill "$VC_EVENTS_PID" 2>/dev/null; wait "$VC_EVENTS_PID" 2>/dev/null || true; }

# vc_neigh HOST ADDR MAC DEV: a permanent neighbour (static ARP) entry
vc_neigh() { vc_exec "$1" ip neigh replace "$2" lladdr "$3" dev "$4" nud permanent; }
# vc_neigh_mac HOST ADDR DEV: the MAC a host's neighbour entry holds for ADDR
vc_neigh_mac() { vc_exec "$1" ip neigh show "$2" dev "$3" | awk '{for (i=1;i<NF;i++) if ($i=="lladdr") print $(i+1)}'; }

# vc_ping HOST ADDR [COUNT]: succeeds if ADDR answers
vc_ping() { vc_exec "$1" ping -c "${3:-3}" -i 0.2 -W 1 "$2" >/dev/null 2>&1; }

# vc_capture HOST DEV FILE [FILTER...]: tcpdump in the background into FILE,
# in immediate mode (without it libpcap hands frames over in blocks and
# tcpdump loses the last block when it is stopped). HOST - captures in the
# root namespace (the dataplane's side of a port's veth: DEV $(vc_if PORT)).
vc_capture() {
    local host=$1 dev=$2 file=$3; shift 3
    if [ "$host" = - ]; then
        tcpdump -i "$dev" -e -n -U --immediate-mode -w "$file" "$@" >/dev/null 2>&1 &
    else
        vc_exec "$host" tcpdump -i "$dev" -e -n -U --immediate-mode -w "$file" "$@" >/dev/null 2>&1 &
    fi
    VC_PIDS+=($!)
    sleep 0.5
}
# vc_capture_stop: stop every capture and let the files be written
vc_capture_stop() { for pid in "${VC_PIDS[@]}"; do kill -INT "$pid" 2>/dev/null; done; sleep 0.5; VC_PIDS=(); }
# vc_count FILE [FILTER...]: frames in a capture matching a filter
# (one per frame: continuation lines of hex dumps are not counted)
vc_count() { local f=$1; shift; tcpdump -r "$f" -n "$@" 2>/dev/null | grep -cE '^[0-9]{2}:' || true; }

# SNMP: the real snmpd as AgentX master of vc-snmp, on 127.0.0.1 with a
# unique UDP port, its own AgentX socket and persistent folder.
# vc_start_snmpd INCLUDE [LINE...]: snmpd from configs/snmpd-agentx.conf with
# the include file INCLUDE (communities, users, trap sinks: what vc-manager
# writes) and LINEs added to its configuration; sets VC_SNMP_PORT,
# VC_AGENTX, VC_SNMPD_PID (pid file $VC_WORK/snmpd.pid). The tools read no
# MIB files (MIBS=). With VC_SNMP_CPU=N, snmpd (taskset) and vc-snmp
# (--cpu) both run on CPU N.
VC_SNMP=${VC_SNMP:-$VC_BUILD/snmp/vc-snmp}
export MIBS=
vc_start_snmpd() {
    VC_SNMP_PORT=${VC_SNMP_PORT:-$((20000 + ($$ + RANDOM) % 20000))}
    VC_AGENTX=$VC_WORK/agentx.sock
    mkdir -p "$VC_WORK/snmpd"
    sed -e "s|@ADDRESS@|udp:127.0.0.1:$VC_SNMP_PORT|" -e "s|@AGENTX@|$VC_AGENTX|" \
        -e "s|@INCLUDE@|$1|" "$VC_TOP/configs/snmpd-agentx.conf" >"$VC_WORK/snmpd.conf"
    shift
    for line in "$@"; do echo "$line" >>"$VC_WORK/snmpd.conf"; done
    local pin=()
    [ -z "${VC_SNMP_CPU:-}" ] || pin=(taskset -c "$VC_SNMP_CPU")
    SNMP_PERSISTENT_DIR=$VC_WORK/snmpd "${pin[@]}" snmpd -f -Lf "$VC_WORK/snmpd.log" -C \
        -c "$VC_WORK/snmpd.conf" -p "$VC_WORK/snmpd.pid" -I -ifTable,-ifXTable,-interfaces &
    VC_SNMPD_PID=$!
    VC_DAEMONS+=($VC_SNMPD_PID)
    for _ in $(seq 50); do [ -S "$VC_AGENTX" ] && return 0; sleep 0.1; done
    cat "$VC_WORK/snmpd.log" >&2; fail "snmpd did not open $VC_AGENTX"
}
# vc_start_vc_snmp MANAGER_RO_SOCKET [ARGS...]: the subagent; sets VC_SNMP_PID
vc_start_vc_snmp() {
    local ro=$1; shift
    local pin=()
    [ -z "${VC_SNMP_CPU:-}" ] || pin=(--cpu "$VC_SNMP_CPU")
    "$VC_SNMP" -f -m "$ro" -x "$VC_AGENTX" --ping-s 1 "${pin[@]}" "$@" >>"$VC_WORK/vc-snmp.log" 2>&1 &
    VC_SNMP_PID=$!
    VC_DAEMONS+=($VC_SNMP_PID)
}

# ---- vc-manager (mgmt/vc-manager) over the demo wiring and the netns OA
VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}

# vc_start_manager [ARGS...]: start vc-manager in the background with the
# store $VC_WORK/domain.db (made from the wiring $VC_WIRING, default
# configs/enclosure-demo.json, when new), its socket $VC_WORK/manager.sock
# (VC_MSOCK), the netns OA driver (bays of enc0 are namespaces $VC_ID-bayN
# on veths ${VC_ID}dN, those of a stacked encK $VC_ID-eKbayN on
# ${VC_ID}eKdN; removed by vc_cleanup) and the dataplane's socket; log
# $VC_WORK/manager.log. Waits for the socket. VC_MANAGER_PID is its pid.
VC_WIRING=${VC_WIRING:-$VC_TOP/configs/enclosure-demo.json}
vc_start_manager() {
    VC_MSOCK=$VC_WORK/manager.sock
    VC_STORE=$VC_WORK/domain.db
    local b k
    for b in $(seq 16); do VC_HOSTS+=("$VC_ID-bay$b"); VC_LINKS+=("${VC_ID}d$b"); done
    for k in $(python3 -c 'import json, sys
print(" ".join(e["id"][3:] for e in json.load(open(sys.argv[1]))["enclosures"] if e["id"] != "enc0"))' "$VC_WIRING"); do
        for b in $(seq 16); do VC_HOSTS+=("$VC_ID-e${k}bay$b"); VC_LINKS+=("${VC_ID}e${k}d$b"); done
    done
    "$VC_MANAGER" -f --store "$VC_STORE" --socket "$VC_MSOCK" --dataplane "$VC_SOCKET" \
        --wiring "$VC_WIRING" --oa netns --oa-prefix "$VC_ID" \
        --oa-work "$VC_WORK" --oa-subif "$VC_TOP/tests/integration/vlan_subif.py" "$@" \
        >>"$VC_WORK/manager.log" 2>&1 &
    VC_MANAGER_PID=$!
    VC_DAEMONS+=($VC_MANAGER_PID)
    # start-up makes the bays and pushes every identity: slow on a loaded machine
    vc_until 300 test -S "$VC_MSOCK" || fail "vc-manager did not open $VC_MSOCK within 30 s"
}
# vc_start_domain: the demo domain's daemons -- uplink hosts ext1 (X1) and
# ext2 (X2) so the dataplane can open its uplinks, vc-manager (which makes
# the bays), vc-dataplane -- and wait until the dataplane runs the
# manager's first document
vc_start_domain() {
    vc_host ext1 X1
    vc_host ext2 X2
    vc_start_manager
    vc_start_dataplane
    vc_wait_synced 100
}
# vc_mgr_each REQUEST...: call each "METHOD JSON" request in order (output
# dropped); fails naming the first refused one
vc_mgr_each() {
    local request
    for request in "$@"; do
        vc_mgr "${request%% *}" "${request#* }" >/dev/null || fail "refused: $request"
    done
}
# vc_stop_manager: SIGTERM, a clean exit and no socket left behind
vc_stop_manager() {
    kill -TERM "$VC_MANAGER_PID"
    wait "$VC_MANAGER_PID" || fail "vc-manager exited with $? on SIGTERM"
    [ ! -S "$VC_MSOCK" ] || fail "manager socket left behind"
}
# vc_mgr METHOD [JSON]: call a manager method, print the result
vc_mgr() { "$VC_DPCTL" -s "$VC_MSOCK" call "$1" "${2:-{\}}"; }
# vc_mq METHOD JSON PYEXPR: one value (PYEXPR over d) of a method's result
vc_mq() { vc_mgr "$1" "$2" | python3 -c "import json,sys; d=json.load(sys.stdin); print($3)"; }
# vc_blade_mac BAY: eth0's MAC in the bay's namespace (BAY: 3 for enc0:3,
# e1bay3 for enc1:3)
vc_blade_mac() {
    local ns=$VC_ID-bay$1
    [[ $1 == e* ]] && ns=$VC_ID-$1
    ip -n "$ns" link show eth0 | awk '/link\/ether/ {print $2}'
}
# vc_mgr_synced: the dataplane runs the manager's generation
vc_dp_generation() { vc_query "d['generation']" status 2>/dev/null || echo 0; }
vc_mgr_synced() { [ "$(vc_dp_generation)" = "$(vc_mq domain.show '{}' "d['generation']")" ]; }
# vc_wait_synced [TRIES]: wait (default 5 s) until the dataplane runs the manager's generation
vc_wait_synced() {
    vc_until "${1:-50}" vc_mgr_synced ||
        fail "dataplane generation $(vc_dp_generation), manager $(vc_mq domain.show '{}' "d['generation']")"
}
