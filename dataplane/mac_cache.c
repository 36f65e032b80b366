/*
 * mac_cache: the Fast MAC cache failover state machine and frame (see
 * mac_cache.h); control.c runs it on every housekeeping tick.
 */
#include "dataplane/mac_cache.h"

#include <string.h>

#include "dataplane/frame.h"

#define MAC_CACHE_NS_PER_MS 1000000ull
#define MAC_CACHE_VLAN_MAX  4094u

void mac_cache_vnet_init(struct mac_cache_vnet *state)
{
    state->last_slot = MAC_CACHE_SLOT_NONE;
    state->remaining = 0;
    state->due_ns = 0;
}

bool mac_cache_step(struct mac_cache_vnet *state, uint8_t active_slot,
                    const struct dp_mac_cache_config *config, uint64_t now_ns)
{
    uint64_t interval_ns = (uint64_t)config->refresh_ms * MAC_CACHE_NS_PER_MS;

    if (active_slot != MAC_CACHE_SLOT_NONE && active_slot != state->last_slot) {
        bool failover = state->last_slot != MAC_CACHE_SLOT_NONE;
        state->last_slot = active_slot;
        state->remaining = failover ? (uint8_t)config->repeats : 0;
        state->due_ns = now_ns;
    }
    if (!config->enabled)
        state->remaining = 0;
    if (active_slot == MAC_CACHE_SLOT_NONE || state->remaining == 0 || now_ns < state->due_ns)
        return false;
    state->remaining--;
    /* keep the rhythm of the first round, unless a tick came very late */
    state->due_ns += interval_ns;
    if (state->due_ns <= now_ns)
        state->due_ns = now_ns + interval_ns;
    return true;
}

size_t mac_cache_frame_build(uint8_t *frame, size_t size, const uint8_t source_mac[6],
                             uint16_t vlan)
{
    size_t length = vlan == 0 ? MAC_CACHE_FRAME_BYTES : MAC_CACHE_TAGGED_FRAME_BYTES;

    if (vlan > MAC_CACHE_VLAN_MAX || size < length)
        return 0;
    memset(frame, 0, length);
    frame_write_broadcast_header(frame, source_mac, vlan ? FRAME_TPID_CTAG : 0, vlan,
                                 MAC_CACHE_ETHERTYPE);
    return length;
}
