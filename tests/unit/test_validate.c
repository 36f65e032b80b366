/*
 * test_validate: profiles/validate.h. The demo-like fixture domain and some
 * variations are valid; a table of invalid domains (each the fixture with
 * one thing broken) must be refused with -EINVAL and a message starting
 * with the expected text, which names the object and the CLI property; and
 * the per-field validators accept and refuse the boundaries.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "profiles/validate.h"
#include "tests/unit/profiles_fixture.h"

#define NET(name)     domain_find_network(d, (name))
#define PROFILE(name) domain_find_profile(d, (name))

/* break_domain: break fixture `d` in way `which` (see the table). */
static void break_domain(struct domain *d, int which)
{
    struct domain_profile *web = PROFILE("Web01"), *db = PROFILE("Db01"), *spare = PROFILE("Spare");
    struct domain_enet_connection *map = &web->enet[2];

    switch (which) {
    case 1:
        for (unsigned i = d->n_profiles; i < 257; i++)
            snprintf(d->profiles[i % DOMAIN_MAX_PROFILES].name, DOMAIN_NAME_MAX, "P%u", i);
        d->n_profiles = 257;
        break;
    case 2:
        d->n_enclosures = 5;
        break;
    case 3:
        d->interconnect_bay = 0;
        break;
    case 4:
        snprintf(d->name, sizeof(d->name), "bad name");
        break;
    case 5:
        snprintf(d->enclosures[0].id, 8, "enc9");
        break;
    case 6:
        d->enclosures[1] = d->enclosures[0];
        d->n_enclosures = 2;
        break;
    case 7:
        snprintf(d->enclosures[0].bays[1].device, DOMAIN_DEVICE_MAX, "net_af_packet0,iface=vcd1");
        break;
    case 8:
        snprintf(d->uplink_ports[0].device, DOMAIN_DEVICE_MAX, "net_af_packet0,iface=vcd1");
        break;
    case 9:
        d->enclosures[0].bays[0].blade.physical_ports = 3;
        break;
    case 10:
        snprintf(d->enclosures[0].bays[3].profile, DOMAIN_NAME_MAX, "Ghost");
        break;
    case 11:
        snprintf(d->enclosures[0].bays[3].profile, DOMAIN_NAME_MAX, "Spare");
        break;
    case 12:
        snprintf(d->uplink_ports[0].port, 8, "X17");
        break;
    case 13:
        snprintf(d->uplink_ports[1].id, 16, "enc0:1:X1");
        break;
    case 14:
        snprintf(d->uplink_ports[0].uplink_set, DOMAIN_NAME_MAX, "SUS-B");
        break;
    case 15:
        d->uplink_ports[0].speed_mbps = 25000;
        break;
    case 16:
        d->uplink_sets[0].name[0] = '\0';
        break;
    case 17:
        d->uplink_sets[1] = d->uplink_sets[0];
        d->n_uplink_sets = 2;
        break;
    case 18:
        snprintf(d->uplink_sets[0].name, DOMAIN_NAME_MAX, "-x");
        break;
    case 19:
        memset(NET("Lab")->name, 'L', DOMAIN_NAME_MAX);
        break;
    case 20:
        snprintf(NET("Prod102")->name, DOMAIN_NAME_MAX, "Prod101");
        break;
    case 21:
        NET("Prod102")->vlan = 101;
        break;
    case 22:
        NET("Prod102")->vlan = 4095;
        break;
    case 23:
        NET("Prod102")->vlan = 0;
        break;
    case 24:
        NET("Prod102")->vlan = 0;
        NET("Prod102")->native = true;
        break;
    case 25:
        NET("Native")->vlan = 5;
        break;
    case 26:
        snprintf(NET("Prod101")->uplink_set, DOMAIN_NAME_MAX, "SUS-X");
        break;
    case 27:
        NET("Lab")->vlan = 5;
        break;
    case 28:
        NET("Lab")->native = true;
        break;
    case 29:
        snprintf(NET("Prod101")->dedicated_uplink, 16, "enc0:1:X3");
        break;
    case 30:
        NET("Prod102")->tunnel = true;
        break;
    case 31:
        snprintf(NET("Backup")->dedicated_uplink, 16, "enc0:1:X9");
        break;
    case 32:
        snprintf(NET("Backup")->dedicated_uplink, 16, "enc0:1:X1");
        break;
    case 33:
        snprintf(NET("Lab")->dedicated_uplink, 16, "enc0:1:X3");
        break;
    case 34:
        NET("Prod101")->max_speed_mbps = 15000;
        break;
    case 35:
        NET("Prod101")->preferred_speed_mbps = 5000;
        break;
    case 36:
        NET("Priv")->mac_limit = 5000000;
        break;
    case 37:
        snprintf(spare->name, DOMAIN_NAME_MAX, "Web 01");
        break;
    case 38:
        snprintf(spare->name, DOMAIN_NAME_MAX, "Web01");
        break;
    case 39:
        snprintf(db->serial, DOMAIN_SERIAL_MAX, "VCX0000001");
        break;
    case 40:
        snprintf(web->serial, DOMAIN_SERIAL_MAX, "VCX 1");
        break;
    case 41:
        snprintf(web->uuid, DOMAIN_UUID_MAX, "xyz");
        break;
    case 42:
        snprintf(db->uuid, DOMAIN_UUID_MAX, "0E8F4B52-6A3C-4D1E-9F00-000000000001");
        break;
    case 43:
        snprintf(spare->enclosure, 8, "enc1");
        spare->bay = 1;
        break;
    case 44:
        snprintf(spare->enclosure, 8, "enc0");
        spare->bay = 17;
        break;
    case 45:
        snprintf(spare->enclosure, 8, "enc0");
        spare->bay = 1;
        break;
    case 46:
        snprintf(spare->enclosure, 8, "enc0");
        spare->bay = 4;
        break;
    case 47:
        spare->bay = 3;
        break;
    case 48:
        web->n_enet = 9;
        break; /* the count is checked before the array */
    case 49:
        db->n_fc = 5;
        break;
    case 50:
        web->enet[1].index = 5;
        break;
    case 51:
        snprintf(web->enet[1].network, DOMAIN_NAME_MAX, "Nope");
        break;
    case 52:
        snprintf(map->network, DOMAIN_NAME_MAX, "Prod101");
        break;
    case 53:
        snprintf(map->port_map[1].network, DOMAIN_NAME_MAX, "Nope");
        break;
    case 54:
        snprintf(map->port_map[1].network, DOMAIN_NAME_MAX, "Trunk");
        break;
    case 55:
        snprintf(map->port_map[1].network, DOMAIN_NAME_MAX, "Prod102");
        break;
    case 56:
        map->port_map[1].vlan = 102;
        break;
    case 57:
        map->port_map[1].untagged = true;
        break;
    case 58:
        map->port_map[1].vlan = 0;
        break;
    case 59:
        web->enet[0].speed_mbps = 4500;
        break;
    case 60:
        web->enet[0].speed_mbps = 2550;
        break;
    case 61:
        web->enet[0].speed_mbps = 0;
        break;
    case 62:
        web->enet[0].speed_mbps = 50;
        break;
    case 63:
        web->enet[0].pxe = (enum domain_pxe)7;
        break;
    case 64:
        web->enet[0].speed_type = (enum domain_speed_type)9;
        break;
    case 65:
        web->enet[0].mac = 0x015643000000ULL;
        break;
    case 66:
        web->enet[0].mac = 0;
        break;
    case 67:
        spare->enet[0].mac = web->enet[0].mac;
        break;
    case 68:
        spare->enet[0].mac = web->enet[0].iscsi_mac;
        break;
    case 69:
        db->fc[1].wwpn = db->fc[0].wwpn;
        db->fc[1].wwnn = db->fc[0].wwnn;
        break;
    case 70:
        db->fc[0].wwnn = db->fc[0].wwpn + 2;
        break;
    case 71:
        fixture_fcoe(db, "SAN-A", 10);
        break;
    case 72:
        for (unsigned i = 0; i < 4; i++)
            fixture_enet(db, "Lab", 100 + i);
        break;
    case 73:
        snprintf(db->fc[0].fabric, DOMAIN_NAME_MAX, "SAN A");
        break;
    case 74:
        d->pools.mac_ranges[1] = (struct domain_range){0x001122000000ULL, 0x0011220000ffULL, -1};
        d->pools.n_mac_ranges = 2;
        break;
    case 75:
        d->pools.mac_ranges[0].predefined = 1;
        break;
    case 76:
        d->pools.mac_ranges[1] = (struct domain_range){0x0a0000000000ULL, 0x0a00000000ffULL, -1};
        d->pools.mac_ranges[2] = (struct domain_range){0x0a0000000080ULL, 0x0a00000001ffULL, -1};
        d->pools.n_mac_ranges = 3;
        break;
    case 77:
        d->pools.n_mac_ranges = 65;
        break;
    case 78:
        d->pools.mac_source = (enum domain_address_source)9;
        break;
    case 79:
        web->enet[0].mac_source = (enum domain_address_source)7;
        break;
    case 80:
        d->n_uplink_sets = 33;
        break;
    case 81:
        db->fc[0].wwn_source = DOMAIN_ADDRESS_USER, db->fc[0].wwpn = 0, db->fc[0].wwnn = 0;
        break;
    case 82:
        web->enet[0].speed_type = DOMAIN_SPEED_PREFERRED, web->enet[0].speed_mbps = 4100;
        break;
    case 84:
        d->mac_cache_refresh_s = 0;
        break;
    case 85:
        d->mac_cache_refresh_s = 31;
        break;
    case 86:
        NET("Prod101")->number = 4;
        NET("Prod102")->number = 4;
        break;
    case 87:
        PROFILE("Web01")->number = 9;
        PROFILE("Db01")->number = 9;
        break;
    case 83:
        snprintf(d->enclosures[0].bays[1].profile, DOMAIN_NAME_MAX, "Web01");
        break;
    }
}

