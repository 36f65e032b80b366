/*
 * dataplane_sync: the manager's side of the dataplane control socket.
 *
 * Why non-blocking: the manager serves its own clients from one poll loop;
 * a dataplane that is restarting, slow or gone must never stall it. So the
 * connection is a non-blocking socket with an output buffer, answers are
 * read whenever the manager ticks, and every decision (resend, reconnect)
 * is taken from what came back. The dataplane accepts the same generation
 * again as a no-op, so resending the whole document after any doubt is
 * always safe. See dataplane_sync.h.
 */
#include "mgmt/dataplane_sync.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/jsonrpc.h"
#include "common/methods.h"

struct dataplane_sync {
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    int fd;
    struct jsonrpc_reader reader;
    char *out; /* bytes still to send */
    size_t out_length;
    size_t out_offset;
    json_t *document; /* current document, NULL = none yet */
    uint64_t generation;
    uint64_t applied_generation;
    uint64_t running_generation;
    uint64_t refused_generation; /* refused by the dataplane: not resent */
    json_int_t next_id;
    json_int_t apply_id; /* 0 = no apply in flight */
    uint64_t apply_generation;
    uint64_t apply_sent_ms;
    json_int_t status_id; /* 0 = no status in flight */
    uint64_t status_sent_ms;
    uint64_t last_status_ms;
    unsigned pushes;
    unsigned reconnects;
    int last_error_code;
    char last_error[DATAPLANE_SYNC_ERROR_MAX];
};

static const char *const dataplane_sync_methods[] = {
#define DATAPLANE_SYNC_METHOD_NAME(name, wire, help) wire,
    DATAPLANE_FOREACH_METHOD(DATAPLANE_SYNC_METHOD_NAME)
#undef DATAPLANE_SYNC_METHOD_NAME
};

/* dataplane_sync_now_ms: monotonic milliseconds. */
static uint64_t dataplane_sync_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

struct dataplane_sync *dataplane_sync_create(const char *path)
{
    struct dataplane_sync *sync;

    if (path == NULL || strlen(path) >= sizeof(sync->path))
        return NULL;
    sync = calloc(1, sizeof(*sync));
    if (sync == NULL)
        return NULL;
    strcpy(sync->path, path);
    sync->fd = -1;
    sync->next_id = 1;
    jsonrpc_reader_init(&sync->reader);
    return sync;
}

/* dataplane_sync_disconnect: forget the connection and everything in
 * flight on it; the next tick reconnects and resends. */
static void dataplane_sync_disconnect(struct dataplane_sync *sync)
{
    if (sync->fd >= 0)
        close(sync->fd);
    sync->fd = -1;
    jsonrpc_reader_free(&sync->reader);
    jsonrpc_reader_init(&sync->reader);
    free(sync->out);
    sync->out = NULL;
    sync->out_length = sync->out_offset = 0;
    sync->apply_id = sync->status_id = 0;
    sync->applied_generation = 0;
    sync->running_generation = 0;
}

void dataplane_sync_destroy(struct dataplane_sync *sync)
{
    if (sync == NULL)
        return;
    dataplane_sync_disconnect(sync);
    jsonrpc_reader_free(&sync->reader);
    json_decref(sync->document);
    free(sync);
}

/* dataplane_sync_connect: try once, non-blocking. A Unix socket connects at
 * once or fails (no listener, no file), so no connect in progress is kept. */
static void dataplane_sync_connect(struct dataplane_sync *sync)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

    if (fd < 0)
        return;
    strcpy(address.sun_path, sync->path);
    if (connect(fd, (struct sockaddr *)&address, sizeof(address)) < 0) {
        close(fd);
        return;
    }
    sync->fd = fd;
    sync->reconnects++;
    sync->last_status_ms = 0; /* ask at once */
}

/* dataplane_sync_flush: send what the output buffer holds, as far as the
 * socket takes it. A hard error drops the connection. */
static void dataplane_sync_flush(struct dataplane_sync *sync)
{
    while (sync->fd >= 0 && sync->out_offset < sync->out_length) {
        ssize_t n = send(sync->fd, sync->out + sync->out_offset,
                         sync->out_length - sync->out_offset, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                dataplane_sync_disconnect(sync);
            return;
        }
        sync->out_offset += (size_t)n;
    }
    if (sync->out_offset == sync->out_length) {
        free(sync->out);
        sync->out = NULL;
        sync->out_length = sync->out_offset = 0;
    }
}

/* dataplane_sync_send: queue one request; returns its id, or 0 when it
 * could not be encoded (memory). */
static json_int_t dataplane_sync_send(struct dataplane_sync *sync, const char *method,
                                      json_t *params_stolen)
{
    json_int_t id = sync->next_id++;
    json_t *request = jsonrpc_request(id, method, params_stolen);
    size_t length;
    char *line = jsonrpc_encode(request, &length);

    json_decref(request);
    if (line == NULL)
        return 0;
    char *grown = realloc(sync->out, sync->out_length + length);
    if (grown == NULL) {
        free(line);
        return 0;
    }
    memcpy(grown + sync->out_length, line, length);
    free(line);
    sync->out = grown;
    sync->out_length += length;
    dataplane_sync_flush(sync);
    return id;
}

