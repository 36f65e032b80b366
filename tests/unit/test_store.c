/*
 * test_store: the SQLite store of the domain model (profiles/store.h).
 *
 * A rich domain (every object kind, every field varied) saved and loaded
 * back, compared field by field; invalid domains (addresses, serials, bays,
 * names held twice; dangling references; out-of-range values) refused with
 * the database unchanged; a failure after hundreds of inserts or at COMMIT
 * leaves nothing half-written; kill -9 of a process in a loop of saves, at
 * random moments, always leaves exactly one complete saved state; pools
 * rebuilt from the domain never hand out an address a profile holds; a newer
 * schema, a foreign database and a file of random bytes are refused with a
 * clear error; the audit trail.
 *
 * The domains are built here (test_domain_new), not with model.c's
 * domain_create, so this test stands on store.c alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "profiles/model.h"
#include "profiles/pool.h"
#include "profiles/store.h"

/* xorshift64: a fixed-seed generator, so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* ------------------------------------------------------------- helpers */

static char tmp_dir[256];

/* path_of: tmp_dir/name into buf. */
static const char *path_of(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmp_dir, name);
    return buf;
}

/* remove_db: delete a database and its WAL and shared-memory files. */
static void remove_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

/* test_domain_new: an empty domain laid out as domain_create makes it. */
static struct domain *test_domain_new(void)
{
    struct domain *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->networks = calloc(DOMAIN_MAX_NETWORKS, sizeof(*d->networks));
    d->profiles = calloc(DOMAIN_MAX_PROFILES, sizeof(*d->profiles));
    if (!d->networks || !d->profiles) {
        free(d->networks);
        free(d->profiles);
        free(d);
        return NULL;
    }
    return d;
}

static void test_domain_free(struct domain *d)
{
    if (!d)
        return;
    free(d->networks);
    free(d->profiles);
    free(d);
}

/* domain_copy: dst (from test_domain_new) becomes a deep copy of src. */
static void domain_copy(struct domain *dst, const struct domain *src)
{
    struct domain_network *n = dst->networks;
    struct domain_profile *p = dst->profiles;
    *dst = *src;
    dst->networks = n;
    dst->profiles = p;
    memcpy(n, src->networks, sizeof(*n) * DOMAIN_MAX_NETWORKS);
    memcpy(p, src->profiles, sizeof(*p) * DOMAIN_MAX_PROFILES);
}

/* domain_reset: dst becomes empty, arrays kept. */
static void domain_reset(struct domain *d)
{
    struct domain_network *n = d->networks;
    struct domain_profile *p = d->profiles;
    memset(d, 0, sizeof(*d));
    d->networks = n;
    d->profiles = p;
    d->mac_cache_refresh_s = 5; /* the store's CHECK wants 1-30 */
    memset(n, 0, sizeof(*n) * DOMAIN_MAX_NETWORKS);
    memset(p, 0, sizeof(*p) * DOMAIN_MAX_PROFILES);
}

#define MAC_USER_BASE 0x0a0000000000ULL /* 0a:00:00:00:00:00, user range of 4096 */
#define WWN_USER_BASE 0x3100000000000000ULL
#define FACTORY_MAC   0x0017a4770000ULL
#define FACTORY_WWPN  0x5001438000000000ULL
#define NETWORKS      12

/* pool_mac: the pool MAC of connection c of profile i (iSCSI: + 1). */
static uint64_t pool_mac(unsigned i, unsigned c)
{
    return POOL_MAC_PREDEFINED_BASE + i * 16 + c * 2;
}

static uint64_t pool_wwpn(unsigned i, unsigned c)
{
    return POOL_WWN_PREDEFINED_BASE + i * 8 + c * 2;
}

/* build_domain: a deterministic domain of `generation` with n_profiles
 * profiles of n_enet Ethernet and n_fc FC connections, every kind of object
 * and every field used, all addresses distinct. No asserts: a forked child
 * calls it. */
