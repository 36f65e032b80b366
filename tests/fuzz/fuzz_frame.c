/*
 * fuzz_frame: libFuzzer harness for the per-frame path that reads untrusted
 * bytes: frame_parse, then classify_ingress on every port of a fixed
 * snapshot and classify_egress for the vNet found, and port protection's
 * readers of MAC control frames and loop probes. Checks the invariants
 * the workers rely on (header inside the frame, strip inside the header, a
 * probe's FlexNIC in range, a recognised frame of the right ethertype).
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -I. \
 *   tests/fuzz/fuzz_frame.c dataplane/classify.c dataplane/port_protect.c \
 *   dataplane/config.c dataplane/counters.c -ljansson -o fuzz_frame
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/classify.h"
#include "dataplane/port_protect.h"

static const char fuzz_document[] =
    "{\"generation\": 1,"
    " \"ports\": [{\"name\": \"d1\", \"device\": \"p0\", \"partitioned\": true},"
    "  {\"name\": \"d2\", \"device\": \"p1\"}, {\"name\": \"X1\", \"device\": \"p2\"},"
    "  {\"name\": \"X2\", \"device\": \"p3\"}, {\"name\": \"X3\", \"device\": \"p4\"}],"
    " \"uplink_sets\": [{\"name\": \"S\", \"ports\": [\"X1\"]}],"
    " \"vnets\": [{\"name\": \"A\", \"uplink_set\": \"S\", \"vlan\": 101},"
    "  {\"name\": \"N\", \"uplink_set\": \"S\", \"native\": true},"
    "  {\"name\": \"B\", \"uplinks\": [\"X2\"]},"
    "  {\"name\": \"T\", \"uplinks\": [\"X3\"], \"tunnel\": true}],"
    " \"flexnics\": [{\"port\": \"d1\", \"flexnic\": \"a\", \"vnet\": \"A\"},"
    "  {\"port\": \"d1\", \"flexnic\": \"b\", \"vlans\": [{\"vlan\": 10, \"vnet\": \"A\"}],"
    "   \"untagged_vnet\": \"N\"},"
    "  {\"port\": \"d1\", \"flexnic\": \"c\", \"vnet\": \"T\"},"
    "  {\"port\": \"d2\", \"flexnic\": \"a\", \"vnet\": \"B\"}]}";

static struct dp_config *fuzz_config;

/* fuzz_setup: build the snapshot once. */
static void fuzz_setup(void)
{
    json_t *json = json_loads(fuzz_document, 0, NULL);
    char error[256];

    fuzz_config = config_parse(json, NULL, error, sizeof(error));
    json_decref(json);
    if (fuzz_config == NULL)
        abort();
}

/* LLVMFuzzerTestOneInput: data = one frame; its first byte also picks the
 * maximum length among a few. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint32_t max_lengths[4] = {1514, 1518, 9216, 64};
    struct frame_info info;
    uint32_t max_length;
    uint8_t *copy;

    if (fuzz_config == NULL)
        fuzz_setup();
    if (size > 65536)
        return 0;
    /* an exact-size heap copy so ASan sees any read past the end */
    copy = malloc(size ? size : 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    max_length = max_lengths[size ? data[0] & 3 : 0];
    if (frame_parse(copy, (uint32_t)size, max_length, &info) == FRAME_OK) {
        if (info.header_bytes > size || info.length > max_length)
            abort();
        static const uint8_t module_mac[6] = {0x02, 0x4f, 0x56, 0x00, 0x00, 0x01};
        struct port_protect_probe probe;
        if (port_protect_mac_control_kind(copy, (uint32_t)size, &info) !=
                PORT_PROTECT_MAC_CONTROL_OTHER &&
            (info.ethertype != PORT_PROTECT_MAC_CONTROL_ETHERTYPE ||
             !port_protect_special_ethertype(info.ethertype)))
            abort();
        if (port_protect_probe_parse(copy, (uint32_t)size, &info, module_mac, &probe) &&
            (info.ethertype != PORT_PROTECT_PROBE_ETHERTYPE ||
             !port_protect_special_ethertype(info.ethertype) ||
             probe.flexnic >= DP_FLEXNICS_PER_PORT ||
             probe.from_this_module != (memcmp(info.source, module_mac, 6) == 0)))
            abort();
        for (unsigned port = 0; port <= fuzz_config->n_ports; port++) {
            struct classify_result result;
            struct classify_egress_tags tags;

            classify_ingress(fuzz_config, port, &info, &result);
            if (result.drop != DP_DROP_NONE) {
                if (result.vnet != DP_VNET_NONE)
                    abort();
                continue;
            }
            if (result.strip_bytes > info.header_bytes - FRAME_ETHER_HEADER ||
                result.vnet >= DP_MAX_VNETS || !fuzz_config->vnets[result.vnet].defined)
                abort();
            for (unsigned out = 0; out < fuzz_config->n_ports; out++)
                for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++)
                    if (classify_egress(fuzz_config, out, f, result.vnet, &tags) &&
                        (tags.svid > DP_FLEXNICS_PER_PORT || tags.cvid > 4094))
                        abort();
        }
    }
    free(copy);
    return 0;
}
