/*
 * cli_engine: the one Virtual Connect command engine of vc-manager
 * (ARCHITECTURE.md, "The control plane") -- SSH sessions, vc-cli, config
 * files and `show config` replay all run their lines through cli_execute.
 *
 * Design note
 * -----------
 * A line is parsed whole first (mgmt/cli_parse.h): a line that does not
 * parse runs nothing. Each command is then looked up in a table of
 * (subcommand, element) entries, one file per area (cli_network.c,
 * cli_profile.c, cli_domain.c, cli_snmp.c, cli_config.c), each entry with its usage,
 * help, parameters, properties and options. The engine checks, before
 * anything runs: the options, the number of parameters, the property names,
 * and the caller's roles -- a command needs the role of every manager
 * method it calls (common/methods.h), or the role its entry names (address
 * ranges: MAC Network, WWN Storage). Handlers translate the command into
 * calls of the manager's methods in-process (manager_method_<NAME>) and
 * format their results through the writers of mgmt/cli_output.h with the
 * field labels of VC-REFERENCE.md.
 *
 * Every command answers one line `SUCCESS: ...` or `ERROR: ...` (what was
 * wrong and what is accepted), followed for `show` by its records. Every
 * command other than show/help is audited: one store row (user, origin,
 * time, command text, result) and one syslog line; the manager's own
 * per-method audit row is suppressed meanwhile, so a command is one row.
 *
 * Not thread-safe: runs in the manager's loop.
 */
#ifndef OPENVC_MGMT_CLI_ENGINE_H
#define OPENVC_MGMT_CLI_ENGINE_H

#include <stdbool.h>

#include "mgmt/cli_output.h"

struct manager;

/* Who runs a line. */
struct cli_caller {
    const char *user;    /* "Administrator" */
    const char *origin;  /* "ssh 10.0.0.5", "vc-cli", "config" */
    unsigned roles_mask; /* 1 << METHOD_ROLE_x for each role held; 0 = read-only */
};

/* cli_execute: run every command of `line` as `caller` on manager `m`,
 * appending the answers to *out. Returns true when every command answered
 * SUCCESS (an empty line is a success with no output). */
bool cli_execute(struct manager *m, const struct cli_caller *caller, const char *line,
                 struct cli_text *out);

/* cli_role_names: the role names of `roles_mask` ("Domain,Network"), or
 * "" for none, into buf/size. */
void cli_role_names(unsigned roles_mask, char *buf, size_t size);

#endif
