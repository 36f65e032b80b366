/*
 * rpc_server: JSON-RPC 2.0 over a Unix stream socket on poll(), one thread.
 *
 * Why a module of its own: every OpenVC daemon serves the same framing
 * (common/jsonrpc.h) with the same defences -- a cap on clients, a send
 * timeout so a stalled client cannot block the daemon, garbage answered
 * instead of crashing anything -- and only the method table differs.
 * See rpc_server.h for the contract.
 */
#include "common/rpc_server.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/jsonrpc.h"

struct rpc_client {
    int fd; /* -1 = free slot */
    bool subscribed;
    unsigned listener; /* the socket it came through: its method table */
    struct jsonrpc_reader reader;
};

/* One listening socket and the methods served to the clients it accepts. */
struct rpc_listener {
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    int fd;
    const struct rpc_method *methods;
    size_t n_methods;
};

struct rpc_server {
    struct rpc_server_options options;
    struct rpc_listener listeners[RPC_SERVER_MAX_SOCKETS]; /* [0]: options.path */
    unsigned n_listeners;
    struct rpc_client *clients;
    struct pollfd *fds;
    unsigned *map;
    uint64_t next_tick_ms;
    volatile sig_atomic_t stop;
};

/* rpc_server_now_ms: monotonic milliseconds (the tick is wall-clock pacing,
 * not model time, so it does not follow the test clock). */
static uint64_t rpc_server_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

static void rpc_server_error(char *error, size_t error_size, const char *what, int err)
{
    if (error && error_size)
        snprintf(error, error_size, "%s: %s", what, strerror(err));
}

/* rpc_server_close_client: free the slot of `client`. */
static void rpc_server_close_client(struct rpc_client *client)
{
    if (client->fd < 0)
        return;
    close(client->fd);
    client->fd = -1;
    client->subscribed = false;
    jsonrpc_reader_free(&client->reader);
}

/* rpc_server_listen: a non-blocking listening socket bound to path, or -1
 * with errno (ENAMETOOLONG for a path that does not fit). */
