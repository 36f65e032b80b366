/*
 * log: the one logging module of every OpenVC process.
 *
 * Messages go to stderr (foreground, tests) or syslog (daemon). Nothing
 * deep inside a library prints; libraries return errors and the daemon's
 * thin outer layer logs them through here, in the manner of OpenBSD's
 * log.c: log_warn appends strerror(errno), log_warnx does not, fatal and
 * fatalx log and exit(1).
 */
#ifndef OPENVC_COMMON_LOG_H
#define OPENVC_COMMON_LOG_H

#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>

enum log_level { LOG_LEVEL_WARN = 0, LOG_LEVEL_INFO = 1, LOG_LEVEL_DEBUG = 2 };

/* log_init: ident names the process in every line; to_stderr picks stderr
 * over syslog; level is the most verbose level still printed. With
 * stderr, a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL) writes the stack there
 * before the process dies as it would have. */
void log_init(const char *ident, bool to_stderr, enum log_level level);
void log_set_level(enum log_level level);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* log_printable: untrusted text (a user name from the network) fit for a
 * log line: every byte but printable ASCII becomes '?', cut to size. */
void log_printable(char *dst, size_t size, const char *src);

#endif