struct invalid_case {
    int which;
    const char *prefix;
};

static const struct invalid_case invalid_cases[] = {
    {1, "domain: 257 profiles, at most 256"},
    {2, "domain: 5 enclosures, at most 4"},
    {3, "domain: interconnect bay 0 is not 1-8"},
    {4, "domain name \"bad name\" has a character outside [A-Za-z0-9_.-]"},
    {5, "enclosure enc9: id is not enc0-enc3"},
    {6, "enclosure enc0: imported twice"},
    {7, "server enc0:2: device \"net_af_packet0,iface=vcd1\" is already used by server enc0:1"},
    {8, "uplinkport enc0:1:X1: device \"net_af_packet0,iface=vcd1\" is already used by server "
        "enc0:1"},
    {9, "server enc0:1: 3 physical ports, not 1-2"},
    {10, "server enc0:4: Server Profile Ghost does not exist"},
    {11, "server enc0:4: Server Profile Spare is not assigned to this bay"},
    {12, "uplinkport enc0:1:X1: port \"X17\" is not X1-X16"},
    {13, "uplinkport enc0:1:X1: defined twice"},
    {14, "uplinkport enc0:1:X1: UplinkSet \"SUS-B\" does not exist"},
    {15, "uplinkport enc0:1:X1: Speed 25000 is not 100-20000 in 100 Mb steps"},
    {16, "uplinkset name is empty"},
    {17, "uplinkset SUS-A: name is already used"},
    {18, "uplinkset name \"-x\" must start with a letter or a digit"},
    {19, "network name \"LLLL"},
    {20, "network Prod101: name is already used"},
    {21, "network Prod102: VLanID 101 is already used by network Prod101 on uplink set SUS-A"},
    {22, "network Prod102: VLanID 4095 is not 1-4094"},
    {23, "network Prod102: VLanID 0 is not 1-4094"},
    {24, "network Native: NativeVLAN: uplink set SUS-A already has the native network Prod102"},
    {25, "network Native: VLanID 5: the native network of uplink set SUS-A is untagged"},
    {26, "network Prod101: UplinkSet \"SUS-X\" does not exist"},
    {27, "network Lab: VLanID 5 needs an UplinkSet"},
    {28, "network Lab: NativeVLAN needs an UplinkSet"},
    {29, "network Prod101: has both UplinkSet SUS-A and the dedicated uplink enc0:1:X3"},
    {30, "network Prod102: a tunnel network cannot be on uplink set SUS-A"},
    {31, "network Backup: uplink port enc0:1:X9 does not exist"},
    {32, "network Backup: uplink port enc0:1:X1 is in uplink set SUS-A"},
    {33, "network Lab: uplink port enc0:1:X3 is already the dedicated uplink of network Backup"},
    {34, "network Prod101: MaxSpeed 15000 is not 100-10000 in 100 Mb steps"},
    {35, "network Prod101: PrefSpeed 5000 is not 100-4000"},
    {36, "network Priv: MacLimit 5000000 is above 4194304"},
    {37, "profile name \"Web 01\" has a character outside"},
    {38, "profile Web01: name is already used"},
    {39, "profile Db01: SerialNumber VCX0000001 is already used by profile Web01"},
    {40, "profile Web01: SerialNumber \"VCX 1\" has a character outside"},
    {41, "profile Web01: UUID \"xyz\" is not 8-4-4-4-12 hexadecimal digits"},
    {42, "profile Db01: UUID 0E8F4B52-6A3C-4D1E-9F00-000000000001 is already used by profile "
         "Web01"},
    {43, "profile Spare: bay enc1:1 does not exist"},
    {44, "profile Spare: bay enc0:17 is not enc0:1-enc0:16"},
    {45, "profile Spare: bay enc0:1 is already assigned to profile Web01"},
    {46, "profile Spare: server enc0:4 shows Server Profile \"\", not this one"},
    {47, "profile Spare: bay 3 without an enclosure"},
    {48, "profile Web01: 9 Ethernet connections, at most 8"},
    {49, "profile Db01: 5 FC/FCoE connections, at most 4"},
    {50, "profile Web01: connection 2 is numbered 5"},
    {51, "profile Web01: connection 2: Network \"Nope\" does not exist"},
    {52, "profile Web01: connection 3: has both Network Prod101 and a server-port-map"},
    {53, "profile Web01: connection 3: server-port-map: Network \"Nope\" does not exist"},
    {54, "profile Web01: connection 3: server-port-map: tunnel network Trunk cannot be in a "
         "multiple-networks map"},
    {55, "profile Web01: connection 3: server-port-map: network Prod102 is mapped twice"},
    {56, "profile Web01: connection 3: server-port-map Priv: VLanID 102 is already mapped to "
         "network Prod102"},
    {57, "profile Web01: connection 3: server-port-map Native: Untagged: network Priv is already "
         "the untagged one"},
    {58, "profile Web01: connection 3: server-port-map Priv: VLanID 0 is not 1-4094"},
    {59, "profile Web01: connection 1: Speed 4500 is above the network's maximum 4000 (100 Mb "
         "steps)"},
    {60, "profile Web01: connection 1: Speed 2550 is not a multiple of 100"},
    {61, "profile Web01: connection 1: SpeedType Custom needs a Speed"},
    {62, "profile Web01: connection 1: Speed 50 is below 100"},
    {63, "profile Web01: connection 1: PXE 7 is not Enabled, Disabled or UseBIOS"},
    {64, "profile Web01: connection 1: SpeedType 9 is not Auto, Preferred, Custom or Disabled"},
    {65, "profile Web01: connection 1: "},
    {66, "profile Web01: connection 1: has no MAC"},
    {67, "profile Spare: connection 1 MAC 02:56:43:00:00:00 is already used by profile Web01 "
         "(connection 1 MAC)"},
    {68, "profile Spare: connection 1 MAC 02:56:43:00:00:01 is already used by profile Web01 "
         "(connection 1 iSCSI MAC)"},
    {69, "profile Db01: fcoe-connection 2 WWPN 30:56:43:00:00:00:00:00 is already used by profile "
         "Db01 (fcoe-connection 1 WWPN)"},
    {70, "profile Db01: fcoe-connection 1: the node WWN must be the port WWN + 1"},
    {71, "profile Db01: fcoe-connection 3: FCoE connection i uses LOM:i-b and there is no LOM:3"},
    {72, "profile Db01: connection 7: no FlexNIC left for it"},
    {73, "profile Db01: fcoe-connection 1: fabric name \"SAN A\" has a character outside"},
    {74, "MAC pool: range 00:11:22:00:00:00-00:11:22:00:00:ff: "},
    {75, "MAC pool: pre-defined range 1 is not 02:56:43:00:00:00-02:56:43:00:03:ff as stored"},
    {76, "MAC pool: range 0a:00:00:00:00:80-0a:00:00:00:01:ff: "},
    {77, "MAC pool: 65 ranges, at most 64"},
    {78, "domain: MAC source 9 is unknown"},
    {79, "profile Web01: connection 1: MAC source 7 is not Factory-Default, Pool or User-Defined"},
    {80, "domain: 33 uplink sets, at most 32"},
    {81, "profile Db01: fcoe-connection 1: has no WWPN"},
    {82, "profile Web01: connection 1: Speed 4100 is above the network's maximum 4000"},
    {83, "server enc0:2: Server Profile Web01 is not assigned to this bay"},
    {84, "domain: MAC cache refresh 0 s is not 1-30"},
    {85, "domain: MAC cache refresh 31 s is not 1-30"},
    {86, "network Prod102: number 4 is network Prod101's already"},
    {87, "profile Db01: number 9 is profile Web01's already"},
};

