#!/usr/bin/env bash
# The control socket, spoken to raw (python3, AF_UNIX):
#   - garbage lines (not JSON, a batch of non-requests, binary bytes, a 1 MB line) get a
#     JSON-RPC error (-32700 / -32600) and the connection stays usable; a
#     17 MB line (over the 16 MiB limit) gets an error and/or a disconnect;
#     never a crash: the daemon answers `status` afterwards;
#   - an unknown method -> -32601; an unknown params member -> -32602 naming
#     the member (for a method with params and for one without);
#   - dataplane.mac_table pagination: 300 MACs learned in vNet A (raw frames
#     from 300 source MACs) and 20 in vNet B, fetched 7 at a time: every MAC
#     exactly once, next_cursor 0 on the last page, the `vnet` filter returns
#     only that vNet;
#   - dataplane.flush by vnet, by port, and all: the exact counts, and the
#     table empties accordingly;
#   - events: `vc-dpctl events` in the background gets link_down / link_up
#     when a port's veth goes down / up;
#   - 64 connections are accepted, the 65th gets "too many clients" (-32004).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

vc_init control
vc_host h1 d1
vc_host h2 X1
vc_host h3 d2
vc_start_dataplane
vc_apply "{\"generation\": 1,
  \"ports\": [{\"name\": \"d1\", \"device\": \"$(vc_device d1)\"},
              {\"name\": \"X1\", \"device\": \"$(vc_device X1)\"},
              {\"name\": \"d2\", \"device\": \"$(vc_device d2)\"}],
  \"vnets\": [{\"name\": \"A\", \"uplinks\": [\"X1\"]}, {\"name\": \"B\"}],
  \"flexnics\": [{\"port\": \"d1\", \"flexnic\": \"a\", \"vnet\": \"A\"},
                 {\"port\": \"d2\", \"flexnic\": \"a\", \"vnet\": \"B\"}]}"
for p in d1 X1 d2; do vc_wait_link "$p"; done

alive() {
    kill -0 "$VC_DATAPLANE_PID" 2>/dev/null || fail "vc-dataplane died ($1)"
    vc_dpctl status | grep -q '"generation": 1' || fail "no status answer ($1)"
}

# rpc <<'EOF' ... EOF: a python script run after rpc.py, which gives it Conn
# (a raw connection to the control socket), check, error_code and
# check_answers (a dataplane.status call on a connection gets a result)
cat >"$VC_WORK/rpc.py" <<'EOF'
import json, socket, sys, time

PATH = sys.argv[1]

def connect():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(PATH)
    s.settimeout(10)
    return s

class Conn:
    def __init__(self):
        self.s = connect()
        self.buf = b""
    def send(self, data):
        self.s.sendall(data)
    def line(self):
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                return None
            self.buf += chunk
        l, self.buf = self.buf.split(b"\n", 1)
        return json.loads(l)
    def call(self, method, params=None, id=1):
        m = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            m["params"] = params
        self.send(json.dumps(m).encode() + b"\n")
        return self.line()

def check(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)
    print("ok:", what)

def error_code(reply):
    return reply.get("error", {}).get("code") if reply else None

def check_answers(conn, what):
    r = conn.call("dataplane.status")
    check(r is not None and "result" in r, what)
EOF
rpc() { cat "$VC_WORK/rpc.py" - | python3 - "$VC_SOCKET"; }

# 1. garbage
rpc <<'EOF' || fail "garbage lines"
c = Conn()
# a JSON array is a batch: its members are no requests, each is -32600
c.send(b"[1, 2, 3]\n")
r = c.line()
check(isinstance(r, list) and len(r) == 3 and all(error_code(e) == -32600 for e in r),
      f"JSON array (a batch of non-requests): {r}")
check_answers(c, "JSON array: the connection still answers")
for name, line in [("not JSON", b"hello world\n"), ("empty batch", b"[]\n"),
                   ("JSON number", b"42\n"), ("binary bytes", bytes(range(256)).replace(b"\n", b"") + b"\n"),
                   ("no jsonrpc member", b'{"id": 1, "method": "dataplane.status"}\n'),
                   ("1 MB line", b"a" * (1 << 20) + b"\n")]:
    c.send(line)
    r = c.line()
    check(r is not None and error_code(r) in (-32700, -32600), f"{name}: error {error_code(r)}")
    check_answers(c, f"{name}: the connection still answers")
# 17 MB line: an error and/or a disconnect, nothing else
c = Conn()
try:
    c.send(b"x" * (17 << 20) + b"\n")
    r = c.line()
    check(r is None or error_code(r) in (-32700, -32600), f"17 MB line: {r if r is None else error_code(r)}")
    r = c.line()
    check(r is None, "17 MB line: disconnected")
except (BrokenPipeError, ConnectionResetError):
    print("ok: 17 MB line: disconnected while sending")
check_answers(Conn(), "a new connection after the 17 MB line is answered")
EOF
alive "after garbage"
pass "garbage lines answered with errors, long line disconnected, daemon alive"

# 2. unknown method, unknown params member
deferred=() # failures reported at the end, so the later checks still run
rc=0
rpc <<'EOF' || rc=$?
c = Conn()
r = c.call("dataplane.nosuch")
check(error_code(r) == -32601, f"unknown method: {r}")
r = c.call("dataplane.mac_table", {"limit": 5, "bogus_member": 1})
check(error_code(r) == -32602 and "bogus_member" in r["error"]["message"], f"unknown member of mac_table: {r}")
r = c.call("dataplane.flush", {"vnet": "A", "prot": "d1"})
check(error_code(r) == -32602 and "prot" in r["error"]["message"], f"unknown member of flush: {r}")
for method in ("dataplane.status", "dataplane.counters", "dataplane.config"):
    r = c.call(method, {"verbose": True})
    if not (error_code(r) == -32602 and "verbose" in r["error"]["message"]):
        print(f"FAIL: unknown member of {method} accepted: {str(r)[:120]}")
        sys.exit(3)
    print(f"ok: unknown member of {method}: {r}")
EOF
case $rc in
    0) ;;
    3) deferred+=("methods without params (status, counters, config) accept unknown params members; the protocol says they are refused (-32602)") ;;
    *) fail "unknown method / member" ;;
