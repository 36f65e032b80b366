/*
 * oa_netns: the OA driver of the demo and the integration tests, where the
 * enclosure's blades are Linux network namespaces.
 *
 * Bay N of enc0 is the namespace "<prefix>-bay<N>"; its eth0 is one end of a
 * veth whose other end, "<prefix>d<N>" in the root namespace, is the device
 * the dataplane opens as downlink dN. Bay N of a stacked enclosure encK
 * (K = 1..3) is "<prefix>-e<K>bay<N>" on "<prefix>e<K>d<N>", its downlink
 * e<K>d<N> (profiles/plan.h): with a prefix of at most 8 characters every
 * interface name stays within the kernel's 15. A blade is present when its namespace
 * exists, and powered when its eth0 is up. Pushing an identity gives the
 * blade its FlexNICs: unpartitioned, eth0 itself takes FlexNIC a's MAC;
 * partitioned, eth0 keeps its burned-in MAC and each FlexNIC K with a MAC
 * is a vlan_subif.py helper (the test kernel has no 802.1Q) making
 * "eth0.s<K>" on S-VID K. The helpers are found again by scanning the
 * namespace's processes, so a restarted manager takes over what a killed
 * one left; they keep running while the manager is down, as a real blade
 * keeps its identity. The serial number and UUID are written to
 * "<work_dir>/<namespace>.identity" (there is no BIOS to put them in).
 *
 * Links are read and set over netlink (mgmt/netns_link.h): a profile
 * assignment powers the blade off, pushes and powers it on, and with one
 * `ip -n` process per step that took half a second. Setting the
 * namespaces up and down (populate / depopulate, once per start) still
 * runs `ip`, the reference everybody reads.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mgmt/netns_link.h"
#include "mgmt/oa.h"
#include "profiles/plan.h"
#include "profiles/pool.h"

#define OA_NETNS_PREFIX_MAX 8
#define OA_NETNS_OUTPUT_MAX 8192

struct oa_netns {
    char prefix[OA_NETNS_PREFIX_MAX + 1];
    char script[1024];
    char work_dir[1024];
    unsigned n_enclosures;
    struct domain_enclosure enclosures[DOMAIN_MAX_ENCLOSURES]; /* ids and bays of the wiring */
};

void oa_netns_outside_iface(const char *prefix, const char *enclosure, unsigned bay, char *name,
                            size_t size)
{
    char port[PLAN_DOWNLINK_NAME_MAX];

    if (plan_downlink_name(enclosure, bay, port, sizeof(port)) < 0)
        snprintf(port, sizeof(port), "d%u", bay);
    snprintf(name, size, "%s%s", prefix, port);
}

/* oa_netns_stacked: "e<K>" for a stacked enclosure encK, "" for enc0. */
static void oa_netns_stacked(const char *enclosure, char tag[4])
{
    if (strcmp(enclosure, "enc0") == 0 || strlen(enclosure) != 4)
        tag[0] = '\0';
    else
        snprintf(tag, 4, "e%c", enclosure[3]);
}

/* oa_netns_name: the namespace of bay N of `enclosure`. */
static void oa_netns_name(const struct oa_netns *netns, const char *enclosure, unsigned bay,
                          char *name, size_t size)
{
    char tag[4];

    oa_netns_stacked(enclosure, tag);
    snprintf(name, size, "%s-%sbay%u", netns->prefix, tag, bay);
}

/* oa_netns_bay: the wiring's bay N of `enclosure`, or NULL. */
static const struct domain_bay *oa_netns_bay(const struct oa_netns *netns, const char *enclosure,
                                             unsigned bay)
{
    if (enclosure == NULL || bay < 1 || bay > DOMAIN_BAYS)
        return NULL;
    for (unsigned e = 0; e < netns->n_enclosures; e++)
        if (strcmp(netns->enclosures[e].id, enclosure) == 0)
            return &netns->enclosures[e].bays[bay - 1];
    return NULL;
}

static void oa_netns_message(char *error, size_t error_size, const char *fmt, const char *a,
                             const char *b)
{
    if (error && error_size)
        snprintf(error, error_size, fmt, a, b);
}

/* oa_netns_run: run argv (argv[0] looked up in PATH), its stdout and stderr
 * into out/out_size (may be NULL). Returns 0 when it exited 0, else -EIO
 * with the command and its output in error. */
