#!/bin/bash
# test_snmp_mibs: the MIB files OpenVC writes (snmp/mibs/) pass smilint at
# level 3 with no error (severity 0-2; warnings are listed, not fatal).
#
# smilint needs the IETF base modules the MIBs import (SNMPv2-SMI, -TC,
# -CONF, SNMP-FRAMEWORK-MIB, TRANSPORT-ADDRESS-MIB, IF-MIB). Debian main has
# none (libsmi2-common is stripped of them, snmp-mibs-downloader fetches
# them from the network), so the test looks in $SMI_BASE_MIBS,
# /usr/share/snmp/mibs/ietf and /usr/share/mibs/ietf and skips (77) when
# they are not there.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
command -v smilint >/dev/null || { echo "SKIP: no smilint (smitools)"; exit 77; }
base=
for d in ${SMI_BASE_MIBS:-} /usr/share/snmp/mibs/ietf /usr/share/mibs/ietf; do
    if [ -n "$d" ] && ls "$d"/SNMPv2-SMI* >/dev/null 2>&1; then base=$d; break; fi
done
[ -n "$base" ] || { echo "SKIP: no IETF base MIB modules (SNMPv2-SMI ...) to check against"; exit 77; }
export SMIPATH="$base:$top/snmp/mibs:/usr/share/mibs/iana"
status=0
for mib in "$top"/snmp/mibs/*-MIB.txt; do
    out=$(smilint -s -l 3 "$mib" 2>&1 || true)
    errors=$(echo "$out" | grep -E '\[[012]\]' || true)
    echo "$(basename "$mib"): $(echo "$out" | grep -c . || true) messages"
    [ -n "$out" ] && echo "$out"
    if [ -n "$errors" ]; then echo "FAIL: smilint errors in $mib" >&2; status=1; fi
done
exit $status
