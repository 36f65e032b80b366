/*
 * oid_table: the sorted table of SNMP objects vc-snmp answers from -- an
 * array appended to while a snapshot is built, sorted once, then searched
 * by bisection. See oid_table.h.
 */
#include "snmp/oid_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct oid_table {
    struct oid_entry *entries;
    size_t count, capacity;
};

struct oid_table *oid_table_create(void)
{
    return calloc(1, sizeof(struct oid_table));
}

void oid_table_destroy(struct oid_table *table)
{
    if (table == NULL)
        return;
    for (size_t i = 0; i < table->count; i++)
        free(table->entries[i].data);
    free(table->entries);
    free(table);
}

int oid_compare(const uint32_t *a, size_t a_len, const uint32_t *b, size_t b_len)
{
    size_t n = a_len < b_len ? a_len : b_len;
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return a_len < b_len ? -1 : a_len > b_len ? 1 : 0;
}

/* oid_table_append: a new zeroed entry with oid set, or NULL (errno-style
 * *rc set). */
static struct oid_entry *oid_table_append(struct oid_table *table, const uint32_t *oid, size_t len,
                                          int *rc)
{
    if (len == 0 || len > OID_TABLE_MAX_LEN) {
        *rc = -EINVAL;
        return NULL;
    }
    if (table->count == table->capacity) {
        size_t capacity = table->capacity ? table->capacity * 2 : 256;
        struct oid_entry *grown = realloc(table->entries, capacity * sizeof(*grown));
        if (grown == NULL) {
            *rc = -ENOMEM;
            return NULL;
        }
        table->entries = grown;
        table->capacity = capacity;
    }
    struct oid_entry *e = &table->entries[table->count];
    memset(e, 0, sizeof(*e));
    memcpy(e->oid, oid, len * sizeof(*oid));
    e->oid_len = (uint8_t)len;
    *rc = 0;
    return e;
}

int oid_table_add_number(struct oid_table *table, const uint32_t *oid, size_t len,
                         enum oid_type type, uint64_t number)
{
    int rc;
    if (type == OID_TYPE_OCTETS || type == OID_TYPE_OBJECT_ID)
        return -EINVAL;
    struct oid_entry *e = oid_table_append(table, oid, len, &rc);
    if (e == NULL)
        return rc;
    e->type = type;
    e->number = number;
    table->count++;
    return 0;
}

/* oid_table_add_data: an entry of `type` holding a copy of size bytes. */
static int oid_table_add_data(struct oid_table *table, const uint32_t *oid, size_t len,
                              enum oid_type type, const void *data, size_t size, size_t data_len)
{
    int rc;
    struct oid_entry *e = oid_table_append(table, oid, len, &rc);
    if (e == NULL)
        return rc;
    e->data = malloc(size ? size : 1);
    if (e->data == NULL)
        return -ENOMEM;
    if (size)
        memcpy(e->data, data, size);
    e->type = type;
    e->data_len = data_len;
    table->count++;
    return 0;
}

int oid_table_add_octets(struct oid_table *table, const uint32_t *oid, size_t len,
                         const void *bytes, size_t n_bytes)
{
    return oid_table_add_data(table, oid, len, OID_TYPE_OCTETS, bytes, n_bytes, n_bytes);
}

int oid_table_add_oid(struct oid_table *table, const uint32_t *oid, size_t len,
                      const uint32_t *value, size_t value_len)
{
    if (value_len == 0 || value_len > OID_TABLE_MAX_LEN)
        return -EINVAL;
    return oid_table_add_data(table, oid, len, OID_TYPE_OBJECT_ID, value,
                              value_len * sizeof(*value), value_len);
}

static int oid_entry_compare(const void *a, const void *b)
{
    const struct oid_entry *x = a, *y = b;
    return oid_compare(x->oid, x->oid_len, y->oid, y->oid_len);
}

int oid_table_sort(struct oid_table *table)
{
    if (table->count > 1)
        qsort(table->entries, table->count, sizeof(*table->entries), oid_entry_compare);
    for (size_t i = 1; i < table->count; i++)
        if (oid_entry_compare(&table->entries[i - 1], &table->entries[i]) == 0)
            return -EEXIST;
    return 0;
}

/* oid_table_lower_bound: index of the first entry not before oid/len. */
static size_t oid_table_lower_bound(const struct oid_table *table, const uint32_t *oid, size_t len)
{
    size_t lo = 0, hi = table->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct oid_entry *e = &table->entries[mid];
        if (oid_compare(e->oid, e->oid_len, oid, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const struct oid_entry *oid_table_find(const struct oid_table *table, const uint32_t *oid,
                                       size_t len)
{
    size_t i = oid_table_lower_bound(table, oid, len);
    if (i < table->count &&
        oid_compare(table->entries[i].oid, table->entries[i].oid_len, oid, len) == 0)
        return &table->entries[i];
    return NULL;
}

const struct oid_entry *oid_table_next(const struct oid_table *table, const uint32_t *oid,
                                       size_t len)
{
    size_t i = oid_table_lower_bound(table, oid, len);
    if (i < table->count &&
        oid_compare(table->entries[i].oid, table->entries[i].oid_len, oid, len) == 0)
        i++;
    return i < table->count ? &table->entries[i] : NULL;
}

bool oid_table_has_prefix(const struct oid_table *table, const uint32_t *oid, size_t len)
{
    size_t i = oid_table_lower_bound(table, oid, len);
    if (i >= table->count)
        return false;
    const struct oid_entry *e = &table->entries[i];
    return e->oid_len >= len && memcmp(e->oid, oid, len * sizeof(*oid)) == 0;
}

size_t oid_table_count(const struct oid_table *table)
{
    return table->count;
}
