/*
 * test_methods_user: the manager's user methods and logins
 * (mgmt/methods_user.c) called as the server calls them, on a real store:
 * user.add/set/remove/show, user_security, session.login with password and
 * key, the same answer for every failed login, audit rows, key probes (no
 * audit row), users_roles,
 * the last Domain user kept.
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

#include "common/jsonrpc.h"
#include "mgmt/manager.h"
#include "mgmt/users.h"
#include "profiles/store.h"

#define KEY_A "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"
#define KEY_B "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAEBAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f"

struct fixture {
    char dir[64], path[128];
    struct manager m;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    char error[256], generated[USERS_PASSWORD_MAX + 1];
    bool created;
    snprintf(f->dir, sizeof(f->dir), "/tmp/test_methods_user.XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof(f->path), "%s/domain.db", f->dir);
    f->m.st.store = store_open(f->path, error, sizeof(error));
    assert_non_null(f->m.st.store);
    assert_int_equal(
        users_bootstrap(f->m.st.store, "admin-password", &created, generated, error, sizeof(error)),
        0);
    assert_true(created);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char file[160];
    store_close(f->m.st.store);
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        snprintf(file, sizeof(file), "%s%s", f->path, suffixes[i]);
        unlink(file);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

/* call: run handler with params (JSON text); 0 with *result, or -1 with
 * *code and message. */
typedef int (*handler_fn)(json_t *, json_t **, int *, char *, void *);
static int call(struct fixture *f, handler_fn handler, const char *params, json_t **result,
                int *code, char *message)
{
    json_error_t jerr;
    json_t *p = json_loads(params, 0, &jerr);
    assert_non_null(p);
    *result = NULL;
    *code = JSONRPC_INTERNAL_ERROR;
    message[0] = '\0';
    int rc = handler(p, result, code, message, &f->m);
    json_decref(p);
    return rc;
}

/* ok: call must succeed; the result is released. */
static void ok(struct fixture *f, handler_fn handler, const char *params)
{
    json_t *r;
    int code;
    char message[RPC_SERVER_MESSAGE_MAX];
    int rc = call(f, handler, params, &r, &code, message);
    if (rc != 0)
        fail_msg("%s: %s", params, message);
    json_decref(r);
}

/* refused: call must fail with `code`; message contains `text`. */
static void refused(struct fixture *f, handler_fn handler, const char *params, int want,
                    const char *text)
{
    json_t *r;
    int code;
    char message[RPC_SERVER_MESSAGE_MAX];
    assert_int_equal(call(f, handler, params, &r, &code, message), -1);
    assert_int_equal(code, want);
    if (strstr(message, text) == NULL)
        fail_msg("%s: \"%s\" has no \"%s\"", params, message, text);
}

static int count_row(void *arg, const struct store_audit_entry *e)
{
    if (strncmp(e->result, "ERROR: Invalid username or password", 35) == 0 &&
        strncmp(e->command, "login", 5) == 0)
        ++*(int *)arg;
    return 0;
}

static int failed_logins(struct fixture *f)
{
    int n = 0;
    assert_int_equal(store_audit_list(f->m.st.store, 0, count_row, &n, NULL, 0), 0);
    return n;
}

static int count_any_row(void *arg, const struct store_audit_entry *e)
{
    (void)e;
    ++*(int *)arg;
    return 0;
}

static int audit_rows(struct fixture *f)
{
    int n = 0;
    assert_int_equal(store_audit_list(f->m.st.store, 0, count_any_row, &n, NULL, 0), 0);
    return n;
}

