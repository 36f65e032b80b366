/*
 * worker: the run-to-completion fast path of one worker lcore.
 *
 * rx burst of 32 from each port this worker polls -> parse -> classify
 * (FlexNIC or uplink, vNet) -> ingress meter -> learn -> look up -> tags
 * rewritten -> egress scheduler toward server ports -> per-port tx buffer
 * -> tx burst. Broadcast, multicast and unknown unicast are flooded inside
 * the vNet only. Frames of the MAC control and loop probe ethertypes go to
 * port protection (port_protect.h) before classification, and a server port
 * it disabled drops what it receives and what is sent to it. The
 * configuration is read through one pointer to an
 * immutable view; the worker reports a quiescent state once per loop so
 * the control thread can free replaced views.
 *
 * What is the same for many frames is done once: a burst comes from one
 * port, and its frames mostly carry the same tags and go the same way, so
 * the worker keeps the last classification (per burst) and the last egress
 * checks and tags (per loop: one view, link state read once), and adds the
 * frames' counters up in its own memory, writing each counter once a burst.
 */
#include <string.h>
#include <unistd.h>

#include <rte_branch_prediction.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_prefetch.h>

#include "common/clock.h"
#include "dataplane/classify.h"
#include "dataplane/frame.h"
#include "dataplane/port_protect.h"
#include "dataplane/runtime.h"

/* Frames up to this size are copied for each flood destination; larger ones
 * get a private header segment over a shared clone of the payload. */
#define WORKER_COPY_MAX_BYTES 256
/* How often a second the worker reads the clock for the MAC table's
 * seconds (a clock_gettime per poll loop was about 1/60 of a frame's cost
 * under load; the MAC times are whole seconds). */
#define WORKER_CLOCK_READS_PER_S 64
/* Frames whose data is prefetched ahead of the one being classified. */
#define WORKER_PREFETCH_AHEAD 4

static struct dp_runtime *runtime;

void worker_set_runtime(struct dp_runtime *rt)
{
    runtime = rt;
}

struct worker_tx_buffer {
    uint16_t count;
    bool listed;    /* in worker_context.dirty */
    uint64_t bytes; /* pkt_len of packets[0..count) */
    struct rte_mbuf *packets[DP_BURST * 2];
};

/* Traffic not yet added to a counter: a burst adds it up in the worker's
 * own memory and writes each counter once. */
struct worker_tally {
    uint64_t packets;
    uint64_t bytes;
};

static inline void worker_tally_add(struct worker_tally *tally, uint32_t bytes)
{
    tally->packets++;
    tally->bytes += bytes;
}

/* worker_tally_flush: add `tally` to the rx (rx = true) or tx side of
 * `counters` and empty it. */
static inline void worker_tally_flush(struct worker_tally *tally,
                                      struct dp_traffic_counters *counters, bool rx)
{
    if (tally->packets == 0)
        return;
    if (rx) {
        counters->rx_packets += tally->packets;
        counters->rx_bytes += tally->bytes;
    } else {
        counters->tx_packets += tally->packets;
        counters->tx_bytes += tally->bytes;
    }
    tally->packets = 0;
    tally->bytes = 0;
}

/* worker_tag: a 4-byte tag (TPID, then the VID with priority 0) as it is
 * in memory, network order. */
static inline uint32_t worker_tag(uint16_t tpid, uint16_t vid)
{
    return rte_cpu_to_be_32(((uint32_t)tpid << 16) | vid);
}

/* The tags a way out pushes: an S-tag and/or a C-tag, outer first, as the
 * bytes go after the MAC addresses (made once per way, worker_egress_prepare). */
struct worker_push {
    uint8_t bytes; /* 0, 4 or 8 */
    uint32_t tags[2];
};

/* worker_push_make: the tags of `tags` as pushed. */
static inline void worker_push_make(const struct classify_egress_tags *tags,
                                    struct worker_push *push)
{
    unsigned n = 0;
    if (tags->svid)
        push->tags[n++] = worker_tag(FRAME_TPID_STAG, tags->svid);
    if (tags->cvid)
        push->tags[n++] = worker_tag(FRAME_TPID_CTAG, tags->cvid);
    push->bytes = (uint8_t)(n * FRAME_TAG_BYTES);
}

/* The way out of the last frame sent (port, FlexNIC, vNet), with what
 * worker_output checked for it: the frames after it mostly go the same way.
 * Valid for one poll loop (one view); link state is read once per loop. */
struct worker_egress {
    uint32_t way; /* worker_egress_way() of port, FlexNIC, vNet; WORKER_EGRESS_NONE */
    uint8_t port;
    uint8_t flexnic;
    uint16_t vnet;
    enum dp_drop_reason drop; /* PORT_DOWN or NO_VNET, else NONE: it goes out */
    uint8_t slot;
    bool downlink;
    bool scheduled; /* a downlink with an egress scheduler: frames wait in pending */
    struct worker_push push;
    struct worker_tally flexnic_tx; /* downlinks only */
    struct worker_tally vnet_tx;
    /* frames for the scheduler, admitted together (worker_egress_admit) */
    uint8_t pending_ingress_slot; /* where they all came in, for drops */
    uint16_t n_pending;
    uint32_t pending_wire_bytes;
    uint64_t pending_bytes;
    struct rte_mbuf *pending[DP_BURST];
};

/* worker_egress.way when it holds nothing */
#define WORKER_EGRESS_NONE UINT32_MAX

/* worker_egress_way: port, FlexNIC and vNet in one word, compared at once
 * (vNet ids are below 2^12, so never WORKER_EGRESS_NONE). */
static inline uint32_t worker_egress_way(unsigned port, unsigned flexnic, uint16_t vnet)
{
    return (uint32_t)port | (uint32_t)flexnic << 8 | (uint32_t)vnet << 16;
}

