/*
 * vc-manager: the control plane daemon of an OpenVC domain.
 *
 * It owns the durable domain (profiles/store.h), changes it one
 * transaction at a time (mgmt/operations.h) on JSON-RPC requests
 * (docs/manager-protocol.md, the methods in common/methods.h), and after
 * every committed change makes the world follow: the dataplane gets the new
 * configuration document (mgmt/dataplane_sync.h keeps it there across
 * dataplane restarts), and the blades whose profile changed get their new
 * identity through the OA driver (mgmt/oa.h): power off, push or clear the
 * identity, power back on if it was on.
 *
 * Why here and not in the libraries: this file is the thin outer layer --
 * options, start-up, the method table and the server loop. The methods are
 * in methods_*.c (mgmt/manager.h).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "common/log.h"
#include "common/methods.h"
#include "common/rpc_server.h"
#include "mgmt/manager.h"
#include "mgmt/users.h"
#include "mgmt/wiring.h"
#include "profiles/pool.h"
#include "profiles/store.h"
#include "profiles/validate.h"

struct options {
    bool foreground;
    const char *store, *socket, *readonly_socket, *snmpd_include, *dataplane, *wiring;
    const char *oa, *oa_prefix, *oa_work, *oa_subif;
    const char *admin_password_file;
};

static struct rpc_server *manager_server; /* for the signal handler */

static const struct rpc_method manager_methods[] = {
#define MANAGER_METHOD_ENTRY(name, wire, role, help) {wire, manager_method_##name, false},
    MANAGER_FOREACH_METHOD(MANAGER_METHOD_ENTRY)
#undef MANAGER_METHOD_ENTRY
};
static const enum method_role manager_method_roles[] = {
#define MANAGER_METHOD_ROLE(name, wire, role, help) METHOD_ROLE_##role,
    MANAGER_FOREACH_METHOD(MANAGER_METHOD_ROLE)
#undef MANAGER_METHOD_ROLE
};
/* the read-only socket's table: the methods of role NONE (queries) */
static struct rpc_method manager_readonly_methods[MANAGER_METHOD_COUNT];

/* ------------------------------------------------------------- daemon */

/* manager_tick: keep the dataplane on our document; log its state changes. */
static void manager_tick(void *ctx)
{
    struct manager *m = ctx;
    struct dataplane_sync_state s;

    dataplane_sync_tick(m->sync);
    dataplane_sync_state(m->sync, &s);
    if (s.connected != m->was_connected)
        log_info("dataplane %s", s.connected ? "connected" : "disconnected");
    m->was_connected = s.connected;
    if (strcmp(s.last_error, m->last_sync_error) != 0) {
        if (s.last_error[0] != '\0')
            log_warnx("dataplane refused generation %llu: %s",
                      (unsigned long long)s.generation, s.last_error);
        snprintf(m->last_sync_error, sizeof(m->last_sync_error), "%s", s.last_error);
    }
}

static void manager_signal(int sig)
{
    (void)sig;
    if (manager_server != NULL)
        rpc_server_stop(manager_server);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vc-manager [OPTIONS]\n"
            "The OpenVC domain manager: server profiles, networks, pools; drives the dataplane\n"
            "and the Onboard Administrator. Methods: docs/manager-protocol.md.\n"
            "\n"
            "  -f, --foreground        stay in the foreground, log to stderr\n"
            "      --store PATH        SQLite store (default /var/lib/openvc/domain.db)\n"
            "  -s, --socket PATH       JSON-RPC socket (default /run/openvc/manager.sock)\n"
            "      --readonly-socket PATH  a second socket that serves only the queries\n"
            "                          (role NONE: *.show, interconnect.*), e.g. for vc-snmp\n"
            "      --snmpd-include PATH  snmpd's include file, written from the SNMP settings\n"
            "      --dataplane SOCKET  vc-dataplane control socket (default "
            "/run/openvc/dataplane.sock)\n"
            "      --wiring FILE       enclosure wiring, imported when the store is new\n"
            "      --oa DRIVER         static (default) or netns\n"
            "      --oa-prefix NAME    netns driver: name prefix (also replaces @IFACE@)\n"
            "      --oa-work DIR       netns driver: helpers' work folder (default /tmp)\n"
            "      --oa-subif PATH     netns driver: vlan_subif.py\n"
            "      --admin-password-file FILE\n"
            "                          a store without users gets Administrator with the\n"
            "                          password on FILE's first line (default: a random one,\n"
            "                          logged once)\n"
            "  -v, --verbose           debug messages\n"
            "  -h, --help              this text\n");
}

