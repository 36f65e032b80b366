/*
 * classify: which FlexNIC or uplink a frame came in on, and which vNet it
 * belongs to, from the ingress port's configuration and the parsed tags;
 * and which tags a frame of a vNet gets on its way out of a port.
 *
 * Ingress rules (docs/dataplane-protocol.md has the table):
 * - partitioned downlink: outer S-tag with S-VID 1..4 picks FlexNIC a..d;
 *   no S-tag, an S-VID outside 1..4 or an undefined FlexNIC is dropped
 *   (DP_DROP_BAD_SCHANNEL). Unpartitioned downlink: FlexNIC a, untagged
 *   outside; an S-tag there is dropped (DP_DROP_BAD_SCHANNEL).
 * - inside the FlexNIC: a tunnel vNet takes everything untouched; a single
 *   vNet takes untagged (or priority-tagged) frames; a server-VLAN map takes
 *   C-tagged frames by VID and untagged ones to its untagged vNet; anything
 *   else is DP_DROP_NO_VNET.
 * - uplink in a set: C-VID -> vNet, untagged -> native vNet; dedicated
 *   uplink: untagged -> its vNet, or everything if it is a tunnel vNet.
 * Pure: no DPDK.
 */
#ifndef OPENVC_DATAPLANE_CLASSIFY_H
#define OPENVC_DATAPLANE_CLASSIFY_H

#include "dataplane/config.h"
#include "dataplane/counters.h"
#include "dataplane/frame.h"

struct classify_result {
    uint16_t vnet;        /* vNet id */
    uint8_t flexnic;      /* ingress FlexNIC 0..3 (0 on uplinks) */
    uint8_t strip_bytes;  /* tag bytes after the MACs to remove: 0, 4 or 8 */
    enum dp_drop_reason drop; /* DP_DROP_NONE when the frame is accepted */
};

/* classify_ingress: classify a parsed frame that came in on port `port`. */
void classify_ingress(const struct dp_config *config, unsigned port,
                      const struct frame_info *info, struct classify_result *result);

/* The tags a frame of vNet `vnet` gets going out of (port, flexnic). */
struct classify_egress_tags {
    uint16_t svid; /* 0 = no S-tag, else 1..4 */
    uint16_t cvid; /* 0 = no C-tag, else the VLAN to push */
};

/* classify_egress: compute the tags for an egress; returns false if the
 * vNet is not carried there (the frame must not go out). */
bool classify_egress(const struct dp_config *config, unsigned port, unsigned flexnic,
                     uint16_t vnet, struct classify_egress_tags *tags);

#endif
