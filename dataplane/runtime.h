/*
 * runtime: the state of a running vc-dataplane shared by the control thread
 * and the worker lcores.
 *
 * Two kinds of state:
 * - the published view (struct dp_view): the immutable configuration
 *   snapshot plus the port index maps derived from it, swapped in whole by
 *   pointer and freed after a quiescent period (rte_rcu_qsbr);
 * - mutable runtime objects that survive reconfiguration: the MAC table,
 *   per-port slots (the open DPDK device, link state, token buckets, egress
 *   scheduler) and per-worker counters.
 *
 * Ports get a stable *slot* by name: the MAC table stores slots, so a port
 * keeps its learned MACs when the document lists ports in another order.
 */
#ifndef OPENVC_DATAPLANE_RUNTIME_H
#define OPENVC_DATAPLANE_RUNTIME_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_common.h>
#include <rte_rcu_qsbr.h>
#include <rte_spinlock.h>

#include "dataplane/config.h"
#include "dataplane/counters.h"
#include "dataplane/fdb.h"
#include "flexnic/egress_scheduler.h"
#include "flexnic/token_bucket.h"

#define DP_MAX_WORKERS 16
#define DP_BURST       32
#define DP_SLOT_NONE   0xffu

/* One port slot: stable for a port name while the port exists. */
struct dp_port_slot {
    bool in_use;
    char name[DP_PORT_NAME_MAX];
    char device[DP_DEVICE_MAX];
    uint16_t port_id;         /* DPDK port id */
    /* enum port_protect_state: why port protection disabled this server
     * port (0 = it did not); set by the control thread, read by workers */
    _Atomic uint8_t protect_state;
    uint16_t n_tx_queues;     /* < workers: tx_lock serializes the queues */
    bool tx_shared;
    rte_spinlock_t tx_lock;
    /* the control thread's own queue (MAC cache frames), never a worker's;
     * on a device without a spare queue it shares queue 0 under tx_lock
     * (tx_shared is then set, so the workers take the lock too) */
    uint16_t control_tx_queue;
    bool control_tx_shared;
    _Atomic uint64_t mac_cache_frames; /* sent by the control thread */
    _Atomic uint64_t loop_probes_sent; /* by the control thread */
    /* a loop probe received here, for the control thread to take:
     * runtime_loop_hit_word(), 0 = none */
    _Atomic uint32_t loop_hit;
    char kernel_interface[32]; /* "iface=" of af_packet/pcap devices, or "" */
    _Atomic bool link_up;     /* written by the control thread */
    _Atomic uint32_t link_speed_mbps;
    int rx_worker;            /* worker polling this port, -1 = none */
    /* egress toward a server port: Flex-10 min/max. Owned by the workers
     * (egress_lock when there are several); started from the view's
     * template whenever the view's generation for it differs. */
    rte_spinlock_t egress_lock;
    struct egress_scheduler egress;
    uint64_t egress_generation;
    /* ingress from the server: FlexNIC maximum. Only the rx worker touches
     * the buckets; it re-initializes one when the view's profile generation
     * differs from the one the bucket was started with. */
    struct token_bucket ingress_bucket[DP_FLEXNICS_PER_PORT];
    uint64_t ingress_bucket_generation[DP_FLEXNICS_PER_PORT];
} __rte_cache_aligned;

/* What workers read: swapped whole on every apply. */
struct dp_view {
    struct dp_config *config;
    uint8_t slot_of_port[DP_MAX_PORTS];   /* config port index -> slot */
    uint8_t port_of_slot[DP_MAX_PORTS];   /* slot -> config port index or DP_PORT_NONE */
    /* per worker: the slots it polls */
    uint8_t rx_slots[DP_MAX_WORKERS][DP_MAX_PORTS];
    uint16_t n_rx_slots[DP_MAX_WORKERS];
    /* FlexNIC maxima from the server, by slot; generation 0 = no limit */
    struct token_bucket_profile ingress_profile[DP_MAX_PORTS][DP_FLEXNICS_PER_PORT];
    uint64_t ingress_generation[DP_MAX_PORTS][DP_FLEXNICS_PER_PORT];
    /* egress schedulers of server ports, by slot; generation 0 = none */
    struct egress_scheduler egress_template[DP_MAX_PORTS];
    uint64_t egress_generation[DP_MAX_PORTS];
};

