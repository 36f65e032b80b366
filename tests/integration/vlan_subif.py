#!/usr/bin/env python3
"""A VLAN subinterface for test hosts on kernels without 802.1Q support.

The test machines' kernel is built without CONFIG_VLAN_8021Q (and without
bridge VLAN filtering), so `ip link add ... type vlan` fails. This stands in
for one subinterface: it creates a TAP device NAME in the current network
namespace and, between it and PARENT, pushes and pops a stack of tags:

    vlan_subif.py PARENT NAME TAGS [--mac MAC]
    TAGS: comma-separated, outermost first: s<VID> = 802.1ad S-tag (0x88a8),
          c<VID> = 802.1Q C-tag (0x8100), e.g. "c101", "s2", "s2,c101"

Frames from PARENT whose leading tags equal TAGS go to NAME without them;
frames written to NAME go out of PARENT with TAGS in front. The frames on
PARENT's wire are real tagged frames (tcpdump -e on PARENT shows them).
The kernel moves a received frame's outer tag into packet metadata, so the
tag is read back from PACKET_AUXDATA (TPID included).
Runs until killed; prints "ready" once the TAP device is up.
"""
import argparse
import fcntl
import os
import select
import socket
import struct
import subprocess
import sys

ETH_P_ALL = 0x0003
SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_OUTGOING = 4
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40
TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
TPIDS = {'s': 0x88A8, 'c': 0x8100}


def parse_tags(text):
    tags = []
    for part in text.split(','):
        kind, vid = part[0].lower(), int(part[1:])
        if kind not in TPIDS or not 0 <= vid <= 4095:
            raise ValueError(f'bad tag "{part}"')
        tags.append((TPIDS[kind], vid))
    return tags


def write_tap(tap, frame):
    """Hand a frame to the TAP device; a TAP that is down refuses it (EIO)."""
    try:
        os.write(tap, frame)
    except OSError:
        pass


def tag_bytes(tags):
    return b''.join(struct.pack('!HH', tpid, vid) for tpid, vid in tags)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('parent')
    p.add_argument('name')
    p.add_argument('tags')
    p.add_argument('--mac')
    a = p.parse_args()
    tags = parse_tags(a.tags)
    prefix = tag_bytes(tags)

    tap = os.open('/dev/net/tun', os.O_RDWR)
    fcntl.ioctl(tap, TUNSETIFF, struct.pack('16sH', a.name.encode(), IFF_TAP | IFF_NO_PI))
    if a.mac:
        subprocess.run(['ip', 'link', 'set', a.name, 'address', a.mac], check=True)
    subprocess.run(['ip', 'link', 'set', a.name, 'up'], check=True)
    subprocess.run(['sysctl', '-qw', f'net.ipv6.conf.{a.name}.disable_ipv6=1'], check=False)

    raw = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    raw.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    raw.bind((a.parent, 0))
    print('ready', flush=True)

    while True:
        readable, _, _ = select.select([raw, tap], [], [])
        if raw in readable:
            try:
                data, ancillary, _, address = raw.recvmsg(65536, socket.CMSG_SPACE(32))
            except OSError:
                continue  # ENETDOWN when the parent goes down (blade powered off): keep going
            if address[2] == PACKET_OUTGOING or len(data) < 14:
                continue
            for level, kind, value in ancillary:
                if level == SOL_PACKET and kind == PACKET_AUXDATA and len(value) >= 20:
                    status, _, _, _, _, tci, tpid = struct.unpack('IIIHHHH', value[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = data[:12] + struct.pack('!HH', tpid, tci) + data[12:]
            if data[12:12 + len(prefix)] == prefix and len(data) >= 14 + len(prefix):
                # compare VIDs only (12 bits), keeping priority bits out of it
                write_tap(tap, data[:12] + data[12 + len(prefix):])
            elif len(prefix) and len(data) >= 12 + len(prefix):
                ok = True
                for i, (tpid, vid) in enumerate(tags):
                    t, v = struct.unpack('!HH', data[12 + 4 * i:16 + 4 * i])
                    ok = ok and t == tpid and (v & 0xFFF) == vid
                if ok:
                    write_tap(tap, data[:12] + data[12 + len(prefix):])
        if tap in readable:
            try:
                frame = os.read(tap, 65536)
            except OSError:
                continue
            if len(frame) >= 14:
                try:
                    raw.send(frame[:12] + prefix + frame[12:])
                except OSError:
                    pass  # parent down (blade powered off): the frame is lost, as on a wire


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
