/*
 * sshd_session: one SSH connection of vc-sshd (sshd_session.h) -- the
 * libssh server callbacks for login and the session channel, and the
 * shell and exec loops that hand each line to the manager.
 */
#include "mgmt/sshd_session.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <libssh/callbacks.h>
#include <libssh/server.h>

#include "common/log.h"
#include "mgmt/sshd_line.h"
#include "mgmt/users.h"
#include "mgmt/vc_client.h"

enum session_mode { MODE_NONE, MODE_SHELL, MODE_EXEC };

struct session {
    const struct sshd_config *config;
    ssh_session ssh;
    ssh_channel channel;
    struct ssh_channel_callbacks_struct channel_cb;
    struct vc_client client;
    char address[SSHD_GUARD_ADDRESS_MAX];
    char origin[SSHD_GUARD_ADDRESS_MAX + 8];
    char user[USERS_NAME_MAX];
    int report_fd;
    bool over_cap, banner_sent, refused, authenticated;
    unsigned failures, attempts;
    enum session_mode mode;
    char *command; /* of an exec request */
    bool pty, eof, closed, done, any_error;
    struct sshd_line line;
    time_t last_activity;
};

/* ------------------------------------------------------------ helpers */

static time_t now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec;
}

static void sleep_ms(unsigned ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};
    while (nanosleep(&t, &t) < 0 && errno == EINTR)
        ;
}

/* print: text to the channel; with a terminal "\n" becomes "\r\n". */
static void print(struct session *s, const char *text)
{
    const char *p = text;
    if (s->channel == NULL)
        return;
    while (*p) {
        size_t n = s->pty ? strcspn(p, "\n") : strlen(p);
        if (n > 0 && ssh_channel_write(s->channel, p, (uint32_t)n) < 0)
            return;
        p += n;
        if (*p == '\n') {
            ssh_channel_write(s->channel, "\r\n", 2);
            p++;
        }
    }
}

static void report(struct session *s, char event)
{
    struct sshd_report r = {.event = event};
    snprintf(r.address, sizeof(r.address), "%s", s->address);
    if (write(s->report_fd, &r, sizeof(r)) != (ssize_t)sizeof(r))
        log_warn("report to the listener");
}

/* ------------------------------------------------------------ login */

/* send_banner: the login banner (or, over the cap, why there is no
 * login), once, before the first answer to a login. */
static void send_banner(struct session *s)
{
    char text[512];
    if (s->banner_sent)
        return;
    s->banner_sent = true;
    if (s->over_cap)
        snprintf(text, sizeof(text), "Too many sessions (%u): try again later.\n",
                 s->config->max_sessions);
    else
        snprintf(text, sizeof(text), "%s", s->config->banner);
    ssh_string banner = ssh_string_from_char(text);
    if (banner != NULL) {
        ssh_send_issue_banner(s->ssh, banner);
        ssh_string_free(banner);
    }
    if (s->over_cap) {
        s->refused = true;
        log_info("refused %s: %u sessions already", s->address, s->config->max_sessions);
    }
}

/* manager: the connection to the manager, made at the first login. */
static bool manager(struct session *s)
{
    char error[VC_CLIENT_ERROR_MAX];
    if (s->client.fd >= 0)
        return true;
    if (vc_client_open(&s->client, s->config->manager_socket, error, sizeof(error)) < 0) {
        log_warnx("%s", error);
        return false;
    }
    return true;
}

