/*
 * vc-dataplane: the DPDK fast path of an OpenVC interconnect module.
 *
 * main() is thin: parse the options, start the EAL, make the runtime (MAC
 * table, mbuf pool, RCU, counters), launch one worker per worker lcore,
 * apply the start-up configuration if one was given, and serve the
 * control socket on the main lcore until SIGTERM.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_random.h>

#include "common/log.h"
#include "dataplane/apply.h"
#include "dataplane/control.h"
#include "dataplane/port.h"
#include "dataplane/telemetry.h"

#define MAIN_DEFAULT_SOCKET "/run/openvc/dataplane.sock"
#define MAIN_MBUFS          16383
#define MAIN_MBUF_CACHE     256
#define MAIN_MAX_EAL_ARGS   64

struct main_options {
    bool foreground;
    bool verbose;
    bool no_huge;
    bool pci;
    bool test_clock;
    const char *socket_path;
    const char *config_path;
    const char *file_prefix;
    unsigned workers;
    unsigned memory_mb;
    unsigned idle_sleep_us;
    unsigned mac_table_size;
    unsigned mbufs;
    int n_extra_eal;
    char **extra_eal;
};

static struct dp_runtime main_runtime;

static void main_usage(FILE *out)
{
    fprintf(out,
            "usage: vc-dataplane [OPTIONS] [-- EAL-ARGUMENTS]\n"
            "The OpenVC fast path: forwards frames between downlinks (FlexNICs) and uplinks.\n"
            "\n"
            "  -f, --foreground         log to stderr instead of syslog\n"
            "  -s, --control PATH       control socket (default " MAIN_DEFAULT_SOCKET ")\n"
            "  -c, --config FILE        configuration document to apply at start\n"
            "  -w, --workers N          worker lcores, 1-%d (default 1)\n"
            "      --idle-sleep-us N    workers sleep N us when idle (default 0: poll)\n"
            "      --mac-table-size N   MAC table entries, 1024-4194304 (default %d)\n"
            "      --mbufs N            packet buffers (default %d)\n"
            "      --file-prefix NAME   DPDK file prefix (default vc-dataplane-PID)\n"
            "      --no-huge            run without hugepages\n"
            "  -m, --memory-mb N        memory for DPDK with --no-huge (default 512)\n"
            "      --pci                scan the PCI bus (off: virtual devices only)\n"
            "      --test-clock         allow the dataplane.clock method (tests)\n"
            "  -v, --verbose            debug logging\n"
            "  -h, --help               this help\n"
            "EAL arguments after -- are passed to DPDK as they are.\n",
            DP_MAX_WORKERS, DP_DEFAULT_MAC_TABLE, MAIN_MBUFS);
}

/* main_number: parse an unsigned option value within [min, max]. */
static unsigned main_number(const char *option, const char *text, unsigned min, unsigned max)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (*text == '\0' || *end != '\0' || text[0] == '-' || value < min || value > max) {
        fprintf(stderr, "vc-dataplane: %s: \"%s\" is not a number from %u to %u\n", option, text,
                min, max);
        exit(2);
    }
    return (unsigned)value;
}

