/*
 * vc-sshd: the SSH front end of an OpenVC module (libssh). It listens,
 * forks one process per connection (mgmt/sshd_session.h) and keeps, for
 * all of them, the count of sessions (a cap) and of failed logins per
 * client address (mgmt/sshd_guard.h: the growing delay).
 *
 * Why a process of its own: it is the part that faces the network, so it
 * holds no database and no secret but its host keys (made at the first
 * start in --host-key-dir: ed25519, ECDSA P-256 and RSA 3072); the manager decides
 * every login (session.login) and runs every command (cli.execute), as in
 * OpenBSD's privilege-separated daemons.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>

#include "common/log.h"
#include "mgmt/sshd_guard.h"
#include "mgmt/sshd_session.h"

#define DEFAULT_BANNER                                                                             \
    "OpenVC interconnect module. Authorized users only: every login and every change is\n"         \
    "recorded.\n"
#define EXTRA_CHILDREN 16 /* connections being refused, beyond the cap */

struct options {
    bool foreground, verbose;
    const char *listen, *port, *host_key_dir, *banner_file;
    struct sshd_config config;
};

struct child {
    pid_t pid;
};

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vc-sshd [OPTIONS]\n"
            "The SSH front end of OpenVC: logins and commands checked and run by vc-manager.\n"
            "\n"
            "  -f, --foreground          stay in the foreground, log to stderr\n"
            "  -l, --listen ADDRESS      address to listen on (default 0.0.0.0)\n"
            "  -p, --port PORT           TCP port (default 22)\n"
            "  -s, --socket PATH         the manager's socket (default "
            "/run/openvc/manager.sock)\n"
            "      --host-key-dir DIR    host keys, made there at the first start\n"
            "                            (default /var/lib/openvc/ssh)\n"
            "      --banner-file FILE    the text shown before the login\n"
            "      --max-sessions N      sessions at once (default 8)\n"
            "      --idle-timeout S      close a shell idle for S seconds (default 900, 0 none)\n"
            "      --login-grace S       time to log in and start a shell (default 60)\n"
            "      --max-auth-tries N    failed logins and refused keys per connection (default 6)\n"
            "      --fail-delay-ms MS    delay of the first failed login of an address, doubled\n"
            "                            with each further one up to 32x (default 1000)\n"
            "  -v, --verbose             debug messages\n"
            "  -h, --help                this text\n");
}

