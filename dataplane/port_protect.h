/*
 * port_protect: network loop and pause flood protection of server ports,
 * the pure part (frames and decisions; no DPDK, no I/O).
 *
 * Network loop: the control thread sends, every `loop_interval_ms`, one
 * probe out of every FlexNIC of every server port (downlink): broadcast
 * destination, as source the module's probe MAC (locally administered,
 * made once at start), ethertype 0x88B6 (IEEE 802 local experimental 2),
 * then the marker "OVLP", a version, the port slot (runtime.h: stable for
 * a port name) and FlexNIC it left by, a zero byte and a sequence number. Nothing but a server can
 * send such a frame back into a server port (no module forwards probes), so a probe received on a
 * server port -- this module's or another OpenVC module's -- is a loop through the server side:
 * that port is disabled. Probes on uplinks are dropped and ignored (the upstream network is not our
 * loop).
 *
 * Pause flood: 802.3x MAC control frames (ethertype 0x8808) with opcode
 * PAUSE (0x0001) or PFC (0x0101) received on a server port are counted
 * (MAC control frames are never forwarded). A port whose pause frames keep
 * coming for a whole `pause_window_ms` -- no gap longer than a quarter of
 * the window, at least `pause_threshold` of them -- is disabled
 * (port_protect_pause_step).
 *
 * A disabled port stays disabled until dataplane.port_protect_reset.
 */
#ifndef OPENVC_DATAPLANE_PORT_PROTECT_H
#define OPENVC_DATAPLANE_PORT_PROTECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dataplane/config.h"
#include "dataplane/frame.h"

#define PORT_PROTECT_MAC_CONTROL_ETHERTYPE 0x8808u /* IEEE 802.3 MAC control */
#define PORT_PROTECT_PROBE_ETHERTYPE       0x88B6u /* IEEE 802 local experimental 2 */
#define PORT_PROTECT_ETHERTYPE_BITS        0x00BEu /* 0x8808 ^ 0x88B6 */
#define PORT_PROTECT_ETHERTYPE_SET         0x88BEu /* either of them | those bits */
#define PORT_PROTECT_OPCODE_PAUSE          0x0001u /* 802.3x PAUSE */
#define PORT_PROTECT_OPCODE_PFC            0x0101u /* 802.1Qbb priority-based flow control */
#define PORT_PROTECT_PROBE_VERSION         1u
#define PORT_PROTECT_PROBE_PAYLOAD_BYTES   12u /* "OVLP", version, slot, FlexNIC, 0, sequence */
#define PORT_PROTECT_PROBE_FRAME_BYTES  60u /* minimum frame without FCS */
#define PORT_PROTECT_PROBE_TAGGED_BYTES 64u /* with an S-tag */

/* Why a server port is disabled; 0 = it is not. */
enum port_protect_state {
    PORT_PROTECT_OK = 0,
    PORT_PROTECT_LOOP = 1,        /* a loop probe came back in */
    PORT_PROTECT_PAUSE_FLOOD = 2, /* pause frames for a whole window */
};

/* port_protect_state_name: "ok", "loop_detected", "pause_flood" ("unknown"
 * outside the enum). */
const char *port_protect_state_name(enum port_protect_state state);

/* port_protect_special_ethertype: may this be an ethertype the worker
 * hands to port protection (MAC control or a loop probe)? One compare a
 * frame, on the ethertype frame_parse already read: 0x8808 and 0x88B6
 * differ only in the bits of 0x00BE, so both are 0x88BE with those bits
 * set. A few other ethertypes of 0x88xx pass too (0x888E EAPOL, 0x88A8,
 * 0x88B8 GOOSE, ...): port_protect_mac_control_kind and
 * port_protect_probe_parse check exactly and hand them back. */
static inline bool port_protect_special_ethertype(uint16_t ethertype)
{
    return (ethertype | PORT_PROTECT_ETHERTYPE_BITS) == PORT_PROTECT_ETHERTYPE_SET;
}

/* What a MAC control frame asks. */
enum port_protect_mac_control {
    PORT_PROTECT_MAC_CONTROL_OTHER = 0, /* another opcode, or too short for one */
    PORT_PROTECT_MAC_CONTROL_PAUSE,
    PORT_PROTECT_MAC_CONTROL_PFC,
};

/* port_protect_mac_control_kind: the opcode of a parsed MAC control frame:
 * `frame` (`length` bytes), `info` from frame_parse with ethertype 0x8808.
 * Anything else (another ethertype, no room for the opcode) is OTHER. */
enum port_protect_mac_control port_protect_mac_control_kind(const uint8_t *frame, uint32_t length,
                                                            const struct frame_info *info);

/* Where a probe was sent from, as it says. */
struct port_protect_probe {
    uint8_t source_mac[6];
    bool from_this_module; /* source_mac is the module's own probe MAC */
    uint8_t slot;          /* the sender's port slot (meaningful to the sender only) */
    uint8_t flexnic;       /* 0..3 */
    uint32_t sequence;
};

/* port_protect_probe_build: the probe of this module (`probe_mac`) sent out
 * of port slot `slot`, FlexNIC `flexnic` (0..3), round `sequence`, into
 * `frame` (`size` bytes), inside an S-tag of `svid` when 1..4 (0 = none).
 * Returns the frame's length (60, or 64 with the S-tag), or 0 when `size`
 * is too small or an argument is out of range. */
size_t port_protect_probe_build(uint8_t *frame, size_t size, const uint8_t probe_mac[6],
                                unsigned slot, unsigned flexnic, uint16_t svid, uint32_t sequence);

/* port_protect_probe_parse: is the parsed frame (`frame`, `length` bytes,
 * `info` from frame_parse) an OpenVC loop probe? Fills `probe` (with
 * from_this_module against `probe_mac`) and returns true; false for any
 * other frame of ethertype 0x88B6 (marker, version, FlexNIC or the zero
 * byte wrong, or too short): those are ordinary frames. */
bool port_protect_probe_parse(const uint8_t *frame, uint32_t length, const struct frame_info *info,
                              const uint8_t probe_mac[6], struct port_protect_probe *probe);

/* The pause flood state of one server port: port_protect_pause_init()
 * before the first step. */
struct port_protect_pause {
    bool started;          /* `last_frames` holds a count */
    bool running;          /* pause frames are coming */
    uint64_t last_frames;  /* the port's pause frame count at the last step */
    uint64_t last_seen_ns; /* when the count last grew */
    uint64_t run_start_ns; /* when the current run of pause frames began */
    uint64_t run_start_frames;
};

void port_protect_pause_init(struct port_protect_pause *state);

/* port_protect_pause_step: the port has received `frames` pause frames in
 * all (a counter that only grows; a smaller value restarts the count) at
 * `now_ns`. Returns true when they have kept coming for the whole window
 * of `config` (a run with no step-to-step gap longer than a quarter of
 * pause_window_ms, pause_window_ms long, at least pause_threshold frames):
 * the port is flooded; the state starts over. */
bool port_protect_pause_step(struct port_protect_pause *state, uint64_t frames, uint64_t now_ns,
                             const struct dp_port_protect_config *config);

#endif
