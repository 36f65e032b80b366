/*
 * users: the local users of an OpenVC domain -- names, roles, passwords,
 * SSH public keys -- and the rules they follow (VC-REFERENCE.md, "Users and
 * roles").
 *
 * Design note
 * -----------
 * Rules. Up to USERS_MAX users; a name is 1-31 characters, a letter first,
 * then letters, digits, '.', '-', '_'; names compare case-insensitively
 * (the store's COLLATE NOCASE) and keep the case they were given. Roles are
 * any combination of domain, network, server, storage (a bit mask of
 * 1 << METHOD_ROLE_x, common/methods.h); none means read-only. A password
 * is 3-40 printable ASCII characters and at least the policy's minimum
 * length (8 unless set); with strong passwords on it also mixes three of
 * the four classes (upper, lower, digit, other) and does not contain the
 * user's name.
 *
 * Passwords are never stored: a hash "pbkdf2-sha256$ITERATIONS$SALT$HASH"
 * (PBKDF2-HMAC-SHA256 from OpenSSL, 16 random salt bytes, base64 fields)
 * keeps its own iteration count, so raising USERS_PBKDF2_ITERATIONS later
 * leaves old hashes valid. Verification compares in constant time.
 *
 * SSH keys are kept as "TYPE BASE64" (the comment dropped), checked to be a
 * key blob of the type it says; a presented key matches when type and blob
 * are equal.
 *
 * The first three parts (users.c) are pure: no I/O, nothing printed;
 * errors are negative errno values with a message in error/error_size.
 * The store part (users_store.c) keeps users in the SQLite store
 * (profiles/store.h, tables users, user_keys, user_policy). The manager
 * part (methods_user.c) is what the manager's method handlers and the
 * command engine use.
 */
#ifndef OPENVC_MGMT_USERS_H
#define OPENVC_MGMT_USERS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/methods.h"

#define USERS_MAX                32
#define USERS_NAME_MAX           32 /* 31 characters + NUL */
#define USERS_TEXT_MAX           64 /* full name, contact info: 63 characters + NUL */
#define USERS_PASSWORD_MIN       3  /* the shortest minimum a policy may set */
#define USERS_PASSWORD_MAX       40
#define USERS_MIN_LENGTH_DEFAULT 8
#define USERS_HASH_MAX           128
#define USERS_KEYS_MAX           8    /* SSH public keys per user */
#define USERS_KEY_MAX            2048 /* "TYPE BASE64" + NUL: RSA up to 8192 bits */
#define USERS_PBKDF2_ITERATIONS  100000
#define USERS_ADMIN_NAME         "Administrator"
#define USERS_ALL_ROLES                                                                            \
    ((1u << METHOD_ROLE_DOMAIN) | (1u << METHOD_ROLE_NETWORK) | (1u << METHOD_ROLE_SERVER) |       \
     (1u << METHOD_ROLE_STORAGE))

/* The domain's password rules (set user-security). */
struct user_policy {
    unsigned min_password_length; /* USERS_PASSWORD_MIN..USERS_PASSWORD_MAX */
    bool strong_passwords;
};

struct user_record {
    char name[USERS_NAME_MAX];
    char full_name[USERS_TEXT_MAX];
    char contact_info[USERS_TEXT_MAX];
    unsigned roles; /* 1 << METHOD_ROLE_x */
    bool enabled;
    char password_hash[USERS_HASH_MAX];
    unsigned n_keys;
    char keys[USERS_KEYS_MAX][USERS_KEY_MAX];
};

struct store;
struct manager;

/* ------------------------------------------------------ rules (users.c) */

/* users_error: the message (printf format) into error/error_size (either
 * may be NULL/0); returns code. */
