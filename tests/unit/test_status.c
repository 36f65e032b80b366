/*
 * test_status: profiles/status.h. Each rule of the status table on the
 * demo-like fixture: profiles (unassigned, empty bay, connections not
 * mapped), networks (disabled, no uplink ports), servers (absent, not
 * Flex-10, too few ports), uplink sets, the domain roll-up including an
 * exhausted pool, and a server port disabled by port protection.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "profiles/status.h"
#include "tests/unit/profiles_fixture.h"

/* assert_status: status and exact reason. */
static void assert_status(const struct status_reason *r, enum domain_status status,
                          const char *reason)
{
    if (r->status != status || strcmp(r->reason, reason) != 0)
        fail_msg("got %s \"%s\", want %s \"%s\"", status_name(r->status), r->reason,
                 status_name(status), reason);
}

static void test_profiles(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    struct status_reason r;

    assert_int_equal(status_profile(d, domain_find_profile(d, "Spare"), &r), 0);
    assert_status(&r, DOMAIN_STATUS_INFO, "Unassigned");

    /* Web01 has connections on LOM:2 and only interconnect bay 1 exists. */
    assert_int_equal(status_profile(d, domain_find_profile(d, "Web01"), &r), 0);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "connection 2 (LOM:2-a) is not mapped: no interconnect module in bay 2 of this "
                  "domain");
    /* App01 has one connection on LOM:1: normal. */
    assert_int_equal(status_profile(d, domain_find_profile(d, "App01"), &r), 0);
    assert_status(&r, DOMAIN_STATUS_NORMAL, "");
    /* Db01: Ethernet on LOM:2-a first. */
    assert_int_equal(status_profile(d, domain_find_profile(d, "Db01"), &r), 0);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "connection 2 (LOM:2-a) is not mapped: no interconnect module in bay 2 of this "
                  "domain");
    /* Only the FCoE connection 2 left on LOM:2. */
    domain_find_profile(d, "Db01")->n_enet = 1;
    assert_int_equal(status_profile(d, domain_find_profile(d, "Db01"), &r), 0);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "fcoe-connection 2 (LOM:2-b) is not mapped: no interconnect module in bay 2 of "
                  "this domain");

    /* A one-port blade: LOM:2 is missing on the server itself (App01: only
     * an FC connection 1 and an FCoE connection 2, on LOM:2-b). */
    {
        struct domain_profile *app = domain_find_profile(d, "App01");
        app->n_enet = 0;
        fixture_fcoe(app, "SAN-A", 20)->fcoe = false;
        fixture_fcoe(app, "SAN-B", 22);
        d->interconnect_bay = 2;
        assert_int_equal(status_profile(d, app, &r), 0);
        assert_status(&r, DOMAIN_STATUS_NORMAL, "");
        d->enclosures[0].bays[2].blade.physical_ports = 1;
        assert_int_equal(status_profile(d, app, &r), 0);
        assert_status(&r, DOMAIN_STATUS_WARNING,
                      "fcoe-connection 2 (LOM:2-b) is not mapped: the server has no LOM:2");
        d->interconnect_bay = 1;
    }

    /* Assigned to an empty bay. */
    d->enclosures[0].bays[2].blade.present = false;
    assert_int_equal(status_profile(d, domain_find_profile(d, "App01"), &r), 0);
    assert_status(&r, DOMAIN_STATUS_WARNING, "assigned to an empty bay (enc0:3)");

    assert_int_equal(status_profile(NULL, domain_find_profile(d, "App01"), &r), -EINVAL);
    domain_destroy(d);
}

static void test_networks(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    struct status_reason r;

    status_network(d, domain_find_network(d, "Prod101"), &r);
    assert_status(&r, DOMAIN_STATUS_NORMAL, "");
    status_network(d, domain_find_network(d, "Backup"), &r);
    assert_status(&r, DOMAIN_STATUS_NORMAL, "");
    status_network(d, domain_find_network(d, "Off"), &r);
    assert_status(&r, DOMAIN_STATUS_DISABLED, "State is Disabled");
    status_network(d, domain_find_network(d, "Lab"), &r);
    assert_status(&r, DOMAIN_STATUS_WARNING, "no uplink ports");

    /* The set loses its ports' devices, then its ports. */
    d->uplink_ports[0].device[0] = d->uplink_ports[1].device[0] = '\0';
    status_network(d, domain_find_network(d, "Prod101"), &r);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "no uplink ports (uplink set SUS-A has no port with a device)");
    status_uplink_set(d, &d->uplink_sets[0], &r);
    assert_status(&r, DOMAIN_STATUS_WARNING, "no uplink ports with a device");
    d->uplink_ports[0].uplink_set[0] = d->uplink_ports[1].uplink_set[0] = '\0';
    status_network(d, domain_find_network(d, "Prod101"), &r);
    assert_status(&r, DOMAIN_STATUS_WARNING, "no uplink ports (uplink set SUS-A is empty)");
    status_uplink_set(d, &d->uplink_sets[0], &r);
    assert_status(&r, DOMAIN_STATUS_WARNING, "no uplink ports");

    d->uplink_ports[2].device[0] = '\0';
    status_network(d, domain_find_network(d, "Backup"), &r);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "no uplink ports (dedicated uplink enc0:1:X3 has no device)");
    domain_destroy(d);
}

