/*
 * agent: the net-snmp glue of vc-snmp. One handler serves every registered
 * subtree from the current oid_table (mib.h builds it): GET is a binary
 * search, GETNEXT a binary search for the first object after the one asked
 * (within the subtree; past it net-snmp moves on to the next registration),
 * GETBULK is net-snmp's repeated GETNEXT. See agent.h.
 */
#include "snmp/agent.h"

#include <errno.h>
#include <string.h>
#include <sys/select.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

static struct mib_snapshot agent_current;

/* agent_oid_in: a request's OID as uint32_t sub-identifiers; an OID longer
 * than OID_TABLE_MAX_LEN is cut (no object is that long, so GETNEXT finds
 * the same next one). Returns the length, or 0 when cut (for GET: no such
 * object). */
static size_t agent_oid_in(const oid *name, size_t len, uint32_t *out, bool *cut)
{
    *cut = len > OID_TABLE_MAX_LEN;
    if (*cut)
        len = OID_TABLE_MAX_LEN;
    for (size_t i = 0; i < len; i++)
        out[i] = (uint32_t)name[i];
    return len;
}

static void agent_oid_out(const uint32_t *in, size_t len, oid *out)
{
    for (size_t i = 0; i < len; i++)
        out[i] = in[i];
}

/* agent_set_value: the value of e into the varbind. */
static void agent_set_value(netsnmp_variable_list *vb, const struct oid_entry *e)
{
    switch (e->type) {
    case OID_TYPE_INTEGER: {
        long v = (long)(int32_t)(uint32_t)e->number;
        snmp_set_var_typed_value(vb, ASN_INTEGER, &v, sizeof(v));
        break;
    }
    case OID_TYPE_GAUGE32:
    case OID_TYPE_COUNTER32:
    case OID_TYPE_TIMETICKS: {
        u_long v = (u_long)(uint32_t)e->number;
        u_char type = e->type == OID_TYPE_GAUGE32     ? ASN_GAUGE
                      : e->type == OID_TYPE_COUNTER32 ? ASN_COUNTER
                                                      : ASN_TIMETICKS;
        snmp_set_var_typed_value(vb, type, &v, sizeof(v));
        break;
    }
    case OID_TYPE_COUNTER64: {
        struct counter64 v = {.high = (u_long)(e->number >> 32),
                              .low = (u_long)(e->number & 0xffffffffu)};
        snmp_set_var_typed_value(vb, ASN_COUNTER64, &v, sizeof(v));
        break;
    }
    case OID_TYPE_OCTETS:
        snmp_set_var_typed_value(vb, ASN_OCTET_STR, e->data, e->data_len);
        break;
    case OID_TYPE_OBJECT_ID: {
        oid v[OID_TABLE_MAX_LEN];
        agent_oid_out(e->data, e->data_len, v);
        snmp_set_var_typed_value(vb, ASN_OBJECT_ID, v, e->data_len * sizeof(oid));
        break;
    }
    }
}

/* agent_in_subtree: whether e lies under the registration's root. */
static bool agent_in_subtree(const struct oid_entry *e, const netsnmp_handler_registration *reg)
{
    if (e->oid_len < reg->rootoid_len)
        return false;
    for (size_t i = 0; i < reg->rootoid_len; i++)
        if (e->oid[i] != reg->rootoid[i])
            return false;
    return true;
}

static int agent_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reg,
                         netsnmp_agent_request_info *info, netsnmp_request_info *requests)
{
    const struct oid_table *table = agent_current.table;
    (void)handler;

    for (netsnmp_request_info *r = requests; r != NULL; r = r->next) {
        netsnmp_variable_list *vb = r->requestvb;
        uint32_t name[OID_TABLE_MAX_LEN];
        bool cut;
        size_t len;
        const struct oid_entry *e;

        if (r->processed)
            continue;
        len = agent_oid_in(vb->name, vb->name_length, name, &cut);
        switch (info->mode) {
        case MODE_GET:
            e = table && !cut ? oid_table_find(table, name, len) : NULL;
            if (e != NULL && agent_in_subtree(e, reg))
                agent_set_value(vb, e);
            else
                netsnmp_set_request_error(info, r,
                                          table && len > 1 && !cut &&
                                                  oid_table_has_prefix(table, name, len - 1)
                                              ? SNMP_NOSUCHINSTANCE
                                              : SNMP_NOSUCHOBJECT);
            break;
        case MODE_GETNEXT:
            e = table ? oid_table_next(table, name, len) : NULL;
            if (e != NULL && agent_in_subtree(e, reg)) {
                oid out[OID_TABLE_MAX_LEN];
                agent_oid_out(e->oid, e->oid_len, out);
                snmp_set_var_objid(vb, out, e->oid_len);
                agent_set_value(vb, e);
            } /* else: untouched, net-snmp asks the next subtree */
            break;
        case MODE_SET_RESERVE1:
            e = table && !cut ? oid_table_find(table, name, len) : NULL;
            netsnmp_set_request_error(info, r,
                                      e != NULL ? SNMP_ERR_NOTWRITABLE : SNMP_ERR_NOCREATION);
            break;
        default: /* the later SET phases: nothing was reserved */
            break;
        }
    }
    return SNMP_ERR_NOERROR;
}