static int oa_netns_run(char *const argv[], char *out, size_t out_size, char *error,
                        size_t error_size)
{
    int pipe_fds[2];
    char buffer[OA_NETNS_OUTPUT_MAX];
    size_t length = 0;
    int status;

    if (pipe2(pipe_fds, O_CLOEXEC) < 0)
        return -errno;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        return -saved;
    }
    if (pid == 0) {
        dup2(pipe_fds[1], 1);
        dup2(pipe_fds[1], 2);
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0)
            dup2(null, 0);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(pipe_fds[1]);
    for (;;) {
        ssize_t n = read(pipe_fds[0], buffer + length, sizeof(buffer) - 1 - length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        length += (size_t)n;
        if (length == sizeof(buffer) - 1)
            break;
    }
    buffer[length] = '\0';
    close(pipe_fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (out && out_size)
        snprintf(out, out_size, "%s", buffer);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (error && error_size) {
        char command[512] = "";
        for (unsigned i = 0; argv[i]; i++) {
            size_t used = strlen(command);
            snprintf(command + used, sizeof(command) - used, "%s%s", i ? " " : "", argv[i]);
        }
        char *newline = strchr(buffer, '\n');
        if (newline)
            *newline = '\0';
        snprintf(error, error_size, "`%s` failed: %s", command, buffer[0] ? buffer : "no output");
    }
    return -EIO;
}

/* oa_netns_exists: does namespace `name` exist? */
static bool oa_netns_exists(const char *name)
{
    char path[512];
    return netns_path(name, path, sizeof(path)) == 0 && access(path, F_OK) == 0;
}

/* oa_netns_iface_exists: does interface `name` exist in the root namespace? */
static bool oa_netns_iface_exists(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "/sys/class/net/%s", name);
    return access(path, F_OK) == 0;
}

/* oa_netns_check_bay: the driver state and bay, or -EINVAL / -ENODEV. */
static int oa_netns_check_bay(struct oa_driver *driver, const char *enclosure, unsigned bay,
                              char *ns, size_t ns_size, char *error, size_t error_size)
{
    struct oa_netns *netns = driver->state;
    char number[16];

    snprintf(number, sizeof(number), "%u", bay);
    if (oa_netns_bay(netns, enclosure, bay) == NULL) {
        oa_netns_message(error, error_size, "no device bay %s:%s", enclosure ? enclosure : "",
                         number);
        return -EINVAL;
    }
    oa_netns_name(netns, enclosure, bay, ns, ns_size);
    if (!oa_netns_exists(ns)) {
        oa_netns_message(error, error_size, "device bay %s:%s is empty", enclosure, number);
        return -ENODEV;
    }
    return 0;
}

/* oa_netns_set: link `dev` of `ns` to `state` and (mac not 0) that MAC,
 * over netlink. 0 or -errno with the namespace, link and reason in error. */
static int oa_netns_set(const char *ns, const char *dev, enum netns_link_state state, uint64_t mac,
                        char *error, size_t error_size)
{
    int fd = netns_link_open(ns);
    int rc = fd < 0 ? fd : netns_link_set(fd, dev, state, mac);
    if (fd >= 0)
        close(fd);
    if (rc < 0 && error && error_size) {
        char mac_text[POOL_ADDRESS_STR_MAX] = "";
        if (mac)
            pool_format_address(POOL_KIND_MAC, mac, mac_text, sizeof(mac_text));
        snprintf(error, error_size, "%s: link %s%s%s%s: %s", ns, dev,
                 state == NETNS_LINK_UP ? " up" : state == NETNS_LINK_DOWN ? " down" : "",
                 mac ? " address " : "", mac_text, strerror(-rc));
    }
    return rc;
}

/* oa_netns_get: link `dev` of `ns`: admin up and (mac may be NULL) its
 * MAC. 0, -ENODEV or -errno. */
static int oa_netns_get(const char *ns, const char *dev, bool *up, uint64_t *mac)
{
    int fd = netns_link_open(ns);
    int rc = fd < 0 ? fd : netns_link_get(fd, dev, up, mac);
    if (fd >= 0)
        close(fd);
    return rc;
}

/* oa_netns_eth0: is eth0 of `ns` administratively up, and (mac may be
 * NULL) its MAC into *mac (0 when unknown). */
static bool oa_netns_eth0(const char *ns, uint64_t *mac)
{
    bool up = false;

    if (mac != NULL)
        *mac = 0;
    if (oa_netns_get(ns, "eth0", &up, mac) < 0)
        return false;
    return up;
}

/* oa_netns_powered: is eth0 of `ns` administratively up? */
static bool oa_netns_powered(const char *ns)
{
    return oa_netns_eth0(ns, NULL);
}