esac
alive "after unknown method/member"
pass "unknown method -32601, unknown params members of mac_table and flush -32602 naming them"

# 3. pagination: 300 MACs in A from d1, 20 in B from d2 (no IP addresses: the
# hosts send nothing else, so the counts are exact)
n=$(vc_exec h1 python3 "$VC_SEND_FRAMES" eth0 --src 02:c1:00:00:10:00 --count 300)
[ "$n" = 300 ] || fail "sent $n frames"
vc_exec h3 python3 "$VC_SEND_FRAMES" eth0 --src 02:c2:00:00:20:00 --count 20 >/dev/null
sleep 0.5
rpc <<'EOF' || fail "MAC table pagination"
c = Conn()
def walk(vnet=None):
    seen, cursor, pages = [], 0, 0
    while True:
        p = {"cursor": cursor, "limit": 7}
        if vnet:
            p["vnet"] = vnet
        r = c.call("dataplane.mac_table", p)
        if "result" not in r:
            check(False, f"page {pages}: {r}")
        entries, cursor = r["result"]["entries"], r["result"]["next_cursor"]
        if len(entries) > 7:
            check(False, f"page of {len(entries)} entries > limit 7")
        seen += entries
        pages += 1
        if cursor == 0:
            return seen, pages
        if pages > 1000:
            check(False, "next_cursor never 0")
