/*
 * frame: parse the layer-2 header of one Ethernet frame (without FCS):
 * destination, source, an optional 802.1ad S-tag (TPID 0x88a8) and an
 * optional 802.1Q C-tag (TPID 0x8100) inside it, and the EtherType after
 * them. Pure: works on a byte buffer, never on an mbuf, so the fast path and
 * the unit tests and the fuzz harness all call the same code.
 *
 * Frames shorter than 60 bytes are accepted: software ports (veth, tap)
 * never pad. A frame too short for the header it announces is malformed.
 */
#ifndef OPENVC_DATAPLANE_FRAME_H
#define OPENVC_DATAPLANE_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#define FRAME_ETHER_HEADER 14
#define FRAME_TAG_BYTES    4
#define FRAME_TPID_STAG    0x88a8
#define FRAME_TPID_CTAG    0x8100

enum frame_error {
    FRAME_OK = 0,
    FRAME_MALFORMED,   /* shorter than its Ethernet header or a tag it announces */
    FRAME_OVERSIZE,    /* longer than the configured maximum */
    FRAME_BAD_SOURCE,  /* multicast/broadcast or all-zero source MAC */
};

struct frame_info {
    const uint8_t *destination;
    const uint8_t *source;
    bool has_stag;
    uint16_t svid;         /* S-VID (12 bits) when has_stag */
    bool has_ctag;
    uint16_t cvid;         /* C-VID (12 bits) when has_ctag; 0 = priority tag */
    uint16_t ethertype;    /* after the parsed tags */
    uint16_t header_bytes; /* 12 + 4 per parsed tag + 2 */
    uint32_t length;       /* whole frame, without FCS */
};

/* frame_parse: fill `info` from `length` bytes at `data`; `max_length` is the
 * largest frame accepted. Returns FRAME_OK or the reason to drop. */
enum frame_error frame_parse(const uint8_t *data, uint32_t length, uint32_t max_length,
                             struct frame_info *info);

static inline bool frame_is_multicast(const uint8_t *mac)
{
    return (mac[0] & 1) != 0; /* broadcast included */
}

#endif