static void build_domain(struct domain *d, uint64_t generation, unsigned n_profiles,
                         unsigned n_enet, unsigned n_fc)
{
    domain_reset(d);
    snprintf(d->name, sizeof(d->name), "dom-%llu", (unsigned long long)generation);
    d->generation = generation;
    d->interconnect_bay = 1 + generation % 2;
    d->aging_s = 300 + (unsigned)(generation % 7);
    d->mac_cache_enabled = generation % 2 == 0;
    d->mac_cache_refresh_s = 1 + (unsigned)(generation % 30);
    d->port_protect_network_loop = generation % 3 != 0;
    d->port_protect_pause_flood = generation % 2 != 0;

    struct domain_pools *pl = &d->pools;
    pl->mac_source = DOMAIN_ADDRESS_POOL;
    pl->wwn_source = DOMAIN_ADDRESS_POOL;
    pl->serial_source = DOMAIN_ADDRESS_USER;
    for (unsigned k = 0; k < 4; k++) {
        struct domain_range *r = &pl->mac_ranges[pl->n_mac_ranges++];
        pool_predefined_range(POOL_KIND_MAC, k, &r->start, &r->end);
        r->predefined = (int)k;
    }
    pl->mac_ranges[pl->n_mac_ranges++] =
        (struct domain_range){MAC_USER_BASE, MAC_USER_BASE + 4095, -1};
    for (unsigned k = 0; k < 2; k++) {
        struct domain_range *r = &pl->wwn_ranges[pl->n_wwn_ranges++];
        pool_predefined_range(POOL_KIND_WWN, k, &r->start, &r->end);
        r->predefined = (int)k;
    }
    pl->wwn_ranges[pl->n_wwn_ranges++] =
        (struct domain_range){WWN_USER_BASE, WWN_USER_BASE + 4095, -1};
    uint64_t serial_start = 0;
    pool_parse_address(POOL_KIND_SERIAL, "VCX0000001", &serial_start);
    pl->serial_ranges[pl->n_serial_ranges++] =
        (struct domain_range){serial_start, serial_start + 9998, -1};

    d->n_enclosures = 2;
    for (unsigned e = 0; e < d->n_enclosures; e++) {
        struct domain_enclosure *enc = &d->enclosures[e];
        snprintf(enc->id, sizeof(enc->id), "enc%u", e % 10);
        snprintf(enc->name, sizeof(enc->name), "Enclosure-%c", 'A' + e);
        enc->imported = e == 0;
        for (unsigned s = 0; s < DOMAIN_BAYS; s++) {
            struct domain_bay *bay = &enc->bays[s];
            struct domain_blade *bl = &bay->blade;
            bay->number = s + 1;
            snprintf(bay->device, sizeof(bay->device), "net_vhost%u,iface=/run/openvc/d%u-%u",
                     e * 16 + s, e, s + 1);
            bl->present = s % 2 == 0;
            bl->powered_on = s % 4 == 0;
            bl->flex10 = s % 3 != 0;
            bl->physical_ports = 1 + s % 2;
            snprintf(bl->model, sizeof(bl->model), "ProLiant BL460c Gen%u", 8 + s % 3);
            snprintf(bl->factory_serial, sizeof(bl->factory_serial), "USE%07u", e * 100 + s);
            snprintf(bl->factory_uuid, sizeof(bl->factory_uuid), "30313436-3631-5a43-3%03u-%012u",
                     e % 1000, s % 100);
            for (unsigned k = 0; k < DOMAIN_PHYSICAL_PORTS * 4; k++)
                bl->factory_mac[k] = FACTORY_MAC + (e * 16 + s) * 16 + k;
            for (unsigned k = 0; k < DOMAIN_MAX_FC; k++)
                bl->factory_wwpn[k] = FACTORY_WWPN + (e * 16 + s) * 8 + k;
        }
    }

    d->n_uplink_sets = 2;
    snprintf(d->uplink_sets[0].name, DOMAIN_NAME_MAX, "SUS-A");
    d->uplink_sets[0].mode = DOMAIN_UPLINK_FAILOVER;
    snprintf(d->uplink_sets[1].name, DOMAIN_NAME_MAX, "SUS-B");
    d->uplink_sets[1].mode = DOMAIN_UPLINK_AUTO;

    d->n_uplink_ports = 4;
    for (unsigned u = 0; u < d->n_uplink_ports; u++) {
        struct domain_uplink_port *up = &d->uplink_ports[u];
        snprintf(up->id, sizeof(up->id), "enc0:1:X%u", (u + 1) % 100);
        snprintf(up->port, sizeof(up->port), "X%u", (u + 1) % 100);
        snprintf(up->device, sizeof(up->device), "0000:04:00.%u", u);
        if (u < 3)
            snprintf(up->uplink_set, sizeof(up->uplink_set), "%s", u < 2 ? "SUS-A" : "SUS-B");
        up->speed_mbps = u % 2 ? 10000 : 0;
    }

    d->n_networks = NETWORKS;
    for (unsigned i = 0; i < d->n_networks; i++) {
        struct domain_network *n = &d->networks[i];
        snprintf(n->name, sizeof(n->name), "net-%u", i);
        if (i < 6) {
            snprintf(n->uplink_set, sizeof(n->uplink_set), "SUS-A");
            n->native = i == 0;
            n->vlan = i == 0 ? 0 : 100 + i;
        } else if (i < 10) {
            snprintf(n->uplink_set, sizeof(n->uplink_set), "SUS-B");
            n->vlan = 200 + i;
        } else if (i == 10) {
            snprintf(n->dedicated_uplink, sizeof(n->dedicated_uplink), "enc0:1:X4");
            n->tunnel = true;
        }
        n->private_network = i % 4 == 1;
        n->smart_link = i % 3 == 2;
        n->enabled = i != 11;
        n->preferred_speed_mbps = i % 2 ? 2500 : 0;
        n->max_speed_mbps = i % 5 == 0 ? 8000 : 0;
        n->mac_limit = i % 6 == 0 ? 1000 : 0;
        n->number = 2 * i + 3; /* kept as given, not the position */
    }

    d->n_profiles = n_profiles;
    for (unsigned i = 0; i < n_profiles; i++) {
        struct domain_profile *p = &d->profiles[i];
        snprintf(p->name, sizeof(p->name), "prof-%03u", i);
        p->number = 1000 + n_profiles - i;
        if (i % 5 == 4)
            snprintf(p->serial, sizeof(p->serial), "MY-SERIAL-%u", i); /* user, free form */
        else if (i % 5 != 3)
            snprintf(p->serial, sizeof(p->serial), "VCX%07u", i + 1); /* from the pool */
        /* short and 32-bit pieces: the compiler can see the UUID fits */
        snprintf(p->uuid, sizeof(p->uuid), "7b1b4f0e-%04hx-4c3e-9a55-%04hx%08x", (unsigned short)i,
                 (unsigned short)(generation >> 32), (unsigned)generation);
        if (i < 32) {
            snprintf(p->enclosure, sizeof(p->enclosure), "enc%u", i / 16);
            p->bay = i % 16 + 1;
            snprintf(d->enclosures[i / 16].bays[i % 16].profile, DOMAIN_NAME_MAX, "%s", p->name);
        } else if (i % 9 == 0) {
            p->bay = 3; /* unassigned, stale bay number kept as the model has it */
        }
        p->n_enet = n_enet;
        for (unsigned c = 0; c < n_enet; c++) {
            struct domain_enet_connection *e = &p->enet[c];
            e->index = c + 1;
            if (c == 1 && i % 3 == 0) {
                e->n_port_map = 3;
                for (unsigned m = 0; m < 3; m++) {
                    snprintf(e->port_map[m].network, DOMAIN_NAME_MAX, "net-%u", m + 1);
                    e->port_map[m].vlan = 101 + m;
                    e->port_map[m].untagged = m == 0;
                }
            } else if ((c + i) % 7 != 6) {
                snprintf(e->network, sizeof(e->network), "net-%u", (c + i) % NETWORKS);
            }
            e->pxe = (enum domain_pxe)((c + i) % 3);
            e->speed_type = (enum domain_speed_type)((c + 2 * i) % 4);
            e->speed_mbps = e->speed_type == DOMAIN_SPEED_CUSTOM ? 100 * (c + 1) : 0;
            if (c == 0 && i % 7 == 3) {
                e->mac_source = DOMAIN_ADDRESS_USER;
                e->mac = MAC_USER_BASE + i * 2;
                e->iscsi_mac = MAC_USER_BASE + i * 2 + 1;
            } else if (c == n_enet - 1 && i % 11 == 5) {
                e->mac_source = DOMAIN_ADDRESS_FACTORY; /* the blade's, when assigned */
                e->mac = i < 32 ? d->enclosures[i / 16].bays[i % 16].blade.factory_mac[c] : 0;
            } else {
                e->mac_source = DOMAIN_ADDRESS_POOL;
                e->mac = pool_mac(i, c);
                e->iscsi_mac = pool_mac(i, c) + 1;
            }
        }
        p->n_fc = n_fc;
        for (unsigned c = 0; c < n_fc; c++) {
            struct domain_fc_connection *f = &p->fc[c];
            f->index = c + 1;
            f->fcoe = c % 2 == 1;
            snprintf(f->fabric, sizeof(f->fabric), "SAN-%c", 'A' + c % 2);
            f->speed_type = (enum domain_speed_type)((c + i) % 3);
            f->speed_mbps = f->speed_type == DOMAIN_SPEED_CUSTOM ? 4000 : 0;
            if (c == 1 && i % 13 == 7) {
                f->wwn_source = DOMAIN_ADDRESS_USER;
                f->wwpn = WWN_USER_BASE + i * 2;
            } else {
                f->wwn_source = DOMAIN_ADDRESS_POOL;
                f->wwpn = pool_wwpn(i, c);
            }
            f->wwnn = f->wwpn + 1;
            f->boot_enabled = c == 0;
            f->boot_target_wwpn = c == 0 ? 0x5006016000000000ULL + i % 4 : 0;
            f->boot_lun = c == 0 ? i % 8 : 0;
        }
    }
}

