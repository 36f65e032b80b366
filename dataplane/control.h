/*
 * control: the control socket (JSON-RPC 2.0 over a Unix stream socket) and
 * the housekeeping of the main lcore: link polling, events, MAC aging.
 */
#ifndef OPENVC_DATAPLANE_CONTROL_H
#define OPENVC_DATAPLANE_CONTROL_H

#include <stdbool.h>

#include "dataplane/runtime.h"

struct control_options {
    const char *socket_path;
    bool test_clock; /* allow dataplane.clock (stop/warp) for tests */
};

/* control_run: serve until rt->quit is set; returns 0, or -1 if the socket
 * could not be made (logged). */
int control_run(struct dp_runtime *rt, const struct control_options *options);

#endif
