/*
 * mib: the manager's answers as SNMP objects. One pass per table over the
 * JSON documents, every object appended to one oid_table, sorted once at
 * the end; the watched states (link, managed status) collected alongside
 * for the notifications. See mib.h for the numbering.
 */
#include "snmp/mib.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profiles/model.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ OIDs */

static const uint32_t oid_interfaces[] = {1, 3, 6, 1, 2, 1, 2};
static const uint32_t oid_if_entry[] = {1, 3, 6, 1, 2, 1, 2, 2, 1};
static const uint32_t oid_ifx_table[] = {1, 3, 6, 1, 2, 1, 31, 1, 1};
static const uint32_t oid_ifx_entry[] = {1, 3, 6, 1, 2, 1, 31, 1, 1, 1};
static const uint32_t oid_bridge[] = {1, 3, 6, 1, 2, 1, 17};
static const uint32_t oid_dot1d_base[] = {1, 3, 6, 1, 2, 1, 17, 1};
static const uint32_t oid_dot1d_port_entry[] = {1, 3, 6, 1, 2, 1, 17, 1, 4, 1};
static const uint32_t oid_dot1q_base[] = {1, 3, 6, 1, 2, 1, 17, 7, 1, 1};
static const uint32_t oid_dot1q_fdb_entry[] = {1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 1, 1};
static const uint32_t oid_dot1q_tp_fdb_entry[] = {1, 3, 6, 1, 2, 1, 17, 7, 1, 2, 2, 1};
static const uint32_t oid_dot1q_vlan_static_entry[] = {1, 3, 6, 1, 2, 1, 17, 7, 1, 4, 3, 1};
static const uint32_t oid_hpvc[] = {1, 3, 6, 1, 4, 1, 11, 5, 7, 5, 2, 1};
static const uint32_t oid_hpvc_module_mib[] = {1, 3, 6, 1, 4, 1, 11, 5, 7, 5, 2, 3};
static const uint32_t oid_snmp_traps[] = {1, 3, 6, 1, 6, 3, 1, 1, 5}; /* linkDown.3, linkUp.4 */

const struct mib_subtree mib_subtrees[] = {
    {"interfaces", oid_interfaces, N(oid_interfaces)},
    {"ifXTable", oid_ifx_table, N(oid_ifx_table)},
    {"dot1dBridge", oid_bridge, N(oid_bridge)},
    {"vcDomainMIB", oid_hpvc, N(oid_hpvc)},
    {"vcModuleMIB", oid_hpvc_module_mib, N(oid_hpvc_module_mib)},
};
const size_t mib_n_subtrees = N(mib_subtrees);

/* HPVC-MIB groups under vcDomainMIBObjects (.1): entry = group.1.1 */
enum {
    HPVC_DOMAIN = 1,
    HPVC_ENCLOSURE = 2,
    HPVC_MODULE = 3,
    HPVC_PORT = 4,
    HPVC_SERVER = 5,
    HPVC_NETWORK = 6,
    HPVC_PROFILE = 8,
    HPVC_NETWORK_PORT_MAP = 9,
    HPVC_PROFILE_NETWORK_MAP = 11,
};

/* VcManagedStatus: the model's enum domain_status has its values */
#define VC_UNKNOWN  DOMAIN_STATUS_UNKNOWN
#define VC_NORMAL   DOMAIN_STATUS_NORMAL
#define VC_WARNING  DOMAIN_STATUS_WARNING
#define VC_DISABLED DOMAIN_STATUS_DISABLED
#define VC_INFO     DOMAIN_STATUS_INFO

/* ------------------------------------------------------------ builder */

struct builder {
    struct oid_table *table;
    int rc;
    char *error;
    size_t error_size;
};

/* put: object prefix.column.index... of `type`; errors stick in b->rc. */
static void put(struct builder *b, const uint32_t *prefix, size_t prefix_len, uint32_t column,
                const uint32_t *index, size_t index_len, enum oid_type type, uint64_t number,
                const void *data, size_t data_len)
{
    uint32_t oid[OID_TABLE_MAX_LEN];
    size_t len = 0;
    int rc;

    if (b->rc < 0)
        return;
    if (prefix_len + 1 + index_len > OID_TABLE_MAX_LEN) {
        b->rc = -EINVAL;
        return;
    }
    memcpy(oid, prefix, prefix_len * sizeof(*oid));
    len = prefix_len;
    oid[len++] = column;
    memcpy(oid + len, index, index_len * sizeof(*oid));
    len += index_len;
    if (type == OID_TYPE_OCTETS)
        rc = oid_table_add_octets(b->table, oid, len, data, data_len);
    else if (type == OID_TYPE_OBJECT_ID)
        rc = oid_table_add_oid(b->table, oid, len, data, data_len);
    else
        rc = oid_table_add_number(b->table, oid, len, type, number);
    if (rc < 0)
        b->rc = rc;
}

/* put_scalar: the scalar group.sub.0. */
static void put_scalar(struct builder *b, const uint32_t *group, size_t group_len, uint32_t sub,
                       enum oid_type type, uint64_t number)
{
    static const uint32_t zero = 0;
    put(b, group, group_len, sub, &zero, 1, type, number, NULL, 0);
}

static void put_scalar_text(struct builder *b, const uint32_t *group, size_t group_len,
                            uint32_t sub, const char *text)
{
    static const uint32_t zero = 0;
    text = text ? text : "";
    put(b, group, group_len, sub, &zero, 1, OID_TYPE_OCTETS, 0, text, strlen(text));
}

/* put_int / put_text / put_row_pointer: one column of the row `index` (one
 * sub-identifier) of the table whose entry OID is `entry`. */
static void put_int(struct builder *b, const uint32_t *entry, size_t entry_len, uint32_t column,
                    uint32_t index, enum oid_type type, uint64_t number)
{
    put(b, entry, entry_len, column, &index, 1, type, number, NULL, 0);
}

static void put_text(struct builder *b, const uint32_t *entry, size_t entry_len, uint32_t column,
                     uint32_t index, const char *text)
{
    text = text ? text : "";
    put(b, entry, entry_len, column, &index, 1, OID_TYPE_OCTETS, 0, text, strlen(text));
}