static int rpc_server_listen(const char *path)
{
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    int fd;

    if (strlen(path) >= sizeof(address.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(address.sun_path, path);
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&address, sizeof(address)) < 0 || listen(fd, 16) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    chmod(path, 0660);
    return fd;
}

int rpc_server_add_socket(struct rpc_server *server, const char *path,
                          const struct rpc_method *methods, size_t n_methods, char *error,
                          size_t error_size)
{
    struct rpc_listener *l;

    if (path == NULL || (n_methods && !methods) || server->n_listeners == RPC_SERVER_MAX_SOCKETS) {
        rpc_server_error(error, error_size, "rpc server socket", EINVAL);
        return -1;
    }
    l = &server->listeners[server->n_listeners];
    if (strlen(path) >= sizeof(l->path)) {
        if (error && error_size)
            snprintf(error, error_size, "socket path longer than %zu characters: %s",
                     sizeof(l->path) - 1, path);
        return -1;
    }
    l->fd = rpc_server_listen(path);
    if (l->fd < 0) {
        if (error && error_size)
            snprintf(error, error_size, "socket %s: %s", path, strerror(errno));
        return -1;
    }
    strcpy(l->path, path);
    l->methods = methods;
    l->n_methods = n_methods;
    server->n_listeners++;
    return 0;
}

struct rpc_server *rpc_server_create(const struct rpc_server_options *options, char *error,
                                     size_t error_size)
{
    struct rpc_server *server;

    if (options == NULL || options->path == NULL || (options->n_methods && !options->methods)) {
        rpc_server_error(error, error_size, "rpc server", EINVAL);
        return NULL;
    }
    server = calloc(1, sizeof(*server));
    if (server == NULL) {
        rpc_server_error(error, error_size, "rpc server", ENOMEM);
        return NULL;
    }
    server->options = *options;
    if (server->options.max_clients == 0)
        server->options.max_clients = RPC_SERVER_DEFAULT_CLIENTS;
    if (server->options.send_timeout_ms == 0)
        server->options.send_timeout_ms = RPC_SERVER_DEFAULT_TIMEOUT_MS;
    if (server->options.tick_ms == 0)
        server->options.tick_ms = RPC_SERVER_DEFAULT_TICK_MS;
    server->clients = calloc(server->options.max_clients, sizeof(*server->clients));
    server->fds =
        calloc(server->options.max_clients + RPC_SERVER_MAX_SOCKETS, sizeof(*server->fds));
    server->map =
        calloc(server->options.max_clients + RPC_SERVER_MAX_SOCKETS, sizeof(*server->map));
    if (!server->clients || !server->fds || !server->map) {
        rpc_server_error(error, error_size, "rpc server", ENOMEM);
        rpc_server_destroy(server);
        return NULL;
    }
    for (unsigned i = 0; i < server->options.max_clients; i++)
        server->clients[i].fd = -1;
    if (rpc_server_add_socket(server, options->path, options->methods, options->n_methods, error,
                              error_size) < 0) {
        rpc_server_destroy(server);
        return NULL;
    }
    server->next_tick_ms = rpc_server_now_ms() + server->options.tick_ms;
    return server;
}

void rpc_server_destroy(struct rpc_server *server)
{
    if (server == NULL)
        return;
    if (server->clients)
        for (unsigned i = 0; i < server->options.max_clients; i++)
            rpc_server_close_client(&server->clients[i]);
    for (unsigned i = 0; i < server->n_listeners; i++) {
        close(server->listeners[i].fd);
        unlink(server->listeners[i].path);
    }
    free(server->clients);
    free(server->fds);
    free(server->map);
    free(server);
}

void rpc_server_stop(struct rpc_server *server)
{
    server->stop = 1;
}

unsigned rpc_server_client_count(const struct rpc_server *server)
{
    unsigned count = 0;
    for (unsigned i = 0; i < server->options.max_clients; i++)
        count += server->clients[i].fd >= 0;
    return count;
}

int rpc_server_notify(struct rpc_server *server, const char *method, json_t *params_stolen)
{
    json_t *message = jsonrpc_notification(method, params_stolen);
    int sent = 0;

    for (unsigned i = 0; i < server->options.max_clients; i++) {
        struct rpc_client *client = &server->clients[i];
        if (client->fd < 0 || !client->subscribed)
            continue;
        if (jsonrpc_send(client->fd, message) < 0)
            rpc_server_close_client(client); /* it does not read its events */
        else
            sent++;
    }
    json_decref(message);
    return sent;
}

/* rpc_server_find: the method named `name` in the table of the socket
 * `client` came through, or NULL. */
static const struct rpc_method *rpc_server_find(const struct rpc_server *server,
                                                const struct rpc_client *client, const char *name)
{
    const struct rpc_listener *l = &server->listeners[client->listener];
    for (size_t i = 0; i < l->n_methods; i++)
        if (strcmp(l->methods[i].name, name) == 0)
            return &l->methods[i];
    return NULL;
}

/* rpc_server_answer: the answer to one request of `client` (new
 * reference), NULL for a notification. */
static json_t *rpc_server_answer(struct rpc_server *server, struct rpc_client *client,
                                 json_t *message)
{
    const char *invalid = json_is_object(message) ? jsonrpc_validate_request(message)
                                                  : "a request must be a JSON object";
    json_t *id = json_object_get(message, "id");

    if (invalid) {
        return jsonrpc_error(id, JSONRPC_INVALID_REQUEST, invalid, NULL);
    } else {
        const char *name = json_string_value(json_object_get(message, "method"));
        json_t *params = json_object_get(message, "params");
        const struct rpc_method *method = rpc_server_find(server, client, name);
        json_t *result = NULL, *empty = NULL;
        int code = JSONRPC_INTERNAL_ERROR;
        char text[RPC_SERVER_MESSAGE_MAX] = "";
        int rc;

        if (params == NULL)
            params = empty = json_object();
        if (method == NULL) {
            snprintf(text, sizeof(text), "no method \"%s\"", name);
            code = JSONRPC_METHOD_NOT_FOUND;
            rc = -1;
        } else if (!json_is_object(params)) {
            snprintf(text, sizeof(text), "params must be an object");
            code = JSONRPC_INVALID_PARAMS;
            rc = -1;
        } else {
            rc = method->handler(params, &result, &code, text, server->options.ctx);
            if (rc == 0 && method->subscribes)
                client->subscribed = true;
        }
        json_decref(empty);
        if (rc != 0) {
            json_decref(result);
            result = NULL;
            if (text[0] == '\0')
                snprintf(text, sizeof(text), "%s failed", name);
        }
        if (id == NULL) { /* a notification gets no answer */
            json_decref(result);
            return NULL;
        }
        return rc == 0 ? jsonrpc_result(id, result ? result : json_object())
                       : jsonrpc_error(id, code, text, NULL);
    }
}

/* rpc_server_handle: answer one parsed line of `client`: a request, or a
 * batch (JSON-RPC 2.0: an array of requests, answered by one array of the
 * answers in order, notifications left out; nothing when all were
 * notifications; an empty batch is one Invalid Request). Returns -1 when
 * the answer could not be sent (the client must go), else 0. */
static int rpc_server_handle(struct rpc_server *server, struct rpc_client *client, json_t *message)
{
    json_t *reply;

    if (!json_is_array(message)) {
        reply = rpc_server_answer(server, client, message);
    } else if (json_array_size(message) == 0) {
        reply = jsonrpc_error(NULL, JSONRPC_INVALID_REQUEST, "empty batch", NULL);
    } else {
        json_t *request;
        size_t i;
        reply = json_array();
        json_array_foreach(message, i, request)
        {
            json_t *answer = rpc_server_answer(server, client, request);
            if (answer != NULL)
                json_array_append_new(reply, answer);
        }
        if (json_array_size(reply) == 0) {
            json_decref(reply);
            reply = NULL;
        }
    }
    if (reply == NULL)
        return 0;
    int rc = jsonrpc_send(client->fd, reply);
    json_decref(reply);
    return rc;
}

/* rpc_server_send_error: best-effort error without an id (parse errors,
 * refusals); returns what jsonrpc_send returned. */
static int rpc_server_send_error(int fd, int code, const char *text)
{
    json_t *reply = jsonrpc_error(NULL, code, text, NULL);
    int rc = jsonrpc_send(fd, reply);
    json_decref(reply);
    return rc;
}

/* rpc_server_read: read what `client` sent and serve its whole lines. */
static void rpc_server_read(struct rpc_server *server, struct rpc_client *client)
{
    char chunk[65536];
    ssize_t n = recv(client->fd, chunk, sizeof(chunk), MSG_DONTWAIT);

    if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (n <= 0) {
        rpc_server_close_client(client);
        return;
    }
    if (jsonrpc_reader_feed(&client->reader, chunk, (size_t)n) < 0) {
        rpc_server_send_error(client->fd, JSONRPC_PARSE_ERROR, "line too long");
        rpc_server_close_client(client);
        return;
    }
    for (;;) {
        json_t *message;
        json_error_t error;
        int got = jsonrpc_reader_next_request(&client->reader, &message, &error);
        if (got == 0)
            return;
        if (got < 0) {
            char text[256];
            snprintf(text, sizeof(text), "not a JSON request: %s", error.text);
            if (rpc_server_send_error(client->fd, JSONRPC_PARSE_ERROR, text) < 0) {
                rpc_server_close_client(client);
                return;
            }
            continue; /* the bad line is consumed; the connection stays usable */
        }
        int rc = rpc_server_handle(server, client, message);
        json_decref(message);
        if (rc < 0) {
            rpc_server_close_client(client);
            return;
        }
    }
}

/* rpc_server_accept: take one pending connection of listening socket
 * `listener`, or refuse it when full. */
static void rpc_server_accept(struct rpc_server *server, unsigned listener)
{
    int fd = accept4(server->listeners[listener].fd, NULL, NULL, SOCK_CLOEXEC);
    unsigned i;

    if (fd < 0)
        return;
    struct timeval timeout = {.tv_sec = server->options.send_timeout_ms / 1000,
                              .tv_usec = (server->options.send_timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    for (i = 0; i < server->options.max_clients && server->clients[i].fd >= 0; i++)
        ;
    if (i == server->options.max_clients) {
        rpc_server_send_error(fd, JSONRPC_BUSY, "too many clients");
        close(fd);
        return;
    }
    server->clients[i].fd = fd;
    server->clients[i].subscribed = false;
    server->clients[i].listener = listener;
    jsonrpc_reader_init(&server->clients[i].reader);
}

int rpc_server_poll(struct rpc_server *server, int timeout_ms)
{
    unsigned n = 0;
    uint64_t now = rpc_server_now_ms();

    if (server->next_tick_ms <= now)
        timeout_ms = 0;
    else if (timeout_ms < 0 || (uint64_t)timeout_ms > server->next_tick_ms - now)
        timeout_ms = (int)(server->next_tick_ms - now);
    for (unsigned l = 0; l < server->n_listeners; l++) {
        server->fds[n].fd = server->listeners[l].fd;
        server->fds[n++].events = POLLIN;
    }
    for (unsigned i = 0; i < server->options.max_clients; i++) {
        if (server->clients[i].fd < 0)
            continue;
        server->map[n] = i;
        server->fds[n].fd = server->clients[i].fd;
        server->fds[n++].events = POLLIN;
    }
    int ready = poll(server->fds, n, timeout_ms);
    if (ready < 0 && errno != EINTR)
        return -1;
    for (unsigned k = server->n_listeners; ready > 0 && k < n; k++)
        if (server->fds[k].revents & (POLLIN | POLLHUP | POLLERR))
            rpc_server_read(server, &server->clients[server->map[k]]);
    for (unsigned l = 0; ready > 0 && l < server->n_listeners; l++)
        if (server->fds[l].revents & POLLIN)
            rpc_server_accept(server, l);
    now = rpc_server_now_ms();
    if (now >= server->next_tick_ms) {
        server->next_tick_ms = now + server->options.tick_ms;
        if (server->options.tick)
            server->options.tick(server->options.ctx);
    }
    return 0;
}

int rpc_server_run(struct rpc_server *server)
{
    while (!server->stop)
        if (rpc_server_poll(server, (int)server->options.tick_ms) < 0)
            return -1;
    return 0;
}