want_a = {"02:c1:00:00:%02x:%02x" % ((0x1000 + i) >> 8 & 0xff, (0x1000 + i) & 0xff) for i in range(300)}
want_b = {"02:c2:00:00:%02x:%02x" % ((0x2000 + i) >> 8 & 0xff, (0x2000 + i) & 0xff) for i in range(20)}
seen, pages = walk()
macs = [(e["vnet"], e["mac"]) for e in seen]
check(len(macs) == len(set(macs)), f"no MAC twice across {pages} pages ({len(macs)} entries)")
check({m for v, m in macs if v == "A"} == want_a, "every A MAC once, nothing else in A")
check({m for v, m in macs if v == "B"} == want_b, "every B MAC once, nothing else in B")
check(len(macs) == 320, f"320 entries in all ({len(macs)})")
check(pages >= 320 // 7, f"{pages} pages of at most 7")
check(all(e["port"] == "d1" and e["flexnic"] == "a" and not e["static"] for e in seen if e["vnet"] == "A"),
      "A's MACs on d1 FlexNIC a, learned")
seen, pages = walk("B")
check(sorted(e["mac"] for e in seen) == sorted(want_b) and all(e["vnet"] == "B" for e in seen),
      f"vnet filter B: exactly B's 20 MACs ({len(seen)} in {pages} pages)")
seen, pages = walk("A")
check(len(seen) == 300 and {e["mac"] for e in seen} == want_a, f"vnet filter A: exactly A's 300 MACs")
r = c.call("dataplane.mac_table", {"vnet": "Nope"})
check(error_code(r) == -32002, f"vnet filter of a missing vNet: {r}")
EOF
pass "mac_table pagination: 320 MACs in pages of 7, each once, vnet filter"

# 4. flush by vnet, port, all
flushed() { vc_query "d['flushed']" flush "$@"; }
[ "$(flushed vnet B)" = 20 ] || fail "flush vnet B did not report 20"
[ "$(vc_mac_count B)" = 0 ] || fail "B not empty after its flush"
[ "$(vc_mac_count A)" = 300 ] || fail "flushing B touched A ($(vc_mac_count A) left)"
[ "$(flushed port d1)" = 300 ] || fail "flush port d1 did not report 300"
[ "$(vc_mac_count)" = 0 ] || fail "table not empty after flushing B and d1 ($(vc_mac_count))"
vc_exec h1 python3 "$VC_SEND_FRAMES" eth0 --src 02:c1:00:00:10:00 --count 50 >/dev/null
vc_exec h3 python3 "$VC_SEND_FRAMES" eth0 --src 02:c2:00:00:20:00 --count 7 >/dev/null
sleep 0.3
[ "$(vc_mac_count)" = 57 ] || fail "relearned $(vc_mac_count) of 57"
[ "$(flushed port X1)" = 0 ] || fail "flush port X1 (no MACs) did not report 0"
[ "$(flushed)" = 57 ] || fail "flush all did not report 57"
[ "$(vc_mac_count)" = 0 ] || fail "table not empty after flush all"
vc_dpctl status | grep -q '"mac_count": 0' || fail "status mac_count not 0 after flush all"
if vc_dpctl flush vnet Nope 2>"$VC_WORK/err"; then fail "flush of a missing vNet accepted"; fi
grep -q Nope "$VC_WORK/err" || fail "flush of a missing vNet: $(cat "$VC_WORK/err")"
pass "flush by vnet (20), port (300), all (57) with exact counts"

# 5. events on link changes
vc_events "$VC_WORK/events"
ip link set "$(vc_if X1)" down
vc_until 30 grep -q link_down "$VC_WORK/events" || true
ip link set "$(vc_if X1)" up
vc_until 30 grep -q link_up "$VC_WORK/events" || true
vc_events_stop
python3 - "$VC_WORK/events" <<'EOF' || fail "link events: $(cat "$VC_WORK/events")"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{") and "type" in l]
ev = [e for e in ev if e.get("type") in ("link_up", "link_down")]
types = [(e["type"], e["port"], e["up"]) for e in ev]
sys.exit(0 if types == [("link_down", "X1", False), ("link_up", "X1", True)] else 1)
EOF
pass "link_down then link_up events for X1"

# 6. 64 clients, the 65th refused
rpc <<'EOF' || fail "client limit"
conns = [Conn() for _ in range(64)]
for i, c in enumerate(conns):
    r = c.call("dataplane.status", id=i)
    if not r or "result" not in r:
        check(False, f"connection {i} not answered: {r}")
print("ok: 64 connections answered")
extra = Conn()
r = extra.line()
check(r is not None and error_code(r) == -32004 and "too many clients" in r["error"]["message"],
      f"65th connection: {r}")
check(extra.line() is None, "65th connection closed")
conns[0].s.close()
time.sleep(0.3)
check_answers(Conn(), "a connection is accepted again once one is closed")
EOF
alive "after the client limit"
pass "64 clients accepted, the 65th refused with too many clients"

[ ${#deferred[@]} -eq 0 ] || fail "${deferred[*]}"
