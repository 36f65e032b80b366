/*
 * manager_link: vc-snmp's connection to vc-manager's read-only socket and
 * the queries one snapshot is made of (mib.h's struct mib_input).
 *
 * One blocking connection with a send/receive timeout, opened when needed
 * and dropped on any failure, so a restarted manager is simply reconnected
 * at the next refresh. Not thread-safe.
 */
#ifndef OPENVC_SNMP_MANAGER_LINK_H
#define OPENVC_SNMP_MANAGER_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snmp/mib.h"

#define MANAGER_LINK_TIMEOUT_MS 2000 /* one answer; a MAC page may take the dataplane's 500 ms */

struct manager_link;

/* manager_link_create: a link to the socket at path (copied; not connected
 * yet). NULL when path is too long or memory is short. */
struct manager_link *manager_link_create(const char *path);
/* manager_link_destroy: accepts NULL. */
void manager_link_destroy(struct manager_link *link);

/* manager_link_fetch: ask everything a snapshot needs (domain.show,
 * status.show, interconnect.ports, network.show, uplinkset.show,
 * profile.show, server.show, every page of interconnect.mac_table) into
 * *in (free with manager_link_input_free). Returns 0, or -1 with error
 * filled (not reachable, an error answer, a timeout); the connection is
 * then dropped and the next fetch reconnects. */
int manager_link_fetch(struct manager_link *link, struct mib_input *in, char *error,
                       size_t error_size);
/* manager_link_snmp_generation: the generation of the manager's SNMP
 * settings (snmp.show) into *generation. 0 or -1 with error filled. */
int manager_link_snmp_generation(struct manager_link *link, uint64_t *generation, char *error,
                                 size_t error_size);
/* manager_link_input_free: release what manager_link_fetch put into *in. */
void manager_link_input_free(struct mib_input *in);
/* manager_link_connected: whether the link is connected now. */
bool manager_link_connected(const struct manager_link *link);

#endif
