#!/bin/bash
# test_manager_crash: kill -9 vc-manager in the middle of a batch of
# profile creations, assignments and unassignments (a client on one
# connection, killed at a random point), three times, restarting it each
# time. After each restart: everything answered as committed is there (the
# one request in flight may or may not be), the generation is the last
# answered or one more, no MAC or serial is held twice (profile.show and
# the store itself, read with sqlite3), the pools count exactly what the
# profiles hold, the dataplane's running document carries exactly the
# assigned profiles' MACs, and the blades wear them.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
vc_init manager_crash
command -v sqlite3 >/dev/null || fail "sqlite3 (the CLI) is missing: scripts/setup.sh installs it"

vc_start_domain
vc_mgr domain.set '{"serial_source":"pool"}' >/dev/null
vc_mgr pool.range_add '{"kind":"serial","start":"VCX0000001","end":"VCX0009999"}' >/dev/null
vc_mgr network.add '{"name":"Net1"}' >/dev/null

LOG=$VC_WORK/batch.log
# batch START: from profile number START on, forever: add C<n> (one
# connection on Net1); every second one is assigned to the next bay (1-16,
# round robin), whose profile is unassigned first. At 240 profiles the
# oldest unassigned one is removed before each add (a domain holds 256). Each request is logged
# "sent" before it goes and "ok GENERATION" once answered, so the checker
# knows what was committed and what was in flight.
batch() {
    PYTHONPATH=$VC_TOP/tests/integration python3 - "$VC_MSOCK" "$LOG" "$1" <<'PY' &
import json, sys
from vc_rpc import Client
path, log, start = sys.argv[1], open(sys.argv[2], "a", buffering=1), int(sys.argv[3])
manager = Client(path)
holder = {int(k): v for k, v in json.load(open(sys.argv[2] + ".holders")).items()}  # bay -> profile
existing = json.load(open(sys.argv[2] + ".base"))["profiles"]  # oldest first (names grow)
def call(method, params):
    log.write(json.dumps({"sent": [method, params]}) + "\n")
    answer = manager.request(method, params)
    if "error" in answer:
        log.write(json.dumps({"refused": answer["error"]}) + "\n")
        raise SystemExit(1)
    log.write(json.dumps({"ok": answer["result"]["generation"]}) + "\n")
try:
    n = start
    while True:
        name = f"C{n:04d}"
        if len(existing) >= 240:  # the domain holds 256: the oldest unassigned one goes
            victim = next(p for p in existing if p not in holder.values())
            call("profile.remove", {"name": victim})
            existing.remove(victim)
        call("profile.add", {"name": name, "networks": ["Net1"]})
        existing.append(name)
        if n % 2 == 0:
            bay = (n // 2) % 16 + 1
            if bay in holder:
                call("profile.unassign", {"name": holder.pop(bay)})
            call("profile.assign", {"name": name, "bay": bay})
            holder[bay] = name
        n += 1
except (BrokenPipeError, ConnectionError):
    pass
PY
    BATCH_PID=$!
}

# expected WHICH: the profiles and bays of the round's base (the state the
# batch started from, $LOG.base) with the requests the log says were
# answered (WHICH=committed), or with the one in flight too
# (WHICH=inflight), as JSON {"profiles": [...], "bays": {bay: profile},
# "generation": n}
expected() {
    python3 - "$LOG" "$1" <<'PY'
import json, sys
base = json.load(open(sys.argv[1] + ".base"))
profiles, bays, generation = set(base["profiles"]), base["bays"], base["generation"]
pending = None
def apply(method, params):
    if method == "profile.add":
        profiles.add(params["name"])
    elif method == "profile.assign":
        bays[str(params["bay"])] = params["name"]
    elif method in ("profile.unassign", "profile.remove"):
        for b, p in list(bays.items()):
            if p == params["name"]:
                del bays[b]
        if method == "profile.remove":
            profiles.discard(params["name"])
for line in open(sys.argv[1]):
    entry = json.loads(line)
    if "sent" in entry:
        pending = entry["sent"]
    elif "ok" in entry:
        apply(*pending)
        generation, pending = entry["ok"], None
if sys.argv[2] == "inflight" and pending is not None:
    apply(*pending)
    generation += 1
print(json.dumps({"profiles": sorted(profiles), "bays": bays, "generation": generation}, sort_keys=True))
PY
}
# actual: the same from the manager (its generation too)
actual() {
    vc_mgr profile.show | python3 -c '
import json, sys
d = json.load(sys.stdin)["profiles"]
print(json.dumps({"profiles": sorted(p["name"] for p in d), "generation": int(sys.argv[1]),
                  "bays": {str(p["bay"]): p["name"] for p in d if p["bay"] is not None}}, sort_keys=True))' \
        "$(vc_mq domain.show '{}' "d['generation']")"
}
# holders: the bays of the actual state, for the next batch
holders() { vc_mgr profile.show | python3 -c '
import json, sys
print(json.dumps({p["bay"]: p["name"] for p in json.load(sys.stdin)["profiles"] if p["bay"] is not None}))'; }

next=0
for round in 1 2 3; do
    holders >"$LOG.holders"
    actual >"$LOG.base"
    : >"$LOG"
    batch "$next"
    sleep "$(python3 -c "import random; print(round(random.uniform(1.0, 4.0), 2))")"
    kill -KILL "$VC_MANAGER_PID"
    wait "$VC_MANAGER_PID" 2>/dev/null || true
    wait "$BATCH_PID" || fail "round $round: a request of the batch was refused: $(grep refused "$LOG" | tail -1)"
    answered=$(grep -c '"ok"' "$LOG" || true)
    [ "$answered" -gt 0 ] || fail "round $round: no request was answered before the kill"
    rm -f "$VC_MSOCK"
    vc_start_manager
    got=$(actual)
    [ "$got" = "$(expected committed)" ] || [ "$got" = "$(expected inflight)" ] ||
        fail "round $round: after the restart the manager has $got; committed were $(expected committed)"

    # the store's own rows: no MAC or serial twice
    dups=$(sqlite3 -readonly "$VC_STORE" "SELECT count(*) FROM (SELECT address FROM (SELECT mac AS address FROM enet_connections UNION ALL SELECT iscsi_mac FROM enet_connections) GROUP BY address HAVING count(*) > 1); SELECT count(*) FROM (SELECT serial FROM profiles GROUP BY serial HAVING count(*) > 1);" | tr '\n' ' ')
    [ "$dups" = "0 0 " ] || fail "round $round: the store holds MACs / serials twice: $dups"
    n_profiles=$(sqlite3 -readonly "$VC_STORE" "SELECT count(*) FROM profiles")

    # the manager's view (no identity twice, the pools count exactly what
    # the profiles hold), the dataplane's running document (the assigned
    # profiles' MACs on their bays' FlexNICs) and the blades' eth0 agree;
    # fetched once, checked in one go (each client start is slow here)
    vc_wait_synced
    vc_mgr profile.show >"$VC_WORK/profiles.json"
    vc_mgr server.show >"$VC_WORK/servers.json"
    vc_mgr pool.show >"$VC_WORK/pools.json"
    vc_dpctl config >"$VC_WORK/running.json"
    python3 - "$VC_WORK" "$n_profiles" $(for b in 1 2 3 4; do echo "$b=$(vc_blade_mac "$b")"; done) <<'PY' ||
import json, sys
w, n = sys.argv[1], int(sys.argv[2])
profiles = json.load(open(w + "/profiles.json"))["profiles"]
servers = {s["bay"]: s for s in json.load(open(w + "/servers.json"))["servers"]}
pools = json.load(open(w + "/pools.json"))
macs = [c[k] for p in profiles for c in p["enet_connections"] for k in ("mac", "iscsi_mac")]
serials = [p["serial"] for p in profiles]
assert None not in macs and "" not in serials, "a profile without MAC or serial"
assert len(set(macs)) == len(macs), "a MAC held twice"
assert len(set(serials)) == len(serials), "a serial held twice"
assert len(profiles) == n, f"the manager shows {len(profiles)} profiles, the store has {n}"
assert pools["mac"]["in_use"] == len(macs), f"MAC pool in use {pools['mac']['in_use']}, profiles hold {len(macs)}"
assert pools["serial"]["in_use"] == n, f"serial pool in use {pools['serial']['in_use']}, {n} profiles"
by_bay = {p["bay"]: p["enet_connections"][0]["mac"] for p in profiles if p["bay"] is not None}
want = {f"d{b}": mac for b, mac in by_bay.items() if servers[b]["present"]}
running = json.load(open(w + "/running.json"))
got = {f["port"]: f.get("mac") for f in running["document"]["flexnics"]}
assert got == want, f"running {got}, store {want}"
for arg in sys.argv[3:]:
    bay, worn = arg.split("=")
    should = by_bay.get(int(bay), servers[int(bay)]["factory_mac"])
    assert worn == should, f"bay {bay} wears {worn}, should be {should}"
PY
        fail "round $round: store, manager, dataplane and blades disagree (above)"
    pass "round $round: killed after $answered answered requests ($([ "$got" = "$(expected committed)" ] && echo "the one in flight not committed" || echo "the one in flight committed")); $n_profiles profiles, nothing committed lost, no MAC or serial twice, dataplane and blades agree"
    next=$(( $(sqlite3 -readonly "$VC_STORE" "SELECT count(*) FROM profiles") + 1000 * round ))
done
vc_stop_manager
