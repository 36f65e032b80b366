/*
 * cli_parse: the Virtual Connect command grammar (VC-REFERENCE.md, "CLI")
 * turned into commands -- pure, no I/O.
 *
 *   <subcommand> <managed-element> [params] [-options] [Name=Value ...]
 *
 * Design note
 * -----------
 * A line holds one or more commands separated by `;` (outside quotes);
 * empty commands (`;;`, a trailing `;`) are skipped. A `#` where a
 * command would start begins a comment to the end of the line (config
 * files): `# note` has no command, `show x; # note` one. Words are split on
 * blanks (space, tab) outside double quotes; quotes group and are removed
 * (`FullName="Bill J"` is property fullname with value `Bill J`). A word is
 *   - an option when it starts with an unquoted `-`: `-quiet`,
 *     `-output=script2,no-headers` (name lower-cased, value kept);
 *   - a property when it holds an unquoted `=`: `VLanID=101` (name
 *     lower-cased, value kept, may be empty);
 *   - otherwise the subcommand (first word), the managed element (second
 *     word) or a parameter (`Web01`, `*`, `enc0:1`), in that order.
 * Subcommands and elements are lower-cased; parameters and values keep
 * their case. Options and properties may come in any order after the
 * subcommand.
 *
 * Refused, with a message saying what and where (nothing is parsed):
 * a line over CLI_LINE_MAX_BYTES, a control byte or invalid UTF-8, an
 * unclosed quote, a property without a name, a property or option given
 * twice, more than CLI_MAX_COMMANDS commands or CLI_MAX_WORDS words.
 */
#ifndef OPENVC_MGMT_CLI_PARSE_H
#define OPENVC_MGMT_CLI_PARSE_H

#include <stddef.h>

#define CLI_LINE_MAX_BYTES 8192 /* one line, all its commands */
#define CLI_MAX_COMMANDS   64   /* per line */
#define CLI_MAX_WORDS      64   /* per command: params + options + properties */
#define CLI_ERROR_MAX      512

/* Name=Value of a property, -name[=value] of an option. */
struct cli_pair {
    const char *name;  /* lower-case */
    const char *value; /* as typed; "" for `-quiet` and `Name=` */
};

struct cli_command {
    const char *text;       /* the command as typed, blanks trimmed (audit) */
    const char *subcommand; /* lower-case */
    const char *element;    /* lower-case, NULL when absent (`help`, `exit`) */
    const char *params[CLI_MAX_WORDS];
    unsigned n_params;
    struct cli_pair options[CLI_MAX_WORDS];
    unsigned n_options;
    struct cli_pair properties[CLI_MAX_WORDS];
    unsigned n_properties;
};

struct cli_line {
    struct cli_command *commands;
    unsigned n_commands;
    char *storage; /* every string above lives here */
};

/* cli_parse_line: split `line` (NUL-terminated) into *out. Returns 0 (free
 * with cli_line_free), or -EINVAL with the reason in error (*out empty,
 * nothing to free), -E2BIG for a line or command too long, -ENOMEM. */
int cli_parse_line(const char *line, struct cli_line *out, char *error, size_t error_size);

/* cli_line_free: free what cli_parse_line made (a zeroed line accepted). */
void cli_line_free(struct cli_line *line);

/* cli_command_property / cli_command_option: the value of property or option
 * `name` (lower-case), or NULL when not given. */
const char *cli_command_property(const struct cli_command *command, const char *name);
const char *cli_command_option(const struct cli_command *command, const char *name);

#endif