/* number: optarg as an unsigned in [min, max]; else one line, exit 2. */
static unsigned number(const char *option, const char *text, unsigned min, unsigned max)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno || *end || end == text || v < min || v > max || text[0] == '-') {
        fprintf(stderr, "vc-sshd: %s %s: not a number in %u-%u\n", option, text, min, max);
        exit(2);
    }
    return (unsigned)v;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    enum {
        OPT_KEYS = 256,
        OPT_BANNER,
        OPT_MAX_SESSIONS,
        OPT_IDLE,
        OPT_GRACE,
        OPT_TRIES,
        OPT_DELAY
    };
    static const struct option long_options[] = {
        {"foreground", no_argument, NULL, 'f'},
        {"listen", required_argument, NULL, 'l'},
        {"port", required_argument, NULL, 'p'},
        {"socket", required_argument, NULL, 's'},
        {"host-key-dir", required_argument, NULL, OPT_KEYS},
        {"banner-file", required_argument, NULL, OPT_BANNER},
        {"max-sessions", required_argument, NULL, OPT_MAX_SESSIONS},
        {"idle-timeout", required_argument, NULL, OPT_IDLE},
        {"login-grace", required_argument, NULL, OPT_GRACE},
        {"max-auth-tries", required_argument, NULL, OPT_TRIES},
        {"fail-delay-ms", required_argument, NULL, OPT_DELAY},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;

    *o = (struct options){.listen = "0.0.0.0",
                          .port = "22",
                          .host_key_dir = "/var/lib/openvc/ssh",
                          .config = {.manager_socket = "/run/openvc/manager.sock",
                                     .banner = DEFAULT_BANNER,
                                     .idle_timeout_s = 900,
                                     .login_grace_s = 60,
                                     .max_auth_tries = 6,
                                     .fail_delay_ms = 1000,
                                     .max_sessions = 8}};
    while ((c = getopt_long(argc, argv, ":fl:p:s:vh", long_options, NULL)) != -1) {
        switch (c) {
        case 'f':
            o->foreground = true;
            break;
        case 'l':
            o->listen = optarg;
            break;
        case 'p':
            number("--port", optarg, 1, 65535);
            o->port = optarg;
            break;
        case 's':
            o->config.manager_socket = optarg;
            break;
        case 'v':
            o->verbose = true;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case OPT_KEYS:
            o->host_key_dir = optarg;
            break;
        case OPT_BANNER:
            o->banner_file = optarg;
            break;
        case OPT_MAX_SESSIONS:
            o->config.max_sessions = number("--max-sessions", optarg, 1, 1000);
            break;
        case OPT_IDLE:
            o->config.idle_timeout_s = number("--idle-timeout", optarg, 0, 86400);
            break;
        case OPT_GRACE:
            o->config.login_grace_s = number("--login-grace", optarg, 1, 3600);
            break;
        case OPT_TRIES:
            o->config.max_auth_tries = number("--max-auth-tries", optarg, 1, 100);
            break;
        case OPT_DELAY:
            o->config.fail_delay_ms = number("--fail-delay-ms", optarg, 0, 60000);
            break;
        case ':':
            fprintf(stderr, "vc-sshd: option %s needs a value\n", argv[optind - 1]);
            exit(2);
        default:
            fprintf(stderr, "vc-sshd: unknown option %s (see --help)\n", argv[optind - 1]);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vc-sshd: unexpected argument %s (see --help)\n", argv[optind]);
        exit(2);
    }
    o->config.fail_delay_max_ms = o->config.fail_delay_ms * 32;
}

/* read_banner: the banner file's text (at most 4 KiB). fatal on error. */
static const char *read_banner(const char *path)
{
    static char text[4096];
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fatal("--banner-file %s", path);
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    return text;
}

/* host_keys: the host keys of dir (made when missing) as libssh options of
 * bind. fatalx on failure. */
static void host_keys(const char *dir, ssh_bind bind)
{
    static const struct {
        enum ssh_keytypes_e type;
        const char *file;
        int bits;
    } keys[] = {
        {SSH_KEYTYPE_ED25519, "ssh_host_ed25519_key", 0},
        {SSH_KEYTYPE_ECDSA_P256, "ssh_host_ecdsa_key", 256},
        {SSH_KEYTYPE_RSA, "ssh_host_rsa_key", 3072}, /* for clients with RSA only */
    };
    char path[PATH_MAX];

    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        fatal("--host-key-dir %s", dir);
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, keys[i].file);
        if (access(path, R_OK) != 0) {
            ssh_key key = NULL;
            if (ssh_pki_generate(keys[i].type, keys[i].bits, &key) != SSH_OK)
                fatalx("host key %s: cannot generate it", path);
            mode_t old = umask(077);
            int rc = ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path);
            umask(old);
            ssh_key_free(key);
            if (rc != SSH_OK)
                fatalx("host key %s: cannot write it", path);
            log_info("made host key %s", path);
        }
        if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_HOSTKEY, path) != SSH_OK)
            fatalx("host key %s: %s", path, ssh_get_error(bind));
    }
}

/* peer_address: the client's address of `ssh` as text. */
static void peer_address(ssh_session ssh, char *out, size_t size)
{
    struct sockaddr_storage a;
    socklen_t len = sizeof(a);

    snprintf(out, size, "unknown");
    if (getpeername(ssh_get_fd(ssh), (struct sockaddr *)&a, &len) < 0)
        return;
    if (a.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&a)->sin_addr, out, (socklen_t)size);
    else if (a.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a)->sin6_addr, out, (socklen_t)size);
}

/* reap: forget the children that ended; their number left. */
static unsigned reap(struct child *children, unsigned n)
{
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
        for (unsigned i = 0; i < n; i++)
            if (children[i].pid == pid) {
                children[i] = children[--n];
                break;
            }
    return n;
}