/* dataplane_sync_answer: take in one answer of the dataplane. */
static void dataplane_sync_answer(struct dataplane_sync *sync, json_t *message)
{
    json_t *id = json_object_get(message, "id");
    json_t *result = json_object_get(message, "result");
    json_t *error = json_object_get(message, "error");

    if (!json_is_integer(id))
        return; /* events and id-less errors */
    if (json_integer_value(id) == sync->apply_id && sync->apply_id) {
        sync->apply_id = 0;
        if (result) {
            sync->applied_generation = sync->apply_generation;
            if (sync->running_generation < sync->apply_generation)
                sync->running_generation = sync->apply_generation;
            sync->last_error_code = 0;
            sync->last_error[0] = '\0';
        } else {
            sync->refused_generation = sync->apply_generation;
            sync->last_error_code = (int)json_integer_value(json_object_get(error, "code"));
            snprintf(sync->last_error, sizeof(sync->last_error), "%s",
                     json_string_value(json_object_get(error, "message"))
                         ? json_string_value(json_object_get(error, "message"))
                         : "refused");
        }
    } else if (json_integer_value(id) == sync->status_id && sync->status_id) {
        sync->status_id = 0;
        json_t *generation = json_object_get(result, "generation");
        if (!json_is_integer(generation))
            return;
        sync->running_generation = (uint64_t)json_integer_value(generation);
        /* a restarted dataplane (or one somebody else reconfigured) runs an
         * older generation than the one it acknowledged: push again */
        if (sync->running_generation < sync->generation && sync->apply_id == 0)
            sync->applied_generation = 0;
    }
}

/* dataplane_sync_read: read what arrived and handle whole answers. */
static void dataplane_sync_read(struct dataplane_sync *sync)
{
    char chunk[65536];

    while (sync->fd >= 0) {
        ssize_t n = recv(sync->fd, chunk, sizeof(chunk), MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0 || jsonrpc_reader_feed(&sync->reader, chunk, (size_t)n) < 0) {
            dataplane_sync_disconnect(sync);
            return;
        }
        for (;;) {
            json_t *message;
            json_error_t error;
            int got = jsonrpc_reader_next(&sync->reader, &message, &error);
            if (got == 0)
                break;
            if (got < 0)
                continue;
            dataplane_sync_answer(sync, message);
            json_decref(message);
        }
    }
}

/* dataplane_sync_step: everything a tick does, given the current time. */
static void dataplane_sync_step(struct dataplane_sync *sync, uint64_t now)
{
    if (sync->fd < 0)
        dataplane_sync_connect(sync);
    if (sync->fd < 0)
        return;
    dataplane_sync_flush(sync);
    dataplane_sync_read(sync);
    if (sync->fd < 0)
        return;
    if ((sync->apply_id && now - sync->apply_sent_ms > DATAPLANE_SYNC_ANSWER_MS) ||
        (sync->status_id && now - sync->status_sent_ms > DATAPLANE_SYNC_ANSWER_MS)) {
        dataplane_sync_disconnect(sync); /* a dataplane that does not answer */
        return;
    }
    if (sync->document && sync->apply_id == 0 && sync->applied_generation != sync->generation &&
        sync->refused_generation != sync->generation) {
        sync->apply_id = dataplane_sync_send(sync, dataplane_sync_methods[DATAPLANE_METHOD_APPLY],
                                             json_pack("{s:O}", "document", sync->document));
        if (sync->apply_id) {
            sync->apply_generation = sync->generation;
            sync->apply_sent_ms = now;
            sync->pushes++;
        }
    }
    if (sync->fd >= 0 && sync->status_id == 0 &&
        now - sync->last_status_ms >= DATAPLANE_SYNC_STATUS_MS) {
        sync->status_id =
            dataplane_sync_send(sync, dataplane_sync_methods[DATAPLANE_METHOD_STATUS], NULL);
        sync->status_sent_ms = sync->last_status_ms = now;
    }
}

int dataplane_sync_push(struct dataplane_sync *sync, json_t *document)
{
    json_t *generation = json_object_get(document, "generation");

    if (!json_is_integer(generation) || json_integer_value(generation) < 1)
        return -EINVAL;
    json_incref(document);
    json_decref(sync->document);
    sync->document = document;
    sync->generation = (uint64_t)json_integer_value(generation);
    dataplane_sync_step(sync, dataplane_sync_now_ms());
    return 0;
}

void dataplane_sync_tick(struct dataplane_sync *sync)
{
    dataplane_sync_step(sync, dataplane_sync_now_ms());
}

bool dataplane_sync_wait(struct dataplane_sync *sync, unsigned timeout_ms)
{
    uint64_t deadline = dataplane_sync_now_ms() + timeout_ms;

    for (;;) {
        uint64_t now = dataplane_sync_now_ms();
        dataplane_sync_step(sync, now);
        if (sync->document && sync->applied_generation == sync->generation)
            return true;
        if (now >= deadline || sync->refused_generation == sync->generation)
            return false;
        if (sync->fd < 0) {
            usleep(10000);
            continue;
        }
        struct pollfd pfd = {.fd = sync->fd, .events = POLLIN};
        if (sync->out_length)
            pfd.events |= POLLOUT;
        uint64_t left = deadline - now;
        poll(&pfd, 1, left > 50 ? 50 : (int)left);
    }
}

void dataplane_sync_state(const struct dataplane_sync *sync, struct dataplane_sync_state *state)
{
    state->connected = sync->fd >= 0;
    state->generation = sync->generation;
    state->applied_generation = sync->applied_generation;
    state->running_generation = sync->running_generation;
    state->pushes = sync->pushes;
    state->reconnects = sync->reconnects;
    state->last_error_code = sync->last_error_code;
    snprintf(state->last_error, sizeof(state->last_error), "%s", sync->last_error);
}
