/*
 * sshd_session: one SSH connection of vc-sshd, in the process forked for
 * it: key exchange, the login banner, password and public-key logins
 * checked by the manager (session.login; for keys libssh has verified the
 * signature, the manager says whether the key is the user's), then one
 * session channel: an exec request (`ssh host 'show profile *; show
 * network *'`) or an interactive shell with the `->` prompt, each line
 * run by the manager's cli.execute as the user, origin "ssh ADDRESS".
 *
 * The process holds no database and no secret but the host key: the
 * manager decides every login and every command. A slow or silent client
 * is cut off: SSHD login grace (SIGALRM) before the shell, the idle timeout
 * in it. Each failed login is answered after the growing delay of
 * mgmt/sshd_guard.h and reported to the listener, which keeps the count of
 * the address across connections.
 */
#ifndef OPENVC_MGMT_SSHD_SESSION_H
#define OPENVC_MGMT_SSHD_SESSION_H

#include <stdbool.h>

#include <libssh/libssh.h>

#include "mgmt/sshd_guard.h"

struct sshd_config {
    const char *manager_socket;
    const char *banner;      /* sent before the login */
    unsigned idle_timeout_s; /* 0: none */
    unsigned login_grace_s;  /* from connection to shell or exec */
    unsigned max_auth_tries; /* failed logins and refused key probes per connection */
    unsigned fail_delay_ms, fail_delay_max_ms;
    unsigned max_sessions;
};

/* What a session tells the listener, one write() each. */
struct sshd_report {
    char address[SSHD_GUARD_ADDRESS_MAX];
    char event; /* 'F' failed login, 'S' login */
};

/* sshd_session_serve: serve `ssh` (accepted, key exchange not done) from
 * client `address` to its end. prior_failures: the address's recent failed
 * logins (the first delay grows from there); over_cap: there are already
 * max_sessions sessions, so the client gets a message and no login.
 * report_fd: where sshd_reports go. Logs through common/log.h. */
void sshd_session_serve(ssh_session ssh, const struct sshd_config *config, const char *address,
                        unsigned prior_failures, bool over_cap, int report_fd);

#endif
