/*
 * snmp_settings: the SNMP settings' rules and the snmpd configuration they
 * make (snmp_settings.h). Pure.
 */
#include "mgmt/snmp_settings.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const snmp_format_names[] = {"SNMPv1", "SNMPv2", "SNMPv3"};

const char *snmp_trap_format_name(enum snmp_trap_format f)
{
    return (unsigned)f < 3 ? snmp_format_names[f] : "?";
}

int snmp_trap_format_parse(const char *text, enum snmp_trap_format *f)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(text, snmp_format_names[i]) == 0) {
            *f = (enum snmp_trap_format)i;
            return 0;
        }
    return -EINVAL;
}

static int snmp_error(char *error, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int snmp_error(char *error, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (error && size)
        vsnprintf(error, size, fmt, ap);
    va_end(ap);
    return -EINVAL;
}

/* snmp_word: 1-32 of [A-Za-z0-9_.-] */
static bool snmp_word(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 32)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '.' || *s == '-'))
            return false;
    return true;
}

/* snmp_text: up to 63 printable characters, no '"' (and no space when
 * !spaces), at least min_len */
static bool snmp_text(const char *s, size_t min_len, bool spaces)
{
    size_t n = strlen(s);
    if (n < min_len || n >= SNMP_TEXT_MAX)
        return false;
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\' || (!spaces && *s == ' '))
            return false;
    return true;
}

/* snmp_host: an IPv4 address or host name, then optionally :port */
static bool snmp_host(const char *s)
{
    const char *colon = strchr(s, ':');
    size_t n = colon ? (size_t)(colon - s) : strlen(s);
    if (n < 1 || n > 63)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-'))
            return false;
    if (colon) {
        char *end;
        long port = strtol(colon + 1, &end, 10);
        if (colon[1] == '\0' || *end != '\0' || port < 1 || port > 65535)
            return false;
    }
    return true;
}

