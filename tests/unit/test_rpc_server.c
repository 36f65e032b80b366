/*
 * Unit tests of common/rpc_server: a real server on a Unix socket in a
 * thread, real clients: results and handler errors, unknown methods, invalid
 * requests and params, garbage lines, notifications (no answer), subscribed
 * clients receiving events, the client cap, a stalled subscriber being
 * disconnected instead of blocking the server, the tick and the stop flag.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/jsonrpc.h"
#include "common/rpc_server.h"

struct fixture {
    char path[108];
    char readonly_path[108]; /* a second socket serving only readonly_methods */
    struct rpc_server *server;
    pthread_t thread;
    atomic_int ticks;
    atomic_int calls;
    atomic_int notify_bytes; /* > 0: the tick sends a notification of that size */
    atomic_int notified;     /* clients reached by the last tick's notification */
};

static int handler_echo(json_t *params, json_t **result, int *code, char *message, void *ctx)
{
    struct fixture *f = ctx;
    (void)code;
    (void)message;
    atomic_fetch_add(&f->calls, 1);
    *result = json_deep_copy(params);
    return 0;
}

static int handler_fail(json_t *params, json_t **result, int *code, char *message, void *ctx)
{
    (void)params;
    (void)ctx;
    *result = json_object(); /* must be released by the server */
    *code = JSONRPC_NOT_FOUND;
    snprintf(message, RPC_SERVER_MESSAGE_MAX, "no network \"X\"");
    return -1;
}

static int handler_fail_quiet(json_t *params, json_t **result, int *code, char *message, void *ctx)
{
    (void)params;
    (void)result;
    (void)code;
    (void)message;
    (void)ctx;
    return -1;
}

static int handler_subscribe(json_t *params, json_t **result, int *code, char *message, void *ctx)
{
    (void)params;
    (void)code;
    (void)message;
    (void)ctx;
    *result = json_pack("{s:b}", "subscribed", 1);
    return 0;
}

static const struct rpc_method methods[] = {
    {"test.echo", handler_echo, false},
    {"test.fail", handler_fail, false},
    {"test.quiet", handler_fail_quiet, false},
    {"test.subscribe", handler_subscribe, true},
};

static const struct rpc_method readonly_methods[] = {
    {"test.echo", handler_echo, false},
};

static void fixture_tick(void *ctx)
{
    struct fixture *f = ctx;
    int bytes = atomic_load(&f->notify_bytes);
    atomic_fetch_add(&f->ticks, 1);
    if (bytes > 0) {
        char *text = malloc((size_t)bytes + 1);
        memset(text, 'x', (size_t)bytes);
        text[bytes] = '\0';
        int sent = rpc_server_notify(f->server, "test.event", json_pack("{s:s}", "blob", text));
        atomic_store(&f->notified, sent);
        free(text);
    }
}

static void *fixture_thread(void *arg)
{
    struct fixture *f = arg;
    rpc_server_run(f->server);
    return NULL;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    char error[256];
    snprintf(f->path, sizeof(f->path), "/tmp/test_rpc_server.%d.%p.sock", (int)getpid(), (void *)f);
    struct rpc_server_options options = {
        .path = f->path,
        .methods = methods,
        .n_methods = sizeof(methods) / sizeof(methods[0]),
        .ctx = f,
        .max_clients = 3,
        .send_timeout_ms = 100,
        .tick_ms = 10,
        .tick = fixture_tick,
    };
    f->server = rpc_server_create(&options, error, sizeof(error));
    if (f->server == NULL) {
        fprintf(stderr, "%s\n", error);
        return -1;
    }
    snprintf(f->readonly_path, sizeof(f->readonly_path), "/tmp/test_rpc_server.%d.%p.ro",
             (int)getpid(), (void *)f);
    if (rpc_server_add_socket(f->server, f->readonly_path, readonly_methods, 1, error,
                              sizeof(error)) < 0) {
        fprintf(stderr, "%s\n", error);
        return -1;
    }
    pthread_create(&f->thread, NULL, fixture_thread, f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    rpc_server_stop(f->server);
    pthread_join(f->thread, NULL);
    rpc_server_destroy(f->server);
    assert_int_equal(access(f->path, F_OK), -1); /* socket files removed */
    assert_int_equal(access(f->readonly_path, F_OK), -1);
    free(f);
    return 0;
}

/* call: one request over a fresh or given connection. Returns what
 * jsonrpc_call returned. */
static int call(int fd, const char *method, json_t *params, json_t **result, json_t **error)
{
    struct jsonrpc_reader reader;
    jsonrpc_reader_init(&reader);
    int rc = jsonrpc_call(fd, &reader, method, params, result, error, NULL, NULL);
    jsonrpc_reader_free(&reader);
    return rc;
}

/* raw: send `line` and read one answer line (an object or, for a batch,
 * an array). */
static json_t *raw(int fd, const char *line)
{
    struct jsonrpc_reader reader;
    json_t *message = NULL;
    json_error_t error;
    char chunk[4096];

    assert_int_equal(send(fd, line, strlen(line), MSG_NOSIGNAL), (ssize_t)strlen(line));
    jsonrpc_reader_init(&reader);
    while (jsonrpc_reader_next_request(&reader, &message, &error) == 0) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        assert_int_equal(poll(&pfd, 1, 2000), 1);
        ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
        assert_true(n > 0);
        jsonrpc_reader_feed(&reader, chunk, (size_t)n);
    }
    jsonrpc_reader_free(&reader);
    return message;
}

