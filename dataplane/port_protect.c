/*
 * port_protect: the loop probe frame, the MAC control classification and
 * the pause flood state machine (see port_protect.h); the worker calls the
 * first two for the frames of the two ethertypes only, control.c the rest.
 */
#include "dataplane/port_protect.h"

#include <string.h>

#define PORT_PROTECT_MARKER         "OVLP"
#define PORT_PROTECT_MARKER_BYTES   4u
#define PORT_PROTECT_PAUSE_GAP_PART 4u /* a gap over window / 4 ends a run */

_Static_assert((PORT_PROTECT_MAC_CONTROL_ETHERTYPE | PORT_PROTECT_ETHERTYPE_BITS) ==
                       PORT_PROTECT_ETHERTYPE_SET &&
                   (PORT_PROTECT_PROBE_ETHERTYPE | PORT_PROTECT_ETHERTYPE_BITS) ==
                       PORT_PROTECT_ETHERTYPE_SET,
               "port_protect_special_ethertype would miss one of the two ethertypes");

const char *port_protect_state_name(enum port_protect_state state)
{
    switch (state) {
    case PORT_PROTECT_OK:
        return "ok";
    case PORT_PROTECT_LOOP:
        return "loop_detected";
    case PORT_PROTECT_PAUSE_FLOOD:
        return "pause_flood";
    }
    return "unknown";
}

enum port_protect_mac_control port_protect_mac_control_kind(const uint8_t *frame, uint32_t length,
                                                            const struct frame_info *info)
{
    if (info->ethertype != PORT_PROTECT_MAC_CONTROL_ETHERTYPE ||
        length < (uint32_t)info->header_bytes + 2)
        return PORT_PROTECT_MAC_CONTROL_OTHER;
    switch (frame_read16(frame + info->header_bytes)) {
    case PORT_PROTECT_OPCODE_PAUSE:
        return PORT_PROTECT_MAC_CONTROL_PAUSE;
    case PORT_PROTECT_OPCODE_PFC:
        return PORT_PROTECT_MAC_CONTROL_PFC;
    default:
        return PORT_PROTECT_MAC_CONTROL_OTHER;
    }
}

size_t port_protect_probe_build(uint8_t *frame, size_t size, const uint8_t probe_mac[6],
                                unsigned slot, unsigned flexnic, uint16_t svid, uint32_t sequence)
{
    size_t length = svid == 0 ? PORT_PROTECT_PROBE_FRAME_BYTES : PORT_PROTECT_PROBE_TAGGED_BYTES;

    if (size < length || svid > DP_FLEXNICS_PER_PORT || flexnic >= DP_FLEXNICS_PER_PORT ||
        slot > UINT8_MAX)
        return 0;
    memset(frame, 0, length);
    size_t offset = frame_write_broadcast_header(frame, probe_mac, svid ? FRAME_TPID_STAG : 0,
                                                 svid, PORT_PROTECT_PROBE_ETHERTYPE);
    memcpy(frame + offset, PORT_PROTECT_MARKER, PORT_PROTECT_MARKER_BYTES);
    offset += PORT_PROTECT_MARKER_BYTES;
    frame[offset++] = PORT_PROTECT_PROBE_VERSION;
    frame[offset++] = (uint8_t)slot;
    frame[offset++] = (uint8_t)flexnic;
    frame[offset++] = 0;
    frame[offset++] = (uint8_t)(sequence >> 24);
    frame[offset++] = (uint8_t)(sequence >> 16);
    frame[offset++] = (uint8_t)(sequence >> 8);
    frame[offset] = (uint8_t)sequence;
    return length;
}

bool port_protect_probe_parse(const uint8_t *frame, uint32_t length, const struct frame_info *info,
                              const uint8_t probe_mac[6], struct port_protect_probe *probe)
{
    const uint8_t *payload = frame + info->header_bytes;

    if (info->ethertype != PORT_PROTECT_PROBE_ETHERTYPE ||
        length < (uint32_t)info->header_bytes + PORT_PROTECT_PROBE_PAYLOAD_BYTES ||
        memcmp(payload, PORT_PROTECT_MARKER, PORT_PROTECT_MARKER_BYTES) != 0 ||
        payload[4] != PORT_PROTECT_PROBE_VERSION || payload[6] >= DP_FLEXNICS_PER_PORT ||
        payload[7] != 0)
        return false;
    memcpy(probe->source_mac, info->source, 6);
    probe->from_this_module = memcmp(info->source, probe_mac, 6) == 0;
    probe->slot = payload[5];
    probe->flexnic = payload[6];
    probe->sequence = (uint32_t)payload[8] << 24 | (uint32_t)payload[9] << 16 |
                      (uint32_t)payload[10] << 8 | payload[11];
    return true;
}

void port_protect_pause_init(struct port_protect_pause *state)
{
    memset(state, 0, sizeof(*state));
}

bool port_protect_pause_step(struct port_protect_pause *state, uint64_t frames, uint64_t now_ns,
                             const struct dp_port_protect_config *config)
{
    uint64_t window_ns = (uint64_t)config->pause_window_ms * 1000000ull;
    uint64_t gap_ns = window_ns / PORT_PROTECT_PAUSE_GAP_PART;

    if (!state->started || frames < state->last_frames) {
        /* the first look (or a counter that started over): nothing known yet */
        state->started = true;
        state->running = false;
        state->last_frames = frames;
        state->last_seen_ns = now_ns;
        return false;
    }
    if (frames > state->last_frames) {
        if (!state->running || now_ns - state->last_seen_ns > gap_ns) {
            state->running = true;
            state->run_start_ns = now_ns;
            state->run_start_frames = state->last_frames;
        }
        state->last_seen_ns = now_ns;
        state->last_frames = frames;
    } else if (state->running && now_ns - state->last_seen_ns > gap_ns) {
        state->running = false;
    }
    /* measured to the last step that saw frames: they came to the end */
    if (!state->running || state->last_seen_ns - state->run_start_ns < window_ns ||
        frames - state->run_start_frames < config->pause_threshold)
        return false;
    state->running = false;
    return true;
}
