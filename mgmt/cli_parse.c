/*
 * cli_parse: splits a line of the Virtual Connect command language into
 * commands (subcommand, element, params, options, properties), refusing
 * bytes and shapes the engine must never see. Pure: no I/O. The grammar is
 * described in mgmt/cli_parse.h.
 */
#include "mgmt/cli_parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* utf8_length: length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_length(const unsigned char *s)
{
    size_t n;
    unsigned min;
    unsigned cp;

    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xe0) == 0xc0)
        n = 2, cp = s[0] & 0x1f, min = 0x80;
    else if ((s[0] & 0xf0) == 0xe0)
        n = 3, cp = s[0] & 0x0f, min = 0x800;
    else if ((s[0] & 0xf8) == 0xf0)
        n = 4, cp = s[0] & 0x07, min = 0x10000;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* check_bytes: printable text only (tab allowed). 0 or -EINVAL. */
static int check_bytes(const char *line, size_t length, char *error, size_t error_size)
{
    const unsigned char *s = (const unsigned char *)line;

    for (size_t i = 0; i < length;) {
        if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f) {
            snprintf(error, error_size,
                     "byte 0x%02x at column %zu is not printable text (commands are one line of "
                     "text)",
                     s[i], i + 1);
            return -EINVAL;
        }
        size_t n = utf8_length(s + i);
        if (n == 0) {
            snprintf(error, error_size, "byte 0x%02x at column %zu is not valid UTF-8 text", s[i],
                     i + 1);
            return -EINVAL;
        }
        i += n;
    }
    return 0;
}

