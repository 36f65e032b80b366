/*
 * Unit tests of mgmt/wiring: the demo wiring file loads (4 populated bays of
 * 16, their burned-in identity, @IFACE@ filled in, uplinks X1..X2 with their
 * ids), so do the stacked ones of 2 and 4 enclosures (enc1's bays on
 * "e1d<bay>" interfaces), and every kind of bad wiring is refused with the field named and the
 * domain left as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mgmt/wiring.h"

/* find_config: configs/<file> from the build folder, or NULL. */
static const char *find_config(const char *file)
{
    static char path[256];
    static const char *ups[] = {"..", "../..", "../../.."};
    for (unsigned i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/configs/%s", ups[i], file);
        if (access(path, R_OK) == 0)
            return path;
    }
    return NULL;
}

static const char *find_demo(void)
{
    return find_config("enclosure-demo.json");
}

/* The stacked wirings: enc1's bays get e1d<bay> interfaces; four
 * enclosures load. */
static void test_stacked_files(void **state)
{
    struct domain *domain = calloc(1, sizeof(*domain));
    char error[256];
    (void)state;

    const char *path = find_config("enclosure-stacked.json");
    assert_non_null(path);
    assert_int_equal(wiring_load_file(path, "v12", domain, error, sizeof(error)), 0);
    assert_int_equal(domain->n_enclosures, 2);
    assert_string_equal(domain->enclosures[1].id, "enc1");
    assert_true(domain->enclosures[1].imported);
    assert_string_equal(domain->enclosures[0].bays[1].device, "net_pcap_d2,iface=v12d2");
    assert_string_equal(domain->enclosures[1].bays[1].device, "net_pcap_e1d2,iface=v12e1d2");
    assert_true(domain->enclosures[1].bays[1].blade.present);
    assert_true(domain->enclosures[1].bays[2].blade.present);
    assert_false(domain->enclosures[1].bays[3].blade.present);
    assert_string_equal(domain->enclosures[1].bays[3].device, "");
    assert_string_equal(domain->uplink_ports[0].id, "enc0:1:X1");

    path = find_config("enclosure-four.json");
    assert_non_null(path);
    assert_int_equal(wiring_load_file(path, "v12", domain, error, sizeof(error)), 0);
    assert_int_equal(domain->n_enclosures, 4);
    assert_string_equal(domain->enclosures[3].id, "enc3");
    assert_string_equal(domain->enclosures[3].bays[0].device, "net_pcap_e3d1,iface=v12e3d1");
    free(domain);
}

static void test_demo_file(void **state)
{
    struct domain *domain = calloc(1, sizeof(*domain));
    char error[256];
    (void)state;

    const char *path = find_demo();
    assert_non_null(path);
    assert_int_equal(wiring_load_file(path, "v12", domain, error, sizeof(error)), 0);
    assert_string_equal(domain->name, "demo");
    assert_int_equal(domain->n_enclosures, 1);
    assert_string_equal(domain->enclosures[0].id, "enc0");
    unsigned populated = 0;
    for (unsigned b = 0; b < DOMAIN_BAYS; b++) {
        assert_int_equal(domain->enclosures[0].bays[b].number, b + 1);
        populated += domain->enclosures[0].bays[b].blade.present;
    }
    assert_int_equal(populated, 4);
    const struct domain_bay *bay3 = &domain->enclosures[0].bays[2];
    assert_string_equal(bay3->device, "net_pcap_d3,iface=v12d3");
    assert_true(bay3->blade.flex10);
    assert_true(bay3->blade.powered_on);
    assert_string_equal(bay3->blade.factory_serial, "SGH4000003");
    assert_true(bay3->blade.factory_mac[0] == 0x0a0000000300ull);
    assert_true(bay3->blade.factory_mac[7] == 0x0a0000000307ull);
    assert_int_equal(domain->n_uplink_ports, 2);
    assert_string_equal(domain->uplink_ports[1].id, "enc0:1:X2");
    assert_string_equal(domain->uplink_ports[1].port, "X2");
    assert_string_equal(domain->uplink_ports[1].device, "net_pcap_X2,iface=v12X2");
    free(domain);
}

/* refused: the wiring text is refused, the message contains `expect`, and
 * the domain is unchanged. */
static void refused(const char *text, const char *prefix, const char *expect)
{
    struct domain *domain = calloc(1, sizeof(*domain));
    struct domain *before = calloc(1, sizeof(*before));
    char error[512] = "";
    json_error_t parse_error;
    json_t *wiring = json_loads(text, 0, &parse_error);

    if (wiring == NULL)
        fail_msg("test input does not parse: %s", parse_error.text);
    snprintf(domain->name, sizeof(domain->name), "old");
    memcpy(before, domain, sizeof(*domain));
    assert_int_equal(wiring_load_json(wiring, prefix, domain, error, sizeof(error)), -EINVAL);
    if (strstr(error, expect) == NULL)
        fail_msg("error \"%s\" does not contain \"%s\"", error, expect);
    assert_memory_equal(domain, before, sizeof(*domain));
    json_decref(wiring);
    free(domain);
    free(before);
}

