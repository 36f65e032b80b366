/*
 * wiring: loads the enclosure wiring file into the domain model.
 *
 * Why a file: what hardware sits where is a fact of the installation (the OA
 * and the module's ports report it on real hardware); the demo and the tests
 * describe it in JSON instead. Everything is checked before the domain is
 * touched, and every error names the field, as the dataplane's
 * configuration errors do. See wiring.h for the format.
 */
#include "mgmt/wiring.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profiles/plan.h"
#include "profiles/pool.h"

struct wiring_result {
    char name[DOMAIN_NAME_MAX];
    unsigned interconnect_bay;
    struct domain_enclosure enclosures[DOMAIN_MAX_ENCLOSURES];
    unsigned n_enclosures;
    struct domain_uplink_port uplinks[DOMAIN_MAX_UPLINKS];
    unsigned n_uplinks;
};

static int wiring_fail(char *error, size_t error_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int wiring_fail(char *error, size_t error_size, const char *fmt, ...)
{
    if (error && error_size) {
        va_list args;
        va_start(args, fmt);
        vsnprintf(error, error_size, fmt, args);
        va_end(args);
    }
    return -EINVAL;
}

/* wiring_members: refuse members of `object` not in the NULL-ended list. */
static int wiring_members(json_t *object, const char *path, const char *const *allowed, char *error,
                          size_t error_size)
{
    const char *key;
    json_t *value;

    if (!json_is_object(object))
        return wiring_fail(error, error_size, "%s: must be an object", path);
    json_object_foreach(object, key, value)
    {
        unsigned i;
        for (i = 0; allowed[i] && strcmp(allowed[i], key) != 0; i++)
            ;
        if (!allowed[i])
            return wiring_fail(error, error_size, "%s: unknown member \"%s\"", path, key);
    }
    return 0;
}

/* wiring_string: a required (or optional, when fallback is not NULL) string
 * member of 1..size-1 characters into buf. */
static int wiring_string(json_t *object, const char *path, const char *key, const char *fallback,
                         char *buf, size_t size, char *error, size_t error_size)
{
    json_t *value = json_object_get(object, key);

    if (value == NULL && fallback) {
        snprintf(buf, size, "%s", fallback);
        return 0;
    }
    if (value == NULL)
        return wiring_fail(error, error_size, "%s.%s: missing", path, key);
    if (!json_is_string(value))
        return wiring_fail(error, error_size, "%s.%s: must be a string", path, key);
    size_t length = strlen(json_string_value(value));
    if (length == 0 || length >= size)
        return wiring_fail(error, error_size, "%s.%s: must be 1-%zu characters", path, key,
                           size - 1);
    strcpy(buf, json_string_value(value));
    return 0;
}

/* wiring_integer: an integer member in min..max, or fallback when absent
 * and fallback >= 0 (else required). */
static int wiring_integer(json_t *object, const char *path, const char *key, long fallback,
                          long min, long max, unsigned *out, char *error, size_t error_size)
{
    json_t *value = json_object_get(object, key);

    if (value == NULL && fallback >= 0) {
        *out = (unsigned)fallback;
        return 0;
    }
    if (value == NULL)
        return wiring_fail(error, error_size, "%s.%s: missing", path, key);
    if (!json_is_integer(value) || json_integer_value(value) < min ||
        json_integer_value(value) > max)
        return wiring_fail(error, error_size, "%s.%s: must be an integer %ld-%ld", path, key, min,
                           max);
    *out = (unsigned)json_integer_value(value);
    return 0;
}

/* wiring_bool: an optional boolean member. */
static int wiring_bool(json_t *object, const char *path, const char *key, bool fallback, bool *out,
                       char *error, size_t error_size)
{
    json_t *value = json_object_get(object, key);

    if (value == NULL) {
        *out = fallback;
        return 0;
    }
    if (!json_is_boolean(value))
        return wiring_fail(error, error_size, "%s.%s: must be true or false", path, key);
    *out = json_is_true(value);
    return 0;
}

/* wiring_device: the device member with @IFACE@ replaced. */
static int wiring_device(json_t *object, const char *path, const char *port,
                         const char *iface_prefix, char *device, char *error, size_t error_size)
{
    char raw[DOMAIN_DEVICE_MAX];
    int rc = wiring_string(object, path, "device", NULL, raw, sizeof(raw), error, error_size);
    if (rc < 0)
        return rc;
    char *at = strstr(raw, WIRING_IFACE_PLACEHOLDER);
    if (at == NULL) {
        strcpy(device, raw);
        return 0;
    }
    if (iface_prefix == NULL)
        return wiring_fail(error, error_size,
                           "%s.device: \"%s\" needs an interface prefix (--oa-prefix) for %s", path,
                           raw, WIRING_IFACE_PLACEHOLDER);
    *at = '\0';
    int n = snprintf(device, DOMAIN_DEVICE_MAX, "%s%s%s%s", raw, iface_prefix, port,
                     at + strlen(WIRING_IFACE_PLACEHOLDER));
    if (n < 0 || n >= DOMAIN_DEVICE_MAX)
        return wiring_fail(error, error_size, "%s.device: longer than %d characters", path,
                           DOMAIN_DEVICE_MAX - 1);
    return 0;
}

/* wiring_uuid: 8-4-4-4-12 hexadecimal digits. */
static bool wiring_uuid_valid(const char *text)
{
    if (strlen(text) != 36)
        return false;
    for (unsigned i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !strchr("0123456789abcdefABCDEF", text[i]))
            return false;
    }
    return true;
}

