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
#include "profiles/pool.h"
#include "profiles/store.h"
#include "profiles_fixture.h"

struct env {
    char dir[64];
    char path[128];
    struct manager_state st;
};

/* setup: a store holding the fixture domain, and the state over it. */
static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));
    char err[512];

    snprintf(e->dir, sizeof(e->dir), "/tmp/test_ops.XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    snprintf(e->path, sizeof(e->path), "%s/store.db", e->dir);
    struct store *s = store_open(e->path, err, sizeof(err));
    assert_non_null(s);
    struct domain *d = fixture_domain();
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
        for (unsigned c = 0; c < p->n_enet; c++) {
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
    assert_int_equal(ops_pool_range_add(st, POOL_KIND_MAC, -1, 0x0a0000000000ULL,
                                        0x0a00000000ffULL, err, sizeof(err)),
                     0);
    assert_int_equal(ops_pool_range_add(st, POOL_KIND_MAC, -1, 0x0a0000000010ULL,
                                        0x0a00000000ffULL, err, sizeof(err)),
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusal_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_no_address_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_failure_rolls_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
