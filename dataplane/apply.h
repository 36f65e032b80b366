/*
 * apply: make a validated configuration snapshot the running one, while
 * the workers keep forwarding (see apply.c for the order of steps).
 */
#ifndef OPENVC_DATAPLANE_APPLY_H
#define OPENVC_DATAPLANE_APPLY_H

#include <stddef.h>

#include "dataplane/runtime.h"

/* apply_config: take ownership of `config` and run it. On failure (a device
 * that cannot be opened) returns -1 with a message naming the field in
 * `error`, frees nothing of the running state and leaves it running; the
 * caller still owns and frees `config`. */
int apply_config(struct dp_runtime *rt, struct dp_config *config, char *error, size_t error_size);

#endif
