/*
 * port: open, start, poll and close one DPDK port from a device string.
 *
 * Any DPDK device string works: a virtual device with arguments
 * ("net_af_packet0,iface=veth0", "net_pcap0,rx_pcap=a.pcap", "net_ring0",
 * "net_memif0,role=server", "net_tap0", "net_vhost0,iface=/tmp/s") or a
 * PCI address. Devices are probed at run time (rte_dev_probe), so the
 * manager can add ports with a new configuration document.
 */
#ifndef OPENVC_DATAPLANE_PORT_H
#define OPENVC_DATAPLANE_PORT_H

#include <stdbool.h>
#include <stddef.h>

#include "dataplane/runtime.h"

struct rte_mbuf;

/* port_open: probe `device`, configure one rx queue, one tx queue per
 * worker and one for the control thread (fewer if the device has fewer:
 * the queues are then shared under a lock), start it in promiscuous mode. Fills slot->port_id and friends.
 * Returns 0, or -1 with a one-line reason in `error`. */
int port_open(struct dp_port_slot *slot, const char *device, unsigned n_workers,
              struct rte_mempool *pool, char *error, size_t error_size);
/* port_send_control: send `n` frames from the control thread on the slot's
 * control tx queue (never a worker's own queue; under tx_lock when shared).
 * Frees what the device did not take; returns the number sent. */
unsigned port_send_control(struct dp_port_slot *slot, struct rte_mbuf **packets, unsigned n);
/* port_close: stop, close and detach the device of `slot`. */
void port_close(struct dp_port_slot *slot);
/* port_poll_link: read the link state without waiting; returns true when it
 * changed since the last call. */
bool port_poll_link(struct dp_port_slot *slot);

#endif
