/*
 * plan: what the domain means for this interconnect module -- where each
 * connection of a profile lands (Port Mapping "LOM:1-a"), the Flex-10
 * bandwidth of a server port (Configured / Allocated Speed), and the
 * dataplane's configuration document (docs/dataplane-protocol.md).
 *
 * Decisions:
 *   - Port mapping uses DOMAIN_PHYSICAL_PORTS (2) LOM ports whatever the
 *     blade, so a profile shows the same mapping assigned or not.
 *     Ethernet connections go ports first (flexnic/flexnic.h); FCoE
 *     connection i (fc[i-1], fcoe) takes LOM:i-b, and when a profile has
 *     any FCoE connection its Ethernet connections skip FlexNIC b of every
 *     port: 1 -> LOM:1-a, 2 -> LOM:2-a, 3 -> LOM:1-c, 4 -> LOM:2-c, ...
 *   - Server ports are 10 Gb (PLAN_LINK_MBPS).
 *   - A connection's maximum is its network's MaxSpeed (10 Gb when
 *     unrestricted); with multiple networks the highest of theirs.
 *   - The allocation's minima go to the dataplane rounded down to 100 Mb
 *     (the 1 Mb-step case of flexnic/bandwidth.h: 1960 -> 1900), since the
 *     dataplane takes 100 Mb steps.
 *   - The interconnect modules of a multi-enclosure domain are stacked:
 *     this one dataplane carries the downlinks of the bays of every
 *     imported enclosure (enc0 first, then enc1..enc3); interconnect bay N
 *     of each enclosure carries LOM:N. Downlink port names: bay B of enc0
 *     is "d<B>" (as with one enclosure), bay B of encK (K = 1..3) is
 *     "e<K>d<B>" ("e1d3"): unique, at most 5 characters, and what the
 *     dataplane accepts (docs/dataplane-protocol.md). The CLI writes them
 *     as VC-REFERENCE.md's port ids, "enc1:1:d3" (plan_port_id).
 *   - An FCoE FlexNIC appears in the document as a FlexNIC that carries no
 *     vNet (the dataplane does not forward FCoE) but keeps its guaranteed
 *     bandwidth; a connection with SpeedType Disabled or no network likewise.
 *   - Disabled networks are left out of the document, and out of every
 *     FlexNIC that would carry them.
 *
 * Pure: no I/O; plan_dataplane_document allocates the JSON it returns.
 */
#ifndef OPENVC_PROFILES_PLAN_H
#define OPENVC_PROFILES_PLAN_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "profiles/model.h"

#define PLAN_LINK_MBPS         10000 /* server port speed */
#define PLAN_NOT_ALLOCATED     1     /* plan_profile_bandwidth: not in a populated bay */
#define PLAN_PORT_NAME_MAX     10    /* "LOM:2-d" and its NUL, with room */
#define PLAN_DOWNLINK_NAME_MAX 8     /* "e3d16" and its NUL, with room */
#define PLAN_PORT_ID_MAX       24    /* "enc3:8:e3d16"-like ids, with room */

/* plan_downlink_name: the dataplane port name of device bay `bay` (1-16)
 * of enclosure `enclosure` ("enc0".."enc3"): "d3" for enc0, "e1d3" for
 * enc1. Returns 0, or -EINVAL (another enclosure id, a bay out of range,
 * NULL or too small a buffer: buf then "" when size > 0). */
int plan_downlink_name(const char *enclosure, unsigned bay, char *buf, size_t size);

/* plan_downlink_parse: the other way: "d3" -> "enc0" and 3, "e1d3" ->
 * "enc1" and 3, into enclosure (at least 5 bytes) and *bay. Returns 0, or
 * -EINVAL for anything that is not such a name (an uplink "X1" included). */
int plan_downlink_parse(const char *name, char *enclosure, size_t enclosure_size, unsigned *bay);

/* plan_port_id: the CLI's id of dataplane port `port` of this module
 * (interconnect bay `interconnect_bay`, which sits in enclosure
 * `module_enclosure`): a downlink is named after the enclosure of its bay
 * ("e1d3" -> "enc1:1:d3", "d3" -> "enc0:1:d3"), an uplink after the
 * module's ("X1" -> "enc0:1:X1"). Returns 0 or -EINVAL (NULL, too small). */
int plan_port_id(const char *module_enclosure, unsigned interconnect_bay, const char *port,
                 char *buf, size_t size);

/* plan_connection_port: where Ethernet connection `enet_index` (1-based) of
 * `profile` lands: *physical_port (1-based LOM port) and *flexnic (0..3 =
 * a..d), FCoE taking b as described above. Only the profile's FC list is
 * read (enet_index may be above n_enet, to ask where a new connection would
 * go). Returns 0, -EINVAL for NULL arguments or enet_index 0, -ENOSPC when
 * no FlexNIC is left for it (above 8, or above 6 with FCoE). */
