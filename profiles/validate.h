/*
 * validate: is a domain (profiles/model.h) consistent, and are single
 * property values acceptable -- checked before anything is stored or pushed.
 *
 * Messages name the object and the property as the CLI calls them
 * (VC-REFERENCE.md), so that a person can act on them:
 *   network Prod101: VLanID 101 is already used by network Prod9 on uplink set SUS-A
 *   profile Web01: connection 2: Network "Nope" does not exist
 *   profile Web01: connection 1: Speed 4500 is above the network's maximum 4000 (100 Mb steps)
 * Objects are written "network N", "uplinkset S", "uplinkport enc0:1:X1",
 * "profile P" (its connections "connection i", "fc-connection i",
 * "fcoe-connection i"), "server enc0:3", "enclosure enc0", "MAC pool",
 * "WWN pool", "serial number pool" and "domain".
 *
 * Decisions (VC-REFERENCE.md leaves them open):
 *   - SpeedType Custom needs a Speed; Preferred uses the connection's Speed
 *     when set, else the network's PrefSpeed, else behaves as Auto. A speed
 *     is 100 Mb .. the maximum in 100 Mb steps, the maximum being the
 *     network's MaxSpeed, or 10000 when unrestricted; for a multiple-networks
 *     connection the highest maximum of its networks (unrestricted if any
 *     is).
 *   - FCoE connection i takes LOM:i-b (so i is 1 or 2); when a profile has
 *     any FCoE connection its Ethernet connections skip FlexNIC b of every
 *     port (1 -> LOM:1-a, 2 -> LOM:2-a, 3 -> LOM:1-c, ...), so at most 6
 *     Ethernet connections fit (profiles/plan.h).
 *   - A native network has VLanID 0 (it is untagged on its set), as the
 *     model says; a network on no set has VLanID 0 too.
 *   - Pool ranges are checked by adding them to a scratch pool
 *     (profiles/pool.h), so the rules are exactly the pool's.
 *
 * All functions return 0 or -EINVAL with the message in error/error_size
 * (may be NULL/0). Pure: no I/O, nothing printed; validate_domain allocates
 * only the scratch pools and a temporary address list.
 */
#ifndef OPENVC_PROFILES_VALIDATE_H
#define OPENVC_PROFILES_VALIDATE_H

#include <stddef.h>

#include "profiles/model.h"

#define VALIDATE_SPEED_MAX_MBPS  10000 /* a server port; also "unrestricted" */
#define VALIDATE_UPLINK_MAX_MBPS 20000 /* the dataplane's port speed limit */
#define VALIDATE_MAC_LIMIT_MAX   4194304

/* validate_domain: the whole domain's consistency: limits, unique names,
 * references, VLANs on uplink sets, dedicated and tunnel uplinks, profile
 * assignment, connections and their maps and speeds, FlexNIC slots, MAC and
 * WWN uniqueness across the domain, pool ranges. Reports the first problem
 * found. Returns 0 or -EINVAL (also for a NULL domain); -ENOMEM when the
 * scratch pools cannot be made. */
int validate_domain(const struct domain *domain, char *error, size_t error_size);

/* validate_name: `name` of an object of `kind` ("network", "profile", ...):
 * 1-63 characters of [A-Za-z0-9_.-], starting with a letter or digit.
 * Message: `network name "Prod 1" has a character outside [A-Za-z0-9_.-]`. */
int validate_name(const char *kind, const char *name, char *error, size_t error_size);

/* validate_vlan: a VLanID 1..4094. Message: `VLanID 4095 is not 1-4094`. */
int validate_vlan(unsigned vlan, char *error, size_t error_size);

/* validate_speed: a connection Speed: 100 .. max_mbps in 100 Mb steps, where
 * max_mbps is the network's maximum (0 = unrestricted = 10000). Messages:
 * `Speed 4500 is above the network's maximum 4000 (100 Mb steps)`,
 * `Speed 50 is below 100`, `Speed 150 is not a multiple of 100`. */
int validate_speed(unsigned mbps, unsigned max_mbps, char *error, size_t error_size);

/* validate_serial: a logical serial number: "" (the hardware's own) or 1-31
 * characters of [A-Za-z0-9_.-]. NULL is refused. */
int validate_serial(const char *serial, char *error, size_t error_size);

/* validate_uuid: "" (the hardware's own) or 8-4-4-4-12 hexadecimal digits
 * (either case). NULL is refused. */
int validate_uuid(const char *uuid, char *error, size_t error_size);

#endif
