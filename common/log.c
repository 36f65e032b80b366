/*
 * log: stderr or syslog output for every daemon, one line per message,
 * with the process name and level, so tests can grep the foreground output.
 */
#include "common/log.h"

#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

static const char *log_ident = "openvc";
static bool log_to_stderr = true;
static enum log_level log_max_level = LOG_LEVEL_INFO;

/* log_crash: a fatal signal's name and the stack, written to stderr with
 * async-signal-safe calls only (backtrace was loaded before, see
 * log_init), then the default action (a core, the shell's "Segmentation
 * fault"). The frames are binary+offset: addr2line -e BINARY turns them
 * into lines. Without it a daemon that crashes in a test leaves nothing to
 * read in its log. */
#if !defined(__SANITIZE_ADDRESS__) /* the sanitizers report crashes themselves */
static void log_crash(int sig)
{
    void *frames[64];
    const char *name = sig == SIGSEGV  ? "SIGSEGV"
                       : sig == SIGBUS ? "SIGBUS"
                       : sig == SIGFPE ? "SIGFPE"
                       : sig == SIGILL ? "SIGILL"
                                       : "signal";
    int n = backtrace(frames, 64);

    if (write(2, log_ident, strlen(log_ident)) < 0 || write(2, ": fatal ", 8) < 0 ||
        write(2, name, strlen(name)) < 0 || write(2, ", stack:\n", 9) < 0)
        _exit(128 + sig);
    backtrace_symbols_fd(frames, n, 2);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void log_catch_crashes(void)
{
    static const int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
    void *frame[1];
    struct sigaction sa = {.sa_handler = log_crash, .sa_flags = SA_RESETHAND};

    backtrace(frame, 1); /* loads libgcc now, not inside the handler */
    for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
        sigaction(signals[i], &sa, NULL);
}
#else
static void log_catch_crashes(void)
{
}
#endif

void log_init(const char *ident, bool to_stderr, enum log_level level)
{
    log_ident = ident;
    log_to_stderr = to_stderr;
    log_max_level = level;
    if (!to_stderr)
        openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
    else
        log_catch_crashes();
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
        fprintf(stderr, "%lld.%03ld %s: %s%s%s%s\n", (long long)now.tv_sec, now.tv_nsec / 1000000,
                log_ident, prefix, message, suffix ? ": " : "", suffix ? suffix : "");
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
