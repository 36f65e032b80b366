/*
 * Unit tests of common/jsonrpc: line framing (partial lines, several lines
 * in one read, bad lines, the size limit), message constructors, request
 * validation, and a blocking call over a socket pair.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/jsonrpc.h"

static void feed(struct jsonrpc_reader *reader, const char *text)
{
    assert_int_equal(jsonrpc_reader_feed(reader, text, strlen(text)), 0);
}

static void test_partial_and_multiple_lines(void **state)
{
    struct jsonrpc_reader reader;
    json_t *message;
    json_error_t error;
    (void)state;

    jsonrpc_reader_init(&reader);
    feed(&reader, "{\"a\":");
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), 0);
    assert_null(message);
    feed(&reader, "1}\n{\"b\":2}\n{\"c\"");
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(message, "a")), 1);
    json_decref(message);
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(message, "b")), 2);
    json_decref(message);
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), 0);
    feed(&reader, ":3}\n");
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), 1);
    assert_int_equal(json_integer_value(json_object_get(message, "c")), 3);
    json_decref(message);
    jsonrpc_reader_free(&reader);
}

static void test_bad_lines_are_consumed(void **state)
{
    struct jsonrpc_reader reader;
    json_t *message;
    json_error_t error;
    (void)state;

    jsonrpc_reader_init(&reader);
    feed(&reader, "garbage\n[1,2]\n\x01\x02\xff\n{\"ok\":true}\n");
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), -1);
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), -1);
    assert_string_equal(error.text, "message is not a JSON object");
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), -1);
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), 1);
    assert_true(json_is_true(json_object_get(message, "ok")));
    json_decref(message);
    assert_int_equal(jsonrpc_reader_next(&reader, &message, &error), 0);
    jsonrpc_reader_free(&reader);
}

static void test_line_limit(void **state)
{
    struct jsonrpc_reader reader;
    static char chunk[1024 * 1024];
    (void)state;

    memset(chunk, ' ', sizeof(chunk));
    jsonrpc_reader_init(&reader);
    for (unsigned i = 0; i < JSONRPC_MAX_LINE / sizeof(chunk); i++)
        assert_int_equal(jsonrpc_reader_feed(&reader, chunk, sizeof(chunk)), 0);
    assert_int_equal(jsonrpc_reader_feed(&reader, "x", 1), -1);
    jsonrpc_reader_free(&reader);
}

static void test_validate_request(void **state)
{
    (void)state;
    json_t *good = jsonrpc_request(7, "dataplane.status", NULL);
    assert_null(jsonrpc_validate_request(good));
    json_decref(good);

    const char *bad[] = {
        "{\"method\":\"x\"}",
        "{\"jsonrpc\":\"1.0\",\"method\":\"x\"}",
        "{\"jsonrpc\":\"2.0\"}",
        "{\"jsonrpc\":\"2.0\",\"method\":5}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":3}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"id\":{}}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        json_t *message = json_loads(bad[i], 0, NULL);
        assert_non_null(message);
        assert_non_null(jsonrpc_validate_request(message));
        json_decref(message);
    }
}

static void test_constructors(void **state)
{
    (void)state;
    json_t *id = json_integer(3);
    json_t *error = jsonrpc_error(id, JSONRPC_INVALID_PARAMS, "bad", json_string("field"));
    size_t length;
    char *line = jsonrpc_encode(error, &length);
    assert_string_equal(line, "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,"
                              "\"message\":\"bad\",\"data\":\"field\"}}\n");
    assert_int_equal(length, strlen(line));
    free(line);
    json_decref(error);
    json_t *result = jsonrpc_result(id, json_pack("{s:i}", "n", 1));
    line = jsonrpc_encode(result, &length);
    assert_string_equal(line, "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"n\":1}}\n");
    free(line);
    json_decref(result);
    json_decref(id);
}

static void test_unknown_member(void **state)
{
    static const char *const allowed[] = {"vnet", "cursor", NULL};
    static const char *const none[] = {NULL};
    (void)state;
    json_t *params = json_pack("{s:s, s:i}", "vnet", "A", "cursor", 3);
    assert_null(jsonrpc_unknown_member(params, allowed));
    assert_string_equal(jsonrpc_unknown_member(params, none), "vnet");
    json_object_set_new(params, "curser", json_integer(1));
    assert_string_equal(jsonrpc_unknown_member(params, allowed), "curser");
    json_decref(params);
    json_t *empty = json_object();
    assert_null(jsonrpc_unknown_member(empty, none));
    json_decref(empty);
}

static int notifications_seen;

static void count_notification(json_t *message, void *arg)
{
    (void)message;
    (void)arg;
    notifications_seen++;
}

static void test_call_skips_notifications(void **state)
{
    int fds[2];
    struct jsonrpc_reader reader;
    json_t *result, *error;
    (void)state;

    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    /* the peer's answers are queued before the call: an event, an answer
     * to another id, then ours (the first call made gets id 1) */
    const char *answers = "{\"jsonrpc\":\"2.0\",\"method\":\"dataplane.event\",\"params\":{}}\n"
                          "{\"jsonrpc\":\"2.0\",\"id\":99,\"result\":{}}\n"
                          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"generation\":4}}\n"
                          "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32601,"
                          "\"message\":\"no method\"}}\n";
    assert_int_equal(write(fds[1], answers, strlen(answers)), (ssize_t)strlen(answers));
    jsonrpc_reader_init(&reader);
    assert_int_equal(jsonrpc_call(fds[0], &reader, "dataplane.status", NULL, &result, &error,
                                  count_notification, NULL),
                     0);
    assert_int_equal(json_integer_value(json_object_get(result, "generation")), 4);
    assert_int_equal(notifications_seen, 1);
    json_decref(result);
    assert_int_equal(jsonrpc_call(fds[0], &reader, "nope", NULL, &result, &error, NULL, NULL), 1);
    assert_int_equal(json_integer_value(json_object_get(error, "code")), JSONRPC_METHOD_NOT_FOUND);
    json_decref(error);
    close(fds[1]);
    /* the peer went away: -1, not a hang */
    assert_int_equal(jsonrpc_call(fds[0], &reader, "x", NULL, &result, &error, NULL, NULL), -1);
    close(fds[0]);
    jsonrpc_reader_free(&reader);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partial_and_multiple_lines),
        cmocka_unit_test(test_bad_lines_are_consumed),
        cmocka_unit_test(test_line_limit),
        cmocka_unit_test(test_validate_request),
        cmocka_unit_test(test_constructors),
        cmocka_unit_test(test_unknown_member),
        cmocka_unit_test(test_call_skips_notifications),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
