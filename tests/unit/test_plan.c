/*
 * test_plan: profiles/plan.h. Connection -> FlexNIC mapping with and
 * without FCoE; the Flex-10 examples of VC-REFERENCE.md worked through
 * profiles (Configured / Allocated Speed, "not allocated" outside a
 * populated bay); the dataplane document of the demo-like fixture checked
 * field by field; and every document made here run through the dataplane's
 * own config_parse, which must accept it and build what we expect (vNets,
 * VLAN maps, FlexNIC bandwidth).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "dataplane/config.h"
#include "profiles/plan.h"
#include "profiles/validate.h"
#include "tests/unit/profiles_fixture.h"

/* assert_port: connection i of p maps to `name`. */
static void assert_port(const struct domain_profile *p, unsigned i, const char *name)
{
    char buf[PLAN_PORT_NAME_MAX];
    assert_int_equal(plan_connection_port_name(p, i, buf, sizeof(buf)), 0);
    assert_string_equal(buf, name);
}

/* parse: run `doc` through the dataplane's config_parse; must be accepted. */
static struct dp_config *parse(json_t *doc)
{
    char error[256] = "";
    struct dp_config *config;

    assert_non_null(doc);
    config = config_parse(doc, NULL, error, sizeof(error));
    if (config == NULL) {
        char *text = json_dumps(doc, JSON_COMPACT);
        fail_msg("config_parse refused the plan: %s\n%s", error, text);
    }
    return config;
}

/* document: plan + parse, with the domain valid. */
static struct dp_config *document(const struct domain *d, json_t **out)
{
    char error[256] = "";
    json_t *doc = plan_dataplane_document(d, 7, error, sizeof(error));
    if (doc == NULL)
        fail_msg("plan_dataplane_document: %s", error);
    *out = doc;
    return parse(doc);
}

/* ------------------------------------------------------------ mapping */

