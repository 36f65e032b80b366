/*
 * vc-cli: the local command line of an OpenVC domain. It connects to the
 * manager's socket and runs Virtual Connect CLI commands (the command
 * engine's cli.execute) as a given user; whoever can open the socket is
 * trusted to be that user, as on the real product's console.
 *
 * Interactive on a terminal: the `->` prompt, line editing and history
 * (libedit, ~/.vc_cli_history), tab completion of subcommands, elements,
 * options, properties and object names (mgmt/vc_cli_complete.h; names
 * asked of the manager's show methods). Otherwise (`-f FILE`, stdin not a
 * terminal, `-c LINE`) it runs every line and exits 1 when any command
 * answered ERROR.
 *
 * Why a thin client: the engine, the roles and the audit are the
 * manager's, so vc-cli, vc-sshd and configuration files all behave alike.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <editline/readline.h>

#include "mgmt/users.h"
#include "mgmt/vc_cli_complete.h"
#include "mgmt/vc_client.h"

#define HISTORY_LINES 500

struct options {
    const char *socket, *user, *file, *command;
};

static struct vc_client client = {.fd = -1};
static char user_name[USERS_NAME_MAX];
static struct vc_cli_candidates candidates; /* of the completion under way */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vc-cli [-s SOCKET] [-u USER] [-f FILE | -c LINE]\n"
            "Virtual Connect commands on the OpenVC manager, as USER (default %s).\n"
            "Interactive on a terminal (prompt ->, history, tab completion); with -f FILE,\n"
            "-c LINE or a non-terminal stdin it runs every line and exits 1 if any answered\n"
            "ERROR.\n"
            "\n"
            "  -s, --socket PATH  the manager's socket (default /run/openvc/manager.sock)\n"
            "  -u, --user NAME    run the commands as this user\n"
            "  -f, --file FILE    run the commands of FILE ('#' starts a comment line)\n"
            "  -c, --command LINE run LINE (commands separated by ';')\n"
            "  -h, --help         this text\n",
            USERS_ADMIN_NAME);
}