static void lower(char *s)
{
    for (; *s != '\0'; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* One word being read: where it starts in storage, whether it began with an
 * unquoted '-', and where its first unquoted '=' is. */
struct word {
    char *start;
    bool option;
    char *equals;
};

struct parser {
    struct cli_line *line;
    struct cli_command *cmd; /* the command being read, NULL between commands */
    char *error;
    size_t error_size;
};

/* pair_add: append name=value to list (names must differ). */
static int pair_add(struct parser *p, struct cli_pair *list, unsigned *n, const char *kind,
                    char *name, const char *value)
{
    lower(name);
    for (unsigned i = 0; i < *n; i++)
        if (strcmp(list[i].name, name) == 0) {
            snprintf(p->error, p->error_size, "%s %s given twice in \"%s\"", kind, name,
                     p->cmd->text);
            return -EINVAL;
        }
    list[*n].name = name;
    list[(*n)++].value = value;
    return 0;
}

/* word_add: classify the finished word w of the current command. */
static int word_add(struct parser *p, struct word *w)
{
    struct cli_command *c = p->cmd;

    if (c->n_params + c->n_options + c->n_properties >= CLI_MAX_WORDS) {
        snprintf(p->error, p->error_size, "command has more than %d words: \"%.60s...\"",
                 CLI_MAX_WORDS, c->text);
        return -E2BIG;
    }
    if (w->option) {
        char *name = w->start + 1;
        const char *value = "";
        if (w->equals != NULL)
            *w->equals = '\0', value = w->equals + 1;
        if (*name == '\0') {
            snprintf(p->error, p->error_size, "option without a name in \"%s\" (e.g. -quiet)",
                     c->text);
            return -EINVAL;
        }
        return pair_add(p, c->options, &c->n_options, "option", name, value);
    }
    if (w->equals != NULL) {
        *w->equals = '\0';
        if (*w->start == '\0') {
            snprintf(p->error, p->error_size,
                     "property without a name before \"=%s\" in \"%s\" (properties are Name=Value)",
                     w->equals + 1, c->text);
            return -EINVAL;
        }
        return pair_add(p, c->properties, &c->n_properties, "property", w->start, w->equals + 1);
    }
    if (c->subcommand == NULL) {
        lower(w->start);
        c->subcommand = w->start;
    } else if (c->element == NULL && c->n_params == 0) {
        lower(w->start);
        c->element = w->start;
    } else {
        c->params[c->n_params++] = w->start;
    }
    return 0;
}

/* command_begin: a new command whose text is src[0..length), trimmed. */
static int command_begin(struct parser *p, const char *src, size_t length, char **out)
{
    struct cli_line *l = p->line;

    while (length > 0 && (*src == ' ' || *src == '\t'))
        src++, length--;
    while (length > 0 && (src[length - 1] == ' ' || src[length - 1] == '\t'))
        length--;
    if (l->n_commands >= CLI_MAX_COMMANDS) {
        snprintf(p->error, p->error_size, "more than %d commands in one line", CLI_MAX_COMMANDS);
        return -E2BIG;
    }
    p->cmd = &l->commands[l->n_commands++];
    memset(p->cmd, 0, sizeof(*p->cmd));
    memcpy(*out, src, length);
    (*out)[length] = '\0';
    p->cmd->text = *out;
    *out += length + 1;
    return 0;
}

/* command_end: the end of a command at the end of the line or a ';': drop it
 * when it had no word. */
static void command_end(struct parser *p)
{
    if (p->cmd != NULL && p->cmd->subcommand == NULL)
        p->line->n_commands--;
    p->cmd = NULL;
}

/* command_length: bytes up to the next unquoted ';' or the end. */
static size_t command_length(const char *s)
{
    bool quoted = false;
    size_t i = 0;

    for (; s[i] != '\0' && (quoted || s[i] != ';'); i++)
        if (s[i] == '"')
            quoted = !quoted;
    return i;
}

static int parse(struct parser *p, const char *line, char *out)
{
    struct word w = {NULL, false, NULL};
    bool quoted = false;
    size_t quote_column = 0;
    int rc;

    for (size_t i = 0;; i++) {
        char ch = line[i];
        if (p->cmd == NULL && (ch == ' ' || ch == '\t'))
            continue; /* blanks before a command */
        if (p->cmd == NULL && ch == '#')
            break; /* a comment: the rest of the line */
        if (p->cmd == NULL && ch != '\0' && ch != ';') {
            rc = command_begin(p, line + i, command_length(line + i), &out);
            if (rc < 0)
                return rc;
        }
        bool ends_word = ch == '\0' || (!quoted && (ch == ' ' || ch == '\t' || ch == ';'));
        if (ends_word) {
            if (w.start != NULL) {
                *out++ = '\0';
                rc = word_add(p, &w);
                if (rc < 0)
                    return rc;
                w = (struct word){NULL, false, NULL};
            }
            if (ch == ';' || ch == '\0')
                command_end(p);
            if (ch == '\0')
                break;
            continue;
        }
        if (w.start == NULL) {
            w.start = out;
            w.option = ch == '-';
        }
        if (ch == '"') {
            quoted = !quoted;
            quote_column = i + 1;
            continue;
        }
        if (ch == '=' && !quoted && w.equals == NULL)
            w.equals = out;
        *out++ = ch;
    }
    if (quoted) {
        snprintf(p->error, p->error_size,
                 "unbalanced quotes: the \" at column %zu is not closed (quote values with "
                 "spaces: Name=\"two words\")",
                 quote_column);
        return -EINVAL;
    }
    return 0;
}

int cli_parse_line(const char *line, struct cli_line *out, char *error, size_t error_size)
{
    size_t length = strlen(line);
    int rc;

    memset(out, 0, sizeof(*out));
    if (length > CLI_LINE_MAX_BYTES) {
        snprintf(error, error_size, "line is too long (%zu bytes, at most %d)", length,
                 CLI_LINE_MAX_BYTES);
        return -E2BIG;
    }
    rc = check_bytes(line, length, error, error_size);
    if (rc < 0)
        return rc;
    /* the commands' texts and their words, each at most the line's length */
    out->storage = malloc(2 * (length + 1) + 2 * CLI_MAX_COMMANDS);
    out->commands = calloc(CLI_MAX_COMMANDS, sizeof(*out->commands));
    if (out->storage == NULL || out->commands == NULL) {
        cli_line_free(out);
        snprintf(error, error_size, "out of memory");
        return -ENOMEM;
    }
    struct parser p = {out, NULL, error, error_size};
    rc = parse(&p, line, out->storage);
    if (rc < 0)
        cli_line_free(out);
    return rc;
}

void cli_line_free(struct cli_line *line)
{
    free(line->commands);
    free(line->storage);
    memset(line, 0, sizeof(*line));
}

static const char *pair_find(const struct cli_pair *list, unsigned n, const char *name)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(list[i].name, name) == 0)
            return list[i].value;
    return NULL;
}

const char *cli_command_property(const struct cli_command *command, const char *name)
{
    return pair_find(command->properties, command->n_properties, name);
}

const char *cli_command_option(const struct cli_command *command, const char *name)
{
    return pair_find(command->options, command->n_options, name);
}
