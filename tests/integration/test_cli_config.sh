#!/bin/bash
# test_cli_config: the `show config` round trip of issue 4 on the demo
# domain, with the real vc-manager (static OA, the demo wiring, no
# dataplane) and the real vc-cli:
#   - configs/demo-domain.vc replayed on a new store answers SUCCESS on
#     every line, and `show config` then prints exactly the file's commands
#     (and a comment line per user); the password policy is in it;
#   - wipe (stop, new store), replay, show again: the same text;
#   - malformed commands (a table) each answer ERROR and leave `show
#     config` and the generation as they were;
#   - the replay is in the audit trail: user, origin vc-cli, the command.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

VC_MANAGER=${VC_MANAGER:-$VC_BUILD/mgmt/vc-manager}
VC_CLI=${VC_CLI:-$VC_BUILD/mgmt/vc-cli}
CONFIG=$VC_TOP/configs/demo-domain.vc

vc_init cli-config
MSOCK=$VC_WORK/manager.sock
trap 'rc=$?; set +e; if [ $rc -ne 0 ]; then echo "---- manager log ----" >&2; tail -30 "$VC_WORK/manager.log" >&2; fi; (exit $rc); vc_cleanup' EXIT

until_ok() {
    local tries=$1; shift
    for _ in $(seq "$tries"); do "$@" && return 0; sleep 0.1; done
    return 1
}

# start_manager: vc-manager on a new store (Administrator's password given).
start_manager() {
    rm -f "$VC_WORK"/domain.db*
    "$VC_MANAGER" -f --store "$VC_WORK/domain.db" --socket "$MSOCK" \
        --dataplane "$VC_WORK/none.sock" --wiring "$VC_WORK/wiring.json" \
        --admin-password-file "$VC_WORK/admin-password" >>"$VC_WORK/manager.log" 2>&1 &
    MANAGER_PID=$!
    VC_DAEMONS+=($MANAGER_PID)
    until_ok 50 test -S "$MSOCK" || fail "vc-manager did not open $MSOCK"
}
stop_manager() {
    kill -TERM "$MANAGER_PID"
    wait "$MANAGER_PID" || fail "vc-manager exited with $? on SIGTERM"
    rm -f "$MSOCK"
}
cli() { "$VC_CLI" -s "$MSOCK" -u Administrator "$@"; }

sed 's/@IFACE@/none/g' "$VC_TOP/configs/enclosure-demo.json" >"$VC_WORK/wiring.json"
echo "admin-pass-1" >"$VC_WORK/admin-password"
grep -v '^#' "$CONFIG" >"$VC_WORK/expected.vc"

# ------------------------------------------------------------- replay
start_manager
cli -f "$CONFIG" >"$VC_WORK/replay1.out" || { cat "$VC_WORK/replay1.out" >&2; fail "replaying $CONFIG answered ERROR"; }
[ "$(grep -c '^SUCCESS: ' "$VC_WORK/replay1.out")" -eq "$(wc -l <"$VC_WORK/expected.vc")" ] ||
    fail "not one SUCCESS per command of $CONFIG"
cli -c "show config" >"$VC_WORK/first.txt"
head -1 "$VC_WORK/first.txt" | grep -qx "SUCCESS: configuration of domain demo" || fail "show config: $(head -1 "$VC_WORK/first.txt")"
tail -n +2 "$VC_WORK/first.txt" | grep -v '^#' | diff -u "$VC_WORK/expected.vc" - >&2 ||
    fail "show config after the replay differs from $CONFIG"
pass "configs/demo-domain.vc replays, and show config prints it back"
# users are comments (no password to replay), with what can be shown
grep -qx '# add user Administrator Password=<password> Roles=domain,network,server,storage FullName="Domain administrator" ContactInfo="" Enabled=true (password not shown, 0 SSH key(s))' \
    "$VC_WORK/first.txt" || fail "show config has no comment line for user Administrator"
cli -c "set user-security MinPasswordLength=12 StrongPasswords=Enabled" >/dev/null
cli -c "show config" | grep -qx "set user-security MinPasswordLength=12 StrongPasswords=Enabled" ||
    fail "show config does not write the password policy"
cli -c "set user-security MinPasswordLength=8 StrongPasswords=Disabled" >/dev/null
pass "show config writes the password policy, and each user as a comment"

cli -c "show enet-connection Web01 -output=script1" | grep -qx "MAC Address=02:56:43:00:00:00" ||
    fail "Web01 does not have its MAC back"
cli -c "show server enc0:4 -output=script2,no-headers" | grep -q "^enc0:4;.*;App02;" ||
    fail "App02 is not in bay 4"
pass "the addresses and assignments are the file's"

# ------------------------------------------------------------- bad input
generation() { cli -c "show domain -output=script1" | sed -n 's/^Configuration Generation=//p'; }
g=$(generation)
while IFS= read -r line; do
    set +e; out=$(cli -c "$line" 2>&1); rc=$?; set -e
    [ $rc -eq 1 ] || fail "\"$line\": exit $rc, not 1"
    grep -q '^ERROR: ' <<<"$out" || fail "\"$line\": $out"
    grep -q '^SUCCESS' <<<"$out" && fail "\"$line\" partly succeeded: $out"
done <<'EOF'
frob network X
add netwrk X
add network
add network X Colour=Red
add network X UplinkSet=SUS1 VLanID=5000
add network X UplinkSet=SUS1 VLanID=101
add network X UplinkSet=SUS1 VLanID=103 State=Maybe
add network "X
set enet-connection Web01 1 SpeedType=Custom Speed=150
assign profile Web01 enc0:17
remove network Prod101
add enet-connection Web02 AddressType=User-Defined EthernetMAC=02:56:43:00:00:00
EOF
big=$(head -c 70000 /dev/zero | tr '\0' 'x')
set +e; out=$(cli -c "add network $big" 2>&1); set -e
grep -q "^ERROR: line is too long" <<<"$out" || fail "a 64 KiB line: ${out:0:200}"
[ "$(generation)" = "$g" ] || fail "a refused command changed the generation ($g -> $(generation))"
cli -c "show config" | cmp -s - "$VC_WORK/first.txt" || fail "a refused command changed show config"
pass "malformed commands answer ERROR and change nothing"

# ------------------------------------------------------------- audit
cli -c "show audit Count=0 -output=script2,no-headers" >"$VC_WORK/audit.txt"
grep -q ";Administrator;vc-cli;assign profile App02 enc0:4;SUCCESS: Profile App02 assigned to enc0:4$" \
    "$VC_WORK/audit.txt" || fail "the replay is not in the audit trail"
grep -q ";Administrator;vc-cli;add network X UplinkSet=SUS1 VLanID=5000;ERROR: VLanID=5000 is not valid" \
    "$VC_WORK/audit.txt" || fail "a refused change is not in the audit trail"
grep -q "cli: Administrator (vc-cli): assign profile App02 enc0:4: SUCCESS" "$VC_WORK/manager.log" ||
    fail "the change is not in the manager's log"
pass "every change is audited with user, origin, command and result"

# ------------------------------------------------------------- wipe, replay
stop_manager
start_manager
cli -c "show profile *" | grep -qx "SUCCESS: No profiles exist" || fail "the new store is not empty"
cli -f "$CONFIG" >/dev/null || fail "the second replay answered ERROR"
cli -c "show config" | diff -u "$VC_WORK/first.txt" - >&2 || fail "show config differs after wipe and replay"
pass "show, wipe, replay, show: the same text"
stop_manager
