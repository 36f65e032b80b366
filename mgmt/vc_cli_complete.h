/*
 * vc_cli_complete: tab completion for vc-cli -- what the word under the
 * cursor can become: a subcommand (first word), a managed element
 * (second), an option (a word starting with '-'), a property name with its
 * '=' or an object's name (later words). Pure: no I/O; the object names
 * come from the element's show method, whose result the caller hands in.
 *
 * The words are those of VC-REFERENCE.md's CLI section; the command
 * engine (mgmt/cli_*) decides what they do, so a word offered here that
 * the engine refuses gets the engine's ERROR with what it accepts.
 */
#ifndef OPENVC_MGMT_VC_CLI_COMPLETE_H
#define OPENVC_MGMT_VC_CLI_COMPLETE_H

#include <jansson.h>
#include <stddef.h>

#define VC_CLI_WORD_MAX 64

/* What the word being typed is. */
enum vc_cli_slot {
    VC_CLI_SLOT_SUBCOMMAND,
    VC_CLI_SLOT_ELEMENT,
    VC_CLI_SLOT_OPTION,
    VC_CLI_SLOT_ARGUMENT, /* a parameter (object name) or a property name */
    VC_CLI_SLOT_VALUE,    /* after Name=: nothing to offer */
};

struct vc_cli_context {
    enum vc_cli_slot slot;
    char subcommand[VC_CLI_WORD_MAX]; /* lower-case, "" when not typed yet */
    char element[VC_CLI_WORD_MAX];    /* lower-case, "" when not typed yet */
    unsigned word;                    /* index of the word being typed in its command */
};

/* Candidates: distinct words, in the order added. */
struct vc_cli_candidates {
    char **words;
    size_t n, capacity;
};

/* vc_cli_complete_context: what the word being typed at the end of
 * `before` (the line up to the cursor; `;` starts a new command, double
 * quotes group) is. */
void vc_cli_complete_context(const char *before, struct vc_cli_context *context);

/* vc_cli_candidates_add: add `word` when it starts with `prefix` (any case)
 * and is not there yet. 0 or -ENOMEM. */
int vc_cli_candidates_add(struct vc_cli_candidates *c, const char *prefix, const char *word);
/* vc_cli_candidates_free: free the words (a zeroed list accepted). */
void vc_cli_candidates_free(struct vc_cli_candidates *c);

/* vc_cli_complete_words: the fixed words (subcommands, elements, options,
 * property names with '=') for `context` that start with `prefix`. */
int vc_cli_complete_words(const struct vc_cli_context *context, const char *prefix,
                          struct vc_cli_candidates *out);

/* vc_cli_names_method: the manager method listing the objects of
 * `element` (e.g. "profile.show" for profile and enet-connection), or NULL
 * for elements without named objects. */
const char *vc_cli_names_method(const char *element);
/* vc_cli_complete_names: the names in `result` of element's names method
 * (profiles[].name, networks[].name, uplink_ports[].id, servers as
 * "enc0:1", ...) that start with `prefix`. */
int vc_cli_complete_names(const char *element, json_t *result, const char *prefix,
                          struct vc_cli_candidates *out);

#endif
