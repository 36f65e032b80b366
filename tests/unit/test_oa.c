/*
 * Unit tests of the OA drivers: the static driver (every bay present and
 * powered, pushes accepted, bays out of range refused) and, as root, the
 * netns driver on real namespaces: populate, presence, power, identity
 * push unpartitioned (eth0 takes the MAC) and partitioned (eth0.s1/.s2
 * helpers with the connection MACs), clear (factory MAC back, helpers
 * gone), power off/on, empty bays, depopulate.
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

#include "mgmt/oa.h"

static void test_static(void **state)
{
    struct oa_driver *driver = oa_static_create();
    struct oa_blade_info info;
    struct oa_identity identity = {.mac = {0x025643000001ull}};
    char error[256];
    (void)state;

    assert_string_equal(driver->name, "static");
    assert_int_equal(driver->bay_info(driver, "enc0", 16, &info, error, sizeof(error)), 0);
    assert_true(info.present);
    assert_true(info.powered_on);
    assert_int_equal(driver->identity_push(driver, "enc0", 1, &identity, error, sizeof(error)), 0);
    assert_int_equal(driver->identity_clear(driver, "enc0", 1, error, sizeof(error)), 0);
    assert_int_equal(driver->power_set(driver, "enc0", 1, false, error, sizeof(error)), 0);
    assert_int_equal(driver->bay_info(driver, "enc0", 17, &info, error, sizeof(error)), -EINVAL);
    assert_string_equal(error, "no device bay enc0:17");
    driver->destroy(driver);
}

/* shell: run a command, its first output line into out. */
static int shell(char *out, size_t size, const char *fmt, ...)
{
    char command[1024];
    va_list args;
    va_start(args, fmt);
    vsnprintf(command, sizeof(command), fmt, args);
    va_end(args);
    FILE *p = popen(command, "r");
    if (!p)
        return -1;
    out[0] = '\0';
    size_t got = fread(out, 1, size - 1, p);
    out[got] = '\0';
    return pclose(p);
}

static const char *find_script(void)
{
    static const char *candidates[] = {
        "../tests/integration/vlan_subif.py",
        "../../tests/integration/vlan_subif.py",
        "../../../tests/integration/vlan_subif.py",
    };
    for (unsigned i = 0; i < 3; i++)
        if (access(candidates[i], R_OK) == 0)
            return candidates[i];
    return NULL;
}

static struct oa_driver *netns_driver; /* removed by the teardown, even after a failure */

static int netns_teardown(void **state)
{
    (void)state;
    if (netns_driver) {
        oa_netns_depopulate(netns_driver, NULL, 0);
        netns_driver->destroy(netns_driver);
        netns_driver = NULL;
    }
    return 0;
}