struct dp_worker_counters {
    struct dp_traffic_counters port[DP_MAX_PORTS]; /* by slot */
    struct dp_traffic_counters flexnic[DP_MAX_PORTS][DP_FLEXNICS_PER_PORT];
    struct dp_traffic_counters vnet[DP_MAX_VNETS];
    struct dp_group_counters port_group[DP_MAX_PORTS]; /* by slot */
    struct dp_group_counters flexnic_group[DP_MAX_PORTS][DP_FLEXNICS_PER_PORT];
    uint64_t drops[DP_DROP_COUNT];
    uint64_t port_drops[DP_MAX_PORTS];   /* drops charged to the ingress slot */
    uint64_t pause_frames[DP_MAX_PORTS]; /* PAUSE and PFC frames from servers, by slot */
    uint64_t loop_probes[DP_MAX_PORTS];  /* loop probes received on server ports, by slot */
    uint64_t loops;                      /* poll loop iterations */
    uint64_t idle_sleeps;
} __rte_cache_aligned;

struct dp_runtime {
    _Atomic(struct dp_view *) view;
    pthread_mutex_t view_lock; /* held by apply while swapping and by telemetry readers */
    struct rte_rcu_qsbr *rcu;
    struct fdb *fdb;
    struct dp_port_slot slots[DP_MAX_PORTS];
    struct dp_worker_counters *counters; /* [n_workers] */
    unsigned n_workers;
    unsigned worker_lcore[DP_MAX_WORKERS];
    uint32_t idle_sleep_us;              /* 0 = poll without pause */
    uint64_t tsc_hz;
    struct rte_mempool *pool;
    _Atomic bool quit;
    /* MAC limit hits to report: set by workers, taken by the control thread */
    _Atomic uint8_t mac_limit_hit[DP_MAX_VNETS];
    /* the source MAC of this module's loop probes: set before the workers
     * start, never changed */
    uint8_t probe_mac[6];
    /* counters of a vNet id at the moment it was (re)used by another name */
    struct dp_traffic_counters vnet_base[DP_MAX_VNETS];
};

static inline void runtime_lock_view(struct dp_runtime *rt)
{
    pthread_mutex_lock(&rt->view_lock);
}

static inline void runtime_unlock_view(struct dp_runtime *rt)
{
    pthread_mutex_unlock(&rt->view_lock);
}

/* worker_main: rte_eal_remote_launch entry; arg = (uintptr_t) worker index. */
int worker_main(void *arg);
/* worker_runtime: set once before workers launch. */
void worker_set_runtime(struct dp_runtime *runtime);

/* runtime_sum_*: add up per-worker counters. */
void runtime_sum_port(const struct dp_runtime *rt, unsigned slot, struct dp_traffic_counters *out);
void runtime_sum_flexnic(const struct dp_runtime *rt, unsigned slot, unsigned flexnic,
                         struct dp_traffic_counters *out);
void runtime_sum_vnet(const struct dp_runtime *rt, unsigned vnet, struct dp_traffic_counters *out);
uint64_t runtime_sum_drop(const struct dp_runtime *rt, enum dp_drop_reason reason);
uint64_t runtime_sum_port_drops(const struct dp_runtime *rt, unsigned slot);
/* runtime_sum_port_group / runtime_sum_flexnic_group: the group-address
 * share of a port's (by slot) or FlexNIC's traffic, over all workers. */
void runtime_sum_port_group(const struct dp_runtime *rt, unsigned slot,
                            struct dp_group_counters *out);
void runtime_sum_flexnic_group(const struct dp_runtime *rt, unsigned slot, unsigned flexnic,
                               struct dp_group_counters *out);
uint64_t runtime_sum_pause_frames(const struct dp_runtime *rt, unsigned slot);
uint64_t runtime_sum_loop_probes(const struct dp_runtime *rt, unsigned slot);

/* A loop probe received on a server port, in one word for
 * dp_port_slot.loop_hit: bit 0 set, bit 1 from this module, bits 2-3 the
 * FlexNIC it came in on, bits 4-5 the sender's FlexNIC, bits 8-15 the
 * sender's port slot. */
static inline uint32_t runtime_loop_hit_word(unsigned in_flexnic, bool from_this_module,
                                             unsigned slot, unsigned flexnic)
{
    return 1u | (uint32_t)from_this_module << 1 | (in_flexnic & 3u) << 2 | (flexnic & 3u) << 4 |
           (slot & 0xffu) << 8;
}

#endif