/* read_reports: the sessions' failed logins and logins into the guard. */
static void read_reports(int fd, struct sshd_guard *guard)
{
    struct sshd_report r;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    while (read(fd, &r, sizeof(r)) == (ssize_t)sizeof(r)) {
        r.address[sizeof(r.address) - 1] = '\0';
        if (r.event == 'F')
            sshd_guard_failed(guard, r.address, t.tv_sec);
        else if (r.event == 'S')
            sshd_guard_succeeded(guard, r.address);
    }
}

/* accept_one: take the waiting connection and fork its session. */
static unsigned accept_one(ssh_bind bind, const struct sshd_config *config,
                           struct sshd_guard *guard, int report[2], struct child *children,
                           unsigned n)
{
    char address[SSHD_GUARD_ADDRESS_MAX];
    struct timespec t;
    ssh_session ssh = ssh_new();

    if (ssh == NULL)
        return n;
    if (ssh_bind_accept(bind, ssh) != SSH_OK) {
        log_warnx("accept: %s", ssh_get_error(bind));
        ssh_free(ssh);
        return n;
    }
    peer_address(ssh, address, sizeof(address));
    if (n >= config->max_sessions + EXTRA_CHILDREN) {
        log_warnx("dropped a connection from %s: %u sessions and refusals", address, n);
        ssh_free(ssh);
        return n;
    }
    clock_gettime(CLOCK_MONOTONIC, &t);
    unsigned prior = sshd_guard_failures(guard, address, t.tv_sec);
    bool over_cap = n >= config->max_sessions;
    pid_t pid = fork();
    if (pid < 0) {
        log_warn("fork");
    } else if (pid == 0) {
        close(report[0]);
        ssh_bind_free(bind);
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        sshd_session_serve(ssh, config, address, prior, over_cap, report[1]);
        ssh_free(ssh);
        ssh_finalize();
        exit(0);
    } else {
        children[n++].pid = pid;
        log_debug("session %d for %s", (int)pid, address);
    }
    ssh_free(ssh); /* the child has it */
    return n;
}

int main(int argc, char **argv)
{
    struct options o;
    static struct sshd_guard guard;
    int report[2];

    parse_options(argc, argv, &o);
    log_init("vc-sshd", o.foreground, o.verbose ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);
    if (o.banner_file)
        o.config.banner = read_banner(o.banner_file);
    if (ssh_init() != SSH_OK)
        fatalx("libssh: cannot initialise");
    ssh_bind bind = ssh_bind_new();
    if (bind == NULL)
        fatalx("out of memory");
    host_keys(o.host_key_dir, bind);
    if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDADDR, o.listen) != SSH_OK ||
        ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDPORT_STR, o.port) != SSH_OK)
        fatalx("listen %s port %s: %s", o.listen, o.port, ssh_get_error(bind));
    if (ssh_bind_listen(bind) != SSH_OK)
        fatalx("listen %s port %s: %s", o.listen, o.port, ssh_get_error(bind));
    if (!o.foreground && daemon(0, 0) < 0)
        fatal("daemon");
    if (pipe2(report, O_CLOEXEC) < 0 || fcntl(report[0], F_SETFL, O_NONBLOCK) < 0)
        fatal("pipe");
    sshd_guard_init(&guard);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    log_info("listening on %s port %s, manager %s, host keys in %s, at most %u sessions", o.listen,
             o.port, o.config.manager_socket, o.host_key_dir, o.config.max_sessions);

    struct child *children = calloc(o.config.max_sessions + EXTRA_CHILDREN, sizeof(*children));
    unsigned n = 0;
    if (children == NULL)
        fatalx("out of memory");
    while (!stopping) {
        struct pollfd fds[2] = {{.fd = ssh_bind_get_fd(bind), .events = POLLIN},
                                {.fd = report[0], .events = POLLIN}};
        int rc = poll(fds, 2, 1000);
        if (rc < 0 && errno != EINTR)
            fatal("poll");
        n = reap(children, n);
        read_reports(report[0], &guard);
        if (rc > 0 && (fds[0].revents & POLLIN))
            n = accept_one(bind, &o.config, &guard, report, children, n);
    }
    log_info("stopping: ending %u sessions", n);
    for (unsigned i = 0; i < n; i++)
        kill(children[i].pid, SIGTERM);
    while (wait(NULL) > 0)
        ;
    free(children);
    ssh_bind_free(bind);
    ssh_finalize();
    return 0;
}