static void put_row_pointer(struct builder *b, const uint32_t *entry, size_t entry_len,
                            uint32_t column, uint32_t index, const uint32_t *target,
                            size_t target_len, uint32_t target_index)
{
    uint32_t value[OID_TABLE_MAX_LEN];
    if (target_len + 1 > OID_TABLE_MAX_LEN) {
        b->rc = -EINVAL;
        return;
    }
    memcpy(value, target, target_len * sizeof(*value));
    value[target_len] = target_index;
    put(b, entry, entry_len, column, &index, 1, OID_TYPE_OBJECT_ID, 0, value, target_len + 1);
}

/* hpvc_entry: the entry OID of HPVC-MIB group `group` into oid (14). */
static size_t hpvc_entry(uint32_t group, uint32_t *oid)
{
    memcpy(oid, oid_hpvc, sizeof(oid_hpvc));
    size_t n = N(oid_hpvc);
    oid[n++] = 1; /* vcDomainMIBObjects */
    oid[n++] = group;
    if (group != HPVC_DOMAIN) {
        oid[n++] = 1; /* ...Table */
        oid[n++] = 1; /* ...Entry */
    }
    return n;
}

static void builder_fail(struct builder *b, const char *what)
{
    if (b->rc == 0 && b->error && b->error_size)
        snprintf(b->error, b->error_size, "%s", what);
    if (b->rc == 0)
        b->rc = -EINVAL;
}

/* ------------------------------------------------------------ watches */

struct watches {
    struct mib_watch *list;
    size_t count, capacity;
};

static void watch_add(struct builder *b, struct watches *w, enum mib_watch_kind kind,
                      const char *name, uint32_t index, int state)
{
    if (b->rc < 0)
        return;
    if (w->count == w->capacity) {
        size_t capacity = w->capacity ? w->capacity * 2 : 64;
        struct mib_watch *grown = realloc(w->list, capacity * sizeof(*grown));
        if (grown == NULL) {
            b->rc = -ENOMEM;
            return;
        }
        w->list = grown, w->capacity = capacity;
    }
    struct mib_watch *e = &w->list[w->count++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    snprintf(e->name, sizeof(e->name), "%s", name ? name : "");
    e->index = index;
    e->state = state;
}

/* ------------------------------------------------------------ helpers */

uint32_t mib_if_index(const char *name)
{
    unsigned n = 0, stacked = 0;
    const char *p;

    if (name != NULL && name[0] == 'e' && name[1] >= '1' && name[1] <= '3' && name[2] == 'd') {
        stacked = (unsigned)(name[1] - '0'); /* e<K>d<N>: bay N of stacked enclosure K */
        name += 2;
    }
    if (name == NULL || (name[0] != 'd' && name[0] != 'X') || name[1] < '1' || name[1] > '9')
        return 0; /* "d"/"X", then a number without a leading zero */
    for (p = name + 1; *p >= '0' && *p <= '9' && n <= 32; p++)
        n = n * 10 + (unsigned)(*p - '0');
    if (stacked != 0) {
        if (n > 16)
            return 0;
        if (*p == '\0')
            return 176 + 16 * (stacked - 1) + n;
        if (p[0] == '-' && p[1] >= 'a' && p[1] <= 'd' && p[2] == '\0')
            return 224 + 64 * (stacked - 1) + 4 * (n - 1) + (uint32_t)(p[1] - 'a') + 1;
        return 0;
    }
    if (name[0] == 'X')
        return *p == '\0' && n <= 16 ? 32 + n : 0;
    if (n > 32)
        return 0;
    if (*p == '\0')
        return n;
    if (p[0] == '-' && p[1] >= 'a' && p[1] <= 'd' && p[2] == '\0')
        return 48 + 4 * (n - 1) + (uint32_t)(p[1] - 'a') + 1;
    return 0;
}

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static uint64_t jnum(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));
    return v < 0 ? 0 : (uint64_t)v;
}

static json_t *jarr(json_t *o, const char *key)
{
    json_t *a = json_object_get(o, key);
    return json_is_array(a) ? a : NULL;
}

/* mac_parse: "02:00:..:01" into 6 bytes; 0 or -1. */
static int mac_parse(const char *text, uint8_t mac[6])
{
    unsigned v[6];
    char extra;
    if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
               &extra) != 6)
        return -1;
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    return 0;
}

/* ------------------------------------------------------------ interfaces */

/* One interface: a port or a FlexNIC. */
struct iface {
    uint32_t index;
    const char *name;
    json_t *port;    /* the port object (for a FlexNIC: its port's) */
    json_t *flexnic; /* NULL for a port */
};

struct ifaces {
    struct iface list[MIB_MAX_IFINDEX];
    size_t count;
};

