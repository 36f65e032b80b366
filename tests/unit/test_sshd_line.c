/*
 * test_sshd_line: vc-sshd's line editing (mgmt/sshd_line.c) -- echo,
 * Backspace, Ctrl-C/U/D, CR LF as one Enter, escape sequences ignored,
 * no echo without a terminal, over-long lines refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/sshd_line.h"

/* typed: feed `keys`; the echo of them all into echo_out, the last event. */
static enum sshd_line_event typed(struct sshd_line *l, const char *keys, size_t n, char *echo_out,
                                  size_t size)
{
    enum sshd_line_event ev = SSHD_LINE_MORE;
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        char echo[SSHD_ECHO_MAX];
        size_t len;
        ev = sshd_line_feed(l, (unsigned char)keys[i], echo, &len);
        assert_true(len <= SSHD_ECHO_MAX);
        if (used + len < size) {
            memcpy(echo_out + used, echo, len);
            used += len;
        }
    }
    echo_out[used] = '\0';
    return ev;
}

#define TYPE(l, s, e) typed((l), (s), sizeof(s) - 1, (e), sizeof(e))

static void test_edit(void **state)
{
    struct sshd_line l;
    char echo[256];
    (void)state;
    sshd_line_init(&l, true);
    assert_int_equal(TYPE(&l, "show netx\x7fwork *", echo), SSHD_LINE_MORE);
    assert_string_equal(echo, "show netx\b \bwork *");
    assert_int_equal(TYPE(&l, "\r", echo), SSHD_LINE_DONE);
    assert_string_equal(echo, "\r\n");
    assert_string_equal(l.text, "show network *");
    /* the LF of CR LF is not an empty second line; the next line starts anew */
    assert_int_equal(TYPE(&l, "\nab", echo), SSHD_LINE_MORE);
    assert_string_equal(echo, "ab");
    assert_int_equal(TYPE(&l, "\n", echo), SSHD_LINE_DONE);
    assert_string_equal(l.text, "ab");
    /* Backspace on an empty line echoes nothing */
    assert_int_equal(TYPE(&l, "\b", echo), SSHD_LINE_MORE);
    assert_string_equal(echo, "");
    /* arrow keys, other control keys: ignored */
    assert_int_equal(TYPE(&l, "a\x1b[A\x1b[1;5Cb\x01\x1bOPc\r", echo), SSHD_LINE_DONE);
    assert_string_equal(l.text, "abc");
}

static void test_control(void **state)
{
    struct sshd_line l;
    char echo[256];
    (void)state;
    sshd_line_init(&l, true);
    assert_int_equal(TYPE(&l, "remove profile *\x03", echo), SSHD_LINE_INTERRUPT);
    assert_string_equal(echo, "remove profile *^C\r\n");
    assert_int_equal(TYPE(&l, "x\x15", echo), SSHD_LINE_INTERRUPT);
    assert_int_equal(TYPE(&l, "show\r", echo), SSHD_LINE_DONE);
    assert_string_equal(l.text, "show");                       /* nothing of the dropped lines */
    assert_int_equal(TYPE(&l, "a\x04", echo), SSHD_LINE_MORE); /* Ctrl-D mid-line */
    assert_int_equal(TYPE(&l, "\x7f\x04", echo), SSHD_LINE_EOF);
}

static void test_no_terminal(void **state)
{
    struct sshd_line l;
    char echo[256];
    (void)state;
    sshd_line_init(&l, false);
    assert_int_equal(TYPE(&l, "show domain\n", echo), SSHD_LINE_DONE);
    assert_string_equal(echo, "");
    assert_string_equal(l.text, "show domain");
    assert_int_equal(TYPE(&l, "\n", echo), SSHD_LINE_DONE); /* an empty line */
    assert_string_equal(l.text, "");
}

static void test_too_long(void **state)
{
    static char keys[SSHD_LINE_MAX + 10];
    struct sshd_line l;
    char echo[64];
    (void)state;
    sshd_line_init(&l, false);
    memset(keys, 'a', sizeof(keys));
    assert_int_equal(typed(&l, keys, SSHD_LINE_MAX, echo, sizeof(echo)), SSHD_LINE_MORE);
    assert_int_equal(TYPE(&l, "\r", echo), SSHD_LINE_DONE);
    assert_int_equal(strlen(l.text), SSHD_LINE_MAX);
    assert_int_equal(typed(&l, keys, sizeof(keys), echo, sizeof(echo)), SSHD_LINE_MORE);
    assert_int_equal(TYPE(&l, "\r", echo), SSHD_LINE_TOO_LONG);
    assert_int_equal(TYPE(&l, "ok\r", echo), SSHD_LINE_DONE);
    assert_string_equal(l.text, "ok");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edit),
        cmocka_unit_test(test_control),
        cmocka_unit_test(test_no_terminal),
        cmocka_unit_test(test_too_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
