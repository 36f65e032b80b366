/*
 * mac_cache: Fast MAC cache failover, the decisions and the frame.
 *
 * After a vNet's active uplink moves to another port, the upstream switches
 * still send the servers' traffic toward the old uplink until they relearn.
 * So the control thread sends, out of the new active uplink, one frame per
 * server MAC of the vNet (that MAC as source, broadcast destination,
 * ethertype 0x88B5 = IEEE local experimental, minimum size), in `repeats`
 * rounds `refresh_ms` apart, the first at once (dp_mac_cache_config).
 *
 * This file holds the pure part, so tests drive it with any clock:
 * - mac_cache_step() is a vNet's state machine, told the active uplink slot
 *   and the time on every housekeeping tick, answering "send a round now";
 * - mac_cache_frame_build() writes the frame.
 * A failover is a change of the active uplink from one port to another,
 * with or without a time in between when no uplink was up; the first uplink
 * to come up after start is not one (nobody upstream knew the MACs behind
 * another port). A round falls due only while an uplink is active; a new
 * failover restarts the rounds on the new uplink; disabling stops them.
 *
 * No DPDK, no I/O: control.c walks the MAC table and sends.
 */
#ifndef OPENVC_DATAPLANE_MAC_CACHE_H
#define OPENVC_DATAPLANE_MAC_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/config.h"

#define MAC_CACHE_ETHERTYPE          0x88B5u /* IEEE 802 local experimental 1 */
#define MAC_CACHE_FRAME_BYTES        60u     /* minimum Ethernet frame without FCS */
#define MAC_CACHE_TAGGED_FRAME_BYTES 64u     /* with a tag: still 60 once it is removed */
#define MAC_CACHE_SLOT_NONE          0xffu   /* no uplink (= DP_SLOT_NONE) */

/* One vNet's state; mac_cache_vnet_init() before the first step. */
struct mac_cache_vnet {
    uint8_t last_slot; /* the uplink slot last seen active, or MAC_CACHE_SLOT_NONE */
    uint8_t remaining; /* rounds still to send */
    uint64_t due_ns;   /* when the next round is due */
};

/* mac_cache_vnet_init: no uplink seen yet, nothing to send. */
void mac_cache_vnet_init(struct mac_cache_vnet *state);

/* mac_cache_step: the vNet's active uplink is slot `active_slot`
 * (MAC_CACHE_SLOT_NONE when none is up) at `now_ns`, under `config`.
 * Returns true when a round of frames is due now, out of `active_slot`
 * (the state then counts it sent and sets the next due time). */
bool mac_cache_step(struct mac_cache_vnet *state, uint8_t active_slot,
                    const struct dp_mac_cache_config *config, uint64_t now_ns);

/* mac_cache_frame_build: the frame of `source_mac` into `frame` (`size`
 * bytes): broadcast destination, a 802.1Q tag of `vlan` when 1..4094
 * (0 = untagged), ethertype 0x88B5, zero payload up to the minimum size.
 * Returns its length (MAC_CACHE_FRAME_BYTES or MAC_CACHE_TAGGED_FRAME_BYTES),
 * or 0 when `size` is too small or `vlan` is above 4094. */
size_t mac_cache_frame_build(uint8_t *frame, size_t size, const uint8_t source_mac[6],
                             uint16_t vlan);

#endif
