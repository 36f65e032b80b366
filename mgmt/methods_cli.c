/*
 * methods_cli: cli.execute, the manager method through which every front
 * end (vc-sshd, vc-cli, config files) runs lines of the Virtual Connect
 * command language: the command engine (mgmt/cli_engine.h) runs them with
 * the roles of the named user (mgmt/users.h). docs/manager-protocol.md.
 *
 * Why role NONE: the engine checks the user's roles per command; the
 * method itself only needs a user that exists and is enabled. It is kept
 * off the read-only socket (manager.c), which must never change anything.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/jsonrpc.h"
#include "mgmt/cli_engine.h"
#include "mgmt/manager.h"
#include "mgmt/users.h"

HANDLER(CLI_EXECUTE)
{
    static const char *const keys[] = {"line", "user", "origin", NULL};
    struct manager *m = ctx;
    const char *line = NULL, *user = NULL, *origin = "rpc";
    struct cli_caller caller;
    struct cli_text out;

    if (param_check_keys(params, keys, code, message) < 0 ||
        param_string(params, "line", true, &line, code, message) < 0 ||
        param_string(params, "user", true, &user, code, message) < 0 ||
        param_string(params, "origin", false, &origin, code, message) < 0)
        return -1;
    caller = (struct cli_caller){user, origin, 0};
    int rc = users_roles(m, user, &caller.roles_mask);
    if (rc < 0) {
        *code = manager_errno_code(rc);
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "user %s %s", user,
                 rc == -ENOENT ? "does not exist or is disabled" : "cannot be read from the store");
        return -1;
    }
    cli_text_init(&out);
    bool ok = cli_execute(m, &caller, line, &out);
    if (out.failed) {
        cli_text_free(&out);
        *code = JSONRPC_BUSY;
        snprintf(message, RPC_SERVER_MESSAGE_MAX, "out of memory");
        return -1;
    }
    *result = json_pack("{s:s, s:b}", "output", cli_text_get(&out), "ok", ok);
    cli_text_free(&out);
    return 0;
}
