/*
 * refresher: vc-snmp's snapshot thread (refresher.h). A mutex guards the
 * mailbox and the stop flag; a condition variable makes the wait between
 * refreshes end at once on stop.
 */
#include "snmp/refresher.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "common/log.h"

struct refresher {
    struct manager_link *link;
    unsigned refresh_ms;
    const char *version;
    const char *snmpd_pid_file;
    uint64_t snmp_generation; /* last seen; 0 = none yet */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    bool ready; /* mailbox holds a snapshot */
    struct mib_snapshot mailbox;
    struct mib_if_history if_history; /* ifLastChange, this thread's only */
};

static uint64_t refresher_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000u + (uint64_t)now.tv_nsec / 1000000u;
}

/* refresher_reload_snmpd: SIGHUP to the pid in the pid file when the SNMP
 * settings' generation changed since the last time it was seen. */
static void refresher_reload_snmpd(struct refresher *r)
{
    uint64_t generation;
    char error[512];
    long pid = 0;

    if (r->snmpd_pid_file == NULL ||
        manager_link_snmp_generation(r->link, &generation, error, sizeof(error)) < 0)
        return;
    if (generation == r->snmp_generation)
        return;
    bool first = r->snmp_generation == 0;
    r->snmp_generation = generation;
    if (first)
        return; /* snmpd read the file the manager wrote at start-up */
    FILE *f = fopen(r->snmpd_pid_file, "r");
    if (f == NULL || fscanf(f, "%ld", &pid) != 1 || pid <= 1) {
        log_warnx("SNMP settings changed, but no snmpd pid in %s", r->snmpd_pid_file);
    } else if (kill((pid_t)pid, SIGHUP) < 0) {
        log_warn("SNMP settings changed: SIGHUP to snmpd %ld", pid);
    } else {
        log_info("SNMP settings generation %llu: snmpd %ld reloads", (unsigned long long)generation,
                 pid);
    }
    if (f)
        fclose(f);
}

/* refresher_once: one fetch and build; the result into the mailbox. Logs
 * the manager going away and coming back once each. */
static void refresher_once(struct refresher *r, bool *reachable)
{
    struct mib_input in;
    struct mib_snapshot snapshot;
    char error[512];
    uint64_t t0 = refresher_now_ms();

    if (manager_link_fetch(r->link, &in, error, sizeof(error)) < 0) {
        if (*reachable)
            log_warnx("%s; serving the last snapshot until it answers", error);
        *reachable = false;
        return;
    }
    if (!*reachable)
        log_info("manager answers again");
    *reachable = true;
    refresher_reload_snmpd(r);
    in.version = r->version;
    in.if_history = &r->if_history;
    /* the agent's sysUpTime, which its notifications carry too */
    in.uptime_ticks = (uint32_t)netsnmp_get_agent_uptime();
    int rc = mib_build(&in, &snapshot, error, sizeof(error));
    manager_link_input_free(&in);
    if (rc < 0) {
        log_warnx("snapshot not built: %s", error);
        return;
    }
    log_debug("snapshot: %zu objects in %llu ms", oid_table_count(snapshot.table),
              (unsigned long long)(refresher_now_ms() - t0));
    pthread_mutex_lock(&r->lock);
    if (r->ready)
        mib_snapshot_free(&r->mailbox);
    r->mailbox = snapshot;
    r->ready = true;
    pthread_mutex_unlock(&r->lock);
}

static void *refresher_main(void *arg)
{
    struct refresher *r = arg;
    bool reachable = true;

    pthread_mutex_lock(&r->lock);
    while (!r->stop) {
        pthread_mutex_unlock(&r->lock);
        refresher_once(r, &reachable);
        pthread_mutex_lock(&r->lock);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += r->refresh_ms / 1000;
        until.tv_nsec += (long)(r->refresh_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L)
            until.tv_sec++, until.tv_nsec -= 1000000000L;
        while (!r->stop && pthread_cond_timedwait(&r->wake, &r->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

struct refresher *refresher_create(struct manager_link *link, unsigned refresh_ms,
                                   const char *version, const char *snmpd_pid_file)
{
    struct refresher *r = calloc(1, sizeof(*r));
    pthread_condattr_t attr;

    if (r == NULL)
        return NULL;
    r->link = link;
    r->refresh_ms = refresh_ms;
    r->version = version;
    r->snmpd_pid_file = snmpd_pid_file;
    pthread_mutex_init(&r->lock, NULL);
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&r->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&r->thread, NULL, refresher_main, r) != 0) {
        pthread_cond_destroy(&r->wake);
        pthread_mutex_destroy(&r->lock);
        free(r);
        return NULL;
    }
    return r;
}

bool refresher_take(struct refresher *r, struct mib_snapshot *out)
{
    bool got;
    pthread_mutex_lock(&r->lock);
    got = r->ready;
    if (got) {
        *out = r->mailbox;
        memset(&r->mailbox, 0, sizeof(r->mailbox));
        r->ready = false;
    }
    pthread_mutex_unlock(&r->lock);
    return got;
}

void refresher_destroy(struct refresher *r)
{
    if (r == NULL)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    if (r->ready)
        mib_snapshot_free(&r->mailbox);
    manager_link_destroy(r->link);
    pthread_cond_destroy(&r->wake);
    pthread_mutex_destroy(&r->lock);
    free(r);
}
