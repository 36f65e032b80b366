/*
 * test_users_store: users, their SSH keys and the password policy in the
 * SQLite store (mgmt/users_store.c): round trip across a reopen, names in
 * any case, the 32-user limit, errors that change nothing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "mgmt/users.h"
#include "profiles/store.h"

#define ED25519_LINE                                                                               \
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"

struct fixture {
    char dir[64];
    char path[128];
    struct store *store;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    char error[256];
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_users_store.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof(f->path), "%s/domain.db", f->dir);
    f->store = store_open(f->path, error, sizeof(error));
    assert_non_null(f->store);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char file[160];
    store_close(f->store);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof(file), "%s%s", f->path, suffixes[i]);
        unlink(file);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* make_user: a user named `name` with `roles` and a (cheap) hash. */
static void make_user(struct user_record *u, const char *name, unsigned roles)
{
    memset(u, 0, sizeof(*u));
    snprintf(u->name, sizeof(u->name), "%s", name);
    snprintf(u->full_name, sizeof(u->full_name), "Full %s", name);
    u->roles = roles;
    u->enabled = true;
    assert_int_equal(
        users_password_make("password", 10, u->password_hash, sizeof(u->password_hash)), 0);
}

static void test_round_trip(void **state)
{
    struct fixture *f = *state;
    struct user_record *u = calloc(2, sizeof(*u)), *got = u + 1;
    char error[256] = "";

    make_user(u, "Bill", (1u << METHOD_ROLE_DOMAIN) | (1u << METHOD_ROLE_NETWORK));
    snprintf(u->contact_info, sizeof(u->contact_info), "bill@example.org");
    u->n_keys = 2;
    assert_int_equal(users_key_parse(ED25519_LINE " one", u->keys[0], USERS_KEY_MAX, NULL, 0), 0);
    snprintf(u->keys[1], USERS_KEY_MAX, "%s", u->keys[0]);
    assert_int_equal(users_store_put(f->store, u, true, error, sizeof(error)), 0);

    /* back after a reopen, by a name in another case */
    store_close(f->store);
    f->store = store_open(f->path, error, sizeof(error));
    assert_non_null(f->store);
    assert_int_equal(users_store_get(f->store, "bILL", got, error, sizeof(error)), 0);
    assert_string_equal(got->name, "Bill");
    assert_string_equal(got->full_name, "Full Bill");
    assert_string_equal(got->contact_info, "bill@example.org");
    assert_int_equal(got->roles, u->roles);
    assert_true(got->enabled);
    assert_string_equal(got->password_hash, u->password_hash);
    assert_int_equal(got->n_keys, 2);
    assert_string_equal(got->keys[1], u->keys[0]);
    assert_true(users_password_verify("password", got->password_hash));

    /* one name in two cases is one user */
    make_user(got, "BILL", 0);
    assert_int_equal(users_store_put(f->store, got, true, error, sizeof(error)), -EEXIST);
    assert_non_null(strstr(error, "exists"));

    /* update: roles, disabled, no keys */
    u->roles = 1u << METHOD_ROLE_SERVER;
    u->enabled = false;
    u->n_keys = 0;
    assert_int_equal(users_store_put(f->store, u, false, error, sizeof(error)), 0);
    assert_int_equal(users_store_get(f->store, "bill", got, error, sizeof(error)), 0);
    assert_int_equal(got->roles, 1u << METHOD_ROLE_SERVER);
    assert_false(got->enabled);
    assert_int_equal(got->n_keys, 0);

    /* an update of nobody, a removal of nobody */
    make_user(got, "nobody", 0);
    assert_int_equal(users_store_put(f->store, got, false, error, sizeof(error)), -ENOENT);
    assert_int_equal(users_store_remove(f->store, "nobody", error, sizeof(error)), -ENOENT);
    assert_int_equal(users_store_get(f->store, "nobody", got, error, sizeof(error)), -ENOENT);
    assert_non_null(strstr(error, "does not exist"));

    assert_int_equal(users_store_remove(f->store, "BILL", error, sizeof(error)), 0);
    assert_int_equal(users_store_get(f->store, "Bill", got, error, sizeof(error)), -ENOENT);
    free(u);
}

