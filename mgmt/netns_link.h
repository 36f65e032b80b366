/*
 * netns_link: the links of a named network namespace (/run/netns/NAME, as
 * `ip netns add` makes them) read and set over rtnetlink, and the
 * processes that live in one -- what the netns OA driver does to a blade.
 *
 * Why not `ip -n NS ...`: each such command is a process that enters the
 * namespace and remounts /sys, 20-50 ms apiece; a profile assignment took
 * about 17 of them. A netlink socket made inside the namespace (setns
 * around socket()) stays bound to it, and a request on it takes
 * microseconds.
 */
#ifndef OPENVC_MGMT_NETNS_LINK_H
#define OPENVC_MGMT_NETNS_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* netns_path: the file of namespace `ns` (/run/netns/NS, where `ip netns
 * add` puts it) into path. 0, or -EINVAL for a name that is no file name
 * there (NULL, empty, with a '/', too long). */
int netns_path(const char *ns, char *path, size_t size);

/* netns_link_open: a NETLINK_ROUTE socket in namespace `ns`. Returns the
 * fd (close it when done) or -errno (-ENOENT: no such namespace, -EINVAL:
 * no name of one, netns_path). The
 * calling thread's own namespace is the same afterwards. */
int netns_link_open(const char *ns);

/* netns_link_get: whether link `ifname` is administratively up and
 * (mac may be NULL) its MAC, 0 when it has none. 0, -ENODEV when there
 * is no such link, or -errno. */
int netns_link_get(int fd, const char *ifname, bool *up, uint64_t *mac);

/* netns_link_set: change link `ifname`: admin state (NETNS_LINK_KEEP,
 * NETNS_LINK_DOWN, NETNS_LINK_UP) and, when mac is not 0, its MAC. 0,
 * -ENODEV or the kernel's -errno. */
enum netns_link_state { NETNS_LINK_KEEP, NETNS_LINK_DOWN, NETNS_LINK_UP };
int netns_link_set(int fd, const char *ifname, enum netns_link_state state, uint64_t mac);

/* netns_pids: the processes whose network namespace is `ns` (the way
 * `ip netns pids` finds them: /proc/PID/ns/net is the same inode), at
 * most max of them into pids; returns how many were found. */
unsigned netns_pids(const char *ns, pid_t *pids, unsigned max);

#endif
