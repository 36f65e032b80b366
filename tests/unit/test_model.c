/*
 * test_model: domain_create / domain_destroy and the finders of
 * profiles/model.h: defaults of an empty domain, exact-name look-ups,
 * bays by enclosure id and number, NULL and out-of-range arguments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/profiles_fixture.h"

/* An empty domain: arrays allocated and zeroed, sensible defaults. */
static void test_create(void **state)
{
    (void)state;
    struct domain *d = domain_create();
    assert_non_null(d);
    assert_non_null(d->networks);
    assert_non_null(d->profiles);
    assert_int_equal(d->n_networks, 0);
    assert_int_equal(d->n_profiles, 0);
    assert_int_equal(d->n_enclosures, 0);
    assert_int_equal(d->interconnect_bay, 1);
    assert_int_equal(d->aging_s, 300);
    assert_true(d->mac_cache_enabled); /* VC: Fast MAC Cache Failover on, 5 s */
    assert_int_equal(d->mac_cache_refresh_s, 5);
    assert_true(d->port_protect_network_loop); /* VC: network loop and pause flood protection on */
    assert_true(d->port_protect_pause_flood);
    assert_string_equal(d->networks[DOMAIN_MAX_NETWORKS - 1].name, "");
    assert_string_equal(d->profiles[DOMAIN_MAX_PROFILES - 1].name, "");
    domain_destroy(d);
    domain_destroy(NULL);
}

/* Finders return the object with exactly that name, and only counted ones. */
static void test_finders(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    assert_non_null(d);
    assert_ptr_equal(domain_find_network(d, "Prod102"), &d->networks[1]);
    assert_null(domain_find_network(d, "prod102")); /* names are exact */
    assert_null(domain_find_network(d, "Prod10"));
    assert_null(domain_find_network(d, NULL));
    assert_null(domain_find_network(NULL, "Prod102"));
    assert_ptr_equal(domain_find_profile(d, "Db01"), &d->profiles[1]);
    assert_null(domain_find_profile(d, "Nope"));
    assert_ptr_equal(domain_find_uplink_set(d, "SUS-A"), &d->uplink_sets[0]);
    assert_null(domain_find_uplink_set(d, "SUS-B"));
    assert_ptr_equal(domain_find_uplink_port(d, "enc0:1:X3"), &d->uplink_ports[2]);
    assert_null(domain_find_uplink_port(d, "X3"));

    /* Objects past the count are not found even when the slot has a name. */
    d->n_profiles--;
    assert_null(domain_find_profile(d, "Spare"));
    d->n_profiles++;
    assert_non_null(domain_find_profile(d, "Spare"));
    domain_destroy(d);
}

/* Bays: by enclosure id and 1-based number. */
static void test_find_bay(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    assert_ptr_equal(domain_find_bay(d, "enc0", 1), &d->enclosures[0].bays[0]);
    assert_ptr_equal(domain_find_bay(d, "enc0", 16), &d->enclosures[0].bays[15]);
    assert_string_equal(domain_find_bay(d, "enc0", 2)->profile, "Db01");
    assert_null(domain_find_bay(d, "enc0", 0));
    assert_null(domain_find_bay(d, "enc0", 17));
    assert_null(domain_find_bay(d, "enc1", 1)); /* not imported */
    assert_null(domain_find_bay(d, NULL, 1));
    assert_null(domain_find_bay(NULL, "enc0", 1));
    domain_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create),
        cmocka_unit_test(test_finders),
        cmocka_unit_test(test_find_bay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