#define BLADE(extra)                                                                               \
    "{\"model\":\"m\",\"serial\":\"S1\",\"uuid\":\"3a1e7c4e-0000-4000-8000-000000000001\","        \
    "\"factory_macs\":[\"0a:00:00:00:00:01\"]" extra "}"
#define ENCLOSURE(bays) "{\"enclosures\":[{\"id\":\"enc0\",\"bays\":[" bays "]}]}"

static void test_bad_wiring(void **state)
{
    (void)state;
    refused("{\"enclosure\":[]}", NULL, "<root>: unknown member \"enclosure\"");
    refused("{\"enclosures\":[]}", NULL, "enclosures: must be a list of 1-4");
    refused("{\"enclosures\":[{\"id\":\"encX\",\"bays\":[]}]}", NULL,
            "enclosures[0].id: \"encX\" must be enc0..enc3");
    refused(ENCLOSURE("{\"bay\":17,\"device\":\"x\"}"), NULL,
            "enclosures[0].bays[0].bay: must be an integer 1-16");
    refused(ENCLOSURE("{\"bay\":1,\"device\":\"x\"},{\"bay\":1,\"device\":\"y\"}"), NULL,
            "enclosures[0].bays[1].bay: bay 1 given twice");
    refused(ENCLOSURE("{\"bay\":1}"), NULL, "enclosures[0].bays[0].device: missing");
    refused(ENCLOSURE("{\"bay\":1,\"device\":\"net_pcap_d1,iface=@IFACE@\"}"), NULL,
            "enclosures[0].bays[0].device: \"net_pcap_d1,iface=@IFACE@\" needs an interface "
            "prefix");
    refused(ENCLOSURE("{\"bay\":1,\"device\":\"x\",\"blade\":" BLADE(",\"flex\":true") "}"), NULL,
            "enclosures[0].bays[0].blade: unknown member \"flex\"");
    refused(ENCLOSURE("{\"bay\":1,\"device\":\"x\",\"blade\":{\"model\":\"m\",\"serial\":\"S\","
                      "\"uuid\":\"nope\",\"factory_macs\":[\"0a:00:00:00:00:01\"]}}"),
            NULL, "enclosures[0].bays[0].blade.uuid: \"nope\" is not a UUID");
    refused(ENCLOSURE("{\"bay\":1,\"device\":\"x\",\"blade\":{\"model\":\"m\",\"serial\":\"S\","
                      "\"uuid\":\"3a1e7c4e-0000-4000-8000-000000000001\","
                      "\"factory_macs\":[\"0a:00:00:00:00:01\",\"zz\"]}}"),
            NULL, "enclosures[0].bays[0].blade.factory_macs[1]: zz is not a MAC");
    refused(ENCLOSURE("{\"bay\":1,\"device\":\"x\",\"blade\":{\"model\":\"m\",\"serial\":\"S\","
                      "\"uuid\":\"3a1e7c4e-0000-4000-8000-000000000001\","
                      "\"factory_macs\":[\"01:00:00:00:00:01\"]}}"),
            NULL, "factory_macs[0]: 01:00:00:00:00:01 is not a unicast MAC");
    refused(ENCLOSURE("{\"bay\":1,\"device\":\"x\",\"blade\":{\"model\":\"m\",\"serial\":\"S\","
                      "\"uuid\":\"3a1e7c4e-0000-4000-8000-000000000001\",\"powered_on\":1,"
                      "\"factory_macs\":[\"0a:00:00:00:00:01\"]}}"),
            NULL, "enclosures[0].bays[0].blade.powered_on: must be true or false");
    refused("{\"enclosures\":[{\"id\":\"enc0\",\"bays\":[{\"bay\":1,\"device\":\"x\"}]}],"
            "\"uplinks\":[{\"port\":\"X0\",\"device\":\"y\"}]}",
            NULL, "uplinks[0].port: \"X0\" must be X1..X16");
    refused("{\"enclosures\":[{\"id\":\"enc0\",\"bays\":[{\"bay\":1,\"device\":\"x\"}]}],"
            "\"uplinks\":[{\"port\":\"X1\",\"device\":\"y\",\"speed_mbps\":150}]}",
            NULL, "uplinks[0].speed_mbps: 150 is not a multiple of 100");
    refused("{\"enclosures\":[{\"id\":\"enc0\",\"bays\":[{\"bay\":1,\"device\":\"x\"}]}],"
            "\"uplinks\":[{\"port\":\"X1\",\"device\":\"y\"},{\"port\":\"X1\",\"device\":\"z\"}]}",
            NULL, "uplinks[1].port: \"X1\" given twice");
}

static void test_missing_file(void **state)
{
    struct domain *domain = calloc(1, sizeof(*domain));
    char error[256];
    (void)state;
    assert_int_equal(
        wiring_load_file("/nonexistent/wiring.json", NULL, domain, error, sizeof(error)), -EINVAL);
    assert_non_null(strstr(error, "/nonexistent/wiring.json"));
    free(domain);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_file),
        cmocka_unit_test(test_stacked_files),
        cmocka_unit_test(test_bad_wiring),
        cmocka_unit_test(test_missing_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