struct worker_context {
    unsigned index;
    struct dp_worker_counters *counters;
    const struct dp_view *view;
    const struct dp_config *config;
    uint32_t now_s;          /* clock_now_s(), read WORKER_CLOCK_READS_PER_S times a second */
    uint64_t clock_read_tsc; /* the TSC when it was last read */
    uint64_t clock_read_interval_tsc;
    uint64_t now_tsc;
    struct worker_egress egress;
    uint16_t uplink_vnet; /* worker_active_uplink's last vNet this loop, or NONE */
    int uplink_port;      /* and its answer */
    struct worker_tx_buffer tx[DP_MAX_PORTS]; /* by slot */
    uint8_t dirty[DP_MAX_PORTS];              /* slots with frames waiting */
    unsigned n_dirty;
    bool shared_egress;                       /* several workers: lock schedulers */
};

static inline void worker_drop(struct worker_context *ctx, struct rte_mbuf *packet,
                               enum dp_drop_reason reason, unsigned ingress_slot)
{
    ctx->counters->drops[reason]++;
    if (ingress_slot < DP_MAX_PORTS)
        ctx->counters->port_drops[ingress_slot]++;
    rte_pktmbuf_free(packet);
}

static void worker_flush_slot(struct worker_context *ctx, unsigned slot)
{
    struct worker_tx_buffer *buffer = &ctx->tx[slot];
    struct dp_port_slot *port = &runtime->slots[slot];
    uint16_t queue = port->tx_shared ? (uint16_t)(ctx->index % port->n_tx_queues)
                                     : (uint16_t)ctx->index;
    uint16_t sent = 0;

    if (buffer->count == 0)
        return;
    if (port->tx_shared)
        rte_spinlock_lock(&port->tx_lock);
    /* a few retries absorb a momentarily full ring without blocking */
    for (int attempt = 0; attempt < 4 && sent < buffer->count; attempt++)
        sent += rte_eth_tx_burst(port->port_id, queue, buffer->packets + sent,
                                 (uint16_t)(buffer->count - sent));
    if (port->tx_shared)
        rte_spinlock_unlock(&port->tx_lock);
    uint64_t bytes = buffer->bytes;
    for (uint16_t i = sent; i < buffer->count; i++) {
        bytes -= buffer->packets[i]->pkt_len;
        ctx->counters->drops[DP_DROP_TX_FULL]++;
        rte_pktmbuf_free(buffer->packets[i]);
    }
    ctx->counters->port[slot].tx_packets += sent;
    ctx->counters->port[slot].tx_bytes += bytes;
    buffer->count = 0;
    buffer->bytes = 0;
}

/* worker_tx_queue: put `packet` (`length` bytes) in the tx buffer of
 * `slot`, sending the buffer when it is full. */
static inline void worker_tx_queue(struct worker_context *ctx, unsigned slot,
                                   struct rte_mbuf *packet, uint32_t length)
{
    struct worker_tx_buffer *buffer = &ctx->tx[slot];
    if (!buffer->listed) {
        buffer->listed = true;
        ctx->dirty[ctx->n_dirty++] = (uint8_t)slot;
    }
    buffer->packets[buffer->count++] = packet;
    buffer->bytes += length;
    if (buffer->count == RTE_DIM(buffer->packets))
        worker_flush_slot(ctx, slot);
}

/* worker_move_macs: move the 12 bytes of MAC addresses at `from` to `to`
 * (4 or 8 bytes apart, overlapping): both loads before the stores, so one
 * 8-byte and one 4-byte move instead of a memmove call. */
static inline void worker_move_macs(uint8_t *to, const uint8_t *from)
{
    uint64_t head;
    uint32_t tail;
    memcpy(&head, from, sizeof(head));
    memcpy(&tail, from + 8, sizeof(tail));
    memcpy(to, &head, sizeof(head));
    memcpy(to + 8, &tail, sizeof(tail));
}

/* worker_push_tags: insert the way's tags after the MAC addresses. */
static inline int worker_push_tags(struct rte_mbuf *packet, const struct worker_push *push)
{
    unsigned bytes = push->bytes;
    uint8_t *data;

    if (bytes == 0)
        return 0;
    data = (uint8_t *)rte_pktmbuf_prepend(packet, (uint16_t)bytes);
    if (data == NULL)
        return -1;
    worker_move_macs(data, data + bytes);
    memcpy(data + 12, &push->tags[0], FRAME_TAG_BYTES);
    if (bytes > FRAME_TAG_BYTES)
        memcpy(data + 12 + FRAME_TAG_BYTES, &push->tags[1], FRAME_TAG_BYTES);
    return 0;
}

/* worker_active_uplink: the first uplink of the vNet with link up; the
 * answer is kept for the rest of the poll loop (one view, link state read
 * once a loop). */
static inline int worker_active_uplink(struct worker_context *ctx, uint16_t vnet_id,
                                       const struct dp_vnet_config *vnet)
{
    if (likely(ctx->uplink_vnet == vnet_id))
        return ctx->uplink_port;
    int active = -1;
    for (uint16_t i = 0; i < vnet->n_uplink_ports; i++) {
        unsigned port = vnet->uplink_ports[i];
        unsigned slot = ctx->view->slot_of_port[port];
        if (ctx->config->ports[port].enabled &&
            atomic_load_explicit(&runtime->slots[slot].link_up, memory_order_relaxed)) {
            active = (int)port;
            break;
        }
    }
    ctx->uplink_vnet = vnet_id;
    ctx->uplink_port = active;
    return active;
}

/* worker_egress_admit: decide the frames waiting for the port's egress
 * scheduler, in the order they came: all at once when all of them conform
 * (egress_scheduler_admit_all), else one by one; queue those that pass,
 * drop the others. Returns whether the last one passed (false when none
 * waited). */
