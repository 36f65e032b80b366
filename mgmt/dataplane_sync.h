/*
 * dataplane_sync: keeps vc-dataplane running the manager's current
 * configuration document, across dataplane restarts, without ever blocking
 * the manager for long.
 *
 * The manager hands over each new document (dataplane_sync_push); the sync
 * sends `dataplane.apply` on a non-blocking connection to the dataplane's
 * control socket and remembers what the dataplane acknowledged. A periodic
 * dataplane_sync_tick (every ~100 ms from the manager's loop) reconnects when
 * the dataplane is down, resends the whole document after every reconnect,
 * and asks `dataplane.status` every DATAPLANE_SYNC_STATUS_MS: a running
 * generation lower than ours (a restarted dataplane) makes it push again.
 * So a restarted dataplane has the whole state back within a second.
 *
 * Not thread-safe; one instance per manager. Nothing is logged: the state
 * (connected, acknowledged generation, last error) is read with
 * dataplane_sync_state and reported by the caller.
 */
#ifndef OPENVC_MGMT_DATAPLANE_SYNC_H
#define OPENVC_MGMT_DATAPLANE_SYNC_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define DATAPLANE_SYNC_STATUS_MS 300  /* how often dataplane.status is asked */
#define DATAPLANE_SYNC_ANSWER_MS 3000 /* an answer later than this drops the connection */
#define DATAPLANE_SYNC_ERROR_MAX 512

struct dataplane_sync_state {
    bool connected;
    uint64_t generation;         /* of the current document, 0 = none yet */
    uint64_t applied_generation; /* acknowledged by the dataplane on this connection, 0 = none */
    uint64_t running_generation; /* last seen in dataplane.status, 0 = unknown */
    unsigned pushes;             /* dataplane.apply requests sent so far */
    unsigned reconnects;         /* connections made so far */
    int last_error_code;         /* JSON-RPC code of the last refused apply, 0 = none */
    char last_error[DATAPLANE_SYNC_ERROR_MAX]; /* its message, "" = none */
};

struct dataplane_sync;

/* dataplane_sync_create: a sync for the control socket at `path` (copied).
 * Does not connect yet (the first tick or push does). Returns NULL when path
 * is NULL or too long for a Unix socket, or memory is short. */
struct dataplane_sync *dataplane_sync_create(const char *path);

/* dataplane_sync_destroy: close the connection, release the document. NULL
 * is accepted. */
void dataplane_sync_destroy(struct dataplane_sync *sync);

/* dataplane_sync_push: make `document` (a reference is taken; it must hold
 * an integer "generation" >= 1) the current one and send it if connected.
 * Returns 0, or -EINVAL when the document has no valid generation (nothing
 * changes). A document with a generation lower than the current one is
 * accepted (the caller knows best) but the dataplane will refuse it as
 * stale; the refusal shows in dataplane_sync_state. */
int dataplane_sync_push(struct dataplane_sync *sync, json_t *document);

/* dataplane_sync_tick: reconnect if needed, read answers, resend after a
 * restart, ask the status when due. Never blocks. */
void dataplane_sync_tick(struct dataplane_sync *sync);

/* dataplane_sync_wait: tick until the dataplane acknowledged the current
 * generation or timeout_ms passed (waiting on the socket, not spinning).
 * Returns true when acknowledged. */
bool dataplane_sync_wait(struct dataplane_sync *sync, unsigned timeout_ms);

/* dataplane_sync_state: a copy of the current state into *state. */
void dataplane_sync_state(const struct dataplane_sync *sync, struct dataplane_sync_state *state);

#endif
