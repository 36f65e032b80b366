/*
 * log: stderr or syslog output for every daemon, one line per message,
 * with the process name and level, so tests can grep the foreground output.
 */
#include "common/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static const char *log_ident = "openvc";
static bool log_to_stderr = true;
static enum log_level log_max_level = LOG_LEVEL_INFO;

void log_init(const char *ident, bool to_stderr, enum log_level level)
{
    log_ident = ident;
    log_to_stderr = to_stderr;
    log_max_level = level;
    if (!to_stderr)
        openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_level(enum log_level level)
{
    log_max_level = level;
}

static void log_vwrite(int priority, const char *prefix, const char *fmt, va_list ap,
                       const char *suffix)
{
    char message[2048];

    vsnprintf(message, sizeof(message), fmt, ap);
    if (log_to_stderr) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        fprintf(stderr, "%lld.%03ld %s: %s%s%s%s\n", (long long)now.tv_sec,
                now.tv_nsec / 1000000, log_ident, prefix, message, suffix ? ": " : "",
                suffix ? suffix : "");
        fflush(stderr);
    } else {
        syslog(priority, "%s%s%s%s", prefix, message, suffix ? ": " : "", suffix ? suffix : "");
    }
}

void log_warn(const char *fmt, ...)
{
    int saved_errno = errno;
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(LOG_WARNING, "warning: ", fmt, ap, strerror(saved_errno));
    va_end(ap);
    errno = saved_errno;
}

void log_warnx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(LOG_WARNING, "warning: ", fmt, ap, NULL);
    va_end(ap);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    if (log_max_level < LOG_LEVEL_INFO)
        return;
    va_start(ap, fmt);
    log_vwrite(LOG_INFO, "", fmt, ap, NULL);
    va_end(ap);
}

void log_debug(const char *fmt, ...)
{
    va_list ap;
    if (log_max_level < LOG_LEVEL_DEBUG)
        return;
    va_start(ap, fmt);
    log_vwrite(LOG_DEBUG, "debug: ", fmt, ap, NULL);
    va_end(ap);
}

void fatal(const char *fmt, ...)
{
    int saved_errno = errno;
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(LOG_CRIT, "fatal: ", fmt, ap, strerror(saved_errno));
    va_end(ap);
    exit(1);
}

void fatalx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_vwrite(LOG_CRIT, "fatal: ", fmt, ap, NULL);
    va_end(ap);
    exit(1);
}

void log_printable(char *dst, size_t size, const char *src)
{
    size_t i = 0;
    if (size == 0)
        return;
    for (; src && src[i] && i + 1 < size; i++)
        dst[i] = src[i] >= 0x20 && src[i] <= 0x7e ? src[i] : '?';
    dst[i] = '\0';
}
