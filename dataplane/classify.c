/*
 * classify: from the ingress port's configuration and a frame's parsed
 * tags, the FlexNIC (or uplink) and vNet it belongs to and the tag bytes to
 * strip; and, the other way, the tags a frame of a vNet gets on its way out
 * of a port or FlexNIC. The rules are the table "How frames are classified"
 * in docs/dataplane-protocol.md.
 *
 * Called for every frame: only array lookups in the immutable snapshot, no
 * loops. Pure: no DPDK.
 */
#include "dataplane/classify.h"

/* classify_drop: fill `result` for a dropped frame. */
static inline void classify_drop(struct classify_result *result, enum dp_drop_reason reason)
{
    result->vnet = DP_VNET_NONE;
    result->drop = reason;
}

/* classify_accept: fill `result` for an accepted frame of vNet `vnet`. */
static inline void classify_accept(struct classify_result *result, uint16_t vnet,
                                   unsigned strip_bytes)
{
    result->vnet = vnet;
    result->strip_bytes = (uint8_t)strip_bytes;
    result->drop = DP_DROP_NONE;
}

/* classify_flexnic: a frame inside FlexNIC `flexnic`, whose S-tag (if any)
 * is already accounted for in `strip_bytes`. */
static void classify_flexnic(const struct dp_config *config,
                             const struct dp_flexnic_config *flexnic, const struct frame_info *info,
                             unsigned strip_bytes, struct classify_result *result)
{
    bool vid_tagged = info->has_ctag && info->cvid != 0;
    unsigned ctag_bytes = info->has_ctag ? FRAME_TAG_BYTES : 0;
    uint16_t vnet;

    if (flexnic->vnet != DP_VNET_NONE && config->vnets[flexnic->vnet].tunnel) {
        classify_accept(result, flexnic->vnet, strip_bytes);
        return;
    }
    if (flexnic->vlan_to_vnet != NULL && vid_tagged)
        vnet = flexnic->vlan_to_vnet[info->cvid];
    else if (vid_tagged)
        vnet = DP_VNET_NONE; /* a single vNet takes no VLANs */
    else
        vnet = flexnic->untagged_vnet;
    if (vnet == DP_VNET_NONE)
        classify_drop(result, DP_DROP_NO_VNET);
    else
        classify_accept(result, vnet, strip_bytes + ctag_bytes);
}

/* classify_uplink: a frame on uplink `port`. */
static void classify_uplink(const struct dp_config *config, const struct dp_port_config *port,
                            const struct frame_info *info, struct classify_result *result)
{
    bool vid_tagged = info->has_ctag && info->cvid != 0;
    unsigned ctag_bytes = info->has_ctag ? FRAME_TAG_BYTES : 0;
    uint16_t vnet;

    if (port->uplink_set >= 0) {
        const struct dp_uplink_set_config *set = &config->uplink_sets[port->uplink_set];

        if (info->has_stag)
            vnet = DP_VNET_NONE;
        else if (vid_tagged)
            vnet = set->vlan_to_vnet[info->cvid];
        else
            vnet = set->native_vnet;
    } else {
        vnet = port->dedicated_vnet;
        if (vnet != DP_VNET_NONE && config->vnets[vnet].tunnel) {
            classify_accept(result, vnet, 0);
            return;
        }
        if (info->has_stag || vid_tagged)
            vnet = DP_VNET_NONE;
    }
    if (vnet == DP_VNET_NONE)
        classify_drop(result, DP_DROP_NO_VNET);
    else
        classify_accept(result, vnet, ctag_bytes);
}

/* classify_ingress: classify a parsed frame that came in on port `port`.
 * config: the running snapshot
 * port:   ingress port index (< config->n_ports, else NO_VNET)
 * info:   frame_parse's result for the frame (FRAME_OK)
 * result: vNet, FlexNIC and strip_bytes, or a drop reason: BAD_SCHANNEL for
 *         a missing, unexpected or unknown S-channel, NO_VNET when no vNet
 *         takes the frame. */
void classify_ingress(const struct dp_config *config, unsigned port, const struct frame_info *info,
                      struct classify_result *result)
{
    const struct dp_port_config *p;
    unsigned flexnic = 0, strip_bytes = 0;

    result->flexnic = 0;
    result->strip_bytes = 0;
    if (port >= config->n_ports) {
        classify_drop(result, DP_DROP_NO_VNET);
        return;
    }
    p = &config->ports[port];
    if (p->role == DP_PORT_UPLINK) {
        classify_uplink(config, p, info, result);
        return;
    }
    if (p->partitioned) {
        if (!info->has_stag || info->svid < 1 || info->svid > DP_FLEXNICS_PER_PORT ||
            !p->flexnics[info->svid - 1].defined) {
            classify_drop(result, DP_DROP_BAD_SCHANNEL);
            return;
        }
        flexnic = info->svid - 1u;
        strip_bytes = FRAME_TAG_BYTES;
    } else if (info->has_stag) {
        classify_drop(result, DP_DROP_BAD_SCHANNEL);
        return;
    } else if (!p->flexnics[0].defined) {
        classify_drop(result, DP_DROP_NO_VNET);
        return;
    }
    result->flexnic = (uint8_t)flexnic;
    classify_flexnic(config, &p->flexnics[flexnic], info, strip_bytes, result);
}

/* classify_egress: the tags a frame of vNet `vnet` gets going out of
 * (port, flexnic); `flexnic` is ignored on uplinks.
 * Returns false (tags zeroed) when the port or FlexNIC does not carry the
 * vNet, or when port, FlexNIC or vNet are out of range or undefined. */
bool classify_egress(const struct dp_config *config, unsigned port, unsigned flexnic, uint16_t vnet,
                     struct classify_egress_tags *tags)
{
    const struct dp_port_config *p;
    const struct dp_flexnic_config *f;

    tags->svid = 0;
    tags->cvid = 0;
    if (port >= config->n_ports || vnet >= DP_MAX_VNETS || !config->vnets[vnet].defined)
        return false;
    p = &config->ports[port];
    if (p->role == DP_PORT_UPLINK) {
        if (p->uplink_set >= 0) {
            if (config->vnets[vnet].uplink_set != p->uplink_set)
                return false;
            tags->cvid = config->vnets[vnet].uplink_vlan;
            return true;
        }
        return p->dedicated_vnet == vnet;
    }
    if (flexnic >= DP_FLEXNICS_PER_PORT || (flexnic > 0 && !p->partitioned))
        return false;
    f = &p->flexnics[flexnic];
    if (!f->defined)
        return false;
    if (f->vnet != vnet) {
        uint16_t vlan;

        if (f->vnet_to_vlan == NULL)
            return false;
        vlan = f->vnet_to_vlan[vnet];
        if (vlan == DP_VLAN_NONE)
            return false;
        tags->cvid = vlan;
    }
    if (p->partitioned)
        tags->svid = (uint16_t)(flexnic + 1);
    return true;
}
