/*
 * snmp_settings_store: the SNMP settings in the manager's store. Each save
 * is one statement (its own durable transaction).
 */
#ifndef OPENVC_MGMT_SNMP_SETTINGS_STORE_H
#define OPENVC_MGMT_SNMP_SETTINGS_STORE_H

#include <stdint.h>

#include "mgmt/snmp_settings.h"
#include "profiles/store.h"

/* snmp_settings_load: the stored settings and their generation into *s
 * (none stored: disabled, empty, generation 0). Returns 0, -EIO, or
 * -EINVAL for a stored document that breaks the rules (error filled). */
int snmp_settings_load(struct store *store, struct snmp_settings *s, uint64_t *generation,
                       char *error, size_t error_size);
/* snmp_settings_save: store s (validated by the caller) with generation.
 * Returns 0, -EBUSY (locked), -EIO, -ENOMEM. */
int snmp_settings_save(struct store *store, const struct snmp_settings *s, uint64_t generation,
                       char *error, size_t error_size);

#endif