/* assert_domain_equal: every field of a and b, one by one. */
static void assert_domain_equal(const struct domain *a, const struct domain *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->interconnect_bay, b->interconnect_bay);
    assert_int_equal(a->generation, b->generation);
    assert_int_equal(a->aging_s, b->aging_s);
    assert_int_equal(a->mac_cache_enabled, b->mac_cache_enabled);
    assert_int_equal(a->mac_cache_refresh_s, b->mac_cache_refresh_s);
    assert_int_equal(a->port_protect_network_loop, b->port_protect_network_loop);
    assert_int_equal(a->port_protect_pause_flood, b->port_protect_pause_flood);

    const struct domain_pools *pa = &a->pools, *pb = &b->pools;
    assert_int_equal(pa->mac_source, pb->mac_source);
    assert_int_equal(pa->wwn_source, pb->wwn_source);
    assert_int_equal(pa->serial_source, pb->serial_source);
    assert_int_equal(pa->n_mac_ranges, pb->n_mac_ranges);
    assert_int_equal(pa->n_wwn_ranges, pb->n_wwn_ranges);
    assert_int_equal(pa->n_serial_ranges, pb->n_serial_ranges);
    const struct domain_range *ra[3] = {pa->mac_ranges, pa->wwn_ranges, pa->serial_ranges};
    const struct domain_range *rb[3] = {pb->mac_ranges, pb->wwn_ranges, pb->serial_ranges};
    unsigned rn[3] = {pa->n_mac_ranges, pa->n_wwn_ranges, pa->n_serial_ranges};
    for (unsigned k = 0; k < 3; k++) {
        for (unsigned i = 0; i < rn[k]; i++) {
            assert_int_equal(ra[k][i].start, rb[k][i].start);
            assert_int_equal(ra[k][i].end, rb[k][i].end);
            assert_int_equal(ra[k][i].predefined, rb[k][i].predefined);
        }
    }

    assert_int_equal(a->n_enclosures, b->n_enclosures);
    for (unsigned e = 0; e < a->n_enclosures; e++) {
        const struct domain_enclosure *ea = &a->enclosures[e], *eb = &b->enclosures[e];
        assert_string_equal(ea->id, eb->id);
        assert_string_equal(ea->name, eb->name);
        assert_int_equal(ea->imported, eb->imported);
        for (unsigned s = 0; s < DOMAIN_BAYS; s++) {
            const struct domain_bay *ba = &ea->bays[s], *bb = &eb->bays[s];
            assert_int_equal(ba->number, bb->number);
            assert_string_equal(ba->device, bb->device);
            assert_string_equal(ba->profile, bb->profile);
            assert_int_equal(ba->blade.present, bb->blade.present);
            assert_int_equal(ba->blade.powered_on, bb->blade.powered_on);
            assert_int_equal(ba->blade.flex10, bb->blade.flex10);
            assert_int_equal(ba->blade.physical_ports, bb->blade.physical_ports);
            assert_string_equal(ba->blade.model, bb->blade.model);
            assert_string_equal(ba->blade.factory_serial, bb->blade.factory_serial);
            assert_string_equal(ba->blade.factory_uuid, bb->blade.factory_uuid);
            for (unsigned k = 0; k < DOMAIN_PHYSICAL_PORTS * 4; k++)
                assert_int_equal(ba->blade.factory_mac[k], bb->blade.factory_mac[k]);
            for (unsigned k = 0; k < DOMAIN_MAX_FC; k++)
                assert_int_equal(ba->blade.factory_wwpn[k], bb->blade.factory_wwpn[k]);
        }
    }

    assert_int_equal(a->n_uplink_ports, b->n_uplink_ports);
    for (unsigned i = 0; i < a->n_uplink_ports; i++) {
        const struct domain_uplink_port *ua = &a->uplink_ports[i], *ub = &b->uplink_ports[i];
        assert_string_equal(ua->id, ub->id);
        assert_string_equal(ua->port, ub->port);
        assert_string_equal(ua->device, ub->device);
        assert_string_equal(ua->uplink_set, ub->uplink_set);
        assert_int_equal(ua->speed_mbps, ub->speed_mbps);
    }
    assert_int_equal(a->n_uplink_sets, b->n_uplink_sets);
    for (unsigned i = 0; i < a->n_uplink_sets; i++) {
        assert_string_equal(a->uplink_sets[i].name, b->uplink_sets[i].name);
        assert_int_equal(a->uplink_sets[i].mode, b->uplink_sets[i].mode);
    }

    assert_int_equal(a->n_networks, b->n_networks);
    for (unsigned i = 0; i < a->n_networks; i++) {
        const struct domain_network *na = &a->networks[i], *nb = &b->networks[i];
        assert_string_equal(na->name, nb->name);
        assert_string_equal(na->uplink_set, nb->uplink_set);
        assert_int_equal(na->vlan, nb->vlan);
        assert_int_equal(na->native, nb->native);
        assert_string_equal(na->dedicated_uplink, nb->dedicated_uplink);
        assert_int_equal(na->tunnel, nb->tunnel);
        assert_int_equal(na->private_network, nb->private_network);
        assert_int_equal(na->smart_link, nb->smart_link);
        assert_int_equal(na->enabled, nb->enabled);
        assert_int_equal(na->preferred_speed_mbps, nb->preferred_speed_mbps);
        assert_int_equal(na->max_speed_mbps, nb->max_speed_mbps);
        assert_int_equal(na->mac_limit, nb->mac_limit);
        assert_int_equal(na->number, nb->number);
    }

    assert_int_equal(a->n_profiles, b->n_profiles);
    for (unsigned i = 0; i < a->n_profiles; i++) {
        const struct domain_profile *pa_ = &a->profiles[i], *pb_ = &b->profiles[i];
        assert_string_equal(pa_->name, pb_->name);
        assert_string_equal(pa_->serial, pb_->serial);
        assert_string_equal(pa_->uuid, pb_->uuid);
        assert_string_equal(pa_->enclosure, pb_->enclosure);
        assert_int_equal(pa_->bay, pb_->bay);
        assert_int_equal(pa_->number, pb_->number);
        assert_int_equal(pa_->n_enet, pb_->n_enet);
        for (unsigned c = 0; c < pa_->n_enet; c++) {
            const struct domain_enet_connection *ca = &pa_->enet[c], *cb = &pb_->enet[c];
            assert_int_equal(ca->index, cb->index);
            assert_string_equal(ca->network, cb->network);
            assert_int_equal(ca->n_port_map, cb->n_port_map);
            for (unsigned m = 0; m < ca->n_port_map; m++) {
                assert_string_equal(ca->port_map[m].network, cb->port_map[m].network);
                assert_int_equal(ca->port_map[m].vlan, cb->port_map[m].vlan);
                assert_int_equal(ca->port_map[m].untagged, cb->port_map[m].untagged);
            }
            assert_int_equal(ca->pxe, cb->pxe);
            assert_int_equal(ca->speed_type, cb->speed_type);
            assert_int_equal(ca->speed_mbps, cb->speed_mbps);
            assert_int_equal(ca->mac_source, cb->mac_source);
            assert_int_equal(ca->mac, cb->mac);
            assert_int_equal(ca->iscsi_mac, cb->iscsi_mac);
        }
        assert_int_equal(pa_->n_fc, pb_->n_fc);
        for (unsigned c = 0; c < pa_->n_fc; c++) {
            const struct domain_fc_connection *fa = &pa_->fc[c], *fb = &pb_->fc[c];
            assert_int_equal(fa->index, fb->index);
            assert_int_equal(fa->fcoe, fb->fcoe);
            assert_string_equal(fa->fabric, fb->fabric);
            assert_int_equal(fa->speed_type, fb->speed_type);
            assert_int_equal(fa->speed_mbps, fb->speed_mbps);
            assert_int_equal(fa->wwn_source, fb->wwn_source);
            assert_int_equal(fa->wwpn, fb->wwpn);
            assert_int_equal(fa->wwnn, fb->wwnn);
            assert_int_equal(fa->boot_enabled, fb->boot_enabled);
            assert_int_equal(fa->boot_target_wwpn, fb->boot_target_wwpn);
            assert_int_equal(fa->boot_lun, fb->boot_lun);
        }
    }
}