static void test_mapping(void **state)
{
    (void)state;
    struct domain_profile p;
    unsigned port = 0, flexnic = 0;
    char buf[PLAN_PORT_NAME_MAX];
    const char *plain[] = {"LOM:1-a", "LOM:2-a", "LOM:1-b", "LOM:2-b",
                           "LOM:1-c", "LOM:2-c", "LOM:1-d", "LOM:2-d"};
    const char *fcoe[] = {"LOM:1-a", "LOM:2-a", "LOM:1-c", "LOM:2-c", "LOM:1-d", "LOM:2-d"};

    memset(&p, 0, sizeof(p));
    for (unsigned i = 0; i < 8; i++)
        assert_port(&p, i + 1, plain[i]);
    assert_int_equal(plan_connection_port(&p, 9, &port, &flexnic), -ENOSPC);
    assert_int_equal(plan_connection_port(&p, 0, &port, &flexnic), -EINVAL);
    assert_int_equal(plan_connection_port(NULL, 1, &port, &flexnic), -EINVAL);
    assert_int_equal(plan_connection_port_name(&p, 9, buf, sizeof(buf)), -ENOSPC);
    assert_string_equal(buf, "");

    /* One FCoE connection: Ethernet skips every b. */
    fixture_fcoe(&p, "SAN-A", 0);
    for (unsigned i = 0; i < 6; i++)
        assert_port(&p, i + 1, fcoe[i]);
    assert_int_equal(plan_connection_port(&p, 7, &port, &flexnic), -ENOSPC);
    assert_int_equal(plan_fcoe_port(&p, 1, &port, &flexnic), 0);
    assert_int_equal(port, 1);
    assert_int_equal(flexnic, 1);
    assert_int_equal(plan_fcoe_port(&p, 2, &port, &flexnic), -EINVAL); /* no fc 2 */
    fixture_fcoe(&p, "SAN-B", 1);
    assert_int_equal(plan_fcoe_port(&p, 2, &port, &flexnic), 0);
    assert_int_equal(port, 2);
    fixture_fcoe(&p, "SAN-C", 2);
    assert_int_equal(plan_fcoe_port(&p, 3, &port, &flexnic), -ENOSPC);
    /* A plain FC connection takes no FlexNIC. */
    p.fc[0].fcoe = p.fc[1].fcoe = p.fc[2].fcoe = false;
    assert_int_equal(plan_fcoe_port(&p, 1, &port, &flexnic), -EINVAL);
    assert_port(&p, 3, "LOM:1-b");

    assert_int_equal(plan_format_port(2, 3, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "LOM:2-d");
    assert_int_equal(plan_format_port(1, 4, buf, sizeof(buf)), -EINVAL);
}

/* ------------------------------------------------------------ bandwidth */

/* flex10_profile: enc0:4 gets profile "Flex" of 8 connections on Lab: the
 * odd ones (LOM:1-a..d) as given (speed 0 = Auto), the even ones Auto. */
static struct domain_profile *flex10_profile(struct domain *d, const unsigned speeds[4])
{
    struct domain_profile *p = fixture_profile(d, "Flex", 4);
    for (unsigned i = 0; i < 8; i++) {
        struct domain_enet_connection *c = fixture_enet(p, "Lab", 400 + i);
        if (i % 2 == 0 && speeds[i / 2] != 0) {
            c->speed_type = DOMAIN_SPEED_CUSTOM;
            c->speed_mbps = speeds[i / 2];
        }
    }
    return p;
}

/* assert_flex10: the allocation of LOM:1 of a profile built from speeds. */
static void assert_flex10(const unsigned speeds[4], const uint32_t want[4],
                          const uint32_t doc_min[4])
{
    struct domain *d = fixture_domain();
    struct domain_profile *p = flex10_profile(d, speeds);
    uint32_t configured[4], allocated[4];
    json_t *doc;
    struct dp_config *config;
    int port;

    assert_int_equal(validate_domain(d, NULL, 0), 0);
    assert_int_equal(plan_profile_bandwidth(d, p, 1, configured, allocated), 0);
    for (unsigned f = 0; f < 4; f++) {
        assert_int_equal(configured[f], speeds[f]);
        assert_int_equal(allocated[f], want[f]);
    }
    /* LOM:2: four Autos. */
    assert_int_equal(plan_profile_bandwidth(d, p, 2, configured, allocated), 0);
    for (unsigned f = 0; f < 4; f++)
        assert_int_equal(allocated[f], 2500);

    config = document(d, &doc);
    port = config_find_port(config, "d4");
    assert_true(port >= 0);
    assert_true(config->ports[port].partitioned);
    for (unsigned f = 0; f < 4; f++) {
        assert_true(config->ports[port].flexnics[f].defined);
        assert_int_equal(config->ports[port].flexnics[f].min_bps, (uint64_t)doc_min[f] * 1000000);
        assert_int_equal(config->ports[port].flexnics[f].max_bps, 10000000000ULL);
        assert_int_equal(config->ports[port].flexnics[f].vnet, config_find_vnet(config, "Lab"));
    }
    config_free(config);
    json_decref(doc);
    domain_destroy(d);
}

/* VC-REFERENCE.md's three Flex-10 examples, through profiles. */
static void test_flex10_examples(void **state)
{
    (void)state;
    const unsigned ex1[4] = {1000, 0, 0, 0}, ex2[4] = {1000, 2000, 4000, 5000},
                   ex3[4] = {2000, 8000, 0, 0};
    const uint32_t want1[4] = {1000, 3000, 3000, 3000}, want2[4] = {900, 1700, 3300, 4100},
                   want3[4] = {1960, 7840, 100, 100}, doc3[4] = {1900, 7800, 100, 100};

    assert_flex10(ex1, want1, want1);
    assert_flex10(ex2, want2, want2);
    assert_flex10(ex3, want3, doc3); /* the dataplane takes 100 Mb steps */
}

/* Allocated Speed is "not allocated" until the profile sits in a
 * populated bay; the network's maximum caps a connection; Preferred takes
 * the network's PrefSpeed; FCoE takes part. */
static void test_bandwidth_rules(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    struct domain_profile *web = domain_find_profile(d, "Web01");
    struct domain_profile *db = domain_find_profile(d, "Db01");
    struct domain_profile *spare = domain_find_profile(d, "Spare");
    uint32_t configured[4], allocated[4];

    assert_int_equal(plan_profile_bandwidth(d, spare, 1, configured, allocated),
                     PLAN_NOT_ALLOCATED);
    for (unsigned f = 0; f < 4; f++)
        assert_int_equal(allocated[f], 0);

    assert_int_equal(plan_profile_bandwidth(d, web, 1, configured, allocated), 0);
    assert_int_equal(configured[0], 2500);
    assert_int_equal(configured[1], 0);
    assert_int_equal(allocated[0], 2500);
    assert_int_equal(allocated[1], 7500);
    assert_int_equal(allocated[2], 0);

    /* Auto alone on Prod101 (max 4000): capped at 4000. */
    assert_int_equal(plan_profile_bandwidth(d, web, 2, configured, allocated), 0);
    assert_int_equal(allocated[0], 4000);
    assert_int_equal(allocated[1], 6000); /* Backup, unrestricted */

    /* Preferred without Speed: the network's PrefSpeed. */
    domain_find_network(d, "Prod101")->preferred_speed_mbps = 1500;
    web->enet[0].speed_type = DOMAIN_SPEED_PREFERRED;
    web->enet[0].speed_mbps = 0;
    assert_int_equal(plan_connection_speed(d, &web->enet[0]), 1500);
    assert_int_equal(plan_profile_bandwidth(d, web, 1, configured, allocated), 0);
    assert_int_equal(configured[0], 1500);
    assert_int_equal(allocated[0], 1500);
    assert_int_equal(allocated[1], 8500);

    /* Db01 LOM:1: Lab (a), FCoE (b), Trunk (c), all Auto. */
    assert_int_equal(plan_profile_bandwidth(d, db, 1, configured, allocated), 0);
    assert_int_equal(allocated[0], 3400);
    assert_int_equal(allocated[1], 3300);
    assert_int_equal(allocated[2], 3300);
    assert_int_equal(allocated[3], 0);
    db->fc[0].speed_type = DOMAIN_SPEED_CUSTOM;
    db->fc[0].speed_mbps = 4000;
    assert_int_equal(plan_profile_bandwidth(d, db, 1, configured, allocated), 0);
    assert_int_equal(configured[1], 4000);
    assert_int_equal(allocated[1], 4000);
    assert_int_equal(allocated[0], 3000);

    /* The blade leaves: not allocated. */
    d->enclosures[0].bays[1].blade.present = false;
    assert_int_equal(plan_profile_bandwidth(d, db, 1, configured, allocated), PLAN_NOT_ALLOCATED);
    assert_int_equal(allocated[0], 0);

    /* Multiple networks: the highest maximum. */
    domain_find_network(d, "Prod102")->max_speed_mbps = 3000;
    domain_find_network(d, "Priv")->max_speed_mbps = 5000;
    domain_find_network(d, "Native")->max_speed_mbps = 2000;
    assert_int_equal(plan_connection_max_mbps(d, &web->enet[2]), 5000);
    assert_int_equal(plan_connection_max_mbps(d, &web->enet[3]), 10000);

    assert_int_equal(plan_profile_bandwidth(d, web, 3, configured, allocated), -EINVAL);
    assert_int_equal(plan_profile_bandwidth(NULL, web, 1, configured, allocated), -EINVAL);
    domain_destroy(d);
}

/* ------------------------------------------------------------ the document */

/* member: doc[key] must exist. */
static json_t *member(json_t *object, const char *key)
{
    json_t *value = json_object_get(object, key);
    if (value == NULL)
        fail_msg("member \"%s\" missing", key);
    return value;
}

/* assert_object: `object` equals the JSON text `want`. */
static void assert_object(json_t *object, const char *want)
{
    json_error_t jerr;
    json_t *expected = json_loads(want, 0, &jerr);
    assert_non_null(expected);
    if (!json_equal(object, expected)) {
        char *text = json_dumps(object, JSON_COMPACT | JSON_SORT_KEYS);
        fail_msg("got %s\nwant %s", text, want);
    }
    json_decref(expected);
}

/* The fixture's document, field by field, and what config_parse builds. */
static void test_document(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    json_t *doc, *ports, *flexnics;
    struct dp_config *config = document(d, &doc);
    const struct dp_flexnic_config *fx;
    int d1, d2, d3;

    assert_int_equal(json_integer_value(member(doc, "generation")), 7);
    assert_int_equal(json_integer_value(member(doc, "aging_s")), 300);
    assert_object(member(doc, "mac_cache"), "{\"enabled\":true,\"refresh_ms\":5000,\"repeats\":3}");
    assert_true(config->mac_cache.enabled);
    assert_int_equal(config->mac_cache.refresh_ms, 5000);
    /* port protection: both on (VC's defaults), the dataplane's intervals */
    assert_object(member(doc, "port_protect"), "{\"network_loop\":true,\"pause_flood\":true}");
    assert_true(config->port_protect.network_loop);
    assert_true(config->port_protect.pause_flood);
    assert_int_equal(config->port_protect.pause_window_ms, 10000);

    ports = member(doc, "ports");
    assert_int_equal(json_array_size(ports), 8);
    assert_object(json_array_get(ports, 0),
                  "{\"name\":\"d1\",\"device\":\"net_af_packet0,iface=vcd1\",\"speed_mbps\":10000,"
                  "\"partitioned\":true,\"enabled\":true}");
    assert_object(json_array_get(ports, 1),
                  "{\"name\":\"d2\",\"device\":\"net_af_packet1,iface=vcd2\",\"speed_mbps\":10000,"
                  "\"partitioned\":true,\"enabled\":true}");
    assert_object(json_array_get(ports, 2),
                  "{\"name\":\"d3\",\"device\":\"net_af_packet2,iface=vcd3\",\"speed_mbps\":10000,"
                  "\"partitioned\":false,\"enabled\":false}");
    assert_object(json_array_get(ports, 3),
                  "{\"name\":\"d4\",\"device\":\"net_af_packet3,iface=vcd4\",\"speed_mbps\":10000,"
                  "\"partitioned\":false,\"enabled\":true}");
    assert_object(json_array_get(ports, 4), "{\"name\":\"X1\",\"device\":\"net_af_packet17,iface="
                                            "vcx1\",\"speed_mbps\":10000}");
    assert_object(json_array_get(ports, 7), "{\"name\":\"X4\",\"device\":\"net_af_packet20,iface="
                                            "vcx4\",\"speed_mbps\":10000}");
    assert_object(member(doc, "uplink_sets"), "[{\"name\":\"SUS-A\",\"ports\":[\"X1\",\"X2\"]}]");
    assert_object(member(doc, "vnets"),
                  "[{\"name\":\"Prod101\",\"uplink_set\":\"SUS-A\",\"vlan\":101},"
                  "{\"name\":\"Prod102\",\"uplink_set\":\"SUS-A\",\"vlan\":102},"
                  "{\"name\":\"Native\",\"uplink_set\":\"SUS-A\",\"native\":true},"
                  "{\"name\":\"Priv\",\"uplink_set\":\"SUS-A\",\"vlan\":200,\"private\":true,"
                  "\"mac_limit\":1024},"
                  "{\"name\":\"Backup\",\"uplinks\":[\"X3\"]},"
                  "{\"name\":\"Trunk\",\"uplinks\":[\"X4\"],\"tunnel\":true},"
                  "{\"name\":\"Lab\"}]");
    flexnics = member(doc, "flexnics");
    assert_int_equal(json_array_size(flexnics), 6);
    assert_object(json_array_get(flexnics, 0),
                  "{\"port\":\"d1\",\"flexnic\":\"a\",\"vnet\":\"Prod101\",\"max_mbps\":4000,"
                  "\"min_mbps\":2500,\"mac\":\"02:56:43:00:00:00\"}");
    assert_object(json_array_get(flexnics, 1),
                  "{\"port\":\"d1\",\"flexnic\":\"b\",\"vlans\":[{\"vlan\":102,\"vnet\":"
                  "\"Prod102\"},{\"vlan\":200,\"vnet\":\"Priv\"}],\"untagged_vnet\":\"Native\","
                  "\"max_mbps\":10000,\"min_mbps\":7500,\"mac\":\"02:56:43:00:00:04\"}");
    assert_object(json_array_get(flexnics, 2),
                  "{\"port\":\"d2\",\"flexnic\":\"a\",\"vnet\":\"Lab\",\"max_mbps\":10000,"
                  "\"min_mbps\":3400,\"mac\":\"02:56:43:00:00:08\"}");
    assert_object(json_array_get(flexnics, 3), "{\"port\":\"d2\",\"flexnic\":\"b\",\"max_mbps\":"
                                               "10000,\"min_mbps\":3300}");
    assert_object(json_array_get(flexnics, 4),
                  "{\"port\":\"d2\",\"flexnic\":\"c\",\"vnet\":\"Trunk\",\"max_mbps\":10000,"
                  "\"min_mbps\":3300,\"mac\":\"02:56:43:00:00:0c\"}");
    assert_object(json_array_get(flexnics, 5),
                  "{\"port\":\"d3\",\"flexnic\":\"a\",\"vnet\":\"Prod102\",\"max_mbps\":10000,"
                  "\"min_mbps\":10000,\"mac\":\"00:17:a4:77:00:30\"}");

    /* What the dataplane built from it. */
    assert_int_equal(config->generation, 7);
    assert_int_equal(config->n_ports, 8);
    assert_int_equal(config->n_uplink_sets, 1);
    assert_true(config_find_vnet(config, "Off") == DP_VNET_NONE);
    assert_true(config_find_vnet(config, "Lab") != DP_VNET_NONE);
    assert_int_equal(config->vnets[config_find_vnet(config, "Prod101")].uplink_vlan, 101);
    assert_true(config->vnets[config_find_vnet(config, "Priv")].private_network);
    assert_true(config->vnets[config_find_vnet(config, "Trunk")].tunnel);
    assert_int_equal(config->uplink_sets[0].native_vnet, config_find_vnet(config, "Native"));
    d1 = config_find_port(config, "d1");
    d2 = config_find_port(config, "d2");
    d3 = config_find_port(config, "d3");
    fx = &config->ports[d1].flexnics[1];
    assert_true(fx->defined);
    assert_non_null(fx->vlan_to_vnet);
    assert_int_equal(fx->vlan_to_vnet[102], config_find_vnet(config, "Prod102"));
    assert_int_equal(fx->vlan_to_vnet[200], config_find_vnet(config, "Priv"));
    assert_int_equal(fx->vlan_to_vnet[101], DP_VNET_NONE);
    assert_int_equal(fx->untagged_vnet, config_find_vnet(config, "Native"));
    assert_int_equal(fx->min_bps, 7500000000ULL);
    fx = &config->ports[d1].flexnics[0];
    assert_int_equal(fx->vnet, config_find_vnet(config, "Prod101"));
    assert_int_equal(fx->max_bps, 4000000000ULL);
    assert_int_equal(fx->min_bps, 2500000000ULL);
    assert_false(config->ports[d1].flexnics[2].defined);
    assert_true(config->ports[d2].flexnics[1].defined); /* FCoE: bandwidth only */
    assert_int_equal(config->ports[d2].flexnics[1].vnet, DP_VNET_NONE);
    assert_int_equal(config->ports[d2].flexnics[1].min_bps, 3300000000ULL);
    assert_false(config->ports[d3].partitioned);
    assert_false(config->ports[d3].enabled);
    assert_true(config->ports[d3].flexnics[0].has_mac);
    config_free(config);
    json_decref(doc);
    domain_destroy(d);
}

/* The module in interconnect bay 2 carries LOM:2. */
static void test_document_bay2(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    json_t *doc;
    struct dp_config *config;
    int d1, d2, d3;

    d->interconnect_bay = 2;
    config = document(d, &doc);
    d1 = config_find_port(config, "d1");
    d2 = config_find_port(config, "d2");
    d3 = config_find_port(config, "d3");
    /* Web01 LOM:2: a = connection 2 (Prod101, max 4000), b = 4 (Backup). */
    assert_int_equal(config->ports[d1].flexnics[0].vnet, config_find_vnet(config, "Prod101"));
    assert_int_equal(config->ports[d1].flexnics[0].min_bps, 4000000000ULL);
    assert_int_equal(config->ports[d1].flexnics[1].vnet, config_find_vnet(config, "Backup"));
    assert_int_equal(config->ports[d1].flexnics[1].min_bps, 6000000000ULL);
    /* Db01 LOM:2: a = Lab, b = FCoE 2. */
    assert_true(config->ports[d2].partitioned);
    assert_int_equal(config->ports[d2].flexnics[0].vnet, config_find_vnet(config, "Lab"));
    assert_true(config->ports[d2].flexnics[1].defined);
    assert_false(config->ports[d2].flexnics[2].defined);
    /* App01 has nothing on LOM:2. */
    assert_false(config->ports[d3].flexnics[0].defined);
    assert_int_equal(json_array_size(json_object_get(doc, "flexnics")), 4);
    config_free(config);
    json_decref(doc);

    /* A module in bay 3 carries no LOM port of these blades. */
    d->interconnect_bay = 3;
    config = document(d, &doc);
    assert_int_equal(json_array_size(json_object_get(doc, "flexnics")), 0);
    config_free(config);
    json_decref(doc);
    domain_destroy(d);
}

/* Port names of the stacked enclosures' downlinks, both ways. */
static void test_downlink_names(void **state)
{
    (void)state;
    char name[PLAN_DOWNLINK_NAME_MAX], enclosure[8], id[PLAN_PORT_ID_MAX], tiny[4];
    unsigned bay = 0;

    assert_int_equal(plan_downlink_name("enc0", 3, name, sizeof(name)), 0);
    assert_string_equal(name, "d3");
    assert_int_equal(plan_downlink_name("enc1", 3, name, sizeof(name)), 0);
    assert_string_equal(name, "e1d3");
    assert_int_equal(plan_downlink_name("enc3", 16, name, sizeof(name)), 0);
    assert_string_equal(name, "e3d16");
    assert_int_equal(plan_downlink_name("enc4", 1, name, sizeof(name)), -EINVAL);
    assert_string_equal(name, "");
    assert_int_equal(plan_downlink_name("enc1", 17, name, sizeof(name)), -EINVAL);
    assert_int_equal(plan_downlink_name("enc1", 0, name, sizeof(name)), -EINVAL);
    assert_int_equal(plan_downlink_name("enc10", 1, name, sizeof(name)), -EINVAL);
    assert_int_equal(plan_downlink_name("enc1", 16, tiny, sizeof(tiny)), -EINVAL);
    assert_string_equal(tiny, "");

    assert_int_equal(plan_downlink_parse("e2d16", enclosure, sizeof(enclosure), &bay), 0);
    assert_string_equal(enclosure, "enc2");
    assert_int_equal(bay, 16);
    assert_int_equal(plan_downlink_parse("d1", enclosure, sizeof(enclosure), &bay), 0);
    assert_string_equal(enclosure, "enc0");
    assert_int_equal(bay, 1);
    const char *bad[] = {"X1", "e0d1", "e4d1", "e1d17", "e1d0", "e1d01", "d", "e1", "e1X1", ""};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(plan_downlink_parse(bad[i], enclosure, sizeof(enclosure), &bay), -EINVAL);

    assert_int_equal(plan_port_id("enc0", 1, "e1d3", id, sizeof(id)), 0);
    assert_string_equal(id, "enc1:1:d3");
    assert_int_equal(plan_port_id("enc0", 2, "d3", id, sizeof(id)), 0);
    assert_string_equal(id, "enc0:2:d3");
    assert_int_equal(plan_port_id("enc0", 1, "X1", id, sizeof(id)), 0);
    assert_string_equal(id, "enc0:1:X1");
}

/* A domain of two enclosures: enc1's bays become downlinks e1d<bay> after
 * enc0's and before the uplinks, and a profile in enc1:2 gets its FlexNIC
 * on e1d2; an enclosure that is not imported carries nothing. */
static void test_document_two_enclosures(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    struct domain_enclosure *enc1 = &d->enclosures[1];
    struct domain_profile *p;
    json_t *doc, *ports, *flexnics;
    struct dp_config *config;

    d->n_enclosures = 2;
    snprintf(enc1->id, sizeof(enc1->id), "enc1");
    snprintf(enc1->name, sizeof(enc1->name), "Second");
    enc1->imported = true;
    for (unsigned b = 0; b < DOMAIN_BAYS; b++) {
        struct domain_bay *bay = &enc1->bays[b];
        bay->number = b + 1;
        if (b >= 2)
            continue;
        snprintf(bay->device, sizeof(bay->device), "net_af_packet%u,iface=vce1d%u", 40 + b, b + 1);
        bay->blade.present = true;
        bay->blade.powered_on = true;
        bay->blade.physical_ports = 2;
        snprintf(bay->blade.model, sizeof(bay->blade.model), "BL460c");
        snprintf(bay->blade.factory_serial, sizeof(bay->blade.factory_serial), "CZ100%u", b + 1);
        for (unsigned k = 0; k < 8; k++)
            bay->blade.factory_mac[k] = FIXTURE_FACTORY_MAC + 0x1000 + (b + 1) * 16 + k;
    }
    p = fixture_profile(d, "Far01", 0);
    fixture_enet(p, "Prod101", 20);
    snprintf(p->enclosure, sizeof(p->enclosure), "enc1");
    p->bay = 2;
    snprintf(enc1->bays[1].profile, DOMAIN_NAME_MAX, "Far01");

    config = document(d, &doc);
    ports = member(doc, "ports");
    assert_int_equal(json_array_size(ports), 10);
    assert_string_equal(json_string_value(json_object_get(json_array_get(ports, 3), "name")), "d4");
    assert_object(json_array_get(ports, 4),
                  "{\"name\":\"e1d1\",\"device\":\"net_af_packet40,iface=vce1d1\",\"speed_mbps\":"
                  "10000,\"partitioned\":false,\"enabled\":true}");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ports, 5), "name")),
                        "e1d2");
    assert_string_equal(json_string_value(json_object_get(json_array_get(ports, 6), "name")), "X1");
    flexnics = member(doc, "flexnics");
    assert_int_equal(json_array_size(flexnics), 7);
    assert_object(json_array_get(flexnics, 6),
                  "{\"port\":\"e1d2\",\"flexnic\":\"a\",\"vnet\":\"Prod101\",\"max_mbps\":4000,"
                  "\"min_mbps\":4000,\"mac\":\"02:56:43:00:00:28\"}");
    int e1d2 = config_find_port(config, "e1d2");
    assert_true(e1d2 >= 0);
    assert_int_equal(config->ports[e1d2].role, DP_PORT_DOWNLINK);
    assert_int_equal(config->ports[e1d2].flexnics[0].vnet, config_find_vnet(config, "Prod101"));
    config_free(config);
    json_decref(doc);

    /* not imported: a profile may not sit there; without it neither its
     * bays nor FlexNICs are in the document */
    char error[256] = "";
    enc1->imported = false;
    assert_null(plan_dataplane_document(d, 7, error, sizeof(error)));
    assert_string_equal(error, "profile Far01: bay enc1:2 is in enclosure enc1, which is not "
                               "imported");
    p->enclosure[0] = '\0';
    p->bay = 0;
    enc1->bays[1].profile[0] = '\0';
    config = document(d, &doc);
    assert_int_equal(json_array_size(member(doc, "ports")), 8);
    assert_int_equal(json_array_size(member(doc, "flexnics")), 6);
    assert_int_equal(config_find_port(config, "e1d2"), -1);
    config_free(config);
    json_decref(doc);
    domain_destroy(d);
}