/* parse_options: argv into *o; bad options: one line on stderr, exit 2. */
static void parse_options(int argc, char **argv, struct options *o, bool *verbose)
{
    enum {
        OPT_STORE = 256,
        OPT_READONLY,
        OPT_SNMPD_INCLUDE,
        OPT_DATAPLANE,
        OPT_WIRING,
        OPT_OA,
        OPT_PREFIX,
        OPT_WORK,
        OPT_SUBIF,
        OPT_ADMIN_PASSWORD
    };
    static const struct option long_options[] = {
        {"foreground", no_argument, NULL, 'f'},
        {"socket", required_argument, NULL, 's'},
        {"store", required_argument, NULL, OPT_STORE},
        {"readonly-socket", required_argument, NULL, OPT_READONLY},
        {"snmpd-include", required_argument, NULL, OPT_SNMPD_INCLUDE},
        {"dataplane", required_argument, NULL, OPT_DATAPLANE},
        {"wiring", required_argument, NULL, OPT_WIRING},
        {"oa", required_argument, NULL, OPT_OA},
        {"oa-prefix", required_argument, NULL, OPT_PREFIX},
        {"oa-work", required_argument, NULL, OPT_WORK},
        {"oa-subif", required_argument, NULL, OPT_SUBIF},
        {"admin-password-file", required_argument, NULL, OPT_ADMIN_PASSWORD},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    *o = (struct options){.store = "/var/lib/openvc/domain.db",
                          .socket = "/run/openvc/manager.sock",
                          .dataplane = "/run/openvc/dataplane.sock",
                          .oa = "static",
                          .oa_work = "/tmp",
                          .oa_subif = "/usr/share/openvc/vlan_subif.py"};
    while ((c = getopt_long(argc, argv, ":fs:vh", long_options, NULL)) != -1) {
        switch (c) {
        case 'f': o->foreground = true; break;
        case 's': o->socket = optarg; break;
        case 'v': *verbose = true; break;
        case 'h': usage(stdout); exit(0);
        case OPT_STORE: o->store = optarg; break;
        case OPT_READONLY: o->readonly_socket = optarg; break;
        case OPT_SNMPD_INCLUDE: o->snmpd_include = optarg; break;
        case OPT_DATAPLANE: o->dataplane = optarg; break;
        case OPT_WIRING: o->wiring = optarg; break;
        case OPT_OA: o->oa = optarg; break;
        case OPT_PREFIX: o->oa_prefix = optarg; break;
        case OPT_WORK: o->oa_work = optarg; break;
        case OPT_SUBIF: o->oa_subif = optarg; break;
        case OPT_ADMIN_PASSWORD: o->admin_password_file = optarg; break;
        case ':':
            fprintf(stderr, "vc-manager: option %s needs a value\n", argv[optind - 1]);
            exit(2);
        default:
            fprintf(stderr, "vc-manager: unknown option %s (see --help)\n", argv[optind - 1]);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vc-manager: unexpected argument %s (see --help)\n", argv[optind]);
        exit(2);
    }
    if (strcmp(o->oa, "static") != 0 && strcmp(o->oa, "netns") != 0) {
        fprintf(stderr, "vc-manager: --oa %s: not static or netns\n", o->oa);
        exit(2);
    }
    if (strcmp(o->oa, "netns") == 0 && o->oa_prefix == NULL) {
        fprintf(stderr, "vc-manager: --oa netns needs --oa-prefix\n");
        exit(2);
    }
}

/* load_domain: the stored domain, or a new one from the wiring (stored at
 * once, generation 1, pre-defined MAC and WWN range 0, addresses from the
 * pools). fatalx on failure. */
static struct domain *load_domain(struct store *store, const struct options *o)
{
    struct domain *d = domain_create();
    char error[512];
    int rc;

    if (d == NULL)
        fatalx("out of memory");
    rc = store_load(store, d, error, sizeof(error));
    if (rc == 0) {
        log_info("store %s: domain %s, generation %llu, %u profiles", o->store, d->name,
                 (unsigned long long)d->generation, d->n_profiles);
        return d;
    }
    if (rc != -ENOENT)
        fatalx("store %s: %s", o->store, error);
    if (o->wiring == NULL)
        fatalx("store %s is new: give the enclosure wiring with --wiring FILE", o->store);
    if (wiring_load_file(o->wiring, o->oa_prefix, d, error, sizeof(error)) < 0)
        fatalx("wiring %s: %s", o->wiring, error);
    /* the wiring lists what the OA sees; the domain starts with the
     * module's own enclosure, the others come with `import enclosure` */
    for (unsigned e = 0; e < d->n_enclosures; e++)
        d->enclosures[e].imported = strcmp(d->enclosures[e].id, MANAGER_ENCLOSURE) == 0;
    d->pools.mac_source = DOMAIN_ADDRESS_POOL;
    d->pools.wwn_source = DOMAIN_ADDRESS_POOL;
    d->pools.serial_source = DOMAIN_ADDRESS_FACTORY;
    pool_predefined_range(POOL_KIND_MAC, 0, &d->pools.mac_ranges[0].start,
                          &d->pools.mac_ranges[0].end);
    d->pools.mac_ranges[0].predefined = 0;
    d->pools.n_mac_ranges = 1;
    pool_predefined_range(POOL_KIND_WWN, 0, &d->pools.wwn_ranges[0].start,
                          &d->pools.wwn_ranges[0].end);
    d->pools.wwn_ranges[0].predefined = 0;
    d->pools.n_wwn_ranges = 1;
    d->generation = 1;
    if (validate_domain(d, error, sizeof(error)) < 0 ||
        store_save(store, d, error, sizeof(error)) < 0)
        fatalx("new store %s from %s: %s", o->store, o->wiring, error);
    log_info("store %s: new domain %s from %s", o->store, d->name, o->wiring);
    return d;
}

/* bootstrap_users: a store without users gets Administrator, with the
 * password of --admin-password-file or a random one shown once. fatalx on
 * failure. */
static void bootstrap_users(struct store *store, const struct options *o)
{
    char password[USERS_PASSWORD_MAX + 2] = "", generated[USERS_PASSWORD_MAX + 1] = "";
    char error[512];
    bool created;

    if (o->admin_password_file != NULL) {
        FILE *f = fopen(o->admin_password_file, "r");
        if (f == NULL)
            fatal("--admin-password-file %s", o->admin_password_file);
        if (fgets(password, sizeof(password), f) == NULL)
            password[0] = '\0';
        fclose(f);
        password[strcspn(password, "\r\n")] = '\0';
    }
    if (users_bootstrap(store, o->admin_password_file ? password : NULL, &created, generated, error,
                        sizeof(error)) < 0)
        fatalx("user %s: %s", USERS_ADMIN_NAME, error);
    if (created && o->admin_password_file == NULL)
        log_warnx("new store: user %s made with password %s (shown once: change it)",
                  USERS_ADMIN_NAME, generated);
    else if (created)
        log_info("new store: user %s made with the password of %s", USERS_ADMIN_NAME,
                 o->admin_password_file);
    explicit_bzero(password, sizeof(password));
    explicit_bzero(generated, sizeof(generated));
}

int main(int argc, char **argv)
{
    struct options o;
    struct manager m = {0};
    bool verbose = false;
    char error[512];

    parse_options(argc, argv, &o, &verbose);
    log_init("vc-manager", o.foreground, verbose ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);
    if (!o.foreground && daemon(0, 0) < 0)
        fatal("daemon");

    struct store *store = store_open(o.store, error, sizeof(error));
    if (store == NULL)
        fatalx("store %s: %s", o.store, error);
    struct domain *d = load_domain(store, &o);
    bootstrap_users(store, &o);
    if (ops_state_init(&m.st, d, store, error, sizeof(error)) < 0)
        fatalx("pools: %s", error);

    if (strcmp(o.oa, "netns") == 0) {
        /* every enclosure of the wiring: the module's own and the stacked */
        if (domain_find_bay(d, MANAGER_ENCLOSURE, 1) == NULL)
            fatalx("the domain has no enclosure %s for the netns OA", MANAGER_ENCLOSURE);
        struct oa_netns_options no = {.prefix = o.oa_prefix,
                                      .subif_script = o.oa_subif,
                                      .work_dir = o.oa_work,
                                      .enclosures = d->enclosures,
                                      .n_enclosures = d->n_enclosures};
        m.oa = oa_netns_create(&no, error, sizeof(error));
        if (m.oa == NULL)
            fatalx("oa netns: %s", error);
        if (oa_netns_populate(m.oa, error, sizeof(error)) < 0)
            fatalx("oa netns: %s", error);
    } else {
        m.oa = oa_static_create();
        if (m.oa == NULL)
            fatalx("out of memory");
    }

    m.dataplane_path = o.dataplane;
    m.snmpd_include = o.snmpd_include;
    if (manager_snmp_apply(&m, error, sizeof(error)) < 0)
        log_warnx("SNMP settings not applied: %s", error);
    m.sync = dataplane_sync_create(o.dataplane);
    if (m.sync == NULL)
        fatalx("dataplane socket %s: path too long", o.dataplane);
    manager_push_document(&m);
    /* every bay gets what the store says, the unassigned ones their own
     * identity back too: a manager killed between committing an
     * unassignment and clearing the blade left the profile's MACs on it */
    struct bay_snapshot now;
    manager_snapshot(&m, &now);
    manager_apply_all(&m, &now);

    struct rpc_server_options so = {.path = o.socket,
                                    .methods = manager_methods,
                                    .n_methods = sizeof(manager_methods) /
                                                 sizeof(manager_methods[0]),
                                    .ctx = &m,
                                    .tick = manager_tick};
    m.server = rpc_server_create(&so, error, sizeof(error));
    if (m.server == NULL)
        fatalx("socket %s: %s", o.socket, error);
    if (o.readonly_socket != NULL) {
        size_t n = 0;
        for (size_t i = 0; i < MANAGER_METHOD_COUNT; i++)
            /* a CLI line may change things; a login writes audit rows and
             * would let the read-only socket try passwords */
            if (manager_method_roles[i] == METHOD_ROLE_NONE && i != MANAGER_METHOD_CLI_EXECUTE &&
                i != MANAGER_METHOD_SESSION_LOGIN)
                manager_readonly_methods[n++] = manager_methods[i];
        if (rpc_server_add_socket(m.server, o.readonly_socket, manager_readonly_methods, n, error,
                                  sizeof(error)) < 0)
            fatalx("read-only socket %s: %s", o.readonly_socket, error);
        log_info("read-only socket %s: %zu queries", o.readonly_socket, n);
    }
    manager_server = m.server;
    struct sigaction sa = {.sa_handler = manager_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    log_info("listening on %s, dataplane %s, OA %s", o.socket, o.dataplane, o.oa);

    int rc = rpc_server_run(m.server);
    if (rc < 0)
        log_warn("poll");
    log_info("stopping");
    manager_server = NULL;
    rpc_server_destroy(m.server);
    dataplane_sync_destroy(m.sync);
    m.oa->destroy(m.oa);
    ops_state_free(&m.st);
    store_close(store);
    return rc < 0 ? 1 : 0;
}
