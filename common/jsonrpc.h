/*
 * jsonrpc: JSON-RPC 2.0 framing shared by every OpenVC process.
 *
 * On the wire each message is one line: compact JSON followed by '\n' over
 * a Unix stream socket (JSON escapes newlines inside strings, so a line is
 * always exactly one message). A line longer than JSONRPC_MAX_LINE is a
 * protocol error and the peer is disconnected. Requests carry an "id";
 * notifications (events) have none.
 */
#ifndef OPENVC_COMMON_JSONRPC_H
#define OPENVC_COMMON_JSONRPC_H

#include <jansson.h>
#include <stddef.h>
#include <stdbool.h>

#define JSONRPC_MAX_LINE (16u * 1024u * 1024u)

/* standard error codes */
#define JSONRPC_PARSE_ERROR      -32700
#define JSONRPC_INVALID_REQUEST  -32600
#define JSONRPC_METHOD_NOT_FOUND -32601
#define JSONRPC_INVALID_PARAMS   -32602
#define JSONRPC_INTERNAL_ERROR   -32603
/* OpenVC error codes (server-defined range) */
#define JSONRPC_INVALID_CONFIG   -32001 /* a configuration document was refused */
#define JSONRPC_NOT_FOUND        -32002 /* a named object does not exist */
#define JSONRPC_STALE_GENERATION -32003 /* older generation than the running one */
#define JSONRPC_BUSY             -32004 /* resource exhausted (sessions, memory) */
#define JSONRPC_AUTH_FAILED      -32005 /* session.login: invalid username or password */

/* Incremental reader: feed it bytes as they arrive, take whole lines out. */
struct jsonrpc_reader {
    char *buffer;
    size_t length;
    size_t capacity;
};

void jsonrpc_reader_init(struct jsonrpc_reader *reader);
void jsonrpc_reader_free(struct jsonrpc_reader *reader);
/* jsonrpc_reader_feed: append bytes; returns -1 (and drops them) when the
 * pending line would exceed JSONRPC_MAX_LINE or memory runs out, else 0. */
int jsonrpc_reader_feed(struct jsonrpc_reader *reader, const void *data, size_t length);
/* jsonrpc_reader_next: take the next whole line out of the buffer.
 * Returns 1 and sets *message (new reference) when a line parsed as a JSON
 * object, 0 when no whole line is buffered yet, -1 when a line was not a
 * JSON object (error->text says why; the line is consumed). */
int jsonrpc_reader_next(struct jsonrpc_reader *reader, json_t **message, json_error_t *error);
/* jsonrpc_reader_next_request: as jsonrpc_reader_next for a server, which
 * also takes a batch: 2 and *message (the array, maybe empty) for a line
 * that is a JSON array. */
int jsonrpc_reader_next_request(struct jsonrpc_reader *reader, json_t **message,
                                json_error_t *error);

/* Message constructors; each returns a new reference. id may be NULL. */
json_t *jsonrpc_request(json_int_t id, const char *method, json_t *params_stolen);
json_t *jsonrpc_notification(const char *method, json_t *params_stolen);
json_t *jsonrpc_result(json_t *id, json_t *result_stolen);
json_t *jsonrpc_error(json_t *id, int code, const char *message, json_t *data_stolen);

/* jsonrpc_validate_request: checks the "jsonrpc", "method", "params" and
 * "id" members; returns NULL if valid, else a static reason. */
const char *jsonrpc_validate_request(json_t *message);

/* jsonrpc_unknown_member: the first member of the object `params` whose
 * name is not in the NULL-ended list `allowed`, or NULL when there is none.
 * Servers refuse such members, so a typo never silently does nothing. */
const char *jsonrpc_unknown_member(json_t *params, const char *const *allowed);

/* jsonrpc_encode: one line (with the '\n'); caller frees. */
char *jsonrpc_encode(json_t *message, size_t *length);
/* jsonrpc_send: write one message to a blocking fd; -1 with errno on error. */
int jsonrpc_send(int fd, json_t *message);

/* jsonrpc_connect: connect a stream socket to a Unix socket path; -1 on error. */
int jsonrpc_connect(const char *path);
/* jsonrpc_call: send a request and wait for its answer on a blocking fd,
 * skipping notifications (handed to on_notification if not NULL).
 * Returns 0 and *result (new ref) on success; 1 and *error (new ref, the
 * error object) if the peer answered an error; -1 on I/O or protocol failure. */
int jsonrpc_call(int fd, struct jsonrpc_reader *reader, const char *method, json_t *params_stolen,
                 json_t **result, json_t **error,
                 void (*on_notification)(json_t *message, void *arg), void *arg);

#endif