static __attribute__((noinline)) bool worker_egress_admit(struct worker_context *ctx)
{
    struct worker_egress *egress = &ctx->egress;
    unsigned n = egress->n_pending, slot = egress->slot;
    struct dp_port_slot *port_slot = &runtime->slots[slot];
    uint64_t egress_generation = ctx->view->egress_generation[slot];
    enum egress_verdict verdicts[DP_BURST];
    bool all;

    if (n == 0)
        return false;
    egress->n_pending = 0;
    if (ctx->shared_egress)
        rte_spinlock_lock(&port_slot->egress_lock);
    if (unlikely(port_slot->egress_generation != egress_generation)) {
        port_slot->egress = ctx->view->egress_template[slot];
        port_slot->egress_generation = egress_generation;
    }
    all = egress_scheduler_admit_all(&port_slot->egress, egress->flexnic,
                                     egress->pending_wire_bytes, ctx->now_tsc);
    if (!all) {
        for (unsigned i = 0; i < n; i++)
            verdicts[i] = egress_scheduler_admit(
                &port_slot->egress, egress->flexnic,
                token_bucket_wire_bytes(egress->pending[i]->pkt_len), ctx->now_tsc);
    }
    if (ctx->shared_egress)
        rte_spinlock_unlock(&port_slot->egress_lock);
    egress->pending_wire_bytes = 0;

    if (likely(all)) {
        egress->flexnic_tx.packets += n;
        egress->flexnic_tx.bytes += egress->pending_bytes;
        egress->vnet_tx.packets += n;
        egress->vnet_tx.bytes += egress->pending_bytes;
        egress->pending_bytes = 0;
        for (unsigned i = 0; i < n; i++)
            worker_tx_queue(ctx, slot, egress->pending[i], egress->pending[i]->pkt_len);
        return true;
    }
    egress->pending_bytes = 0;
    for (unsigned i = 0; i < n; i++) {
        struct rte_mbuf *packet = egress->pending[i];
        if (verdicts[i] != EGRESS_PASS) {
            worker_drop(ctx, packet,
                        verdicts[i] == EGRESS_DROP_RATE_LIMIT ? DP_DROP_RATE_LIMIT
                                                              : DP_DROP_CONGESTION,
                        egress->pending_ingress_slot);
            continue;
        }
        worker_tally_add(&egress->flexnic_tx, packet->pkt_len);
        worker_tally_add(&egress->vnet_tx, packet->pkt_len);
        worker_tx_queue(ctx, slot, packet, packet->pkt_len);
    }
    return verdicts[n - 1] == EGRESS_PASS;
}

/* worker_egress_flush: decide the waiting frames, and add the egress
 * tallies to the counters. */
static void worker_egress_flush(struct worker_context *ctx)
{
    struct worker_egress *egress = &ctx->egress;
    if (egress->way == WORKER_EGRESS_NONE || egress->drop != DP_DROP_NONE)
        return;
    worker_egress_admit(ctx);
    if (egress->downlink)
        worker_tally_flush(&egress->flexnic_tx,
                           &ctx->counters->flexnic[egress->slot][egress->flexnic], false);
    worker_tally_flush(&egress->vnet_tx, &ctx->counters->vnet[egress->vnet], false);
}

/* worker_egress_prepare: make ctx->egress the way out of config port
 * `port`, FlexNIC `flexnic`, for vNet `vnet`: is the port up, does it
 * carry the vNet, with which tags. */
static void worker_egress_prepare(struct worker_context *ctx, unsigned port, unsigned flexnic,
                                  uint16_t vnet)
{
    struct worker_egress *egress = &ctx->egress;
    const struct dp_port_config *port_config = &ctx->config->ports[port];
    unsigned slot = ctx->view->slot_of_port[port];
    struct classify_egress_tags tags = {0, 0};

    worker_egress_flush(ctx);
    egress->way = worker_egress_way(port, flexnic, vnet);
    egress->port = (uint8_t)port;
    egress->flexnic = (uint8_t)flexnic;
    egress->vnet = vnet;
    egress->slot = (uint8_t)slot;
    egress->downlink = port_config->role == DP_PORT_DOWNLINK;
    egress->scheduled = egress->downlink && ctx->view->egress_generation[slot] != 0;
    if (!port_config->enabled ||
        !atomic_load_explicit(&runtime->slots[slot].link_up, memory_order_relaxed))
        egress->drop = DP_DROP_PORT_DOWN;
    else if (atomic_load_explicit(&runtime->slots[slot].protect_state, memory_order_relaxed))
        egress->drop = DP_DROP_PORT_PROTECT;
    else if (!classify_egress(ctx->config, port, flexnic, vnet, &tags))
        egress->drop = DP_DROP_NO_VNET;
    else
        egress->drop = DP_DROP_NONE;
    worker_push_make(&tags, &egress->push);
}

/* worker_output: send `packet` (tags already stripped) of vNet `vnet` out of
 * config port `port`, FlexNIC `flexnic`. Takes ownership of the packet.
 * Toward a port with an egress scheduler the frame waits in
 * ctx->egress.pending, to be admitted with the others of its way
 * (worker_egress_admit: once the way changes, the batch is full, or the
 * burst it came in ends, so that all came in on one port); returns whether it was
 * queued or is waiting, false when dropped.
 * Inline: known unicast calls it once a frame (callgrind, with the one-word
 * compare of the way out: 575 -> 559 instructions a frame); floods call worker_output_flooded(). */