/* open_store: store_open that must succeed. */
static struct store *open_store(const char *path)
{
    char error[512] = "";
    struct store *s = store_open(path, error, sizeof(error));
    if (!s)
        fail_msg("store_open %s: %s", path, error);
    return s;
}

/* assert_store_holds: the store loads and equals `expected`. */
static void assert_store_holds(struct store *s, const struct domain *expected)
{
    char error[512] = "";
    struct domain *got = test_domain_new();
    assert_non_null(got);
    int ret = store_load(s, got, error, sizeof(error));
    if (ret != 0)
        fail_msg("store_load: %d %s", ret, error);
    assert_domain_equal(expected, got);
    test_domain_free(got);
}

/* raw_count: SELECT count(*) of constant `sql` on a second connection. */
static long long raw_count(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    long long n = -1;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* raw_exec: run constant `sql` on a second connection. */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    char *msg = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

/* expected_addresses: the MACs + WWNs of d that are non-zero. */
static long long expected_addresses(const struct domain *d)
{
    long long n = 0;
    for (unsigned i = 0; i < d->n_profiles; i++) {
        const struct domain_profile *p = &d->profiles[i];
        for (unsigned c = 0; c < p->n_enet; c++)
            n += (p->enet[c].mac != 0) + (p->enet[c].iscsi_mac != 0);
        for (unsigned c = 0; c < p->n_fc; c++)
            n += (p->fc[c].wwpn != 0) + (p->fc[c].wwnn != 0);
    }
    return n;
}

/* --------------------------------------------------------------- tests */

/* Every object and field saved, loaded back identical; a second save
 * replaces the first entirely; load into a non-empty domain replaces it. */
static void test_round_trip(void **state)
{
    (void)state;
    char path[512], error[512] = "";
    path_of(path, sizeof(path), "round.db");
    remove_db(path);
    struct domain *d = test_domain_new(), *got = test_domain_new();
    assert_non_null(d);
    assert_non_null(got);

    struct store *s = open_store(path);
    assert_int_equal(store_load(s, got, error, sizeof(error)), -ENOENT);
    assert_non_null(strstr(error, "empty"));

    build_domain(d, 42, 100, DOMAIN_MAX_ENET, DOMAIN_MAX_FC);
    /* the last index of every limit */
    d->networks[3].mac_limit = 4294967295u;
    d->profiles[99].fc[3].boot_lun = 4294967295u;
    d->pools.wwn_ranges[2].end = 0x3100ffffffffffffULL;
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);

    s = open_store(path);
    assert_store_holds(s, d);
    assert_int_equal(raw_count(path, "SELECT count(*) FROM assigned_addresses"),
                     expected_addresses(d));

    /* a different, smaller domain replaces everything */
    build_domain(got, 1, 40, 8, 4); /* load must overwrite this */
    build_domain(d, 43, 3, 2, 1);
    d->n_networks = 5;
    d->n_enclosures = 1;
    for (unsigned i = 0; i < 3; i++)
        d->profiles[i].enclosure[0] = '\0';
    for (unsigned b = 0; b < DOMAIN_BAYS; b++)
        d->enclosures[0].bays[b].profile[0] = '\0';
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    assert_int_equal(store_load(s, got, error, sizeof(error)), 0);
    assert_domain_equal(d, got);
    assert_int_equal(got->enclosures[1].bays[0].number, 0); /* gone, not left over */
    assert_int_equal(got->profiles[3].name[0], '\0');
    assert_int_equal(raw_count(path, "SELECT count(*) FROM assigned_addresses"),
                     expected_addresses(d));

    /* the empty domain */
    domain_reset(d);
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    assert_store_holds(s, d);
    assert_int_equal(raw_count(path, "SELECT count(*) FROM assigned_addresses"), 0);

    store_close(s);
    test_domain_free(d);
    test_domain_free(got);
    remove_db(path);
}

/* A mutation that makes a domain invalid, the error store_save must give
 * and a word its message must contain. */
struct bad_case {
    const char *what;
    void (*mutate)(struct domain *d);
    int expected;
    const char *message;
};

static void dup_mac(struct domain *d)
{
    d->profiles[5].enet[2].mac = d->profiles[3].enet[1].mac;
}
static void dup_primary_iscsi(struct domain *d)
{
    d->profiles[7].enet[0].mac = d->profiles[2].enet[0].iscsi_mac;
}
static void dup_mac_in_connection(struct domain *d)
{
    d->profiles[8].enet[1].iscsi_mac = d->profiles[8].enet[1].mac;
}
static void dup_user_mac(struct domain *d)
{
    d->profiles[10].enet[3].mac_source = DOMAIN_ADDRESS_USER;
    d->profiles[10].enet[3].mac = d->profiles[3].enet[0].mac; /* profile 3: user MAC */
}
static void dup_wwpn(struct domain *d)
{
    d->profiles[9].fc[0].wwpn = d->profiles[4].fc[1].wwpn;
}
static void wwnn_is_other_wwpn(struct domain *d)
{
    d->profiles[6].fc[1].wwnn = d->profiles[1].fc[0].wwpn;
}
static void dup_serial(struct domain *d)
{
    snprintf(d->profiles[11].serial, DOMAIN_SERIAL_MAX, "%s", d->profiles[1].serial);
}
static void dup_uuid(struct domain *d)
{
    snprintf(d->profiles[11].uuid, DOMAIN_UUID_MAX, "%s", d->profiles[0].uuid);
}
static void dup_bay(struct domain *d)
{
    snprintf(d->profiles[40].enclosure, 8, "enc0");
    d->profiles[40].bay = 5;
}
static void dup_profile_name(struct domain *d)
{
    snprintf(d->profiles[12].name, DOMAIN_NAME_MAX, "prof-002");
}
static void dup_network_name(struct domain *d)
{
    snprintf(d->networks[7].name, DOMAIN_NAME_MAX, "net-2");
}
static void dup_vlan_on_set(struct domain *d)
{
    d->networks[2].vlan = d->networks[3].vlan;
}
static void missing_network(struct domain *d)
{
    snprintf(d->profiles[13].enet[0].network, DOMAIN_NAME_MAX, "no-such-net");
}
static void missing_bay(struct domain *d)
{
    snprintf(d->profiles[41].enclosure, 8, "enc7");
    d->profiles[41].bay = 2;
}
static void missing_uplink_set(struct domain *d)
{
    snprintf(d->networks[8].uplink_set, DOMAIN_NAME_MAX, "SUS-Z");
}
static void bad_vlan(struct domain *d)
{
    d->profiles[0].enet[1].port_map[2].vlan = 4095;
}
static void bad_enum(struct domain *d)
{
    d->profiles[14].enet[1].pxe = (enum domain_pxe)9;
}
static void empty_name(struct domain *d)
{
    d->networks[4].name[0] = '\0';
}
static void unterminated(struct domain *d)
{
    memset(d->profiles[15].uuid, 'x', DOMAIN_UUID_MAX);
}
static void too_many_profiles(struct domain *d)
{
    d->n_profiles = DOMAIN_MAX_PROFILES + 1;
}