/* parse_options: argv into *o; bad options: one line on stderr, exit 2. */
static void parse_options(int argc, char **argv, struct options *o)
{
    static const struct option long_options[] = {
        {"socket", required_argument, NULL, 's'}, {"user", required_argument, NULL, 'u'},
        {"file", required_argument, NULL, 'f'},   {"command", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0},
    };
    int c;

    *o = (struct options){.socket = "/run/openvc/manager.sock", .user = USERS_ADMIN_NAME};
    while ((c = getopt_long(argc, argv, ":s:u:f:c:h", long_options, NULL)) != -1) {
        switch (c) {
        case 's':
            o->socket = optarg;
            break;
        case 'u':
            o->user = optarg;
            break;
        case 'f':
            o->file = optarg;
            break;
        case 'c':
            o->command = optarg;
            break;
        case 'h':
            usage(stdout);
            exit(0);
        case ':':
            fprintf(stderr, "vc-cli: option %s needs a value\n", argv[optind - 1]);
            exit(2);
        default:
            fprintf(stderr, "vc-cli: unknown option %s (see --help)\n", argv[optind - 1]);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vc-cli: unexpected argument %s (see --help)\n", argv[optind]);
        exit(2);
    }
    if (o->file && o->command) {
        fprintf(stderr, "vc-cli: give -f FILE or -c LINE, not both\n");
        exit(2);
    }
}

/* run_line: execute `line`, print its answer; false when it failed. A
 * broken connection ends the program. */
static bool run_line(const char *line)
{
    char error[VC_CLIENT_ERROR_MAX], *output = NULL;
    bool ok = false;

    if (vc_client_execute(&client, line, user_name, "vc-cli", &output, &ok, error, sizeof(error)) <
        0) {
        fprintf(stderr, "vc-cli: %s\n", error);
        exit(1);
    }
    size_t len = strlen(output);
    fputs(output, stdout);
    if (len > 0 && output[len - 1] != '\n')
        putchar('\n');
    fflush(stdout);
    free(output);
    return ok;
}

/* blank_or_comment: nothing to run on this line. */
static bool blank_or_comment(const char *line)
{
    line += strspn(line, " \t\r\n");
    return *line == '\0' || *line == '#';
}

/* run_stream: every line of f; 0 when all succeeded, else 1. */
static int run_stream(FILE *f)
{
    char *line = NULL;
    size_t size = 0;
    ssize_t n;
    int status = 0;

    while ((n = getline(&line, &size, f)) >= 0) {
        line[strcspn(line, "\r\n")] = '\0';
        if (blank_or_comment(line))
            continue;
        if (!run_line(line))
            status = 1;
    }
    free(line);
    return status;
}

/* ------------------------------------------------------------ completion */

/* add_name: vc_cli_complete_names' callback target. */
static void add_names(const char *element, const char *prefix)
{
    const char *method = vc_cli_names_method(element);
    char error[VC_CLIENT_ERROR_MAX];
    json_t *result = NULL;

    if (method == NULL || vc_client_call(&client, method, NULL, &result, error, sizeof(error)) != 0)
        return;
    vc_cli_complete_names(element, result, prefix, &candidates);
    json_decref(result);
}

static char *next_candidate(const char *text, int state)
{
    static size_t next;
    (void)text;
    if (state == 0)
        next = 0;
    return next < candidates.n ? strdup(candidates.words[next++]) : NULL;
}

static char **complete(const char *text, int start, int end)
{
    struct vc_cli_context context;
    char *before = strndup(rl_line_buffer, (size_t)end);

    (void)start;
    rl_attempted_completion_over = 1; /* never file names */
    vc_cli_candidates_free(&candidates);
    if (before == NULL)
        return NULL;
    vc_cli_complete_context(before, &context);
    free(before);
    vc_cli_complete_words(&context, text, &candidates);
    bool new_name =
        strcmp(context.subcommand, "add") == 0 &&
        (strcmp(context.element, "network") == 0 || strcmp(context.element, "uplinkset") == 0 ||
         strcmp(context.element, "profile") == 0 || strcmp(context.element, "user") == 0);
    if (context.slot == VC_CLI_SLOT_ARGUMENT && context.word == 2 && !new_name)
        add_names(context.element, text);
    if (context.slot == VC_CLI_SLOT_ARGUMENT && context.word == 3 &&
        strcmp(context.subcommand, "assign") == 0)
        add_names("server", text);
    rl_completion_append_character =
        candidates.n == 1 && candidates.words[0][strlen(candidates.words[0]) - 1] == '=' ? '\0'
                                                                                         : ' ';
    return candidates.n ? rl_completion_matches(text, next_candidate) : NULL;
}

/* ------------------------------------------------------------ interactive */

static void interactive(void)
{
    char history[4096] = "";
    const char *home = getenv("HOME");
    char *line;

    if (home != NULL)
        snprintf(history, sizeof(history), "%s/.vc_cli_history", home);
    rl_readline_name = "vc-cli";
    rl_basic_word_break_characters = " \t;";
    rl_attempted_completion_function = complete;
    stifle_history(HISTORY_LINES);
    if (history[0])
        read_history(history);
    printf("OpenVC command line, user %s. Tab completes, 'help' lists the commands, 'exit' "
           "leaves.\n",
           user_name);
    while ((line = readline("-> ")) != NULL) {
        if (vc_client_is_exit(line)) {
            free(line);
            break;
        }
        if (!blank_or_comment(line)) {
            add_history(line);
            run_line(line);
        }
        free(line);
    }
    if (history[0])
        write_history(history);
    vc_cli_candidates_free(&candidates);
}

int main(int argc, char **argv)
{
    struct options o;
    char error[VC_CLIENT_ERROR_MAX];
    json_t *result = NULL;

    parse_options(argc, argv, &o);
    if (vc_client_open(&client, o.socket, error, sizeof(error)) < 0) {
        fprintf(stderr, "vc-cli: %s\n", error);
        return 1;
    }
    /* the user must exist; the manager gives its name as stored */
    int rc = vc_client_call(&client, "user.show", json_pack("{s:s}", "name", o.user), &result,
                            error, sizeof(error));
    if (rc != 0) {
        fprintf(stderr, "vc-cli: user %s: %s\n", o.user, error);
        return 1;
    }
    const char *name = json_string_value(
        json_object_get(json_array_get(json_object_get(result, "users"), 0), "name"));
    snprintf(user_name, sizeof(user_name), "%s", name ? name : o.user);
    json_decref(result);

    int status = 0;
    if (o.command) {
        status = run_line(o.command) ? 0 : 1;
    } else if (o.file) {
        FILE *f = fopen(o.file, "r");
        if (f == NULL) {
            fprintf(stderr, "vc-cli: %s: %s\n", o.file, strerror(errno));
            return 1;
        }
        status = run_stream(f);
        fclose(f);
    } else if (!isatty(STDIN_FILENO)) {
        status = run_stream(stdin);
    } else {
        interactive();
    }
    vc_client_close(&client);
    return status;
}
