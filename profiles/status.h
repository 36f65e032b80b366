/*
 * status: the managed status of each object with the reason a person reads
 * in `show ...` and SNMP traps carry (HPVC-MIB's status enum), computed from
 * the model alone (and the pools' counts for exhaustion).
 *
 * Rules (VC-REFERENCE.md "Server profiles" and issue 3; where the product
 * is not documented the choice is ours and written here):
 *   profile     Unassigned                                    -> INFO "Unassigned"
 *               assigned to a bay whose enclosure is missing   -> WARNING
 *               assigned to an empty bay                       -> WARNING "assigned to an empty
 * bay" a connection whose LOM port no interconnect of this domain carries (interconnect bay N
 * carries LOM:N), or that the blade lacks                -> WARNING "connection 2 (LOM:2-a) is not
 * mapped: ..." otherwise                                      -> NORMAL "" network State=Disabled
 * -> DISABLED "State is Disabled" no uplink set or dedicated uplink, or one with no port (with a
 * device)                        -> WARNING "no uplink ports" otherwise -> NORMAL server      no
 * blade in the bay                            -> INFO "Absent" (bay)       its profile uses
 * FlexNICs b-d and the blade is not Flex-10, or more LOM ports than it has     -> WARNING otherwise
 * -> NORMAL uplink set  no port, or no port with a device              -> WARNING "no uplink ports"
 *   server, profile: its bay's server port disabled by port protection
 *               (status_port_protect, from the dataplane)      -> MAJOR "server port d3 disabled
 *               by port protection (loop detected) ..."
 *   domain      the worst of all the above (INFO and DISABLED
 *               count as normal) and a MAC/WWN/serial pool in
 *               use (source Pool) with no Free address          -> MAJOR "MAC pool exhausted ..."
 * Severity order for "worst": NORMAL/INFO/DISABLED/UNKNOWN < WARNING <
 * MINOR < MAJOR < CRITICAL; on a tie the first object found is reported.
 *
 * Pure: no I/O, no allocation.
 */
#ifndef OPENVC_PROFILES_STATUS_H
#define OPENVC_PROFILES_STATUS_H

#include "profiles/model.h"

struct pool;

struct status_reason {
    enum domain_status status;
    char reason[160]; /* "" when NORMAL */
};

/* status_name: "Unknown", "OK", "Warning", "Minor", "Major", "Critical",
 * "Disabled", "Info" (the product shows "OK" for normal); "?" otherwise. */
const char *status_name(enum domain_status status);

/* status_severity: rank for "worst of": 0 for NORMAL, INFO, DISABLED,
 * UNKNOWN, then 1 WARNING .. 4 CRITICAL. */
int status_severity(enum domain_status status);

/* status_profile: the status of `profile` in `domain` into *out. Returns 0,
 * or -EINVAL for NULL arguments. */
int status_profile(const struct domain *domain, const struct domain_profile *profile,
                   struct status_reason *out);

/* status_network: the status of `network` into *out. Returns 0 or -EINVAL. */
int status_network(const struct domain *domain, const struct domain_network *network,
                   struct status_reason *out);

/* status_server: the status of the server in `bay` of enclosure
 * `enclosure` ("enc0") into *out. Returns 0, -EINVAL for NULL arguments,
 * -ENOENT when there is no such bay. */
int status_server(const struct domain *domain, const char *enclosure, unsigned bay,
                  struct status_reason *out);

/* status_uplink_set: the status of `set` into *out. Returns 0 or -EINVAL. */
int status_uplink_set(const struct domain *domain, const struct domain_uplink_set *set,
                      struct status_reason *out);

/* status_port_protect: `out` (a server's or its profile's status) made
 * MAJOR when the bay's server port `port` ("d3") is disabled by port
 * protection: `protection` is the dataplane's word for why
 * ("loop_detected", "pause_flood"; "ok" or NULL: not disabled, `out`
 * unchanged). A worse status already in `out` stays. */
void status_port_protect(struct status_reason *out, const char *port, const char *protection);

/* status_domain: the worst status of every profile, network, server (bays
 * of imported enclosures) and uplink set, or MAJOR for an exhausted pool;
 * the reason names the object ("profile Web01: assigned to an empty bay").
 * mac, wwn, serial: the pools (may be NULL: not checked); a pool counts as
 * exhausted when the domain's source of that kind is Pool and it has no
 * Free address. Returns 0 or -EINVAL. */
int status_domain(const struct domain *domain, const struct pool *mac, const struct pool *wwn,
                  const struct pool *serial, struct status_reason *out);

#endif
