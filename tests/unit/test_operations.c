/*
 * test_operations: the manager's transactions (mgmt/operations.h) over the
 * fixture domain and a temporary SQLite store: add/assign/remove round
 * trips, a refused change leaves domain, pools and store exactly as they
 * were, no address is ever held twice across random add/remove sequences,
 * reopening the store gives back the same domain and pool state, and a
 * store that cannot be written leaves everything as it was.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "mgmt/operations.h"
#include "profiles/validate.h"
#include "profiles/plan.h"
#include "profiles/pool.h"
#include "profiles/store.h"
#include "profiles_fixture.h"

struct env {
    char dir[64];
    char path[128];
    struct manager_state st;
};

/* setup_domain: a store holding the fixture domain (with `stacked`, plus
 * enclosure enc1 of the wiring, not imported, bay 1 cabled with a blade),
 * and the state over it. */
static int setup_domain(void **state, bool stacked)
{
    struct env *e = calloc(1, sizeof(*e));
    char err[512];

    snprintf(e->dir, sizeof(e->dir), "/tmp/test_ops.XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    snprintf(e->path, sizeof(e->path), "%s/store.db", e->dir);
    struct store *s = store_open(e->path, err, sizeof(err));
    assert_non_null(s);
    struct domain *d = fixture_domain();
    if (stacked) {
        struct domain_enclosure *enc1 = &d->enclosures[d->n_enclosures++];
        snprintf(enc1->id, sizeof(enc1->id), "enc1");
        snprintf(enc1->name, sizeof(enc1->name), "Stacked");
        for (unsigned b = 0; b < DOMAIN_BAYS; b++)
            enc1->bays[b].number = b + 1;
        snprintf(enc1->bays[0].device, DOMAIN_DEVICE_MAX, "net_af_packet40,iface=vce1d1");
        enc1->bays[0].blade.present = true;
        enc1->bays[0].blade.powered_on = true;
        enc1->bays[0].blade.physical_ports = 2;
        enc1->bays[0].blade.factory_mac[0] = FIXTURE_FACTORY_MAC + 0x1000;
    }
    /* the store wants a server VLAN on untagged map entries too */
    for (unsigned i = 0; i < d->n_profiles; i++)
        for (unsigned c = 0; c < d->profiles[i].n_enet; c++)
            for (unsigned m = 0; m < d->profiles[i].enet[c].n_port_map; m++)
                if (d->profiles[i].enet[c].port_map[m].vlan == 0)
                    d->profiles[i].enet[c].port_map[m].vlan = 1;
    if (store_save(s, d, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    assert_int_equal(ops_state_init(&e->st, d, s, err, sizeof(err)), 0);
    *state = e;
    return 0;
}

static int setup(void **state)
{
    return setup_domain(state, false);
}

static int setup_stacked(void **state)
{
    return setup_domain(state, true);
}

static int teardown(void **state)
{
    struct env *e = *state;
    char cmd[160];

    store_close(e->st.store);
    ops_state_free(&e->st);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", e->dir);
    assert_int_equal(system(cmd), 0);
    free(e);
    return 0;
}

/* same_domain: the fields the operations change are equal in a and b. */
static void same_domain(const struct domain *a, const struct domain *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->generation, b->generation);
    assert_int_equal(a->n_networks, b->n_networks);
    assert_int_equal(a->n_profiles, b->n_profiles);
    assert_int_equal(a->n_uplink_sets, b->n_uplink_sets);
    assert_int_equal(a->pools.n_mac_ranges, b->pools.n_mac_ranges);
    assert_int_equal(a->pools.mac_source, b->pools.mac_source);
    for (unsigned i = 0; i < a->n_uplink_ports; i++)
        assert_string_equal(a->uplink_ports[i].uplink_set, b->uplink_ports[i].uplink_set);
    for (unsigned i = 0; i < a->n_networks; i++) {
        assert_string_equal(a->networks[i].name, b->networks[i].name);
        assert_string_equal(a->networks[i].uplink_set, b->networks[i].uplink_set);
        assert_int_equal(a->networks[i].vlan, b->networks[i].vlan);
    }
    for (unsigned b_ = 0; b_ < DOMAIN_BAYS; b_++)
        assert_string_equal(a->enclosures[0].bays[b_].profile, b->enclosures[0].bays[b_].profile);
    for (unsigned i = 0; i < a->n_profiles; i++) {
        const struct domain_profile *p = &a->profiles[i], *q = &b->profiles[i];
        assert_string_equal(p->name, q->name);
        assert_string_equal(p->serial, q->serial);
        assert_string_equal(p->enclosure, q->enclosure);
        assert_int_equal(p->bay, q->bay);
        assert_int_equal(p->n_enet, q->n_enet);
        assert_int_equal(p->n_fc, q->n_fc);
        for (unsigned c = 0; c < p->n_fc; c++) {
            const struct domain_fc_connection *x = &p->fc[c], *y = &q->fc[c];
            assert_int_equal(x->index, y->index);
            assert_int_equal(x->fcoe, y->fcoe);
            assert_string_equal(x->fabric, y->fabric);
            assert_int_equal(x->wwn_source, y->wwn_source);
            assert_int_equal(x->wwpn, y->wwpn);
            assert_int_equal(x->wwnn, y->wwnn);
            assert_int_equal(x->speed_type, y->speed_type);
            assert_int_equal(x->speed_mbps, y->speed_mbps);
            assert_int_equal(x->boot_enabled, y->boot_enabled);
            assert_int_equal(x->boot_target_wwpn, y->boot_target_wwpn);
            assert_int_equal(x->boot_lun, y->boot_lun);
        }
        for (unsigned c = 0; c < p->n_enet; c++) {
            assert_int_equal(p->enet[c].n_port_map, q->enet[c].n_port_map);
            for (unsigned k = 0; k < p->enet[c].n_port_map; k++) {
                assert_string_equal(p->enet[c].port_map[k].network, q->enet[c].port_map[k].network);
                assert_int_equal(p->enet[c].port_map[k].vlan, q->enet[c].port_map[k].vlan);
                assert_int_equal(p->enet[c].port_map[k].untagged, q->enet[c].port_map[k].untagged);
            }
            assert_string_equal(p->enet[c].network, q->enet[c].network);
            assert_int_equal(p->enet[c].mac, q->enet[c].mac);
            assert_int_equal(p->enet[c].iscsi_mac, q->enet[c].iscsi_mac);
            assert_int_equal(p->enet[c].mac_source, q->enet[c].mac_source);
            assert_int_equal(p->enet[c].speed_type, q->enet[c].speed_type);
            assert_int_equal(p->enet[c].speed_mbps, q->enet[c].speed_mbps);
        }
    }
}

/* stored_equals: the store holds exactly `d`. */
static void stored_equals(struct store *s, const struct domain *d)
{
    struct domain *loaded = domain_create();
    char err[512];

    assert_int_equal(store_load(s, loaded, err, sizeof(err)), 0);
    same_domain(loaded, d);
    domain_destroy(loaded);
}

/* same_pool: equal counts and the same next address. */
static void same_pool(struct pool *a, struct pool *b)
{
    struct pool_counts ca, cb;
    uint64_t x = 0, y = 0;

    pool_counts(a, &ca);
    pool_counts(b, &cb);
    assert_int_equal(ca.size, cb.size);
    assert_int_equal(ca.in_use, cb.in_use);
    assert_int_equal(ca.external, cb.external);
    assert_int_equal(pool_alloc(a, &x, NULL, 0), pool_alloc(b, &y, NULL, 0));
    assert_int_equal(x, y);
    if (x != 0) {
        pool_release(a, x, NULL, 0);
        pool_release(b, y, NULL, 0);
    }
}

static void test_round_trip(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    const char *nets[] = {"Net500"};
    struct domain_network n = {.enabled = true, .vlan = 500};
    uint64_t gen = st->domain->generation;

    snprintf(n.name, sizeof(n.name), "Net500");
    snprintf(n.uplink_set, sizeof(n.uplink_set), "SUS-A");
    assert_int_equal(ops_network_add(st, &n, err, sizeof(err)), 0);
    assert_int_equal(ops_network_add(st, &n, err, sizeof(err)), -EEXIST);
    assert_int_equal(ops_profile_add(st, "P1", 1, nets, err, sizeof(err)), 0);
    struct domain_profile *p = domain_find_profile(st->domain, "P1");
    assert_non_null(p);
    assert_int_equal(p->n_enet, 1);
    uint64_t mac = p->enet[0].mac, iscsi = p->enet[0].iscsi_mac;
    assert_true(mac != 0 && iscsi != 0 && mac != iscsi);
    assert_int_equal(pool_state(st->mac, mac), POOL_IN_USE);
    assert_int_equal(pool_state(st->mac, iscsi), POOL_IN_USE);

    assert_int_equal(ops_profile_assign(st, "P1", "enc0", 4, err, sizeof(err)), 0);
    assert_string_equal(domain_find_bay(st->domain, "enc0", 4)->profile, "P1");
    assert_int_equal(ops_profile_assign(st, "P1", "enc0", 1, err, sizeof(err)), -EEXIST);
    assert_int_equal(ops_profile_assign(st, "P1", "enc0", 17, err, sizeof(err)), -ENOENT);
    assert_int_equal(ops_profile_unassign(st, "P1", err, sizeof(err)), 0);
    assert_string_equal(domain_find_bay(st->domain, "enc0", 4)->profile, "");
    assert_int_equal(ops_profile_unassign(st, "P1", err, sizeof(err)), -EINVAL);
    assert_int_equal(ops_profile_assign(st, "P1", "enc0", 4, err, sizeof(err)), 0);

    unsigned index = 0;
    assert_int_equal(ops_enet_add(st, "P1", "Prod102", &index, err, sizeof(err)), 0);
    assert_int_equal(index, 2);
    struct domain_enet_connection c = domain_find_profile(st->domain, "P1")->enet[1];
    c.speed_type = DOMAIN_SPEED_CUSTOM;
    c.speed_mbps = 2000;
    assert_int_equal(ops_enet_set(st, "P1", &c, err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "P1")->enet[1].speed_mbps, 2000);
    c.speed_mbps = 150;
    assert_int_equal(ops_enet_set(st, "P1", &c, err, sizeof(err)), -EINVAL);

    /* network in use cannot go */
    assert_int_equal(ops_network_remove(st, "Net500", err, sizeof(err)), -EINVAL);
    assert_int_equal(ops_profile_remove(st, "P1", err, sizeof(err)), 0);
    assert_null(domain_find_profile(st->domain, "P1"));
    assert_string_equal(domain_find_bay(st->domain, "enc0", 4)->profile, "");
    assert_int_equal(pool_state(st->mac, mac), POOL_FREE);
    assert_int_equal(pool_state(st->mac, iscsi), POOL_FREE);
    assert_int_equal(ops_network_remove(st, "Net500", err, sizeof(err)), 0);

    /* uplink sets and ports */
    assert_int_equal(ops_uplinkset_add(st, "SUS-B", DOMAIN_UPLINK_AUTO, err, sizeof(err)), 0);
    assert_int_equal(ops_uplinkport_add(st, "X1", "SUS-B", err, sizeof(err)), -EBUSY);
    assert_int_equal(ops_uplinkport_remove(st, "enc0:1:X2", err, sizeof(err)), 0);
    assert_int_equal(ops_uplinkport_add(st, "X2", "SUS-B", err, sizeof(err)), 0);
    assert_int_equal(ops_uplinkset_remove(st, "SUS-B", err, sizeof(err)), 0);
    assert_string_equal(domain_find_uplink_port(st->domain, "enc0:1:X2")->uplink_set, "");

    /* pools: factory source, user range */
    struct ops_domain_settings s;
    ops_domain_get(st, &s);
    s.mac_source = DOMAIN_ADDRESS_FACTORY;
    assert_int_equal(ops_domain_set(st, &s, err, sizeof(err)), 0);
    assert_int_equal(ops_profile_add(st, "F1", 1, NULL, err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "F1")->enet[0].mac, 0);
    assert_int_equal(domain_find_profile(st->domain, "F1")->enet[0].mac_source,
                     DOMAIN_ADDRESS_FACTORY);
    assert_int_equal(ops_pool_range_add(st, POOL_KIND_MAC, -1, 0x0a0000000000ULL, 0x0a00000000ffULL,
                                        err, sizeof(err)),
                     0);
    assert_int_equal(ops_pool_range_add(st, POOL_KIND_MAC, -1, 0x0a0000000010ULL, 0x0a00000000ffULL,
                                        err, sizeof(err)),
                     -EEXIST);
    assert_int_equal(ops_pool_range_remove(st, POOL_KIND_MAC, 0, 0, 0, err, sizeof(err)), -EBUSY);
    assert_int_equal(ops_pool_range_add(st, POOL_KIND_MAC, 1, 0, 0, err, sizeof(err)), 0);
    assert_int_equal(ops_pool_range_remove(st, POOL_KIND_MAC, 1, 0, 0, err, sizeof(err)), 0);
    assert_int_equal(ops_pool_range_remove(st, POOL_KIND_MAC, -1, 0x0a0000000000ULL,
                                           0x0a00000000ffULL, err, sizeof(err)),
                     0);
    assert_true(st->domain->generation > gen);
    stored_equals(st->store, st->domain);
}

static void test_refusal_changes_nothing(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    const char *nets[] = {"Nope"};
    struct domain *before = domain_clone(st->domain);
    struct domain *ptr = st->domain;
    struct pool_counts c0, c1;

    pool_counts(st->mac, &c0);
    assert_int_equal(ops_profile_add(st, "Bad", 1, nets, err, sizeof(err)), -EINVAL);
    assert_non_null(strstr(err, "Nope"));
    assert_int_equal(ops_profile_add(st, "bad name", 0, NULL, err, sizeof(err)), -EINVAL);
    assert_int_equal(ops_profile_assign(st, "Spare", "enc0", 1, err, sizeof(err)), -EEXIST);
    assert_int_equal(ops_network_remove(st, "Prod101", err, sizeof(err)), -EINVAL);
    assert_int_equal(ops_profile_remove(st, "Ghost", err, sizeof(err)), -ENOENT);
    assert_ptr_equal(st->domain, ptr);
    same_domain(st->domain, before);
    stored_equals(st->store, before);
    pool_counts(st->mac, &c1);
    assert_int_equal(c0.in_use, c1.in_use);
    domain_destroy(before);
}

/* check_unique: every pool MAC held once, and exactly the pool's in-use set. */
static void check_unique(struct manager_state *st)
{
    static uint64_t seen[DOMAIN_MAX_PROFILES * DOMAIN_MAX_ENET * 2];
    unsigned n = 0;
    struct pool_counts c;

    for (unsigned i = 0; i < st->domain->n_profiles; i++)
        for (unsigned k = 0; k < st->domain->profiles[i].n_enet; k++) {
            const struct domain_enet_connection *x = &st->domain->profiles[i].enet[k];
            if (x->mac_source != DOMAIN_ADDRESS_POOL)
                continue;
            uint64_t m[2] = {x->mac, x->iscsi_mac};
            for (unsigned j = 0; j < 2; j++) {
                for (unsigned s = 0; s < n; s++)
                    assert_true(seen[s] != m[j]);
                assert_int_equal(pool_state(st->mac, m[j]), POOL_IN_USE);
                seen[n++] = m[j];
            }
        }
    pool_counts(st->mac, &c);
    assert_int_equal(c.in_use + c.external, n);
}

static void test_random_no_address_twice(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512], name[DOMAIN_NAME_MAX];
    const char *nets[3] = {"Prod101", "Prod102", "Lab"};

    srand(7);
    for (int step = 0; step < 150; step++) {
        int r = rand() % 3;
        if (r < 2) {
            snprintf(name, sizeof(name), "R%d", step);
            int rc = ops_profile_add(st, name, (unsigned)(rand() % 4), nets, err, sizeof(err));
            assert_int_equal(rc, 0);
        } else if (st->domain->n_profiles > 0) {
            snprintf(name, sizeof(name), "%s",
                     st->domain->profiles[rand() % st->domain->n_profiles].name);
            assert_int_equal(ops_profile_remove(st, name, err, sizeof(err)), 0);
        }
        check_unique(st);
    }
    /* a failing add in the middle gives its addresses back */
    const char *bad[3] = {"Prod101", "Prod101", "Nope"};
    struct pool_counts c0, c1;
    pool_counts(st->mac, &c0);
    assert_int_equal(ops_profile_add(st, "Bad", 3, bad, err, sizeof(err)), -EINVAL);
    pool_counts(st->mac, &c1);
    assert_int_equal(c0.in_use, c1.in_use);
    check_unique(st);
}

static void test_reopen(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512];
    const char *nets[] = {"Prod102", "Lab"};

    assert_int_equal(ops_profile_add(st, "K1", 2, nets, err, sizeof(err)), 0);
    assert_int_equal(ops_profile_add(st, "K2", 1, nets, err, sizeof(err)), 0);
    assert_int_equal(ops_profile_assign(st, "K2", "enc0", 4, err, sizeof(err)), 0);
    assert_int_equal(ops_profile_remove(st, "K1", err, sizeof(err)), 0);

    store_close(st->store);
    st->store = store_open(e->path, err, sizeof(err));
    assert_non_null(st->store);
    struct domain *d = domain_create();
    assert_int_equal(store_load(st->store, d, err, sizeof(err)), 0);
    same_domain(d, st->domain);
    struct manager_state again;
    assert_int_equal(ops_state_init(&again, d, st->store, err, sizeof(err)), 0);
    same_pool(again.mac, st->mac);
    same_pool(again.wwn, st->wwn);
    ops_state_free(&again);
}