int agent_start(const char *agentx_socket, unsigned ping_s, char *error, size_t error_size)
{
    netsnmp_ds_set_boolean(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_ROLE, 1);
    if (agentx_socket != NULL)
        netsnmp_ds_set_string(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_X_SOCKET, agentx_socket);
    /* no persistent files of our own, no config files but our own name's */
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
    netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
    if (init_agent("vc-snmp") != 0) {
        snprintf(error, error_size, "net-snmp: init_agent failed");
        return -1;
    }
    /* after init_agent: set before it, the interval was net-snmp's default
     * (15 s) by the time a master closed the connection. It is both the
     * ping period and the wait before reconnecting to such a master. */
    netsnmp_ds_set_int(NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_AGENTX_PING_INTERVAL,
                       (int)ping_s);
    for (size_t i = 0; i < mib_n_subtrees; i++) {
        oid root[OID_TABLE_MAX_LEN];
        agent_oid_out(mib_subtrees[i].oid, mib_subtrees[i].len, root);
        netsnmp_handler_registration *reg = netsnmp_create_handler_registration(
            mib_subtrees[i].name, agent_handler, root, mib_subtrees[i].len, HANDLER_CAN_RWRITE);
        if (reg == NULL || netsnmp_register_handler(reg) != MIB_REGISTERED_OK) {
            snprintf(error, error_size, "net-snmp: cannot register %s", mib_subtrees[i].name);
            return -1;
        }
    }
    init_snmp("vc-snmp");
    return 0;
}

/* agent_notify: one notification for `change`, its objects from the table. */
static void agent_notify(const struct mib_watch *change)
{
    static const oid trap_oid_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0}; /* snmpTrapOID.0 */
    uint32_t trap[OID_TABLE_MAX_LEN], objects[MIB_NOTIFICATION_OBJECTS][OID_TABLE_MAX_LEN];
    size_t trap_len, object_len[MIB_NOTIFICATION_OBJECTS];
    size_t n = mib_notification(change, trap, &trap_len, objects, object_len);
    netsnmp_variable_list *vars = NULL;
    oid out[OID_TABLE_MAX_LEN];

    agent_oid_out(trap, trap_len, out);
    snmp_varlist_add_variable(&vars, trap_oid_oid, OID_LENGTH(trap_oid_oid), ASN_OBJECT_ID,
                              (u_char *)out, trap_len * sizeof(oid));
    for (size_t i = 0; i < n; i++) {
        const struct oid_entry *e = oid_table_find(agent_current.table, objects[i], object_len[i]);
        if (e == NULL)
            continue;
        agent_oid_out(e->oid, e->oid_len, out);
        netsnmp_variable_list *vb =
            snmp_varlist_add_variable(&vars, out, e->oid_len, ASN_NULL, NULL, 0);
        if (vb != NULL)
            agent_set_value(vb, e);
    }
    send_v2trap(vars);
    snmp_free_varbind(vars);
}

size_t agent_publish(struct mib_snapshot *snapshot)
{
    struct mib_snapshot before = agent_current;
    struct mib_watch changed[64];
    size_t n = 0;

    agent_current = *snapshot;
    memset(snapshot, 0, sizeof(*snapshot));
    if (before.table != NULL) {
        n = mib_changes(&before, &agent_current, changed, 64);
        if (n > 64)
            n = 64; /* a storm: the first 64 are sent, the tables say the rest */
        for (size_t i = 0; i < n; i++)
            agent_notify(&changed[i]);
    }
    mib_snapshot_free(&before);
    return n;
}

void agent_poll(int timeout_ms)
{
    int numfds = 0, block = 0;
    fd_set fds;
    struct timeval tv = {.tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000};

    FD_ZERO(&fds);
    snmp_select_info(&numfds, &fds, &tv, &block);
    int count = select(numfds, &fds, NULL, NULL, &tv);
    if (count > 0)
        snmp_read(&fds);
    else if (count == 0)
        snmp_timeout();
    run_alarms();
    netsnmp_check_outstanding_agent_requests();
}

size_t agent_object_count(void)
{
    return agent_current.table ? oid_table_count(agent_current.table) : 0;
}

void agent_stop(void)
{
    snmp_shutdown("vc-snmp");
    mib_snapshot_free(&agent_current);
}
