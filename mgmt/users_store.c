/*
 * users_store: the local users, their SSH keys and the password policy in
 * the SQLite store (tables users, user_keys, user_policy of
 * profiles/store.c; users.h for the rules). Each write is one durable
 * transaction; every statement is constant SQL with bound values.
 *
 * Why its own file: the domain tables are written whole by store_save,
 * while users change one row at a time and are read on every login and
 * every command; they need neither the domain nor its pools.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "mgmt/users.h"
#include "profiles/store.h"

#define USER_COLUMNS "name, full_name, contact_info, roles, enabled, password_hash"

static int db_fail(sqlite3 *db, char *error, size_t error_size, const char *context)
    __attribute__((nonnull(1)));

/* db_fail: "<context>: <SQLite's message>" into error; the errno value of
 * the last error of db. */
static int db_fail(sqlite3 *db, char *error, size_t error_size, const char *context)
{
    int xrc = sqlite3_extended_errcode(db);
    if (error && error_size)
        snprintf(error, error_size, "%s: %s", context, sqlite3_errmsg(db));
    switch (xrc & 0xff) {
    case SQLITE_CONSTRAINT:
        return xrc == SQLITE_CONSTRAINT_PRIMARYKEY || xrc == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST
                                                                                      : -EINVAL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return -EBUSY;
    case SQLITE_FULL:
        return -ENOSPC;
    default:
        return -EIO;
    }
}

/* copy_column: text column `col` of `s` into dst/size ("" for NULL). */
static void copy_column(sqlite3_stmt *s, int col, char *dst, size_t size)
{
    const unsigned char *t = sqlite3_column_text(s, col);
    snprintf(dst, size, "%s", t ? (const char *)t : "");
}

/* read_keys: the keys of user->name into *user. 0 or -EIO. */
static int read_keys(sqlite3 *db, struct user_record *user, char *error, size_t error_size)
{
    sqlite3_stmt *s = NULL;
    int rc;

    user->n_keys = 0;
    if (sqlite3_prepare_v2(db, "SELECT key FROM user_keys WHERE user = ? ORDER BY position", -1, &s,
                           NULL) != SQLITE_OK)
        return db_fail(db, error, error_size, "users: keys");
    sqlite3_bind_text(s, 1, user->name, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && user->n_keys < USERS_KEYS_MAX)
        copy_column(s, 0, user->keys[user->n_keys++], USERS_KEY_MAX);
    int ret =
        rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, error, error_size, "users: keys");
    sqlite3_finalize(s);
    return ret;
}

/* read_user: the user row at `s` (USER_COLUMNS) and its keys. */
static int read_user(sqlite3 *db, sqlite3_stmt *s, struct user_record *user, char *error,
                     size_t error_size)
{
    memset(user, 0, sizeof(*user));
    copy_column(s, 0, user->name, sizeof(user->name));
    copy_column(s, 1, user->full_name, sizeof(user->full_name));
    copy_column(s, 2, user->contact_info, sizeof(user->contact_info));
    user->roles = (unsigned)sqlite3_column_int(s, 3) & USERS_ALL_ROLES;
    user->enabled = sqlite3_column_int(s, 4) != 0;
    copy_column(s, 5, user->password_hash, sizeof(user->password_hash));
    return read_keys(db, user, error, error_size);
}

int users_store_get(struct store *store, const char *name, struct user_record *user, char *error,
                    size_t error_size)
{
    sqlite3 *db = store_db(store);
    sqlite3_stmt *s = NULL;
    int ret;

    if (!db || !name)
        return users_error(error, error_size, -EINVAL, "users: NULL argument");
    if (sqlite3_prepare_v2(db, "SELECT " USER_COLUMNS " FROM users WHERE name = ?", -1, &s, NULL) !=
        SQLITE_OK)
        return db_fail(db, error, error_size, "users: get");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        ret = read_user(db, s, user, error, error_size);
    else if (rc == SQLITE_DONE)
        ret = users_error(error, error_size, -ENOENT, "user %s does not exist", name);
    else
        ret = db_fail(db, error, error_size, "users: get");
    sqlite3_finalize(s);
    return ret;
}

int users_store_list(struct store *store, struct user_record *users, unsigned *n, char *error,
                     size_t error_size)
{
    sqlite3 *db = store_db(store);
    sqlite3_stmt *s = NULL;
    int rc, ret = 0;

    if (!db || !users || !n)
        return users_error(error, error_size, -EINVAL, "users: NULL argument");
    *n = 0;
    if (sqlite3_prepare_v2(db, "SELECT " USER_COLUMNS " FROM users ORDER BY name", -1, &s, NULL) !=
        SQLITE_OK)
        return db_fail(db, error, error_size, "users: list");
    while (ret == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW && *n < USERS_MAX)
        ret = read_user(db, s, &users[(*n)++], error, error_size);
    if (ret == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
        ret = db_fail(db, error, error_size, "users: list");
    sqlite3_finalize(s);
    return ret;
}

/* exec_bound: prepare constant `sql`, bind the texts (NULL-ended) and
 * integers after them (n_ints), step once. SQLITE_DONE or the error. */
static int exec_bound(sqlite3 *db, const char *sql, const char *const *texts, const int *ints,
                      int n_ints)
{
    sqlite3_stmt *s = NULL;
    int col = 0, rc;

    if ((rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL)) != SQLITE_OK)
        return rc;
    for (; texts && texts[col]; col++)
        sqlite3_bind_text(s, col + 1, texts[col], -1, SQLITE_STATIC);
    for (int i = 0; i < n_ints; i++)
        sqlite3_bind_int(s, col + 1 + i, ints[i]);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* scalar: the integer of constant `sql`'s first row (0 without one). */
static int scalar(sqlite3 *db, const char *sql, int *value)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc != SQLITE_OK)
        return rc;
    *value = 0;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* write_user: the insert or update of *user and its keys, inside the
 * caller's transaction. */