/* numbers: a new network or profile gets one above the highest in use;
 * removing one renumbers none of the others (SNMP indexes by them);
 * network.set keeps the number whatever it is given; the store keeps them. */
static void test_numbers(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    struct domain_network n = {.enabled = true};
    const char *nets[] = {"NumB"};
    unsigned net0 = domain_next_network_number(st->domain);
    unsigned prof0 = domain_next_profile_number(st->domain);

    static const char *const names[] = {"NumA", "NumB", "NumC"};
    for (unsigned i = 0; i < 3; i++) {
        snprintf(n.name, sizeof(n.name), "%s", names[i]);
        assert_int_equal(ops_network_add(st, &n, err, sizeof(err)), 0);
    }
    assert_int_equal(domain_find_network(st->domain, "NumA")->number, net0);
    assert_int_equal(domain_find_network(st->domain, "NumC")->number, net0 + 2);
    assert_int_equal(ops_network_remove(st, "NumA", err, sizeof(err)), 0);
    assert_int_equal(domain_find_network(st->domain, "NumB")->number, net0 + 1);
    assert_int_equal(domain_find_network(st->domain, "NumC")->number, net0 + 2);
    snprintf(n.name, sizeof(n.name), "NumD");
    assert_int_equal(ops_network_add(st, &n, err, sizeof(err)), 0);
    assert_int_equal(domain_find_network(st->domain, "NumD")->number, net0 + 3);
    struct domain_network changed = *domain_find_network(st->domain, "NumB");
    changed.smart_link = true;
    changed.number = 999;
    assert_int_equal(ops_network_set(st, &changed, err, sizeof(err)), 0);
    assert_int_equal(domain_find_network(st->domain, "NumB")->number, net0 + 1);
    assert_true(domain_find_network(st->domain, "NumB")->smart_link);

    assert_int_equal(ops_profile_add(st, "Q1", 1, nets, err, sizeof(err)), 0);
    assert_int_equal(ops_profile_add(st, "Q2", 1, nets, err, sizeof(err)), 0);
    assert_int_equal(ops_profile_add(st, "Q3", 1, nets, err, sizeof(err)), 0);
    assert_int_equal(ops_profile_remove(st, "Q1", err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "Q2")->number, prof0 + 1);
    assert_int_equal(domain_find_profile(st->domain, "Q3")->number, prof0 + 2);
    assert_int_equal(ops_profile_add(st, "Q4", 1, nets, err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "Q4")->number, prof0 + 3);

    struct domain *d = domain_create();
    assert_int_equal(store_load(st->store, d, err, sizeof(err)), 0);
    assert_int_equal(domain_find_network(d, "NumC")->number, net0 + 2);
    assert_int_equal(domain_find_profile(d, "Q3")->number, prof0 + 2);
    domain_destroy(d);
}

