/*
 * netns_link: rtnetlink requests on a socket made inside a named network
 * namespace, and the /proc scan for its processes (netns_link.h). One
 * request at a time, each answered before the next: RTM_GETLINK and
 * RTM_NEWLINK by interface name, with an ACK.
 */
#include "mgmt/netns_link.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define NETNS_LINK_BUFFER    16384
#define NETNS_LINK_TIMEOUT_S 2

int netns_path(const char *ns, char *path, size_t size)
{
    if (ns == NULL || ns[0] == '\0' || strchr(ns, '/') != NULL ||
        snprintf(path, size, "/run/netns/%s", ns) >= (int)size)
        return -EINVAL;
    return 0;
}

int netns_link_open(const char *ns)
{
    char path[512];
    int rc = netns_path(ns, path, sizeof(path));

    if (rc < 0)
        return rc;
    int target = open(path, O_RDONLY | O_CLOEXEC);
    if (target < 0)
        return -errno;
    int home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (home < 0) {
        rc = -errno;
        close(target);
        return rc;
    }
    int fd = -1;
    if (setns(target, CLONE_NEWNET) < 0) {
        rc = -errno;
    } else {
        fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        rc = fd < 0 ? -errno : 0;
        if (setns(home, CLONE_NEWNET) < 0) /* cannot happen: we came from there */
            abort();
    }
    close(target);
    close(home);
    if (rc < 0)
        return rc;
    struct timeval timeout = {.tv_sec = NETNS_LINK_TIMEOUT_S};
    struct sockaddr_nl local = {.nl_family = AF_NETLINK};
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0 ||
        bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
        rc = -errno;
        close(fd);
        return rc;
    }
    return fd;
}

/* A link request: header, ifinfomsg, room for the attributes. */
struct link_request {
    struct nlmsghdr header;
    struct ifinfomsg info;
    char attributes[64];
};

static void request_attribute(struct link_request *r, unsigned short type, const void *data,
                              size_t length)
{
    struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->header.nlmsg_len));
    a->rta_type = type;
    a->rta_len = (unsigned short)RTA_LENGTH(length);
    memcpy(RTA_DATA(a), data, length);
    r->header.nlmsg_len = NLMSG_ALIGN(r->header.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* request_begin: a request of `type` for link `ifname`. -ENODEV for a name
 * no link can have. */
static int request_begin(struct link_request *r, unsigned short type, unsigned short flags,
                         const char *ifname)
{
    size_t length = ifname ? strlen(ifname) : 0;
    if (length == 0 || length >= IFNAMSIZ)
        return -ENODEV;
    memset(r, 0, sizeof(*r));
    r->header.nlmsg_len = NLMSG_LENGTH(sizeof(r->info));
    r->header.nlmsg_type = type;
    r->header.nlmsg_flags = NLM_F_REQUEST | flags;
    r->info.ifi_family = AF_UNSPEC;
    request_attribute(r, IFLA_IFNAME, ifname, length + 1);
    return 0;
}

/* request_run: send r, read the answer into buffer; *answer the
 * RTM_NEWLINK of a GET (NULL for a SET: the ACK is all). 0 or -errno. */
static int request_run(int fd, struct link_request *r, char *buffer, size_t size,
                       struct nlmsghdr **answer)
{
    static unsigned sequence;
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};

    r->header.nlmsg_seq = ++sequence;
    if (answer)
        *answer = NULL;
    if (sendto(fd, r, r->header.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
        return -errno;
    for (;;) {
        ssize_t got = recv(fd, buffer, size, 0);
        if (got < 0)
            return errno == EAGAIN ? -ETIMEDOUT : -errno;
        int length = (int)got;
        for (struct nlmsghdr *h = (struct nlmsghdr *)buffer; NLMSG_OK(h, length);
             h = NLMSG_NEXT(h, length)) {
            if (h->nlmsg_seq != r->header.nlmsg_seq)
                continue; /* an answer to an earlier, timed-out request */
            if (h->nlmsg_type == NLMSG_ERROR) {
                const struct nlmsgerr *e = NLMSG_DATA(h);
                if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
                    return -EPROTO;
                return e->error; /* 0: the ACK */
            }
            if (h->nlmsg_type == RTM_NEWLINK && answer) {
                *answer = h;
                return 0;
            }
        }
    }
}

int netns_link_get(int fd, const char *ifname, bool *up, uint64_t *mac)
{
    struct link_request r;
    struct nlmsghdr *answer;
    char *buffer = malloc(NETNS_LINK_BUFFER);
    int rc = buffer ? request_begin(&r, RTM_GETLINK, 0, ifname) : -ENOMEM;

    if (rc == 0)
        rc = request_run(fd, &r, buffer, NETNS_LINK_BUFFER, &answer);
    if (rc == 0 && answer == NULL)
        rc = -EPROTO;
    if (rc == 0) {
        const struct ifinfomsg *info = NLMSG_DATA(answer);
        int length = (int)answer->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*info));
        *up = (info->ifi_flags & IFF_UP) != 0;
        if (mac)
            *mac = 0;
        for (struct rtattr *a = IFLA_RTA(info); mac && RTA_OK(a, length); a = RTA_NEXT(a, length)) {
            if (a->rta_type != IFLA_ADDRESS || RTA_PAYLOAD(a) != 6)
                continue;
            const unsigned char *bytes = RTA_DATA(a);
            for (unsigned i = 0; i < 6; i++)
                *mac = *mac << 8 | bytes[i];
        }
    }
    free(buffer);
    return rc;
}

int netns_link_set(int fd, const char *ifname, enum netns_link_state state, uint64_t mac)
{
    struct link_request r;
    char buffer[1024];
    int rc = request_begin(&r, RTM_NEWLINK, NLM_F_ACK, ifname);

    if (rc < 0)
        return rc;
    if (state != NETNS_LINK_KEEP) {
        r.info.ifi_change = IFF_UP;
        r.info.ifi_flags = state == NETNS_LINK_UP ? IFF_UP : 0;
    }
    if (mac != 0) {
        unsigned char bytes[6];
        for (unsigned i = 0; i < 6; i++)
            bytes[i] = (unsigned char)(mac >> (8 * (5 - i)));
        request_attribute(&r, IFLA_ADDRESS, bytes, sizeof(bytes));
    }
    return request_run(fd, &r, buffer, sizeof(buffer), NULL);
}

unsigned netns_pids(const char *ns, pid_t *pids, unsigned max)
{
    char path[512];
    struct stat want, have;
    unsigned n = 0;

    if (netns_path(ns, path, sizeof(path)) < 0 || stat(path, &want) < 0)
        return 0;
    DIR *proc = opendir("/proc");
    if (proc == NULL)
        return 0;
    for (struct dirent *e; n < max && (e = readdir(proc)) != NULL;) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end != '\0' || pid <= 0)
            continue;
        snprintf(path, sizeof(path), "/proc/%ld/ns/net", pid);
        if (stat(path, &have) == 0 && have.st_ino == want.st_ino && have.st_dev == want.st_dev)
            pids[n++] = (pid_t)pid;
    }
    closedir(proc);
    return n;
}