static int wiring_blade(json_t *object, const char *path, struct domain_blade *blade, char *error,
                        size_t error_size)
{
    static const char *const members[] = {"model",          "serial",     "uuid",         "flex10",
                                          "physical_ports", "powered_on", "factory_macs", NULL};
    char field[256];
    int rc;

    if ((rc = wiring_members(object, path, members, error, error_size)) < 0 ||
        (rc = wiring_string(object, path, "model", NULL, blade->model, sizeof(blade->model), error,
                            error_size)) < 0 ||
        (rc = wiring_string(object, path, "serial", NULL, blade->factory_serial,
                            sizeof(blade->factory_serial), error, error_size)) < 0 ||
        (rc = wiring_string(object, path, "uuid", NULL, blade->factory_uuid,
                            sizeof(blade->factory_uuid), error, error_size)) < 0 ||
        (rc = wiring_bool(object, path, "flex10", false, &blade->flex10, error, error_size)) < 0 ||
        (rc = wiring_bool(object, path, "powered_on", true, &blade->powered_on, error,
                          error_size)) < 0 ||
        (rc = wiring_integer(object, path, "physical_ports", DOMAIN_PHYSICAL_PORTS, 1,
                             DOMAIN_PHYSICAL_PORTS, &blade->physical_ports, error, error_size)) < 0)
        return rc;
    if (!wiring_uuid_valid(blade->factory_uuid))
        return wiring_fail(error, error_size, "%s.uuid: \"%s\" is not a UUID (8-4-4-4-12 hex)",
                           path, blade->factory_uuid);
    json_t *macs = json_object_get(object, "factory_macs");
    if (!json_is_array(macs) || json_array_size(macs) < 1 ||
        json_array_size(macs) > DOMAIN_PHYSICAL_PORTS * 4)
        return wiring_fail(error, error_size,
                           "%s.factory_macs: must be a list of 1-%d MACs (LOM:1-a, LOM:1-b, ...)",
                           path, DOMAIN_PHYSICAL_PORTS * 4);
    for (size_t i = 0; i < json_array_size(macs); i++) {
        json_t *mac = json_array_get(macs, i);
        snprintf(field, sizeof(field), "%.200s.factory_macs[%zu]", path, i);
        if (!json_is_string(mac) ||
            pool_parse_address(POOL_KIND_MAC, json_string_value(mac), &blade->factory_mac[i]) < 0)
            return wiring_fail(error, error_size, "%s: %s is not a MAC (02:00:00:00:00:01)", field,
                               json_is_string(mac) ? json_string_value(mac) : "value");
        if (pool_check_address(POOL_KIND_MAC, blade->factory_mac[i], NULL, 0) < 0)
            return wiring_fail(error, error_size, "%s: %s is not a unicast MAC", field,
                               json_string_value(mac));
        for (size_t j = 0; j < i; j++)
            if (blade->factory_mac[j] == blade->factory_mac[i])
                return wiring_fail(error, error_size, "%s: %s already given as factory_macs[%zu]",
                                   field, json_string_value(mac), j);
    }
    blade->present = true;
    return 0;
}

