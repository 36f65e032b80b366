/*
 * port: DPDK device life cycle for one port slot (see port.h).
 */
#include "dataplane/port.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#define PORT_RX_DESCRIPTORS 1024
#define PORT_TX_DESCRIPTORS 1024

/* port_kernel_interface: the value of an "iface=" argument (af_packet,
 * pcap): such drivers report their link up forever, so the link state is
 * read from the kernel interface instead. "" when there is none. */
static void port_kernel_interface(const char *device, char *name, size_t size)
{
    const char *argument = strstr(device, ",iface=");
    size_t length;

    name[0] = '\0';
    if (argument == NULL)
        return;
    argument += strlen(",iface=");
    length = strcspn(argument, ",");
    if (length == 0 || length >= size)
        return;
    memcpy(name, argument, length);
    name[length] = '\0';
}

/* port_kernel_link_up: true when the kernel interface is operational (or
 * its state is "unknown", as for interfaces without carrier); false when
 * it is down or gone. */
static bool port_kernel_link_up(const char *interface)
{
    char path[128], state[32] = "";
    FILE *file;

    snprintf(path, sizeof(path), "/sys/class/net/%s/operstate", interface);
    file = fopen(path, "r");
    if (file == NULL)
        return false;
    if (fgets(state, sizeof(state), file) == NULL)
        state[0] = '\0';
    fclose(file);
    return strncmp(state, "up", 2) == 0 || strncmp(state, "unknown", 7) == 0;
}

/* port_device_name: the part of a device string before the first comma. */
static void port_device_name(const char *device, char *name, size_t size)
{
    size_t length = strcspn(device, ",");
    if (length >= size)
        length = size - 1;
    memcpy(name, device, length);
    name[length] = '\0';
}

int port_open(struct dp_port_slot *slot, const char *device, unsigned n_workers,
              struct rte_mempool *pool, char *error, size_t error_size)
{
    char name[RTE_ETH_NAME_MAX_LEN];
    struct rte_eth_dev_info info;
    struct rte_eth_conf conf;
    uint16_t port_id;
    int rc;

    port_device_name(device, name, sizeof(name));
    if (name[0] == '\0') {
        snprintf(error, error_size, "empty device string");
        return -1;
    }
    /* a device the EAL probed at start (a PCI NIC) is used as it is */
    if (rte_eth_dev_get_port_by_name(name, &port_id) != 0) {
        rc = rte_dev_probe(device);
        if (rc < 0) {
            /* DPDK answers EFAULT when no bus or driver knows the name */
            snprintf(error, error_size, "cannot open device \"%s\": %s", device,
                     rc == -EFAULT ? "no DPDK driver or bus knows this device name"
                                   : rte_strerror(-rc));
            return -1;
        }
    }
    if (rte_eth_dev_get_port_by_name(name, &port_id) != 0) {
        snprintf(error, error_size, "device \"%s\" is not an Ethernet port", device);
        return -1;
    }
    rc = rte_eth_dev_info_get(port_id, &info);
    if (rc != 0) {
        snprintf(error, error_size, "device \"%s\": %s", device, rte_strerror(-rc));
        return -1;
    }
    slot->port_id = port_id;
    /* one tx queue per worker and one more for the control thread, if the
     * device has them; else the queues are shared under tx_lock */
    uint16_t n_queues = (uint16_t)RTE_MIN(n_workers + 1u, info.max_tx_queues);
    if (n_queues == 0)
        n_queues = 1;
    if (n_queues > n_workers) {
        slot->n_tx_queues = (uint16_t)n_workers;
        slot->tx_shared = false;
        slot->control_tx_queue = (uint16_t)n_workers;
        slot->control_tx_shared = false;
    } else {
        slot->n_tx_queues = n_queues;
        slot->tx_shared = true;
        slot->control_tx_queue = 0;
        slot->control_tx_shared = true;
    }
    rte_spinlock_init(&slot->tx_lock);
    atomic_store(&slot->mac_cache_frames, 0);
    atomic_store(&slot->loop_probes_sent, 0);
    atomic_store(&slot->loop_hit, 0);
    atomic_store(&slot->protect_state, 0); /* a new port starts enabled */

    memset(&conf, 0, sizeof(conf));
    rc = rte_eth_dev_configure(port_id, 1, n_queues, &conf);
    if (rc != 0)
        goto fail;
    uint16_t rx_descriptors = PORT_RX_DESCRIPTORS, tx_descriptors = PORT_TX_DESCRIPTORS;
    rte_eth_dev_adjust_nb_rx_tx_desc(port_id, &rx_descriptors, &tx_descriptors);
    rc = rte_eth_rx_queue_setup(port_id, 0, rx_descriptors, (unsigned)rte_eth_dev_socket_id(port_id),
                                NULL, pool);
    if (rc != 0)
        goto fail;
    for (uint16_t q = 0; q < n_queues; q++) {
        rc = rte_eth_tx_queue_setup(port_id, q, tx_descriptors,
                                    (unsigned)rte_eth_dev_socket_id(port_id), NULL);
        if (rc != 0)
            goto fail;
    }
    rc = rte_eth_dev_start(port_id);
    if (rc != 0)
        goto fail;
    rte_eth_promiscuous_enable(port_id); /* not every driver has it; harmless */
    snprintf(slot->device, sizeof(slot->device), "%s", device);
    port_kernel_interface(device, slot->kernel_interface, sizeof(slot->kernel_interface));
    atomic_store(&slot->link_up, false);
    port_poll_link(slot);
    return 0;

fail:
    snprintf(error, error_size, "cannot start device \"%s\": %s", device, rte_strerror(-rc));
    rte_eth_dev_close(port_id);
    rte_dev_remove(info.device);
    return -1;
}

unsigned port_send_control(struct dp_port_slot *slot, struct rte_mbuf **packets, unsigned n)
{
    uint16_t sent = 0;

    if (slot->control_tx_shared)
        rte_spinlock_lock(&slot->tx_lock);
    /* a few retries absorb a momentarily full ring */
    for (int attempt = 0; attempt < 4 && sent < n; attempt++)
        sent += rte_eth_tx_burst(slot->port_id, slot->control_tx_queue, packets + sent,
                                 (uint16_t)(n - sent));
    if (slot->control_tx_shared)
        rte_spinlock_unlock(&slot->tx_lock);
    for (unsigned i = sent; i < n; i++)
        rte_pktmbuf_free(packets[i]);
    return sent;
}

void port_close(struct dp_port_slot *slot)
{
    struct rte_eth_dev_info info;
    struct rte_device *device = NULL;

    if (rte_eth_dev_info_get(slot->port_id, &info) == 0)
        device = info.device;
    rte_eth_dev_stop(slot->port_id);
    rte_eth_dev_close(slot->port_id);
    if (device != NULL)
        rte_dev_remove(device);
    atomic_store(&slot->link_up, false);
}

bool port_poll_link(struct dp_port_slot *slot)
{
    struct rte_eth_link link;
    bool up, was;

    memset(&link, 0, sizeof(link));
    if (rte_eth_link_get_nowait(slot->port_id, &link) != 0)
        return false;
    up = link.link_status == RTE_ETH_LINK_UP;
    if (up && slot->kernel_interface[0] != '\0')
        up = port_kernel_link_up(slot->kernel_interface);
    was = atomic_exchange(&slot->link_up, up);
    atomic_store(&slot->link_speed_mbps, up ? link.link_speed : 0);
    return up != was;
}