static void main_parse(int argc, char **argv, struct main_options *options)
{
    enum { OPT_IDLE = 256, OPT_MAC_TABLE, OPT_PREFIX, OPT_NO_HUGE, OPT_PCI, OPT_TEST_CLOCK, OPT_MBUFS };
    static const struct option long_options[] = {
        {"foreground", no_argument, NULL, 'f'},
        {"control", required_argument, NULL, 's'},
        {"config", required_argument, NULL, 'c'},
        {"workers", required_argument, NULL, 'w'},
        {"idle-sleep-us", required_argument, NULL, OPT_IDLE},
        {"mac-table-size", required_argument, NULL, OPT_MAC_TABLE},
        {"mbufs", required_argument, NULL, OPT_MBUFS},
        {"file-prefix", required_argument, NULL, OPT_PREFIX},
        {"no-huge", no_argument, NULL, OPT_NO_HUGE},
        {"memory-mb", required_argument, NULL, 'm'},
        {"pci", no_argument, NULL, OPT_PCI},
        {"test-clock", no_argument, NULL, OPT_TEST_CLOCK},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    memset(options, 0, sizeof(*options));
    options->socket_path = MAIN_DEFAULT_SOCKET;
    options->workers = 1;
    options->memory_mb = 512;
    options->mac_table_size = DP_DEFAULT_MAC_TABLE;
    options->mbufs = MAIN_MBUFS;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":fs:c:w:m:vh", long_options, NULL)) != -1) {
        switch (c) {
        case 'f': options->foreground = true; break;
        case 's': options->socket_path = optarg; break;
        case 'c': options->config_path = optarg; break;
        case 'w': options->workers = main_number("--workers", optarg, 1, DP_MAX_WORKERS); break;
        case 'm': options->memory_mb = main_number("--memory-mb", optarg, 64, 1 << 20); break;
        case 'v': options->verbose = true; break;
        case 'h': main_usage(stdout); exit(0);
        case OPT_IDLE:
            options->idle_sleep_us = main_number("--idle-sleep-us", optarg, 0, 1000000);
            break;
        case OPT_MAC_TABLE:
            options->mac_table_size = main_number("--mac-table-size", optarg, 1024, 4194304);
            break;
        case OPT_MBUFS: options->mbufs = main_number("--mbufs", optarg, 1024, 1 << 24); break;
        case OPT_PREFIX: options->file_prefix = optarg; break;
        case OPT_NO_HUGE: options->no_huge = true; break;
        case OPT_PCI: options->pci = true; break;
        case OPT_TEST_CLOCK: options->test_clock = true; break;
        case ':':
            fprintf(stderr, "vc-dataplane: option %s needs a value (see --help)\n", argv[optind - 1]);
            exit(2);
        default:
            fprintf(stderr, "vc-dataplane: unknown option %s (see --help)\n", argv[optind - 1]);
            exit(2);
        }
    }
    if (optind < argc) {
        if (strcmp(argv[optind - 1], "--") != 0) {
            fprintf(stderr, "vc-dataplane: unexpected argument \"%s\" (EAL arguments go after --)\n",
                    argv[optind]);
            exit(2);
        }
        options->extra_eal = argv + optind;
        options->n_extra_eal = argc - optind;
    }
}

static void main_signal(int signal_number)
{
    (void)signal_number;
    atomic_store(&main_runtime.quit, true);
}

/* main_empty_config: generation 0, no ports: what runs before the first apply. */
static struct dp_config *main_empty_config(unsigned mac_table_size)
{
    struct dp_config *config = calloc(1, sizeof(*config));
    if (config == NULL)
        return NULL;
    config->aging_s = DP_DEFAULT_AGING_S;
    config->max_frame_bytes = DP_DEFAULT_MAX_FRAME;
    config->mac_table_size = mac_table_size;
    return config;
}

static int main_apply_file(struct dp_runtime *rt, const char *path)
{
    json_error_t json_error;
    json_t *document = json_load_file(path, JSON_REJECT_DUPLICATES, &json_error);
    char error[1024];

    if (document == NULL) {
        if (json_error.line > 0)
            log_warnx("%s:%d: %s", path, json_error.line, json_error.text);
        else
            log_warnx("%s", json_error.text);
        return -1;
    }
    struct dp_config *config = config_parse(document, atomic_load(&rt->view)->config, error,
                                            sizeof(error));
    json_decref(document);
    if (config == NULL) {
        log_warnx("%s: %s", path, error);
        return -1;
    }
    if (config->mac_table_size != atomic_load(&rt->view)->config->mac_table_size) {
        log_warnx("%s: mac_table_size: %u differs from --mac-table-size %u", path,
                  config->mac_table_size, atomic_load(&rt->view)->config->mac_table_size);
        config_free(config);
        return -1;
    }
    if (apply_config(rt, config, error, sizeof(error)) != 0) {
        log_warnx("%s: %s", path, error);
        config_free(config);
        return -1;
    }
    log_info("applied %s, generation %llu", path, (unsigned long long)config->generation);
    return 0;
}