static const struct bad_case bad_cases[] = {
    {"MAC twice", dup_mac, -EEXIST, "prof-003"},
    {"primary MAC = another's iSCSI MAC", dup_primary_iscsi, -EEXIST, "prof-002"},
    {"primary = iSCSI in one connection", dup_mac_in_connection, -EEXIST, "UNIQUE"},
    {"user MAC held by another", dup_user_mac, -EEXIST, "prof-003"},
    {"WWPN twice", dup_wwpn, -EEXIST, "prof-004"},
    {"WWNN = another's WWPN", wwnn_is_other_wwpn, -EEXIST, "prof-001"},
    {"serial twice", dup_serial, -EEXIST, "profiles.serial"},
    {"UUID twice", dup_uuid, -EEXIST, "profiles.uuid"},
    {"two profiles in one bay", dup_bay, -EEXIST, "profiles.enclosure"},
    {"profile name twice", dup_profile_name, -EEXIST, "profiles.name"},
    {"network name twice", dup_network_name, -EEXIST, "networks.name"},
    {"VLAN twice on an uplink set", dup_vlan_on_set, -EEXIST, "networks.uplink_set"},
    {"connection to a missing network", missing_network, -EINVAL, "networks"},
    {"profile in a missing bay", missing_bay, -EINVAL, "bays"},
    {"network on a missing uplink set", missing_uplink_set, -EINVAL, "uplink_sets"},
    {"server VLAN 4095", bad_vlan, -EINVAL, "CHECK"},
    {"PXE out of range", bad_enum, -EINVAL, "CHECK"},
    {"empty network name", empty_name, -EINVAL, "CHECK"},
    {"unterminated UUID", unterminated, -EINVAL, "uuid"},
    {"257 profiles", too_many_profiles, -EINVAL, "limit"},
};

/* Each invalid domain is refused with its error and the database keeps the
 * previous state exactly; then the store still takes a valid save. */
static void test_invalid_refused(void **state)
{
    (void)state;
    char path[512], error[512];
    path_of(path, sizeof(path), "invalid.db");
    remove_db(path);
    struct domain *good = test_domain_new(), *bad = test_domain_new();
    assert_non_null(good);
    assert_non_null(bad);
    build_domain(good, 7, 60, 4, 2);
    struct store *s = open_store(path);
    assert_int_equal(store_save(s, good, error, sizeof(error)), 0);
    long long addresses = expected_addresses(good);

    for (size_t k = 0; k < sizeof(bad_cases) / sizeof(bad_cases[0]); k++) {
        const struct bad_case *c = &bad_cases[k];
        domain_copy(bad, good);
        bad->generation = 8;
        c->mutate(bad);
        error[0] = '\0';
        int ret = store_save(s, bad, error, sizeof(error));
        if (ret != c->expected || !strstr(error, c->message))
            fail_msg("%s: store_save gave %d '%s', expected %d and '%s'", c->what, ret, error,
                     c->expected, c->message);
        assert_store_holds(s, good);
        assert_int_equal(raw_count(path, "SELECT count(*) FROM assigned_addresses"), addresses);
    }
    domain_copy(bad, good);
    bad->generation = 9;
    assert_int_equal(store_save(s, bad, error, sizeof(error)), 0);
    assert_store_holds(s, bad);
    store_close(s);
    test_domain_free(good);
    test_domain_free(bad);
    remove_db(path);
}

/* Failures after hundreds of rows (last profile) and at COMMIT (deferred
 * foreign key) roll everything back, with a second connection watching. */
static void test_rollback_nothing_half_written(void **state)
{
    (void)state;
    char path[512], error[512];
    path_of(path, sizeof(path), "rollback.db");
    remove_db(path);
    struct domain *a = test_domain_new(), *b = test_domain_new();
    assert_non_null(a);
    assert_non_null(b);
    build_domain(a, 100, 10, 2, 1);
    struct store *s = open_store(path);
    assert_int_equal(store_save(s, a, error, sizeof(error)), 0);

    /* the very last insert fails: the last FC connection's WWNN */
    build_domain(b, 101, 256, 4, 2);
    b->profiles[255].fc[1].wwnn = b->profiles[0].fc[0].wwpn;
    assert_int_equal(store_save(s, b, error, sizeof(error)), -EEXIST);
    assert_non_null(strstr(error, "prof-255"));
    assert_non_null(strstr(error, "held by profile prof-000"));
    assert_store_holds(s, a);
    assert_int_equal(raw_count(path, "SELECT count(*) FROM profiles"), 10);
    assert_int_equal(raw_count(path, "SELECT count(*) FROM enet_connections"), 20);
    assert_int_equal(raw_count(path, "SELECT count(*) FROM assigned_addresses"),
                     expected_addresses(a));
    assert_int_equal(raw_count(path, "SELECT generation FROM domain"), 100);

    /* every insert succeeds, COMMIT refuses: a port map names a missing network */
    build_domain(b, 102, 256, 4, 2);
    snprintf(b->profiles[255].enet[1].port_map[2].network, DOMAIN_NAME_MAX, "gone");
    assert_int_equal(store_save(s, b, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "FOREIGN KEY"));
    assert_non_null(strstr(error, "port_map"));
    assert_store_holds(s, a);
    assert_int_equal(raw_count(path, "SELECT count(*) FROM port_map"), 4 * 3);
    assert_int_equal(raw_count(path, "SELECT generation FROM domain"), 100);

    /* the store is not left in a transaction: a valid save goes through */
    build_domain(b, 103, 256, 4, 2);
    assert_int_equal(store_save(s, b, error, sizeof(error)), 0);
    assert_store_holds(s, b);
    assert_int_equal(raw_count(path, "SELECT count(*) FROM profiles"), 256);
    store_close(s);
    test_domain_free(a);
    test_domain_free(b);
    remove_db(path);
}

/* profiles_of: how many profiles generation g has. */
static unsigned profiles_of(uint64_t g)
{
    return (unsigned)(g % (DOMAIN_MAX_PROFILES + 1));
}

/* crash_child: save generations start, start+1, ... forever, writing each
 * committed generation to fd. Never returns. */
static void crash_child(const char *path, uint64_t start, int fd)
{
    char error[512];
    struct store *s = store_open(path, error, sizeof(error));
    struct domain *d = test_domain_new();
    if (!s || !d)
        _exit(2);
    for (uint64_t g = start;; g++) {
        build_domain(d, g, profiles_of(g), 4, 2);
        if (store_save(s, d, error, sizeof(error)) != 0)
            _exit(3);
        if (write(fd, &g, sizeof(g)) != sizeof(g))
            _exit(4);
    }
}

/* kill -9 a process saving ever-larger domains at random moments: each time
 * the store opens, loads, and holds exactly one complete saved generation,
 * the last one reported committed or the one being committed. */
