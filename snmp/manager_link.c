/*
 * manager_link: the queries of one vc-snmp snapshot over vc-manager's
 * read-only socket (docs/manager-protocol.md). See manager_link.h.
 */
#include "snmp/manager_link.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/jsonrpc.h"

#define MANAGER_LINK_PAGE 4096 /* MACs per interconnect.mac_table page */

struct manager_link {
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    int fd;
    struct jsonrpc_reader reader;
};

struct manager_link *manager_link_create(const char *path)
{
    struct manager_link *link;
    if (path == NULL || strlen(path) >= sizeof(link->path))
        return NULL;
    link = calloc(1, sizeof(*link));
    if (link == NULL)
        return NULL;
    strcpy(link->path, path);
    link->fd = -1;
    jsonrpc_reader_init(&link->reader);
    return link;
}

static void manager_link_close(struct manager_link *link)
{
    if (link->fd >= 0)
        close(link->fd);
    link->fd = -1;
    jsonrpc_reader_free(&link->reader);
    jsonrpc_reader_init(&link->reader);
}

void manager_link_destroy(struct manager_link *link)
{
    if (link == NULL)
        return;
    manager_link_close(link);
    free(link);
}

bool manager_link_connected(const struct manager_link *link)
{
    return link->fd >= 0;
}

/* manager_link_call: method(params_stolen) into *result; 0 or -1 (error
 * filled, connection dropped). */
static int manager_link_call(struct manager_link *link, const char *method, json_t *params_stolen,
                             json_t **result, char *error, size_t error_size)
{
    json_t *answer_error = NULL;

    if (link->fd < 0) {
        struct timeval timeout = {.tv_sec = MANAGER_LINK_TIMEOUT_MS / 1000,
                                  .tv_usec = (MANAGER_LINK_TIMEOUT_MS % 1000) * 1000};
        link->fd = jsonrpc_connect(link->path);
        if (link->fd < 0) {
            json_decref(params_stolen);
            snprintf(error, error_size, "manager %s: %s", link->path, strerror(errno));
            return -1;
        }
        setsockopt(link->fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        setsockopt(link->fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    }
    int rc = jsonrpc_call(link->fd, &link->reader, method, params_stolen, result, &answer_error,
                          NULL, NULL);
    if (rc == 0)
        return 0;
    if (rc > 0) {
        snprintf(error, error_size, "manager: %s: %s", method,
                 json_string_value(json_object_get(answer_error, "message")));
        json_decref(answer_error);
    } else {
        snprintf(error, error_size, "manager %s: %s: no answer", link->path, method);
    }
    manager_link_close(link);
    return -1;
}

int manager_link_fetch(struct manager_link *link, struct mib_input *in, char *error,
                       size_t error_size)
{
    struct {
        const char *method;
        json_t **into;
    } queries[] = {
        {"domain.show", &in->domain},         {"status.show", &in->status},
        {"interconnect.ports", &in->ports},   {"network.show", &in->networks},
        {"uplinkset.show", &in->uplink_sets}, {"profile.show", &in->profiles},
        {"server.show", &in->servers},
    };
    json_int_t cursor = 0;

    memset(in, 0, sizeof(*in));
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++)
        if (manager_link_call(link, queries[i].method, NULL, queries[i].into, error, error_size) <
            0)
            goto fail;
    in->macs = json_array();
    do {
        json_t *page = NULL;
        if (manager_link_call(link, "interconnect.mac_table",
                              json_pack("{s:I, s:i}", "cursor", cursor, "limit", MANAGER_LINK_PAGE),
                              &page, error, error_size) < 0)
            goto fail;
        json_array_extend(in->macs, json_object_get(page, "entries"));
        cursor = json_integer_value(json_object_get(page, "next_cursor"));
        json_decref(page);
    } while (cursor > 0);
    return 0;
fail:
    manager_link_input_free(in);
    return -1;
}

void manager_link_input_free(struct mib_input *in)
{
    json_decref(in->domain);
    json_decref(in->status);
    json_decref(in->ports);
    json_decref(in->networks);
    json_decref(in->uplink_sets);
    json_decref(in->profiles);
    json_decref(in->servers);
    json_decref(in->macs);
    memset(in, 0, sizeof(*in));
}

int manager_link_snmp_generation(struct manager_link *link, uint64_t *generation, char *error,
                                 size_t error_size)
{
    json_t *result = NULL;
    if (manager_link_call(link, "snmp.show", NULL, &result, error, error_size) < 0)
        return -1;
    *generation = (uint64_t)json_integer_value(json_object_get(result, "generation"));
    json_decref(result);
    return 0;
}