/* login: ask the manager; the libssh answer. */
static int login(struct session *s, const char *user, const char *password, const char *key)
{
    char error[VC_CLIENT_ERROR_MAX] = "", shown[USERS_NAME_MAX + 8];
    const char *how = password ? "password" : "public key";

    send_banner(s);
    if (s->refused)
        return SSH_AUTH_DENIED;
    s->attempts++;
    int rc = manager(s) ? vc_client_login(&s->client, user, password, key, s->origin, s->user,
                                          sizeof(s->user), error, sizeof(error))
                        : -1;
    if (rc == 1) {
        s->authenticated = true;
        report(s, 'S');
        log_info("%s logged in from %s (%s)", s->user, s->address, how);
        return SSH_AUTH_SUCCESS;
    }
    log_printable(shown, sizeof(shown), user);
    if (rc < 0) {
        log_warnx("login of %s from %s: the manager did not answer: %s", shown, s->address, error);
        s->refused = true;
        return SSH_AUTH_DENIED;
    }
    s->failures++;
    report(s, 'F');
    unsigned delay =
        sshd_guard_delay_ms(s->failures, s->config->fail_delay_ms, s->config->fail_delay_max_ms);
    log_warnx("failed login of %s from %s (%s), failure %u, answered after %u ms", shown,
              s->address, how, s->failures, delay);
    sleep_ms(delay);
    if (s->attempts >= s->config->max_auth_tries)
        s->refused = true;
    return SSH_AUTH_DENIED;
}

static int auth_none(ssh_session ssh, const char *user, void *userdata)
{
    (void)ssh, (void)user;
    send_banner(userdata);
    return SSH_AUTH_DENIED;
}

static int auth_password(ssh_session ssh, const char *user, const char *password, void *userdata)
{
    (void)ssh;
    return login(userdata, user, password, NULL);
}

/* key_line: the OpenSSH public key line ("ssh-ed25519 AAAA...") of key,
 * malloc'd; NULL when it cannot be written. */
static char *key_line(struct ssh_key_struct *key)
{
    char *base64 = NULL, *line = NULL;
    const char *type = ssh_key_type_to_char(ssh_key_type(key));

    if (type == NULL || ssh_pki_export_pubkey_base64(key, &base64) != SSH_OK ||
        asprintf(&line, "%s %s", type, base64) < 0)
        line = NULL;
    ssh_string_free_char(base64);
    return line;
}

/* key_acceptable: the answer to a probe ("would this key do?", before the
 * client signs), as OpenSSH gives it: yes only for one of the user's keys.
 * A no is not a failed login -- a client with several keys in its agent
 * offers them in turn -- so it is neither delayed nor reported to the
 * guard; like OpenSSH's MaxAuthTries it counts as an attempt of the
 * connection. */
static int key_acceptable(struct session *s, const char *user, const char *line)
{
    char error[VC_CLIENT_ERROR_MAX] = "";

    send_banner(s);
    if (s->refused)
        return SSH_AUTH_DENIED;
    int rc =
        manager(s) ? vc_client_key_acceptable(&s->client, user, line, error, sizeof(error)) : -1;
    if (rc < 0) {
        log_warnx("key probe from %s: the manager did not answer: %s", s->address, error);
        s->refused = true;
    } else if (rc == 0 && ++s->attempts >= s->config->max_auth_tries) {
        s->refused = true;
    }
    return rc == 1 ? SSH_AUTH_SUCCESS : SSH_AUTH_DENIED;
}

static int auth_pubkey(ssh_session ssh, const char *user, struct ssh_key_struct *key,
                       char signature_state, void *userdata)
{
    struct session *s = userdata;
    (void)ssh;

    if (signature_state != SSH_PUBLICKEY_STATE_NONE && signature_state != SSH_PUBLICKEY_STATE_VALID)
        return SSH_AUTH_DENIED;
    char *line = key_line(key);
    if (line == NULL)
        return SSH_AUTH_DENIED;
    int rc = signature_state == SSH_PUBLICKEY_STATE_NONE ? key_acceptable(s, user, line)
                                                         : login(s, user, NULL, line);
    free(line);
    return rc;
}

/* ------------------------------------------------------------ channel */

static int pty_request(ssh_session ssh, ssh_channel channel, const char *term, int width,
                       int height, int pxwidth, int pxheight, void *userdata)
{
    struct session *s = userdata;
    (void)ssh, (void)channel, (void)term, (void)width, (void)height, (void)pxwidth, (void)pxheight;
    s->pty = true;
    return SSH_OK;
}

static int pty_resize(ssh_session ssh, ssh_channel channel, int width, int height, int pxwidth,
                      int pxheight, void *userdata)
{
    (void)ssh, (void)channel, (void)width, (void)height, (void)pxwidth, (void)pxheight;
    (void)userdata;
    return SSH_OK;
}

