/*
 * agent: vc-snmp's side of net-snmp's agent library -- an AgentX subagent
 * that registers the subtrees of mib.h with the master (snmpd), answers
 * GET / GETNEXT (and so GETBULK) from the current snapshot's sorted table,
 * refuses SETs (notWritable; noCreation for what does not exist), and sends
 * the notifications of the changes between two snapshots.
 *
 * The master may restart: net-snmp's AgentX ping (every ping_s seconds)
 * notices, reconnects and registers the subtrees again by itself. Requests
 * never wait for the manager: they read the snapshot that is there.
 *
 * A known limit, snmpd's and not ours: snmpd reads no AgentX packet over
 * 64 KiB. A GET of more than about 1,250 varbinds in our subtrees (an
 * answer, or even an error that repeats the request's names, of that size)
 * is then never answered: snmpd times it out (genErr) and drops the
 * session, and the ping registers again a second or two later. snmpget
 * sends at most 128 OIDs a request; test_snmp checks a hand-made GET of
 * 1000.
 *
 * One agent per process (net-snmp keeps global state). Not thread-safe.
 */
#ifndef OPENVC_SNMP_AGENT_H
#define OPENVC_SNMP_AGENT_H

#include <stddef.h>

#include "snmp/mib.h"

/* agent_start: become a subagent of the master at agentx_socket (a Unix
 * socket path; NULL: net-snmp's default) and register the subtrees.
 * Returns 0, or -1 with error filled. */
int agent_start(const char *agentx_socket, unsigned ping_s, char *error, size_t error_size);

/* agent_publish: make *snapshot (taken over; *snapshot is zeroed) the one
 * requests are answered from, and send a notification for every watched
 * state that changed since the previous one. Returns how many
 * notifications were sent. */
size_t agent_publish(struct mib_snapshot *snapshot);

/* agent_poll: serve the master for up to timeout_ms (less when net-snmp has
 * an alarm due). */
void agent_poll(int timeout_ms);

/* agent_object_count: objects in the current snapshot. */
size_t agent_object_count(void);

/* agent_stop: unregister, close, free the snapshot. */
void agent_stop(void);

#endif