static int iface_compare(const void *a, const void *b)
{
    const struct iface *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void ifaces_collect(struct builder *b, json_t *ports, struct ifaces *out)
{
    size_t i, j;
    json_t *port, *flexnic;

    out->count = 0;
    json_array_foreach(ports, i, port)
    {
        const char *name = jstr(port, "name");
        uint32_t index = mib_if_index(name);
        if (index == 0) {
            builder_fail(b, "interconnect.ports: a port has no name of the numbering");
            return;
        }
        out->list[out->count++] = (struct iface){index, name, port, NULL};
        json_array_foreach(jarr(port, "flexnics"), j, flexnic)
        {
            const char *fname = jstr(flexnic, "name");
            uint32_t findex = mib_if_index(fname);
            if (findex == 0 || out->count == MIB_MAX_IFINDEX) {
                builder_fail(b, "interconnect.ports: a FlexNIC has no name of the numbering");
                return;
            }
            out->list[out->count++] = (struct iface){findex, fname, port, flexnic};
        }
    }
    qsort(out->list, out->count, sizeof(out->list[0]), iface_compare);
}

/* iface_alias: ifAlias -- the profile in the bay of a downlink, the uplink
 * set of an uplink. */
static const char *iface_alias(const struct mib_input *in, const struct iface *f)
{
    const char *port = jstr(f->port, "name");
    size_t i;
    json_t *o;

    if (port[0] == 'd' || port[0] == 'e') {
        /* d<N>: bay N of enc0; e<K>d<N>: bay N of encK (profiles/plan.h) */
        char enclosure[8] = "enc0";
        if (port[0] == 'e') {
            enclosure[3] = port[1];
            port += 2;
        }
        json_int_t bay = atoi(port + 1);
        json_array_foreach(jarr(in->servers, "servers"), i, o)
        {
            if (json_integer_value(json_object_get(o, "bay")) == bay &&
                strcmp(jstr(o, "enclosure"), enclosure) == 0)
                return jstr(o, "profile");
        }
        return "";
    }
    json_array_foreach(jarr(in->uplink_sets, "uplink_ports"), i, o)
    {
        if (strcmp(jstr(o, "port"), port) == 0)
            return jstr(o, "uplink_set");
    }
    return "";
}

/* if_last_change: ifLastChange of interface `index`, now `up`, with the
 * history brought up to date: an interface new since the last snapshot, or
 * whose state differs from it, changed now; one of the first snapshot
 * changed before the history began (0). */
static uint32_t if_last_change(const struct mib_input *in, uint32_t index, bool up)
{
    struct mib_if_history *h = in->if_history;

    if (h == NULL || index > MIB_MAX_IFINDEX)
        return 0;
    if (!h->list[index].present || h->list[index].up != up)
        h->list[index].changed_ticks = h->primed ? in->uptime_ticks : 0;
    h->list[index].up = up;
    return h->list[index].changed_ticks;
}

/* if_history_end: after a snapshot's interfaces: those it did not have are
 * no longer present (one that comes back is new then). */
static void if_history_end(const struct mib_input *in, const struct ifaces *ifs)
{
    struct mib_if_history *h = in->if_history;
    bool present[MIB_MAX_IFINDEX + 1] = {false};

    if (h == NULL)
        return;
    for (size_t i = 0; i < ifs->count; i++)
        if (ifs->list[i].index <= MIB_MAX_IFINDEX)
            present[ifs->list[i].index] = true;
    for (size_t x = 0; x <= MIB_MAX_IFINDEX; x++)
        h->list[x].present = present[x];
    h->primed = true;
}

static void build_interfaces(struct builder *b, struct watches *w, const struct mib_input *in,
                             const struct ifaces *ifs)
{
    put_scalar(b, oid_interfaces, N(oid_interfaces), 1, OID_TYPE_INTEGER, ifs->count);
    for (size_t i = 0; i < ifs->count; i++) {
        const struct iface *f = &ifs->list[i];
        json_t *traffic = json_object_get(f->flexnic ? f->flexnic : f->port, "traffic");
        bool enabled = json_is_true(json_object_get(f->port, "enabled"));
        bool up = enabled && strcmp(jstr(f->port, "link"), "up") == 0;
        const char *role = f->flexnic ? "FlexNIC" : jstr(f->port, "role");
        uint64_t speed_bps =
            f->flexnic ? jnum(f->flexnic, "max_bps") : jnum(f->port, "link_speed_mbps") * 1000000u;
        uint64_t rx_b = jnum(traffic, "rx_bytes"), rx_p = jnum(traffic, "rx_packets");
        uint64_t tx_b = jnum(traffic, "tx_bytes"), tx_p = jnum(traffic, "tx_packets");
        /* the dataplane counts group addresses apart; unicast is the rest */
        uint64_t rx_mc = jnum(traffic, "rx_multicast"), rx_bc = jnum(traffic, "rx_broadcast");
        uint64_t tx_mc = jnum(traffic, "tx_multicast"), tx_bc = jnum(traffic, "tx_broadcast");
        uint64_t rx_uc = rx_p > rx_mc + rx_bc ? rx_p - rx_mc - rx_bc : 0;
        uint64_t tx_uc = tx_p > tx_mc + tx_bc ? tx_p - tx_mc - tx_bc : 0;
        char descr[96];
        uint8_t mac[6];
        uint32_t x = f->index;
        const uint32_t *e = oid_if_entry;
        size_t el = N(oid_if_entry);

        snprintf(descr, sizeof(descr), "OpenVC %s %s", role, f->name);
        put_int(b, e, el, 1, x, OID_TYPE_INTEGER, x);
        put_text(b, e, el, 2, x, descr);
        put_int(b, e, el, 3, x, OID_TYPE_INTEGER, f->flexnic ? 135 : 6); /* l2vlan, ethernet */
        if (json_is_integer(json_object_get(f->port, "mtu")))
            put_int(b, e, el, 4, x, OID_TYPE_INTEGER,
                    jnum(f->port, "mtu")); /* a FlexNIC: its port's */
        put_int(b, e, el, 5, x, OID_TYPE_GAUGE32, speed_bps > UINT32_MAX ? UINT32_MAX : speed_bps);
        if (f->flexnic && mac_parse(jstr(f->flexnic, "mac"), mac) == 0)
            put(b, e, el, 6, &x, 1, OID_TYPE_OCTETS, 0, mac, 6);
        else
            put_text(b, e, el, 6, x, "");
        put_int(b, e, el, 7, x, OID_TYPE_INTEGER, enabled ? 1 : 2);
        put_int(b, e, el, 8, x, OID_TYPE_INTEGER, up ? 1 : 2);
        put_int(b, e, el, 9, x, OID_TYPE_TIMETICKS, if_last_change(in, x, up));
        put_int(b, e, el, 10, x, OID_TYPE_COUNTER32, rx_b & UINT32_MAX);
        put_int(b, e, el, 11, x, OID_TYPE_COUNTER32, rx_uc & UINT32_MAX);
        put_int(b, e, el, 12, x, OID_TYPE_COUNTER32, (rx_mc + rx_bc) & UINT32_MAX);
        if (!f->flexnic)
            put_int(b, e, el, 13, x, OID_TYPE_COUNTER32, jnum(f->port, "drops") & UINT32_MAX);
        put_int(b, e, el, 16, x, OID_TYPE_COUNTER32, tx_b & UINT32_MAX);
        put_int(b, e, el, 17, x, OID_TYPE_COUNTER32, tx_uc & UINT32_MAX);
        put_int(b, e, el, 18, x, OID_TYPE_COUNTER32, (tx_mc + tx_bc) & UINT32_MAX);

        e = oid_ifx_entry, el = N(oid_ifx_entry);
        put_text(b, e, el, 1, x, f->name);
        put_int(b, e, el, 2, x, OID_TYPE_COUNTER32, rx_mc & UINT32_MAX);
        put_int(b, e, el, 3, x, OID_TYPE_COUNTER32, rx_bc & UINT32_MAX);
        put_int(b, e, el, 4, x, OID_TYPE_COUNTER32, tx_mc & UINT32_MAX);
        put_int(b, e, el, 5, x, OID_TYPE_COUNTER32, tx_bc & UINT32_MAX);
        put_int(b, e, el, 6, x, OID_TYPE_COUNTER64, rx_b);
        put_int(b, e, el, 7, x, OID_TYPE_COUNTER64, rx_uc);
        put_int(b, e, el, 8, x, OID_TYPE_COUNTER64, rx_mc);
        put_int(b, e, el, 9, x, OID_TYPE_COUNTER64, rx_bc);
        put_int(b, e, el, 10, x, OID_TYPE_COUNTER64, tx_b);
        put_int(b, e, el, 11, x, OID_TYPE_COUNTER64, tx_uc);
        put_int(b, e, el, 12, x, OID_TYPE_COUNTER64, tx_mc);
        put_int(b, e, el, 13, x, OID_TYPE_COUNTER64, tx_bc);
        put_int(b, e, el, 14, x, OID_TYPE_INTEGER, 1); /* linkUpDownTrapEnable: enabled */
        put_int(b, e, el, 15, x, OID_TYPE_GAUGE32, speed_bps / 1000000u);
        put_int(b, e, el, 16, x, OID_TYPE_INTEGER, 2); /* not promiscuous */
        put_int(b, e, el, 17, x, OID_TYPE_INTEGER, f->flexnic ? 2 : 1);
        put_text(b, e, el, 18, x, iface_alias(in, f));
        put_int(b, e, el, 19, x, OID_TYPE_TIMETICKS, 0);

        put_int(b, oid_dot1d_port_entry, N(oid_dot1d_port_entry), 1, x, OID_TYPE_INTEGER, x);
        put_int(b, oid_dot1d_port_entry, N(oid_dot1d_port_entry), 2, x, OID_TYPE_INTEGER, x);
        watch_add(b, w, MIB_WATCH_LINK, f->name, x, up ? 1 : 2);
    }
    if_history_end(in, ifs);
}

/* ------------------------------------------------------------ bridge */

#define MIB_PORTLIST_BYTES ((MIB_MAX_IFINDEX + 7) / 8)

struct vnet {
    const char *name;
    uint32_t fdb_id;
    uint32_t learned;
    uint8_t egress[MIB_PORTLIST_BYTES], untagged[MIB_PORTLIST_BYTES];
};

static void portlist_set(uint8_t *list, uint32_t port)
{
    if (port >= 1 && port <= MIB_MAX_IFINDEX)
        list[(port - 1) / 8] |= (uint8_t)(0x80u >> ((port - 1) % 8));
}

static bool portlist_has(const uint8_t *list, uint32_t port)
{
    return port >= 1 && port <= MIB_MAX_IFINDEX &&
           (list[(port - 1) / 8] & (0x80u >> ((port - 1) % 8)));
}

/* object_index: the table index of network or profile `o`, the i-th of
 * its list: its number (kept for the object's life), or i + 1 from a
 * manager that gives none. */
static uint32_t object_index(json_t *o, size_t i)
{
    uint64_t number = jnum(o, "number");
    return number >= 1 && number <= UINT32_MAX ? (uint32_t)number : (uint32_t)i + 1;
}

/* vnets_collect: every network with its FDB id and the interfaces that
 * carry it (egress) and carry it untagged. */
static struct vnet *vnets_collect(struct builder *b, const struct mib_input *in,
                                  const struct ifaces *ifs, size_t *count)
{
    json_t *networks = jarr(in->networks, "networks"), *n;
    size_t n_vnets = json_array_size(networks), i, j;
    struct vnet *v = calloc(n_vnets ? n_vnets : 1, sizeof(*v));
    bool used[4096] = {false};

    if (v == NULL) {
        b->rc = -ENOMEM;
        return NULL;
    }
    json_array_foreach(networks, i, n)
    {
        uint64_t vlan = jnum(n, "vlan");
        const char *set = jstr(n, "uplink_set"), *dedicated = jstr(n, "dedicated_uplink");
        bool native = json_is_true(json_object_get(n, "native"));
        v[i].name = jstr(n, "name");
        if (set[0] != '\0' && !native && vlan >= 1 && vlan <= 4094 && !used[vlan]) {
            v[i].fdb_id = (uint32_t)vlan;
            used[vlan] = true;
        } else {
            v[i].fdb_id = 4095 + object_index(n, i); /* number 1: 4096 */
        }
        for (size_t k = 0; k < ifs->count; k++) {
            const struct iface *f = &ifs->list[k];
            json_t *map;
            if (f->flexnic == NULL)
                continue;
            if (strcmp(jstr(f->flexnic, "vnet"), v[i].name) == 0 ||
                strcmp(jstr(f->flexnic, "untagged_vnet"), v[i].name) == 0) {
                portlist_set(v[i].egress, f->index);
                portlist_set(v[i].untagged, f->index);
            }
            json_array_foreach(jarr(f->flexnic, "vlans"), j, map)
            {
                if (strcmp(jstr(map, "vnet"), v[i].name) == 0)
                    portlist_set(v[i].egress, f->index);
            }
        }
        if (set[0] != '\0') {
            json_t *up;
            json_array_foreach(jarr(in->uplink_sets, "uplink_ports"), j, up)
            {
                if (strcmp(jstr(up, "uplink_set"), set) != 0)
                    continue;
                portlist_set(v[i].egress, mib_if_index(jstr(up, "port")));
                if (native)
                    portlist_set(v[i].untagged, mib_if_index(jstr(up, "port")));
            }
        }
        if (dedicated[0] != '\0') {
            const char *colon = strrchr(dedicated, ':');
            uint32_t port = mib_if_index(colon ? colon + 1 : dedicated);
            portlist_set(v[i].egress, port);
            portlist_set(v[i].untagged, port);
        }
    }
    *count = n_vnets;
    return v;
}

static void build_bridge(struct builder *b, const struct mib_input *in, const struct ifaces *ifs,
                         struct vnet *v, size_t n_vnets)
{
    static const uint8_t none[MIB_PORTLIST_BYTES] = {0};
    size_t i;
    json_t *m;

    put_scalar(b, oid_dot1d_base, N(oid_dot1d_base), 2, OID_TYPE_INTEGER, ifs->count);
    put_scalar(b, oid_dot1d_base, N(oid_dot1d_base), 3, OID_TYPE_INTEGER, 2); /* transparent */
    put_scalar(b, oid_dot1q_base, N(oid_dot1q_base), 1, OID_TYPE_INTEGER, 1);
    put_scalar(b, oid_dot1q_base, N(oid_dot1q_base), 2, OID_TYPE_INTEGER, 4094);
    put_scalar(b, oid_dot1q_base, N(oid_dot1q_base), 3, OID_TYPE_GAUGE32, 4094);
    put_scalar(b, oid_dot1q_base, N(oid_dot1q_base), 4, OID_TYPE_GAUGE32, n_vnets);

    json_array_foreach(in->macs, i, m)
    {
        const char *name = jstr(m, "vnet"), *port = jstr(m, "port"), *flexnic = jstr(m, "flexnic");
        struct vnet *vn = NULL;
        char ifname[16];
        uint32_t index[7];
        uint8_t mac[6];

        for (size_t k = 0; k < n_vnets && vn == NULL; k++)
            if (strcmp(v[k].name, name) == 0)
                vn = &v[k];
        if (vn == NULL || mac_parse(jstr(m, "mac"), mac) < 0)
            continue; /* a vNet the manager does not know (yet): not reported */
        if (flexnic[0] != '\0')
            snprintf(ifname, sizeof(ifname), "%s-%s", port, flexnic);
        else
            snprintf(ifname, sizeof(ifname), "%s", port);
        index[0] = vn->fdb_id;
        for (int k = 0; k < 6; k++)
            index[1 + k] = mac[k];
        bool is_static = json_is_true(json_object_get(m, "static"));
        put(b, oid_dot1q_tp_fdb_entry, N(oid_dot1q_tp_fdb_entry), 2, index, 7, OID_TYPE_INTEGER,
            mib_if_index(ifname), NULL, 0);
        put(b, oid_dot1q_tp_fdb_entry, N(oid_dot1q_tp_fdb_entry), 3, index, 7, OID_TYPE_INTEGER,
            is_static ? 5 : 3, NULL, 0); /* mgmt, learned */
        vn->learned += !is_static;
    }
    for (size_t k = 0; k < n_vnets; k++) {
        const uint32_t *e = oid_dot1q_vlan_static_entry;
        size_t el = N(oid_dot1q_vlan_static_entry);
        uint32_t x = v[k].fdb_id;
        put_int(b, oid_dot1q_fdb_entry, N(oid_dot1q_fdb_entry), 2, x, OID_TYPE_COUNTER32,
                v[k].learned);
        put_text(b, e, el, 1, x, v[k].name);
        put(b, e, el, 2, &x, 1, OID_TYPE_OCTETS, 0, v[k].egress, MIB_PORTLIST_BYTES);
        put(b, e, el, 3, &x, 1, OID_TYPE_OCTETS, 0, none, MIB_PORTLIST_BYTES);
        put(b, e, el, 4, &x, 1, OID_TYPE_OCTETS, 0, v[k].untagged, MIB_PORTLIST_BYTES);
        put_int(b, e, el, 5, x, OID_TYPE_INTEGER, 1); /* active */
    }
}

/* ------------------------------------------------------------ HPVC-MIB */

/* Reason codes (HPVC-MIB's ...ReasonCodeType) of a status and its reason. */
static uint32_t reason_domain(int status, const char *reason)
{
    if (status == VC_NORMAL || status == VC_INFO || status == VC_DISABLED)
        return 700; /* vcDomainOk */
    if (strncmp(reason, "profile", 7) == 0)
        return 709; /* vcDomainSomeProfilesAbnormal */
    if (strncmp(reason, "server", 6) == 0)
        return 702; /* vcDomainSomeEnclosuresAbnormal */
    return 712;     /* vcDomainUnknown */
}

static uint32_t reason_enclosure(int status)
{
    return status == VC_NORMAL ? 600 : status == VC_UNKNOWN ? 606 : 605;
}

static uint32_t reason_module(int status)
{
    return status == VC_NORMAL ? 400 : 407; /* vcEnetmoduleOk, vcEnetmoduleUnknown */
}

static uint32_t reason_server(int status)
{
    /* Absent bays are info: vcPhysicalServerUnknown; warnings are degraded */
    return status == VC_NORMAL ? 500 : status == VC_INFO ? 504 : 503;
}

static uint32_t reason_network(int status)
{
    return status == VC_NORMAL ? 100 : status == VC_DISABLED ? 102 : 104;
}

static uint32_t reason_profile(int status, const char *reason)
{
    if (status == VC_NORMAL || status == VC_INFO)
        return 300; /* vcProfileOk (Unassigned is info) */
    if (strstr(reason, "not mapped") != NULL)
        return 309; /* vcProfileSomeConnectionsUnmapped */
    if (strstr(reason, "bay") != NULL)
        return 301; /* vcProfileServerAbnormal */
    return 313;     /* vcProfileUnknown */
}

/* status_of: the status.show object of list `key` whose `member` is name. */
static json_t *status_of(const struct mib_input *in, const char *key, const char *member,
                         const char *name)
{
    size_t i;
    json_t *o;
    json_array_foreach(jarr(in->status, key), i, o)
    {
        if (strcmp(jstr(o, member), name) == 0)
            return o;
    }
    return NULL;
}

static int status_value(json_t *o)
{
    json_int_t s = json_integer_value(json_object_get(o, "status"));
    return s >= 1 && s <= 8 ? (int)s : VC_UNKNOWN;
}

/* port_status: a port's VcManagedStatus: disabled, normal when the link is
 * up, warning for an uplink that is down, info for a downlink or FlexNIC
 * that is down (an empty bay is not a fault). */
static int port_status(const struct iface *f)
{
    if (!json_is_true(json_object_get(f->port, "enabled")))
        return VC_DISABLED;
    if (strcmp(jstr(f->port, "link"), "up") == 0)
        return VC_NORMAL;
    return f->flexnic == NULL && strcmp(jstr(f->port, "role"), "uplink") == 0 ? VC_WARNING
                                                                              : VC_INFO;
}

static void build_hpvc(struct builder *b, struct watches *w, const struct mib_input *in,
                       const struct ifaces *ifs, const struct vnet *v, size_t n_vnets)
{
    uint32_t e[OID_TABLE_MAX_LEN], target[OID_TABLE_MAX_LEN];
    size_t el, tl, i, j;
    json_t *o, *d = json_object_get(in->status, "domain");
    int s = status_value(d);
    const char *reason = jstr(d, "reason");

    /* vcDomain scalars */
    el = hpvc_entry(HPVC_DOMAIN, e);
    put_scalar_text(b, e, el, 1, jstr(in->domain, "name"));
    put_scalar(b, e, el, 2, OID_TYPE_INTEGER, (uint64_t)s);
    put_scalar_text(b, e, el, 8, reason);
    put_scalar_text(b, e, el, 9, reason);
    put_scalar(b, e, el, 10, OID_TYPE_INTEGER, reason_domain(s, reason));
    watch_add(b, w, MIB_WATCH_DOMAIN, jstr(in->domain, "name"), 0, s);

    /* enclosures */
    el = hpvc_entry(HPVC_ENCLOSURE, e);
    json_array_foreach(jarr(in->status, "enclosures"), i, o)
    {
        uint32_t x = (uint32_t)i + 1;
        s = status_value(o);
        put_int(b, e, el, 1, x, OID_TYPE_INTEGER, x);
        put_text(b, e, el, 2, x, jstr(o, "name"));
        put_int(b, e, el, 3, x, OID_TYPE_INTEGER, (uint64_t)s);
        put_text(b, e, el, 7, x, jstr(o, "reason"));
        put_text(b, e, el, 8, x, jstr(o, "reason"));
        put_int(b, e, el, 9, x, OID_TYPE_INTEGER, reason_enclosure(s));
        watch_add(b, w, MIB_WATCH_ENCLOSURE, jstr(o, "id"), x, s);
    }

    /* this module */
    o = json_object_get(in->status, "module");
    s = status_value(o);
    el = hpvc_entry(HPVC_MODULE, e);
    tl = hpvc_entry(HPVC_ENCLOSURE, target);
    target[tl++] = 1; /* vcEnclosureIndex */
    char id[32];
    snprintf(id, sizeof(id), "%s:%d", jstr(o, "enclosure"), (int)jnum(o, "bay"));
    put_int(b, e, el, 1, 1, OID_TYPE_INTEGER, 1);
    put_int(b, e, el, 2, 1, OID_TYPE_INTEGER, 1); /* vcModuleEnet */
    put_int(b, e, el, 3, 1, OID_TYPE_INTEGER, (uint64_t)s);
    put_text(b, e, el, 6, 1, "OpenVC interconnect");
    put_text(b, e, el, 7, 1, in->version);
    put_row_pointer(b, e, el, 8, 1, target, tl, 1);
    put_int(b, e, el, 9, 1, OID_TYPE_GAUGE32, jnum(o, "bay"));
    put_text(b, e, el, 12, 1, id);
    put_text(b, e, el, 13, 1, jstr(o, "reason"));
    put_text(b, e, el, 14, 1, jstr(o, "reason"));
    put_int(b, e, el, 15, 1, OID_TYPE_INTEGER, reason_module(s));
    watch_add(b, w, MIB_WATCH_MODULE, id, 1, s);

    /* ports */
    el = hpvc_entry(HPVC_PORT, e);
    memcpy(target, oid_if_entry, sizeof(oid_if_entry));
    tl = N(oid_if_entry);
    target[tl++] = 1; /* ifIndex */
    uint32_t module_index[OID_TABLE_MAX_LEN];
    size_t ml = hpvc_entry(HPVC_MODULE, module_index);
    module_index[ml++] = 1; /* vcModuleIndex */
    for (i = 0; i < ifs->count; i++) {
        uint32_t x = ifs->list[i].index;
        put_int(b, e, el, 1, x, OID_TYPE_INTEGER, x);
        put_int(b, e, el, 2, x, OID_TYPE_INTEGER, ifs->list[i].flexnic ? 2 : 1);
        put_int(b, e, el, 3, x, OID_TYPE_INTEGER, (uint64_t)port_status(&ifs->list[i]));
        put_row_pointer(b, e, el, 6, x, target, tl, x);
        put_row_pointer(b, e, el, 7, x, module_index, ml, 1);
    }

    /* physical servers: every bay of every enclosure status.show lists */
    el = hpvc_entry(HPVC_SERVER, e);
    json_array_foreach(jarr(in->status, "servers"), i, o)
    {
        const char *enclosure = jstr(o, "enclosure");
        uint32_t enc = 0, bay = (uint32_t)jnum(o, "bay");
        json_t *enc_status, *server;
        json_array_foreach(jarr(in->status, "enclosures"), j, enc_status)
        {
            if (strcmp(jstr(enc_status, "id"), enclosure) == 0)
                enc = (uint32_t)j + 1;
        }
        if (enc == 0 || bay < 1 || bay > 16)
            continue;
        uint32_t x = 16 * (enc - 1) + bay;
        char name[32];
        s = status_value(o);
        put_int(b, e, el, 1, x, OID_TYPE_INTEGER, x);
        put_int(b, e, el, 2, x, OID_TYPE_INTEGER, enc);
        put_int(b, e, el, 3, x, OID_TYPE_INTEGER, (uint64_t)s);
        json_array_foreach(jarr(in->servers, "servers"), j, server)
        {
            if (strcmp(jstr(server, "enclosure"), enclosure) == 0 && jnum(server, "bay") == bay &&
                json_is_true(json_object_get(server, "present"))) {
                put_text(b, e, el, 5, x, jstr(server, "serial"));
                put_text(b, e, el, 6, x, jstr(server, "model"));
            }
        }
        put_int(b, e, el, 7, x, OID_TYPE_GAUGE32, bay);
        put_text(b, e, el, 8, x, jstr(o, "reason"));
        put_text(b, e, el, 9, x, jstr(o, "reason"));
        put_int(b, e, el, 10, x, OID_TYPE_INTEGER, reason_server(s));
        snprintf(name, sizeof(name), "%s:%u", enclosure, bay);
        watch_add(b, w, MIB_WATCH_SERVER, name, x, s);
    }

    /* Ethernet networks and the ports that carry them */
    el = hpvc_entry(HPVC_NETWORK, e);
    json_array_foreach(jarr(in->networks, "networks"), i, o)
    {
        uint32_t x = object_index(o, i);
        json_t *st = status_of(in, "networks", "name", jstr(o, "name"));
        s = status_value(st);
        put_int(b, e, el, 1, x, OID_TYPE_INTEGER, x);
        put_text(b, e, el, 2, x, jstr(o, "name"));
        put_int(b, e, el, 3, x, OID_TYPE_INTEGER, (uint64_t)s);
        put_int(b, e, el, 4, x, OID_TYPE_GAUGE32, jnum(o, "vlan"));
        put_text(b, e, el, 5, x, jstr(st, "reason"));
        put_text(b, e, el, 6, x, jstr(st, "reason"));
        put_int(b, e, el, 7, x, OID_TYPE_INTEGER, reason_network(s));
        watch_add(b, w, MIB_WATCH_NETWORK, jstr(o, "name"), x, s);
        if (i >= n_vnets)
            continue;
        uint32_t map_entry[OID_TABLE_MAX_LEN];
        size_t mel = hpvc_entry(HPVC_NETWORK_PORT_MAP, map_entry);
        for (uint32_t p = 1; p <= MIB_MAX_IFINDEX; p++) {
            if (!portlist_has(v[i].egress, p))
                continue;
            uint32_t index[2] = {x, p};
            put(b, map_entry, mel, 1, index, 2, OID_TYPE_INTEGER, x, NULL, 0);
            put(b, map_entry, mel, 2, index, 2, OID_TYPE_INTEGER, p, NULL, 0);
        }
    }

    /* profiles and their connections' networks */
    el = hpvc_entry(HPVC_PROFILE, e);
    json_array_foreach(jarr(in->profiles, "profiles"), i, o)
    {
        uint32_t x = object_index(o, i), server = 0;
        json_t *st = status_of(in, "profiles", "name", jstr(o, "name")), *c;
        s = status_value(st);
        if (json_is_integer(json_object_get(o, "bay"))) {
            json_t *enc_status;
            json_array_foreach(jarr(in->status, "enclosures"), j, enc_status)
            {
                if (strcmp(jstr(enc_status, "id"), jstr(o, "enclosure")) == 0)
                    server = 16 * (uint32_t)j + (uint32_t)jnum(o, "bay");
            }
        }
        put_int(b, e, el, 1, x, OID_TYPE_INTEGER, x);
        put_text(b, e, el, 2, x, jstr(o, "name"));
        put_int(b, e, el, 3, x, OID_TYPE_INTEGER, (uint64_t)s);
        put_int(b, e, el, 4, x, OID_TYPE_GAUGE32, server);
        put_text(b, e, el, 5, x, jstr(o, "serial"));
        put_text(b, e, el, 6, x, jstr(st, "reason"));
        put_text(b, e, el, 7, x, jstr(st, "reason"));
        put_int(b, e, el, 8, x, OID_TYPE_INTEGER, reason_profile(s, jstr(st, "reason")));
        watch_add(b, w, MIB_WATCH_PROFILE, jstr(o, "name"), x, s);
        uint32_t map_entry[OID_TABLE_MAX_LEN];
        size_t mel = hpvc_entry(HPVC_PROFILE_NETWORK_MAP, map_entry);
        json_array_foreach(jarr(o, "enet_connections"), j, c)
        {
            uint32_t network = 0, index[2] = {x, (uint32_t)jnum(c, "index")};
            for (size_t k = 0; k < n_vnets; k++)
                if (strcmp(v[k].name, jstr(c, "network")) == 0)
                    network = object_index(json_array_get(jarr(in->networks, "networks"), k), k);
            if (network == 0)
                continue; /* unassigned connection: no map row */
            put(b, map_entry, mel, 1, index, 2, OID_TYPE_INTEGER, x, NULL, 0);
            put(b, map_entry, mel, 2, index, 2, OID_TYPE_INTEGER, index[1], NULL, 0);
            put(b, map_entry, mel, 3, index, 2, OID_TYPE_INTEGER, network, NULL, 0);
        }
    }
}

/* build_hpvc_module: HPVCMODULE-MIB's scalars and vcModulePortTable. A
 * server port the dataplane's port protection disabled (its `protection`
 * in dataplane.ports) reports loop-detected(2) or pause-flood-detected(2);
 * every other port ok(1). */
static void build_hpvc_module(struct builder *b, const struct mib_input *in,
                              const struct ifaces *ifs)
{
    uint32_t objects[OID_TABLE_MAX_LEN], entry[OID_TABLE_MAX_LEN];
    size_t ol = N(oid_hpvc_module_mib);

    memcpy(objects, oid_hpvc_module_mib, sizeof(oid_hpvc_module_mib));
    objects[ol++] = 1; /* vcModuleMIBObjects */
    objects[ol++] = 1; /* vcModuleObjects */
    put_scalar_text(b, objects, ol, 1, jstr(in->domain, "name"));
    put_scalar(b, objects, ol, 2, OID_TYPE_INTEGER, 3); /* primaryUnprotected: no standby */
    put_scalar(b, objects, ol, 5, OID_TYPE_INTEGER, 2); /* primary enclosure */
    memcpy(entry, objects, ol * sizeof(*entry));
    entry[ol] = 6; /* vcModulePortTable */
    entry[ol + 1] = 1;
    for (size_t i = 0; i < ifs->count; i++) {
        uint32_t x = ifs->list[i].index;
        if (ifs->list[i].flexnic)
            continue;
        put_int(b, entry, ol + 2, 1, x, OID_TYPE_INTEGER, x);
        put_int(b, entry, ol + 2, 2, x, OID_TYPE_INTEGER, x);
        const char *protection = jstr(ifs->list[i].port, "protection");
        put_int(b, entry, ol + 2, 3, x, OID_TYPE_INTEGER,
                strcmp(protection, "loop_detected") == 0 ? 2 : 1); /* loop-detected / ok */
        put_int(b, entry, ol + 2, 4, x, OID_TYPE_INTEGER,
                strcmp(protection, "pause_flood") == 0 ? 2 : 1); /* pause-flood-detected / ok */
    }
}

/* ------------------------------------------------------------ snapshot */

int mib_build(const struct mib_input *in, struct mib_snapshot *out, char *error, size_t error_size)
{
    struct builder b = {.error = error, .error_size = error_size};
    struct watches w = {0};
    struct ifaces *ifs = calloc(1, sizeof(*ifs));
    struct vnet *v = NULL;
    size_t n_vnets = 0;

    memset(out, 0, sizeof(*out));
    if (error && error_size)
        error[0] = '\0';
    b.table = oid_table_create();
    if (b.table == NULL || ifs == NULL) {
        b.rc = -ENOMEM;
        goto done;
    }
    ifaces_collect(&b, jarr(in->ports, "ports"), ifs);
    if (b.rc == 0)
        v = vnets_collect(&b, in, ifs, &n_vnets);
    if (b.rc == 0) {
        build_interfaces(&b, &w, in, ifs);
        build_bridge(&b, in, ifs, v, n_vnets);
        build_hpvc(&b, &w, in, ifs, v, n_vnets);
        build_hpvc_module(&b, in, ifs);
    }
    if (b.rc == 0 && oid_table_sort(b.table) < 0)
        builder_fail(&b, "two objects with the same OID (duplicate names in the answers)");
done:
    free(ifs);
    free(v);
    if (b.rc < 0) {
        if (b.rc == -ENOMEM && error && error_size && error[0] == '\0')
            snprintf(error, error_size, "out of memory");
        oid_table_destroy(b.table);
        free(w.list);
        return b.rc;
    }
    out->table = b.table;
    out->watch = w.list;
    out->n_watch = w.count;
    return 0;
}

void mib_snapshot_free(struct mib_snapshot *snapshot)
{
    if (snapshot == NULL)
        return;
    oid_table_destroy(snapshot->table);
    free(snapshot->watch);
    memset(snapshot, 0, sizeof(*snapshot));
}

size_t mib_changes(const struct mib_snapshot *before, const struct mib_snapshot *now,
                   struct mib_watch *changed, size_t max)
{
    size_t found = 0;
    for (size_t i = 0; i < now->n_watch; i++) {
        const struct mib_watch *n = &now->watch[i];
        for (size_t k = 0; k < before->n_watch; k++) {
            const struct mib_watch *o = &before->watch[k];
            if (o->kind != n->kind || strcmp(o->name, n->name) != 0)
                continue;
            if (o->state != n->state) {
                if (found < max)
                    changed[found] = *n;
                found++;
            }
            break;
        }
    }
    return found;
}

/* What each kind of change sends: the HPVC-MIB group and notification
 * number, and the columns of its row it carries (0 ends). */
static const struct {
    uint32_t group, trap, columns[MIB_NOTIFICATION_OBJECTS];
} mib_notifications[] = {
    [MIB_WATCH_DOMAIN] = {HPVC_DOMAIN, 12, {2, 8, 9, 10}},
    [MIB_WATCH_ENCLOSURE] = {HPVC_ENCLOSURE, 13, {1, 2, 3, 7, 8, 9}},
    [MIB_WATCH_MODULE] = {HPVC_MODULE, 14, {1, 3, 13, 14, 15}},
    [MIB_WATCH_SERVER] = {HPVC_SERVER, 16, {1, 3, 8, 9, 10}},
    [MIB_WATCH_NETWORK] = {HPVC_NETWORK, 18, {1, 2, 3, 5, 6, 7}},
    [MIB_WATCH_PROFILE] = {HPVC_PROFILE, 19, {1, 2, 3, 6, 7, 8}},
};

size_t mib_notification(const struct mib_watch *change, uint32_t *trap, size_t *trap_len,
                        uint32_t objects[][OID_TABLE_MAX_LEN], size_t *object_len)
{
    size_t n = 0;

    if (change->kind == MIB_WATCH_LINK) {
        static const uint32_t columns[] = {1, 7, 8}; /* ifIndex, ifAdminStatus, ifOperStatus */
        memcpy(trap, oid_snmp_traps, sizeof(oid_snmp_traps));
        *trap_len = N(oid_snmp_traps) + 1;
        trap[N(oid_snmp_traps)] = change->state == 1 ? 4 : 3; /* linkUp : linkDown */
        for (; n < N(columns); n++) {
            memcpy(objects[n], oid_if_entry, sizeof(oid_if_entry));
            objects[n][N(oid_if_entry)] = columns[n];
            objects[n][N(oid_if_entry) + 1] = change->index;
            object_len[n] = N(oid_if_entry) + 2;
        }
        return n;
    }
    memcpy(trap, oid_hpvc, sizeof(oid_hpvc));
    *trap_len = N(oid_hpvc);
    trap[(*trap_len)++] = 2; /* vcDomainMIBNotificationPrefix */
    trap[(*trap_len)++] = 0;
    trap[(*trap_len)++] = mib_notifications[change->kind].trap;
    for (; n < MIB_NOTIFICATION_OBJECTS && mib_notifications[change->kind].columns[n]; n++) {
        size_t len = hpvc_entry(mib_notifications[change->kind].group, objects[n]);
        objects[n][len++] = mib_notifications[change->kind].columns[n];
        objects[n][len++] = change->kind == MIB_WATCH_DOMAIN ? 0 : change->index;
        object_len[n] = len;
    }
    return n;
}