/* Every invalid domain is refused with its message. */
static void test_invalid_domains(void **state)
{
    (void)state;
    size_t n = sizeof(invalid_cases) / sizeof(invalid_cases[0]);

    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++) {
        struct domain *d = fixture_domain();
        char error[256] = "";
        int rc;

        assert_non_null(d);
        break_domain(d, invalid_cases[i].which);
        rc = validate_domain(d, error, sizeof(error));
        if (rc != -EINVAL ||
            strncmp(error, invalid_cases[i].prefix, strlen(invalid_cases[i].prefix)) != 0)
            fail_msg("case %d: rc %d, message \"%s\", expected \"%s...\"", invalid_cases[i].which,
                     rc, error, invalid_cases[i].prefix);
        domain_destroy(d);
    }
}

/* The fixture and a few variations are valid. */
static void test_valid_domains(void **state)
{
    (void)state;
    char error[256] = "";
    struct domain *d = fixture_domain();

    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);
    assert_string_equal(error, "");

    /* An empty domain from domain_create. */
    struct domain *empty = domain_create();
    assert_int_equal(validate_domain(empty, error, sizeof(error)), 0);
    domain_destroy(empty);

    /* Preferred without a speed (network's PrefSpeed), then with the
     * network's PrefSpeed; Speed at the maximum; 6 Ethernet connections
     * with FCoE; 8 without. */
    d->profiles[0].enet[0].speed_type = DOMAIN_SPEED_PREFERRED;
    d->profiles[0].enet[0].speed_mbps = 0;
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);
    domain_find_network(d, "Prod101")->preferred_speed_mbps = 4000;
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);
    d->profiles[0].enet[0].speed_type = DOMAIN_SPEED_CUSTOM;
    d->profiles[0].enet[0].speed_mbps = 4000;
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);
    for (unsigned i = 0; i < 3; i++)
        fixture_enet(&d->profiles[1], "Lab", 100 + i);
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);
    for (unsigned i = 0; i < 4; i++)
        fixture_enet(&d->profiles[0], "Lab", 200 + i);
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);

    /* Two untagged-capable maps on different connections; a connection
     * without network; user MAC range and serial range; a second enclosure. */
    fixture_enet(&d->profiles[3], "", 300);
    d->pools.mac_ranges[1] = (struct domain_range){0x0a0000000000ULL, 0x0a00000000ffULL, -1};
    d->pools.n_mac_ranges = 2;
    pool_parse_address(POOL_KIND_SERIAL, "VCX0000000", &d->pools.serial_ranges[0].start);
    pool_parse_address(POOL_KIND_SERIAL, "VCX0000999", &d->pools.serial_ranges[0].end);
    d->pools.serial_ranges[0].predefined = -1;
    d->pools.n_serial_ranges = 1;
    d->n_enclosures = 2;
    snprintf(d->enclosures[1].id, 8, "enc1");
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);

    /* The MAC cache refresh at both ends of 1-30, disabled or not. */
    d->mac_cache_refresh_s = 1;
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);
    d->mac_cache_refresh_s = 30;
    d->mac_cache_enabled = false;
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);

    /* A disabled connection with a speed that is not checked. */
    d->profiles[0].enet[1].speed_type = DOMAIN_SPEED_DISABLED;
    d->profiles[0].enet[1].speed_mbps = 12345;
    assert_int_equal(validate_domain(d, error, sizeof(error)), 0);
    domain_destroy(d);

    assert_int_equal(validate_domain(NULL, error, sizeof(error)), -EINVAL);
}

