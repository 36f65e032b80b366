/*
 * Unit tests of common/log: a foreground process that crashes writes the
 * signal and its stack to stderr, then dies of that signal as it would
 * have (a child process crashes on purpose; its stderr is read back).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/log.h"

/* crash_child: fork a child that calls log_init(to_stderr) and raises sig;
 * its stderr into out; returns its wait status. */
static int crash_child(int sig, bool to_stderr, char *out, size_t size)
{
    int pipe_fd[2], status;
    assert_int_equal(pipe(pipe_fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(pipe_fd[1], 2);
        close(pipe_fd[0]);
        signal(sig, SIG_DFL); /* cmocka catches crashes itself */
        log_init("test-crash", to_stderr, LOG_LEVEL_INFO);
        raise(sig);
        _exit(0);
    }
    close(pipe_fd[1]);
    size_t n = 0;
    ssize_t got;
    while (n + 1 < size && (got = read(pipe_fd[0], out + n, size - 1 - n)) > 0)
        n += (size_t)got;
    out[n] = '\0';
    close(pipe_fd[0]);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void test_crash_writes_the_stack(void **state)
{
    char out[8192];
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip(); /* the sanitizer's own handler reports crashes there */
#endif
    int status = crash_child(SIGSEGV, true, out, sizeof(out));
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGSEGV);
    assert_non_null(strstr(out, "test-crash: fatal SIGSEGV, stack:\n"));
    /* at least one frame line after the header */
    const char *frames = strstr(out, "stack:\n") + 7;
    assert_true(strlen(frames) > 0);
    assert_non_null(strchr(frames, '\n'));
}

static void test_other_fatal_signals_named(void **state)
{
    char out[8192];
    (void)state;
#if defined(__SANITIZE_ADDRESS__)
    skip();
#endif
    int status = crash_child(SIGFPE, true, out, sizeof(out));
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGFPE);
    assert_non_null(strstr(out, "test-crash: fatal SIGFPE, stack:\n"));
}

static void test_syslog_mode_leaves_crashes_alone(void **state)
{
    char out[8192];
    (void)state;
    int status = crash_child(SIGSEGV, false, out, sizeof(out));
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGSEGV);
    assert_null(strstr(out, "fatal SIGSEGV"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crash_writes_the_stack),
        cmocka_unit_test(test_other_fatal_signals_named),
        cmocka_unit_test(test_syslog_mode_leaves_crashes_alone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
