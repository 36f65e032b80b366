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
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define FRAME_ETHER_HEADER 14
#define FRAME_TAG_BYTES    4
#define FRAME_TPID_STAG    0x88a8
#define FRAME_TPID_CTAG    0x8100

enum frame_error {
    FRAME_OK = 0,
    FRAME_MALFORMED,  /* shorter than its Ethernet header or a tag it announces */
    FRAME_OVERSIZE,   /* longer than the configured maximum */
    FRAME_BAD_SOURCE, /* multicast/broadcast or all-zero source MAC */
};

struct frame_info {
    const uint8_t *destination;
    const uint8_t *source;
    bool has_stag;
    uint16_t svid; /* S-VID (12 bits) when has_stag */
    bool has_ctag;
    uint16_t cvid;         /* C-VID (12 bits) when has_ctag; 0 = priority tag */
    uint16_t ethertype;    /* after the parsed tags */
    uint16_t header_bytes; /* 12 + 4 per parsed tag + 2 */
    uint32_t length;       /* whole frame, without FCS */
};

static inline bool frame_is_multicast(const uint8_t *mac)
{
    return (mac[0] & 1) != 0; /* broadcast included */
}

static inline bool frame_is_broadcast(const uint8_t *mac)
{
    return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

/* frame_write_broadcast_header: at the start of `frame` (room for 18
 * bytes), the broadcast destination, `source`, a tag (`tpid` and its TCI)
 * unless tpid is 0, and `ethertype`. Returns the bytes written, 14 or 18.
 * The header of the frames the control thread makes (MAC cache, loop
 * probes). */
static inline size_t frame_write_broadcast_header(uint8_t *frame, const uint8_t source[6],
                                                  uint16_t tpid, uint16_t tci, uint16_t ethertype)
{
    size_t offset = 12;

    memset(frame, 0xff, 6);
    memcpy(frame + 6, source, 6);
    if (tpid != 0) {
        frame[offset++] = (uint8_t)(tpid >> 8);
        frame[offset++] = (uint8_t)(tpid & 0xff);
        frame[offset++] = (uint8_t)(tci >> 8);
        frame[offset++] = (uint8_t)(tci & 0xff);
    }
    frame[offset++] = (uint8_t)(ethertype >> 8);
    frame[offset++] = (uint8_t)(ethertype & 0xff);
    return offset;
}

/* Called for every received frame, so it reads a fixed number of bytes at
 * fixed offsets and never loops: at most one outer S-tag (0x88a8), then at
 * most one C-tag (0x8100), then the EtherType. Anything stacked deeper is
 * left in the payload (its TPID is reported as the EtherType). Inline, so
 * that the fast path keeps only what it reads of `info`.
 *
 * Checks, in this order: shorter than 14 bytes (MALFORMED), longer than the
 * maximum (OVERSIZE), shorter than an announced tag plus the EtherType after
 * it (MALFORMED), multicast/broadcast or all-zero source (BAD_SOURCE). */

/* frame_read16: the big-endian 16-bit value at `p`. */
static inline uint16_t frame_read16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

/* frame_parse: fill `info` from `length` bytes at `data`.
 * data:       the frame, starting at the destination MAC, without FCS
 * length:     bytes at `data`
 * max_length: the largest frame accepted
 * info:       filled on FRAME_OK (and partly on errors: length always,
 *             destination/source once the 14-byte header is there; the
 *             rest only for a runt, zero)
 * Returns FRAME_OK, FRAME_MALFORMED (runt, truncated tag), FRAME_OVERSIZE
 * (length > max_length) or FRAME_BAD_SOURCE. */
static inline enum frame_error frame_parse(const uint8_t *data, uint32_t length,
                                           uint32_t max_length, struct frame_info *info)
{
    info->length = length;
    if (length < FRAME_ETHER_HEADER) {
        info->destination = NULL;
        info->source = NULL;
        info->has_stag = false;
        info->has_ctag = false;
        info->svid = 0;
        info->cvid = 0;
        info->ethertype = 0;
        info->header_bytes = 0;
        return FRAME_MALFORMED;
    }
    const uint8_t *source = data + 6;
    info->destination = data;
    info->source = source;
    if (length > max_length)
        return FRAME_OVERSIZE;

    /* Each header shape its own path, at fixed offsets, and each field
     * stored once (callgrind: 45 -> 40 instructions a frame). */
    uint16_t type = frame_read16(data + 12);
    uint16_t header_bytes = FRAME_ETHER_HEADER;
    bool has_stag = false, has_ctag = false;
    uint16_t svid = 0, cvid = 0;
    if (type == FRAME_TPID_STAG) {
        if (length < FRAME_ETHER_HEADER + FRAME_TAG_BYTES)
            return FRAME_MALFORMED;
        has_stag = true;
        svid = frame_read16(data + 14) & 0x0fff;
        type = frame_read16(data + 16);
        header_bytes = FRAME_ETHER_HEADER + FRAME_TAG_BYTES;
        if (type == FRAME_TPID_CTAG) {
            if (length < FRAME_ETHER_HEADER + 2 * FRAME_TAG_BYTES)
                return FRAME_MALFORMED;
            has_ctag = true;
            cvid = frame_read16(data + 18) & 0x0fff;
            type = frame_read16(data + 20);
            header_bytes = FRAME_ETHER_HEADER + 2 * FRAME_TAG_BYTES;
        }
    } else if (type == FRAME_TPID_CTAG) {
        if (length < FRAME_ETHER_HEADER + FRAME_TAG_BYTES)
            return FRAME_MALFORMED;
        has_ctag = true;
        cvid = frame_read16(data + 14) & 0x0fff;
        type = frame_read16(data + 16);
        header_bytes = FRAME_ETHER_HEADER + FRAME_TAG_BYTES;
    }
    info->has_stag = has_stag;
    info->svid = svid;
    info->has_ctag = has_ctag;
    info->cvid = cvid;
    info->ethertype = type;
    info->header_bytes = header_bytes;

    /* the all-zero check in two loads instead of six */
    uint32_t source_high;
    uint16_t source_low;
    memcpy(&source_high, source, sizeof(source_high));
    memcpy(&source_low, source + 4, sizeof(source_low));
    if ((source[0] & 1) != 0 || (source_high | source_low) == 0)
        return FRAME_BAD_SOURCE;
    return FRAME_OK;
}

#endif
