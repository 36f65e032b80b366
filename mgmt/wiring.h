/*
 * wiring: the enclosure wiring file (configs/enclosure-*.json) -- which
 * blades sit in which bays with their burned-in identity, which dataplane
 * device is each downlink dN and each uplink Xn -- loaded into the model.
 *
 * Format (every member other than those marked optional is required;
 * unknown members are refused, so a typo never silently does nothing):
 *
 *   {
 *     "domain": "demo",                      optional, default "OpenVC"
 *     "interconnect_bay": 1,                 optional 1-8, default 1
 *     "enclosures": [{                       1-4 of them
 *       "id": "enc0", "name": "Demo",        id enc0..enc3, name optional
 *       "bays": [{                           1-16 entries, each bay at most once
 *         "bay": 1,
 *         "device": "net_pcap_d1,iface=@IFACE@",
 *         "blade": {                         optional: absent = empty bay
 *           "model": "BL460c Gen8", "serial": "SGH4000001",
 *           "uuid": "8-4-4-4-12 hex", "flex10": true,
 *           "physical_ports": 2,             optional 1-2, default 2
 *           "powered_on": true,              optional, default true
 *           "factory_macs": ["0a:00:..."]    1-8: LOM:1-a, LOM:1-b, ..., LOM:2-d
 *         }}]}],
 *     "uplinks": [{"port": "X1", "device": "...", "speed_mbps": 10000}]
 *   }
 *
 * "@IFACE@" in a device is replaced by "<iface_prefix><port>", port being
 * the dataplane's name of the downlink (profiles/plan.h: "d3" in enc0,
 * "e1d3" in enc1) or uplink (e.g. "v1234d3", "v1234e1d3", "v1234X1": what
 * the netns OA driver and the tests create); a
 * device with "@IFACE@" and no iface_prefix is refused.
 *
 * Errors name the field: `enclosures[0].bays[2].blade.factory_macs[1]:
 * "0a:00" is not a MAC`. Nothing is logged.
 */
#ifndef OPENVC_MGMT_WIRING_H
#define OPENVC_MGMT_WIRING_H

#include <jansson.h>
#include <stddef.h>

#include "profiles/model.h"

#define WIRING_IFACE_PLACEHOLDER "@IFACE@"

/* wiring_load_json: check `wiring` entirely, then write the domain name,
 * interconnect bay, enclosures (bays, devices, blades) and uplink ports into
 * `domain` (the rest of it is left alone; its previous enclosures and
 * uplink ports are replaced). iface_prefix may be NULL. Returns 0, or
 * -EINVAL with the field and the problem in error (domain unchanged). */
int wiring_load_json(json_t *wiring, const char *iface_prefix, struct domain *domain, char *error,
                     size_t error_size);

/* wiring_load_file: the same from a file; -ENOENT/-EINVAL with the path and
 * line in error when it cannot be read or parsed. */
int wiring_load_file(const char *path, const char *iface_prefix, struct domain *domain, char *error,
                     size_t error_size);

#endif
