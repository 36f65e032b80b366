#!/bin/bash
# test_access: users, roles, vc-sshd and vc-cli end to end -- a real
# vc-manager (static OA, the demo wiring), a real vc-sshd on 127.0.0.1 and
# a unique port, and the real OpenSSH client (passwords through sshpass).
# Login with password and with key; wrong password, unknown user and a key
# that is not the user's refused; exec with several commands; a user with
# only the Server role cannot add a network but can assign a profile; a
# read-only user can show but not change; the session cap; the idle
# timeout; the growing delay of repeated failures; host keys kept across a
# restart; vc-cli from a file, from stdin and on a terminal (tab completion).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
vc_init access

VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}
VC_SSHD=${VC_SSHD:-$VC_BUILD/mgmt/vc-sshd}
VC_CLI=${VC_CLI:-$VC_BUILD/mgmt/vc-cli}
PTY_RUN=$VC_TOP/tests/integration/pty_run.py
MSOCK=$VC_WORK/manager.sock
KEYS=$VC_WORK/hostkeys
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ADMIN_PW=admin-pass-1

command -v ssh >/dev/null && command -v sshpass >/dev/null && command -v ssh-keygen >/dev/null ||
    { echo "SKIP: needs openssh-client and sshpass"; exit 77; }

trap 'rc=$?; set +e; if [ $rc -ne 0 ]; then for l in manager sshd; do echo "---- $l log ----" >&2; tail -30 "$VC_WORK/$l.log" >&2; done; fi; (exit $rc); vc_cleanup' EXIT

until_ok() {
    local tries=$1; shift
    for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.1; done
    return 1
}
SSH_OPTS=(-p "$PORT" -o StrictHostKeyChecking=no -o "UserKnownHostsFile=$VC_WORK/known_hosts"
          -o ConnectTimeout=10)
# ssh_pw USER PASSWORD ARGS...: ssh with a password; the output in $OUT, the exit code in $RC
ssh_pw() {
    local user=$1 pw=$2; shift 2
    set +e; OUT=$(sshpass -p "$pw" ssh -o PubkeyAuthentication=no "${SSH_OPTS[@]}" "$user@127.0.0.1" "$@" 2>&1); RC=$?; set -e
}
# ssh_key USER KEY ARGS...: ssh with a key only (BatchMode: no password prompt)
ssh_key() {
    local user=$1 key=$2; shift 2
    set +e
    OUT=$(ssh "${SSH_OPTS[@]}" -o PubkeyAuthentication=yes -o BatchMode=yes -o IdentitiesOnly=yes \
        -i "$key" "$user@127.0.0.1" "$@" 2>&1)
    RC=$?; set -e
}
mgr() { "$VC_DPCTL" -s "$MSOCK" call "$1" "${2:-{\}}"; }

# count TEXT: how many lines of vc-sshd's log hold TEXT; more_than TEXT N: more than N
count() { grep -c "$1" "$VC_WORK/sshd.log" 2>/dev/null || true; }
more_than() { [ "$(count "$1")" -gt "$2" ]; }
start_sshd() {
    local before
    before=$(count "listening on")
    "$VC_SSHD" -f -l 127.0.0.1 -p "$PORT" -s "$MSOCK" --host-key-dir "$KEYS" \
        --max-sessions 2 --idle-timeout 2 --login-grace 30 --fail-delay-ms 100 "$@" \
        >>"$VC_WORK/sshd.log" 2>&1 &
    SSHD_PID=$!
    VC_DAEMONS+=($SSHD_PID)
    until_ok 100 more_than "listening on" "${before:-0}" || fail "vc-sshd did not start"
}
stop_sshd() {
    kill -TERM "$SSHD_PID"
    wait "$SSHD_PID" || fail "vc-sshd exited with $? on SIGTERM"
}

# --------------------------------------------------------------- start-up
sed 's/@IFACE@/none/g' "$VC_TOP/configs/enclosure-demo.json" >"$VC_WORK/wiring.json"
echo "$ADMIN_PW" >"$VC_WORK/admin-password"
"$VC_MANAGER" -f --store "$VC_WORK/domain.db" --socket "$MSOCK" --dataplane "$VC_WORK/none.sock" \
    --wiring "$VC_WORK/wiring.json" --admin-password-file "$VC_WORK/admin-password" \
    >>"$VC_WORK/manager.log" 2>&1 &
VC_DAEMONS+=($!)
until_ok 50 test -S "$MSOCK" || fail "vc-manager did not open $MSOCK"