static void test_crash_consistency(void **state)
{
    (void)state;
    char path[512], error[512];
    path_of(path, sizeof(path), "crash.db");
    remove_db(path);
    struct domain *d = test_domain_new(), *expected = test_domain_new();
    assert_non_null(d);
    assert_non_null(expected);

    struct store *s = open_store(path);
    build_domain(d, 1, profiles_of(1), 4, 2);
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);

    uint64_t previous = 1, saves = 0;
    for (int round = 0; round < 10; round++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            crash_child(path, previous + 1, fds[1]);
        }
        close(fds[1]);
        /* the kill must hit a child that is saving, however slow the
         * machine: wait for its first committed save, then a random time */
        uint64_t g, last = 0;
        unsigned reported = 0;
        if (read(fds[0], &g, sizeof(g)) == sizeof(g)) {
            last = g;
            reported++;
        }
        usleep(20000 + (useconds_t)(rng() % 250000));
        assert_int_equal(kill(pid, SIGKILL), 0);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFSIGNALED(status))
            fail_msg("round %d: the saving child exited with %d before the kill", round,
                     WEXITSTATUS(status));
        while (read(fds[0], &g, sizeof(g)) == sizeof(g)) {
            last = g;
            reported++;
        }
        close(fds[0]);
        saves += reported;

        s = open_store(path);
        int ret = store_load(s, d, error, sizeof(error));
        if (ret != 0)
            fail_msg("round %d: load after kill -9: %d %s", round, ret, error);
        uint64_t low = reported ? last : previous;
        if (d->generation != low && d->generation != low + 1)
            fail_msg("round %d: loaded generation %llu, last committed %llu", round,
                     (unsigned long long)d->generation, (unsigned long long)low);
        assert_int_equal(d->n_profiles, profiles_of(d->generation));
        build_domain(expected, d->generation, profiles_of(d->generation), 4, 2);
        assert_domain_equal(expected, d);
        assert_int_equal(raw_count(path, "SELECT count(*) FROM assigned_addresses"),
                         expected_addresses(expected));
        store_close(s);
        previous = d->generation;
    }
    /* the kills must have hit saves in progress, not an idle child */
    assert_true(saves >= 10);
    test_domain_free(d);
    test_domain_free(expected);
    remove_db(path);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* held: the sorted addresses of `kind` that d's profiles hold from a pool or
 * by the user (MAC: primary + iSCSI; WWN: WWPN + WWNN). Returns the count. */
static size_t held(const struct domain *d, enum pool_kind kind, uint64_t *out)
{
    size_t n = 0;
    for (unsigned i = 0; i < d->n_profiles; i++) {
        const struct domain_profile *p = &d->profiles[i];
        if (kind == POOL_KIND_MAC) {
            for (unsigned c = 0; c < p->n_enet; c++) {
                if (p->enet[c].mac_source == DOMAIN_ADDRESS_FACTORY)
                    continue;
                out[n++] = p->enet[c].mac;
                out[n++] = p->enet[c].iscsi_mac;
            }
        } else if (kind == POOL_KIND_WWN) {
            for (unsigned c = 0; c < p->n_fc; c++) {
                out[n++] = p->fc[c].wwpn;
                out[n++] = p->fc[c].wwnn;
            }
        } else {
            uint64_t a;
            if (pool_parse_address(POOL_KIND_SERIAL, p->serial, &a) == 0)
                out[n++] = a;
        }
    }
    qsort(out, n, sizeof(*out), cmp_u64);
    return n;
}

/* Pools rebuilt from a domain: every held address In use, factory ones
 * left Free, and allocating the whole pool never returns a held one. */
static void test_rebuild_pools(void **state)
{
    (void)state;
    char error[512];
    struct domain *d = test_domain_new();
    assert_non_null(d);
    build_domain(d, 5, 200, 4, 2);
    /* a factory-sourced connection whose stale address lies in a range */
    d->profiles[61].enet[3].mac_source = DOMAIN_ADDRESS_FACTORY;
    uint64_t factory_in_range = d->profiles[61].enet[3].mac;
    assert_int_equal(factory_in_range, pool_mac(61, 3));

    struct pool *mac = pool_create(POOL_KIND_MAC), *wwn = pool_create(POOL_KIND_WWN),
                *serial = pool_create(POOL_KIND_SERIAL);
    assert_non_null(mac);
    assert_non_null(wwn);
    assert_non_null(serial);
    if (store_rebuild_pools(d, mac, wwn, serial, error, sizeof(error)) != 0)
        fail_msg("rebuild: %s", error);

    struct pool_counts counts;
    pool_counts(mac, &counts);
    assert_int_equal(counts.ranges, 5);
    pool_counts(wwn, &counts);
    assert_int_equal(counts.ranges, 3);

    static uint64_t addrs[3][DOMAIN_MAX_PROFILES * DOMAIN_MAX_ENET * 2];
    struct pool *pools[3] = {mac, wwn, serial};
    size_t n[3];
    for (int k = 0; k < 3; k++) {
        n[k] = held(d, (enum pool_kind)k, addrs[k]);
        assert_true(n[k] > 0);
        for (size_t i = 0; i < n[k]; i++)
            assert_int_equal(pool_state(pools[k], addrs[k][i]), POOL_IN_USE);
        pool_counts(pools[k], &counts);
        assert_int_equal(counts.in_use, n[k]);
        assert_int_equal(counts.external, 0);
    }
    assert_int_equal(pool_state(mac, factory_in_range), POOL_FREE);

    /* the next allocation is the lowest free one: the gap of profile 0 */
    uint64_t a;
    assert_int_equal(pool_alloc(mac, &a, error, sizeof(error)), 0);
    assert_int_equal(a, pool_mac(0, 4));
    assert_int_equal(pool_release(mac, a, NULL, 0), 0);

    /* drain every pool: nothing handed out is held */
    for (int k = 0; k < 3; k++) {
        unsigned handed = 0;
        int ret;
        for (;;) {
            if (k == 1)
                ret = pool_alloc_pair(pools[k], &a, NULL, 0);
            else
                ret = pool_alloc(pools[k], &a, NULL, 0);
            if (ret != 0)
                break;
            handed++;
            if (bsearch(&a, addrs[k], n[k], sizeof(uint64_t), cmp_u64))
                fail_msg("%s %#llx handed out while a profile holds it",
                         pool_kind_name((enum pool_kind)k), (unsigned long long)a);
            if (k == 1 && bsearch(&(uint64_t){a + 1}, addrs[k], n[k], sizeof(uint64_t), cmp_u64))
                fail_msg("WWN pair %#llx overlaps a held WWNN", (unsigned long long)a);
        }
        assert_int_equal(ret, -ENOSPC);
        assert_true(handed > 1000);
    }
    pool_destroy(mac);
    pool_destroy(wwn);
    pool_destroy(serial);

    /* the same address held twice is refused, naming the second holder */
    d->profiles[9].enet[1].mac = d->profiles[4].enet[2].iscsi_mac;
    mac = pool_create(POOL_KIND_MAC);
    assert_int_equal(store_rebuild_pools(d, mac, NULL, NULL, error, sizeof(error)), -EBUSY);
    assert_non_null(strstr(error, "prof-009"));
    pool_destroy(mac);

    /* pools of the wrong kind or not empty are refused */
    mac = pool_create(POOL_KIND_MAC);
    assert_int_equal(store_rebuild_pools(d, NULL, mac, NULL, error, sizeof(error)), -EINVAL);
    assert_int_equal(pool_range_add_predefined(mac, 9, NULL, 0), 0);
    assert_int_equal(store_rebuild_pools(d, mac, NULL, NULL, error, sizeof(error)), -EINVAL);
    pool_destroy(mac);

    /* a pre-defined range whose bounds are not its index's */
    d->profiles[9].enet[1].mac = pool_mac(9, 1);
    d->pools.mac_ranges[1].predefined = 5;
    mac = pool_create(POOL_KIND_MAC);
    assert_int_equal(store_rebuild_pools(d, mac, NULL, NULL, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "pre-defined range 5"));
    pool_destroy(mac);
    test_domain_free(d);
}