/* Variations: each document is accepted by config_parse. */
static void test_document_variations(void **state)
{
    (void)state;
    for (int v = 0; v < 13; v++) {
        struct domain *d = fixture_domain();
        struct domain_profile *web = domain_find_profile(d, "Web01");
        json_t *doc;
        struct dp_config *config;
        int d1;

        switch (v) {
        case 0:
            domain_find_network(d, "Prod102")->enabled = false;
            break;
        case 1:
            domain_find_network(d, "Native")->enabled = false;
            break;
        case 2:
            d->enclosures[0].bays[0].blade.flex10 = false;
            break;
        case 3:
            d->enclosures[0].bays[0].blade.present = false;
            break;
        case 4:
            web->enet[0].speed_type = DOMAIN_SPEED_DISABLED;
            break;
        case 5:
            d->uplink_ports[2].device[0] = '\0';
            break; /* Backup's uplink */
        case 6:
            d->enclosures[0].bays[0].device[0] = '\0';
            break;
        case 7: /* a one-port blade has no LOM:2 for the module in bay 2 */
            d->enclosures[0].bays[0].blade.physical_ports = 1;
            d->interconnect_bay = 2;
            break;
        case 8:
            for (unsigned i = 0; i < 4; i++)
                fixture_enet(web, "Prod102", 500 + i)->speed_type = DOMAIN_SPEED_CUSTOM,
                                                   web->enet[web->n_enet - 1].speed_mbps = 5000;
            break;
        case 9:
            d->uplink_ports[0].speed_mbps = 20000;
            break;
        case 10:
            web->enet[0].mac_source = DOMAIN_ADDRESS_FACTORY;
            web->enet[0].mac = 0;
            break;
        case 11:
            d->aging_s = 0;
            break;
        case 12:
            d->mac_cache_enabled = false;
            d->mac_cache_refresh_s = 30;
            d->port_protect_pause_flood = false;
            break;
        }
        config = document(d, &doc);
        d1 = config_find_port(config, "d1");
        switch (v) {
        case 0:
            assert_int_equal(config->ports[d1].flexnics[1].vlan_to_vnet[102], DP_VNET_NONE);
            assert_int_equal(config->ports[d1].flexnics[1].vlan_to_vnet[200],
                             config_find_vnet(config, "Priv"));
            break;
        case 1:
            assert_int_equal(config->ports[d1].flexnics[1].untagged_vnet, DP_VNET_NONE);
            break;
        case 2:
            assert_false(config->ports[d1].partitioned);
            assert_true(config->ports[d1].flexnics[0].defined);
            assert_false(config->ports[d1].flexnics[1].defined);
            break;
        case 3:
        case 7:
            assert_false(config->ports[d1].flexnics[0].defined);
            if (v == 3)
                assert_false(config->ports[d1].enabled);
            break;
        case 4:
            assert_int_equal(config->ports[d1].flexnics[0].vnet, DP_VNET_NONE);
            assert_int_equal(config->ports[d1].flexnics[0].min_bps, 0);
            break;
        case 5:
            assert_int_equal(config->vnets[config_find_vnet(config, "Backup")].n_uplink_ports, 0);
            break;
        case 6:
            assert_int_equal(d1, -1);
            break;
        case 8:
            for (unsigned f = 0; f < 4; f++)
                assert_true(config->ports[d1].flexnics[f].defined);
            break;
        case 9:
            assert_int_equal(config->ports[config_find_port(config, "X1")].speed_mbps, 20000);
            break;
        case 10:
            assert_int_equal(config->ports[d1].flexnics[0].mac[5], 0x10);
            break;
        case 11:
            assert_int_equal(config->aging_s, 0);
            break;
        case 12:
            assert_false(config->mac_cache.enabled);
            assert_int_equal(config->mac_cache.refresh_ms, 30000);
            assert_int_equal(config->mac_cache.repeats, 3);
            assert_true(config->port_protect.network_loop);
            assert_false(config->port_protect.pause_flood);
            break;
        }
        config_free(config);
        json_decref(doc);
        domain_destroy(d);
    }
}