/* import enclosure: the wiring's enc1 takes no profile before it is
 * imported; bad ids are refused changing nothing; once imported (stored:
 * the reopened store has it) its bays take profiles and its cabled bay is
 * the dataplane's e1d1. */
static void test_enclosure_import(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    uint64_t g = st->domain->generation;

    assert_int_equal(ops_profile_assign(st, "Spare", "enc1", 1, err, sizeof(err)), -ENOENT);
    assert_string_equal(err, "enclosure enc1 is not imported: import enclosure enc1 first (Domain "
                             "role)");
    assert_int_equal(ops_enclosure_import(st, "enc2", err, sizeof(err)), -ENOENT);
    assert_string_equal(err, "enclosure enc2 is not in the wiring: the OA sees enc0, enc1 (the "
                             "wiring file lists what can be imported)");
    assert_int_equal(ops_enclosure_import(st, "enc4", err, sizeof(err)), -ENOENT);
    assert_string_equal(err, "enclosure enc4 does not exist: enclosures are enc0 to enc3");
    assert_int_equal(ops_enclosure_import(st, NULL, err, sizeof(err)), -ENOENT);
    assert_int_equal(ops_enclosure_import(st, "enc0", err, sizeof(err)), -EEXIST);
    assert_string_equal(err, "enclosure enc0 is imported already");
    assert_int_equal(st->domain->generation, g);
    assert_false(st->domain->enclosures[1].imported);
    json_t *doc = plan_dataplane_document(st->domain, 1, err, sizeof(err));
    assert_non_null(doc);
    char *text = json_dumps(doc, JSON_COMPACT);
    assert_null(strstr(text, "e1d1"));
    free(text);
    json_decref(doc);

    assert_int_equal(ops_enclosure_import(st, "enc1", err, sizeof(err)), 0);
    assert_int_equal(st->domain->generation, g + 1);
    assert_true(st->domain->enclosures[1].imported);
    assert_int_equal(ops_enclosure_import(st, "enc1", err, sizeof(err)), -EEXIST);
    assert_int_equal(ops_profile_assign(st, "Spare", "enc1", 1, err, sizeof(err)), 0);
    assert_string_equal(domain_find_profile(st->domain, "Spare")->enclosure, "enc1");
    assert_string_equal(domain_find_bay(st->domain, "enc1", 1)->profile, "Spare");
    doc = plan_dataplane_document(st->domain, 1, err, sizeof(err));
    assert_non_null(doc);
    text = json_dumps(doc, JSON_COMPACT);
    assert_non_null(strstr(text, "{\"port\":\"e1d1\",\"flexnic\":\"a\",\"vnet\":\"Prod101\""));
    free(text);
    json_decref(doc);

    store_close(st->store);
    st->store = store_open(e->path, err, sizeof(err));
    assert_non_null(st->store);
    struct domain *d = domain_create();
    assert_int_equal(store_load(st->store, d, err, sizeof(err)), 0);
    assert_int_equal(d->n_enclosures, 2);
    assert_true(d->enclosures[1].imported);
    assert_string_equal(d->enclosures[1].bays[0].profile, "Spare");
    domain_destroy(d);
}