static int error_code(json_t *message)
{
    return (int)json_integer_value(json_object_get(json_object_get(message, "error"), "code"));
}

static void test_result_and_errors(void **state)
{
    struct fixture *f = *state;
    int fd = jsonrpc_connect(f->path);
    json_t *result, *error;
    assert_true(fd >= 0);

    assert_int_equal(call(fd, "test.echo", json_pack("{s:i}", "a", 7), &result, &error), 0);
    assert_int_equal(json_integer_value(json_object_get(result, "a")), 7);
    json_decref(result);

    assert_int_equal(call(fd, "test.fail", NULL, &result, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(error, "code")), JSONRPC_NOT_FOUND);
    assert_string_equal(json_string_value(json_object_get(error, "message")), "no network \"X\"");
    json_decref(error);

    assert_int_equal(call(fd, "test.quiet", NULL, &result, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(error, "code")), JSONRPC_INTERNAL_ERROR);
    assert_string_equal(json_string_value(json_object_get(error, "message")), "test.quiet failed");
    json_decref(error);

    assert_int_equal(call(fd, "test.nope", NULL, &result, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(error, "code")), JSONRPC_METHOD_NOT_FOUND);
    json_decref(error);
    close(fd);
}

static void test_bad_requests(void **state)
{
    struct fixture *f = *state;
    int fd = jsonrpc_connect(f->path);
    json_t *answer;
    assert_true(fd >= 0);

    answer = raw(fd, "this is not json\n");
    assert_int_equal(error_code(answer), JSONRPC_PARSE_ERROR);
    json_decref(answer);
    answer = raw(fd, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"test.echo\"}\n");
    assert_int_equal(error_code(answer), JSONRPC_INVALID_REQUEST);
    json_decref(answer);
    answer = raw(fd, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test.echo\",\"params\":[1]}\n");
    assert_int_equal(error_code(answer), JSONRPC_INVALID_PARAMS);
    assert_int_equal(json_integer_value(json_object_get(answer, "id")), 2);
    json_decref(answer);
    /* a notification is served but not answered: the next answer is id 3's */
    int before = atomic_load(&f->calls);
    answer = raw(fd, "{\"jsonrpc\":\"2.0\",\"method\":\"test.echo\",\"params\":{}}\n"
                     "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test.echo\"}\n");
    assert_int_equal(json_integer_value(json_object_get(answer, "id")), 3);
    assert_non_null(json_object_get(answer, "result"));
    assert_int_equal(atomic_load(&f->calls), before + 2);
    json_decref(answer);
    close(fd);
}

/* A batch (JSON-RPC 2.0): one array of the answers in order, notifications
 * left out, bad members answered Invalid Request; an empty one is one
 * Invalid Request; one of notifications only gets no answer at all. */
