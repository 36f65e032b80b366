/*
 * refresher: the thread that keeps a fresh snapshot ready for vc-snmp's
 * agent -- every refresh_ms it asks the manager (manager_link_fetch) and
 * builds the sorted table (mib_build) aside, then leaves it in a one-slot
 * mailbox that the agent's thread empties with refresher_take.
 *
 * Why a thread: the manager's answers can take a while (interconnect.ports
 * asks the dataplane, server.show the OA), and snmpd gives a subagent about
 * a second per request. So the agent's thread only ever swaps a finished
 * table in, and net-snmp stays on that one thread. A snapshot not taken
 * before the next one is ready is replaced by it. The thread keeps the
 * interfaces' history from one snapshot to the next (ifLastChange).
 *
 * It also watches the generation of the manager's SNMP settings: when it
 * changes (the manager rewrote snmpd's include file), snmpd (its pid from
 * snmpd_pid_file) gets SIGHUP to read it again. vc-snmp runs as snmpd's
 * user, so it may signal it; the manager never needs to.
 */
#ifndef OPENVC_SNMP_REFRESHER_H
#define OPENVC_SNMP_REFRESHER_H

#include <stdbool.h>

#include "snmp/manager_link.h"
#include "snmp/mib.h"

struct refresher;

/* refresher_create: start the thread; it owns link from now on and
 * refreshes at once, then every refresh_ms. version: vcModuleFwRev;
 * snmpd_pid_file: where snmpd's pid is (NULL: settings are not watched).
 * NULL when the thread cannot be started. */
struct refresher *refresher_create(struct manager_link *link, unsigned refresh_ms,
                                   const char *version, const char *snmpd_pid_file);
/* refresher_take: move the newest finished snapshot into *out; false when
 * there is none since the last take. */
bool refresher_take(struct refresher *r, struct mib_snapshot *out);
/* refresher_destroy: stop and join the thread, free the link and any
 * snapshot left. NULL is accepted. */
void refresher_destroy(struct refresher *r);

#endif