static inline __attribute__((always_inline)) bool
worker_output(struct worker_context *ctx, struct rte_mbuf *packet, unsigned port, unsigned flexnic,
              uint16_t vnet, unsigned ingress_slot)
{
    struct worker_egress *egress = &ctx->egress;

    if (unlikely(egress->way != worker_egress_way(port, flexnic, vnet)))
        worker_egress_prepare(ctx, port, flexnic, vnet);
    if (unlikely(egress->drop != DP_DROP_NONE)) {
        worker_drop(ctx, packet, egress->drop, ingress_slot);
        return false;
    }
    if (unlikely(worker_push_tags(packet, &egress->push) < 0)) {
        worker_drop(ctx, packet, DP_DROP_NO_BUFFER, ingress_slot);
        return false;
    }
    uint32_t length = packet->pkt_len;
    if (egress->scheduled) {
        egress->pending_ingress_slot = (uint8_t)ingress_slot;
        egress->pending[egress->n_pending++] = packet;
        egress->pending_wire_bytes += token_bucket_wire_bytes(length);
        egress->pending_bytes += length;
        if (unlikely(egress->n_pending == DP_BURST))
            worker_egress_admit(ctx);
        return true;
    }
    if (egress->downlink)
        worker_tally_add(&egress->flexnic_tx, length);
    worker_tally_add(&egress->vnet_tx, length);
    worker_tx_queue(ctx, egress->slot, packet, length);
    return true;
}

/* What a flooded frame's destination is, for the group counters. */
enum worker_group { WORKER_UNICAST, WORKER_MULTICAST, WORKER_BROADCAST };

static inline enum worker_group worker_group_of(const struct rte_mbuf *packet)
{
    const uint8_t *destination = rte_pktmbuf_mtod(packet, const uint8_t *);
    return !frame_is_multicast(destination)  ? WORKER_UNICAST
           : frame_is_broadcast(destination) ? WORKER_BROADCAST
                                             : WORKER_MULTICAST;
}

/* worker_count_group: one frame to a group address into the counters of
 * `slot` (and of its FlexNIC when `flexnic` is one), rx or tx. */
static void worker_count_group(struct worker_context *ctx, enum worker_group group, unsigned slot,
                               int flexnic, bool rx)
{
    struct dp_group_counters *counters[2] = {
        &ctx->counters->port_group[slot],
        flexnic >= 0 ? &ctx->counters->flexnic_group[slot][flexnic] : NULL};

    for (unsigned i = 0; i < 2 && counters[i] != NULL; i++) {
        if (group == WORKER_BROADCAST)
            ++*(rx ? &counters[i]->rx_broadcast : &counters[i]->tx_broadcast);
        else
            ++*(rx ? &counters[i]->rx_multicast : &counters[i]->tx_multicast);
    }
}

/* worker_output_flooded: worker_output() out of line, for the copies of a
 * flood, decided at once (with the frames waiting before it), counting
 * those of a group destination when they are queued. */
static __attribute__((noinline)) void worker_output_flooded(struct worker_context *ctx,
                                                            struct rte_mbuf *packet, unsigned port,
                                                            unsigned flexnic, uint16_t vnet,
                                                            unsigned ingress_slot,
                                                            enum worker_group group)
{
    bool queued = worker_output(ctx, packet, port, flexnic, vnet, ingress_slot);
    if (queued && ctx->egress.n_pending != 0)
        queued = worker_egress_admit(ctx); /* this copy is the last waiting */
    if (queued && group != WORKER_UNICAST)
        worker_count_group(ctx, group, ctx->egress.slot, ctx->egress.downlink ? (int)flexnic : -1,
                           false);
}

/* worker_replicate: a copy of `packet` that can take its own tags: a full
 * copy for small frames; for large ones a fresh header segment holding the
 * MACs, chained before an indirect clone of the rest. NULL when out of
 * buffers. */
static struct rte_mbuf *worker_replicate(struct rte_mbuf *packet)
{
    struct rte_mempool *pool = runtime->pool;

    if (packet->pkt_len <= WORKER_COPY_MAX_BYTES || packet->data_len < 12)
        return rte_pktmbuf_copy(packet, pool, 0, UINT32_MAX);

    struct rte_mbuf *header = rte_pktmbuf_alloc(pool);
    if (header == NULL)
        return NULL;
    struct rte_mbuf *payload = rte_pktmbuf_clone(packet, pool);
    if (payload == NULL) {
        rte_pktmbuf_free(header);
        return NULL;
    }
    char *macs = rte_pktmbuf_append(header, 12);
    memcpy(macs, rte_pktmbuf_mtod(packet, const char *), 12);
    rte_pktmbuf_adj(payload, 12);
    if (rte_pktmbuf_chain(header, payload) != 0) {
        rte_pktmbuf_free(header);
        rte_pktmbuf_free(payload);
        return NULL;
    }
    header->port = packet->port;
    return header;
}

/* worker_flood: send to every member of the vNet but the ingress one, and to
 * the active uplink unless the frame came from an uplink. Private vNets
 * flood from a server to the uplink only. */
static void worker_flood(struct worker_context *ctx, struct rte_mbuf *packet,
                         const struct dp_vnet_config *vnet, uint16_t vnet_id, unsigned in_port,
                         unsigned in_flexnic, bool from_uplink, unsigned ingress_slot)
{
    struct {
        uint8_t port, flexnic;
    } targets[DP_MAX_PORTS * DP_FLEXNICS_PER_PORT + 1];
    unsigned n_targets = 0;

    if (!from_uplink) {
        int uplink = worker_active_uplink(ctx, vnet_id, vnet);
        if (uplink >= 0) {
            targets[n_targets].port = (uint8_t)uplink;
            targets[n_targets++].flexnic = 0;
        }
    }
    if (!(vnet->private_network && !from_uplink)) {
        for (uint16_t i = 0; i < vnet->n_members; i++) {
            const struct dp_flood_member *member = &vnet->members[i];
            if (member->port == in_port && member->flexnic == in_flexnic && !from_uplink)
                continue;
            targets[n_targets].port = member->port;
            targets[n_targets++].flexnic = member->flexnic;
        }
    }
    if (n_targets == 0) {
        worker_drop(ctx, packet, from_uplink ? DP_DROP_NO_VNET : DP_DROP_NO_UPLINK,
                    ingress_slot);
        return;
    }
    enum worker_group group = worker_group_of(packet);
    for (unsigned i = 0; i + 1 < n_targets; i++) {
        struct rte_mbuf *copy = worker_replicate(packet);
        if (copy == NULL) {
            ctx->counters->drops[DP_DROP_NO_BUFFER]++;
            continue;
        }
        worker_output_flooded(ctx, copy, targets[i].port, targets[i].flexnic, vnet_id, ingress_slot,
                              group);
    }
    worker_output_flooded(ctx, packet, targets[n_targets - 1].port, targets[n_targets - 1].flexnic,
                          vnet_id, ingress_slot, group);
}

