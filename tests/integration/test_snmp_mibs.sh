#!/bin/bash
# test_snmp_mibs: the MIB files OpenVC writes (snmp/mibs/) pass smilint at
# level 3 with no error (severity 0-2; warnings are listed, not fatal).
#
# smilint needs the IETF base modules the MIBs import (SNMPv2-SMI, -TC,
# -CONF, SNMP-FRAMEWORK-MIB, TRANSPORT-ADDRESS-MIB, IF-MIB). `./run test`
# gathers them into build/base-mibs (scripts/base-mibs.sh); the test also
# looks in $SMI_BASE_MIBS, /usr/share/snmp/mibs/ietf and
# /usr/share/mibs/ietf, and skips (77) when none has them.
#
# To show it can fail, it first lints a copy of HPVC-MIB that uses
# Unsigned32 without importing it, and expects smilint's error.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v smilint >/dev/null || { echo "SKIP: no smilint (smitools)"; exit 77; }
base=
for d in ${SMI_BASE_MIBS:-} $top/build/base-mibs /usr/share/snmp/mibs/ietf /usr/share/mibs/ietf; do
    if [ -n "$d" ] && ls "$d"/SNMPv2-SMI* >/dev/null 2>&1; then base=$d; break; fi
done
[ -n "$base" ] || { echo "SKIP: no IETF base MIB modules (SNMPv2-SMI ...) to check against"; exit 77; }
export SMIPATH="$base:$top/snmp/mibs:/usr/share/mibs/iana"

# lint FILE: smilint's messages of severity 0-2 (errors) on FILE
lint_errors() { smilint -s -l 3 "$1" 2>&1 | grep -E '\[[012]\]' || true; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/Integer32, Unsigned32,/Integer32,/' "$top/snmp/mibs/HPVC-MIB.txt" >"$work/HPVC-MIB.txt"
cmp -s "$work/HPVC-MIB.txt" "$top/snmp/mibs/HPVC-MIB.txt" && { echo "FAIL: could not break the copy" >&2; exit 1; }
if ! lint_errors "$work/HPVC-MIB.txt" | grep -q "Unsigned32' must be imported"; then
    echo "FAIL: smilint found no error in a MIB that uses Unsigned32 without importing it" >&2
    exit 1
fi

status=0
for mib in "$top"/snmp/mibs/*-MIB.txt; do
    out=$(smilint -s -l 3 "$mib" 2>&1 || true)
    errors=$(lint_errors "$mib")
    echo "$(basename "$mib"): $(echo "$out" | grep -c . || true) messages"
    [ -n "$out" ] && echo "$out"
    if [ -n "$errors" ]; then echo "FAIL: smilint errors in $mib" >&2; status=1; fi
done
exit $status