static void test_netns(void **state)
{
    char prefix[16], error[512], out[4096], work[] = "/tmp/test_oa.XXXXXX";
    struct domain_enclosure enclosures[2] = {{.id = "enc0"}, {.id = "enc1"}};
    struct domain_enclosure *enclosure = &enclosures[0];
    struct oa_blade_info info;
    (void)state;

    if (geteuid() != 0 || system("ip netns list >/dev/null 2>&1") != 0) {
        skip();
        return;
    }
    const char *script = find_script();
    assert_non_null(script);
    assert_non_null(mkdtemp(work));
    snprintf(prefix, sizeof(prefix), "t%04x", (unsigned)(getpid() % 65536));
    for (unsigned b = 0; b < DOMAIN_BAYS; b++) {
        enclosure->bays[b].number = enclosures[1].bays[b].number = b + 1;
        snprintf(enclosure->bays[b].device, DOMAIN_DEVICE_MAX, "net_pcap_d%u", b + 1);
    }
    /* enc1: only bay 2 is cabled, with a blade */
    snprintf(enclosures[1].bays[1].device, DOMAIN_DEVICE_MAX, "net_pcap_e1d2");
    struct domain_blade *stacked = &enclosures[1].bays[1].blade;
    stacked->present = true;
    stacked->powered_on = true;
    snprintf(stacked->factory_serial, sizeof(stacked->factory_serial), "SGH1000002");
    stacked->factory_mac[0] = 0x0a0000010200ull;
    struct domain_blade *blade = &enclosure->bays[0].blade;
    blade->present = true;
    blade->powered_on = true;
    blade->flex10 = true;
    snprintf(blade->model, sizeof(blade->model), "BL460c");
    snprintf(blade->factory_serial, sizeof(blade->factory_serial), "SGH0000001");
    for (unsigned i = 0; i < 4; i++)
        blade->factory_mac[i] = 0x0a0000000100ull + i;

    struct oa_netns_options options = {.prefix = prefix,
                                       .subif_script = script,
                                       .work_dir = work,
                                       .enclosures = enclosures,
                                       .n_enclosures = 2};
    struct oa_driver *driver = oa_netns_create(&options, error, sizeof(error));
    assert_non_null(driver);
    netns_driver = driver;
    assert_int_equal(oa_netns_populate(driver, error, sizeof(error)), 0);
    assert_int_equal(oa_netns_populate(driver, error, sizeof(error)), 0); /* idempotent */

    assert_int_equal(driver->bay_info(driver, "enc0", 1, &info, error, sizeof(error)), 0);
    assert_true(info.present);
    assert_true(info.powered_on);
    assert_string_equal(info.serial, "SGH0000001");
    assert_int_equal(driver->bay_info(driver, "enc0", 2, &info, error, sizeof(error)), 0);
    assert_false(info.present);
    struct oa_identity identity = {.mac = {0x025643000010ull}, .serial = "VCX0000001"};
    assert_int_equal(driver->identity_push(driver, "enc0", 2, &identity, error, sizeof(error)),
                     -ENODEV);
    assert_string_equal(error, "device bay enc0:2 is empty");
    /* the dataplane side exists for every bay */
    assert_int_equal(shell(out, sizeof(out), "ip link show %sd16", prefix), 0);

    /* the stacked enclosure: its cabled bay only, on e1 names */
    assert_int_equal(driver->bay_info(driver, "enc1", 2, &info, error, sizeof(error)), 0);
    assert_true(info.present);
    assert_string_equal(info.serial, "SGH1000002");
    assert_int_equal(shell(out, sizeof(out), "ip -n %s-e1bay2 -o link show eth0", prefix), 0);
    assert_non_null(strstr(out, "0a:00:00:01:02:00"));
    assert_int_equal(shell(out, sizeof(out), "ip link show %se1d2", prefix), 0);
    assert_int_not_equal(shell(out, sizeof(out), "ip link show %se1d1 2>&1", prefix), 0);
    assert_int_equal(driver->bay_info(driver, "enc1", 1, &info, error, sizeof(error)), 0);
    assert_false(info.present);
    struct oa_identity far = {.mac = {0x025643000030ull}, .serial = "VCX0000003"};
    assert_int_equal(driver->identity_push(driver, "enc1", 2, &far, error, sizeof(error)), 0);
    shell(out, sizeof(out), "ip -n %s-e1bay2 -o link show eth0", prefix);
    assert_non_null(strstr(out, "02:56:43:00:00:30"));
    assert_int_equal(driver->identity_clear(driver, "enc1", 2, error, sizeof(error)), 0);
    shell(out, sizeof(out), "ip -n %s-e1bay2 -o link show eth0", prefix);
    assert_non_null(strstr(out, "0a:00:00:01:02:00"));
    assert_int_equal(driver->power_set(driver, "enc2", 1, true, error, sizeof(error)), -EINVAL);
    assert_string_equal(error, "no device bay enc2:1");

    /* unpartitioned: eth0 takes FlexNIC a's MAC */
    assert_int_equal(driver->identity_push(driver, "enc0", 1, &identity, error, sizeof(error)), 0);
    shell(out, sizeof(out), "ip -n %s-bay1 -o link show eth0", prefix);
    assert_non_null(strstr(out, "02:56:43:00:00:10"));
    assert_non_null(strstr(out, ",UP"));

    /* partitioned: S-channel helpers with the MACs */
    struct oa_identity partitioned = {
        .mac = {0x025643000020ull, 0x025643000022ull}, .partitioned = true, .serial = "VCX1"};
    assert_int_equal(driver->identity_push(driver, "enc0", 1, &partitioned, error, sizeof(error)),
                     0);
    shell(out, sizeof(out), "ip -n %s-bay1 -o link show eth0.s1", prefix);
    assert_non_null(strstr(out, "02:56:43:00:00:20"));
    shell(out, sizeof(out), "ip -n %s-bay1 -o link show eth0.s2", prefix);
    assert_non_null(strstr(out, "02:56:43:00:00:22"));
    shell(out, sizeof(out), "ip -n %s-bay1 -o link show eth0", prefix);
    assert_non_null(strstr(out, "0a:00:00:00:01:00"));

    /* power off: everything down; on: up */
    assert_int_equal(driver->power_set(driver, "enc0", 1, false, error, sizeof(error)), 0);
    assert_int_equal(driver->bay_info(driver, "enc0", 1, &info, error, sizeof(error)), 0);
    assert_false(info.powered_on);
    shell(out, sizeof(out), "ip -n %s-bay1 -o link show eth0.s1", prefix);
    assert_null(strstr(out, ",UP"));
    assert_int_equal(driver->power_set(driver, "enc0", 1, true, error, sizeof(error)), 0);
    assert_int_equal(driver->bay_info(driver, "enc0", 1, &info, error, sizeof(error)), 0);
    assert_true(info.powered_on);

    /* clear: factory MAC, helpers gone */
    assert_int_equal(driver->identity_clear(driver, "enc0", 1, error, sizeof(error)), 0);
    assert_int_not_equal(shell(out, sizeof(out), "ip -n %s-bay1 link show eth0.s1 2>&1", prefix),
                         0);
    shell(out, sizeof(out), "ip -n %s-bay1 -o link show eth0", prefix);
    assert_non_null(strstr(out, "0a:00:00:00:01:00"));

    assert_int_equal(oa_netns_depopulate(driver, error, sizeof(error)), 0);
    assert_int_not_equal(shell(out, sizeof(out), "ip link show %sd1 2>&1", prefix), 0);
    assert_int_not_equal(shell(out, sizeof(out), "ip link show %se1d2 2>&1", prefix), 0);
    assert_int_not_equal(shell(out, sizeof(out), "ip netns pids %s-e1bay2 2>&1", prefix), 0);
    driver->destroy(driver);
    netns_driver = NULL;
    shell(out, sizeof(out), "rm -rf %s", work);
}

static void test_netns_options(void **state)
{
    char error[256];
    struct domain_enclosure enclosure = {.id = "enc0"};
    struct oa_netns_options options = {.prefix = "waytoolongprefix",
                                       .subif_script = "x",
                                       .work_dir = "/tmp",
                                       .enclosures = &enclosure,
                                       .n_enclosures = 1};
    (void)state;
    assert_null(oa_netns_create(&options, error, sizeof(error)));
    assert_non_null(strstr(error, "1-8 characters"));
    options.prefix = "ok";
    options.n_enclosures = 0;
    assert_null(oa_netns_create(&options, error, sizeof(error)));
    assert_non_null(strstr(error, "missing option"));
    options.n_enclosures = DOMAIN_MAX_ENCLOSURES + 1;
    assert_null(oa_netns_create(&options, error, sizeof(error)));
    assert_null(oa_netns_create(NULL, error, sizeof(error)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_static),
        cmocka_unit_test(test_netns_options),
        cmocka_unit_test_teardown(test_netns, netns_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