/* worker_strip_tags: remove `bytes` of tags that follow the MAC addresses. */
static inline void worker_strip_tags(struct rte_mbuf *packet, unsigned bytes)
{
    uint8_t *data = rte_pktmbuf_mtod(packet, uint8_t *);
    worker_move_macs(data + bytes, data);
    rte_pktmbuf_adj(packet, (uint16_t)bytes);
}

/* One rx burst: its ingress port, the last classification (the frames of a
 * burst mostly carry the same tags) and the rx counters it adds up. */
struct worker_burst {
    unsigned port;
    unsigned slot;
    bool from_uplink;
    bool classified; /* `tags` and `class` hold a classification */
    uint32_t tags;   /* worker_tags_key() of the last classified frame */
    struct classify_result class;
    /* the ingress meters, from a server port: wire bytes of the frames of
     * each FlexNIC, metered together (worker_meter_burst); the FlexNICs
     * whose frames are metered one by one */
    uint32_t meter_wire_bytes[DP_FLEXNICS_PER_PORT];
    uint8_t meter_each;
    uint32_t run; /* worker_run_of() the frames of run_rx, WORKER_RUN_NONE: empty */
    struct worker_tally run_rx;
};

/* worker_tags_key: what classify_ingress reads of a frame, in 32 bits. */
static inline uint32_t worker_tags_key(const struct frame_info *info)
{
    return (uint32_t)info->has_stag << 31 | (uint32_t)info->svid << 16 |
           (uint32_t)info->has_ctag << 15 | info->cvid;
}

/* A run of frames is those of one classification's vNet, FlexNIC and tag
 * bytes to strip: the first four bytes of a struct classify_result, read
 * as one word. */
_Static_assert(offsetof(struct classify_result, vnet) == 0 &&
                   offsetof(struct classify_result, flexnic) == 2 &&
                   offsetof(struct classify_result, strip_bytes) == 3,
               "a run is the first word of a classification");
#define WORKER_RUN_NONE UINT32_MAX /* DP_VNET_NONE is no vNet of a run */

static inline uint32_t worker_run_of(const struct classify_result *class)
{
    uint32_t run;
    memcpy(&run, class, sizeof(run));
    return run;
}

/* worker_run_class: the vNet, FlexNIC and strip bytes of run word `run`. */
static inline struct classify_result worker_run_class(uint32_t run)
{
    struct classify_result class = {0};
    memcpy(&class, &run, sizeof(run));
    return class;
}

/* worker_burst_flush_run: add the run of frames of one FlexNIC and vNet to
 * their counters and to the port's. */
static void worker_burst_flush_run(struct worker_context *ctx, struct worker_burst *burst)
{
    if (burst->run == WORKER_RUN_NONE)
        return;
    struct classify_result run = worker_run_class(burst->run);
    struct dp_traffic_counters *port = &ctx->counters->port[burst->slot];
    port->rx_packets += burst->run_rx.packets;
    port->rx_bytes += burst->run_rx.bytes;
    if (!burst->from_uplink) {
        struct dp_traffic_counters *flexnic = &ctx->counters->flexnic[burst->slot][run.flexnic];
        flexnic->rx_packets += burst->run_rx.packets;
        flexnic->rx_bytes += burst->run_rx.bytes;
    }
    worker_tally_flush(&burst->run_rx, &ctx->counters->vnet[run.vnet], true);
    burst->run = WORKER_RUN_NONE;
}

/* One received frame between the two passes over a burst. */
struct worker_frame {
    struct rte_mbuf *packet;
    struct classify_result result;
    bool multicast;               /* group destination: flooded, never looked up */
    /* the MACs hashed once in the first pass (stripping tags moves them) */
    struct fdb_probe source;
    struct fdb_probe destination; /* unused when multicast */
};

/* worker_protect: a frame of a port protection ethertype (MAC control or
 * loop probe, port_protect.h): MAC control frames are dropped, PAUSE and
 * PFC counted on server ports; a loop probe is dropped and, on a server
 * port, handed to the control thread. Returns false when it is neither
 * (an ordinary frame of ethertype 0x88B6), true when it was consumed. */
static __attribute__((noinline)) bool worker_protect(struct worker_context *ctx,
                                                     struct worker_burst *burst,
                                                     struct rte_mbuf *packet,
                                                     const struct frame_info *info)
{
    const uint8_t *data = rte_pktmbuf_mtod(packet, const uint8_t *);
    struct port_protect_probe probe;

    if (info->ethertype == PORT_PROTECT_MAC_CONTROL_ETHERTYPE) {
        if (!burst->from_uplink && port_protect_mac_control_kind(data, packet->data_len, info) !=
                                       PORT_PROTECT_MAC_CONTROL_OTHER)
            ctx->counters->pause_frames[burst->slot]++;
        worker_drop(ctx, packet, DP_DROP_MAC_CONTROL, burst->slot);
        return true;
    }
    if (!port_protect_probe_parse(data, packet->data_len, info, runtime->probe_mac, &probe))
        return false;
    if (!burst->from_uplink) {
        /* the FlexNIC it came in on: the S-VID on a partitioned port */
        unsigned in_flexnic = ctx->config->ports[burst->port].partitioned && info->has_stag &&
                                      info->svid >= 1 && info->svid <= DP_FLEXNICS_PER_PORT
                                  ? info->svid - 1u
                                  : 0;
        ctx->counters->loop_probes[burst->slot]++;
        atomic_store_explicit(
            &runtime->slots[burst->slot].loop_hit,
            runtime_loop_hit_word(in_flexnic, probe.from_this_module, probe.slot, probe.flexnic),
            memory_order_relaxed);
    }
    worker_drop(ctx, packet, DP_DROP_LOOP_PROBE, burst->slot);
    return true;
}