static void test_add_show(void **state)
{
    struct fixture *f = *state;
    json_t *r;
    int code;
    char message[RPC_SERVER_MESSAGE_MAX];

    ok(f, manager_method_USER_ADD,
       "{\"name\":\"bill\",\"password\":\"bill-pass-1\",\"roles\":\"domain,network\","
       "\"full_name\":\"Bill J\",\"enabled\":true}");
    assert_int_equal(call(f, manager_method_USER_SHOW, "{\"name\":\"BILL\"}", &r, &code, message),
                     0);
    char *text = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, "{\"users\":[{\"contact_info\":\"\",\"enabled\":true,\"full_name\":"
                              "\"Bill J\",\"name\":\"bill\",\"roles\":[\"domain\",\"network\"],"
                              "\"ssh_keys\":[]}]}");
    free(text);
    json_decref(r);

    /* all users: never a hash */
    assert_int_equal(call(f, manager_method_USER_SHOW, "{}", &r, &code, message), 0);
    assert_int_equal(json_array_size(json_object_get(r, "users")), 2);
    text = json_dumps(r, 0);
    assert_null(strstr(text, "pbkdf2"));
    assert_null(strstr(text, "password"));
    free(text);
    json_decref(r);

    /* refusals change nothing */
    refused(f, manager_method_USER_ADD, "{\"name\":\"ann\",\"password\":\"short\"}",
            JSONRPC_INVALID_CONFIG, "8-40");
    refused(f, manager_method_USER_ADD, "{\"name\":\"ann\"}", JSONRPC_INVALID_PARAMS,
            "password is required");
    refused(f, manager_method_USER_ADD,
            "{\"name\":\"ann\",\"password\":\"long-enough\",\"roles\":\"root\"}",
            JSONRPC_INVALID_PARAMS, "\"root\"");
    refused(f, manager_method_USER_ADD,
            "{\"name\":\"ann\",\"password\":\"long-enough\",\"ssh_keys\":[\"ssh-rsa AAAA\"]}",
            JSONRPC_INVALID_PARAMS, "ssh_keys[0]");
    refused(f, manager_method_USER_ADD, "{\"name\":\"9ann\",\"password\":\"long-enough\"}",
            JSONRPC_INVALID_PARAMS, "start with a letter");
    refused(f, manager_method_USER_ADD,
            "{\"name\":\"ann\",\"password\":\"long-enough\",\"colour\":1}", JSONRPC_INVALID_PARAMS,
            "colour");
    refused(f, manager_method_USER_ADD, "{\"name\":\"Bill\",\"password\":\"long-enough\"}",
            JSONRPC_INVALID_CONFIG, "exists");
    refused(f, manager_method_USER_SHOW, "{\"name\":\"ann\"}", JSONRPC_NOT_FOUND, "does not exist");
}

/* login: session.login with params; 0 and the roles' JSON, or the code. */
static int login(struct fixture *f, const char *params, char *roles, size_t size)
{
    json_t *r;
    int code;
    char message[RPC_SERVER_MESSAGE_MAX];
    if (call(f, manager_method_SESSION_LOGIN, params, &r, &code, message) != 0) {
        assert_string_equal(message, "Invalid username or password");
        return code;
    }
    char *text = json_dumps(r, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(roles, size, "%s", text);
    free(text);
    json_decref(r);
    return 0;
}

static void test_login(void **state)
{
    struct fixture *f = *state;
    char out[256] = "";
    unsigned mask = 0;

    ok(f, manager_method_USER_ADD,
       "{\"name\":\"Sam\",\"password\":\"sam-pass-1\",\"roles\":[\"server\"],"
       "\"ssh_keys\":[\"" KEY_A " sam@laptop\"]}");
    assert_int_equal(
        login(f, "{\"user\":\"sam\",\"password\":\"sam-pass-1\",\"origin\":\"ssh 10.0.0.5\"}", out,
              sizeof(out)),
        0);
    assert_string_equal(out, "{\"roles\":[\"server\"],\"user\":\"Sam\"}");
    assert_int_equal(failed_logins(f), 0);

    /* wrong password, unknown user, key of someone else: one answer */
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"password\":\"sam-pass-2\"}", out, sizeof(out)),
                     JSONRPC_AUTH_FAILED);
    assert_int_equal(
        login(f, "{\"user\":\"nobody\",\"password\":\"sam-pass-1\"}", out, sizeof(out)),
        JSONRPC_AUTH_FAILED);
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"public_key\":\"" KEY_B "\"}", out, sizeof(out)),
                     JSONRPC_AUTH_FAILED);
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"public_key\":\"garbage\"}", out, sizeof(out)),
                     JSONRPC_AUTH_FAILED);
    assert_int_equal(failed_logins(f), 4);

    /* the key, whatever its comment */
    assert_int_equal(
        login(f, "{\"user\":\"Sam\",\"public_key\":\"" KEY_A " other\"}", out, sizeof(out)), 0);

    /* a key probe: yes for the user's key, the one answer otherwise, and
     * no audit row either way; only with a key */
    int rows = audit_rows(f);
    assert_int_equal(login(f, "{\"user\":\"sam\",\"public_key\":\"" KEY_A "\",\"probe\":true}", out,
                           sizeof(out)),
                     0);
    assert_string_equal(out, "{\"acceptable\":true,\"user\":\"Sam\"}");
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"public_key\":\"" KEY_B "\",\"probe\":true}", out,
                           sizeof(out)),
                     JSONRPC_AUTH_FAILED);
    assert_int_equal(login(f, "{\"user\":\"nobody\",\"public_key\":\"" KEY_A "\",\"probe\":true}",
                           out, sizeof(out)),
                     JSONRPC_AUTH_FAILED);
    assert_int_equal(audit_rows(f), rows);
    refused(f, manager_method_SESSION_LOGIN,
            "{\"user\":\"Sam\",\"password\":\"sam-pass-1\",\"probe\":true}", JSONRPC_INVALID_PARAMS,
            "only with a public_key");

    /* neither or both of password and key is a bad request */
    refused(f, manager_method_SESSION_LOGIN, "{\"user\":\"Sam\"}", JSONRPC_INVALID_PARAMS,
            "either");

    /* roles for the engine; a disabled user has none and cannot log in */
    assert_int_equal(users_roles(&f->m, "SAM", &mask), 0);
    assert_int_equal(mask, 1u << METHOD_ROLE_SERVER);
    assert_int_equal(users_roles(&f->m, "nobody", &mask), -ENOENT);
    ok(f, manager_method_USER_SET, "{\"name\":\"sam\",\"enabled\":false}");
    assert_int_equal(users_roles(&f->m, "Sam", &mask), -ENOENT);
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"password\":\"sam-pass-1\"}", out, sizeof(out)),
                     JSONRPC_AUTH_FAILED);
    assert_int_equal(failed_logins(f), 5);
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"public_key\":\"" KEY_A "\",\"probe\":true}", out,
                           sizeof(out)),
                     JSONRPC_AUTH_FAILED);

    /* a new password replaces the old one */
    ok(f, manager_method_USER_SET,
       "{\"name\":\"sam\",\"enabled\":true,\"password\":\"new-pass-22\",\"roles\":\"\"}");
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"password\":\"sam-pass-1\"}", out, sizeof(out)),
                     JSONRPC_AUTH_FAILED);
    assert_int_equal(login(f, "{\"user\":\"Sam\",\"password\":\"new-pass-22\"}", out, sizeof(out)),
                     0);
    assert_string_equal(out, "{\"roles\":[],\"user\":\"Sam\"}");
}

