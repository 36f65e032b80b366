/*
 * vc-snmp: the SNMP agent of an OpenVC domain -- an AgentX subagent of the
 * real snmpd that serves IF-MIB, the bridge MIBs and the Virtual Connect
 * MIBs (snmp/mib.h) from vc-manager's read-only socket.
 *
 * Why this shape: snmpd owns the network side (SNMPv1/v2c/v3, access, trap
 * sinks); this process holds nothing but a snapshot of what the manager
 * shows and can change nothing (the read-only socket serves queries only).
 * Every --refresh-ms a thread (refresher.h) asks the manager for a new
 * snapshot and builds the sorted table aside; this thread swaps it in whole
 * (agent_publish), sending linkUp / linkDown and managed-status
 * notifications for what changed. Requests are answered from the table that
 * is there, so snmpd is never made to wait for the manager or the
 * dataplane. A manager that is gone keeps the last snapshot served (logged
 * once) until it is back.
 *
 * --cpu: snmpd and this subagent answer each request in turn, so they gain
 * nothing from two cores, and waking one on another core costs more than
 * the work (in a VM it is most of the time of a walk: tests/bench/snmp).
 * Run snmpd on CPU N too (taskset) and give --cpu N.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "snmp/agent.h"
#include "snmp/manager_link.h"
#include "snmp/refresher.h"

#ifndef OPENVC_VERSION
#define OPENVC_VERSION "0"
#endif

#define SNMP_POLL_MS 50 /* how soon a finished snapshot is swapped in */

static volatile sig_atomic_t snmp_stop;

static void snmp_signal(int sig)
{
    (void)sig;
    snmp_stop = 1;
}

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: vc-snmp [OPTIONS]\n"
        "The OpenVC SNMP subagent: IF-MIB, BRIDGE-MIB, Q-BRIDGE-MIB, HPVC-MIB and\n"
        "HPVCMODULE-MIB from vc-manager's read-only socket, served through snmpd (AgentX).\n"
        "\n"
        "  -f, --foreground        stay in the foreground, log to stderr\n"
        "  -m, --manager PATH      vc-manager's read-only socket\n"
        "                          (default /run/openvc/manager-ro.sock)\n"
        "  -x, --agentx PATH       snmpd's AgentX socket (default /var/agentx/master)\n"
        "      --refresh-ms N      how often the snapshot is rebuilt (100-60000, default 2000)\n"
        "      --ping-s N          AgentX ping, to notice a restarted snmpd (default 2)\n"
        "      --cpu N             run on CPU N only (the one snmpd is on: see the source)\n"
        "  -v, --verbose           debug messages\n"
        "  -h, --help              this text\n");
}

struct options {
    bool foreground, verbose;
    const char *manager, *agentx, *snmpd_pid;
    unsigned refresh_ms, ping_s;
    int cpu; /* -1: any */
};

/* parse_number: a decimal in [lo, hi] or exit 2 naming the option. */
static unsigned parse_number(const char *option, const char *text, unsigned lo, unsigned hi)
{
    char *end;
    unsigned long v = strtoul(text, &end, 10);
    if (*text == '\0' || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "vc-snmp: %s %s: not a number in %u-%u\n", option, text, lo, hi);
        exit(2);
    }
    return (unsigned)v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    enum { OPT_REFRESH = 256, OPT_PING, OPT_PID, OPT_CPU };
    static const struct option long_options[] = {
        {"foreground", no_argument, NULL, 'f'},
        {"manager", required_argument, NULL, 'm'},
        {"agentx", required_argument, NULL, 'x'},
        {"refresh-ms", required_argument, NULL, OPT_REFRESH},
        {"ping-s", required_argument, NULL, OPT_PING},
        {"snmpd-pid", required_argument, NULL, OPT_PID},
        {"cpu", required_argument, NULL, OPT_CPU},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    *o = (struct options){.manager = "/run/openvc/manager-ro.sock",
                          .agentx = "/var/agentx/master",
                          .refresh_ms = 2000,
                          .ping_s = 2,
                          .cpu = -1};
    while ((c = getopt_long(argc, argv, ":fm:x:vh", long_options, NULL)) != -1) {
        switch (c) {
        case 'f':
            o->foreground = true;
            break;
        case 'm':
            o->manager = optarg;
            break;
        case 'x':
            o->agentx = optarg;
            break;
        case 'v':
            o->verbose = true;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case OPT_REFRESH:
            o->refresh_ms = parse_number("--refresh-ms", optarg, 100, 60000);
            break;
        case OPT_PING:
            o->ping_s = parse_number("--ping-s", optarg, 1, 3600);
            break;
        case OPT_PID:
            o->snmpd_pid = optarg;
            break;
        case OPT_CPU:
            o->cpu = (int)parse_number("--cpu", optarg, 0, CPU_SETSIZE - 1);
            break;
        case ':':
            fprintf(stderr, "vc-snmp: option %s needs a value\n", argv[optind - 1]);
            exit(2);
        default:
            fprintf(stderr, "vc-snmp: unknown option %s (see --help)\n", argv[optind - 1]);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vc-snmp: unexpected argument %s (see --help)\n", argv[optind]);
        exit(2);
    }
}

int main(int argc, char **argv)
{
    struct options o;
    char error[512];

    parse_options(argc, argv, &o);
    log_init("vc-snmp", o.foreground, o.verbose ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);
    if (o.cpu >= 0) { /* before any thread: the refresher inherits it */
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(o.cpu, &set);
        if (sched_setaffinity(0, sizeof(set), &set) < 0) {
            fprintf(stderr, "vc-snmp: --cpu %d: %s\n", o.cpu, strerror(errno));
            exit(2);
        }
    }
    if (!o.foreground && daemon(0, 0) < 0)
        fatal("daemon");
    struct manager_link *link = manager_link_create(o.manager);
    if (link == NULL)
        fatalx("manager socket %s: path too long", o.manager);
    if (agent_start(o.agentx, o.ping_s, error, sizeof(error)) < 0)
        fatalx("%s", error);
    struct sigaction sa = {.sa_handler = snmp_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    log_info("subagent of %s, manager %s, refresh every %u ms", o.agentx, o.manager, o.refresh_ms);

    struct refresher *refresher = refresher_create(link, o.refresh_ms, OPENVC_VERSION, o.snmpd_pid);
    if (refresher == NULL)
        fatalx("cannot start the snapshot thread");
    while (!snmp_stop) {
        struct mib_snapshot snapshot;
        agent_poll(SNMP_POLL_MS);
        if (refresher_take(refresher, &snapshot)) {
            size_t sent = agent_publish(&snapshot);
            if (sent > 0)
                log_debug("%zu notifications sent", sent);
        }
    }
    log_info("stopping");
    refresher_destroy(refresher);
    agent_stop();
    return 0;
}
