/*
 * Unit tests of mgmt/dataplane_sync against a fake dataplane (an rpc_server
 * with dataplane.apply and dataplane.status in a thread): a push reaches a
 * running dataplane; a push made while the dataplane is down arrives once it
 * starts; a restarted dataplane gets the whole document again within a
 * second; a dataplane whose running generation drops below ours (status) is
 * pushed again; a refused document is reported and not resent; a document
 * without a generation is refused by the sync itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/jsonrpc.h"
#include "common/rpc_server.h"
#include "mgmt/dataplane_sync.h"

struct fake {
    char path[108];
    struct rpc_server *server;
    pthread_t thread;
    bool running;
    atomic_llong generation; /* running generation */
    atomic_int applies;
    atomic_int refuse; /* 1: refuse every apply as an invalid config */
};

static int fake_apply(json_t *params, json_t **result, int *code, char *message, void *ctx)
{
    struct fake *fake = ctx;
    json_t *generation = json_object_get(json_object_get(params, "document"), "generation");
    atomic_fetch_add(&fake->applies, 1);
    if (atomic_load(&fake->refuse)) {
        *code = JSONRPC_INVALID_CONFIG;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "vnets[0].name: bad");
        return -1;
    }
    atomic_store(&fake->generation, json_integer_value(generation));
    *result = json_pack("{s:I}", "generation", json_integer_value(generation));
    return 0;
}

static int fake_status(json_t *params, json_t **result, int *code, char *message, void *ctx)
{
    struct fake *fake = ctx;
    (void)params;
    (void)code;
    (void)message;
    *result = json_pack("{s:I}", "generation", (json_int_t)atomic_load(&fake->generation));
    return 0;
}

static const struct rpc_method fake_methods[] = {
    {"dataplane.apply", fake_apply, false},
    {"dataplane.status", fake_status, false},
};

static void *fake_thread(void *arg)
{
    struct fake *fake = arg;
    rpc_server_run(fake->server);
    return NULL;
}

static void fake_start(struct fake *fake)
{
    struct rpc_server_options options = {
        .path = fake->path, .methods = fake_methods, .n_methods = 2, .ctx = fake, .tick_ms = 20};
    atomic_store(&fake->generation, 0);
    fake->server = rpc_server_create(&options, NULL, 0);
    assert_non_null(fake->server);
    pthread_create(&fake->thread, NULL, fake_thread, fake);
    fake->running = true;
}

static void fake_stop(struct fake *fake)
{
    if (!fake->running)
        return;
    rpc_server_stop(fake->server);
    pthread_join(fake->thread, NULL);
    rpc_server_destroy(fake->server);
    fake->running = false;
}

static int setup(void **state)
{
    struct fake *fake = calloc(1, sizeof(*fake));
    snprintf(fake->path, sizeof(fake->path), "/tmp/test_dataplane_sync.%d.%p.sock", (int)getpid(),
             (void *)fake);
    *state = fake;
    return 0;
}

static int teardown(void **state)
{
    struct fake *fake = *state;
    fake_stop(fake);
    free(fake);
    return 0;
}

static json_t *document(long long generation)
{
    return json_pack("{s:I, s:[]}", "generation", (json_int_t)generation, "vnets");
}

static uint64_t now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

/* tick_until: tick every 100 ms, as the manager does, until the fake runs
 * `generation`; returns the milliseconds it took, or -1 after limit_ms. */
static long tick_until(struct dataplane_sync *sync, struct fake *fake, long long generation,
                       unsigned limit_ms)
{
    uint64_t start = now_ms();
    while (now_ms() - start < limit_ms) {
        dataplane_sync_tick(sync);
        if (atomic_load(&fake->generation) == generation)
            return (long)(now_ms() - start);
        usleep(20000);
    }
    return -1;
}

static void test_push_to_running(void **state)
{
    struct fake *fake = *state;
    struct dataplane_sync *sync = dataplane_sync_create(fake->path);
    struct dataplane_sync_state st;
    fake_start(fake);

    json_t *doc = document(3);
    assert_int_equal(dataplane_sync_push(sync, doc), 0);
    json_decref(doc);
    assert_true(dataplane_sync_wait(sync, 2000));
    assert_int_equal(atomic_load(&fake->generation), 3);
    dataplane_sync_state(sync, &st);
    assert_true(st.connected);
    assert_int_equal(st.applied_generation, 3);
    assert_int_equal(st.pushes, 1);

    doc = document(4);
    dataplane_sync_push(sync, doc);
    json_decref(doc);
    assert_true(dataplane_sync_wait(sync, 2000));
    assert_int_equal(atomic_load(&fake->generation), 4);
    /* steady state: status polls, no more pushes */
    for (int i = 0; i < 10; i++) {
        dataplane_sync_tick(sync);
        usleep(50000);
    }
    dataplane_sync_state(sync, &st);
    assert_int_equal(st.pushes, 2);
    assert_int_equal(st.running_generation, 4);
    dataplane_sync_destroy(sync);
}

