/*
 * snmp_settings: the domain's SNMP settings (VC-REFERENCE.md "SNMP") -- on
 * or off, the v1/v2c read community, system contact and location, trap
 * destinations, SNMPv3 users (SHA authentication, AES privacy), and an
 * access list of networks -- and the snmpd configuration they make.
 *
 * Design note
 * -----------
 * The manager keeps them in its store (tables snmp_settings, snmp_traps,
 * snmp_users, snmp_access; snmp_settings_store.c) and, after every change,
 * writes snmp_settings_render's text to the include file of snmpd's
 * configuration (configs/snmpd-agentx.conf, `--snmpd-include PATH`) and
 * bumps `generation`. vc-snmp (the same user as snmpd) sees the new
 * generation in snmp.show and sends snmpd SIGHUP. So the manager, which
 * holds the v3 keys, never needs to signal snmpd, and vc-snmp never sees a
 * key: snmp.show does not show them.
 *
 * Rules: a community is 1-32 characters of [A-Za-z0-9_.-]; contact and
 * location up to 63 printable characters without '"'; a trap destination is
 * an IPv4 address or host name, optionally ":port"; trap formats SNMPv1,
 * SNMPv2 (community) or SNMPv3 (a user of the list); a v3 user name is 1-32
 * of [A-Za-z0-9_.-], its keys 8-64 printable characters without '"' or
 * space; an access entry is IPv4 a.b.c.d/len (0-32). No access entry means
 * any source may use the read community. At most SNMP_MAX_* of each list.
 * Removing a v3 user takes effect when snmpd restarts (snmpd keeps created
 * users in its persistent state across a reload).
 *
 * Pure: no I/O; errors are -EINVAL etc. with a message in error.
 */
#ifndef OPENVC_MGMT_SNMP_SETTINGS_H
#define OPENVC_MGMT_SNMP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define SNMP_MAX_TRAPS  16
#define SNMP_MAX_USERS  16
#define SNMP_MAX_ACCESS 32
#define SNMP_TEXT_MAX   64

enum snmp_trap_format { SNMP_TRAP_V1, SNMP_TRAP_V2, SNMP_TRAP_V3 };

struct snmp_trap {
    char destination[SNMP_TEXT_MAX];
    enum snmp_trap_format format;
    char community[SNMP_TEXT_MAX]; /* v1, v2 */
    char user[SNMP_TEXT_MAX];      /* v3: a user of the list */
};

struct snmp_user {
    char name[SNMP_TEXT_MAX];
    char auth_key[SNMP_TEXT_MAX]; /* SHA */
    char priv_key[SNMP_TEXT_MAX]; /* AES */
};

struct snmp_settings {
    bool enabled;
    char read_community[SNMP_TEXT_MAX]; /* "" = no v1/v2c access */
    char contact[SNMP_TEXT_MAX];
    char location[SNMP_TEXT_MAX];
    struct snmp_trap traps[SNMP_MAX_TRAPS];
    unsigned n_traps;
    struct snmp_user users[SNMP_MAX_USERS];
    unsigned n_users;
    char access[SNMP_MAX_ACCESS][SNMP_TEXT_MAX];
    unsigned n_access;
};

/* snmp_trap_format_name / _parse: "SNMPv1", "SNMPv2", "SNMPv3". */
const char *snmp_trap_format_name(enum snmp_trap_format f);
int snmp_trap_format_parse(const char *text, enum snmp_trap_format *f);

/* snmp_settings_validate: every rule above (the whole settings, so a
 * change is checked as it would be stored). Returns 0 or -EINVAL with the
 * first error ("trap 10.0.0.1: no SNMPv3 user \"x\""). */
int snmp_settings_validate(const struct snmp_settings *s, char *error, size_t error_size);

/* snmp_settings_to_json: the settings as the store keeps them; with_keys
 * false (snmp.show) leaves the v3 keys out. A new reference. */
json_t *snmp_settings_to_json(const struct snmp_settings *s, bool with_keys);
/* snmp_settings_from_json: the inverse into *s (then validated). Returns 0
 * or -EINVAL with error filled. */
int snmp_settings_from_json(json_t *j, struct snmp_settings *s, char *error, size_t error_size);

/* snmp_settings_render: the snmpd include text into out/size. Returns its
 * length, or -ENOSPC when it does not fit. */
int snmp_settings_render(const struct snmp_settings *s, char *out, size_t size);

#endif