/* snmp_network: a.b.c.d/len */
static bool snmp_network(const char *s)
{
    unsigned a, b, c, d, len;
    char extra;
    return sscanf(s, "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &len, &extra) == 5 && a <= 255 &&
           b <= 255 && c <= 255 && d <= 255 && len <= 32;
}

int snmp_settings_validate(const struct snmp_settings *s, char *error, size_t size)
{
    if (s->read_community[0] != '\0' && !snmp_word(s->read_community))
        return snmp_error(error, size, "community \"%s\": 1-32 of A-Z a-z 0-9 _ . -",
                          s->read_community);
    if (!snmp_text(s->contact, 0, true))
        return snmp_error(error, size, "system contact: up to 63 printable characters, no \"");
    if (!snmp_text(s->location, 0, true))
        return snmp_error(error, size, "system location: up to 63 printable characters, no \"");
    if (s->n_traps > SNMP_MAX_TRAPS || s->n_users > SNMP_MAX_USERS || s->n_access > SNMP_MAX_ACCESS)
        return snmp_error(error, size, "at most %d trap destinations, %d users, %d access entries",
                          SNMP_MAX_TRAPS, SNMP_MAX_USERS, SNMP_MAX_ACCESS);
    for (unsigned i = 0; i < s->n_users; i++) {
        const struct snmp_user *u = &s->users[i];
        if (!snmp_word(u->name))
            return snmp_error(error, size, "user \"%s\": 1-32 of A-Z a-z 0-9 _ . -", u->name);
        if (!snmp_text(u->auth_key, 8, false) || !snmp_text(u->priv_key, 8, false))
            return snmp_error(error, size,
                              "user %s: keys are 8-63 printable characters, no space or \"",
                              u->name);
        for (unsigned k = 0; k < i; k++)
            if (strcmp(s->users[k].name, u->name) == 0)
                return snmp_error(error, size, "user %s already exists", u->name);
    }
    for (unsigned i = 0; i < s->n_traps; i++) {
        const struct snmp_trap *t = &s->traps[i];
        if (!snmp_host(t->destination))
            return snmp_error(error, size,
                              "trap destination \"%s\": an IPv4 address or host name[:port]",
                              t->destination);
        for (unsigned k = 0; k < i; k++)
            if (strcmp(s->traps[k].destination, t->destination) == 0)
                return snmp_error(error, size, "trap destination %s already exists",
                                  t->destination);
        if (t->format == SNMP_TRAP_V3) {
            bool found = false;
            for (unsigned k = 0; k < s->n_users; k++)
                found |= strcmp(s->users[k].name, t->user) == 0;
            if (!found)
                return snmp_error(error, size, "trap %s: no SNMPv3 user \"%s\"", t->destination,
                                  t->user);
        } else if (t->format == SNMP_TRAP_V1 || t->format == SNMP_TRAP_V2) {
            if (!snmp_word(t->community))
                return snmp_error(error, size,
                                  "trap %s: community \"%s\": 1-32 of A-Z a-z 0-9 _ . -",
                                  t->destination, t->community);
        } else {
            return snmp_error(error, size, "trap %s: format not SNMPv1, SNMPv2 or SNMPv3",
                              t->destination);
        }
    }
    for (unsigned i = 0; i < s->n_access; i++) {
        if (!snmp_network(s->access[i]))
            return snmp_error(error, size, "access \"%s\": a network a.b.c.d/len", s->access[i]);
        for (unsigned k = 0; k < i; k++)
            if (strcmp(s->access[k], s->access[i]) == 0)
                return snmp_error(error, size, "access %s already exists", s->access[i]);
    }
    return 0;
}

/* appender over out/size; `overflow` sticks */
struct snmp_text_out {
    char *out;
    size_t size, length;
    bool overflow;
};

static void snmp_put(struct snmp_text_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void snmp_put(struct snmp_text_out *o, const char *fmt, ...)
{
    va_list ap;
    if (o->overflow)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(o->out + o->length, o->size - o->length, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= o->size - o->length)
        o->overflow = true;
    else
        o->length += (size_t)n;
}

int snmp_settings_render(const struct snmp_settings *s, char *out, size_t size)
{
    struct snmp_text_out o = {out, size, 0, size == 0};

    snmp_put(&o, "# written by vc-manager from the domain's SNMP settings (snmp.*): not to edit\n");
    if (s->contact[0])
        snmp_put(&o, "sysContact %s\n", s->contact);
    if (s->location[0])
        snmp_put(&o, "sysLocation %s\n", s->location);
    if (!s->enabled) {
        snmp_put(&o, "# SNMP is disabled: no community, no user, no trap destination\n");
        return o.overflow ? -ENOSPC : (int)o.length;
    }
    if (s->read_community[0]) {
        if (s->n_access == 0)
            snmp_put(&o, "rocommunity %s default\n", s->read_community);
        for (unsigned i = 0; i < s->n_access; i++)
            snmp_put(&o, "rocommunity %s %s\n", s->read_community, s->access[i]);
    }
    for (unsigned i = 0; i < s->n_users; i++) {
        const struct snmp_user *u = &s->users[i];
        snmp_put(&o, "createUser %s SHA \"%s\" AES \"%s\"\nrouser %s priv\n", u->name, u->auth_key,
                 u->priv_key, u->name);
    }
    for (unsigned i = 0; i < s->n_traps; i++) {
        const struct snmp_trap *t = &s->traps[i];
        if (t->format == SNMP_TRAP_V1)
            snmp_put(&o, "trapsink %s %s\n", t->destination, t->community);
        else if (t->format == SNMP_TRAP_V2)
            snmp_put(&o, "trap2sink %s %s\n", t->destination, t->community);
        else
            for (unsigned k = 0; k < s->n_users; k++)
                if (strcmp(s->users[k].name, t->user) == 0)
                    snmp_put(
                        &o, "trapsess -v3 -u %s -l authPriv -a SHA -A \"%s\" -x AES -X \"%s\" %s\n",
                        t->user, s->users[k].auth_key, s->users[k].priv_key, t->destination);
    }
    return o.overflow ? -ENOSPC : (int)o.length;
}

json_t *snmp_settings_to_json(const struct snmp_settings *s, bool with_keys)
{
    json_t *traps = json_array(), *users = json_array(), *access = json_array();

    for (unsigned i = 0; i < s->n_traps; i++) {
        const struct snmp_trap *t = &s->traps[i];
        json_t *o = json_pack("{s:s, s:s}", "destination", t->destination, "format",
                              snmp_trap_format_name(t->format));
        json_object_set_new(o, t->format == SNMP_TRAP_V3 ? "user" : "community",
                            json_string(t->format == SNMP_TRAP_V3 ? t->user : t->community));
        json_array_append_new(traps, o);
    }
    for (unsigned i = 0; i < s->n_users; i++) {
        json_t *o =
            json_pack("{s:s, s:s, s:s}", "name", s->users[i].name, "auth", "SHA", "priv", "AES");
        if (with_keys) {
            json_object_set_new(o, "auth_key", json_string(s->users[i].auth_key));
            json_object_set_new(o, "priv_key", json_string(s->users[i].priv_key));
        }
        json_array_append_new(users, o);
    }
    for (unsigned i = 0; i < s->n_access; i++)
        json_array_append_new(access, json_string(s->access[i]));
    return json_pack("{s:b, s:s, s:s, s:s, s:o, s:o, s:o}", "enabled", s->enabled, "read_community",
                     s->read_community, "contact", s->contact, "location", s->location, "traps",
                     traps, "users", users, "access", access);
}

/* snmp_copy: string member key of o into dst (64); missing: "". */
static int snmp_copy(json_t *o, const char *key, char *dst, char *error, size_t size)
{
    json_t *v = json_object_get(o, key);
    if (v == NULL) {
        dst[0] = '\0';
        return 0;
    }
    if (!json_is_string(v) || strlen(json_string_value(v)) >= SNMP_TEXT_MAX)
        return snmp_error(error, size, "%s: a string of at most 63 characters", key);
    strcpy(dst, json_string_value(v));
    return 0;
}

int snmp_settings_from_json(json_t *j, struct snmp_settings *s, char *error, size_t size)
{
    json_t *list, *o;
    size_t i;

    memset(s, 0, sizeof(*s));
    if (!json_is_object(j))
        return snmp_error(error, size, "SNMP settings: not an object");
    s->enabled = json_is_true(json_object_get(j, "enabled"));
    if (snmp_copy(j, "read_community", s->read_community, error, size) < 0 ||
        snmp_copy(j, "contact", s->contact, error, size) < 0 ||
        snmp_copy(j, "location", s->location, error, size) < 0)
        return -EINVAL;
    list = json_object_get(j, "traps");
    if (json_array_size(list) > SNMP_MAX_TRAPS ||
        json_array_size(json_object_get(j, "users")) > SNMP_MAX_USERS ||
        json_array_size(json_object_get(j, "access")) > SNMP_MAX_ACCESS)
        return snmp_error(error, size, "SNMP settings: too many entries");
    json_array_foreach(list, i, o)
    {
        struct snmp_trap *t = &s->traps[s->n_traps++];
        const char *format = json_string_value(json_object_get(o, "format"));
        if (format == NULL || snmp_trap_format_parse(format, &t->format) < 0)
            return snmp_error(error, size, "trap: format not SNMPv1, SNMPv2 or SNMPv3");
        if (snmp_copy(o, "destination", t->destination, error, size) < 0 ||
            snmp_copy(o, "community", t->community, error, size) < 0 ||
            snmp_copy(o, "user", t->user, error, size) < 0)
            return -EINVAL;
    }
    json_array_foreach(json_object_get(j, "users"), i, o)
    {
        struct snmp_user *u = &s->users[s->n_users++];
        if (snmp_copy(o, "name", u->name, error, size) < 0 ||
            snmp_copy(o, "auth_key", u->auth_key, error, size) < 0 ||
            snmp_copy(o, "priv_key", u->priv_key, error, size) < 0)
            return -EINVAL;
    }
    json_array_foreach(json_object_get(j, "access"), i, o)
    {
        if (!json_is_string(o) || strlen(json_string_value(o)) >= SNMP_TEXT_MAX)
            return snmp_error(error, size, "access: strings of at most 63 characters");
        strcpy(s->access[s->n_access++], json_string_value(o));
    }
    return snmp_settings_validate(s, error, size);
}
