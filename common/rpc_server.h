/*
 * rpc_server: a small JSON-RPC 2.0 server on a Unix stream socket, run by
 * one thread around poll(), for the daemons of OpenVC (vc-manager; the
 * dataplane's control socket is to be ported onto it).
 *
 * It listens, accepts up to a cap of clients (one more is told "too many
 * clients" and closed), reads lines with jsonrpc_reader, checks each request
 * (jsonrpc_validate_request, params an object or absent), dispatches it to a
 * table of methods and answers with the handler's result or a typed error.
 * A line that is not JSON gets a parse error and the connection stays; a line
 * longer than JSONRPC_MAX_LINE closes it. Every accepted socket has a send
 * timeout, so a client that stops reading cannot stall the server: a send that
 * times out disconnects that client. Notifications go to the clients that
 * called a method marked `subscribes`. A tick callback runs every tick_ms
 * (between requests, never inside one), and rpc_server_stop (safe from a
 * signal handler) ends rpc_server_run.
 *
 * Not thread-safe: everything but rpc_server_stop must be called from the
 * thread that runs the server (handlers and the tick may call
 * rpc_server_notify). Nothing is logged: errors are returned.
 */
#ifndef OPENVC_COMMON_RPC_SERVER_H
#define OPENVC_COMMON_RPC_SERVER_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define RPC_SERVER_MESSAGE_MAX        512 /* error message buffer handed to handlers */
#define RPC_SERVER_DEFAULT_CLIENTS    64
#define RPC_SERVER_DEFAULT_TICK_MS    100
#define RPC_SERVER_DEFAULT_TIMEOUT_MS 1000 /* send timeout per client */
#define RPC_SERVER_MAX_SOCKETS        4    /* listening sockets, options.path included */

/* One method. The handler gets params (always an object, never NULL) and
 * either returns 0 with *result set (a new reference; NULL means {}), or
 * returns non-zero with *code (a JSON-RPC error code, preset to
 * JSONRPC_INTERNAL_ERROR) and message (RPC_SERVER_MESSAGE_MAX bytes, preset
 * to "") filled in; *result is then ignored (and released if set).
 * subscribes: a successful call subscribes the calling client to
 * notifications. */
struct rpc_method {
    const char *name;
    int (*handler)(json_t *params, json_t **result, int *code, char *message, void *ctx);
    bool subscribes;
};

struct rpc_server_options {
    const char *path;                 /* socket path; an old socket file there is replaced */
    const struct rpc_method *methods; /* table, n_methods entries, kept by reference */
    size_t n_methods;
    void *ctx;                /* handed to every handler and to tick */
    unsigned max_clients;     /* 0 = RPC_SERVER_DEFAULT_CLIENTS */
    unsigned send_timeout_ms; /* 0 = RPC_SERVER_DEFAULT_TIMEOUT_MS */
    unsigned tick_ms;         /* 0 = RPC_SERVER_DEFAULT_TICK_MS */
    void (*tick)(void *ctx);  /* may be NULL */
};

struct rpc_server;

/* rpc_server_create: bind and listen on options->path (mode 0660).
 * error/error_size: a one-line reason, may be NULL/0. Returns the server, or
 * NULL when the path is too long, the socket cannot be made or bound, or
 * memory is short. */
struct rpc_server *rpc_server_create(const struct rpc_server_options *options, char *error,
                                     size_t error_size);

/* rpc_server_add_socket: listen on one more socket at `path` (mode 0660, an
 * old socket file replaced) whose clients may call only `methods` (n_methods
 * entries, kept by reference; the server's ctx is handed to them). Returns
 * 0, or -1 with error filled when the path is too long or cannot be bound,
 * RPC_SERVER_MAX_SOCKETS are listening already, or an argument is NULL. */
int rpc_server_add_socket(struct rpc_server *server, const char *path,
                          const struct rpc_method *methods, size_t n_methods, char *error,
                          size_t error_size);

/* rpc_server_destroy: close every client and the listening sockets, remove
 * the socket files. NULL is accepted. */
void rpc_server_destroy(struct rpc_server *server);

/* rpc_server_poll: one turn of the loop: wait up to timeout_ms for sockets
 * (less if the tick falls due earlier), accept, serve whole requests, run the
 * tick when due. Returns 0, or -1 with errno when poll() fails for another
 * reason than EINTR. */
int rpc_server_poll(struct rpc_server *server, int timeout_ms);

/* rpc_server_run: rpc_server_poll until rpc_server_stop. Returns 0 when
 * stopped, -1 with errno when poll() failed. */
int rpc_server_run(struct rpc_server *server);

/* rpc_server_stop: make rpc_server_run return after the current turn.
 * Async-signal-safe. */
void rpc_server_stop(struct rpc_server *server);

/* rpc_server_notify: send the notification {method, params} to every
 * subscribed client; params_stolen is released (may be NULL: {}). A client
 * whose send fails or times out is disconnected. Returns how many clients
 * got it. */
int rpc_server_notify(struct rpc_server *server, const char *method, json_t *params_stolen);

/* rpc_server_client_count: connected clients (for tests and status). */
unsigned rpc_server_client_count(const struct rpc_server *server);

#endif
