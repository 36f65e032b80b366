/*
 * vc_client: the front ends' calls of the manager (vc_client.h): a
 * connection, cli.execute, session.login, and any other method, each one
 * blocking JSON-RPC request and its answer.
 */
#include "mgmt/vc_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int vc_client_open(struct vc_client *client, const char *path, char *error, size_t error_size)
{
    jsonrpc_reader_init(&client->reader);
    client->fd = jsonrpc_connect(path);
    if (client->fd < 0) {
        snprintf(error, error_size, "manager socket %s: %s", path, strerror(errno));
        jsonrpc_reader_free(&client->reader);
        return -1;
    }
    return 0;
}

void vc_client_close(struct vc_client *client)
{
    if (client->fd >= 0)
        close(client->fd);
    client->fd = -1;
    jsonrpc_reader_free(&client->reader);
}

int vc_client_call(struct vc_client *client, const char *method, json_t *params, json_t **result,
                   char *error, size_t error_size)
{
    json_t *err = NULL;
    int rc = jsonrpc_call(client->fd, &client->reader, method, params ? params : json_object(),
                          result, &err, NULL, NULL);
    if (rc < 0) {
        snprintf(error, error_size, "the manager closed the connection");
        return -1;
    }
    if (rc > 0) {
        const char *m = json_string_value(json_object_get(err, "message"));
        snprintf(error, error_size, "%s", m ? m : "error without a message");
        json_decref(err);
        return 1;
    }
    return 0;
}

int vc_client_execute(struct vc_client *client, const char *line, const char *user,
                      const char *origin, char **output, bool *ok, char *error, size_t error_size)
{
    json_t *result = NULL;
    char message[VC_CLIENT_ERROR_MAX];

    *output = NULL;
    *ok = false;
    int rc =
        vc_client_call(client, "cli.execute",
                       json_pack("{s:s, s:s, s:s}", "line", line, "user", user, "origin", origin),
                       &result, message, sizeof(message));
    if (rc < 0) {
        snprintf(error, error_size, "%s", message);
        return -1;
    }
    if (rc > 0) {
        if (asprintf(output, "ERROR: %s\n", message) < 0)
            *output = NULL;
        return *output ? 0 : -1;
    }
    const char *text = json_string_value(json_object_get(result, "output"));
    *ok = json_is_true(json_object_get(result, "ok"));
    *output = strdup(text ? text : "");
    json_decref(result);
    if (*output == NULL) {
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    return 0;
}

int vc_client_login(struct vc_client *client, const char *user, const char *password,
                    const char *public_key, const char *origin, char *canonical, size_t size,
                    char *error, size_t error_size)
{
    json_t *params = json_pack("{s:s, s:s}", "user", user, "origin", origin), *result = NULL;

    json_object_set_new(params, password ? "password" : "public_key",
                        json_string(password ? password : public_key));
    int rc = vc_client_call(client, "session.login", params, &result, error, error_size);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    const char *name = json_string_value(json_object_get(result, "user"));
    snprintf(canonical, size, "%s", name ? name : user);
    json_decref(result);
    return 1;
}

int vc_client_key_acceptable(struct vc_client *client, const char *user, const char *public_key,
                             char *error, size_t error_size)
{
    json_t *params =
        json_pack("{s:s, s:s, s:b}", "user", user, "public_key", public_key, "probe", 1);
    json_t *result = NULL;

    int rc = vc_client_call(client, "session.login", params, &result, error, error_size);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    bool acceptable = json_is_true(json_object_get(result, "acceptable"));
    json_decref(result);
    return acceptable ? 1 : 0;
}

bool vc_client_is_exit(const char *line)
{
    char word[16] = "";
    if (sscanf(line, " %15s", word) != 1)
        return false;
    return strcasecmp(word, "exit") == 0 || strcasecmp(word, "quit") == 0 ||
           strcasecmp(word, "logout") == 0;
}
