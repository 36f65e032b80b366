/*
 * snmp_settings_store: the domain's SNMP settings in the SQLite store (one
 * JSON document in table snmp_settings, profiles/store.c schema 3), with a
 * generation that goes up with every save so vc-snmp knows when to make
 * snmpd reload. See snmp_settings.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "mgmt/snmp_settings_store.h"

int snmp_settings_load(struct store *store, struct snmp_settings *s, uint64_t *generation,
                       char *error, size_t error_size)
{
    sqlite3 *db = store_db(store);
    sqlite3_stmt *st = NULL;
    int rc = 0;

    memset(s, 0, sizeof(*s));
    *generation = 0;
    if (sqlite3_prepare_v2(db, "SELECT settings FROM snmp_settings WHERE id = 1", -1, &st, NULL) !=
        SQLITE_OK) {
        snprintf(error, error_size, "store: %s", sqlite3_errmsg(db));
        return -EIO;
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        json_error_t je;
        json_t *j = json_loads((const char *)sqlite3_column_text(st, 0), 0, &je);
        rc = j ? snmp_settings_from_json(j, s, error, error_size) : -EINVAL;
        if (j == NULL)
            snprintf(error, error_size, "store: SNMP settings: %s", je.text);
        *generation = (uint64_t)json_integer_value(json_object_get(j, "generation"));
        json_decref(j);
    }
    sqlite3_finalize(st);
    return rc;
}

int snmp_settings_save(struct store *store, const struct snmp_settings *s, uint64_t generation,
                       char *error, size_t error_size)
{
    sqlite3 *db = store_db(store);
    sqlite3_stmt *st = NULL;
    json_t *j = snmp_settings_to_json(s, true);
    char *text;
    int rc = 0;

    json_object_set_new(j, "generation", json_integer((json_int_t)generation));
    text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (text == NULL)
        return -ENOMEM;
    if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO snmp_settings (id, settings) VALUES (1, ?)",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_DONE) {
        snprintf(error, error_size, "store: SNMP settings not saved: %s", sqlite3_errmsg(db));
        rc = sqlite3_errcode(db) == SQLITE_BUSY ? -EBUSY : -EIO;
    }
    sqlite3_finalize(st);
    free(text);
    return rc;
}