/* The per-field validators. */
static void test_fields(void **state)
{
    (void)state;
    char error[160];
    char long_name[80];

    assert_int_equal(validate_name("network", "Prod-1_a.b", error, sizeof(error)), 0);
    assert_int_equal(validate_name("network", "9", error, sizeof(error)), 0);
    assert_int_equal(validate_name("network", "", error, sizeof(error)), -EINVAL);
    assert_string_equal(error, "network name is empty (1-63 characters of [A-Za-z0-9_.-])");
    assert_int_equal(validate_name("network", NULL, NULL, 0), -EINVAL);
    assert_int_equal(validate_name("network", "_x", error, sizeof(error)), -EINVAL);
    assert_int_equal(validate_name("profile", "Web/01", error, sizeof(error)), -EINVAL);
    assert_string_equal(error, "profile name \"Web/01\" has a character outside [A-Za-z0-9_.-]");
    memset(long_name, 'a', 63);
    long_name[63] = '\0';
    assert_int_equal(validate_name("profile", long_name, error, sizeof(error)), 0);
    long_name[63] = 'a';
    long_name[64] = '\0';
    assert_int_equal(validate_name("profile", long_name, error, sizeof(error)), -EINVAL);

    assert_int_equal(validate_vlan(1, error, sizeof(error)), 0);
    assert_int_equal(validate_vlan(4094, error, sizeof(error)), 0);
    assert_int_equal(validate_vlan(0, error, sizeof(error)), -EINVAL);
    assert_int_equal(validate_vlan(4095, error, sizeof(error)), -EINVAL);
    assert_string_equal(error, "VLanID 4095 is not 1-4094");

    assert_int_equal(validate_speed(100, 0, error, sizeof(error)), 0);
    assert_int_equal(validate_speed(10000, 0, error, sizeof(error)), 0);
    assert_int_equal(validate_speed(10100, 0, error, sizeof(error)), -EINVAL);
    assert_int_equal(validate_speed(4000, 4000, error, sizeof(error)), 0);
    assert_int_equal(validate_speed(4500, 4000, error, sizeof(error)), -EINVAL);
    assert_string_equal(error, "Speed 4500 is above the network's maximum 4000 (100 Mb steps)");
    assert_int_equal(validate_speed(99, 0, error, sizeof(error)), -EINVAL);
    assert_int_equal(validate_speed(150, 0, error, sizeof(error)), -EINVAL);

    assert_int_equal(validate_serial("", error, sizeof(error)), 0);
    assert_int_equal(validate_serial("VCX0000209", error, sizeof(error)), 0);
    assert_int_equal(validate_serial("VCX 209", error, sizeof(error)), -EINVAL);
    assert_int_equal(validate_serial(NULL, error, sizeof(error)), -EINVAL);

    assert_int_equal(validate_uuid("", error, sizeof(error)), 0);
    assert_int_equal(validate_uuid("0e8f4b52-6a3c-4d1e-9F00-000000000001", error, sizeof(error)),
                     0);
    assert_int_equal(validate_uuid("0e8f4b52-6a3c-4d1e-9f00-00000000000", error, sizeof(error)),
                     -EINVAL);
    assert_int_equal(validate_uuid("0e8f4b52x6a3c-4d1e-9f00-000000000001", error, sizeof(error)),
                     -EINVAL);
    assert_int_equal(validate_uuid("ge8f4b52-6a3c-4d1e-9f00-000000000001", error, sizeof(error)),
                     -EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_domains),
        cmocka_unit_test(test_invalid_domains),
        cmocka_unit_test(test_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