static int write_user(sqlite3 *db, const struct user_record *user, bool create, char *error,
                      size_t error_size)
{
    const char *texts[] = {user->name, user->full_name, user->contact_info, user->password_hash,
                           NULL};
    const int ints[] = {(int)user->roles, user->enabled ? 1 : 0};
    int count = 0;

    if (create) {
        if (scalar(db, "SELECT count(*) FROM users", &count) != SQLITE_OK)
            return db_fail(db, error, error_size, "users: count");
        if (count >= USERS_MAX)
            return users_error(error, error_size, -ENOSPC, "there are %d users already (the most)",
                               USERS_MAX);
        if (exec_bound(db,
                       "INSERT INTO users (name, full_name, contact_info, password_hash, roles,"
                       " enabled) VALUES (?, ?, ?, ?, ?, ?)",
                       texts, ints, 2) != SQLITE_DONE) {
            int ret = db_fail(db, error, error_size, "users: add");
            if (ret == -EEXIST)
                users_error(error, error_size, ret, "user %s exists already", user->name);
            return ret;
        }
    } else {
        if (exec_bound(db,
                       "UPDATE users SET full_name = ?2, contact_info = ?3, password_hash = ?4,"
                       " roles = ?5, enabled = ?6 WHERE name = ?1",
                       texts, ints, 2) != SQLITE_DONE)
            return db_fail(db, error, error_size, "users: set");
        if (sqlite3_changes(db) == 0)
            return users_error(error, error_size, -ENOENT, "user %s does not exist", user->name);
    }
    const char *name_only[] = {user->name, NULL};
    if (exec_bound(db, "DELETE FROM user_keys WHERE user = ?", name_only, NULL, 0) != SQLITE_DONE)
        return db_fail(db, error, error_size, "users: keys");
    for (unsigned k = 0; k < user->n_keys && k < USERS_KEYS_MAX; k++) {
        const char *key_texts[] = {user->name, user->keys[k], NULL};
        const int pos[] = {(int)k};
        if (exec_bound(db, "INSERT INTO user_keys (user, key, position) VALUES (?, ?, ?)",
                       key_texts, pos, 1) != SQLITE_DONE)
            return db_fail(db, error, error_size, "users: keys");
    }
    return 0;
}

/* commit_or_rollback: COMMIT when ret is 0, else ROLLBACK; the result. */
static int commit_or_rollback(sqlite3 *db, int ret, char *error, size_t error_size)
{
    if (ret == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        ret = db_fail(db, error, error_size, "users: commit");
    if (ret != 0)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return ret;
}

int users_store_put(struct store *store, const struct user_record *user, bool create, char *error,
                    size_t error_size)
{
    sqlite3 *db = store_db(store);

    if (!db || !user)
        return users_error(error, error_size, -EINVAL, "users: NULL argument");
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, error, error_size, "users: begin");
    return commit_or_rollback(db, write_user(db, user, create, error, error_size), error,
                              error_size);
}

int users_store_remove(struct store *store, const char *name, char *error, size_t error_size)
{
    sqlite3 *db = store_db(store);
    const char *texts[] = {name, NULL};
    int ret = 0;

    if (!db || !name)
        return users_error(error, error_size, -EINVAL, "users: NULL argument");
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_fail(db, error, error_size, "users: begin");
    if (exec_bound(db, "DELETE FROM user_keys WHERE user = ?", texts, NULL, 0) != SQLITE_DONE ||
        exec_bound(db, "DELETE FROM users WHERE name = ?", texts, NULL, 0) != SQLITE_DONE)
        ret = db_fail(db, error, error_size, "users: remove");
    else if (sqlite3_changes(db) == 0)
        ret = users_error(error, error_size, -ENOENT, "user %s does not exist", name);
    return commit_or_rollback(db, ret, error, error_size);
}

int users_store_policy_get(struct store *store, struct user_policy *policy, char *error,
                           size_t error_size)
{
    sqlite3 *db = store_db(store);
    sqlite3_stmt *s = NULL;

    if (!db || !policy)
        return users_error(error, error_size, -EINVAL, "users: NULL argument");
    *policy = (struct user_policy){.min_password_length = USERS_MIN_LENGTH_DEFAULT};
    if (sqlite3_prepare_v2(db,
                           "SELECT min_password_length, strong_passwords FROM user_policy"
                           " WHERE id = 1",
                           -1, &s, NULL) != SQLITE_OK)
        return db_fail(db, error, error_size, "users: policy");
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        policy->min_password_length = (unsigned)sqlite3_column_int(s, 0);
        policy->strong_passwords = sqlite3_column_int(s, 1) != 0;
    }
    int ret =
        rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(db, error, error_size, "users: policy");
    sqlite3_finalize(s);
    return ret;
}

int users_store_policy_set(struct store *store, const struct user_policy *policy, char *error,
                           size_t error_size)
{
    sqlite3 *db = store_db(store);

    if (!db || !policy)
        return users_error(error, error_size, -EINVAL, "users: NULL argument");
    const int ints[] = {(int)policy->min_password_length, policy->strong_passwords ? 1 : 0};
    if (exec_bound(db,
                   "INSERT INTO user_policy (id, min_password_length, strong_passwords)"
                   " VALUES (1, ?1, ?2) ON CONFLICT (id) DO UPDATE SET"
                   " min_password_length = ?1, strong_passwords = ?2",
                   NULL, ints, 2) != SQLITE_DONE)
        return db_fail(db, error, error_size, "users: policy");
    return 0;
}