/* a store that cannot be written (another process holds the write lock):
 * the change fails with -EBUSY, nothing moves, and it works once free */
static void test_store_failure_rolls_back(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    const char *nets[] = {"Prod102", "Lab"};
    struct domain *before = domain_clone(st->domain), *ptr = st->domain;
    struct pool_counts c0, c1;
    sqlite3 *db;

    assert_int_equal(sqlite3_open(e->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    pool_counts(st->mac, &c0);
    assert_int_equal(ops_profile_add(st, "Locked", 2, nets, err, sizeof(err)), -EBUSY);
    pool_counts(st->mac, &c1);
    assert_int_equal(c0.in_use, c1.in_use);
    assert_ptr_equal(st->domain, ptr);
    same_domain(st->domain, before);
    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    stored_equals(st->store, before);
    assert_int_equal(ops_profile_add(st, "Locked", 2, nets, err, sizeof(err)), 0);
    assert_int_equal(st->domain->generation, before->generation + 1);
    domain_destroy(before);
}

/* REFUSED(st, want, call): `call` returns `want`, and domain, pools and
 * store are exactly as before it */
#define REFUSED(st, want, call)                                                                    \
    do {                                                                                           \
        struct domain *before_ = domain_clone((st)->domain), *ptr_ = (st)->domain;                 \
        struct pool_counts m0_, m1_, w0_, w1_;                                                     \
        pool_counts((st)->mac, &m0_);                                                              \
        pool_counts((st)->wwn, &w0_);                                                              \
        assert_int_equal((call), (want));                                                          \
        assert_true(err[0] != '\0');                                                               \
        err[0] = '\0';                                                                             \
        pool_counts((st)->mac, &m1_);                                                              \
        pool_counts((st)->wwn, &w1_);                                                              \
        assert_int_equal(m0_.in_use, m1_.in_use);                                                  \
        assert_int_equal(w0_.in_use, w1_.in_use);                                                  \
        assert_ptr_equal((st)->domain, ptr_);                                                      \
        same_domain((st)->domain, before_);                                                        \
        stored_equals((st)->store, before_);                                                       \
        domain_destroy(before_);                                                                   \
    } while (0)

static void test_enet_remove(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    struct domain_profile *p = domain_find_profile(st->domain, "Web01");
    uint64_t mac = p->enet[3].mac, iscsi = p->enet[3].iscsi_mac, first = p->enet[0].mac;

    assert_int_equal(pool_state(st->mac, mac), POOL_IN_USE);
    assert_int_equal(ops_enet_remove(st, "Web01", err, sizeof(err)), 0);
    p = domain_find_profile(st->domain, "Web01");
    assert_int_equal(p->n_enet, 3);
    assert_int_equal(p->enet[0].mac, first);
    assert_int_equal(pool_state(st->mac, mac), POOL_FREE);
    assert_int_equal(pool_state(st->mac, iscsi), POOL_FREE);
    stored_equals(st->store, st->domain);
    /* the last one goes too; then there is nothing to remove */
    assert_int_equal(ops_enet_remove(st, "Spare", err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "Spare")->n_enet, 0);
    REFUSED(st, -EINVAL, ops_enet_remove(st, "Spare", err, sizeof(err)));
    REFUSED(st, -ENOENT, ops_enet_remove(st, "Ghost", err, sizeof(err)));
    /* a new connection gets the freed addresses (lowest free first) */
    unsigned index = 0;
    assert_int_equal(ops_enet_add(st, "Spare", "Lab", &index, err, sizeof(err)), 0);
    assert_int_equal(index, 1);
    assert_int_equal(domain_find_profile(st->domain, "Spare")->enet[0].mac, mac);
}

/* map_entry: a server-port-map entry */
static struct domain_port_map_entry map_entry(const char *network, unsigned vlan, bool untagged)
{
    struct domain_port_map_entry m = {.vlan = vlan, .untagged = untagged};
    snprintf(m.network, sizeof(m.network), "%s", network);
    return m;
}

/* doc_flexnic: the FlexNIC `letter` of port `port` in the document of the
 * committed domain (a new reference: json_decref it), or NULL */
static json_t *doc_flexnic(struct manager_state *st, const char *port, const char *letter)
{
    char err[512];
    json_t *doc = plan_dataplane_document(st->domain, st->domain->generation, err, sizeof(err));
    json_t *found = NULL, *item;
    size_t i;

    assert_non_null(doc);
    json_array_foreach(json_object_get(doc, "flexnics"), i, item)
    {
        if (strcmp(json_string_value(json_object_get(item, "port")), port) == 0 &&
            strcmp(json_string_value(json_object_get(item, "flexnic")), letter) == 0)
            found = json_incref(item);
    }
    json_decref(doc);
    return found;
}

static void test_port_map(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    struct domain_port_map_entry m;

    /* Spare's connection 1 carries Prod101: a map needs Network "" */
    m = map_entry("Prod102", 102, false);
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    assert_non_null(strstr(err, "") /* cleared by REFUSED */);
    struct domain_enet_connection c = domain_find_profile(st->domain, "Spare")->enet[0];
    c.network[0] = '\0';
    assert_int_equal(ops_enet_set(st, "Spare", &c, err, sizeof(err)), 0);
    assert_int_equal(ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)), 0);
    m = map_entry("Native", 5, true);
    assert_int_equal(ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)), 0);
    m = map_entry("Priv", 200, false);
    assert_int_equal(ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)), 0);
    c = domain_find_profile(st->domain, "Spare")->enet[0];
    assert_int_equal(c.n_port_map, 3);
    assert_string_equal(c.port_map[1].network, "Native");
    assert_true(c.port_map[1].untagged);
    stored_equals(st->store, st->domain);

    /* each refused with the store unchanged */
    m = map_entry("Prod102", 300, false); /* network twice */
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    m = map_entry("Lab", 102, false); /* VLAN twice */
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    m = map_entry("Lab", 7, true); /* a second untagged */
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    m = map_entry("Trunk", 8, false); /* tunnel */
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    m = map_entry("Nope", 9, false);
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    m = map_entry("Lab", 0, false);
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    m = map_entry("Lab", 4095, false);
    REFUSED(st, -EINVAL, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
    m = map_entry("Lab", 10, false);
    REFUSED(st, -ENOENT, ops_port_map_add(st, "Spare", 2, &m, err, sizeof(err)));
    REFUSED(st, -ENOENT, ops_port_map_add(st, "Ghost", 1, &m, err, sizeof(err)));
    REFUSED(st, -ENOENT, ops_port_map_remove(st, "Spare", 1, "Lab", err, sizeof(err)));
    REFUSED(st, -ENOENT, ops_port_map_remove(st, "Spare", 3, "Native", err, sizeof(err)));
    /* a mapped network cannot be removed */
    REFUSED(st, -EINVAL, ops_network_remove(st, "Priv", err, sizeof(err)));

    /* the dataplane document carries the map once the profile sits in a bay */
    assert_int_equal(ops_profile_assign(st, "Spare", "enc0", 4, err, sizeof(err)), 0);
    json_t *f = doc_flexnic(st, "d4", "a");
    assert_non_null(f);
    assert_null(json_object_get(f, "vnet"));
    assert_string_equal(json_string_value(json_object_get(f, "untagged_vnet")), "Native");
    json_t *vlans = json_object_get(f, "vlans");
    assert_int_equal(json_array_size(vlans), 2);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(vlans, 0), "vlan")), 102);
    assert_string_equal(json_string_value(json_object_get(json_array_get(vlans, 1), "vnet")),
                        "Priv");
    json_decref(f);

    /* remove from the middle: order kept */
    assert_int_equal(ops_port_map_remove(st, "Spare", 1, "Native", err, sizeof(err)), 0);
    c = domain_find_profile(st->domain, "Spare")->enet[0];
    assert_int_equal(c.n_port_map, 2);
    assert_string_equal(c.port_map[0].network, "Prod102");
    assert_string_equal(c.port_map[1].network, "Priv");
    f = doc_flexnic(st, "d4", "a");
    assert_null(json_object_get(f, "untagged_vnet"));
    json_decref(f);
    stored_equals(st->store, st->domain);

    /* 32 entries at most */
    for (unsigned v = 0;
         domain_find_profile(st->domain, "Spare")->enet[0].n_port_map < DOMAIN_MAX_PORT_MAP; v++) {
        char name[16];
        struct domain_network n = {.enabled = true, .vlan = 1000 + v};
        snprintf(n.name, sizeof(n.name), "M%u", v);
        snprintf(n.uplink_set, sizeof(n.uplink_set), "SUS-A");
        assert_int_equal(ops_network_add(st, &n, err, sizeof(err)), 0);
        snprintf(name, sizeof(name), "M%u", v);
        m = map_entry(name, 1000 + v, false);
        assert_int_equal(ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)), 0);
    }
    m = map_entry("Lab", 11, false);
    REFUSED(st, -ENOSPC, ops_port_map_add(st, "Spare", 1, &m, err, sizeof(err)));
}