static int shell_request(ssh_session ssh, ssh_channel channel, void *userdata)
{
    struct session *s = userdata;
    (void)ssh, (void)channel;
    if (s->mode != MODE_NONE)
        return SSH_ERROR;
    s->mode = MODE_SHELL;
    return SSH_OK;
}

static int exec_request(ssh_session ssh, ssh_channel channel, const char *command, void *userdata)
{
    struct session *s = userdata;
    (void)ssh, (void)channel;
    if (s->mode != MODE_NONE || (s->command = strdup(command)) == NULL)
        return SSH_ERROR;
    s->mode = MODE_EXEC;
    return SSH_OK;
}

static void on_channel_eof(ssh_session ssh, ssh_channel channel, void *userdata)
{
    (void)ssh, (void)channel;
    ((struct session *)userdata)->eof = true;
}

static void on_channel_close(ssh_session ssh, ssh_channel channel, void *userdata)
{
    (void)ssh, (void)channel;
    ((struct session *)userdata)->closed = true;
}

/* run: one line of commands by the manager, its answer printed. */
static void run(struct session *s, const char *line)
{
    char error[VC_CLIENT_ERROR_MAX], *output = NULL;
    bool ok = false;

    if (vc_client_execute(&s->client, line, s->user, s->origin, &output, &ok, error,
                          sizeof(error)) < 0) {
        log_warnx("manager: %s", error);
        print(s, "ERROR: the manager did not answer\n");
        s->any_error = true;
        s->done = true;
        return;
    }
    print(s, output);
    if (output[0] != '\0' && output[strlen(output) - 1] != '\n')
        print(s, "\n");
    s->any_error |= !ok;
    free(output);
}

static void prompt(struct session *s)
{
    if (s->pty)
        print(s, "-> ");
}

/* shell_line: a line completed at the prompt. */
static void shell_line(struct session *s, const char *text)
{
    if (vc_client_is_exit(text)) {
        s->done = true;
        return;
    }
    if (text[strspn(text, " \t")] != '\0')
        run(s, text);
    if (!s->done)
        prompt(s);
}

static int channel_data(ssh_session ssh, ssh_channel channel, void *data, uint32_t len,
                        int is_stderr, void *userdata)
{
    struct session *s = userdata;
    const unsigned char *bytes = data;
    (void)ssh, (void)channel, (void)is_stderr;

    if (s->mode != MODE_SHELL)
        return (int)len;
    s->last_activity = now_s();
    for (uint32_t i = 0; i < len && !s->done; i++) {
        char echo[SSHD_ECHO_MAX];
        size_t n;
        enum sshd_line_event ev = sshd_line_feed(&s->line, bytes[i], echo, &n);
        if (n > 0)
            ssh_channel_write(s->channel, echo, (uint32_t)n);
        switch (ev) {
        case SSHD_LINE_DONE:
            shell_line(s, s->line.text);
            break;
        case SSHD_LINE_INTERRUPT:
            prompt(s);
            break;
        case SSHD_LINE_EOF:
            s->done = true;
            break;
        case SSHD_LINE_TOO_LONG:
            print(s, "ERROR: the line is longer than 8192 bytes\n");
            s->any_error = true;
            prompt(s);
            break;
        case SSHD_LINE_MORE:
            break;
        }
    }
    return (int)len;
}

static ssh_channel on_channel_open(ssh_session ssh, void *userdata)
{
    struct session *s = userdata;
    if (!s->authenticated || s->channel != NULL)
        return NULL;
    s->channel = ssh_channel_new(ssh);
    if (s->channel == NULL)
        return NULL;
    s->channel_cb = (struct ssh_channel_callbacks_struct){
        .userdata = s,
        .channel_data_function = channel_data,
        .channel_eof_function = on_channel_eof,
        .channel_close_function = on_channel_close,
        .channel_pty_request_function = pty_request,
        .channel_pty_window_change_function = pty_resize,
        .channel_shell_request_function = shell_request,
        .channel_exec_request_function = exec_request,
    };
    ssh_callbacks_init(&s->channel_cb);
    ssh_set_channel_callbacks(s->channel, &s->channel_cb);
    return s->channel;
}

/* ------------------------------------------------------------ loops */

