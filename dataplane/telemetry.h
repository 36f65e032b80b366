/*
 * telemetry: the dataplane's counters as DPDK telemetry commands, so that
 * dpdk-telemetry.py (or any client of the telemetry socket) can read them:
 * /openvc/ports, /openvc/flexnics, /openvc/vnets, /openvc/drops, /openvc/status.
 */
#ifndef OPENVC_DATAPLANE_TELEMETRY_H
#define OPENVC_DATAPLANE_TELEMETRY_H

#include "dataplane/runtime.h"

/* telemetry_register: register the commands; returns 0 or -1. */
int telemetry_register(struct dp_runtime *rt);

#endif