/* fc_template: what a user sets of an FC/FCoE connection */
static struct domain_fc_connection fc_template(bool fcoe, const char *fabric)
{
    struct domain_fc_connection c = {.fcoe = fcoe, .speed_type = DOMAIN_SPEED_PREFERRED};
    snprintf(c.fabric, sizeof(c.fabric), "%s", fabric);
    return c;
}

static void test_fcoe(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    struct domain_fc_connection t = fc_template(true, "SAN-A");
    unsigned index = 0, port, flexnic;

    /* App01 (bay 3, one Ethernet connection) gets an FCoE connection */
    assert_int_equal(ops_fc_add(st, "App01", &t, &index, err, sizeof(err)), 0);
    assert_int_equal(index, 1);
    struct domain_profile *p = domain_find_profile(st->domain, "App01");
    struct domain_fc_connection c = p->fc[0];
    assert_true(c.fcoe);
    assert_int_equal(c.wwn_source, DOMAIN_ADDRESS_POOL);
    assert_int_equal(c.wwnn, c.wwpn + 1);
    assert_int_equal(c.wwpn % 2, 0);
    assert_int_equal(pool_state(st->wwn, c.wwpn), POOL_IN_USE);
    assert_int_equal(pool_state(st->wwn, c.wwnn), POOL_IN_USE);
    assert_int_equal(plan_fcoe_port(p, 1, &port, &flexnic), 0);
    assert_int_equal(port, 1);
    assert_int_equal(flexnic, 1);
    /* the dataplane: d3 partitioned, FlexNIC b carries no vNet */
    json_t *f = doc_flexnic(st, "d3", "b");
    assert_non_null(f);
    assert_null(json_object_get(f, "vnet"));
    json_decref(f);
    stored_equals(st->store, st->domain);

    /* a second on LOM:2-b; a third has no LOM:3 */
    t = fc_template(true, "SAN-B");
    assert_int_equal(ops_fc_add(st, "App01", &t, &index, err, sizeof(err)), 0);
    assert_int_equal(index, 2);
    uint64_t wwpn2 = domain_find_profile(st->domain, "App01")->fc[1].wwpn;
    assert_true(wwpn2 != c.wwpn && wwpn2 != c.wwnn);
    REFUSED(st, -EINVAL, ops_fc_add(st, "App01", &t, &index, err, sizeof(err)));
    /* FC does not mix with FCoE */
    t = fc_template(false, "SAN-A");
    REFUSED(st, -EINVAL, ops_fc_add(st, "App01", &t, &index, err, sizeof(err)));
    REFUSED(st, -ENOENT, ops_fc_remove(st, "App01", false, err, sizeof(err)));
    REFUSED(st, -ENOENT, ops_fc_add(st, "Ghost", &t, &index, err, sizeof(err)));
    /* bad values */
    t = fc_template(true, "bad fabric");
    REFUSED(st, -EINVAL, ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)));
    t = fc_template(true, "SAN-A");
    t.speed_type = DOMAIN_SPEED_CUSTOM;
    t.speed_mbps = 150;
    REFUSED(st, -EINVAL, ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)));

    /* set: fabric, speed, boot; the WWNs stay */
    t = domain_find_profile(st->domain, "App01")->fc[0];
    snprintf(t.fabric, sizeof(t.fabric), "SAN-C");
    t.speed_type = DOMAIN_SPEED_CUSTOM;
    t.speed_mbps = 4000;
    t.boot_enabled = true;
    t.boot_target_wwpn = 0x5001438000000001ULL;
    t.boot_lun = 3;
    assert_int_equal(ops_fc_set(st, "App01", &t, err, sizeof(err)), 0);
    c = domain_find_profile(st->domain, "App01")->fc[0];
    assert_string_equal(c.fabric, "SAN-C");
    assert_int_equal(c.speed_mbps, 4000);
    assert_true(c.boot_enabled);
    assert_int_equal(c.boot_lun, 3);
    assert_int_equal(c.wwpn, t.wwpn);
    f = doc_flexnic(st, "d3", "b");
    assert_int_equal(json_integer_value(json_object_get(f, "min_mbps")), 4000);
    json_decref(f);
    stored_equals(st->store, st->domain);
    t.boot_target_wwpn = 0;
    REFUSED(st, -EINVAL, ops_fc_set(st, "App01", &t, err, sizeof(err)));
    t.boot_target_wwpn = 0x5001438000000001ULL;
    t.speed_mbps = 12000;
    REFUSED(st, -EINVAL, ops_fc_set(st, "App01", &t, err, sizeof(err)));
    t.index = 3;
    REFUSED(st, -ENOENT, ops_fc_set(st, "App01", &t, err, sizeof(err)));
    t.index = 1;
    t.fcoe = false;
    REFUSED(st, -ENOENT, ops_fc_set(st, "App01", &t, err, sizeof(err)));

    /* remove: the last one, its WWNs back to the pool */
    assert_int_equal(ops_fc_remove(st, "App01", true, err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "App01")->n_fc, 1);
    assert_int_equal(pool_state(st->wwn, wwpn2), POOL_FREE);
    assert_int_equal(pool_state(st->wwn, wwpn2 + 1), POOL_FREE);
    assert_int_equal(pool_state(st->wwn, c.wwpn), POOL_IN_USE);
    stored_equals(st->store, st->domain);
}

