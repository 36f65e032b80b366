/*
 * vc-dpctl: talk to a running vc-dataplane over its control socket.
 * A thin command-line client for operators, the README and the tests:
 * every command is one JSON-RPC call whose result is printed as JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/jsonrpc.h"
#include "common/methods.h"

static void dpctl_usage(FILE *out)
{
    fprintf(out, "usage: vc-dpctl [-s SOCKET] COMMAND [ARGUMENTS]\n"
                 "  status                    generation, workers, MAC table use\n"
                 "  ports                     ports, link state, FlexNICs, counters\n"
                 "  counters                  counters of ports, FlexNICs, vNets, drops\n"
                 "  config                    the running configuration document\n"
                 "  apply FILE                apply a configuration document (- = stdin)\n"
                 "  mac-table [VNET]          the MAC table (all pages)\n"
                 "  flush [vnet NAME | port NAME]\n"
                 "  events                    print events until interrupted\n"
                 "  clock stop|resume|warp MS (a dataplane started with --test-clock)\n"
                 "  call METHOD [JSON]        any method with JSON params\n"
                 "Methods:\n");
#define DPCTL_HELP(name, wire, help) fprintf(out, "  %-22s %s\n", wire, help);
    DATAPLANE_FOREACH_METHOD(DPCTL_HELP)
#undef DPCTL_HELP
}

static void dpctl_print_event(json_t *message, void *arg)
{
    (void)arg;
    char *text = json_dumps(json_object_get(message, "params"), JSON_COMPACT);
    printf("%s\n", text);
    fflush(stdout);
    free(text);
}

/* dpctl_call: one call; prints the result, or the error to stderr. */
static int dpctl_call(int fd, struct jsonrpc_reader *reader, const char *method, json_t *params,
                      json_t **keep)
{
    json_t *result, *error;
    int rc = jsonrpc_call(fd, reader, method, params, &result, &error, dpctl_print_event, NULL);

    if (rc < 0) {
        fprintf(stderr, "vc-dpctl: %s: no answer from the dataplane\n", method);
        return 1;
    }
    if (rc == 1) {
        fprintf(stderr, "vc-dpctl: %s: %s\n", method,
                json_string_value(json_object_get(error, "message")));
        json_decref(error);
        return 1;
    }
    if (keep) {
        *keep = result;
        return 0;
    }
    char *text = json_dumps(result, JSON_INDENT(2));
    printf("%s\n", text);
    free(text);
    json_decref(result);
    return 0;
}

int main(int argc, char **argv)
{
    const char *socket_path = "/run/openvc/dataplane.sock";
    struct jsonrpc_reader reader;
    int c, rc;

    while ((c = getopt(argc, argv, "s:h")) != -1) {
        switch (c) {
        case 's': socket_path = optarg; break;
        case 'h': dpctl_usage(stdout); return 0;
        default: dpctl_usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        dpctl_usage(stderr);
        return 2;
    }
    const char *command = argv[optind++];
    int n_args = argc - optind;
    char **args = argv + optind;

    int fd = jsonrpc_connect(socket_path);
    if (fd < 0) {
        fprintf(stderr, "vc-dpctl: cannot connect to %s: %m\n", socket_path);
        return 1;
    }
    jsonrpc_reader_init(&reader);

    if (strcmp(command, "status") == 0 || strcmp(command, "ports") == 0 ||
        strcmp(command, "counters") == 0 || strcmp(command, "config") == 0) {
        char method[64];
        snprintf(method, sizeof(method), "dataplane.%s", command);
        rc = dpctl_call(fd, &reader, method, json_object(), NULL);
    } else if (strcmp(command, "apply") == 0 && n_args == 1) {
        json_error_t error;
        json_t *document = strcmp(args[0], "-") == 0 ? json_loadf(stdin, 0, &error)
                                                     : json_load_file(args[0], 0, &error);
        if (document == NULL) {
            fprintf(stderr, "vc-dpctl: %s:%d: %s\n", args[0], error.line, error.text);
            rc = 1;
        } else {
            rc = dpctl_call(fd, &reader, "dataplane.apply",
                            json_pack("{s:o}", "document", document), NULL);
        }
    } else if (strcmp(command, "mac-table") == 0 && n_args <= 1) {
        json_int_t cursor = 0;
        json_t *all = json_array();
        rc = 0;
        do {
            json_t *params = json_pack("{s:I, s:i}", "cursor", cursor, "limit", 1024);
            json_t *page = NULL;
            if (n_args == 1)
                json_object_set_new(params, "vnet", json_string(args[0]));
            rc = dpctl_call(fd, &reader, "dataplane.mac_table", params, &page);
            if (rc != 0)
                break;
            json_array_extend(all, json_object_get(page, "entries"));
            cursor = json_integer_value(json_object_get(page, "next_cursor"));
            json_decref(page);
        } while (cursor != 0);
        if (rc == 0) {
            char *text = json_dumps(all, JSON_INDENT(2));
            printf("%s\n", text);
            free(text);
        }
        json_decref(all);
    } else if (strcmp(command, "flush") == 0 && (n_args == 0 || n_args == 2)) {
        json_t *params = json_object();
        if (n_args == 2)
            json_object_set_new(params, args[0], json_string(args[1]));
        rc = dpctl_call(fd, &reader, "dataplane.flush", params, NULL);
    } else if (strcmp(command, "events") == 0 && n_args == 0) {
        rc = dpctl_call(fd, &reader, "dataplane.subscribe", json_object(), NULL);
        while (rc == 0) {
            char chunk[4096];
            json_t *message;
            json_error_t error;
            ssize_t n = read(fd, chunk, sizeof(chunk));
            if (n <= 0 || jsonrpc_reader_feed(&reader, chunk, (size_t)n) < 0)
                break;
            while (jsonrpc_reader_next(&reader, &message, &error) == 1) {
                dpctl_print_event(message, NULL);
                json_decref(message);
            }
        }
    } else if (strcmp(command, "clock") == 0 && n_args >= 1) {
        json_t *params = json_object();
        if (strcmp(args[0], "warp") == 0 && n_args == 2)
            json_object_set_new(params, "warp_ms", json_integer(strtoll(args[1], NULL, 10)));
        else if (n_args == 1 && (strcmp(args[0], "stop") == 0 || strcmp(args[0], "resume") == 0))
            json_object_set_new(params, args[0], json_true());
        else {
            fprintf(stderr, "vc-dpctl: clock stop|resume|warp MS\n");
            return 2;
        }
        rc = dpctl_call(fd, &reader, "dataplane.clock", params, NULL);
    } else if (strcmp(command, "call") == 0 && (n_args == 1 || n_args == 2)) {
        json_t *params = json_object();
        if (n_args == 2) {
            json_error_t error;
            json_decref(params);
            params = json_loads(args[1], 0, &error);
            if (params == NULL) {
                fprintf(stderr, "vc-dpctl: params: %s\n", error.text);
                return 2;
            }
        }
        rc = dpctl_call(fd, &reader, args[0], params, NULL);
    } else {
        fprintf(stderr, "vc-dpctl: unknown command or wrong arguments: %s (see -h)\n", command);
        rc = 2;
    }
    jsonrpc_reader_free(&reader);
    close(fd);
    return rc;
}