static int wiring_enclosure(json_t *object, const char *path, const char *iface_prefix,
                            struct domain_enclosure *enclosure, char *error, size_t error_size)
{
    static const char *const members[] = {"id", "name", "bays", NULL};
    static const char *const bay_members[] = {"bay", "device", "blade", NULL};
    char field[128];
    int rc;

    if ((rc = wiring_members(object, path, members, error, error_size)) < 0 ||
        (rc = wiring_string(object, path, "id", NULL, enclosure->id, sizeof(enclosure->id), error,
                            error_size)) < 0)
        return rc;
    if (strlen(enclosure->id) != 4 || strncmp(enclosure->id, "enc", 3) != 0 ||
        enclosure->id[3] < '0' || enclosure->id[3] > '3')
        return wiring_fail(error, error_size, "%s.id: \"%s\" must be enc0..enc3", path,
                           enclosure->id);
    if ((rc = wiring_string(object, path, "name", enclosure->id, enclosure->name,
                            sizeof(enclosure->name), error, error_size)) < 0)
        return rc;
    enclosure->imported = true;
    for (unsigned b = 0; b < DOMAIN_BAYS; b++)
        enclosure->bays[b].number = b + 1;
    json_t *bays = json_object_get(object, "bays");
    if (!json_is_array(bays) || json_array_size(bays) < 1 || json_array_size(bays) > DOMAIN_BAYS)
        return wiring_fail(error, error_size, "%s.bays: must be a list of 1-%d bays", path,
                           DOMAIN_BAYS);
    for (size_t i = 0; i < json_array_size(bays); i++) {
        json_t *entry = json_array_get(bays, i);
        unsigned number;
        char port[8];
        snprintf(field, sizeof(field), "%s.bays[%zu]", path, i);
        if ((rc = wiring_members(entry, field, bay_members, error, error_size)) < 0 ||
            (rc = wiring_integer(entry, field, "bay", -1, 1, DOMAIN_BAYS, &number, error,
                                 error_size)) < 0)
            return rc;
        struct domain_bay *bay = &enclosure->bays[number - 1];
        if (bay->device[0])
            return wiring_fail(error, error_size, "%s.bay: bay %u given twice", field, number);
        if (plan_downlink_name(enclosure->id, number, port, sizeof(port)) < 0)
            return wiring_fail(error, error_size, "%s.bay: no port name for bay %u", field, number);
        if ((rc = wiring_device(entry, field, port, iface_prefix, bay->device, error, error_size)) <
            0)
            return rc;
        json_t *blade = json_object_get(entry, "blade");
        if (blade) {
            char blade_field[160];
            snprintf(blade_field, sizeof(blade_field), "%s.blade", field);
            if ((rc = wiring_blade(blade, blade_field, &bay->blade, error, error_size)) < 0)
                return rc;
        }
    }
    return 0;
}

static int wiring_uplink(json_t *object, const char *path, const char *iface_prefix,
                         unsigned interconnect_bay, struct domain_uplink_port *uplink, char *error,
                         size_t error_size)
{
    static const char *const members[] = {"port", "device", "speed_mbps", NULL};
    int rc;

    if ((rc = wiring_members(object, path, members, error, error_size)) < 0 ||
        (rc = wiring_string(object, path, "port", NULL, uplink->port, sizeof(uplink->port), error,
                            error_size)) < 0)
        return rc;
    char *end;
    long n =
        uplink->port[0] == 'X' && uplink->port[1] != '0' ? strtol(uplink->port + 1, &end, 10) : 0;
    if (n < 1 || n > DOMAIN_MAX_UPLINKS || *end != '\0')
        return wiring_fail(error, error_size, "%s.port: \"%s\" must be X1..X%d", path, uplink->port,
                           DOMAIN_MAX_UPLINKS);
    if ((rc = wiring_device(object, path, uplink->port, iface_prefix, uplink->device, error,
                            error_size)) < 0 ||
        (rc = wiring_integer(object, path, "speed_mbps", 0, 100, 20000, &uplink->speed_mbps, error,
                             error_size)) < 0)
        return rc;
    if (uplink->speed_mbps % 100)
        return wiring_fail(error, error_size, "%s.speed_mbps: %u is not a multiple of 100", path,
                           uplink->speed_mbps);
    (void)interconnect_bay; /* the id is made once the enclosures are known */
    return 0;
}