static void test_last_domain_user(void **state)
{
    struct fixture *f = *state;

    refused(f, manager_method_USER_REMOVE, "{\"name\":\"Administrator\"}", JSONRPC_INVALID_CONFIG,
            "last enabled user with the domain role");
    refused(f, manager_method_USER_SET, "{\"name\":\"administrator\",\"enabled\":false}",
            JSONRPC_INVALID_CONFIG, "last enabled user");
    refused(f, manager_method_USER_SET, "{\"name\":\"administrator\",\"roles\":\"network\"}",
            JSONRPC_INVALID_CONFIG, "last enabled user");
    refused(f, manager_method_USER_REMOVE, "{\"name\":\"ghost\"}", JSONRPC_NOT_FOUND,
            "does not exist");
    ok(f, manager_method_USER_ADD,
       "{\"name\":\"dora\",\"password\":\"dora-pass-1\",\"roles\":\"domain\"}");
    ok(f, manager_method_USER_REMOVE, "{\"name\":\"Administrator\"}");
    refused(f, manager_method_USER_REMOVE, "{\"name\":\"dora\"}", JSONRPC_INVALID_CONFIG,
            "last enabled user");
}

static void test_security(void **state)
{
    struct fixture *f = *state;
    json_t *r;
    int code;
    char message[RPC_SERVER_MESSAGE_MAX];

    refused(f, manager_method_USER_SECURITY_SET, "{\"min_password_length\":2}",
            JSONRPC_INVALID_CONFIG, "3-40");
    ok(f, manager_method_USER_SECURITY_SET,
       "{\"min_password_length\":12,\"strong_passwords\":true}");
    assert_int_equal(call(f, manager_method_USER_SECURITY_SHOW, "{}", &r, &code, message), 0);
    assert_int_equal(json_integer_value(json_object_get(r, "min_password_length")), 12);
    assert_true(json_is_true(json_object_get(r, "strong_passwords")));
    json_decref(r);
    refused(f, manager_method_USER_ADD, "{\"name\":\"eve\",\"password\":\"Eve-pass-1\"}",
            JSONRPC_INVALID_CONFIG, "12-40");
    refused(f, manager_method_USER_ADD, "{\"name\":\"eve\",\"password\":\"alllowercaseletters\"}",
            JSONRPC_INVALID_CONFIG, "three of");
    ok(f, manager_method_USER_ADD, "{\"name\":\"eve\",\"password\":\"Long-pass-123\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_show, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_domain_user, setup, teardown),
        cmocka_unit_test_setup_teardown(test_security, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