int main(int argc, char **argv)
{
    struct main_options options;
    struct dp_runtime *rt = &main_runtime;
    char *eal_argv[MAIN_MAX_EAL_ARGS];
    char prefix[64], lcores[256], memory[32];
    int eal_argc = 0;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);

    main_parse(argc, argv, &options);
    log_init("vc-dataplane", options.foreground, options.verbose ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);

    /* lcore 0 = control, 1..N = workers, mapped onto the CPUs there are */
    int length = snprintf(lcores, sizeof(lcores), "0@0");
    for (unsigned w = 1; w <= options.workers; w++)
        length += snprintf(lcores + length, sizeof(lcores) - (size_t)length, ",%u@%ld", w,
                           cpus > 1 ? (long)(w % (unsigned)cpus) : 0L);
    if (options.file_prefix == NULL) {
        snprintf(prefix, sizeof(prefix), "vc-dataplane-%d", (int)getpid());
        options.file_prefix = prefix;
    }
    eal_argv[eal_argc++] = argv[0];
    eal_argv[eal_argc++] = "--lcores";
    eal_argv[eal_argc++] = lcores;
    eal_argv[eal_argc++] = "--file-prefix";
    eal_argv[eal_argc++] = (char *)options.file_prefix;
    eal_argv[eal_argc++] = "--log-level";
    eal_argv[eal_argc++] = options.verbose ? "lib.*:info" : "lib.*:warning";
    if (options.no_huge) {
        snprintf(memory, sizeof(memory), "%u", options.memory_mb);
        eal_argv[eal_argc++] = "--no-huge";
        eal_argv[eal_argc++] = "-m";
        eal_argv[eal_argc++] = memory;
    }
    if (!options.pci)
        eal_argv[eal_argc++] = "--no-pci";
    for (int i = 0; i < options.n_extra_eal && eal_argc < MAIN_MAX_EAL_ARGS - 1; i++)
        eal_argv[eal_argc++] = options.extra_eal[i];
    eal_argv[eal_argc] = NULL;

    if (rte_eal_init(eal_argc, eal_argv) < 0) {
        fprintf(stderr, "vc-dataplane: cannot start DPDK: %s\n", rte_strerror(rte_errno));
        return 1;
    }

    pthread_mutex_init(&rt->view_lock, NULL);
    rt->n_workers = options.workers;
    rt->idle_sleep_us = options.idle_sleep_us;
    rt->tsc_hz = rte_get_tsc_hz();
    for (unsigned s = 0; s < DP_MAX_PORTS; s++)
        rt->slots[s].rx_worker = -1;
    rt->pool = rte_pktmbuf_pool_create("vc_mbufs", options.mbufs, MAIN_MBUF_CACHE, 0,
                                       RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());
    rt->fdb = fdb_create(options.mac_table_size);
    rt->counters = rte_zmalloc("counters", sizeof(*rt->counters) * rt->n_workers,
                               RTE_CACHE_LINE_SIZE);
    size_t rcu_size = rte_rcu_qsbr_get_memsize(rt->n_workers);
    rt->rcu = rte_zmalloc("rcu", rcu_size, RTE_CACHE_LINE_SIZE);
    struct dp_view *view = calloc(1, sizeof(*view));
    if (rt->pool == NULL || rt->fdb == NULL || rt->counters == NULL || rt->rcu == NULL ||
        view == NULL || rte_rcu_qsbr_init(rt->rcu, rt->n_workers) != 0) {
        fprintf(stderr, "vc-dataplane: out of memory (try a larger --memory-mb)\n");
        return 1;
    }
    view->config = main_empty_config(options.mac_table_size);
    if (view->config == NULL)
        fatalx("out of memory");
    memset(view->slot_of_port, DP_SLOT_NONE, sizeof(view->slot_of_port));
    memset(view->port_of_slot, DP_PORT_NONE, sizeof(view->port_of_slot));
    atomic_store(&rt->view, view);
    if (telemetry_register(rt) != 0)
        log_warnx("telemetry commands not registered");

    signal(SIGTERM, main_signal);
    signal(SIGINT, main_signal);
    signal(SIGPIPE, SIG_IGN);

    /* the loop probes' source: locally administered, "OV" and 24 random
     * bits, so modules (and restarts) tell their probes apart */
    uint64_t random = rte_rand();
    memcpy(rt->probe_mac, (const uint8_t[]){0x02, 0x4f, 0x56}, 3);
    rt->probe_mac[3] = (uint8_t)(random >> 16);
    rt->probe_mac[4] = (uint8_t)(random >> 8);
    rt->probe_mac[5] = (uint8_t)random;
    worker_set_runtime(rt);
    unsigned w = 0, lcore;
    RTE_LCORE_FOREACH_WORKER(lcore)
    {
        if (w == rt->n_workers)
            break;
        rt->worker_lcore[w] = lcore;
        rte_eal_remote_launch(worker_main, (void *)(uintptr_t)w, lcore);
        w++;
    }

    int rc = 0;
    if (options.config_path && main_apply_file(rt, options.config_path) != 0)
        rc = 1;
    if (rc == 0) {
        struct control_options control = {.socket_path = options.socket_path,
                                          .test_clock = options.test_clock};
        log_info("forwarding with %u worker(s), MAC table of %u entries", rt->n_workers,
                 fdb_capacity(rt->fdb));
        if (control_run(rt, &control) != 0)
            rc = 1;
    }

    atomic_store(&rt->quit, true);
    rte_eal_mp_wait_lcore();
    struct dp_view *last = atomic_load(&rt->view);
    for (unsigned s = 0; s < DP_MAX_PORTS; s++)
        if (rt->slots[s].in_use)
            port_close(&rt->slots[s]);
    config_free(last->config);
    free(last);
    fdb_destroy(rt->fdb);
    rte_free(rt->counters);
    rte_free(rt->rcu);
    rte_mempool_free(rt->pool);
    rte_eal_cleanup();
    log_info("stopped");
    return rc;
}
