/*
 * sshd_line: key-by-key line editing for vc-sshd's shell (sshd_line.h).
 * Pure.
 */
#include "mgmt/sshd_line.h"

#include <string.h>

void sshd_line_init(struct sshd_line *line, bool echo)
{
    memset(line, 0, sizeof(*line));
    line->echo = echo;
}

/* put: append text to the echo when a terminal is attached. */
static void put(const struct sshd_line *line, char *echo, size_t *n, const char *text)
{
    size_t len = strlen(text);
    if (line->echo && *n + len <= SSHD_ECHO_MAX) {
        memcpy(echo + *n, text, len);
        *n += len;
    }
}

enum sshd_line_event sshd_line_feed(struct sshd_line *line, unsigned char byte, char *echo,
                                    size_t *echo_length)
{
    bool after_cr = line->after_cr;

    *echo_length = 0;
    line->after_cr = false;
    if (line->escape) {
        /* ESC [ ... final byte (0x40-0x7e), or ESC + one byte */
        if (line->escape == 1 && byte != '[' && byte != 'O') {
            line->escape = 0;
        } else if (line->escape > 1 && byte >= 0x40 && byte <= 0x7e) {
            line->escape = 0;
        } else {
            line->escape++;
        }
        return SSHD_LINE_MORE;
    }
    switch (byte) {
    case '\n':
        if (after_cr)
            return SSHD_LINE_MORE;
        /* fall through */
    case '\r':
        line->after_cr = byte == '\r';
        put(line, echo, echo_length, "\r\n");
        line->text[line->length] = '\0';
        line->length = 0;
        if (line->overflowed) {
            line->overflowed = false;
            return SSHD_LINE_TOO_LONG;
        }
        return SSHD_LINE_DONE;
    case 0x03: /* Ctrl-C */
    case 0x15: /* Ctrl-U */
        put(line, echo, echo_length, byte == 0x03 ? "^C\r\n" : "^U\r\n");
        line->length = 0;
        line->overflowed = false;
        line->text[0] = '\0';
        return SSHD_LINE_INTERRUPT;
    case 0x04: /* Ctrl-D */
        return line->length == 0 ? SSHD_LINE_EOF : SSHD_LINE_MORE;
    case 0x08:
    case 0x7f: /* Backspace, Delete */
        if (line->length > 0) {
            line->length--;
            put(line, echo, echo_length, "\b \b");
        }
        return SSHD_LINE_MORE;
    case 0x1b: /* ESC */
        line->escape = 1;
        return SSHD_LINE_MORE;
    default:
        break;
    }
    if (byte < 0x20)
        return SSHD_LINE_MORE; /* other control keys: ignored */
    if (line->length >= SSHD_LINE_MAX) {
        line->overflowed = true;
        put(line, echo, echo_length, "\a");
        return SSHD_LINE_MORE;
    }
    line->text[line->length++] = (char)byte;
    if (line->echo && *echo_length < SSHD_ECHO_MAX)
        echo[(*echo_length)++] = (char)byte;
    return SSHD_LINE_MORE;
}