/* A database of a newer schema, or another application's, is refused. */
static void test_schema_refused(void **state)
{
    (void)state;
    char path[512], error[512] = "";
    path_of(path, sizeof(path), "schema.db");
    remove_db(path);
    store_close(open_store(path));
    assert_int_equal(raw_count(path, "SELECT version FROM schema_version"), STORE_SCHEMA_VERSION);
    store_close(open_store(path)); /* the same version opens again */

    raw_exec(path, "UPDATE schema_version SET version = version + 1");
    assert_null(store_open(path, error, sizeof(error)));
    assert_non_null(strstr(error, "newer"));
    char newer[64];
    snprintf(newer, sizeof(newer), "schema version %d", STORE_SCHEMA_VERSION + 1);
    assert_non_null(strstr(error, newer));
    /* refused without being touched */
    assert_int_equal(raw_count(path, "SELECT version FROM schema_version"),
                     STORE_SCHEMA_VERSION + 1);

    raw_exec(path, "UPDATE schema_version SET version = 0");
    assert_null(store_open(path, error, sizeof(error)));
    assert_non_null(strstr(error, "older"));
    remove_db(path);

    raw_exec(path, "CREATE TABLE other (x INTEGER)");
    assert_null(store_open(path, error, sizeof(error)));
    assert_non_null(strstr(error, "not an OpenVC store"));
    remove_db(path);

    /* an empty file is a new store */
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
    assert_true(fd >= 0);
    close(fd);
    store_close(open_store(path));
    remove_db(path);

    assert_null(store_open(tmp_dir, error, sizeof(error))); /* a directory */
    assert_true(strlen(error) > 0);
    assert_null(store_open(NULL, error, sizeof(error)));
}

/* A version-3 store (before the MAC cache columns) opens: migrated in place
 * to version 4, everything it held loads, the MAC cache gets VC's defaults
 * (on, 5 s), and a save after that keeps new values. */
/* What version 6 added (the numbers of networks and profiles), dropped to
 * make a store what an earlier version wrote. */
#define DROP_V6_SQL                                                                                \
    "DROP INDEX networks_number; DROP INDEX profiles_number;"                                      \
    " ALTER TABLE networks DROP COLUMN number; ALTER TABLE profiles DROP COLUMN number;"

/* numbers_by_position: what the migration to version 6 makes of the
 * numbers: position + 1. */
static void numbers_by_position(struct domain *d)
{
    for (unsigned i = 0; i < d->n_networks; i++)
        d->networks[i].number = i + 1;
    for (unsigned i = 0; i < d->n_profiles; i++)
        d->profiles[i].number = i + 1;
}

static void test_schema_v3_migrated(void **state)
{
    (void)state;
    char path[512], error[512] = "";
    struct domain *d = test_domain_new(), *got = test_domain_new();
    assert_non_null(d);
    assert_non_null(got);
    path_of(path, sizeof(path), "v3.db");
    remove_db(path);
    build_domain(d, 8, 3, 2, 1);
    struct store *s = open_store(path);
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);
    /* make it what version 3 wrote */
    raw_exec(path, DROP_V6_SQL " ALTER TABLE domain DROP COLUMN mac_cache_refresh_s;"
                   " ALTER TABLE domain DROP COLUMN mac_cache_enabled;"
                   " ALTER TABLE domain DROP COLUMN port_protect_network_loop;"
                   " ALTER TABLE domain DROP COLUMN port_protect_pause_flood;"
                   " UPDATE schema_version SET version = 3");
    assert_int_equal(raw_count(path, "SELECT count(*) FROM pragma_table_info('domain')"
                                     " WHERE name LIKE 'mac_cache%'"),
                     0);

    s = open_store(path);
    assert_int_equal(raw_count(path, "SELECT version FROM schema_version"), STORE_SCHEMA_VERSION);
    numbers_by_position(d);
    d->mac_cache_enabled = true;
    d->mac_cache_refresh_s = 5;
    d->port_protect_network_loop = true;
    d->port_protect_pause_flood = true;
    assert_store_holds(s, d);
    d->mac_cache_enabled = false;
    d->mac_cache_refresh_s = 30;
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);
    s = open_store(path);
    assert_store_holds(s, d);
    store_close(s);

    /* a value out of range written behind its back is refused by the CHECK */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE domain SET mac_cache_refresh_s = 31", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    remove_db(path);
    test_domain_free(d);
    test_domain_free(got);
}

/* A version-4 store (before the port protection columns) opens: migrated
 * in place to the current version, everything loads, both protections get VC's
 * default (on), and a save keeps new values. */
static void test_schema_v4_migrated(void **state)
{
    (void)state;
    char path[512], error[512] = "";
    struct domain *d = test_domain_new();
    assert_non_null(d);
    path_of(path, sizeof(path), "v4.db");
    remove_db(path);
    build_domain(d, 4, 2, 1, 1);
    d->port_protect_network_loop = false;
    d->port_protect_pause_flood = false;
    struct store *s = open_store(path);
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);
    raw_exec(path, DROP_V6_SQL " ALTER TABLE domain DROP COLUMN port_protect_network_loop;"
                   " ALTER TABLE domain DROP COLUMN port_protect_pause_flood;"
                   " UPDATE schema_version SET version = 4");
    assert_int_equal(raw_count(path, "SELECT count(*) FROM pragma_table_info('domain')"
                                     " WHERE name LIKE 'port_protect%'"),
                     0);

    s = open_store(path);
    assert_int_equal(raw_count(path, "SELECT version FROM schema_version"), STORE_SCHEMA_VERSION);
    numbers_by_position(d);
    d->port_protect_network_loop = true;
    d->port_protect_pause_flood = true;
    assert_store_holds(s, d);
    d->port_protect_pause_flood = false;
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);
    s = open_store(path);
    assert_store_holds(s, d);
    store_close(s);

    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE domain SET port_protect_pause_flood = 2", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    remove_db(path);
    test_domain_free(d);
}

/* A version-5 store (before the numbers) opens: migrated in place, every
 * network and profile numbered by its position (the index SNMP showed
 * until then), a save keeps other numbers, and two profiles cannot share
 * one behind the store's back. */
static void test_schema_v5_migrated(void **state)
{
    (void)state;
    char path[512], error[512] = "";
    struct domain *d = test_domain_new();
    assert_non_null(d);
    path_of(path, sizeof(path), "v5.db");
    remove_db(path);
    build_domain(d, 6, 5, 1, 1);
    struct store *s = open_store(path);
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);
    raw_exec(path, DROP_V6_SQL " UPDATE schema_version SET version = 5");
    assert_int_equal(raw_count(path, "SELECT count(*) FROM pragma_table_info('profiles')"
                                     " WHERE name = 'number'"),
                     0);

    s = open_store(path);
    assert_int_equal(raw_count(path, "SELECT version FROM schema_version"), STORE_SCHEMA_VERSION);
    numbers_by_position(d);
    assert_store_holds(s, d);
    d->profiles[0].number = 77;
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);
    s = open_store(path);
    assert_store_holds(s, d);
    store_close(s);

    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE profiles SET number = 77 WHERE position = 1", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    remove_db(path);
    test_domain_free(d);
}