/* worker_classify: parse and classify one frame; false (and the frame
 * dropped and counted) when it goes no further. Starts loading the MAC
 * table buckets the second pass will need. */
static bool worker_classify(struct worker_context *ctx, struct worker_burst *burst,
                            struct rte_mbuf *packet, struct worker_frame *frame)
{
    const struct dp_config *config = ctx->config;
    struct frame_info info;
    enum frame_error error;

    if (unlikely(packet->pkt_len > config->max_frame_bytes)) {
        worker_drop(ctx, packet, DP_DROP_OVERSIZE, burst->slot);
        return false;
    }
    /* the length is checked above (pkt_len: all segments); no second check */
    error = frame_parse(rte_pktmbuf_mtod(packet, const uint8_t *), packet->data_len, UINT32_MAX,
                        &info);
    if (unlikely(error != FRAME_OK)) {
        worker_drop(ctx, packet,
                    error == FRAME_OVERSIZE     ? DP_DROP_OVERSIZE
                    : error == FRAME_BAD_SOURCE ? DP_DROP_BAD_SOURCE
                                                : DP_DROP_MALFORMED,
                    burst->slot);
        return false;
    }
    if (unlikely(port_protect_special_ethertype(info.ethertype)) &&
        worker_protect(ctx, burst, packet, &info))
        return false;
    uint32_t tags = worker_tags_key(&info);
    if (unlikely(!burst->classified || burst->tags != tags)) {
        classify_ingress(config, burst->port, &info, &burst->class);
        burst->classified = true;
        burst->tags = tags;
    }
    memcpy(&frame->result, &burst->class, sizeof(frame->result)); /* one 8-byte move */
    if (unlikely(frame->result.drop != DP_DROP_NONE)) {
        worker_drop(ctx, packet, frame->result.drop, burst->slot);
        return false;
    }
    frame->packet = packet;
    frame->multicast = frame_is_multicast(info.destination);
    if (!burst->from_uplink)
        burst->meter_wire_bytes[frame->result.flexnic] += token_bucket_wire_bytes(packet->pkt_len);
    fdb_probe_prefetch(runtime->fdb, frame->result.vnet, info.source, &frame->source);
    if (!frame->multicast)
        fdb_probe_prefetch(runtime->fdb, frame->result.vnet, info.destination,
                           &frame->destination);
    return true;
}

/* worker_meter_take: take wire_bytes from the ingress meter of FlexNIC
 * `flexnic` of server port slot `slot`, which has one (a non-zero
 * generation in the view); false when it lacks them. */
static bool worker_meter_take(struct worker_context *ctx, unsigned slot, unsigned flexnic,
                              uint32_t wire_bytes)
{
    uint64_t generation = ctx->view->ingress_generation[slot][flexnic];
    struct dp_port_slot *port_slot = &runtime->slots[slot];
    const struct token_bucket_profile *profile = &ctx->view->ingress_profile[slot][flexnic];
    struct token_bucket *bucket = &port_slot->ingress_bucket[flexnic];
    if (unlikely(port_slot->ingress_bucket_generation[flexnic] != generation)) {
        token_bucket_init(bucket, profile, ctx->now_tsc);
        port_slot->ingress_bucket_generation[flexnic] = generation;
    }
    return token_bucket_take(bucket, profile, ctx->now_tsc, wire_bytes);
}

/* worker_meter_burst: the ingress meters of a burst from a server port.
 * The frames of a FlexNIC pass its meter all together when it holds their
 * total (one frame after another, the k-th passes when the meter holds the
 * first k's bytes: the same outcome); otherwise each is metered in the
 * second pass (burst->meter_each). */
static void worker_meter_burst(struct worker_context *ctx, struct worker_burst *burst)
{
    for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
        uint32_t total = burst->meter_wire_bytes[f];
        if (total == 0 || ctx->view->ingress_generation[burst->slot][f] == 0)
            continue;
        if (!worker_meter_take(ctx, burst->slot, f, total))
            burst->meter_each |= (uint8_t)(1u << f);
    }
}

/* worker_forward: meter, learn, look up, rewrite and send one classified frame. */
static void worker_forward(struct worker_context *ctx, struct worker_burst *burst,
                           struct worker_frame *frame)
{
    const struct dp_config *config = ctx->config;
    struct rte_mbuf *packet = frame->packet;
    const struct classify_result *class = &frame->result;
    uint32_t length = packet->pkt_len;
    unsigned in_port = burst->port, in_slot = burst->slot;
    bool from_uplink = burst->from_uplink;

    if (unlikely(burst->meter_each != 0) && (burst->meter_each >> class->flexnic & 1) &&
        !worker_meter_take(ctx, in_slot, class->flexnic, token_bucket_wire_bytes(length))) {
        worker_drop(ctx, packet, DP_DROP_RATE_LIMIT, in_slot);
        return;
    }
    const struct dp_vnet_config *vnet = &config->vnets[class->vnet];
    /* one active uplink per vNet: what the standby ones receive would loop
     * or arrive twice (upstream floods reach every uplink) */
    if (from_uplink && vnet->n_uplink_ports > 1 &&
        worker_active_uplink(ctx, class->vnet, vnet) != (int)in_port) {
        worker_drop(ctx, packet, DP_DROP_STANDBY, in_slot);
        return;
    }