static void test_batch(void **state)
{
    struct fixture *f = *state;
    int fd = jsonrpc_connect(f->path);
    json_t *answer;
    assert_true(fd >= 0);

    int before = atomic_load(&f->calls);
    answer =
        raw(fd, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test.echo\",\"params\":{\"a\":1}},"
                "{\"jsonrpc\":\"2.0\",\"method\":\"test.echo\"},"
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test.fail\"},"
                "7,"
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test.nope\"}]\n");
    assert_true(json_is_array(answer));
    assert_int_equal(json_array_size(answer), 4);
    json_t *a = json_array_get(answer, 0);
    assert_int_equal(json_integer_value(json_object_get(a, "id")), 1);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(a, "result"), "a")), 1);
    a = json_array_get(answer, 1);
    assert_int_equal(json_integer_value(json_object_get(a, "id")), 2);
    assert_int_equal(error_code(a), JSONRPC_NOT_FOUND);
    a = json_array_get(answer, 2);
    assert_true(json_is_null(json_object_get(a, "id")));
    assert_int_equal(error_code(a), JSONRPC_INVALID_REQUEST);
    a = json_array_get(answer, 3);
    assert_int_equal(json_integer_value(json_object_get(a, "id")), 3);
    assert_int_equal(error_code(a), JSONRPC_METHOD_NOT_FOUND);
    assert_int_equal(atomic_load(&f->calls),
                     before + 2); /* the two test.echo, one a notification */
    json_decref(answer);

    answer = raw(fd, "[]\n");
    assert_true(json_is_object(answer));
    assert_int_equal(error_code(answer), JSONRPC_INVALID_REQUEST);
    json_decref(answer);

    /* notifications only: nothing comes back, the next answer is id 9's */
    answer = raw(fd, "[{\"jsonrpc\":\"2.0\",\"method\":\"test.echo\"}]\n"
                     "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test.echo\"}\n");
    assert_true(json_is_object(answer));
    assert_int_equal(json_integer_value(json_object_get(answer, "id")), 9);
    json_decref(answer);
    /* a scalar is still no request */
    answer = raw(fd, "42\n");
    assert_int_equal(error_code(answer), JSONRPC_PARSE_ERROR);
    json_decref(answer);
    close(fd);
}

/* The second socket serves its own table only; the first still serves all. */
static void test_second_socket(void **state)
{
    struct fixture *f = *state;
    int ro = jsonrpc_connect(f->readonly_path), rw = jsonrpc_connect(f->path);
    json_t *result, *error;
    assert_true(ro >= 0);
    assert_true(rw >= 0);

    assert_int_equal(call(ro, "test.echo", json_pack("{s:i}", "b", 3), &result, &error), 0);
    assert_int_equal(json_integer_value(json_object_get(result, "b")), 3);
    json_decref(result);
    assert_int_equal(call(ro, "test.fail", NULL, &result, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(error, "code")), JSONRPC_METHOD_NOT_FOUND);
    assert_string_equal(json_string_value(json_object_get(error, "message")),
                        "no method \"test.fail\"");
    json_decref(error);
    assert_int_equal(call(ro, "test.subscribe", NULL, &result, &error), 1);
    json_decref(error);
    assert_int_equal(call(rw, "test.fail", NULL, &result, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(error, "code")), JSONRPC_NOT_FOUND);
    json_decref(error);
    close(ro);
    close(rw);
}

static void test_add_socket_errors(void **state)
{
    struct fixture *f = *state;
    char error[256] = "", path[200];

    memset(path, 'p', sizeof(path) - 1);
    path[sizeof(path) - 1] = '\0';
    assert_int_equal(
        rpc_server_add_socket(f->server, path, readonly_methods, 1, error, sizeof(error)), -1);
    assert_non_null(strstr(error, "longer than"));
    assert_int_equal(
        rpc_server_add_socket(f->server, NULL, readonly_methods, 1, error, sizeof(error)), -1);
    assert_int_equal(rpc_server_add_socket(f->server, "/nonexistent-dir/x.sock", readonly_methods,
                                           1, error, sizeof(error)),
                     -1);
    assert_non_null(strstr(error, "/nonexistent-dir/x.sock"));
}

static void test_client_cap(void **state)
{
    struct fixture *f = *state;
    int fds[3];
    json_t *result, *error;

    for (int i = 0; i < 3; i++) {
        fds[i] = jsonrpc_connect(f->path);
        assert_true(fds[i] >= 0);
        assert_int_equal(call(fds[i], "test.echo", NULL, &result, &error), 0);
        json_decref(result);
    }
    int extra = jsonrpc_connect(f->path);
    assert_true(extra >= 0);
    /* refused with "too many clients", then closed */
    struct jsonrpc_reader reader;
    json_t *message = NULL;
    json_error_t parse_error;
    char chunk[1024];
    jsonrpc_reader_init(&reader);
    ssize_t n = recv(extra, chunk, sizeof(chunk), 0);
    assert_true(n > 0);
    jsonrpc_reader_feed(&reader, chunk, (size_t)n);
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &parse_error), 1);
    assert_int_equal(error_code(message), JSONRPC_BUSY);
    json_decref(message);
    jsonrpc_reader_free(&reader);
    assert_int_equal(recv(extra, chunk, sizeof(chunk), 0), 0);
    close(extra);
    /* a freed slot is usable again */
    close(fds[0]);
    usleep(50000);
    fds[0] = jsonrpc_connect(f->path);
    assert_int_equal(call(fds[0], "test.echo", NULL, &result, &error), 0);
    json_decref(result);
    for (int i = 0; i < 3; i++)
        close(fds[i]);
}

