/*
 * Unit tests of mgmt/netns_link against the real kernel: a namespace of
 * our own (`ip netns add`) with a veth pair in it. What netns_link sets is
 * read back both through it and through `ip` (an observer that does not
 * share its code); refusals must change nothing. Needs root: skipped
 * otherwise.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "mgmt/netns_link.h"

static char ns[32];

static int run(const char *fmt, const char *arg)
{
    char command[512];
    snprintf(command, sizeof(command), fmt, arg);
    return system(command);
}

/* ip_says: `ip -br link show dev IFNAME` in ns, into out. */
static void ip_says(const char *ifname, char *out, size_t size)
{
    char command[256];
    snprintf(command, sizeof(command), "ip -n %s -br link show dev %s 2>&1", ns, ifname);
    FILE *p = popen(command, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, size - 1, p);
    out[n] = '\0';
    pclose(p);
}

static int setup(void **state)
{
    (void)state;
    if (geteuid() != 0)
        return 0;
    snprintf(ns, sizeof(ns), "vcnl%d", (int)getpid());
    if (run("ip netns add %s", ns) != 0 ||
        run("ip -n %s link add vca type veth peer name vcb", ns) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (geteuid() == 0)
        run("ip netns del %s 2>/dev/null", ns);
    return 0;
}

#define NEED_ROOT()                                                                                \
    do {                                                                                           \
        if (geteuid() != 0)                                                                        \
            skip();                                                                                \
    } while (0)

static ino_t own_namespace(void)
{
    struct stat st;
    assert_int_equal(stat("/proc/thread-self/ns/net", &st), 0);
    return st.st_ino;
}

static void test_open_refuses_missing_namespace(void **state)
{
    (void)state;
    NEED_ROOT();
    assert_int_equal(netns_link_open("vcnl-none-such"), -ENOENT);
    assert_int_equal(netns_link_open("../etc"), -EINVAL);
    assert_int_equal(netns_link_open(NULL), -EINVAL);
}

static void test_open_keeps_our_namespace(void **state)
{
    (void)state;
    NEED_ROOT();
    ino_t before = own_namespace();
    int fd = netns_link_open(ns);
    assert_true(fd >= 0);
    assert_int_equal(own_namespace(), before);
    /* the socket sees the namespace's links, not ours */
    bool up;
    assert_int_equal(netns_link_get(fd, "vca", &up, NULL), 0);
    close(fd);
}

static void test_set_and_read_back(void **state)
{
    char out[256];
    bool up = true;
    uint64_t mac = 0;
    (void)state;
    NEED_ROOT();
    int fd = netns_link_open(ns);
    assert_true(fd >= 0);

    assert_int_equal(netns_link_set(fd, "vca", NETNS_LINK_KEEP, 0x02564300abcdULL), 0);
    assert_int_equal(netns_link_get(fd, "vca", &up, &mac), 0);
    assert_false(up);
    assert_int_equal(mac, 0x02564300abcdULL);
    ip_says("vca", out, sizeof(out));
    assert_non_null(strstr(out, "02:56:43:00:ab:cd"));

    assert_int_equal(netns_link_set(fd, "vca", NETNS_LINK_UP, 0), 0);
    assert_int_equal(netns_link_get(fd, "vca", &up, &mac), 0);
    assert_true(up);
    assert_int_equal(mac, 0x02564300abcdULL); /* a state change keeps the MAC */
    ip_says("vca", out, sizeof(out));
    assert_non_null(strstr(out, ",UP")); /* admin up: the flags say so */

    assert_int_equal(netns_link_set(fd, "vca", NETNS_LINK_DOWN, 0), 0);
    assert_int_equal(netns_link_get(fd, "vca", &up, NULL), 0);
    assert_false(up);
    ip_says("vca", out, sizeof(out));
    assert_null(strstr(out, ",UP"));
    close(fd);
}

static void test_refusals_change_nothing(void **state)
{
    char before[256], after[256];
    bool up;
    (void)state;
    NEED_ROOT();
    int fd = netns_link_open(ns);
    assert_true(fd >= 0);
    ip_says("vca", before, sizeof(before));

    assert_int_equal(netns_link_get(fd, "vc-none", &up, NULL), -ENODEV);
    assert_int_equal(netns_link_set(fd, "vc-none", NETNS_LINK_UP, 0), -ENODEV);
    assert_int_equal(netns_link_set(fd, "a-name-too-long-for-a-link", NETNS_LINK_UP, 0), -ENODEV);
    assert_int_equal(netns_link_set(fd, "", NETNS_LINK_UP, 0), -ENODEV);
    /* a multicast MAC is no station's address: the kernel refuses it */
    int rc = netns_link_set(fd, "vca", NETNS_LINK_KEEP, 0x010203040506ULL);
    assert_true(rc < 0);
    ip_says("vca", after, sizeof(after));
    assert_string_equal(before, after);
    close(fd);
}

static void test_pids_of_the_namespace(void **state)
{
    pid_t pids[64];
    (void)state;
    NEED_ROOT();
    assert_int_equal(netns_pids(ns, pids, 64), 0); /* nobody lives there yet */
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        execlp("ip", "ip", "netns", "exec", ns, "sleep", "30", (char *)NULL);
        _exit(127);
    }
    unsigned n = 0;
    for (int round = 0; round < 200 && n == 0; round++) {
        usleep(10000);
        n = netns_pids(ns, pids, 64);
    }
    assert_int_equal(n, 1);
    assert_int_equal(pids[0], child); /* ip netns exec execs sleep in place */
    assert_int_equal(netns_pids("vcnl-none-such", pids, 64), 0);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_refuses_missing_namespace),
        cmocka_unit_test(test_open_keeps_our_namespace),
        cmocka_unit_test(test_set_and_read_back),
        cmocka_unit_test(test_refusals_change_nothing),
        cmocka_unit_test(test_pids_of_the_namespace),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
