/*
 * jsonrpc: line framing, message construction and a blocking client call
 * for the JSON-RPC 2.0 channels between OpenVC processes (see jsonrpc.h).
 */
#include "common/jsonrpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

void jsonrpc_reader_init(struct jsonrpc_reader *reader)
{
    memset(reader, 0, sizeof(*reader));
}

void jsonrpc_reader_free(struct jsonrpc_reader *reader)
{
    free(reader->buffer);
    memset(reader, 0, sizeof(*reader));
}

int jsonrpc_reader_feed(struct jsonrpc_reader *reader, const void *data, size_t length)
{
    if (reader->length + length > JSONRPC_MAX_LINE)
        return -1;
    if (reader->length + length + 1 > reader->capacity) {
        size_t capacity = reader->capacity ? reader->capacity : 4096;
        while (capacity < reader->length + length + 1)
            capacity *= 2;
        char *grown = realloc(reader->buffer, capacity);
        if (grown == NULL)
            return -1;
        reader->buffer = grown;
        reader->capacity = capacity;
    }
    memcpy(reader->buffer + reader->length, data, length);
    reader->length += length;
    reader->buffer[reader->length] = '\0';
    return 0;
}

/* reader_take_line: the next whole line parsed as any JSON value: 1 and
 * *message, 0 when no whole line is buffered, -1 when it is not JSON. */
static int reader_take_line(struct jsonrpc_reader *reader, json_t **message, json_error_t *error)
{
    char *newline;
    size_t line_length;

    *message = NULL;
    if (reader->length == 0)
        return 0;
    newline = memchr(reader->buffer, '\n', reader->length);
    if (newline == NULL)
        return 0;
    line_length = (size_t)(newline - reader->buffer);
    *message = json_loadb(reader->buffer, line_length, JSON_REJECT_DUPLICATES, error);
    memmove(reader->buffer, newline + 1, reader->length - line_length - 1);
    reader->length -= line_length + 1;
    reader->buffer[reader->length] = '\0';
    return *message == NULL ? -1 : 1;
}

int jsonrpc_reader_next(struct jsonrpc_reader *reader, json_t **message, json_error_t *error)
{
    int got = reader_take_line(reader, message, error);
    if (got <= 0)
        return got;
    if (!json_is_object(*message)) {
        json_decref(*message);
        *message = NULL;
        snprintf(error->text, sizeof(error->text), "message is not a JSON object");
        return -1;
    }
    return 1;
}

int jsonrpc_reader_next_request(struct jsonrpc_reader *reader, json_t **message,
                                json_error_t *error)
{
    int got = reader_take_line(reader, message, error);
    if (got <= 0)
        return got;
    if (json_is_array(*message))
        return 2;
    if (!json_is_object(*message)) {
        json_decref(*message);
        *message = NULL;
        snprintf(error->text, sizeof(error->text), "message is not a JSON object or array");
        return -1;
    }
    return 1;
}

json_t *jsonrpc_request(json_int_t id, const char *method, json_t *params_stolen)
{
    json_t *message = json_pack("{s:s, s:I, s:s}", "jsonrpc", "2.0", "id", id, "method", method);
    json_object_set_new(message, "params", params_stolen ? params_stolen : json_object());
    return message;
}

json_t *jsonrpc_notification(const char *method, json_t *params_stolen)
{
    json_t *message = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", method);
    json_object_set_new(message, "params", params_stolen ? params_stolen : json_object());
    return message;
}

json_t *jsonrpc_result(json_t *id, json_t *result_stolen)
{
    json_t *message = json_pack("{s:s}", "jsonrpc", "2.0");
    json_object_set(message, "id", id ? id : json_null());
    json_object_set_new(message, "result", result_stolen ? result_stolen : json_object());
    return message;
}

json_t *jsonrpc_error(json_t *id, int code, const char *message_text, json_t *data_stolen)
{
    json_t *error = json_pack("{s:i, s:s}", "code", code, "message", message_text);
    if (data_stolen)
        json_object_set_new(error, "data", data_stolen);
    json_t *message = json_pack("{s:s}", "jsonrpc", "2.0");
    json_object_set(message, "id", id ? id : json_null());
    json_object_set_new(message, "error", error);
    return message;
}

const char *jsonrpc_validate_request(json_t *message)
{
    json_t *version = json_object_get(message, "jsonrpc");
    json_t *method = json_object_get(message, "method");
    json_t *params = json_object_get(message, "params");
    json_t *id = json_object_get(message, "id");

    if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0)
        return "\"jsonrpc\" must be \"2.0\"";
    if (!json_is_string(method))
        return "\"method\" must be a string";
    if (params != NULL && !json_is_object(params) && !json_is_array(params))
        return "\"params\" must be an object or an array";
    if (id != NULL && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id))
        return "\"id\" must be a number, a string or null";
    return NULL;
}

const char *jsonrpc_unknown_member(json_t *params, const char *const *allowed)
{
    const char *key;
    json_t *value;

    json_object_foreach(params, key, value)
    {
        bool known = false;
        for (const char *const *name = allowed; *name != NULL && !known; name++)
            known = strcmp(*name, key) == 0;
        if (!known)
            return key;
    }
    return NULL;
}

char *jsonrpc_encode(json_t *message, size_t *length)
{
    char *text = json_dumps(message, JSON_COMPACT);
    if (text == NULL)
        return NULL;
    size_t text_length = strlen(text);
    char *line = realloc(text, text_length + 2);
    if (line == NULL) {
        free(text);
        return NULL;
    }
    line[text_length] = '\n';
    line[text_length + 1] = '\0';
    *length = text_length + 1;
    return line;
}

int jsonrpc_send(int fd, json_t *message)
{
    size_t length, sent = 0;
    char *line = jsonrpc_encode(message, &length);

    if (line == NULL) {
        errno = ENOMEM;
        return -1;
    }
    while (sent < length) {
        ssize_t n = send(fd, line + sent, length - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            free(line);
            return -1;
        }
        sent += (size_t)n;
    }
    free(line);
    return 0;
}

int jsonrpc_connect(const char *path)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    int fd;

    if (strlen(path) >= sizeof(address.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(address.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int jsonrpc_call(int fd, struct jsonrpc_reader *reader, const char *method, json_t *params_stolen,
                 json_t **result, json_t **error,
                 void (*on_notification)(json_t *message, void *arg), void *arg)
{
    static json_int_t next_id = 1;
    json_int_t id = next_id++;
    json_t *request = jsonrpc_request(id, method, params_stolen);
    int rc = jsonrpc_send(fd, request);

    json_decref(request);
    *result = NULL;
    *error = NULL;
    if (rc < 0)
        return -1;
    for (;;) {
        json_t *message;
        json_error_t parse_error;
        int got = jsonrpc_reader_next(reader, &message, &parse_error);
        if (got < 0)
            return -1;
        if (got == 0) {
            char chunk[65536];
            ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0 || jsonrpc_reader_feed(reader, chunk, (size_t)n) < 0)
                return -1;
            continue;
        }
        json_t *message_id = json_object_get(message, "id");
        if (message_id == NULL) {
            if (on_notification)
                on_notification(message, arg);
            json_decref(message);
            continue;
        }
        if (!json_is_integer(message_id) || json_integer_value(message_id) != id) {
            json_decref(message);
            continue;
        }
        json_t *error_member = json_object_get(message, "error");
        if (error_member != NULL) {
            *error = json_incref(error_member);
            json_decref(message);
            return 1;
        }
        *result = json_incref(json_object_get(message, "result"));
        json_decref(message);
        return *result ? 0 : -1;
    }
}