    switch (fdb_learn_probe(runtime->fdb, &frame->source, (uint8_t)in_slot, class->flexnic,
                            ctx->now_s, vnet->mac_limit)) {
    case FDB_LEARN_LIMIT:
        atomic_store_explicit(&runtime->mac_limit_hit[class->vnet], 1, memory_order_relaxed);
        worker_drop(ctx, packet, DP_DROP_MAC_LIMIT, in_slot);
        return;
    case FDB_LEARN_STATIC_CONFLICT:
        worker_drop(ctx, packet, DP_DROP_MAC_STATIC, in_slot);
        return;
    default:
        break;
    }

    if (unlikely(frame->multicast))
        worker_count_group(ctx, worker_group_of(packet), in_slot,
                           from_uplink ? -1 : (int)class->flexnic, true);
    if (unlikely(burst->run != worker_run_of(class))) {
        worker_burst_flush_run(ctx, burst);
        burst->run = worker_run_of(class);
    }
    worker_tally_add(&burst->run_rx, length);

    if (class->strip_bytes)
        worker_strip_tags(packet, class->strip_bytes);

    uint8_t out_slot, out_flexnic;
    if (frame->multicast ||
        !fdb_lookup_probe(runtime->fdb, &frame->destination, &out_slot, &out_flexnic) ||
        ctx->view->port_of_slot[out_slot] == DP_PORT_NONE) {
        worker_flood(ctx, packet, vnet, class->vnet, in_port, class->flexnic, from_uplink, in_slot);
        return;
    }
    unsigned out_port = ctx->view->port_of_slot[out_slot];
    const struct dp_port_config *out_config = &config->ports[out_port];
    if (out_config->role == DP_PORT_UPLINK) {
        /* known behind the LAN: out of the vNet's active uplink, never back
         * into the LAN it came from */
        if (from_uplink) {
            worker_drop(ctx, packet, DP_DROP_SAME_PORT, in_slot);
            return;
        }
        int uplink = worker_active_uplink(ctx, class->vnet, vnet);
        if (uplink < 0) {
            worker_drop(ctx, packet, DP_DROP_NO_UPLINK, in_slot);
            return;
        }
        out_port = (unsigned)uplink;
        out_flexnic = 0;
    } else if (out_slot == in_slot && out_flexnic == class->flexnic) {
        worker_drop(ctx, packet, DP_DROP_SAME_PORT, in_slot);
        return;
    } else if (!from_uplink && vnet->private_network) {
        worker_drop(ctx, packet, DP_DROP_PRIVATE, in_slot);
        return;
    }
    /* the one call for known unicast, inlined */
    worker_output(ctx, packet, out_port, out_flexnic, class->vnet, in_slot);
}

/* worker_receive: the two passes over one rx burst of config port `port`
 * (slot `slot`): classify all (prefetching frames ahead and the MAC table
 * buckets they need), then forward all; then the burst's rx counters. */
static void worker_receive(struct worker_context *ctx, struct rte_mbuf **packets, uint16_t n,
                           unsigned port, unsigned slot)
{
    struct worker_burst burst = {
        .port = port,
        .slot = slot,
        .from_uplink = ctx->config->ports[port].role == DP_PORT_UPLINK,
        .run = WORKER_RUN_NONE,
    };
    struct worker_frame frames[DP_BURST];
    unsigned n_frames = 0;

    for (uint16_t i = 0; i < n && i < WORKER_PREFETCH_AHEAD; i++)
        rte_prefetch0(rte_pktmbuf_mtod(packets[i], void *));
    for (uint16_t i = 0; i < n; i++) {
        if (i + WORKER_PREFETCH_AHEAD < n)
            rte_prefetch0(rte_pktmbuf_mtod(packets[i + WORKER_PREFETCH_AHEAD], void *));
        if (worker_classify(ctx, &burst, packets[i], &frames[n_frames]))
            n_frames++;
    }
    if (!burst.from_uplink)
        worker_meter_burst(ctx, &burst);
    for (unsigned i = 0; i < n_frames; i++)
        worker_forward(ctx, &burst, &frames[i]);
    if (ctx->egress.n_pending != 0)
        worker_egress_admit(ctx);
    worker_burst_flush_run(ctx, &burst);
}

