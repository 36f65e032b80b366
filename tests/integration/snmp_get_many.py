#!/usr/bin/env python3
"""snmp_get_many: send one SNMPv2c GET of COUNT copies of OID to HOST:PORT
and print the answer's error-status, error-index, how many varbinds came
back, its size and the time it took ("errorStatus=0 errorIndex=0
varbinds=1000 bytes=34031 seconds=0.013"). net-snmp's snmpget stops at 128
OIDs a request; this makes larger ones.

usage: snmp_get_many.py HOST PORT COMMUNITY OID COUNT
"""
import socket
import sys
import time


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + body


def integer(v):
    return tlv(0x02, v.to_bytes(4, "big", signed=True))


def oid(text):
    parts = [int(p) for p in text.strip(".").split(".")]
    body = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, body)


def read_tlv(data, at):
    """(tag, body start, body end) of the TLV at `at`."""
    tag, n = data[at], data[at + 1]
    at += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(data[at:at + k], "big")
        at += k
    return tag, at, at + n


def main():
    host, port, community, name, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
    varbind = tlv(0x30, oid(name) + b"\x05\x00")
    pdu = tlv(0xA0, integer(4242) + integer(0) + integer(0) + tlv(0x30, varbind * count))
    message = tlv(0x30, integer(1) + tlv(0x04, community.encode()) + pdu)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    started = time.monotonic()
    s.sendto(message, (host, port))
    data = s.recv(70000)
    elapsed = time.monotonic() - started
    _, at, _ = read_tlv(data, 0)          # message
    _, _, at = read_tlv(data, at)         # version
    _, _, at = read_tlv(data, at)         # community
    tag, at, _ = read_tlv(data, at)       # response PDU
    if tag != 0xA2:
        sys.exit(f"not a response PDU: tag {tag:#x}")
    _, _, at = read_tlv(data, at)         # request-id
    _, b, e = read_tlv(data, at)
    status = int.from_bytes(data[b:e], "big")
    _, b, at = read_tlv(data, e)
    index = int.from_bytes(data[b:at], "big")
    _, b, end = read_tlv(data, at)        # varbind list
    n = 0
    while b < end:
        _, _, b = read_tlv(data, b)
        n += 1
    print(f"errorStatus={status} errorIndex={index} varbinds={n} bytes={len(data)} seconds={elapsed:.3f}")


if __name__ == "__main__":
    main()