/* oa_netns_helpers: pids of the vlan_subif.py helpers running in `ns`
 * (at most max); returns how many. */
static unsigned oa_netns_helpers(const char *ns, pid_t *pids, unsigned max)
{
    pid_t all[256];
    unsigned n = 0, found = netns_pids(ns, all, 256);

    for (unsigned i = 0; i < found && n < max; i++) {
        char path[64], cmdline[2048];
        snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)all[i]);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t got = read(fd, cmdline, sizeof(cmdline) - 1);
        close(fd);
        if (got <= 0)
            continue;
        for (ssize_t k = 0; k < got; k++)
            if (cmdline[k] == '\0')
                cmdline[k] = ' ';
        cmdline[got] = '\0';
        if (strstr(cmdline, "vlan_subif.py"))
            pids[n++] = all[i];
    }
    return n;
}

/* oa_netns_stop_helpers: end the FlexNIC helpers of `ns` and wait (up to
 * 2 s) until they are gone, so their TAP devices are too. */
static void oa_netns_stop_helpers(const char *ns)
{
    pid_t pids[16];
    unsigned n = oa_netns_helpers(ns, pids, 16);

    for (unsigned i = 0; i < n; i++)
        kill(pids[i], SIGTERM);
    for (unsigned round = 0; round < 200; round++) {
        bool alive = false;
        for (unsigned i = 0; i < n; i++)
            if (kill(pids[i], 0) == 0) {
                char path[64], state[512];
                snprintf(path, sizeof(path), "/proc/%d/stat", (int)pids[i]);
                FILE *f = fopen(path, "re");
                /* a zombie (not our child) is gone for our purpose */
                if (f && fgets(state, sizeof(state), f) && strstr(state, ") Z "))
                    ;
                else
                    alive = true;
                if (f)
                    fclose(f);
            }
        if (!alive)
            return;
        if (round == 100)
            for (unsigned i = 0; i < n; i++)
                kill(pids[i], SIGKILL);
        usleep(10000);
    }
}

/* oa_netns_start_helper: FlexNIC `letter` (S-VID k = 1..4) of bay `ns` as
 * eth0.s<k> with `mac`, detached (double fork) so it outlives the manager;
 * waits up to 5 s for its "ready". */
