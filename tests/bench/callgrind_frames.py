#!/usr/bin/env python3
"""callgrind_frames: instructions per frame from a callgrind dump of
vc-dataplane (tests/bench/bridge --callgrind).

    callgrind_frames.py DUMP

Sums the self cost of every function in the dump, and apart the part in
the pcap driver (objects named librte_net_pcap); frames are twice the calls
of egress_scheduler_admit (one per frame toward d1; the benchmark's two
files replay at the same rate). Prints, last:
    bridge instructions_per_frame=A outside_pcap=B frames=N
Names in a dump may be compressed: "(id) name" the first time, "(id)" after.
"""
import re
import sys


def main():
    names = {}

    def name(kind, text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m:
            return text
        key = (kind, m.group(1))
        if m.group(2) is not None:
            names[key] = m.group(2)
        return names.get(key, "")

    total = pcap = admits = 0
    obj = callee = ""
    after_calls = False
    for line in open(sys.argv[1]):
        line = line.rstrip("\n")
        if line.startswith("ob="):
            obj = name("ob", line[3:])
        elif line.startswith("cob="):
            name("ob", line[4:])
        elif line.startswith(("fl=", "fi=", "fe=")):
            name("fl", line[3:])
        elif line.startswith(("cfl=", "cfi=")):
            name("fl", line[4:])
        elif line.startswith("fn="):
            name("fn", line[3:])
        elif line.startswith("cfn="):
            callee = name("fn", line[4:])
        elif line.startswith("calls="):
            if callee == "egress_scheduler_admit":
                admits += int(line[6:].split()[0])
            after_calls = True
        elif line and (line[0].isdigit() or line[0] in "+-*"):
            if after_calls:  # the inclusive cost of the call above: not this function's
                after_calls = False
                continue
            fields = line.split()
            cost = int(fields[1]) if len(fields) > 1 else 0
            total += cost
            if "librte_net_pcap" in obj:
                pcap += cost
    frames = 2 * admits
    if frames == 0:
        sys.exit("bench: no frame reached egress_scheduler_admit during the dump")
    print(f"bench: {total} instructions in worker_main and below, {pcap} of them in the pcap"
          f" driver, {frames} frames", file=sys.stderr)
    print(f"bridge instructions_per_frame={total / frames:.0f}"
          f" outside_pcap={(total - pcap) / frames:.0f} frames={frames}")


if __name__ == "__main__":
    main()
