/*
 * vc_client: what the front ends (vc-cli, vc-sshd) ask of the manager over
 * its socket -- run a line of CLI commands as a user (cli.execute), check a
 * login (session.login), any other method -- one blocking JSON-RPC call
 * each (common/jsonrpc.h).
 *
 * Errors are returned with a one-line message; nothing is printed.
 */
#ifndef OPENVC_MGMT_VC_CLIENT_H
#define OPENVC_MGMT_VC_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "common/jsonrpc.h"

#define VC_CLIENT_ERROR_MAX 512

struct vc_client {
    int fd;
    struct jsonrpc_reader reader;
};

/* vc_client_open: connect to the manager's socket at `path`. 0, or -1
 * with the reason in error. */
int vc_client_open(struct vc_client *client, const char *path, char *error, size_t error_size);
/* vc_client_close: disconnect (a client already closed accepted). */
void vc_client_close(struct vc_client *client);

/* vc_client_execute: run `line` as `user` from `origin`; *output (malloc'd,
 * the caller frees) gets the answer text, *ok whether every command of the
 * line answered SUCCESS. When the manager answers an error (no such
 * method, unknown user), *output is "ERROR: <its message>\n" and *ok false.
 * Returns 0, or -1 when the socket failed (error says why). */
int vc_client_execute(struct vc_client *client, const char *line, const char *user,
                      const char *origin, char **output, bool *ok, char *error, size_t error_size);

/* vc_client_key_acceptable: session.login's probe -- whether `public_key`
 * would log `user` in (an SSH client asking before it signs). No login, no
 * audit row. Returns 1 yes, 0 no, -1 when the socket failed. */
int vc_client_key_acceptable(struct vc_client *client, const char *user, const char *public_key,
                             char *error, size_t error_size);

/* vc_client_login: session.login of `user` with `password` or (password
 * NULL) `public_key` from `origin`. Returns 1 for a login (the user's name
 * as stored in canonical/size), 0 for a refused one, -1 when the socket
 * failed. */
int vc_client_login(struct vc_client *client, const char *user, const char *password,
                    const char *public_key, const char *origin, char *canonical, size_t size,
                    char *error, size_t error_size);

/* vc_client_call: call `method` with params (stolen, may be NULL). Returns
 * 0 with *result (a new reference), 1 when the manager answered an error
 * (its message in error), -1 when the socket failed. */
int vc_client_call(struct vc_client *client, const char *method, json_t *params, json_t **result,
                   char *error, size_t error_size);

/* vc_client_is_exit: `line` asks to leave a shell (exit, quit, logout). */
bool vc_client_is_exit(const char *line);

#endif