static void test_notifications_and_stalled_client(void **state)
{
    struct fixture *f = *state;
    int reader_fd = jsonrpc_connect(f->path);
    int stalled_fd = jsonrpc_connect(f->path);
    int other_fd = jsonrpc_connect(f->path);
    json_t *result, *error;

    assert_int_equal(call(reader_fd, "test.subscribe", NULL, &result, &error), 0);
    json_decref(result);
    assert_int_equal(call(stalled_fd, "test.subscribe", NULL, &result, &error), 0);
    json_decref(result);

    /* small events: both subscribers get them, the other client does not */
    atomic_store(&f->notify_bytes, 10);
    struct jsonrpc_reader reader;
    json_t *message = NULL;
    json_error_t parse_error;
    char chunk[65536];
    jsonrpc_reader_init(&reader);
    while (jsonrpc_reader_next(&reader, &message, &parse_error) == 0) {
        ssize_t n = recv(reader_fd, chunk, sizeof(chunk), 0);
        assert_true(n > 0);
        jsonrpc_reader_feed(&reader, chunk, (size_t)n);
    }
    assert_string_equal(json_string_value(json_object_get(message, "method")), "test.event");
    assert_null(json_object_get(message, "id"));
    json_decref(message);
    for (int i = 0; i < 100 && atomic_load(&f->notified) != 2; i++)
        usleep(10000);
    assert_int_equal(atomic_load(&f->notified), 2);
    struct pollfd pfd = {.fd = other_fd, .events = POLLIN};
    assert_int_equal(poll(&pfd, 1, 50), 0);

    /* big events: the stalled one fills its buffer and is disconnected after
     * the send timeout; the reading one keeps getting them */
    atomic_store(&f->notify_bytes, 200000);
    unsigned long received = 0;
    for (int rounds = 0; rounds < 2000 && atomic_load(&f->notified) != 1; rounds++) {
        struct pollfd rp = {.fd = reader_fd, .events = POLLIN};
        if (poll(&rp, 1, 10) > 0) {
            ssize_t n = recv(reader_fd, chunk, sizeof(chunk), 0);
            assert_true(n > 0);
            received += (unsigned long)n;
        }
    }
    assert_int_equal(atomic_load(&f->notified), 1);
    atomic_store(&f->notify_bytes, 0);
    assert_true(received > 0);
    /* the server still answers */
    assert_int_equal(call(other_fd, "test.echo", NULL, &result, &error), 0);
    json_decref(result);
    /* drain what is left for the stalled client: its connection was closed */
    ssize_t n;
    while ((n = recv(stalled_fd, chunk, sizeof(chunk), 0)) > 0)
        ;
    assert_int_equal(n, 0);
    jsonrpc_reader_free(&reader);
    close(reader_fd);
    close(stalled_fd);
    close(other_fd);
}

static void test_tick_runs(void **state)
{
    struct fixture *f = *state;
    int before = atomic_load(&f->ticks);
    usleep(200000);
    assert_true(atomic_load(&f->ticks) >= before + 5);
}

static void test_create_errors(void **state)
{
    char error[256], path[300];
    (void)state;
    memset(path, 'a', sizeof(path) - 1);
    path[sizeof(path) - 1] = '\0';
    struct rpc_server_options options = {.path = path};
    assert_null(rpc_server_create(&options, error, sizeof(error)));
    if (strstr(error, "longer than") == NULL)
        fail_msg("error: %s", error);
    options.path = "/nonexistent-dir/x.sock";
    assert_null(rpc_server_create(&options, error, sizeof(error)));
    assert_non_null(strstr(error, "/nonexistent-dir/x.sock"));
    assert_null(rpc_server_create(NULL, NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_result_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_requests, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_socket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_socket_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notifications_and_stalled_client, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tick_runs, setup, teardown),
        cmocka_unit_test(test_create_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