static void test_fc(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    struct domain_fc_connection t = fc_template(false, "SAN-A");
    unsigned index = 0, port, flexnic;

    for (unsigned i = 1; i <= DOMAIN_MAX_FC; i++) {
        assert_int_equal(ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)), 0);
        assert_int_equal(index, i);
    }
    struct domain_profile *p = domain_find_profile(st->domain, "Spare");
    assert_false(p->fc[0].fcoe);
    /* FC takes no FlexNIC: the Ethernet connection stays on LOM:1-a */
    assert_int_equal(plan_fcoe_port(p, 1, &port, &flexnic), -EINVAL);
    assert_int_equal(plan_connection_port(p, 2, &port, &flexnic), 0);
    assert_int_equal(flexnic, 0);
    REFUSED(st, -ENOSPC, ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)));
    t = fc_template(true, "SAN-A");
    REFUSED(st, -ENOSPC, ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)));
    REFUSED(st, -ENOENT, ops_fc_remove(st, "Spare", true, err, sizeof(err)));
    for (unsigned i = 0; i < DOMAIN_MAX_FC; i++)
        assert_int_equal(ops_fc_remove(st, "Spare", false, err, sizeof(err)), 0);
    REFUSED(st, -ENOENT, ops_fc_remove(st, "Spare", false, err, sizeof(err)));

    /* factory WWNs: none taken from the pool */
    struct ops_domain_settings s;
    struct pool_counts w0, w1;
    ops_domain_get(st, &s);
    s.wwn_source = DOMAIN_ADDRESS_FACTORY;
    assert_int_equal(ops_domain_set(st, &s, err, sizeof(err)), 0);
    pool_counts(st->wwn, &w0);
    t = fc_template(false, "SAN-A");
    assert_int_equal(ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)), 0);
    pool_counts(st->wwn, &w1);
    assert_int_equal(w0.in_use, w1.in_use);
    assert_int_equal(domain_find_profile(st->domain, "Spare")->fc[0].wwn_source,
                     DOMAIN_ADDRESS_FACTORY);
    assert_int_equal(domain_find_profile(st->domain, "Spare")->fc[0].wwpn, 0);
    stored_equals(st->store, st->domain);
}