for bad in "--no-such-option" "--port" "--port 70000" "extra"; do
    # shellcheck disable=SC2086
    set +e; out=$("$VC_SSHD" $bad 2>&1); rc=$?; set -e
    [ $rc -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] || fail "vc-sshd $bad: rc $rc, '$out'"
done
"$VC_SSHD" --help | grep -q -- "--host-key-dir" || fail "vc-sshd --help"
pass "vc-sshd: bad options refused with one line and exit 2"

start_sshd
for k in ssh_host_ed25519_key ssh_host_ecdsa_key ssh_host_rsa_key; do
    [ "$(stat -c %a "$KEYS/$k")" = 600 ] || fail "host key $k: mode $(stat -c %a "$KEYS/$k")"
done
FINGERPRINT=$(ssh-keygen -lf "$KEYS/ssh_host_ed25519_key" | awk '{print $2}')
# each is offered: what ssh-keyscan gets of each type is that file's key
for t in ed25519:ed25519 ecdsa:ecdsa rsa:rsa; do
    got=$(ssh-keyscan -T 5 -t "${t%%:*}" -p "$PORT" 127.0.0.1 2>/dev/null | ssh-keygen -lf - | awk '{print $2}')
    [ -n "$got" ] && [ "$got" = "$(ssh-keygen -lf "$KEYS/ssh_host_${t##*:}_key" | awk '{print $2}')" ] ||
        fail "the ${t%%:*} host key offered ($got) is not $KEYS/ssh_host_${t##*:}_key"
done
[ "$(ssh-keygen -lf "$KEYS/ssh_host_rsa_key" | awk '{print $1}')" = 3072 ] || fail "RSA host key not 3072 bits"
pass "host keys made at the first start (ed25519, ECDSA, RSA 3072), mode 600, each offered"

# ----------------------------------------------------------- password login
ssh_pw Administrator "$ADMIN_PW" 'show domain; add uplinkset SUS-A; add network Prod101 UplinkSet=SUS-A VLanID=101; show network *'
[ $RC -eq 0 ] || fail "exec as Administrator: rc $RC: $OUT"
echo "$OUT" | grep -q "^SUCCESS: domain" || fail "no show domain answer: $OUT"
echo "$OUT" | grep -q "^SUCCESS: Network Prod101 added" || fail "network not added: $OUT"
echo "$OUT" | grep -qE "^VLAN ID +: 101" || fail "show network: $OUT"
echo "$OUT" | grep -q "Authorized users only" || fail "no login banner: $OUT"
[ "$(mgr network.show '{}' | python3 -c 'import json,sys; print([n["name"] for n in json.load(sys.stdin)["networks"]])')" = "['Prod101']" ] ||
    fail "the manager has not got the network"
pass "password login, exec with four commands (banner shown, network added)"

ssh_pw administrator "$ADMIN_PW" 'show network Nope'
[ $RC -eq 1 ] && echo "$OUT" | grep -q "^ERROR" || fail "a failing command: rc $RC: $OUT"
pass "exec exits 1 when a command answers ERROR (user name in any case)"

ssh_pw Administrator wrong-password 'show domain'
[ $RC -ne 0 ] && ! echo "$OUT" | grep -q SUCCESS || fail "wrong password: rc $RC: $OUT"
ssh_pw nobody "$ADMIN_PW" 'show domain'
[ $RC -ne 0 ] && ! echo "$OUT" | grep -q SUCCESS || fail "unknown user: rc $RC: $OUT"
pass "wrong password and unknown user refused"

# the growing delay: the same address's failures across connections
grep -q "failed login of Administrator from 127.0.0.1 (password), failure 1, answered after 100 ms" "$VC_WORK/sshd.log" ||
    fail "first failure not delayed 100 ms"
grep -qE "failed login of nobody from 127.0.0.1 \(password\), failure [2-9], answered after [2-9]00 ms" "$VC_WORK/sshd.log" ||
    fail "the next connection's failure was not delayed more: $(grep failed "$VC_WORK/sshd.log")"
pass "failed logins of one address answered after a growing delay (100 ms, then more)"

# ------------------------------------------------------------- key login
ssh-keygen -q -t ed25519 -N "" -C "netop@test" -f "$VC_WORK/key_good"
ssh-keygen -q -t ecdsa -N "" -f "$VC_WORK/key_other"
ssh_pw Administrator "$ADMIN_PW" "add user netop Password=netop-pass-1 Roles=network"
[ $RC -eq 0 ] || fail "add user netop: $OUT"
mgr user.set "{\"name\":\"netop\",\"ssh_keys\":[\"$(cat "$VC_WORK/key_good.pub")\"]}" >/dev/null
ssh_key netop "$VC_WORK/key_good" 'show network Prod101'
[ $RC -eq 0 ] && echo "$OUT" | grep -q "^SUCCESS: 1 network" || fail "key login: rc $RC: $OUT"
ssh_key netop "$VC_WORK/key_other" 'show network Prod101'
[ $RC -eq 255 ] && ! echo "$OUT" | grep -q SUCCESS || fail "a key not the user's: rc $RC: $OUT"
ssh_key Administrator "$VC_WORK/key_good" 'show network Prod101'
[ $RC -eq 255 ] || fail "netop's key for Administrator: rc $RC: $OUT"
pass "public-key login; a key that is not the user's refused"

# a client with several keys offers them in turn: the probe of the wrong
# one is answered no at once, and is no failed login
failed_before=$(count "failed login of netop")
set +e
OUT=$(ssh "${SSH_OPTS[@]}" -o PubkeyAuthentication=yes -o BatchMode=yes -o IdentitiesOnly=yes \
    -i "$VC_WORK/key_other" -i "$VC_WORK/key_good" netop@127.0.0.1 'show network Prod101' 2>&1); RC=$?
set -e
[ $RC -eq 0 ] && grep -q "^SUCCESS: 1 network" <<<"$OUT" || fail "login with the second of two keys: rc $RC: $OUT"
[ "$(count "failed login of netop")" = "$failed_before" ] ||
    fail "the first key's probe was counted a failed login: $(grep "failed login of netop" "$VC_WORK/sshd.log")"
pass "two keys, the user's second: logged in, the first key's probe no failed login"

# ------------------------------------------------------------------ roles
ssh_pw Administrator "$ADMIN_PW" "add user sam Password=sam-pass-1 Roles=server; add user viewer Password=viewer-pass-1; add profile Web01"
[ $RC -eq 0 ] || fail "add users and profile: $OUT"
ssh_pw sam sam-pass-1 'add network Prod102 UplinkSet=SUS-A VLanID=102'
[ $RC -eq 1 ] && echo "$OUT" | grep -q "^ERROR: .*needs Network" || fail "Server role added a network: $OUT"
ssh_pw sam sam-pass-1 'assign profile Web01 enc0:1'
[ $RC -eq 0 ] && echo "$OUT" | grep -q "^SUCCESS" || fail "Server role could not assign: $OUT"
[ "$(mgr profile.show '{"name":"Web01"}' | python3 -c 'import json,sys; p=json.load(sys.stdin)["profiles"][0]; print(p["enclosure"], p["bay"])')" = "enc0 1" ] ||
    fail "the profile is not in enc0:1"
pass "a Server user cannot add a network but can assign a profile"

ssh_pw viewer viewer-pass-1 'show profile Web01; show network *'
[ $RC -eq 0 ] && [ "$(echo "$OUT" | grep -c '^SUCCESS')" -eq 2 ] || fail "read-only show: $OUT"
ssh_pw viewer viewer-pass-1 'unassign profile Web01'
[ $RC -eq 1 ] && echo "$OUT" | grep -q "^ERROR: .*needs Server" || fail "read-only user changed: $OUT"
ssh_pw viewer viewer-pass-1 'remove network Prod101'
[ $RC -eq 1 ] && echo "$OUT" | grep -q "^ERROR" || fail "read-only user removed a network: $OUT"
mgr network.show '{"name":"Prod101"}' >/dev/null || fail "Prod101 is gone"
pass "a read-only user can show but not change"

# --------------------------------------------------- interactive shell, idle
out=$(python3 "$PTY_RUN" 'wait:-> ' 'send:show netxx\x7f\x7fwork Prod101\r' 'wait:VLAN ID' 'wait:-> ' 'send:exit\r' -- \
    sshpass -p "$ADMIN_PW" ssh -tt "${SSH_OPTS[@]}" Administrator@127.0.0.1) || fail "shell: $out"
echo "$out" | grep -q "SUCCESS: 1 network" || fail "shell command: $out"
pass "interactive shell on a terminal: -> prompt, line editing, exit"

start=$(date +%s)
out=$(python3 "$PTY_RUN" 'wait:-> ' 'wait:Idle for' -- \
    sshpass -p "$ADMIN_PW" ssh -tt "${SSH_OPTS[@]}" Administrator@127.0.0.1) || fail "idle timeout: $out"
echo "$out" | grep -q "closing the session" || fail "idle message: $out"
pass "an idle shell is closed (--idle-timeout 2, after $(( $(date +%s) - start )) s)"

# ------------------------------------------------------------ session cap
# two sessions that log in and open no channel (-N) hold both places
before=$(count "logged in from")
hold=()
for _ in 1 2; do
    sshpass -p "$ADMIN_PW" ssh -N "${SSH_OPTS[@]}" Administrator@127.0.0.1 >/dev/null 2>&1 &
    hold+=($!)
done
until_ok 100 more_than "logged in from" $((before + 1)) || fail "the two holding sessions did not log in"
ssh_pw Administrator "$ADMIN_PW" 'show domain'
for pid in "${hold[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
wait "${hold[@]}" 2>/dev/null || true
[ $RC -ne 0 ] && echo "$OUT" | grep -q "Too many sessions (2)" && ! echo "$OUT" | grep -q SUCCESS ||
    fail "third session: rc $RC: $OUT"
room=no
for _ in $(seq 50); do
    ssh_pw Administrator "$ADMIN_PW" 'show domain'
    if [ $RC -eq 0 ]; then room=yes; break; fi
    sleep 0.2
done
[ $room = yes ] || fail "no session after the others ended: $OUT"
pass "session cap: a third session is told 'Too many sessions' and refused; room again after"

# ------------------------------------------------- host keys kept, restart
stop_sshd
start_sshd
[ "$(ssh-keygen -lf "$KEYS/ssh_host_ed25519_key" | awk '{print $2}')" = "$FINGERPRINT" ] || fail "host key changed"
ssh_pw Administrator "$ADMIN_PW" 'show domain' # StrictHostKeyChecking=no would still refuse a changed key with known_hosts
[ $RC -eq 0 ] || fail "after restart: $OUT"
pass "vc-sshd restarted: same host key, known_hosts still valid"

# ----------------------------------------------------------------- vc-cli
set +e; out=$("$VC_CLI" --bogus 2>&1); rc=$?; set -e
[ $rc -eq 2 ] && [ "$(echo "$out" | wc -l)" -eq 1 ] || fail "vc-cli --bogus: rc $rc '$out'"
set +e; out=$("$VC_CLI" -s "$MSOCK" -u ghost -c 'show domain' 2>&1); rc=$?; set -e
[ $rc -eq 1 ] && echo "$out" | grep -q "ghost" || fail "vc-cli unknown user: rc $rc '$out'"
printf '# a comment\nshow network Prod101\n\nshow profile Web01\n' >"$VC_WORK/ok.vc"
"$VC_CLI" -s "$MSOCK" -u viewer -f "$VC_WORK/ok.vc" >"$VC_WORK/out" || fail "vc-cli -f: $(cat "$VC_WORK/out")"
[ "$(grep -c '^SUCCESS' "$VC_WORK/out")" -eq 2 ] || fail "vc-cli -f output: $(cat "$VC_WORK/out")"
set +e; printf 'show network Prod101\nremove network Prod101\n' | "$VC_CLI" -s "$MSOCK" -u viewer >"$VC_WORK/out"; rc=$?; set -e
[ $rc -eq 1 ] && grep -q "^ERROR" "$VC_WORK/out" || fail "vc-cli stdin with an ERROR: rc $rc"
pass "vc-cli: -f FILE and stdin run every line, exit 1 after an ERROR; bad option exit 2"

out=$(python3 "$PTY_RUN" 'wait:-> ' 'send:sh\t' 'sleep:0.3' 'send:netw\t' 'sleep:0.3' 'send:Pro\t' 'sleep:0.3' 'send:\r' \
    'wait:VLAN ID' 'wait:-> ' 'send:exit\r' -- env HOME="$VC_WORK" "$VC_CLI" -s "$MSOCK" -u sam) || fail "vc-cli terminal: $out"
echo "$out" | grep -q "SUCCESS: 1 network" || fail "vc-cli completion did not make 'show network Prod101': $out"
grep -qE "show( |\\\\040)network( |\\\\040)Prod101" "$VC_WORK/.vc_cli_history" || fail "vc-cli history not written"
pass "vc-cli on a terminal: -> prompt, tab completion of subcommand, element and name, history"
