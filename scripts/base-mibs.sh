#!/usr/bin/env bash
# base-mibs.sh DIR: gather into DIR the IETF modules that OpenVC's MIBs
# import, so that test_snmp_mibs can run smilint on them. Debian main ships
# none of them as MIB files for net-snmp or libsmi (licence), but two
# packages carry them as plain ASN.1:
#   - Debian's erlang-snmp: SNMPv2-SMI, -TC, -CONF, -MIB,
#     SNMP-FRAMEWORK-MIB, TRANSPORT-ADDRESS-MIB, ...
#   - the npm package net-snmp (pinned, checked by hash): IF-MIB and
#     IANAifType-MIB, which no Debian package has.
# Does nothing when DIR is complete already.
set -euo pipefail
dir=${1:?usage: base-mibs.sh DIR}
npm_package=net-snmp@3.29.2
declare -A npm_mibs=(
    [IF-MIB.mib]=891d7649ac23034ef954b3fc0d6f0753360cff4954816a985eed88e6f8b8f531
    [IANAifType-MIB.mib]=21f2857fae03b9d32404b612d0c3efd3204343f29666667992af65e8c2b7aaa4
)

complete=yes
for m in SNMPv2-SMI.mib TRANSPORT-ADDRESS-MIB.mib "${!npm_mibs[@]}"; do
    [ -f "$dir/$m" ] || complete=no
done
[ $complete = yes ] && exit 0

mkdir -p "$dir"
erlang_mibs=(/usr/lib/erlang/lib/snmp-*/mibs)
if [ ! -f "${erlang_mibs[0]}/SNMPv2-SMI.mib" ]; then
    echo "base-mibs: no erlang-snmp MIBs (install Debian's erlang-snmp)" >&2
    exit 1
fi
cp "${erlang_mibs[0]}"/*.mib "$dir/"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! (cd "$work" && npm pack --silent "$npm_package" >/dev/null); then
    echo "base-mibs: npm pack $npm_package failed" >&2
    exit 1
fi
tar -xzf "$work"/net-snmp-*.tgz -C "$work"
for m in "${!npm_mibs[@]}"; do
    sum=$(sha256sum "$work/package/lib/mibs/$m" | cut -d' ' -f1)
    if [ "$sum" != "${npm_mibs[$m]}" ]; then
        echo "base-mibs: $m of $npm_package has sha256 $sum, expected ${npm_mibs[$m]}" >&2
        exit 1
    fi
    cp "$work/package/lib/mibs/$m" "$dir/"
done
