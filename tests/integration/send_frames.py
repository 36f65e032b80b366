#!/usr/bin/env python3
"""Send raw Ethernet frames (integration tests).

    send_frames.py IFACE --src MAC [--count N] [--dst MAC] [--vlan VID]
                   [--repeat R] [--gap-ms MS]
    send_frames.py IFACE --hex FRAME... [--repeat R]

With --src: sends, R times over, one frame from each of N source MACs: MAC,
MAC+1, ... (the last three bytes count up). The frames are 60 bytes,
EtherType 0x88b5 (IEEE local experimental), so no host stack answers them;
the payload holds the frame's index. The destination defaults to the
broadcast address. --vlan VID inserts an 802.1Q tag (TPID 0x8100, VID) after
the source MAC of each 60-byte frame (so 64 bytes). A send the kernel
refuses is an error.

With --hex: sends each FRAME, given as hex digits (the whole frame from the
destination MAC on, of any length), R times in turn, --gap-ms apart if
given. A send the kernel refuses (a frame under 14 bytes, say) is skipped.

Prints the number of frames sent.
"""
import argparse
import socket
import struct
import time


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("iface")
    what = ap.add_mutually_exclusive_group(required=True)
    what.add_argument("--src")
    what.add_argument("--hex", nargs="+")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--dst", default="ff:ff:ff:ff:ff:ff")
    ap.add_argument("--vlan", type=int)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--gap-ms", type=float, default=0.0)
    args = ap.parse_args()

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((args.iface, 0))
    sent = 0
    if args.hex is not None:
        for hexframe in args.hex:
            frame = bytes.fromhex(hexframe)
            for _ in range(args.repeat):
                try:
                    s.send(frame)
                    sent += 1
                except OSError:
                    pass
                if args.gap_ms:
                    time.sleep(args.gap_ms / 1000)
        print(sent)
        return

    base = mac_bytes(args.src)
    dst = mac_bytes(args.dst)
    tag = b"" if args.vlan is None else struct.pack("!HH", 0x8100, args.vlan)
    for _ in range(args.repeat):
        for i in range(args.count):
            low = (int.from_bytes(base[3:], "big") + i) & 0xFFFFFF
            src = base[:3] + low.to_bytes(3, "big")
            frame = dst + src + struct.pack("!HI", 0x88B5, i)
            frame += bytes(60 - len(frame))
            s.send(frame[:12] + tag + frame[12:])
            sent += 1
            if args.gap_ms:
                time.sleep(args.gap_ms / 1000)
    print(sent)


if __name__ == "__main__":
    main()
