/*
 * oid_table: one sorted table of SNMP objects (OID -> typed value), built
 * whole from a snapshot and then only read, the way lldpd's agent keeps one
 * sorted table of its OIDs.
 *
 * Design: vc-snmp builds a new table on every refresh (oid_table_add_* in
 * any order, then oid_table_sort once: O(n log n)), and answers every GET
 * with a binary search (oid_table_find) and every GETNEXT with a binary
 * search for the first OID after the one asked (oid_table_next). So a walk
 * of n objects costs O(n log n), never O(n^2), and a request never waits for
 * the manager: the table it reads is complete.
 *
 * Pure: no I/O, no net-snmp types (sub-identifiers are uint32_t, as SNMP
 * defines them); the agent converts. Not thread-safe.
 */
#ifndef OPENVC_SNMP_OID_TABLE_H
#define OPENVC_SNMP_OID_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OID_TABLE_MAX_LEN 40 /* sub-identifiers in one OID (a FDB row needs 21) */

/* The SMI base types a value has (RFC 2578). */
enum oid_type {
    OID_TYPE_INTEGER,   /* INTEGER / Integer32 / enumerations */
    OID_TYPE_GAUGE32,   /* Gauge32 / Unsigned32 */
    OID_TYPE_COUNTER32, /* Counter32 */
    OID_TYPE_COUNTER64, /* Counter64 */
    OID_TYPE_TIMETICKS, /* TimeTicks */
    OID_TYPE_OCTETS,    /* OCTET STRING (DisplayString, PhysAddress, PortList) */
    OID_TYPE_OBJECT_ID, /* OBJECT IDENTIFIER (RowPointer) */
};

struct oid_entry {
    uint32_t oid[OID_TABLE_MAX_LEN];
    uint8_t oid_len;
    enum oid_type type;
    uint64_t number; /* INTEGER (as int32 bits), Gauge32, Counter*, TimeTicks */
    void *data;      /* OCTETS: bytes; OBJECT_ID: uint32_t sub-identifiers */
    size_t data_len; /* bytes, or sub-identifiers for OBJECT_ID */
};

struct oid_table;

/* oid_table_create: an empty table; NULL without memory. */
struct oid_table *oid_table_create(void);
/* oid_table_destroy: accepts NULL. */
void oid_table_destroy(struct oid_table *table);

/* oid_table_add_number / _octets / _oid: append one object. oid has len
 * sub-identifiers (1..OID_TABLE_MAX_LEN); type must fit the function
 * (number: every type but OCTETS and OBJECT_ID). The value is copied.
 * Returns 0, -EINVAL (bad length or type), -ENOMEM. The table must be
 * sorted again before it is read. */
int oid_table_add_number(struct oid_table *table, const uint32_t *oid, size_t len,
                         enum oid_type type, uint64_t number);
int oid_table_add_octets(struct oid_table *table, const uint32_t *oid, size_t len,
                         const void *bytes, size_t n_bytes);
int oid_table_add_oid(struct oid_table *table, const uint32_t *oid, size_t len,
                      const uint32_t *value, size_t value_len);

/* oid_table_sort: sort by OID. Returns 0, or -EEXIST when two objects have
 * the same OID (a bug of the builder; the table is sorted anyway). */
int oid_table_sort(struct oid_table *table);

/* oid_table_find: the object whose OID is exactly oid/len, or NULL. */
const struct oid_entry *oid_table_find(const struct oid_table *table, const uint32_t *oid,
                                       size_t len);
/* oid_table_next: the first object whose OID is after oid/len
 * (lexicographic, as GETNEXT wants), or NULL. */
const struct oid_entry *oid_table_next(const struct oid_table *table, const uint32_t *oid,
                                       size_t len);
/* oid_table_has_prefix: whether some object's OID starts with oid/len (for
 * noSuchInstance vs noSuchObject). */
bool oid_table_has_prefix(const struct oid_table *table, const uint32_t *oid, size_t len);

/* oid_table_count: objects in the table. */
size_t oid_table_count(const struct oid_table *table);

/* oid_compare: <0, 0, >0 as a is before, equal to, after b. */
int oid_compare(const uint32_t *a, size_t a_len, const uint32_t *b, size_t b_len);

#endif