static void test_down_then_up_and_restart(void **state)
{
    struct fake *fake = *state;
    struct dataplane_sync *sync = dataplane_sync_create(fake->path);
    struct dataplane_sync_state st;

    json_t *doc = document(7);
    assert_int_equal(dataplane_sync_push(sync, doc), 0); /* dataplane down: no block */
    json_decref(doc);
    uint64_t start = now_ms();
    assert_false(dataplane_sync_wait(sync, 100));
    assert_true(now_ms() - start < 500);
    dataplane_sync_state(sync, &st);
    assert_false(st.connected);

    fake_start(fake);
    assert_true(tick_until(sync, fake, 7, 1000) >= 0);

    /* restart: the connection drops, a new dataplane runs nothing */
    fake_stop(fake);
    dataplane_sync_tick(sync);
    fake_start(fake);
    long took = tick_until(sync, fake, 7, 1000);
    assert_true(took >= 0);
    /* the fake runs 7 before its answer is read: wait for the answer */
    assert_true(dataplane_sync_wait(sync, 1000));
    dataplane_sync_state(sync, &st);
    assert_int_equal(st.applied_generation, 7);
    assert_true(st.reconnects >= 2);
    dataplane_sync_destroy(sync);
}

static void test_generation_drops(void **state)
{
    struct fake *fake = *state;
    struct dataplane_sync *sync = dataplane_sync_create(fake->path);
    fake_start(fake);

    json_t *doc = document(9);
    dataplane_sync_push(sync, doc);
    json_decref(doc);
    assert_true(dataplane_sync_wait(sync, 2000));
    /* same connection, but the running generation falls back */
    atomic_store(&fake->generation, 1);
    assert_true(tick_until(sync, fake, 9, 1000) >= 0);
    dataplane_sync_destroy(sync);
}

static void test_refused(void **state)
{
    struct fake *fake = *state;
    struct dataplane_sync *sync = dataplane_sync_create(fake->path);
    struct dataplane_sync_state st;
    fake_start(fake);
    atomic_store(&fake->refuse, 1);

    json_t *doc = document(5);
    dataplane_sync_push(sync, doc);
    json_decref(doc);
    assert_false(dataplane_sync_wait(sync, 1000));
    for (int i = 0; i < 5; i++) {
        dataplane_sync_tick(sync);
        usleep(50000);
    }
    dataplane_sync_state(sync, &st);
    assert_int_equal(st.last_error_code, JSONRPC_INVALID_CONFIG);
    assert_string_equal(st.last_error, "vnets[0].name: bad");
    assert_int_equal(atomic_load(&fake->applies), 1); /* not resent */

    atomic_store(&fake->refuse, 0);
    doc = document(6);
    dataplane_sync_push(sync, doc);
    json_decref(doc);
    assert_true(dataplane_sync_wait(sync, 1000));
    dataplane_sync_state(sync, &st);
    assert_int_equal(st.last_error_code, 0);
    dataplane_sync_destroy(sync);
}

static void test_bad_arguments(void **state)
{
    struct fake *fake = *state;
    char long_path[300];
    memset(long_path, 'a', sizeof(long_path) - 1);
    long_path[sizeof(long_path) - 1] = '\0';
    assert_null(dataplane_sync_create(NULL));
    assert_null(dataplane_sync_create(long_path));
    struct dataplane_sync *sync = dataplane_sync_create(fake->path);
    json_t *bad = json_pack("{s:s}", "generation", "x");
    assert_int_equal(dataplane_sync_push(sync, bad), -EINVAL);
    json_decref(bad);
    bad = json_pack("{s:i}", "generation", 0);
    assert_int_equal(dataplane_sync_push(sync, bad), -EINVAL);
    json_decref(bad);
    dataplane_sync_destroy(sync);
    dataplane_sync_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_push_to_running, setup, teardown),
        cmocka_unit_test_setup_teardown(test_down_then_up_and_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_generation_drops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