static void test_servers(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    struct status_reason r;

    assert_int_equal(status_server(d, "enc0", 1, &r), 0);
    assert_status(&r, DOMAIN_STATUS_NORMAL, "");
    assert_int_equal(status_server(d, "enc0", 5, &r), 0);
    assert_status(&r, DOMAIN_STATUS_INFO, "Absent");
    assert_int_equal(status_server(d, "enc0", 17, &r), -ENOENT);
    assert_int_equal(status_server(d, "enc2", 1, &r), -ENOENT);

    d->enclosures[0].bays[0].blade.flex10 = false;
    assert_int_equal(status_server(d, "enc0", 1, &r), 0);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "Server Profile Web01 uses LOM:1-b but the server's ports are not Flex-10");
    d->enclosures[0].bays[0].blade.physical_ports = 1;
    assert_int_equal(status_server(d, "enc0", 1, &r), 0);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "Server Profile Web01 uses LOM:2-a but the server has 1 LOM port");
    domain_destroy(d);
}

static void test_domain(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    struct status_reason r;
    struct pool *mac = pool_create(POOL_KIND_MAC);

    /* The first warning found: Web01's unmapped connection. */
    assert_int_equal(status_domain(d, NULL, NULL, NULL, &r), 0);
    assert_status(&r, DOMAIN_STATUS_WARNING,
                  "profile Web01: connection 2 (LOM:2-a) is not mapped: no interconnect module in "
                  "bay 2 of this domain");

    /* An exhausted MAC pool is major and wins. */
    assert_int_equal(pool_range_add(mac, 0x0a0000000000ULL, 0x0a0000000001ULL, NULL, 0), 0);
    assert_int_equal(status_domain(d, mac, NULL, NULL, &r), 0);
    assert_int_equal(r.status, DOMAIN_STATUS_WARNING);
    for (int i = 0; i < 2; i++) {
        uint64_t a;
        assert_int_equal(pool_alloc(mac, &a, NULL, 0), 0);
    }
    assert_int_equal(status_domain(d, mac, NULL, NULL, &r), 0);
    assert_status(&r, DOMAIN_STATUS_MAJOR, "MAC pool: exhausted (2 in use, 0 excluded of 2)");
    /* Not counted when MACs come from the factory. */
    d->pools.mac_source = DOMAIN_ADDRESS_FACTORY;
    assert_int_equal(status_domain(d, mac, NULL, NULL, &r), 0);
    assert_int_equal(r.status, DOMAIN_STATUS_WARNING);

    /* A clean domain: only LOM:1 connections, networks with uplinks. */
    struct domain *clean = domain_create();
    assert_int_equal(status_domain(clean, NULL, NULL, NULL, &r), 0);
    assert_status(&r, DOMAIN_STATUS_NORMAL, "");
    domain_destroy(clean);

    assert_int_equal(status_domain(NULL, NULL, NULL, NULL, &r), -EINVAL);
    assert_string_equal(status_name(DOMAIN_STATUS_NORMAL), "OK");
    assert_string_equal(status_name(DOMAIN_STATUS_MAJOR), "Major");
    assert_true(status_severity(DOMAIN_STATUS_CRITICAL) > status_severity(DOMAIN_STATUS_MAJOR));
    assert_int_equal(status_severity(DOMAIN_STATUS_INFO), 0);
    pool_destroy(mac);
    domain_destroy(d);
}

static void test_port_protect(void **state)
{
    (void)state;
    struct status_reason r = {.status = DOMAIN_STATUS_NORMAL, .reason = ""};

    status_port_protect(&r, "d3", "ok");
    assert_status(&r, DOMAIN_STATUS_NORMAL, "");
    status_port_protect(&r, "d3", NULL);
    assert_status(&r, DOMAIN_STATUS_NORMAL, "");
    status_port_protect(&r, "d3", "loop_detected");
    assert_status(&r, DOMAIN_STATUS_MAJOR,
                  "server port d3 disabled by port protection: a network loop was detected "
                  "(reset port-protect)");
    r = (struct status_reason){.status = DOMAIN_STATUS_WARNING,
                               .reason = "assigned to an empty bay"};
    status_port_protect(&r, "e1d2", "pause_flood");
    assert_status(&r, DOMAIN_STATUS_MAJOR,
                  "server port e1d2 disabled by port protection: a pause frame flood was "
                  "detected (reset port-protect)");
    /* a worse status stays */
    r = (struct status_reason){.status = DOMAIN_STATUS_CRITICAL, .reason = "worse"};
    status_port_protect(&r, "d3", "loop_detected");
    assert_status(&r, DOMAIN_STATUS_CRITICAL, "worse");
    status_port_protect(NULL, "d3", "loop_detected"); /* no crash */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_profiles),     cmocka_unit_test(test_networks),
        cmocka_unit_test(test_servers),      cmocka_unit_test(test_domain),
        cmocka_unit_test(test_port_protect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
