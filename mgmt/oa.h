/*
 * oa: the manager's one interface to the enclosure's Onboard Administrator
 * -- bay presence, blade information, blade power, and pushing a server
 * profile's identity (MACs per FlexNIC, serial number, UUID) into the blade
 * in a bay, or clearing it back to the blade's burned-in identity.
 *
 * Drivers (ARCHITECTURE.md, "The control plane"):
 *   static  hardware managed elsewhere: every bay present and powered,
 *           pushes accepted and ignored (oa_static_create)
 *   netns   the demo and the tests: each bay a network namespace with eth0
 *           on a veth to the dataplane (oa_netns.c, oa_netns_create)
 *   qemu    the testbed (later)
 *
 * Every call returns 0 or a negative errno value with a one-line message in
 * error/error_size (may be NULL/0). Nothing is logged. Bays are 1..16 of
 * enclosure `enclosure` ("enc0".."enc3").
 */
#ifndef OPENVC_MGMT_OA_H
#define OPENVC_MGMT_OA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profiles/model.h"

#define OA_FLEXNICS 4 /* FlexNICs a-d of the port this module serves */

/* What a profile makes of the blade in a bay, as far as the OA pushes it. */
struct oa_identity {
    uint64_t mac[OA_FLEXNICS]; /* FlexNIC a..d of the port on this module, 0 = FlexNIC unused */
    bool partitioned;          /* FlexNICs are S-channels (S-VID 1..4) instead of untagged a */
    char serial[DOMAIN_SERIAL_MAX]; /* "" = the blade's own */
    char uuid[DOMAIN_UUID_MAX];     /* "" = the blade's own */
};

/* A blade as the OA reports it. */
struct oa_blade_info {
    bool present;
    bool powered_on;
    char model[DOMAIN_NAME_MAX];
    char serial[DOMAIN_SERIAL_MAX]; /* factory serial */
    char uuid[DOMAIN_UUID_MAX];
    uint64_t factory_mac[OA_FLEXNICS];
};

struct oa_driver {
    const char *name; /* "static", "netns" */
    void *state;      /* the driver's own */
    /* bay_info: presence, power and burned-in identity of the blade in bay.
     * -EINVAL for a bay out of range. */
    int (*bay_info)(struct oa_driver *driver, const char *enclosure, unsigned bay,
                    struct oa_blade_info *info, char *error, size_t error_size);
    /* power_set: power the blade on or off. -ENODEV when the bay is empty. */
    int (*power_set)(struct oa_driver *driver, const char *enclosure, unsigned bay, bool on,
                     char *error, size_t error_size);
    /* identity_push: give the blade the profile's identity (its FlexNIC
     * interfaces come up with these MACs when powered). -ENODEV when empty. */
    int (*identity_push)(struct oa_driver *driver, const char *enclosure, unsigned bay,
                         const struct oa_identity *identity, char *error, size_t error_size);
    /* identity_clear: back to the burned-in identity. -ENODEV when empty. */
    int (*identity_clear)(struct oa_driver *driver, const char *enclosure, unsigned bay,
                          char *error, size_t error_size);
    /* destroy: free the driver (does not power anything off). */
    void (*destroy)(struct oa_driver *driver);
};

/* oa_static_create: the static driver. NULL without memory. */
struct oa_driver *oa_static_create(void);

struct oa_netns_options {
    /* namespaces "<prefix>-bay<N>", outside veths "<prefix>d<N>" for enc0;
     * "<prefix>-e<K>bay<N>" and "<prefix>e<K>d<N>" for encK */
    const char *prefix;
    const char *subif_script; /* path of tests/integration/vlan_subif.py */
    const char *work_dir;     /* where the subinterface helpers write their output */
    /* the wiring: the enclosures (1..DOMAIN_MAX_ENCLOSURES) and their bays
     * with the blades' burned-in identity (copied); a bay whose blade is
     * `present` gets a namespace from oa_netns_populate */
    const struct domain_enclosure *enclosures;
    unsigned n_enclosures;
};

/* oa_netns_create: the netns driver. Returns NULL and a message when an
 * option is missing, the prefix is longer than 8 characters (interface
 * names are at most 15) or memory is short. Creates nothing yet. */
struct oa_driver *oa_netns_create(const struct oa_netns_options *options, char *error,
                                  size_t error_size);

/* oa_netns_outside_iface: the root-namespace end of the veth of bay N of
 * `enclosure`, the interface the dataplane's downlink opens ("<prefix>d<N>"
 * for enc0, "<prefix>e<K>d<N>" for encK). */
void oa_netns_outside_iface(const char *prefix, const char *enclosure, unsigned bay, char *name,
                            size_t size);

/* oa_netns_populate: make sure every bay has its outside veth (so the
 * dataplane can open dN) and every bay whose wiring blade is present has its
 * namespace with eth0 (factory MAC of FlexNIC a, up = powered). Idempotent:
 * what exists is kept. Returns 0 or -errno (a command failed, the message
 * says which). */
int oa_netns_populate(struct oa_driver *driver, char *error, size_t error_size);

/* oa_netns_depopulate: remove the namespaces, their helpers and the veths
 * of every bay. Returns 0 or the first error. */
int oa_netns_depopulate(struct oa_driver *driver, char *error, size_t error_size);

#endif
