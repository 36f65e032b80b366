/*
 * cli_commands: what the command engine (cli_engine.c) shares with the
 * files that register commands, one per area (cli_network.c,
 * cli_profile.c, cli_domain.c, cli_snmp.c, cli_config.c): the entry of a command, the
 * state of one command being run, and the helpers handlers use to call
 * manager methods, read property values and answer.
 *
 * A handler returns 0 with run->message the text after `SUCCESS: ` (and
 * run->body what follows for show), or -1 with run->message the text after
 * `ERROR: `. It must check every value before its first changing call, so
 * a refused command changes nothing.
 */
#ifndef OPENVC_MGMT_CLI_COMMANDS_H
#define OPENVC_MGMT_CLI_COMMANDS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "common/methods.h"
#include "mgmt/cli_engine.h"
#include "mgmt/cli_output.h"
#include "mgmt/cli_parse.h"

#define CLI_MESSAGE_MAX 600
#define CLI_MAX_METHODS 4 /* per command */

struct cli_property_spec {
    const char *name; /* as documented: "VLanID" */
    const char *help; /* "VLAN ID on the uplink set, 1-4094" */
};

struct cli_run;

struct cli_spec {
    const char *subcommand; /* lower-case: "add" */
    const char *element;    /* lower-case: "network" */
    const char *usage;      /* "add network <Name> [UplinkSet=<set>] ..." */
    const char *help;       /* one line */
    unsigned min_params, max_params;
    const struct cli_property_spec *properties; /* {NULL} ended, or NULL: none */
    const char *const *options;                 /* besides output and quiet, NULL ended, or NULL */
    /* the manager methods it may call; their roles are needed (unused
     * entries are 0 = domain.show, which needs none) */
    enum manager_method methods[CLI_MAX_METHODS];
    enum method_role role; /* != NONE: needed instead of the methods' */
    int (*run)(struct cli_run *run);
};

struct cli_spec_list {
    const struct cli_spec *specs;
    unsigned count;
};

/* The command tables, one per area file. */
extern const struct cli_spec_list cli_network_specs, cli_profile_specs, cli_domain_specs,
    cli_storage_specs, cli_user_specs, cli_snmp_specs, cli_config_specs;

struct cli_run {
    struct manager *m;
    const struct cli_caller *caller;
    const struct cli_command *cmd;
    const struct cli_spec *spec;
    struct cli_output_mode mode;
    struct cli_text *body;         /* show: the records */
    char message[CLI_MESSAGE_MAX]; /* after SUCCESS: / ERROR: */
};

/* cli_ok / cli_fail: set run->message; return 0 / -1. */
int cli_ok(struct cli_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_fail(struct cli_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_call: call manager method `method` in-process with params_stolen
 * (NULL: none); on success *result (new reference; result may be NULL to
 * drop it) and 0; on failure -1 with the method's message in run->message. */
int cli_call(struct cli_run *run, enum manager_method method, json_t *params_stolen,
             json_t **result);

/* cli_try_call: as cli_call for a query whose failure is not the
 * command's (link state without a dataplane): the result, or NULL with
 * run->message untouched. */
json_t *cli_try_call(struct cli_run *run, enum manager_method method, json_t *params_stolen);

/* cli_remove_each: call `method` with {key: name} for each name of
 * `names` (stolen), each its own change; stop at the first refusal, whose
 * error then says how many went before. Answers "<Noun> X removed" for
 * one parameter, "N <plural> removed" for `*`. */
int cli_remove_each(struct cli_run *run, json_t *names, enum manager_method method, const char *key,
                    const char *noun, const char *plural);

/* cli_writer: a writer of the command's -output mode over run->body. */
struct cli_writer *cli_run_writer(struct cli_run *run);
/* cli_show_done: finish a show: destroy w and answer "N <plural>" or, for
 * none, "No <plural> exist". Returns 0. */
int cli_show_done(struct cli_run *run, struct cli_writer *w, const char *singular,
                  const char *plural);

/* Property values. Each reads property `name` (lower-case) of the command
 * when given and stores it in params[key]; absent: nothing. Returns 0, or
 * -1 with an error naming the property, the value and what is accepted. */
int cli_prop_string(struct cli_run *run, const char *name, json_t *params, const char *key);
int cli_prop_enabled(struct cli_run *run, const char *name, json_t *params, const char *key);
int cli_prop_uint(struct cli_run *run, const char *name, unsigned min, unsigned max, json_t *params,
                  const char *key);
/* cli_prop_word: one of words[] (case-insensitive), stored as values[i]. */
int cli_prop_word(struct cli_run *run, const char *name, const char *const *words,
                  const char *const *values, unsigned n, json_t *params, const char *key);

/* cli_prop_speed_type: SpeedType=Auto|Preferred|Custom|Disabled into
 * params.speed_type, and Speed=<100-10000> into params.speed_mbps (Custom
 * needs it). */
int cli_prop_speed(struct cli_run *run, json_t *params);
/* cli_prop_address_type: AddressType=Factory-Default|VC-Defined|User-Defined
 * into params[key] (factory, pool, user). */
int cli_prop_address_type(struct cli_run *run, json_t *params, const char *key);

/* cli_param_is_all: the parameter is `*`. */
bool cli_param_is_all(const char *param);
#define CLI_ENCLOSURE_MAX 8 /* "enc3" and its NUL, with room */
/* cli_parse_bay: "enc1:3" (any enclosure enc0-enc3, case-insensitive; "3"
 * alone is enc0's) into enclosure (CLI_ENCLOSURE_MAX bytes, "enc1") and
 * *bay; 0 or -1 with the error set. Whether the enclosure is in the domain
 * is the manager's to say. */
int cli_parse_bay(struct cli_run *run, const char *text, char *enclosure, unsigned *bay);

/* cli_format_speed: 0 -> "Unrestricted" (or `zero`), 4000 -> "4Gb",
 * 2500 -> "2.5Gb", 500 -> "500Mb". */
void cli_format_speed(unsigned mbps, const char *zero, char *buf, size_t size);
/* cli_json_text: a JSON string member as text, "-- --" when absent/empty. */
const char *cli_json_text(json_t *object, const char *key);
/* cli_enabled: "Enabled" / "Disabled". */
const char *cli_enabled(bool on);
/* cli_status_of: the status_name of the object named `name` in list `kind`
 * of a status.show result (NULL: "Unknown"). */
const char *cli_status_of(json_t *status, const char *kind, const char *key, const char *name);

#endif