/* an empty WWN pool refuses the connection and leaves everything */
static void test_fc_pool_exhausted(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";
    struct domain_fc_connection t = fc_template(true, "SAN-A");
    unsigned index = 0;

    /* only a user range of two pairs: Db01 gives range 0 back first */
    assert_int_equal(ops_fc_remove(st, "Db01", true, err, sizeof(err)), 0);
    assert_int_equal(ops_fc_remove(st, "Db01", true, err, sizeof(err)), 0);
    assert_int_equal(ops_pool_range_remove(st, POOL_KIND_WWN, 0, 0, 0, err, sizeof(err)), 0);
    assert_int_equal(ops_pool_range_add(st, POOL_KIND_WWN, -1, 0x3000000000000010ULL,
                                        0x3000000000000013ULL, err, sizeof(err)),
                     0);
    assert_int_equal(ops_fc_add(st, "Db01", &t, &index, err, sizeof(err)), 0);
    assert_int_equal(ops_fc_add(st, "Db01", &t, &index, err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "Db01")->fc[1].wwpn, 0x3000000000000012ULL);
    REFUSED(st, -ENOSPC, ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)));
    /* freed, the pair is handed out again */
    assert_int_equal(ops_fc_remove(st, "Db01", true, err, sizeof(err)), 0);
    assert_int_equal(ops_fc_add(st, "Spare", &t, &index, err, sizeof(err)), 0);
    assert_int_equal(domain_find_profile(st->domain, "Spare")->fc[0].wwpn, 0x3000000000000012ULL);
}