static int oa_netns_start_helper(struct oa_netns *netns, const char *ns, unsigned k, uint64_t mac,
                                 char *error, size_t error_size)
{
    char name[16], tags[8], mac_text[POOL_ADDRESS_STR_MAX], log_path[1200];

    snprintf(name, sizeof(name), "eth0.s%u", k);
    snprintf(tags, sizeof(tags), "s%u", k);
    snprintf(log_path, sizeof(log_path), "%s/%s.%s.log", netns->work_dir, ns, name);
    if (pool_format_address(POOL_KIND_MAC, mac, mac_text, sizeof(mac_text)) < 0) {
        oa_netns_message(error, error_size, "%s: bad MAC for %s", ns, name);
        return -EINVAL;
    }
    unlink(log_path);
    pid_t pid = fork();
    if (pid < 0)
        return -errno;
    if (pid == 0) {
        if (fork() != 0)
            _exit(0);
        setsid();
        int fd = open(log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        int null = open("/dev/null", O_RDONLY);
        if (fd < 0 || null < 0)
            _exit(127);
        dup2(null, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        char *argv[] = {"ip",   "netns", "exec", (char *)ns, "python3", netns->script,
                        "eth0", name,    tags,   "--mac",    mac_text,  NULL};
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    /* up to 20 s: python3 starting in a namespace is slow on a loaded machine */
    for (unsigned round = 0; round < 2000; round++) {
        char text[4096] = "";
        FILE *f = fopen(log_path, "re");
        if (f) {
            size_t got = fread(text, 1, sizeof(text) - 1, f);
            text[got] = '\0';
            fclose(f);
        }
        if (strstr(text, "ready"))
            return 0;
        if (strstr(text, "Error") || strstr(text, "error")) {
            char *newline = strchr(text, '\n');
            if (newline)
                *newline = '\0';
            oa_netns_message(error, error_size, "FlexNIC helper %s: %s", name, text);
            return -EIO;
        }
        usleep(10000);
    }
    oa_netns_message(error, error_size, "FlexNIC helper %s of %s did not start", name, ns);
    return -ETIMEDOUT;
}

/* oa_netns_write_identity: serial and UUID of bay N as a small JSON file. */
static int oa_netns_write_identity(struct oa_netns *netns, const char *ns, const char *serial,
                                   const char *uuid, const uint64_t *macs, char *error,
                                   size_t error_size)
{
    char path[1200], temporary[1210];
    snprintf(path, sizeof(path), "%s/%s.identity", netns->work_dir, ns);
    snprintf(temporary, sizeof(temporary), "%s.tmp", path);
    FILE *f = fopen(temporary, "we");
    if (f == NULL) {
        oa_netns_message(error, error_size, "%s: %s", temporary, strerror(errno));
        return -EIO;
    }
    fprintf(f, "{\"serial\": \"%s\", \"uuid\": \"%s\", \"macs\": [", serial, uuid);
    for (unsigned i = 0; i < OA_FLEXNICS; i++) {
        char text[POOL_ADDRESS_STR_MAX] = "";
        if (macs[i])
            pool_format_address(POOL_KIND_MAC, macs[i], text, sizeof(text));
        fprintf(f, "%s\"%s\"", i ? ", " : "", text);
    }
    fprintf(f, "]}\n");
    fclose(f);
    return rename(temporary, path) < 0 ? -errno : 0;
}

static int oa_netns_bay_info(struct oa_driver *driver, const char *enclosure, unsigned bay,
                             struct oa_blade_info *info, char *error, size_t error_size)
{
    struct oa_netns *netns = driver->state;
    char ns[64];
    int rc = oa_netns_check_bay(driver, enclosure, bay, ns, sizeof(ns), error, error_size);

    memset(info, 0, sizeof(*info));
    if (rc == -ENODEV)
        return 0;
    if (rc < 0)
        return rc;
    const struct domain_blade *blade = &oa_netns_bay(netns, enclosure, bay)->blade;
    info->present = true;
    info->powered_on = oa_netns_powered(ns);
    snprintf(info->model, sizeof(info->model), "%s", blade->model);
    snprintf(info->serial, sizeof(info->serial), "%s", blade->factory_serial);
    snprintf(info->uuid, sizeof(info->uuid), "%s", blade->factory_uuid);
    for (unsigned i = 0; i < OA_FLEXNICS; i++)
        info->factory_mac[i] = blade->factory_mac[i];
    return 0;
}

static int oa_netns_power_set(struct oa_driver *driver, const char *enclosure, unsigned bay,
                              bool on, char *error, size_t error_size)
{
    char ns[64];
    int rc = oa_netns_check_bay(driver, enclosure, bay, ns, sizeof(ns), error, error_size);
    if (rc < 0)
        return rc;
    enum netns_link_state state = on ? NETNS_LINK_UP : NETNS_LINK_DOWN;
    rc = oa_netns_set(ns, "eth0", state, 0, error, error_size);
    for (unsigned k = 1; rc == 0 && k <= OA_FLEXNICS; k++) {
        char name[16];
        bool up;
        snprintf(name, sizeof(name), "eth0.s%u", k);
        /* a FlexNIC helper's TAP, when there is one */
        if (oa_netns_get(ns, name, &up, NULL) == 0)
            rc = oa_netns_set(ns, name, state, 0, error, error_size);
    }
    return rc;
}

static int oa_netns_identity_apply(struct oa_driver *driver, const char *enclosure, unsigned bay,
                                   const struct oa_identity *identity, char *error,
                                   size_t error_size)
{
    struct oa_netns *netns = driver->state;
    char ns[64], mac_text[POOL_ADDRESS_STR_MAX];
    int rc = oa_netns_check_bay(driver, enclosure, bay, ns, sizeof(ns), error, error_size);
    if (rc < 0)
        return rc;
    const struct domain_blade *blade = &oa_netns_bay(netns, enclosure, bay)->blade;
    uint64_t current_mac;
    bool powered = oa_netns_eth0(ns, &current_mac);
    uint64_t eth0_mac =
        identity->partitioned || identity->mac[0] == 0 ? blade->factory_mac[0] : identity->mac[0];
    pid_t pids[16];

    /* what the blade wears already (a manager's start-up pushes every bay
     * again): only the record, no link flap */
    if (!identity->partitioned && current_mac == eth0_mac && oa_netns_helpers(ns, pids, 16) == 0)
        return oa_netns_write_identity(netns, ns, identity->serial, identity->uuid, identity->mac,
                                       error, error_size);
    oa_netns_stop_helpers(ns);
    if (pool_format_address(POOL_KIND_MAC, eth0_mac, mac_text, sizeof(mac_text)) < 0) {
        oa_netns_message(error, error_size, "%s: no valid MAC for eth0%s", ns, "");
        return -EINVAL;
    }
    if ((rc = oa_netns_set(ns, "eth0", NETNS_LINK_DOWN, 0, error, error_size)) < 0 ||
        (rc = oa_netns_set(ns, "eth0", NETNS_LINK_KEEP, eth0_mac, error, error_size)) < 0)
        return rc;
    if (powered && (rc = oa_netns_set(ns, "eth0", NETNS_LINK_UP, 0, error, error_size)) < 0)
        return rc;
    if (identity->partitioned)
        for (unsigned k = 1; k <= OA_FLEXNICS; k++) {
            if (identity->mac[k - 1] == 0)
                continue;
            rc = oa_netns_start_helper(netns, ns, k, identity->mac[k - 1], error, error_size);
            if (rc < 0)
                return rc;
        }
    if (!powered && identity->partitioned)
        rc = oa_netns_power_set(driver, enclosure, bay, false, error, error_size);
    if (rc == 0)
        rc = oa_netns_write_identity(netns, ns, identity->serial, identity->uuid, identity->mac,
                                     error, error_size);
    return rc;
}

static int oa_netns_identity_push(struct oa_driver *driver, const char *enclosure, unsigned bay,
                                  const struct oa_identity *identity, char *error,
                                  size_t error_size)
{
    return oa_netns_identity_apply(driver, enclosure, bay, identity, error, error_size);
}

static int oa_netns_identity_clear(struct oa_driver *driver, const char *enclosure, unsigned bay,
                                   char *error, size_t error_size)
{
    struct oa_netns *netns = driver->state;
    struct oa_identity factory = {.partitioned = false};
    const struct domain_bay *wired = oa_netns_bay(netns, enclosure, bay);

    if (wired != NULL) {
        const struct domain_blade *blade = &wired->blade;
        for (unsigned i = 0; i < OA_FLEXNICS; i++)
            factory.mac[i] = blade->factory_mac[i];
        snprintf(factory.serial, sizeof(factory.serial), "%s", blade->factory_serial);
        snprintf(factory.uuid, sizeof(factory.uuid), "%s", blade->factory_uuid);
    }
    return oa_netns_identity_apply(driver, enclosure, bay, &factory, error, error_size);
}

int oa_netns_populate(struct oa_driver *driver, char *error, size_t error_size)
{
    struct oa_netns *netns = driver->state;

    for (unsigned i = 0; i < netns->n_enclosures * DOMAIN_BAYS; i++) {
        const char *enclosure = netns->enclosures[i / DOMAIN_BAYS].id;
        unsigned bay = i % DOMAIN_BAYS + 1;
        const struct domain_bay *wired = oa_netns_bay(netns, enclosure, bay);
        const struct domain_blade *blade = &wired->blade;
        char ns[64], outside[32], peer[32], tag[4];
        int rc;

        if (wired->device[0] == '\0') /* not cabled to this module */
            continue;

        oa_netns_name(netns, enclosure, bay, ns, sizeof(ns));
        oa_netns_outside_iface(netns->prefix, enclosure, bay, outside, sizeof(outside));
        oa_netns_stacked(enclosure, tag);
        snprintf(peer, sizeof(peer), "%s%sb%u", netns->prefix, tag, bay);
        if (blade->present && !oa_netns_exists(ns)) {
            char *add[] = {"ip", "netns", "add", ns, NULL};
            if (oa_netns_iface_exists(outside)) {
                char *del[] = {"ip", "link", "del", outside, NULL};
                oa_netns_run(del, NULL, 0, NULL, 0);
            }
            char *veth[] = {"ip",   "link", "add",  outside, "type", "veth",
                            "peer", "name", "eth0", "netns", ns,     NULL};
            /* no IPv6 chatter, on the FlexNIC interfaces made later too */
            char *ipv6[] = {"ip",
                            "netns",
                            "exec",
                            ns,
                            "sysctl",
                            "-qw",
                            "net.ipv6.conf.all.disable_ipv6=1",
                            "net.ipv6.conf.default.disable_ipv6=1",
                            NULL};
            if ((rc = oa_netns_run(add, NULL, 0, error, error_size)) < 0 ||
                (rc = oa_netns_run(veth, NULL, 0, error, error_size)) < 0)
                return rc;
            oa_netns_run(ipv6, NULL, 0, NULL, 0);
            if (blade->factory_mac[0] &&
                (rc = oa_netns_set(ns, "eth0", NETNS_LINK_KEEP, blade->factory_mac[0], error,
                                   error_size)) < 0)
                return rc;
            if ((rc = oa_netns_set(ns, "lo", NETNS_LINK_UP, 0, error, error_size)) < 0 ||
                (rc = oa_netns_set(ns, "eth0", blade->powered_on ? NETNS_LINK_UP : NETNS_LINK_DOWN,
                                   0, error, error_size)) < 0)
                return rc;
        } else if (!oa_netns_iface_exists(outside)) {
            char *veth[] = {"ip",   "link", "add",  outside, "type",
                            "veth", "peer", "name", peer,    NULL};
            if ((rc = oa_netns_run(veth, NULL, 0, error, error_size)) < 0)
                return rc;
        }
        char *ipv6[] = {"sysctl", "-qw", NULL, NULL};
        char key[96];
        snprintf(key, sizeof(key), "net.ipv6.conf.%s.disable_ipv6=1", outside);
        ipv6[2] = key;
        oa_netns_run(ipv6, NULL, 0, NULL, 0);
        char *up[] = {"ip", "link", "set", outside, "up", NULL};
        if ((rc = oa_netns_run(up, NULL, 0, error, error_size)) < 0)
            return rc;
    }
    return 0;
}

int oa_netns_depopulate(struct oa_driver *driver, char *error, size_t error_size)
{
    struct oa_netns *netns = driver->state;
    int first = 0;

    for (unsigned i = 0; i < netns->n_enclosures * DOMAIN_BAYS; i++) {
        const char *enclosure = netns->enclosures[i / DOMAIN_BAYS].id;
        unsigned bay = i % DOMAIN_BAYS + 1;
        char ns[64], outside[32];
        oa_netns_name(netns, enclosure, bay, ns, sizeof(ns));
        oa_netns_outside_iface(netns->prefix, enclosure, bay, outside, sizeof(outside));
        if (oa_netns_exists(ns)) {
            oa_netns_stop_helpers(ns);
            char *del[] = {"ip", "netns", "del", ns, NULL};
            int rc = oa_netns_run(del, NULL, 0, error, error_size);
            if (rc < 0 && first == 0)
                first = rc;
        }
        if (oa_netns_iface_exists(outside)) {
            char *del[] = {"ip", "link", "del", outside, NULL};
            oa_netns_run(del, NULL, 0, NULL, 0);
        }
    }
    return first;
}

static void oa_netns_destroy(struct oa_driver *driver)
{
    if (driver == NULL)
        return;
    free(driver->state);
    free(driver);
}

struct oa_driver *oa_netns_create(const struct oa_netns_options *options, char *error,
                                  size_t error_size)
{
    if (!options || !options->prefix || !options->subif_script || !options->work_dir ||
        !options->enclosures || options->n_enclosures < 1 ||
        options->n_enclosures > DOMAIN_MAX_ENCLOSURES) {
        oa_netns_message(error, error_size, "netns OA driver: %s%s", "missing option", "");
        return NULL;
    }
    if (strlen(options->prefix) == 0 || strlen(options->prefix) > OA_NETNS_PREFIX_MAX) {
        oa_netns_message(error, error_size,
                         "netns OA driver: prefix \"%s\" must be 1-8 characters%s", options->prefix,
                         "");
        return NULL;
    }
    struct oa_driver *driver = calloc(1, sizeof(*driver));
    struct oa_netns *netns = calloc(1, sizeof(*netns));
    if (!driver || !netns) {
        free(driver);
        free(netns);
        oa_netns_message(error, error_size, "netns OA driver: %s%s", "out of memory", "");
        return NULL;
    }
    snprintf(netns->prefix, sizeof(netns->prefix), "%s", options->prefix);
    snprintf(netns->script, sizeof(netns->script), "%s", options->subif_script);
    snprintf(netns->work_dir, sizeof(netns->work_dir), "%s", options->work_dir);
    netns->n_enclosures = options->n_enclosures;
    memcpy(netns->enclosures, options->enclosures,
           options->n_enclosures * sizeof(netns->enclosures[0]));
    driver->name = "netns";
    driver->state = netns;
    driver->bay_info = oa_netns_bay_info;
    driver->power_set = oa_netns_power_set;
    driver->identity_push = oa_netns_identity_push;
    driver->identity_clear = oa_netns_identity_clear;
    driver->destroy = oa_netns_destroy;
    return driver;
}