int worker_main(void *arg)
{
    struct worker_context *ctx = rte_zmalloc("worker", sizeof(*ctx), RTE_CACHE_LINE_SIZE);
    unsigned idle_loops = 0;

    if (ctx == NULL)
        return -1;
    ctx->index = (unsigned)(uintptr_t)arg;
    ctx->egress.way = WORKER_EGRESS_NONE;
    ctx->shared_egress = runtime->n_workers > 1;
    ctx->clock_read_interval_tsc = rte_get_tsc_hz() / WORKER_CLOCK_READS_PER_S;
    ctx->now_tsc = rte_rdtsc();
    ctx->now_s = clock_now_s();
    ctx->clock_read_tsc = ctx->now_tsc;
    ctx->counters = &runtime->counters[ctx->index];
    rte_rcu_qsbr_thread_register(runtime->rcu, ctx->index);
    rte_rcu_qsbr_thread_online(runtime->rcu, ctx->index);

    while (!atomic_load_explicit(&runtime->quit, memory_order_relaxed)) {
        struct rte_mbuf *packets[DP_BURST];
        unsigned received = 0;

        ctx->view = atomic_load_explicit(&runtime->view, memory_order_acquire);
        ctx->config = ctx->view->config;
        ctx->now_tsc = rte_rdtsc();
        if (unlikely(ctx->now_tsc - ctx->clock_read_tsc >= ctx->clock_read_interval_tsc)) {
            ctx->now_s = clock_now_s();
            ctx->clock_read_tsc = ctx->now_tsc;
        }
        ctx->counters->loops++;
        ctx->uplink_vnet = DP_VNET_NONE;

        for (uint16_t r = 0; r < ctx->view->n_rx_slots[ctx->index]; r++) {
            unsigned slot = ctx->view->rx_slots[ctx->index][r];
            unsigned port = ctx->view->port_of_slot[slot];
            uint16_t n = rte_eth_rx_burst(runtime->slots[slot].port_id, 0, packets, DP_BURST);
            if (unlikely(n == 0))
                continue;
            received += n;
            if (unlikely(!ctx->config->ports[port].enabled)) {
                for (uint16_t i = 0; i < n; i++)
                    worker_drop(ctx, packets[i], DP_DROP_PORT_DOWN, slot);
                continue;
            }
            if (unlikely(atomic_load_explicit(&runtime->slots[slot].protect_state,
                                              memory_order_relaxed))) {
                for (uint16_t i = 0; i < n; i++)
                    worker_drop(ctx, packets[i], DP_DROP_PORT_PROTECT, slot);
                continue;
            }
            worker_receive(ctx, packets, n, port, slot);
        }
        /* the egress checks and tallies last one loop: the next may have
         * another view */
        worker_egress_flush(ctx);
        ctx->egress.way = WORKER_EGRESS_NONE;
        for (unsigned i = 0; i < ctx->n_dirty; i++) {
            worker_flush_slot(ctx, ctx->dirty[i]);
            ctx->tx[ctx->dirty[i]].listed = false;
        }
        ctx->n_dirty = 0;

        rte_rcu_qsbr_quiescent(runtime->rcu, ctx->index);
        if (received == 0 && runtime->idle_sleep_us) {
            /* back off only after a run of empty polls, so bursts stay fast */
            if (++idle_loops > 64) {
                ctx->counters->idle_sleeps++;
                rte_rcu_qsbr_thread_offline(runtime->rcu, ctx->index);
                usleep(runtime->idle_sleep_us);
                rte_rcu_qsbr_thread_online(runtime->rcu, ctx->index);
            }
        } else {
            idle_loops = 0;
        }
    }
    rte_rcu_qsbr_thread_offline(runtime->rcu, ctx->index);
    rte_rcu_qsbr_thread_unregister(runtime->rcu, ctx->index);
    rte_free(ctx);
    return 0;
}

/* ---- counter sums (read by the control thread) ---- */

static void runtime_add(struct dp_traffic_counters *sum, const struct dp_traffic_counters *c)
{
    sum->rx_packets += c->rx_packets;
    sum->rx_bytes += c->rx_bytes;
    sum->tx_packets += c->tx_packets;
    sum->tx_bytes += c->tx_bytes;
}

void runtime_sum_port(const struct dp_runtime *rt, unsigned slot, struct dp_traffic_counters *out)
{
    memset(out, 0, sizeof(*out));
    for (unsigned w = 0; w < rt->n_workers; w++)
        runtime_add(out, &rt->counters[w].port[slot]);
}

void runtime_sum_flexnic(const struct dp_runtime *rt, unsigned slot, unsigned flexnic,
                         struct dp_traffic_counters *out)
{
    memset(out, 0, sizeof(*out));
    for (unsigned w = 0; w < rt->n_workers; w++)
        runtime_add(out, &rt->counters[w].flexnic[slot][flexnic]);
}

void runtime_sum_vnet(const struct dp_runtime *rt, unsigned vnet, struct dp_traffic_counters *out)
{
    memset(out, 0, sizeof(*out));
    for (unsigned w = 0; w < rt->n_workers; w++)
        runtime_add(out, &rt->counters[w].vnet[vnet]);
    out->rx_packets -= rt->vnet_base[vnet].rx_packets;
    out->rx_bytes -= rt->vnet_base[vnet].rx_bytes;
    out->tx_packets -= rt->vnet_base[vnet].tx_packets;
    out->tx_bytes -= rt->vnet_base[vnet].tx_bytes;
}

uint64_t runtime_sum_drop(const struct dp_runtime *rt, enum dp_drop_reason reason)
{
    uint64_t sum = 0;
    for (unsigned w = 0; w < rt->n_workers; w++)
        sum += rt->counters[w].drops[reason];
    return sum;
}

uint64_t runtime_sum_pause_frames(const struct dp_runtime *rt, unsigned slot)
{
    uint64_t sum = 0;
    for (unsigned w = 0; w < rt->n_workers; w++)
        sum += rt->counters[w].pause_frames[slot];
    return sum;
}

uint64_t runtime_sum_loop_probes(const struct dp_runtime *rt, unsigned slot)
{
    uint64_t sum = 0;
    for (unsigned w = 0; w < rt->n_workers; w++)
        sum += rt->counters[w].loop_probes[slot];
    return sum;
}

/* runtime_add_group: b into a. */
static void runtime_add_group(struct dp_group_counters *a, const struct dp_group_counters *b)
{
    a->rx_multicast += b->rx_multicast;
    a->rx_broadcast += b->rx_broadcast;
    a->tx_multicast += b->tx_multicast;
    a->tx_broadcast += b->tx_broadcast;
}

void runtime_sum_port_group(const struct dp_runtime *rt, unsigned slot,
                            struct dp_group_counters *out)
{
    memset(out, 0, sizeof(*out));
    for (unsigned w = 0; w < rt->n_workers; w++)
        runtime_add_group(out, &rt->counters[w].port_group[slot]);
}

void runtime_sum_flexnic_group(const struct dp_runtime *rt, unsigned slot, unsigned flexnic,
                               struct dp_group_counters *out)
{
    memset(out, 0, sizeof(*out));
    for (unsigned w = 0; w < rt->n_workers; w++)
        runtime_add_group(out, &rt->counters[w].flexnic_group[slot][flexnic]);
}

uint64_t runtime_sum_port_drops(const struct dp_runtime *rt, unsigned slot)
{
    uint64_t sum = 0;
    for (unsigned w = 0; w < rt->n_workers; w++)
        sum += rt->counters[w].port_drops[slot];
    return sum;
}
