/*
 * sshd_line: the line editing of vc-sshd's interactive shell, enough for
 * `ssh -t`: the terminal sends keys, the server echoes and edits. Printable
 * characters are added and echoed; Backspace/Delete removes the last one;
 * Ctrl-C or Ctrl-U drops the line; Ctrl-D on an empty line ends the
 * session; Enter (CR, LF or CR LF) completes it; escape sequences (arrow
 * keys) are ignored. Without a terminal (no pty) nothing is echoed. Pure:
 * bytes in, echo bytes and events out.
 */
#ifndef OPENVC_MGMT_SSHD_LINE_H
#define OPENVC_MGMT_SSHD_LINE_H

#include <stdbool.h>
#include <stddef.h>

#define SSHD_LINE_MAX 8192 /* the engine's longest line (mgmt/cli_parse.h) */
#define SSHD_ECHO_MAX 8    /* echo bytes one key can produce */

enum sshd_line_event {
    SSHD_LINE_MORE,      /* nothing complete yet */
    SSHD_LINE_DONE,      /* text holds a complete line */
    SSHD_LINE_INTERRUPT, /* Ctrl-C, Ctrl-U: the line was dropped */
    SSHD_LINE_TOO_LONG,  /* Enter after more than SSHD_LINE_MAX bytes: dropped */
    SSHD_LINE_EOF,       /* Ctrl-D on an empty line */
};

struct sshd_line {
    char text[SSHD_LINE_MAX + 1];
    size_t length;
    bool echo;       /* a terminal is attached */
    bool after_cr;   /* the LF of a CR LF is not a second line */
    int escape;      /* 0, or the bytes of an escape sequence seen */
    bool overflowed; /* the line went past SSHD_LINE_MAX: refused at Enter */
};

/* sshd_line_init: an empty line; echo: a terminal is attached. */
void sshd_line_init(struct sshd_line *line, bool echo);
/* sshd_line_feed: one byte typed. echo (SSHD_ECHO_MAX bytes) gets what to
 * send back, *echo_length its length. After DONE, line->text holds the line
 * (NUL-terminated) until the next feed, which starts a new one. */
enum sshd_line_event sshd_line_feed(struct sshd_line *line, unsigned char byte, char *echo,
                                    size_t *echo_length);

#endif
