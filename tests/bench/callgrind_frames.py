#!/usr/bin/env python3
"""callgrind_frames: instructions per frame from a callgrind dump of
vc-dataplane (tests/bench/bridge --callgrind).

    callgrind_frames.py DUMP FRAMES_INSIDE FRAMES_AROUND

Sums the self cost of every function in the dump, and apart the part in
the pcap driver (objects named librte_net_pcap). Frames: the worker's calls
of the pcap driver's receive function (the calls from worker_main into
librte_net_pcap) times 32, the burst size: with infinite_rx the driver
answers every burst whole while its pool has buffers. The counters the
bridge script reads just inside and just around the dumped window
(FRAMES_INSIDE, FRAMES_AROUND: frames forwarded) must bracket that figure,
or it is refused. Prints, last:
    bridge instructions_per_frame=A outside_pcap=B frames=N
Names in a dump may be compressed: "(id) name" the first time, "(id)" after.
"""
import re
import sys

BURST = 32


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

    total = pcap = rx_calls = 0
    obj = function = ""
    callee_obj = None
    after_calls = False
    for line in open(sys.argv[1]):
        line = line.rstrip("\n")
        if line.startswith("ob="):
            obj = name("ob", line[3:])
        elif line.startswith("cob="):
            callee_obj = name("ob", line[4:])
        elif line.startswith(("fl=", "fi=", "fe=")):
            name("fl", line[3:])
        elif line.startswith(("cfl=", "cfi=")):
            name("fl", line[4:])
        elif line.startswith("fn="):
            function = name("fn", line[3:])
        elif line.startswith("cfn="):
            name("fn", line[4:])
        elif line.startswith("calls="):
            target = callee_obj if callee_obj is not None else obj
            if function == "worker_main" and "librte_net_pcap" in target:
                rx_calls += int(line[6:].split()[0])
            callee_obj = None
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
    inside, around = int(sys.argv[2]), int(sys.argv[3])
    frames = BURST * rx_calls
    if frames <= 0:
        sys.exit("bench: the worker received nothing during the dump")
    print(f"bench: {total} instructions in worker_main and below, {pcap} of them in the pcap"
          f" driver, {frames} frames ({rx_calls} receive bursts; {inside} frames forwarded"
          f" inside the window, {around} around it)", file=sys.stderr)
    if not inside <= frames <= around:
        sys.exit("bench: the receive bursts do not match the forwarded frames"
                 " (bursts not full, or frames dropped)")
    print(f"bridge instructions_per_frame={total / frames:.0f}"
          f" outside_pcap={(total - pcap) / frames:.0f} frames={frames}")


if __name__ == "__main__":
    main()
