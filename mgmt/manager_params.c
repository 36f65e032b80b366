/*
 * manager_params: reading JSON-RPC params for vc-manager's methods, with an
 * invalid-params error that names the parameter, and the protocol's words
 * for the model's enums. Pure: no I/O.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/jsonrpc.h"
#include "mgmt/manager.h"

/* source_name / source_parse: address sources as the protocol writes them. */
const char *manager_source_name(enum domain_address_source s)
{
    return s == DOMAIN_ADDRESS_POOL ? "pool" : s == DOMAIN_ADDRESS_USER ? "user" : "factory";
}

int manager_source_parse(const char *text, enum domain_address_source *s)
{
    if (strcmp(text, "factory") == 0)
        *s = DOMAIN_ADDRESS_FACTORY;
    else if (strcmp(text, "pool") == 0)
        *s = DOMAIN_ADDRESS_POOL;
    else
        return -EINVAL;
    return 0;
}

const char *const manager_speed_names[] = {"auto", "preferred", "custom", "disabled"};
const char *const manager_pxe_names[] = {"use_bios", "enabled", "disabled"};

/* name_index: index of text in names[n], or -1. */
int manager_name_index(const char *const *names, int n, const char *text)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], text) == 0)
            return i;
    return -1;
}

/* mac_json: a MAC as text, or null for 0. */
json_t *manager_address_json(enum pool_kind kind, uint64_t address)
{
    char text[POOL_ADDRESS_STR_MAX];

    if (address == 0 || pool_format_address(kind, address, text, sizeof(text)) < 0)
        return json_null();
    return json_string(text);
}

/* errno_code: the JSON-RPC error code of an operation's errno. */
int manager_errno_code(int rc)
{
    switch (rc) {
    case -ENOENT:
        return JSONRPC_NOT_FOUND;
    case -EINVAL:
    case -EEXIST:
    case -EBUSY:
    case -E2BIG:
        return JSONRPC_INVALID_CONFIG;
    case -ENOSPC:
    case -ENOMEM:
        return JSONRPC_BUSY;
    default:
        return JSONRPC_INTERNAL_ERROR;
    }
}

/* bad_params: fill code/message for invalid params; returns -1. */
int param_error(int *code, char *message, const char *fmt, const char *what)
{
    *code = JSONRPC_INVALID_PARAMS;
    snprintf(message, RPC_SERVER_MESSAGE_MAX, fmt, what);
    return -1;
}

/* check_keys: every member of params is in allowed (NULL-terminated).
 * Returns 0, or -1 with an invalid-params error naming the first other. */
int param_check_keys(json_t *params, const char *const *allowed, int *code, char *message)
{
    const char *unknown = jsonrpc_unknown_member(params, allowed);

    if (unknown != NULL)
        return param_error(code, message, "unknown parameter \"%s\"", unknown);
    return 0;
}

/* get_string: params[key] as a string into *out; absent: *out untouched,
 * and an error when required. Returns 0 or -1 (code/message set). */
int param_string(json_t *params, const char *key, bool required, const char **out, int *code,
                 char *message)
{
    json_t *v = json_object_get(params, key);

    if (v == NULL)
        return required ? param_error(code, message, "missing parameter \"%s\"", key) : 0;
    if (!json_is_string(v))
        return param_error(code, message, "parameter \"%s\" must be a string", key);
    *out = json_string_value(v);
    return 0;
}

/* get_uint: as get_string for a non-negative integer. */
int param_uint(json_t *params, const char *key, bool required, unsigned *out, int *code,
               char *message)
{
    json_t *v = json_object_get(params, key);

    if (v == NULL)
        return required ? param_error(code, message, "missing parameter \"%s\"", key) : 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 0x7fffffff)
        return param_error(code, message, "parameter \"%s\" must be a non-negative integer", key);
    *out = (unsigned)json_integer_value(v);
    return 0;
}

/* get_bool: as get_string for a boolean. */
int param_bool(json_t *params, const char *key, bool *out, int *code, char *message)
{
    json_t *v = json_object_get(params, key);

    if (v == NULL)
        return 0;
    if (!json_is_boolean(v))
        return param_error(code, message, "parameter \"%s\" must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

/* copy_text: params[key] (optional string) into dst/size. */
int param_text(json_t *params, const char *key, char *dst, size_t size, int *code, char *message)
{
    const char *text = NULL;

    if (param_string(params, key, false, &text, code, message) < 0)
        return -1;
    if (text == NULL)
        return 0;
    if (strlen(text) >= size)
        return param_error(code, message, "parameter \"%s\" is too long", key);
    memcpy(dst, text, strlen(text) + 1);
    return 0;
}

/* param_speed_type: the optional params.speed_type word into *type. */
int param_speed_type(json_t *params, enum domain_speed_type *type, int *code, char *message)
{
    const char *speed = NULL;

    if (param_string(params, "speed_type", false, &speed, code, message) < 0)
        return -1;
    if (speed == NULL)
        return 0;
    int i = manager_name_index(manager_speed_names, 4, speed);
    if (i < 0)
        return param_error(code, message,
                           "speed_type \"%s\" is not auto, preferred, custom or disabled", speed);
    *type = (enum domain_speed_type)i;
    return 0;
}

/* param_address_source: the optional params[key] ("factory", "pool",
 * "user") into *source; absent: the domain's `pool_source` (pool or
 * factory). */
int param_address_source(json_t *params, const char *key, enum domain_address_source pool_source,
                         enum domain_address_source *source, int *code, char *message)
{
    const char *text = NULL;

    *source = pool_source == DOMAIN_ADDRESS_POOL ? DOMAIN_ADDRESS_POOL : DOMAIN_ADDRESS_FACTORY;
    if (param_string(params, key, false, &text, code, message) < 0)
        return -1;
    if (text == NULL)
        return 0;
    if (strcmp(text, "user") == 0)
        *source = DOMAIN_ADDRESS_USER;
    else if (manager_source_parse(text, source) < 0)
        return param_error(code, message, "%s is not factory, pool or user", key);
    return 0;
}