static void test_limit_and_list(void **state)
{
    struct fixture *f = *state;
    struct user_record *all = calloc(USERS_MAX, sizeof(*all)), one;
    char error[256] = "", name[32];
    unsigned n = 99;

    assert_int_equal(users_store_list(f->store, all, &n, error, sizeof(error)), 0);
    assert_int_equal(n, 0);
    for (int i = USERS_MAX - 1; i >= 0; i--) {
        snprintf(name, sizeof(name), "user%02d", i);
        make_user(&one, name, 0);
        assert_int_equal(users_store_put(f->store, &one, true, error, sizeof(error)), 0);
    }
    make_user(&one, "one-too-many", 0);
    assert_int_equal(users_store_put(f->store, &one, true, error, sizeof(error)), -ENOSPC);
    assert_non_null(strstr(error, "32"));
    assert_int_equal(users_store_get(f->store, "one-too-many", &one, NULL, 0), -ENOENT);

    /* in name order, whatever the order of adding */
    assert_int_equal(users_store_list(f->store, all, &n, error, sizeof(error)), 0);
    assert_int_equal(n, USERS_MAX);
    assert_string_equal(all[0].name, "user00");
    assert_string_equal(all[USERS_MAX - 1].name, "user31");

    /* after a removal there is room again */
    assert_int_equal(users_store_remove(f->store, "user05", error, sizeof(error)), 0);
    assert_int_equal(users_store_put(f->store, &one, true, error, sizeof(error)), 0);
    free(all);
}

static void test_policy(void **state)
{
    struct fixture *f = *state;
    struct user_policy p = {.min_password_length = 1, .strong_passwords = true};
    char error[256] = "";

    assert_int_equal(users_store_policy_get(f->store, &p, error, sizeof(error)), 0);
    assert_int_equal(p.min_password_length, USERS_MIN_LENGTH_DEFAULT);
    assert_false(p.strong_passwords);
    p = (struct user_policy){.min_password_length = 12, .strong_passwords = true};
    assert_int_equal(users_store_policy_set(f->store, &p, error, sizeof(error)), 0);
    p.min_password_length = 13; /* a second set replaces the first */
    assert_int_equal(users_store_policy_set(f->store, &p, error, sizeof(error)), 0);
    store_close(f->store);
    f->store = store_open(f->path, error, sizeof(error));
    assert_non_null(f->store);
    memset(&p, 0, sizeof(p));
    assert_int_equal(users_store_policy_get(f->store, &p, error, sizeof(error)), 0);
    assert_int_equal(p.min_password_length, 13);
    assert_true(p.strong_passwords);
    /* the schema refuses what the rules refuse */
    p.min_password_length = 2;
    assert_int_equal(users_store_policy_set(f->store, &p, error, sizeof(error)), -EINVAL);
}

static void test_bootstrap(void **state)
{
    struct fixture *f = *state;
    struct user_record u;
    char generated[USERS_PASSWORD_MAX + 1] = "", error[256] = "";
    bool created = true;

    /* a password the policy refuses makes nobody */
    assert_int_equal(users_bootstrap(f->store, "short", &created, generated, error, sizeof(error)),
                     -EINVAL);
    assert_false(created);
    assert_int_equal(users_store_get(f->store, USERS_ADMIN_NAME, &u, NULL, 0), -ENOENT);

    /* no password given: a random one, handed back */
    assert_int_equal(users_bootstrap(f->store, NULL, &created, generated, error, sizeof(error)), 0);
    assert_true(created);
    assert_int_equal(strlen(generated), 16);
    assert_int_equal(users_store_get(f->store, USERS_ADMIN_NAME, &u, error, sizeof(error)), 0);
    assert_int_equal(u.roles, USERS_ALL_ROLES);
    assert_true(u.enabled);
    assert_true(users_password_verify(generated, u.password_hash));

    /* once only */
    assert_int_equal(
        users_bootstrap(f->store, "another-password", &created, generated, error, sizeof(error)),
        0);
    assert_false(created);
    assert_int_equal(users_store_get(f->store, USERS_ADMIN_NAME, &u, error, sizeof(error)), 0);
    assert_false(users_password_verify("another-password", u.password_hash));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limit_and_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_policy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bootstrap, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