/* Refusals: an invalid domain, generation 0. */
static void test_document_refused(void **state)
{
    (void)state;
    struct domain *d = fixture_domain();
    char error[256] = "";

    assert_null(plan_dataplane_document(d, 0, error, sizeof(error)));
    assert_string_equal(error, "generation: 0 is not 1 or more");
    snprintf(d->profiles[0].enet[1].network, DOMAIN_NAME_MAX, "Nope");
    assert_null(plan_dataplane_document(d, 1, error, sizeof(error)));
    assert_string_equal(error, "profile Web01: connection 2: Network \"Nope\" does not exist");
    assert_null(plan_dataplane_document(NULL, 1, error, sizeof(error)));
    domain_destroy(d);

    /* An empty domain gives an empty but valid document. */
    d = domain_create();
    json_t *doc;
    struct dp_config *config = document(d, &doc);
    assert_int_equal(config->n_ports, 0);
    config_free(config);
    json_decref(doc);
    domain_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mapping),
        cmocka_unit_test(test_flex10_examples),
        cmocka_unit_test(test_bandwidth_rules),
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_document_bay2),
        cmocka_unit_test(test_document_variations),
        cmocka_unit_test(test_document_refused),
        cmocka_unit_test(test_downlink_names),
        cmocka_unit_test(test_document_two_enclosures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