int users_error(char *error, size_t error_size, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* users_name_check: 0 when `name` is a valid user name, else -EINVAL with
 * the reason. */
int users_name_check(const char *name, char *error, size_t error_size);
/* users_text_check: 0 when `text` (full name, contact info; `what` names
 * it) is printable and shorter than USERS_TEXT_MAX, else -EINVAL. */
int users_text_check(const char *what, const char *text, char *error, size_t error_size);
/* users_password_check: 0 when `password` of user `name` follows `policy`,
 * else -EINVAL with what is wrong and what is accepted. */
int users_password_check(const char *password, const char *name, const struct user_policy *policy,
                         char *error, size_t error_size);
/* users_policy_check: 0 when `policy` is valid, else -EINVAL. */
int users_policy_check(const struct user_policy *policy, char *error, size_t error_size);

/* users_role_name: "domain", "network", "server", "storage" for role 1..4,
 * NULL for others. */
const char *users_role_name(enum method_role role);
/* users_roles_parse: a comma-separated list of role names (any case,
 * spaces around names allowed, "" = none) into *mask. -EINVAL naming the
 * first unknown role. */
int users_roles_parse(const char *text, unsigned *mask, char *error, size_t error_size);

/* users_password_hash: the hash text of `password` with `salt`
 * (salt_bytes, 1..64) and `iterations` (>= 1) into out/out_size. Returns
 * 0, -EINVAL (bad argument, out too small) or -ENOMEM (OpenSSL failed). */
int users_password_hash(const char *password, const unsigned char *salt, size_t salt_bytes,
                        unsigned iterations, char *out, size_t out_size);
/* users_password_make: as users_password_hash with 16 random bytes of salt
 * and USERS_PBKDF2_ITERATIONS (iterations 0) or `iterations`. */
int users_password_make(const char *password, unsigned iterations, char *out, size_t out_size);
/* users_password_verify: true when `password` hashes to `hash` (made by
 * users_password_hash); false for any other password and for a malformed
 * hash. Constant time in the password's bytes. */
bool users_password_verify(const char *password, const char *hash);
/* users_password_random: `length` (8..USERS_PASSWORD_MAX) random characters
 * from letters and digits, with at least one of upper, lower and digit,
 * into out (length + 1 bytes). 0, -EINVAL, or -EIO when no randomness. */
int users_password_random(char *out, size_t length);

/* users_key_parse: an OpenSSH public key line "TYPE BASE64 [COMMENT]"
 * into out/out_size as "TYPE BASE64". -EINVAL when the type is not one of
 * ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, the base64 is not
 * valid, or the blob does not start with that type; -E2BIG when too long. */
int users_key_parse(const char *line, char *out, size_t out_size, char *error, size_t error_size);

/* ------------------------------------------------------ store (users_store.c) */

/* users_store_get: user `name` (any case) into *user. 0, -ENOENT, -EIO. */
int users_store_get(struct store *store, const char *name, struct user_record *user, char *error,
                    size_t error_size);
/* users_store_list: every user, in name order (case-insensitive), into
 * users[USERS_MAX]; *n their count. 0 or -EIO. */
int users_store_list(struct store *store, struct user_record *users, unsigned *n, char *error,
                     size_t error_size);
/* users_store_put: write *user with its keys in one transaction; create:
 * a new user (-EEXIST when the name is taken, -ENOSPC at USERS_MAX users),
 * else replace the user of that name (-ENOENT when none). Also -EBUSY,
 * -EIO. */
int users_store_put(struct store *store, const struct user_record *user, bool create, char *error,
                    size_t error_size);
/* users_store_remove: remove user `name` and its keys. 0, -ENOENT, -EIO. */
int users_store_remove(struct store *store, const char *name, char *error, size_t error_size);
/* users_store_policy_get / _set: the domain's password policy (defaults
 * when never set). 0 or -EIO / -EBUSY. */
int users_store_policy_get(struct store *store, struct user_policy *policy, char *error,
                           size_t error_size);
int users_store_policy_set(struct store *store, const struct user_policy *policy, char *error,
                           size_t error_size);

/* ------------------------------------------------------ manager (methods_user.c) */

/* users_roles: the roles of enabled user `user` (any case) as a mask of
 * 1 << METHOD_ROLE_x in *roles_mask. 0, or -ENOENT for an unknown or
 * disabled user, -EIO when the store cannot be read. */
int users_roles(const struct manager *m, const char *user, unsigned *roles_mask);

/* users_bootstrap: on a store without users, create Administrator with all
 * roles and `password` (NULL: a random one, copied into generated[]
 * (USERS_PASSWORD_MAX + 1 bytes) so that the caller shows it once).
 * *created tells whether it did. 0, or -EINVAL (the password breaks the
 * policy, error says why) and the store errors. */
int users_bootstrap(struct store *store, const char *password, bool *created, char *generated,
                    char *error, size_t error_size);

#endif