/* exec_commands: each line of the exec request's command. */
static void exec_commands(struct session *s)
{
    char *save = NULL;
    for (char *line = strtok_r(s->command, "\r\n", &save); line && !s->done;
         line = strtok_r(NULL, "\r\n", &save))
        if (line[strspn(line, " \t")] != '\0')
            run(s, line);
}

static void shell(struct session *s, ssh_event event)
{
    sshd_line_init(&s->line, s->pty);
    s->last_activity = now_s();
    if (s->pty) {
        char welcome[160];
        snprintf(welcome, sizeof(welcome),
                 "OpenVC command line, user %s. 'help' lists the commands, 'exit' leaves.\n\n",
                 s->user);
        print(s, welcome);
    }
    prompt(s);
    while (!s->done && !s->closed && !s->eof) {
        if (ssh_event_dopoll(event, 1000) == SSH_ERROR)
            return;
        unsigned idle = (unsigned)(now_s() - s->last_activity);
        if (s->config->idle_timeout_s && idle >= s->config->idle_timeout_s && !s->done) {
            char text[96];
            snprintf(text, sizeof(text), "\nIdle for %u s: closing the session.\n", idle);
            print(s, text);
            log_info("%s from %s: idle for %u s, session closed", s->user, s->address, idle);
            return;
        }
    }
}

void sshd_session_serve(ssh_session ssh, const struct sshd_config *config, const char *address,
                        unsigned prior_failures, bool over_cap, int report_fd)
{
    struct session s = {.config = config,
                        .ssh = ssh,
                        .client = {.fd = -1},
                        .report_fd = report_fd,
                        .over_cap = over_cap,
                        .failures = prior_failures};
    struct ssh_server_callbacks_struct server_cb = {
        .userdata = &s,
        .auth_none_function = auth_none,
        .auth_password_function = auth_password,
        .auth_pubkey_function = auth_pubkey,
        .channel_open_request_session_function = on_channel_open,
    };
    ssh_event event = NULL;

    snprintf(s.address, sizeof(s.address), "%s", address);
    snprintf(s.origin, sizeof(s.origin), "ssh %s", address);
    alarm(config->login_grace_s); /* SIGALRM ends a client that never gets this far */
    ssh_callbacks_init(&server_cb);
    ssh_set_server_callbacks(ssh, &server_cb);
    ssh_set_auth_methods(ssh, SSH_AUTH_METHOD_PASSWORD | SSH_AUTH_METHOD_PUBLICKEY);
    if (ssh_handle_key_exchange(ssh) != SSH_OK) {
        log_info("key exchange with %s: %s", address, ssh_get_error(ssh));
        goto out;
    }
    event = ssh_event_new();
    if (event == NULL || ssh_event_add_session(event, ssh) != SSH_OK)
        goto out;
    while (s.mode == MODE_NONE && !s.refused && !s.closed)
        if (ssh_event_dopoll(event, 100) == SSH_ERROR)
            goto out;
    if (s.refused || s.mode == MODE_NONE) {
        ssh_blocking_flush(ssh, 1000);
        goto out;
    }
    alarm(0);
    if (s.mode == MODE_EXEC) {
        log_info("%s from %s: exec", s.user, s.address);
        exec_commands(&s);
    } else {
        log_info("%s from %s: shell%s", s.user, s.address, s.pty ? " on a terminal" : "");
        shell(&s, event);
    }
    /* a terminal session ends well however its commands did */
    ssh_channel_request_send_exit_status(s.channel,
                                         s.any_error && !(s.pty && s.mode == MODE_SHELL));
    ssh_channel_send_eof(s.channel);
    ssh_channel_close(s.channel);
    /* the client's close of the channel, so it sees a clean end */
    for (int i = 0; i < 20 && !s.closed; i++)
        if (ssh_event_dopoll(event, 100) == SSH_ERROR)
            break;
    log_info("%s from %s: session ended", s.user, s.address);
out:
    if (event != NULL) {
        ssh_event_remove_session(event, ssh);
        ssh_event_free(event);
    }
    ssh_disconnect(ssh);
    vc_client_close(&s.client);
    free(s.command);
}