int plan_connection_port(const struct domain_profile *profile, unsigned enet_index,
                         unsigned *physical_port, unsigned *flexnic);

/* plan_fcoe_port: where FC connection `fc_index` (1-based) of `profile`
 * lands when it is FCoE: LOM:<fc_index>-b. Returns 0, -EINVAL for NULL
 * arguments, an index outside 1..n_fc, or a connection that is not FCoE,
 * -ENOSPC when fc_index is above DOMAIN_PHYSICAL_PORTS. */
int plan_fcoe_port(const struct domain_profile *profile, unsigned fc_index, unsigned *physical_port,
                   unsigned *flexnic);

/* plan_format_port: "LOM:<physical_port>-<a..d>" into buf/size. Returns 0 or
 * -EINVAL (port 0 or too large, flexnic > 3, NULL buf, too small: buf then
 * "" when size > 0). */
int plan_format_port(unsigned physical_port, unsigned flexnic, char *buf, size_t size);

/* plan_connection_port_name: Port Mapping of Ethernet connection enet_index,
 * e.g. "LOM:1-a". Returns as plan_connection_port, or -EINVAL from
 * plan_format_port. */
int plan_connection_port_name(const struct domain_profile *profile, unsigned enet_index, char *buf,
                              size_t size);

/* plan_connection_max_mbps: the maximum of `connection`: its network's
 * MaxSpeed, 10000 when unrestricted or without network; with multiple
 * networks the highest of theirs. Networks that do not exist are ignored.
 * The domain is not changed (the pointer is not const because of the
 * model's finders). */
unsigned plan_connection_max_mbps(const struct domain *domain,
                                  const struct domain_enet_connection *connection);

/* plan_connection_speed: the speed a connection asks for: Custom its Speed,
 * Preferred its Speed or else its network's PrefSpeed; 0 for Auto, Disabled
 * and a Preferred without any speed (which is allocated as Auto). */
unsigned plan_connection_speed(const struct domain *domain,
                               const struct domain_enet_connection *connection);

/* plan_profile_bandwidth: the Flex-10 allocation of LOM port
 * `physical_port` (1..DOMAIN_PHYSICAL_PORTS) of `profile`, per FlexNIC a..d:
 * configured_mbps[f] = the speed asked (0 = Auto, Disabled, or no
 * connection there), allocated_mbps[f] = flexnic_alloc_bandwidth's
 * guaranteed minimum (0 for an unused FlexNIC). Ethernet connections and
 * FCoE connections both take part. Returns 0; PLAN_NOT_ALLOCATED (> 0) when
 * the profile does not sit in a bay with a blade present ("not allocated":
 * allocated_mbps all 0, configured filled); -EINVAL for NULL arguments, a
 * bad port or requests the allocator refuses. */
int plan_profile_bandwidth(const struct domain *domain, const struct domain_profile *profile,
                           unsigned physical_port, uint32_t configured_mbps[4],
                           uint32_t allocated_mbps[4]);

/* plan_dataplane_document: the dataplane configuration document of this
 * module (domain->interconnect_bay) for `generation` (>= 1):
 *   ports       d<bay> for each bay of enc0 with a device, then e<K>d<bay>
 *               for those of each other imported enclosure K: speed 10000,
 *               partitioned when a Flex-10 blade is present and its profile
 *               uses a FlexNIC other than a on this module's LOM port,
 *               enabled when a blade is present and powered on; then X<n>
 *               for each uplink port with a device (its speed, or 10000);
 *   uplink_sets every set, with its ports that have a device, in
 *               uplink_ports order (failover order);
 *   vnets       every enabled network: uplink_set + vlan or native,
 *               dedicated uplinks (when the port has a device), tunnel,
 *               private, mac_limit;
 *   flexnics    for each profile assigned to a present blade of an
 *               imported enclosure whose bay is a port: every connection on this module's LOM port,
 *               with vnet or vlans + untagged_vnet, max_mbps, min_mbps (the
 *               allocation, rounded down to 100), mac (the connection's, or
 *               the blade's factory MAC of that FlexNIC when its source is
 *               factory).
 * The domain is validated first (validate_domain). Returns a new JSON
 * object, or NULL with the message in error: an invalid domain, generation
 * 0, out of memory. An interconnect bay above DOMAIN_PHYSICAL_PORTS
 * carries no LOM port: no FlexNICs. */
json_t *plan_dataplane_document(const struct domain *domain, uint64_t generation, char *error,
                                size_t error_size);

#endif