static int no_random_bytes(unsigned char *bytes, size_t n)
{
    (void)bytes;
    (void)n;
    return -1;
}

/* Logical UUIDs: a new random one with a logical serial (version 4,
 * RFC 4122 variant, unique), none without; a given one kept; a malformed
 * or used one, or no random bytes, refused with nothing changed. */
static void test_profile_uuid(void **state)
{
    struct env *e = *state;
    struct manager_state *st = &e->st;
    char err[512] = "";

    assert_int_equal(ops_profile_add_identity(st, "U1", 0, NULL, "LOGSN01", NULL, err, sizeof(err)),
                     0);
    assert_int_equal(ops_profile_add_identity(st, "U2", 0, NULL, "LOGSN02", NULL, err, sizeof(err)),
                     0);
    const char *u1 = domain_find_profile(st->domain, "U1")->uuid;
    const char *u2 = domain_find_profile(st->domain, "U2")->uuid;
    assert_int_equal(validate_uuid(u1, err, sizeof(err)), 0);
    assert_int_equal(strlen(u1), 36);
    assert_int_equal(u1[14], '4');           /* version 4 */
    assert_non_null(strchr("89ab", u1[19])); /* RFC 4122 variant */
    assert_string_not_equal(u1, u2);
    assert_true(domain_find_profile(st->domain, "U1")->serial[0] != '\0');

    /* no logical serial: no logical UUID (the blade's own) */
    assert_int_equal(ops_profile_add_identity(st, "U3", 0, NULL, "", NULL, err, sizeof(err)), 0);
    assert_string_equal(domain_find_profile(st->domain, "U3")->uuid, "");
    /* given: kept, also without a serial */
    assert_int_equal(ops_profile_add_identity(st, "U4", 0, NULL, "",
                                              "0123abcd-0000-4000-8000-00000000beef", err,
                                              sizeof(err)),
                     0);
    assert_string_equal(domain_find_profile(st->domain, "U4")->uuid,
                        "0123abcd-0000-4000-8000-00000000beef");
    /* "" with a serial: none */
    assert_int_equal(ops_profile_add_identity(st, "U5", 0, NULL, "LOGSN05", "", err, sizeof(err)),
                     0);
    assert_string_equal(domain_find_profile(st->domain, "U5")->uuid, "");

    REFUSED(st, -EINVAL,
            ops_profile_add_identity(st, "U6", 0, NULL, NULL,
                                     "0123ABCD-0000-4000-8000-00000000BEEF", err,
                                     sizeof(err))); /* U4's, in other case */
    REFUSED(st, -EINVAL,
            ops_profile_add_identity(st, "U6", 0, NULL, NULL, "not-a-uuid", err, sizeof(err)));
    REFUSED(st, -EINVAL,
            ops_profile_add_identity(st, "U6", 0, NULL, NULL,
                                     "0123abcd-0000-4000-8000-00000000beef-and-more", err,
                                     sizeof(err)));
    st->random_bytes = no_random_bytes;
    REFUSED(st, -EIO,
            ops_profile_add_identity(st, "U6", 0, NULL, "LOGSN06", NULL, err, sizeof(err)));
    st->random_bytes = NULL;
    assert_null(domain_find_profile(st->domain, "U6"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusal_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_no_address_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_failure_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enet_remove, setup, teardown),
        cmocka_unit_test_setup_teardown(test_port_map, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fcoe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fc_pool_exhausted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_profile_uuid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enclosure_import, setup_stacked, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