/* A file of random bytes, and a real store with its pages overwritten,
 * give an error and no crash. */
static void test_broken_file(void **state)
{
    (void)state;
    char path[512], error[512] = "";
    path_of(path, sizeof(path), "broken.db");
    remove_db(path);
    static unsigned char junk[65536];
    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (unsigned char)rng();
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(junk, 1, sizeof(junk), f), sizeof(junk));
    fclose(f);
    assert_null(store_open(path, error, sizeof(error)));
    assert_non_null(strstr(error, "not a database"));
    assert_non_null(strstr(error, path));
    remove_db(path);

    /* a real store with pages overwritten: from the second page (the schema
     * spills there), and only in the second half (rows) */
    struct domain *d = test_domain_new();
    assert_non_null(d);
    for (int variant = 0; variant < 2; variant++) {
        build_domain(d, 3, 120, 8, 4);
        struct store *s = open_store(path);
        assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
        store_close(s); /* checkpoints the WAL into the file */
        int fd = open(path, O_WRONLY);
        assert_true(fd >= 0);
        struct stat st;
        assert_int_equal(fstat(fd, &st), 0);
        assert_true(st.st_size > 65536);
        off_t from = variant == 0 ? 4096 : st.st_size / 2 / 4096 * 4096;
        for (off_t off = from; off + 512 <= st.st_size; off += 1024)
            assert_int_equal(pwrite(fd, junk, 512, off), 512);
        close(fd);
        error[0] = '\0';
        s = store_open(path, error, sizeof(error));
        if (variant == 0) {
            assert_null(s);
            assert_non_null(strstr(error, "malformed"));
        } else {
            assert_non_null(s);
            int ret = store_load(s, d, error, sizeof(error));
            assert_int_not_equal(ret, 0);
            assert_non_null(strstr(error, "malformed"));
            assert_int_equal(d->n_profiles, 0); /* emptied, not half-loaded */
            store_close(s);
        }
        remove_db(path);
    }
    test_domain_free(d);
    remove_db(path);
}

struct audit_seen {
    unsigned n;
    int64_t last_id;
    char commands[8][64];
    int stop_after;
};

static int audit_row(void *arg, const struct store_audit_entry *e)
{
    struct audit_seen *seen = arg;
    if (e->id <= seen->last_id)
        return -100; /* not increasing */
    seen->last_id = e->id;
    if (seen->n < 8)
        snprintf(seen->commands[seen->n], sizeof(seen->commands[0]), "%s|%s|%s|%s", e->user,
                 e->origin, e->command, e->result);
    seen->n++;
    if (e->time_us < 1600000000LL * 1000000)
        return -101; /* not a real time */
    if (seen->stop_after && (int)seen->n == seen->stop_after)
        return 7;
    return 0;
}

/* Audit rows in order, the last N of them, a stop from the callback, and
 * their survival across a store_save and a reopen. */
static void test_audit(void **state)
{
    (void)state;
    char path[512], error[512];
    path_of(path, sizeof(path), "audit.db");
    remove_db(path);
    struct store *s = open_store(path);
    char command[64];
    for (int i = 0; i < 5; i++) {
        snprintf(command, sizeof(command), "add profile p%d", i);
        assert_int_equal(store_audit(s, "admin", "ssh 10.0.0.5", command,
                                     i == 3 ? "ERROR: profile exists" : "SUCCESS", error,
                                     sizeof(error)),
                         0);
    }
    assert_int_equal(store_audit(s, NULL, NULL, NULL, NULL, error, sizeof(error)), 0);

    struct domain *d = test_domain_new();
    assert_non_null(d);
    build_domain(d, 1, 4, 2, 1);
    assert_int_equal(store_save(s, d, error, sizeof(error)), 0);
    store_close(s);
    s = open_store(path);

    struct audit_seen seen = {0};
    assert_int_equal(store_audit_list(s, 3, audit_row, &seen, error, sizeof(error)), 0);
    assert_int_equal(seen.n, 3);
    assert_string_equal(seen.commands[0],
                        "admin|ssh 10.0.0.5|add profile p3|ERROR: profile exists");
    assert_string_equal(seen.commands[1], "admin|ssh 10.0.0.5|add profile p4|SUCCESS");
    assert_string_equal(seen.commands[2], "|||");

    memset(&seen, 0, sizeof(seen));
    assert_int_equal(store_audit_list(s, 0, audit_row, &seen, error, sizeof(error)), 0);
    assert_int_equal(seen.n, 6);
    assert_string_equal(seen.commands[0], "admin|ssh 10.0.0.5|add profile p0|SUCCESS");

    memset(&seen, 0, sizeof(seen));
    seen.stop_after = 2;
    assert_int_equal(store_audit_list(s, 0, audit_row, &seen, error, sizeof(error)), 7);
    assert_int_equal(seen.n, 2);
    /* the statement was reset: listing again works */
    memset(&seen, 0, sizeof(seen));
    assert_int_equal(store_audit_list(s, 1, audit_row, &seen, error, sizeof(error)), 0);
    assert_int_equal(seen.n, 1);

    assert_int_equal(store_audit_list(s, 0, NULL, NULL, error, sizeof(error)), -EINVAL);
    assert_int_equal(store_audit(NULL, "a", "b", "c", "d", error, sizeof(error)), -EINVAL);
    store_close(s);
    test_domain_free(d);
    remove_db(path);
}

/* NULL arguments are refused; store_close takes NULL. */
static void test_bad_arguments(void **state)
{
    (void)state;
    char path[512], error[512];
    path_of(path, sizeof(path), "args.db");
    remove_db(path);
    struct store *s = open_store(path);
    struct domain *d = test_domain_new();
    assert_non_null(d);
    assert_int_equal(store_save(NULL, d, error, sizeof(error)), -EINVAL);
    assert_int_equal(store_save(s, NULL, error, sizeof(error)), -EINVAL);
    assert_int_equal(store_load(NULL, d, error, sizeof(error)), -EINVAL);
    assert_int_equal(store_load(s, NULL, NULL, 0), -EINVAL);
    assert_int_equal(store_rebuild_pools(NULL, NULL, NULL, NULL, NULL, 0), -EINVAL);
    store_close(NULL);
    store_close(s);
    test_domain_free(d);
    remove_db(path);
}

static int group_setup(void **state)
{
    (void)state;
    const char *base = getenv("TMPDIR");
    snprintf(tmp_dir, sizeof(tmp_dir), "%s/test_store.XXXXXX", base ? base : "/tmp");
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    rmdir(tmp_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_invalid_refused),
        cmocka_unit_test(test_rollback_nothing_half_written),
        cmocka_unit_test(test_crash_consistency),
        cmocka_unit_test(test_rebuild_pools),
        cmocka_unit_test(test_schema_refused),
        cmocka_unit_test(test_schema_v3_migrated),
        cmocka_unit_test(test_schema_v4_migrated),
        cmocka_unit_test(test_schema_v5_migrated),
        cmocka_unit_test(test_broken_file),
        cmocka_unit_test(test_audit),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