int wiring_load_json(json_t *wiring, const char *iface_prefix, struct domain *domain, char *error,
                     size_t error_size)
{
    static const char *const members[] = {"domain", "interconnect_bay", "enclosures", "uplinks",
                                          NULL};
    struct wiring_result *result = calloc(1, sizeof(*result));
    char field[64];
    int rc;

    if (result == NULL)
        return wiring_fail(error, error_size, "out of memory");
    if ((rc = wiring_members(wiring, "<root>", members, error, error_size)) < 0 ||
        (rc = wiring_string(wiring, "<root>", "domain", "OpenVC", result->name,
                            sizeof(result->name), error, error_size)) < 0 ||
        (rc = wiring_integer(wiring, "<root>", "interconnect_bay", 1, 1, 8,
                             &result->interconnect_bay, error, error_size)) < 0)
        goto out;
    json_t *enclosures = json_object_get(wiring, "enclosures");
    if (!json_is_array(enclosures) || json_array_size(enclosures) < 1 ||
        json_array_size(enclosures) > DOMAIN_MAX_ENCLOSURES) {
        rc = wiring_fail(error, error_size, "enclosures: must be a list of 1-%d enclosures",
                         DOMAIN_MAX_ENCLOSURES);
        goto out;
    }
    for (size_t i = 0; i < json_array_size(enclosures); i++) {
        snprintf(field, sizeof(field), "enclosures[%zu]", i);
        rc = wiring_enclosure(json_array_get(enclosures, i), field, iface_prefix,
                              &result->enclosures[i], error, error_size);
        if (rc < 0)
            goto out;
        for (size_t j = 0; j < i; j++)
            if (strcmp(result->enclosures[j].id, result->enclosures[i].id) == 0) {
                rc = wiring_fail(error, error_size, "%s.id: \"%s\" given twice", field,
                                 result->enclosures[i].id);
                goto out;
            }
        result->n_enclosures++;
    }
    json_t *uplinks = json_object_get(wiring, "uplinks");
    if (uplinks && (!json_is_array(uplinks) || json_array_size(uplinks) > DOMAIN_MAX_UPLINKS)) {
        rc = wiring_fail(error, error_size, "uplinks: must be a list of at most %d uplinks",
                         DOMAIN_MAX_UPLINKS);
        goto out;
    }
    for (size_t i = 0; uplinks && i < json_array_size(uplinks); i++) {
        snprintf(field, sizeof(field), "uplinks[%zu]", i);
        rc = wiring_uplink(json_array_get(uplinks, i), field, iface_prefix,
                           result->interconnect_bay, &result->uplinks[i], error, error_size);
        if (rc < 0)
            goto out;
        for (size_t j = 0; j < i; j++)
            if (strcmp(result->uplinks[j].port, result->uplinks[i].port) == 0) {
                rc = wiring_fail(error, error_size, "%s.port: \"%s\" given twice", field,
                                 result->uplinks[i].port);
                goto out;
            }
        result->n_uplinks++;
    }
    for (unsigned i = 0; i < result->n_uplinks; i++) /* the module sits in the first enclosure */
    {
        char port[8];
        snprintf(port, sizeof(port), "%s", result->uplinks[i].port);
        snprintf(result->uplinks[i].id, sizeof(result->uplinks[i].id), "%.4s:%u:%.3s",
                 result->enclosures[0].id, result->interconnect_bay, port);
    }
    snprintf(domain->name, sizeof(domain->name), "%s", result->name);
    domain->interconnect_bay = result->interconnect_bay;
    memset(domain->enclosures, 0, sizeof(domain->enclosures));
    memcpy(domain->enclosures, result->enclosures, sizeof(domain->enclosures));
    domain->n_enclosures = result->n_enclosures;
    memset(domain->uplink_ports, 0, sizeof(domain->uplink_ports));
    memcpy(domain->uplink_ports, result->uplinks, sizeof(domain->uplink_ports));
    domain->n_uplink_ports = result->n_uplinks;
    rc = 0;
out:
    free(result);
    return rc;
}

int wiring_load_file(const char *path, const char *iface_prefix, struct domain *domain, char *error,
                     size_t error_size)
{
    json_error_t parse_error;
    json_t *wiring = json_load_file(path, JSON_REJECT_DUPLICATES, &parse_error);

    if (wiring == NULL)
        return wiring_fail(error, error_size, "%s:%d: %s", path, parse_error.line,
                           parse_error.text);
    int rc = wiring_load_json(wiring, iface_prefix, domain, error, error_size);
    json_decref(wiring);
    return rc;
}
