/*
 * config: validate the manager's configuration document and build the
 * immutable snapshot the workers read (docs/dataplane-protocol.md, "The
 * configuration document").
 *
 * The whole document is checked before the snapshot is handed out: it is
 * built in a private allocation while being checked, and any error frees it
 * and returns NULL with one line naming the field path
 * ("flexnics[3].vnet: no vNet named \"Prod9\""). Unknown members are refused
 * everywhere, so a typo never silently does nothing.
 *
 * Order of the checks: root scalars, ports, uplink sets, vNet names (ids are
 * given here, stable by name across generations), the rest of each vNet,
 * FlexNICs, static MACs; then the derived tables (vNet members).
 *
 * Name lookups go through jansson objects used as hash tables, so a document
 * with 4096 vNets and full VLAN maps is checked in linear time.
 */
#include "dataplane/config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFIG_MAX_AGING_S     1000000
#define CONFIG_MIN_MAC_TABLE   1024
#define CONFIG_MAX_MAC_TABLE   4194304
#define CONFIG_MAX_MAC_LIMIT   CONFIG_MAX_MAC_TABLE
#define CONFIG_MAX_STATIC_MACS 1024 /* per vNet */
#define CONFIG_MAX_FLEXNICS    (DP_MAX_DOWNLINKS * DP_FLEXNICS_PER_PORT)
#define CONFIG_VLAN_MIN        1
#define CONFIG_VLAN_MAX        4094
#define CONFIG_PATH_MAX        128
#define CONFIG_ROOT            "<root>"

/* State of one config_parse call. */
struct config_parser {
    char *error;
    size_t error_size;
    struct dp_config *config;
    const struct dp_config *previous;
    json_t *vnet_ids;                                        /* name -> id */
    uint16_t vnet_of_doc[DP_MAX_VNETS];                      /* vnets[i] -> id */
    int16_t flexnic_doc[DP_MAX_PORTS][DP_FLEXNICS_PER_PORT]; /* -> flexnics[i] */
    uint32_t min_sum_mbps[DP_MAX_PORTS];
};

/* ------------------------------------------------------------------------
 * Errors and typed member access
 * ------------------------------------------------------------------------ */

/* config_fail: write "path: message" into the parser's error buffer.
 * Returns -1 so that callers can `return config_fail(...)`. */
