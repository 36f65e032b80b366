#!/usr/bin/env bash
# Install what OpenVC needs from Debian 12's packages (only what is missing,
# so running it again changes nothing), then configure and build in ./build.
# Needs root for apt-get; the build itself does not.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

packages=(
    gcc pkg-config meson ninja-build           # build
    libdpdk-dev dpdk-dev                        # DPDK 22.11, testpmd, dpdk-telemetry.py
    libpcap-dev libjansson-dev libcmocka-dev libsqlite3-dev # libraries
    iproute2 iputils-ping tcpdump iperf3 ethtool python3 procps psmisc # integration tests and demo
    bc                                          # benchmark arithmetic
    libssl-dev libssh-dev libedit-dev           # users' password hashes, vc-sshd, vc-cli
    openssh-client sshpass                      # the access test: the real ssh client
    libsnmp-dev snmpd snmp snmptrapd smitools   # vc-snmp: net-snmp agent library, master, tools, smilint
    erlang-snmp                                 # IETF SMIv2 base modules smilint checks our MIBs against
    sqlite3                                     # tests read the manager's store
)
command -v npm >/dev/null || packages+=(npm) # IF-MIB for smilint (scripts/base-mibs.sh)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "setup: run as root to install packages" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cd "$top"
if [ ! -f build/build.ninja ]; then
    meson setup build --buildtype=debugoptimized -Dwerror=true >/dev/null
fi
ninja -C build