__attribute__((format(printf, 3, 4))) static int config_fail(struct config_parser *parser,
                                                             const char *path, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (parser->error == NULL || parser->error_size == 0)
        return -1;
    n = snprintf(parser->error, parser->error_size, "%s: ", path);
    if (n < 0 || (size_t)n >= parser->error_size)
        return -1;
    va_start(ap, fmt);
    vsnprintf(parser->error + n, parser->error_size - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* config_type_name: "a string", "an integer"... for error messages. */
static const char *config_type_name(const json_t *value)
{
    switch (json_typeof(value)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a real number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "something else";
}

/* config_path: path of member `key` of the object at `path` into `out`
 * (just `key` at the root); cut short if longer than CONFIG_PATH_MAX. */
static void config_path(char *out, const char *path, const char *key)
{
    int n;

    if (strcmp(path, CONFIG_ROOT) == 0)
        n = snprintf(out, CONFIG_PATH_MAX, "%s", key);
    else
        n = snprintf(out, CONFIG_PATH_MAX, "%s.%s", path, key);
    if (n >= CONFIG_PATH_MAX)
        out[CONFIG_PATH_MAX - 1] = '\0';
}

/* config_path_index: path of element `index` of the array at `path`. */
static void config_path_index(char *out, const char *path, size_t index)
{
    if (snprintf(out, CONFIG_PATH_MAX, "%s[%zu]", path, index) >= CONFIG_PATH_MAX)
        out[CONFIG_PATH_MAX - 1] = '\0';
}

/* config_check_members: refuse any member of `object` not in `allowed`
 * (NULL-terminated). Returns 0 or -1 with `path: unknown member "x"`. */
static int config_check_members(struct config_parser *parser, const char *path,
                                const json_t *object, const char *const *allowed)
{
    const char *key;
    json_t *value;

    json_object_foreach((json_t *)object, key, value)
    {
        size_t i;

        for (i = 0; allowed[i] != NULL; i++)
            if (strcmp(key, allowed[i]) == 0)
                break;
        if (allowed[i] == NULL)
            return config_fail(parser, path, "unknown member \"%s\"", key);
    }
    return 0;
}

/* config_expect_object: `value` at `path` must be an object. */
static int config_expect_object(struct config_parser *parser, const char *path, const json_t *value)
{
    if (!json_is_object(value))
        return config_fail(parser, path, "expected an object, got %s", config_type_name(value));
    return 0;
}

/* config_get_array: optional array member `key`; *out = NULL when absent.
 * At most `max_size` elements. Returns 0 or -1 (wrong type, too long). */
static int config_get_array(struct config_parser *parser, const char *path, const json_t *object,
                            const char *key, size_t max_size, json_t **out)
{
    char member[CONFIG_PATH_MAX];
    json_t *value = json_object_get(object, key);

    *out = NULL;
    if (value == NULL)
        return 0;
    config_path(member, path, key);
    if (!json_is_array(value))
        return config_fail(parser, member, "expected an array, got %s", config_type_name(value));
    if (json_array_size(value) > max_size)
        return config_fail(parser, member, "%zu entries, at most %zu", json_array_size(value),
                           max_size);
    *out = value;
    return 0;
}

/* config_string_value: `value` at `path` must be a string without NUL bytes;
 * *out points into the JSON value. Returns 0 or -1. */
static int config_string_value(struct config_parser *parser, const char *path, const json_t *value,
                               const char **out)
{
    if (!json_is_string(value))
        return config_fail(parser, path, "expected a string, got %s", config_type_name(value));
    *out = json_string_value(value);
    if (strlen(*out) != json_string_length(value))
        return config_fail(parser, path, "contains a NUL character");
    return 0;
}

/* config_get_string: member `key` as a string; *out = NULL when absent and
 * not `required`. Returns 0 or -1 (missing, wrong type). */
static int config_get_string(struct config_parser *parser, const char *path, const json_t *object,
                             const char *key, bool required, const char **out)
{
    char member[CONFIG_PATH_MAX];
    json_t *value = json_object_get(object, key);

    *out = NULL;
    config_path(member, path, key);
    if (value == NULL) {
        if (required)
            return config_fail(parser, member, "required");
        return 0;
    }
    return config_string_value(parser, member, value, out);
}

/* config_get_bool: optional boolean member `key`, `fallback` when absent.
 * *present (may be NULL) says whether it was there. Returns 0 or -1. */
static int config_get_bool(struct config_parser *parser, const char *path, const json_t *object,
                           const char *key, bool fallback, bool *out, bool *present)
{
    char member[CONFIG_PATH_MAX];
    json_t *value = json_object_get(object, key);

    *out = fallback;
    if (present != NULL)
        *present = value != NULL;
    if (value == NULL)
        return 0;
    if (!json_is_boolean(value)) {
        config_path(member, path, key);
        return config_fail(parser, member, "expected a boolean, got %s", config_type_name(value));
    }
    *out = json_is_true(value);
    return 0;
}

/* Limits of an integer member. */
struct config_range {
    json_int_t min;
    json_int_t max;
    json_int_t step; /* value must be a multiple of step (1 = any) */
};

/* config_range_text: "100-20000 in steps of 100" or "1-4094" into `out`. */
static void config_range_text(const struct config_range *range, char *out, size_t size)
{
    if (range->step > 1)
        snprintf(out, size, "%lld-%lld in steps of %lld", (long long)range->min,
                 (long long)range->max, (long long)range->step);
    else
        snprintf(out, size, "%lld-%lld", (long long)range->min, (long long)range->max);
}

/* config_int_value: `value` at `path` must be an integer inside `range`.
 * Returns 0 or -1 ("25000 is above 20000 (100-20000 in steps of 100)"). */
static int config_int_value(struct config_parser *parser, const char *path, const json_t *value,
                            const struct config_range *range, json_int_t *out)
{
    char text[80];
    json_int_t v;

    if (!json_is_integer(value))
        return config_fail(parser, path, "expected an integer, got %s", config_type_name(value));
    v = json_integer_value(value);
    config_range_text(range, text, sizeof(text));
    if (v < range->min)
        return config_fail(parser, path, "%lld is below %lld (%s)", (long long)v,
                           (long long)range->min, text);
    if (v > range->max)
        return config_fail(parser, path, "%lld is above %lld (%s)", (long long)v,
                           (long long)range->max, text);
    if (range->step > 1 && v % range->step != 0)
        return config_fail(parser, path, "%lld is not a multiple of %lld (%s)", (long long)v,
                           (long long)range->step, text);
    *out = v;
    return 0;
}

/* config_get_int: integer member `key` inside `range`; `fallback` when absent
 * and not `required`. *present (may be NULL) says whether it was there. */
static int config_get_int(struct config_parser *parser, const char *path, const json_t *object,
                          const char *key, const struct config_range *range, bool required,
                          json_int_t fallback, json_int_t *out, bool *present)
{
    char member[CONFIG_PATH_MAX];
    json_t *value = json_object_get(object, key);

    *out = fallback;
    if (present != NULL)
        *present = value != NULL;
    config_path(member, path, key);
    if (value == NULL) {
        if (required)
            return config_fail(parser, member, "required");
        return 0;
    }
    return config_int_value(parser, member, value, range, out);
}

/* ------------------------------------------------------------------------
 * Names and MAC addresses
 * ------------------------------------------------------------------------ */

/* config_check_name: vNet and uplink-set names are 1..63 characters of
 * [A-Za-z0-9_.-]. Returns 0 or -1 naming `path`. */
static int config_check_name(struct config_parser *parser, const char *path, const char *name)
{
    size_t length = strlen(name);

    if (length == 0 || length >= DP_NAME_MAX)
        return config_fail(parser, path, "\"%.80s\" is not 1-%d characters long", name,
                           DP_NAME_MAX - 1);
    for (size_t i = 0; i < length; i++) {
        char c = name[i];

        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return config_fail(parser, path, "\"%s\" has a character outside [A-Za-z0-9_.-]", name);
    }
    return 0;
}

/* config_digits: the number written at `text` without a leading zero, at
 * most `max`, into *value; returns the characters read, 0 for none. */
static size_t config_digits(const char *text, unsigned max, unsigned *value)
{
    size_t i;

    *value = 0;
    if (text[0] < '1' || text[0] > '9')
        return 0;
    for (i = 0; text[i] >= '0' && text[i] <= '9' && i < 3; i++)
        *value = *value * 10 + (unsigned)(text[i] - '0');
    return *value <= max ? i : 0;
}

/* config_port_name: "d1".."d32", "e1d1".."e3d16" (the downlinks of a
 * stacked enclosure, profiles/plan.h) or "X1".."X16" (no leading zero) into
 * role and number. Returns 0, or -1 for anything else. */
static int config_port_name(const char *name, enum dp_port_role *role, uint16_t *number)
{
    unsigned value, enclosure;
    size_t n;

    if (name[0] == 'd') {
        *role = DP_PORT_DOWNLINK;
        n = config_digits(name + 1, DP_MAX_DOWNLINK_BAY, &value);
    } else if (name[0] == 'X') {
        *role = DP_PORT_UPLINK;
        n = config_digits(name + 1, DP_MAX_UPLINK_NUMBER, &value);
    } else if (name[0] == 'e' && config_digits(name + 1, DP_MAX_STACKED_ENC, &enclosure) == 1 &&
               name[2] == 'd') {
        *role = DP_PORT_DOWNLINK;
        n = config_digits(name + 3, DP_MAX_STACKED_BAY, &value);
        if (n != 0)
            n += 2;
    } else {
        return -1;
    }
    if (n == 0 || name[1 + n] != '\0')
        return -1;
    *number = (uint16_t)value;
    return 0;
}

/* config_hex: value of one hex digit, or -1. */
static int config_hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* config_parse_mac: exactly "xx:xx:xx:xx:xx:xx" with hex digits of either
 * case into mac[6]. Returns 0, or -1 (mac untouched) for anything else. */
int config_parse_mac(const char *text, uint8_t mac[6])
{
    uint8_t out[6];

    if (text == NULL || strlen(text) != 17)
        return -1;
    for (int i = 0; i < 6; i++) {
        int high = config_hex(text[i * 3]), low = config_hex(text[i * 3 + 1]);

        if (high < 0 || low < 0 || (i < 5 && text[i * 3 + 2] != ':'))
            return -1;
        out[i] = (uint8_t)(high << 4 | low);
    }
    memcpy(mac, out, 6);
    return 0;
}

/* config_format_mac: mac[6] as "02:56:43:00:00:01" into buf[18]. */
void config_format_mac(const uint8_t mac[6], char buf[18])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
}

/* config_get_mac: member `key` (required or not) as a unicast, non-zero MAC.
 * *present says whether it was there. Returns 0 or -1. */
static int config_get_mac(struct config_parser *parser, const char *path, const json_t *object,
                          const char *key, bool required, uint8_t mac[6], bool *present)
{
    char member[CONFIG_PATH_MAX];
    const char *text;
    static const uint8_t zero[6];

    *present = false;
    if (config_get_string(parser, path, object, key, required, &text) < 0)
        return -1;
    if (text == NULL)
        return 0;
    config_path(member, path, key);
    if (config_parse_mac(text, mac) < 0)
        return config_fail(parser, member,
                           "\"%.40s\" is not a MAC address (like 02:56:43:00:00:10)", text);
    if ((mac[0] & 1) != 0)
        return config_fail(parser, member, "%s is a multicast address, not unicast", text);
    if (memcmp(mac, zero, 6) == 0)
        return config_fail(parser, member, "%s is the all-zero address", text);
    *present = true;
    return 0;
}

/* ------------------------------------------------------------------------
 * Lookups
 * ------------------------------------------------------------------------ */

/* config_find_port: index of the port named `name`, or -1. */
int config_find_port(const struct dp_config *config, const char *name)
{
    for (unsigned i = 0; i < config->n_ports; i++)
        if (strcmp(config->ports[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* config_find_vnet: id of the vNet named `name`, or DP_VNET_NONE. */
uint16_t config_find_vnet(const struct dp_config *config, const char *name)
{
    for (unsigned id = 0; id < DP_MAX_VNETS; id++)
        if (config->vnets[id].defined && strcmp(config->vnets[id].name, name) == 0)
            return (uint16_t)id;
    return DP_VNET_NONE;
}

/* config_find_set: index of the uplink set named `name`, or -1. */
static int config_find_set(const struct dp_config *config, const char *name)
{
    for (unsigned i = 0; i < config->n_uplink_sets; i++)
        if (strcmp(config->uplink_sets[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* config_lookup_vnet: id of the vNet called `name` in the document being
 * parsed, or DP_VNET_NONE. */
static uint16_t config_lookup_vnet(struct config_parser *parser, const char *name)
{
    json_t *id = json_object_get(parser->vnet_ids, name);

    return id == NULL ? DP_VNET_NONE : (uint16_t)json_integer_value(id);
}

/* config_ref_port: the string at `path` names a port of role `role`.
 * Returns its index, or -1 (wrong type, no such port, wrong role). */
static int config_ref_port(struct config_parser *parser, const char *path, const json_t *value,
                           enum dp_port_role role)
{
    const char *name;
    int port;

    if (config_string_value(parser, path, value, &name) < 0)
        return -1;
    port = config_find_port(parser->config, name);
    if (port < 0)
        return config_fail(parser, path, "no port named \"%.40s\"", name);
    if (parser->config->ports[port].role != role)
        return config_fail(parser, path, "port \"%s\" is %s, not %s", name,
                           role == DP_PORT_UPLINK ? "a downlink" : "an uplink",
                           role == DP_PORT_UPLINK ? "an uplink" : "a downlink");
    return port;
}

/* config_ref_vnet: the string at `path` names a vNet of the document.
 * Returns its id, or DP_VNET_NONE after writing the error. */
static uint16_t config_ref_vnet(struct config_parser *parser, const char *path, const json_t *value)
{
    const char *name;
    uint16_t id;

    if (config_string_value(parser, path, value, &name) < 0)
        return DP_VNET_NONE;
    id = config_lookup_vnet(parser, name);
    if (id == DP_VNET_NONE)
        config_fail(parser, path, "no vNet named \"%.80s\"", name);
    return id;
}

/* config_flexnic_carries: does the FlexNIC carry vNet `id`? */
static bool config_flexnic_carries(const struct dp_flexnic_config *flexnic, uint16_t id)
{
    if (!flexnic->defined)
        return false;
    if (flexnic->vnet == id)
        return true;
    return flexnic->vnet_to_vlan != NULL && flexnic->vnet_to_vlan[id] != DP_VLAN_NONE;
}

/* ------------------------------------------------------------------------
 * Sections of the document
 * ------------------------------------------------------------------------ */

/* config_parse_mac_cache: the optional `mac_cache` object (NULL = absent:
 * disabled, with the default refresh and repeats). Returns 0 or -1. */
static int config_parse_mac_cache(struct config_parser *parser, const json_t *object)
{
    static const char *const allowed[] = {"enabled", "refresh_ms", "repeats", NULL};
    static const struct config_range refresh = {DP_MAC_CACHE_MIN_REFRESH_MS,
                                                DP_MAC_CACHE_MAX_REFRESH_MS, 1};
    static const struct config_range repeats = {1, DP_MAC_CACHE_MAX_REPEATS, 1};
    struct dp_mac_cache_config *mac_cache = &parser->config->mac_cache;
    json_int_t v;

    mac_cache->enabled = false;
    mac_cache->refresh_ms = DP_MAC_CACHE_DEFAULT_REFRESH_MS;
    mac_cache->repeats = DP_MAC_CACHE_DEFAULT_REPEATS;
    if (object == NULL)
        return 0;
    if (config_expect_object(parser, "mac_cache", object) < 0 ||
        config_check_members(parser, "mac_cache", object, allowed) < 0 ||
        config_get_bool(parser, "mac_cache", object, "enabled", true, &mac_cache->enabled, NULL) <
            0)
        return -1;
    if (config_get_int(parser, "mac_cache", object, "refresh_ms", &refresh, false,
                       DP_MAC_CACHE_DEFAULT_REFRESH_MS, &v, NULL) < 0)
        return -1;
    mac_cache->refresh_ms = (uint32_t)v;
    if (config_get_int(parser, "mac_cache", object, "repeats", &repeats, false,
                       DP_MAC_CACHE_DEFAULT_REPEATS, &v, NULL) < 0)
        return -1;
    mac_cache->repeats = (uint32_t)v;
    return 0;
}

/* config_parse_port_protect: the optional `port_protect` object (NULL =
 * absent: both protections off, default intervals). Returns 0 or -1. */
static int config_parse_port_protect(struct config_parser *parser, const json_t *object)
{
    static const char *const allowed[] = {"network_loop",    "pause_flood",     "loop_interval_ms",
                                          "pause_window_ms", "pause_threshold", NULL};
    static const struct config_range interval = {DP_PORT_PROTECT_MIN_INTERVAL_MS,
                                                 DP_PORT_PROTECT_MAX_INTERVAL_MS, 1};
    static const struct config_range threshold = {1, DP_PORT_PROTECT_MAX_PAUSE_THRESHOLD, 1};
    struct dp_port_protect_config *protect = &parser->config->port_protect;
    json_int_t v;

    protect->network_loop = false;
    protect->pause_flood = false;
    protect->loop_interval_ms = DP_PORT_PROTECT_DEFAULT_LOOP_INTERVAL_MS;
    protect->pause_window_ms = DP_PORT_PROTECT_DEFAULT_PAUSE_WINDOW_MS;
    protect->pause_threshold = DP_PORT_PROTECT_DEFAULT_PAUSE_THRESHOLD;
    if (object == NULL)
        return 0;
    if (config_expect_object(parser, "port_protect", object) < 0 ||
        config_check_members(parser, "port_protect", object, allowed) < 0 ||
        config_get_bool(parser, "port_protect", object, "network_loop", true,
                        &protect->network_loop, NULL) < 0 ||
        config_get_bool(parser, "port_protect", object, "pause_flood", true, &protect->pause_flood,
                        NULL) < 0)
        return -1;
    if (config_get_int(parser, "port_protect", object, "loop_interval_ms", &interval, false,
                       DP_PORT_PROTECT_DEFAULT_LOOP_INTERVAL_MS, &v, NULL) < 0)
        return -1;
    protect->loop_interval_ms = (uint32_t)v;
    if (config_get_int(parser, "port_protect", object, "pause_window_ms", &interval, false,
                       DP_PORT_PROTECT_DEFAULT_PAUSE_WINDOW_MS, &v, NULL) < 0)
        return -1;
    protect->pause_window_ms = (uint32_t)v;
    if (config_get_int(parser, "port_protect", object, "pause_threshold", &threshold, false,
                       DP_PORT_PROTECT_DEFAULT_PAUSE_THRESHOLD, &v, NULL) < 0)
        return -1;
    protect->pause_threshold = (uint32_t)v;
    return 0;
}

/* config_parse_root: the scalars of the root object. Returns 0 or -1. */
static int config_parse_root(struct config_parser *parser, const json_t *document)
{
    static const char *const allowed[] = {
        "generation", "aging_s",  "max_frame_bytes", "mac_table_size", "ports", "uplink_sets",
        "vnets",      "flexnics", "mac_cache",       "port_protect",   NULL};
    static const struct config_range generation = {1, INT64_MAX, 1};
    static const struct config_range aging = {0, CONFIG_MAX_AGING_S, 1};
    static const struct config_range frame = {DP_MIN_MAX_FRAME, DP_DEFAULT_MAX_FRAME, 1};
    static const struct config_range table = {CONFIG_MIN_MAC_TABLE, CONFIG_MAX_MAC_TABLE, 1};
    struct dp_config *config = parser->config;
    json_int_t v;

    if (config_expect_object(parser, CONFIG_ROOT, document) < 0 ||
        config_check_members(parser, CONFIG_ROOT, document, allowed) < 0)
        return -1;
    if (config_get_int(parser, CONFIG_ROOT, document, "generation", &generation, true, 0, &v,
                       NULL) < 0)
        return -1;
    config->generation = (uint64_t)v;
    if (config_get_int(parser, CONFIG_ROOT, document, "aging_s", &aging, false, DP_DEFAULT_AGING_S,
                       &v, NULL) < 0)
        return -1;
    config->aging_s = (uint32_t)v;
    if (config_get_int(parser, CONFIG_ROOT, document, "max_frame_bytes", &frame, false,
                       DP_DEFAULT_MAX_FRAME, &v, NULL) < 0)
        return -1;
    config->max_frame_bytes = (uint32_t)v;
    if (config_get_int(parser, CONFIG_ROOT, document, "mac_table_size", &table, false,
                       DP_DEFAULT_MAC_TABLE, &v, NULL) < 0)
        return -1;
    config->mac_table_size = (uint32_t)v;
    if (config_parse_mac_cache(parser, json_object_get(document, "mac_cache")) < 0)
        return -1;
    return config_parse_port_protect(parser, json_object_get(document, "port_protect"));
}

/* config_parse_ports: `ports`, in document order (= port index). */
static int config_parse_ports(struct config_parser *parser, const json_t *document)
{
    static const char *const allowed[] = {"name",    "device",      "speed_mbps",
                                          "enabled", "partitioned", NULL};
    static const struct config_range speed = {DP_MIN_RATE_MBPS, DP_MAX_PORT_SPEED_MBPS,
                                              DP_RATE_STEP_MBPS};
    struct dp_config *config = parser->config;
    json_t *ports, *item;
    size_t i, downlinks = 0;

    if (config_get_array(parser, CONFIG_ROOT, document, "ports", DP_MAX_PORTS, &ports) < 0)
        return -1;
    json_array_foreach(ports, i, item)
    {
        struct dp_port_config *port = &config->ports[i];
        char path[CONFIG_PATH_MAX], member[CONFIG_PATH_MAX];
        const char *name, *device;
        json_int_t v;

        config_path_index(path, "ports", i);
        if (config_expect_object(parser, path, item) < 0 ||
            config_check_members(parser, path, item, allowed) < 0 ||
            config_get_string(parser, path, item, "name", true, &name) < 0)
            return -1;
        config_path(member, path, "name");
        if (config_port_name(name, &port->role, &port->number) < 0)
            return config_fail(parser, member,
                               "\"%.40s\" is not a port name (d1-d%d, e1d1-e%dd%d or X1-X%d)", name,
                               DP_MAX_DOWNLINK_BAY, DP_MAX_STACKED_ENC, DP_MAX_STACKED_BAY,
                               DP_MAX_UPLINK_NUMBER);
        if (port->role == DP_PORT_DOWNLINK && ++downlinks > DP_MAX_DOWNLINKS)
            return config_fail(parser, member, "\"%s\" is downlink %zu, at most %d", name,
                               downlinks, DP_MAX_DOWNLINKS);
        for (size_t j = 0; j < i; j++)
            if (strcmp(config->ports[j].name, name) == 0)
                return config_fail(parser, member, "port \"%s\" already defined (ports[%zu])", name,
                                   j);
        snprintf(port->name, sizeof(port->name), "%s", name);

        if (config_get_string(parser, path, item, "device", true, &device) < 0)
            return -1;
        config_path(member, path, "device");
        if (device[0] == '\0' || strlen(device) >= DP_DEVICE_MAX)
            return config_fail(parser, member, "must be 1-%d characters long", DP_DEVICE_MAX - 1);
        for (size_t j = 0; j < i; j++)
            if (strcmp(config->ports[j].device, device) == 0)
                return config_fail(parser, member, "\"%s\" already used by port \"%s\"", device,
                                   config->ports[j].name);
        snprintf(port->device, sizeof(port->device), "%s", device);

        if (config_get_int(parser, path, item, "speed_mbps", &speed, false, 10000, &v, NULL) < 0 ||
            config_get_bool(parser, path, item, "enabled", true, &port->enabled, NULL) < 0 ||
            config_get_bool(parser, path, item, "partitioned", false, &port->partitioned, NULL) < 0)
            return -1;
        port->speed_mbps = (uint32_t)v;
        if (port->partitioned && port->role != DP_PORT_DOWNLINK) {
            config_path(member, path, "partitioned");
            return config_fail(parser, member, "only downlinks (dN) can be partitioned");
        }
        port->uplink_set = -1;
        port->dedicated_vnet = DP_VNET_NONE;
        for (int f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
            port->flexnics[f].vnet = DP_VNET_NONE;
            port->flexnics[f].untagged_vnet = DP_VNET_NONE;
        }
        config->n_ports = (uint16_t)(i + 1);
    }
    return 0;
}

/* config_parse_sets: `uplink_sets`: names and their ports. */
static int config_parse_sets(struct config_parser *parser, const json_t *document)
{
    static const char *const allowed[] = {"name", "ports", NULL};
    struct dp_config *config = parser->config;
    json_t *sets, *item;
    size_t i;

    if (config_get_array(parser, CONFIG_ROOT, document, "uplink_sets", DP_MAX_UPLINK_SETS, &sets) <
        0)
        return -1;
    json_array_foreach(sets, i, item)
    {
        struct dp_uplink_set_config *set = &config->uplink_sets[i];
        char path[CONFIG_PATH_MAX], member[CONFIG_PATH_MAX], element[CONFIG_PATH_MAX];
        const char *name;
        json_t *ports, *value;
        size_t j;

        config_path_index(path, "uplink_sets", i);
        if (config_expect_object(parser, path, item) < 0 ||
            config_check_members(parser, path, item, allowed) < 0 ||
            config_get_string(parser, path, item, "name", true, &name) < 0)
            return -1;
        config_path(member, path, "name");
        if (config_check_name(parser, member, name) < 0)
            return -1;
        if (config_find_set(config, name) >= 0)
            return config_fail(parser, member, "uplink set \"%s\" already defined", name);
        snprintf(set->name, sizeof(set->name), "%s", name);
        set->native_vnet = DP_VNET_NONE;
        for (unsigned vlan = 0; vlan < DP_VLAN_COUNT; vlan++)
            set->vlan_to_vnet[vlan] = DP_VNET_NONE;
        config->n_uplink_sets = (uint16_t)(i + 1);

        if (config_get_array(parser, path, item, "ports", DP_MAX_PORTS, &ports) < 0)
            return -1;
        config_path(member, path, "ports");
        json_array_foreach(ports, j, value)
        {
            int port;

            config_path_index(element, member, j);
            port = config_ref_port(parser, element, value, DP_PORT_UPLINK);
            if (port < 0)
                return -1;
            if (config->ports[port].uplink_set >= 0)
                return config_fail(parser, element, "port \"%s\" is already in uplink set \"%s\"",
                                   config->ports[port].name,
                                   config->uplink_sets[config->ports[port].uplink_set].name);
            config->ports[port].uplink_set = (int16_t)i;
            set->ports[set->n_ports++] = (uint8_t)port;
        }
    }
    return 0;
}

/* config_assign_ids: check every vNet's members and name, and give each an
 * id: the one it had in `previous` under the same name, else the lowest id
 * neither taken now nor used by `previous` (so a removed vNet's learned MACs
 * are never inherited by a new one in the same generation); if none is
 * left, the lowest id not taken now. */
static int config_assign_ids(struct config_parser *parser, const json_t *vnets)
{
    static const char *const allowed[] = {"name",        "uplink_set", "vlan",    "native",
                                          "uplinks",     "tunnel",     "private", "mac_limit",
                                          "static_macs", NULL};
    struct dp_config *config = parser->config;
    const struct dp_config *previous = parser->previous;
    json_t *item;
    size_t i;
    unsigned next = 0;

    json_array_foreach(vnets, i, item)
    {
        char path[CONFIG_PATH_MAX], member[CONFIG_PATH_MAX];
        const char *name;
        json_t *first;

        config_path_index(path, "vnets", i);
        if (config_expect_object(parser, path, item) < 0 ||
            config_check_members(parser, path, item, allowed) < 0 ||
            config_get_string(parser, path, item, "name", true, &name) < 0)
            return -1;
        config_path(member, path, "name");
        if (config_check_name(parser, member, name) < 0)
            return -1;
        first = json_object_get(parser->vnet_ids, name);
        if (first != NULL)
            return config_fail(parser, member, "vNet \"%s\" already defined (vnets[%lld])", name,
                               (long long)json_integer_value(first));
        if (json_object_set_new(parser->vnet_ids, name, json_integer((json_int_t)i)) < 0)
            return config_fail(parser, member, "out of memory");
        parser->vnet_of_doc[i] = DP_VNET_NONE;
        if (previous != NULL) {
            uint16_t id = config_find_vnet(previous, name);

            if (id != DP_VNET_NONE) {
                parser->vnet_of_doc[i] = id;
                config->vnets[id].defined = true;
            }
        }
    }
    json_array_foreach(vnets, i, item)
    {
        const char *name = json_string_value(json_object_get(item, "name"));
        uint16_t id = parser->vnet_of_doc[i];

        if (id == DP_VNET_NONE) {
            while (next < DP_MAX_VNETS && (config->vnets[next].defined ||
                                           (previous != NULL && previous->vnets[next].defined)))
                next++;
            if (next < DP_MAX_VNETS) {
                id = (uint16_t)next;
            } else {
                id = 0;
                while (config->vnets[id].defined)
                    id++;
            }
            parser->vnet_of_doc[i] = id;
        }
        config->vnets[id].defined = true;
        snprintf(config->vnets[id].name, sizeof(config->vnets[id].name), "%s", name);
        config->vnets[id].uplink_set = -1;
        if (json_object_set_new(parser->vnet_ids, name, json_integer(id)) < 0)
            return config_fail(parser, "vnets", "out of memory");
    }
    return 0;
}

/* config_parse_vnet_uplinks: uplink_set + vlan / native, or dedicated
 * uplinks, of the vNet vnets[index] (id `id`). */
static int config_parse_vnet_uplinks(struct config_parser *parser, const char *path,
                                     const json_t *item, uint16_t id)
{
    static const struct config_range vlan_range = {CONFIG_VLAN_MIN, CONFIG_VLAN_MAX, 1};
    struct dp_config *config = parser->config;
    struct dp_vnet_config *vnet = &config->vnets[id];
    char member[CONFIG_PATH_MAX], element[CONFIG_PATH_MAX];
    const char *set_name;
    json_int_t vlan;
    bool has_vlan, native, tunnel;
    json_t *uplinks, *value;
    size_t j;

    if (config_get_string(parser, path, item, "uplink_set", false, &set_name) < 0 ||
        config_get_int(parser, path, item, "vlan", &vlan_range, false, 0, &vlan, &has_vlan) < 0 ||
        config_get_bool(parser, path, item, "native", false, &native, NULL) < 0 ||
        config_get_array(parser, path, item, "uplinks", DP_MAX_PORTS, &uplinks) < 0)
        return -1;
    tunnel = vnet->tunnel;

    if (set_name != NULL) {
        struct dp_uplink_set_config *set;
        int index = config_find_set(config, set_name);

        config_path(member, path, "uplink_set");
        if (index < 0)
            return config_fail(parser, member, "no uplink set named \"%.80s\"", set_name);
        if (tunnel)
            return config_fail(parser, member,
                               "a tunnel vNet cannot use an uplink set (dedicated uplinks or "
                               "none)");
        if (uplinks != NULL) {
            config_path(member, path, "uplinks");
            return config_fail(parser, member,
                               "a vNet has either an uplink set or dedicated uplinks, not both");
        }
        set = &config->uplink_sets[index];
        if (native) {
            config_path(member, path, has_vlan ? "vlan" : "native");
            if (has_vlan)
                return config_fail(parser, member, "a native vNet is untagged, it has no VLAN");
            if (set->native_vnet != DP_VNET_NONE)
                return config_fail(parser, member,
                                   "uplink set \"%s\" already has native vNet \"%s\"", set->name,
                                   config->vnets[set->native_vnet].name);
            set->native_vnet = id;
        } else {
            config_path(member, path, "vlan");
            if (!has_vlan)
                return config_fail(parser, member,
                                   "required with uplink_set (or \"native\": true)");
            if (set->vlan_to_vnet[vlan] != DP_VNET_NONE)
                return config_fail(
                    parser, member, "VLAN %lld already used by vNet \"%s\" on uplink set \"%s\"",
                    (long long)vlan, config->vnets[set->vlan_to_vnet[vlan]].name, set->name);
            set->vlan_to_vnet[vlan] = id;
            vnet->uplink_vlan = (uint16_t)vlan;
        }
        vnet->uplink_set = (int16_t)index;
        memcpy(vnet->uplink_ports, set->ports, set->n_ports);
        vnet->n_uplink_ports = set->n_ports;
        return 0;
    }

    if (has_vlan) {
        config_path(member, path, "vlan");
        return config_fail(parser, member, "a VLAN needs uplink_set");
    }
    if (native) {
        config_path(member, path, "native");
        return config_fail(parser, member, "native needs uplink_set");
    }
    config_path(member, path, "uplinks");
    json_array_foreach(uplinks, j, value)
    {
        struct dp_port_config *port;
        int index;

        config_path_index(element, member, j);
        index = config_ref_port(parser, element, value, DP_PORT_UPLINK);
        if (index < 0)
            return -1;
        port = &config->ports[index];
        if (port->uplink_set >= 0)
            return config_fail(parser, element, "port \"%s\" is in uplink set \"%s\"", port->name,
                               config->uplink_sets[port->uplink_set].name);
        if (port->dedicated_vnet != DP_VNET_NONE)
            return config_fail(parser, element,
                               "port \"%s\" is already the dedicated uplink of vNet \"%s\"",
                               port->name, config->vnets[port->dedicated_vnet].name);
        port->dedicated_vnet = id;
        vnet->uplink_ports[vnet->n_uplink_ports++] = (uint8_t)index;
    }
    return 0;
}

/* config_parse_vnets: `vnets`: ids first, then every other member except
 * static_macs (which need the FlexNICs). */
static int config_parse_vnets(struct config_parser *parser, const json_t *vnets)
{
    static const struct config_range limit = {0, CONFIG_MAX_MAC_LIMIT, 1};
    struct dp_config *config = parser->config;
    json_t *item;
    size_t i;

    if (config_assign_ids(parser, vnets) < 0)
        return -1;
    json_array_foreach(vnets, i, item)
    {
        uint16_t id = parser->vnet_of_doc[i];
        struct dp_vnet_config *vnet = &config->vnets[id];
        char path[CONFIG_PATH_MAX];
        json_int_t v;
        json_t *statics;

        config_path_index(path, "vnets", i);
        if (config_get_bool(parser, path, item, "tunnel", false, &vnet->tunnel, NULL) < 0 ||
            config_get_bool(parser, path, item, "private", false, &vnet->private_network, NULL) <
                0 ||
            config_get_int(parser, path, item, "mac_limit", &limit, false, 0, &v, NULL) < 0 ||
            config_get_array(parser, path, item, "static_macs", CONFIG_MAX_STATIC_MACS, &statics) <
                0)
            return -1;
        vnet->mac_limit = (uint32_t)v;
        if (config_parse_vnet_uplinks(parser, path, item, id) < 0)
            return -1;
    }
    return 0;
}

/* config_parse_map: the server-VLAN map (`vlans`, `untagged_vnet`) of the
 * FlexNIC at `path`. Returns 0 or -1. */
static int config_parse_map(struct config_parser *parser, const char *path, const json_t *item,
                            const json_t *vlans, struct dp_flexnic_config *flexnic)
{
    static const char *const allowed[] = {"vlan", "vnet", NULL};
    static const struct config_range vlan_range = {CONFIG_VLAN_MIN, CONFIG_VLAN_MAX, 1};
    struct dp_config *config = parser->config;
    char member[CONFIG_PATH_MAX], element[CONFIG_PATH_MAX], field[CONFIG_PATH_MAX];
    json_t *entry, *untagged;
    size_t j;

    flexnic->vlan_to_vnet = malloc(DP_VLAN_COUNT * sizeof(uint16_t));
    flexnic->vnet_to_vlan = malloc(DP_MAX_VNETS * sizeof(uint16_t));
    if (flexnic->vlan_to_vnet == NULL || flexnic->vnet_to_vlan == NULL)
        return config_fail(parser, path, "out of memory");
    for (unsigned k = 0; k < DP_VLAN_COUNT; k++)
        flexnic->vlan_to_vnet[k] = DP_VNET_NONE;
    for (unsigned k = 0; k < DP_MAX_VNETS; k++)
        flexnic->vnet_to_vlan[k] = DP_VLAN_NONE;

    config_path(member, path, "vlans");
    json_array_foreach((json_t *)vlans, j, entry)
    {
        json_int_t vlan;
        uint16_t id;

        config_path_index(element, member, j);
        if (config_expect_object(parser, element, entry) < 0 ||
            config_check_members(parser, element, entry, allowed) < 0 ||
            config_get_int(parser, element, entry, "vlan", &vlan_range, true, 0, &vlan, NULL) < 0)
            return -1;
        config_path(field, element, "vlan");
        if (flexnic->vlan_to_vnet[vlan] != DP_VNET_NONE)
            return config_fail(parser, field, "VLAN %lld already maps to vNet \"%s\"",
                               (long long)vlan, config->vnets[flexnic->vlan_to_vnet[vlan]].name);
        config_path(field, element, "vnet");
        if (json_object_get(entry, "vnet") == NULL)
            return config_fail(parser, field, "required");
        id = config_ref_vnet(parser, field, json_object_get(entry, "vnet"));
        if (id == DP_VNET_NONE)
            return -1;
        if (config->vnets[id].tunnel)
            return config_fail(parser, field, "tunnel vNet \"%s\" cannot be in a VLAN map",
                               config->vnets[id].name);
        if (flexnic->vnet_to_vlan[id] != DP_VLAN_NONE)
            return config_fail(parser, field, "vNet \"%s\" already mapped to VLAN %u",
                               config->vnets[id].name, flexnic->vnet_to_vlan[id]);
        flexnic->vlan_to_vnet[vlan] = id;
        flexnic->vnet_to_vlan[id] = (uint16_t)vlan;
    }

    untagged = json_object_get(item, "untagged_vnet");
    if (untagged != NULL) {
        uint16_t id;

        config_path(field, path, "untagged_vnet");
        id = config_ref_vnet(parser, field, untagged);
        if (id == DP_VNET_NONE)
            return -1;
        if (config->vnets[id].tunnel)
            return config_fail(parser, field, "tunnel vNet \"%s\" cannot be in a VLAN map",
                               config->vnets[id].name);
        if (flexnic->vnet_to_vlan[id] != DP_VLAN_NONE)
            return config_fail(parser, field, "vNet \"%s\" is also in vlans (VLAN %u)",
                               config->vnets[id].name, flexnic->vnet_to_vlan[id]);
        flexnic->untagged_vnet = id;
        flexnic->vnet_to_vlan[id] = 0;
    }
    return 0;
}

/* config_parse_flexnic: one element of `flexnics` at `path`. */
static int config_parse_flexnic(struct config_parser *parser, const char *path, size_t index,
                                const json_t *item)
{
    static const char *const allowed[] = {"port",     "flexnic",  "vnet", "vlans", "untagged_vnet",
                                          "max_mbps", "min_mbps", "mac",  NULL};
    struct dp_config *config = parser->config;
    char member[CONFIG_PATH_MAX];
    const char *letter;
    struct dp_port_config *port;
    struct dp_flexnic_config *flexnic;
    struct config_range max_range, min_range;
    json_t *vlans, *vnet;
    json_int_t max_mbps, min_mbps;
    int port_index, f;

    if (config_expect_object(parser, path, item) < 0 ||
        config_check_members(parser, path, item, allowed) < 0)
        return -1;
    config_path(member, path, "port");
    if (json_object_get(item, "port") == NULL)
        return config_fail(parser, member, "required");
    port_index = config_ref_port(parser, member, json_object_get(item, "port"), DP_PORT_DOWNLINK);
    if (port_index < 0)
        return -1;
    port = &config->ports[port_index];

    if (config_get_string(parser, path, item, "flexnic", true, &letter) < 0)
        return -1;
    config_path(member, path, "flexnic");
    if (letter[0] < 'a' || letter[0] > 'a' + DP_FLEXNICS_PER_PORT - 1 || letter[1] != '\0')
        return config_fail(parser, member, "\"%.20s\" is not a FlexNIC (a-d)", letter);
    f = letter[0] - 'a';
    if (f > 0 && !port->partitioned)
        return config_fail(parser, member,
                           "FlexNIC %s needs port \"%s\" to be partitioned (unpartitioned: a only)",
                           letter, port->name);
    if (parser->flexnic_doc[port_index][f] >= 0)
        return config_fail(parser, member, "FlexNIC %s:%s already defined (flexnics[%d])",
                           port->name, letter, parser->flexnic_doc[port_index][f]);
    parser->flexnic_doc[port_index][f] = (int16_t)index;
    flexnic = &port->flexnics[f];
    flexnic->defined = true;

    vnet = json_object_get(item, "vnet");
    if (config_get_array(parser, path, item, "vlans", DP_VLAN_COUNT, &vlans) < 0)
        return -1;
    if (vnet != NULL && (vlans != NULL || json_object_get(item, "untagged_vnet") != NULL)) {
        config_path(member, path, vlans != NULL ? "vlans" : "untagged_vnet");
        return config_fail(parser, member,
                           "a FlexNIC has either one vnet or a VLAN map (vlans, untagged_vnet)");
    }
    if (vlans == NULL && json_object_get(item, "untagged_vnet") != NULL) {
        config_path(member, path, "untagged_vnet");
        return config_fail(parser, member, "needs vlans (use vnet for a single network)");
    }
    if (vnet != NULL) {
        config_path(member, path, "vnet");
        flexnic->vnet = config_ref_vnet(parser, member, vnet);
        if (flexnic->vnet == DP_VNET_NONE)
            return -1;
        flexnic->untagged_vnet = flexnic->vnet;
    } else if (vlans != NULL) {
        if (config_parse_map(parser, path, item, vlans, flexnic) < 0)
            return -1;
    }

    max_range = (struct config_range){DP_MIN_RATE_MBPS, port->speed_mbps, DP_RATE_STEP_MBPS};
    if (config_get_int(parser, path, item, "max_mbps", &max_range, false, port->speed_mbps,
                       &max_mbps, NULL) < 0)
        return -1;
    min_range = (struct config_range){0, max_mbps, DP_RATE_STEP_MBPS};
    if (config_get_int(parser, path, item, "min_mbps", &min_range, false, 0, &min_mbps, NULL) < 0)
        return -1;
    parser->min_sum_mbps[port_index] += (uint32_t)min_mbps;
    if (parser->min_sum_mbps[port_index] > port->speed_mbps) {
        config_path(member, path, "min_mbps");
        return config_fail(parser, member, "minima of port \"%s\" add up to %u, above its speed %u",
                           port->name, parser->min_sum_mbps[port_index], port->speed_mbps);
    }
    flexnic->max_bps = (uint64_t)max_mbps * 1000000u;
    flexnic->min_bps = (uint64_t)min_mbps * 1000000u;
    return config_get_mac(parser, path, item, "mac", false, flexnic->mac, &flexnic->has_mac);
}

/* config_parse_flexnics: `flexnics`. */
static int config_parse_flexnics(struct config_parser *parser, const json_t *document)
{
    json_t *flexnics, *item;
    size_t i;

    if (config_get_array(parser, CONFIG_ROOT, document, "flexnics", CONFIG_MAX_FLEXNICS,
                         &flexnics) < 0)
        return -1;
    json_array_foreach(flexnics, i, item)
    {
        char path[CONFIG_PATH_MAX];

        config_path_index(path, "flexnics", i);
        if (config_parse_flexnic(parser, path, i, item) < 0)
            return -1;
    }
    return 0;
}

/* config_parse_static_macs: `static_macs` of the vNet vnets[index]; runs
 * after the FlexNICs so that it can check that each one carries the vNet. */
static int config_parse_static_macs(struct config_parser *parser, size_t index, const json_t *item)
{
    static const char *const allowed[] = {"mac", "port", "flexnic", NULL};
    struct dp_config *config = parser->config;
    uint16_t id = parser->vnet_of_doc[index];
    struct dp_vnet_config *vnet = &config->vnets[id];
    char path[CONFIG_PATH_MAX], member[CONFIG_PATH_MAX], element[CONFIG_PATH_MAX];
    char field[CONFIG_PATH_MAX];
    json_t *statics = json_object_get(item, "static_macs"), *entry;
    size_t j;

    if (statics == NULL || json_array_size(statics) == 0)
        return 0;
    vnet->static_macs = calloc(json_array_size(statics), sizeof(*vnet->static_macs));
    if (vnet->static_macs == NULL)
        return config_fail(parser, "vnets", "out of memory");
    config_path_index(path, "vnets", index);
    config_path(member, path, "static_macs");
    json_array_foreach(statics, j, entry)
    {
        struct dp_static_mac *mac = &vnet->static_macs[j];
        struct dp_port_config *port;
        const char *letter;
        bool present;
        int port_index;
        unsigned f = 0;

        config_path_index(element, member, j);
        if (config_expect_object(parser, element, entry) < 0 ||
            config_check_members(parser, element, entry, allowed) < 0 ||
            config_get_mac(parser, element, entry, "mac", true, mac->mac, &present) < 0)
            return -1;
        for (size_t k = 0; k < j; k++)
            if (memcmp(vnet->static_macs[k].mac, mac->mac, 6) == 0) {
                config_path(field, element, "mac");
                return config_fail(parser, field,
                                   "MAC already static in this vNet (static_macs[%zu])", k);
            }
        config_path(field, element, "port");
        if (json_object_get(entry, "port") == NULL)
            return config_fail(parser, field, "required");
        if (config_string_value(parser, field, json_object_get(entry, "port"), &letter) < 0)
            return -1;
        port_index = config_find_port(config, letter);
        if (port_index < 0)
            return config_fail(parser, field, "no port named \"%.40s\"", letter);
        port = &config->ports[port_index];
        if (config_get_string(parser, element, entry, "flexnic", false, &letter) < 0)
            return -1;
        if (port->role == DP_PORT_UPLINK) {
            bool carried = false;

            if (letter != NULL) {
                config_path(field, element, "flexnic");
                return config_fail(parser, field, "port \"%s\" is an uplink, it has no FlexNICs",
                                   port->name);
            }
            for (unsigned k = 0; k < vnet->n_uplink_ports; k++)
                carried |= vnet->uplink_ports[k] == port_index;
            if (!carried)
                return config_fail(parser, field, "uplink \"%s\" does not carry vNet \"%s\"",
                                   port->name, vnet->name);
        } else {
            if (letter != NULL) {
                config_path(field, element, "flexnic");
                if (letter[0] < 'a' || letter[0] > 'a' + DP_FLEXNICS_PER_PORT - 1 ||
                    letter[1] != '\0')
                    return config_fail(parser, field, "\"%.20s\" is not a FlexNIC (a-d)", letter);
                f = (unsigned)(letter[0] - 'a');
                if (!port->flexnics[f].defined)
                    return config_fail(parser, field, "FlexNIC %s:%c is not defined", port->name,
                                       config_flexnic_letter(f));
            } else if (!port->flexnics[0].defined) {
                return config_fail(parser, field, "FlexNIC %s:a is not defined", port->name);
            }
            config_path(field, element, "port");
            if (!config_flexnic_carries(&port->flexnics[f], id))
                return config_fail(parser, field, "FlexNIC %s:%c does not carry vNet \"%s\"",
                                   port->name, config_flexnic_letter(f), vnet->name);
        }
        mac->port = (uint8_t)port_index;
        mac->flexnic = (uint8_t)f;
        vnet->n_static_macs = (uint16_t)(j + 1);
    }
    return 0;
}

/* config_add_member: FlexNIC (port, f) carries vNet `id`. */
static void config_add_member(struct dp_config *config, uint16_t id, unsigned port, unsigned f)
{
    struct dp_vnet_config *vnet = &config->vnets[id];

    vnet->members[vnet->n_members].port = (uint8_t)port;
    vnet->members[vnet->n_members].flexnic = (uint8_t)f;
    vnet->n_members++;
}

/* config_build_members: vnets[].members, in port then FlexNIC order. */
static void config_build_members(struct dp_config *config)
{
    for (unsigned p = 0; p < config->n_ports; p++) {
        for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
            const struct dp_flexnic_config *flexnic = &config->ports[p].flexnics[f];

            if (!flexnic->defined)
                continue;
            if (flexnic->vnet != DP_VNET_NONE)
                config_add_member(config, flexnic->vnet, p, f);
            if (flexnic->vnet_to_vlan == NULL)
                continue;
            for (unsigned id = 0; id < DP_MAX_VNETS; id++)
                if (flexnic->vnet_to_vlan[id] != DP_VLAN_NONE)
                    config_add_member(config, (uint16_t)id, p, f);
        }
    }
}

/* ------------------------------------------------------------------------
 * Public entry points
 * ------------------------------------------------------------------------ */

/* config_parse: validate `document` and build a snapshot.
 * document: the configuration document (docs/dataplane-protocol.md)
 * previous: the running snapshot or NULL; vNets keep its ids by name
 * error, error_size: receives "path: reason" on failure (may be NULL/0)
 * Returns the new snapshot (free with config_free), or NULL on any error:
 * wrong type, unknown member, value out of range, duplicate or dangling
 * name, rule of the document broken, out of memory. Does not compare
 * generations with `previous`: the caller answers JSONRPC_STALE_GENERATION. */
struct dp_config *config_parse(const json_t *document, const struct dp_config *previous,
                               char *error, size_t error_size)
{
    struct config_parser *parser;
    struct dp_config *config;
    json_t *vnets, *item;
    size_t i;
    int rc = -1;

    if (error != NULL && error_size > 0)
        error[0] = '\0';
    parser = calloc(1, sizeof(*parser));
    config = calloc(1, sizeof(*config));
    if (parser == NULL || config == NULL) {
        free(parser);
        free(config);
        if (error != NULL && error_size > 0)
            snprintf(error, error_size, "%s: out of memory", CONFIG_ROOT);
        return NULL;
    }
    parser->error = error;
    parser->error_size = error_size;
    parser->config = config;
    parser->previous = previous;
    parser->vnet_ids = json_object();
    memset(parser->flexnic_doc, 0xff, sizeof(parser->flexnic_doc));
    for (unsigned id = 0; id < DP_MAX_VNETS; id++)
        config->vnets[id].uplink_set = -1;
    if (parser->vnet_ids == NULL) {
        config_fail(parser, CONFIG_ROOT, "out of memory");
        goto out;
    }

    if (config_parse_root(parser, document) < 0 || config_parse_ports(parser, document) < 0 ||
        config_parse_sets(parser, document) < 0 ||
        config_get_array(parser, CONFIG_ROOT, document, "vnets", DP_MAX_VNETS, &vnets) < 0)
        goto out;
    if (vnets != NULL && config_parse_vnets(parser, vnets) < 0)
        goto out;
    if (config_parse_flexnics(parser, document) < 0)
        goto out;
    json_array_foreach(vnets, i, item) if (config_parse_static_macs(parser, i, item) < 0) goto out;
    config_build_members(config);
    rc = 0;
out:
    json_decref(parser->vnet_ids);
    free(parser);
    if (rc < 0) {
        config_free(config);
        return NULL;
    }
    return config;
}

/* config_free: free a snapshot and its maps and static MAC lists; accepts
 * NULL. */
void config_free(struct dp_config *config)
{
    if (config == NULL)
        return;
    for (unsigned p = 0; p < DP_MAX_PORTS; p++)
        for (unsigned f = 0; f < DP_FLEXNICS_PER_PORT; f++) {
            free(config->ports[p].flexnics[f].vlan_to_vnet);
            free(config->ports[p].flexnics[f].vnet_to_vlan);
        }
    for (unsigned id = 0; id < DP_MAX_VNETS; id++)
        free(config->vnets[id].static_macs);
    free(config);
}

/* ------------------------------------------------------------------------
 * Back to JSON
 * ------------------------------------------------------------------------ */

/* config_json_set: object[key] = value (stolen); false when out of memory. */
static bool config_json_set(json_t *object, const char *key, json_t *value)
{
    return value != NULL && json_object_set_new(object, key, value) == 0;
}

/* config_json_mac: a MAC as a JSON string. */
static json_t *config_json_mac(const uint8_t mac[6])
{
    char text[18];

    config_format_mac(mac, text);
    return json_string(text);
}

/* config_port_json: one element of `ports`. */
static json_t *config_port_json(const struct dp_port_config *port)
{
    json_t *object = json_object();
    bool ok = object != NULL && config_json_set(object, "name", json_string(port->name)) &&
              config_json_set(object, "device", json_string(port->device)) &&
              config_json_set(object, "speed_mbps", json_integer(port->speed_mbps)) &&
              config_json_set(object, "enabled", json_boolean(port->enabled));

    if (ok && port->role == DP_PORT_DOWNLINK)
        ok = config_json_set(object, "partitioned", json_boolean(port->partitioned));
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

/* config_ports_json: an array of port names. */
static json_t *config_ports_json(const struct dp_config *config, const uint8_t *ports,
                                 unsigned n_ports)
{
    json_t *array = json_array();

    for (unsigned i = 0; array != NULL && i < n_ports; i++)
        if (json_array_append_new(array, json_string(config->ports[ports[i]].name)) < 0) {
            json_decref(array);
            return NULL;
        }
    return array;
}

/* config_vnet_json: one element of `vnets`. */
static json_t *config_vnet_json(const struct dp_config *config, const struct dp_vnet_config *vnet)
{
    json_t *object = json_object(), *statics;
    bool ok = object != NULL && config_json_set(object, "name", json_string(vnet->name));

    if (ok && vnet->uplink_set >= 0) {
        ok = config_json_set(object, "uplink_set",
                             json_string(config->uplink_sets[vnet->uplink_set].name));
        if (ok && vnet->uplink_vlan != 0)
            ok = config_json_set(object, "vlan", json_integer(vnet->uplink_vlan));
        else if (ok)
            ok = config_json_set(object, "native", json_true());
    } else if (ok && vnet->n_uplink_ports > 0) {
        ok = config_json_set(object, "uplinks",
                             config_ports_json(config, vnet->uplink_ports, vnet->n_uplink_ports));
    }
    ok = ok && config_json_set(object, "tunnel", json_boolean(vnet->tunnel)) &&
         config_json_set(object, "private", json_boolean(vnet->private_network)) &&
         config_json_set(object, "mac_limit", json_integer(vnet->mac_limit));
    if (ok && vnet->n_static_macs > 0) {
        statics = json_array();
        ok = config_json_set(object, "static_macs", statics);
        for (unsigned i = 0; ok && i < vnet->n_static_macs; i++) {
            const struct dp_static_mac *mac = &vnet->static_macs[i];
            const struct dp_port_config *port = &config->ports[mac->port];
            json_t *entry = json_object();
            char letter[2] = {config_flexnic_letter(mac->flexnic), '\0'};

            ok = json_array_append_new(statics, entry) == 0 && entry != NULL &&
                 config_json_set(entry, "mac", config_json_mac(mac->mac)) &&
                 config_json_set(entry, "port", json_string(port->name));
            if (ok && port->role == DP_PORT_DOWNLINK)
                ok = config_json_set(entry, "flexnic", json_string(letter));
        }
    }
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

/* config_flexnic_json: one element of `flexnics`. */
static json_t *config_flexnic_json(const struct dp_config *config,
                                   const struct dp_port_config *port, unsigned f)
{
    const struct dp_flexnic_config *flexnic = &port->flexnics[f];
    char letter[2] = {config_flexnic_letter(f), '\0'};
    json_t *object = json_object(), *vlans;
    bool ok = object != NULL && config_json_set(object, "port", json_string(port->name)) &&
              config_json_set(object, "flexnic", json_string(letter));

    if (ok && flexnic->vnet != DP_VNET_NONE) {
        ok = config_json_set(object, "vnet", json_string(config->vnets[flexnic->vnet].name));
    } else if (ok && flexnic->vlan_to_vnet != NULL) {
        vlans = json_array();
        ok = config_json_set(object, "vlans", vlans);
        for (unsigned vlan = 0; ok && vlan < DP_VLAN_COUNT; vlan++) {
            uint16_t id = flexnic->vlan_to_vnet[vlan];
            json_t *entry;

            if (id == DP_VNET_NONE)
                continue;
            entry = json_object();
            ok = json_array_append_new(vlans, entry) == 0 && entry != NULL &&
                 config_json_set(entry, "vlan", json_integer(vlan)) &&
                 config_json_set(entry, "vnet", json_string(config->vnets[id].name));
        }
        if (ok && flexnic->untagged_vnet != DP_VNET_NONE)
            ok = config_json_set(object, "untagged_vnet",
                                 json_string(config->vnets[flexnic->untagged_vnet].name));
    }
    ok = ok &&
         config_json_set(object, "max_mbps",
                         json_integer((json_int_t)(flexnic->max_bps / 1000000u))) &&
         config_json_set(object, "min_mbps",
                         json_integer((json_int_t)(flexnic->min_bps / 1000000u)));
    if (ok && flexnic->has_mac)
        ok = config_json_set(object, "mac", config_json_mac(flexnic->mac));
    if (!ok) {
        json_decref(object);
        return NULL;
    }
    return object;
}

/* config_to_json: the document back, canonical: root members, ports and
 * uplink sets in index order, vNets in id order, FlexNICs in port then
 * letter order, VLAN maps by VLAN; defaults written out. Returns a new
 * reference, or NULL when out of memory. */
json_t *config_to_json(const struct dp_config *config)
{
    json_t *root = json_object(), *ports, *sets, *vnets, *flexnics;
    bool ok;

    ok = root != NULL &&
         config_json_set(root, "generation", json_integer((json_int_t)config->generation)) &&
         config_json_set(root, "aging_s", json_integer(config->aging_s)) &&
         config_json_set(root, "max_frame_bytes", json_integer(config->max_frame_bytes)) &&
         config_json_set(root, "mac_table_size", json_integer(config->mac_table_size)) &&
         config_json_set(root, "mac_cache",
                         json_pack("{s:b, s:i, s:i}", "enabled", config->mac_cache.enabled,
                                   "refresh_ms", (int)config->mac_cache.refresh_ms, "repeats",
                                   (int)config->mac_cache.repeats)) &&
         config_json_set(root, "port_protect",
                         json_pack("{s:b, s:b, s:i, s:i, s:i}", "network_loop",
                                   config->port_protect.network_loop, "pause_flood",
                                   config->port_protect.pause_flood, "loop_interval_ms",
                                   (int)config->port_protect.loop_interval_ms, "pause_window_ms",
                                   (int)config->port_protect.pause_window_ms, "pause_threshold",
                                   (int)config->port_protect.pause_threshold)) &&
         config_json_set(root, "ports", ports = json_array()) &&
         config_json_set(root, "uplink_sets", sets = json_array()) &&
         config_json_set(root, "vnets", vnets = json_array()) &&
         config_json_set(root, "flexnics", flexnics = json_array());
    for (unsigned p = 0; ok && p < config->n_ports; p++)
        ok = json_array_append_new(ports, config_port_json(&config->ports[p])) == 0;
    for (unsigned s = 0; ok && s < config->n_uplink_sets; s++) {
        const struct dp_uplink_set_config *set = &config->uplink_sets[s];
        json_t *object = json_object();

        ok = json_array_append_new(sets, object) == 0 && object != NULL &&
             config_json_set(object, "name", json_string(set->name)) &&
             config_json_set(object, "ports", config_ports_json(config, set->ports, set->n_ports));
    }
    for (unsigned id = 0; ok && id < DP_MAX_VNETS; id++)
        if (config->vnets[id].defined)
            ok = json_array_append_new(vnets, config_vnet_json(config, &config->vnets[id])) == 0;
    for (unsigned p = 0; ok && p < config->n_ports; p++)
        for (unsigned f = 0; ok && f < DP_FLEXNICS_PER_PORT; f++)
            if (config->ports[p].flexnics[f].defined)
                ok = json_array_append_new(flexnics,
                                           config_flexnic_json(config, &config->ports[p], f)) == 0;
    if (!ok) {
        json_decref(root);
        return NULL;
    }
    return root;
}
