/*
 * vc_cli_complete: the words vc-cli offers on tab (vc_cli_complete.h):
 * where the cursor is in the command, the fixed words of the VC CLI, and
 * the names of objects out of a show method's result. Pure: no I/O.
 */
#include "mgmt/vc_cli_complete.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const subcommands[] = {
    "add",    "assign", "exit", "help", "import",   "poweroff", "poweron",
    "remove", "reset",  "set",  "show", "unassign", NULL,
};

static const char *const elements[] = {
    "audit",
    "config",
    "domain",
    "enclosure",
    "enet-connection",
    "fc-connection",
    "fcoe-connection",
    "interconnect",
    "interconnect-mac-table",
    "mac-cache",
    "mac-range",
    "network",
    "port-protect",
    "profile",
    "role",
    "serial-range",
    "server",
    "server-port-map",
    "snmp",
    "snmp-access",
    "snmp-trap",
    "snmp-user",
    "uplinkport",
    "uplinkset",
    "user",
    "user-security",
    "version",
    "wwn-range",
    NULL,
};

static const char *const options[] = {
    "-quiet",       "-output=script1",    "-output=script2", "-output=no-headers",
    "-output=json", "-nodefaultenetconn", "-timeout=",       "-forceontimeout",
    NULL,
};

/* The properties of each element that add and set take: the engine's
 * (mgmt/cli_*.c property tables), kept in step by hand. */
static const struct {
    const char *element;
    const char *const properties[16];
} element_properties[] = {
    {"network",
     {"UplinkSet=", "VLanID=", "NativeVLAN=", "UplinkPort=", "VLanTunnel=", "Private=",
      "SmartLink=", "State=", "PrefSpeedType=", "PrefSpeed=", "MaxSpeedType=", "MaxSpeed=",
      "MacLimit=", NULL}},
    {"uplinkset", {"ConnectionMode=", NULL}},
    {"uplinkport", {"UplinkSet=", NULL}},
    {"profile", {"SerialNumber=", "UUID=", NULL}},
    {"enet-connection",
     {"Network=", "PXE=", "SpeedType=", "Speed=", "AddressType=", "EthernetMAC=", "iScsiMAC=",
      NULL}},
    {"fcoe-connection",
     {"Fabric=", "SpeedType=", "Speed=", "SanBoot=", "BootTarget=", "BootLun=", "AddressType=",
      "WWPN=", "WWNN=", NULL}},
    {"fc-connection",
     {"Fabric=", "SpeedType=", "Speed=", "SanBoot=", "BootTarget=", "BootLun=", "AddressType=",
      "WWPN=", "WWNN=", NULL}},
    {"server-port-map", {"VLanID=", "Untagged=", NULL}},
    {"user", {"Password=", "Roles=", "FullName=", "ContactInfo=", "Enabled=", "SshKey=", NULL}},
    {"user-security", {"MinPasswordLength=", "StrongPasswords=", NULL}},
    {"domain", {"DomainName=", "MacType=", "WwnType=", "SerialNumberType=", "MacAging=", NULL}},
    {"mac-cache", {"Enabled=", "Refresh=", NULL}},
    {"port-protect", {"networkLoop=", "pauseFlood=", NULL}},
    {"mac-range", {"Predefined=", "Start=", "End=", NULL}},
    {"wwn-range", {"Predefined=", "Start=", "End=", NULL}},
    {"serial-range", {"Predefined=", "Start=", "End=", NULL}},
    {"snmp", {"Enabled=", "ReadCommunity=", "Contact=", "Location=", NULL}},
    {"snmp-trap", {"Format=", "Community=", "User=", NULL}},
    {"snmp-user", {"AuthKey=", "PrivKey=", "AuthProtocol=", "PrivProtocol=", NULL}},
};

/* Where the names of each element's objects are. */
static const struct {
    const char *element, *method, *list, *field; /* field NULL: "enclosure:bay" */
} name_sources[] = {
    {"profile", "profile.show", "profiles", "name"},
    {"enet-connection", "profile.show", "profiles", "name"},
    {"fcoe-connection", "profile.show", "profiles", "name"},
    {"fc-connection", "profile.show", "profiles", "name"},
    {"server-port-map", "profile.show", "profiles", "name"},
    {"network", "network.show", "networks", "name"},
    {"uplinkset", "uplinkset.show", "uplink_sets", "name"},
    {"uplinkport", "uplinkset.show", "uplink_ports", "id"},
    {"user", "user.show", "users", "name"},
    {"server", "server.show", "servers", NULL},
    {"enclosure", "enclosure.show", "enclosures", "id"},
    {"snmp-trap", "snmp.show", "traps", "destination"},
    {"snmp-user", "snmp.show", "users", "name"},
};

void vc_cli_complete_context(const char *before, struct vc_cli_context *context)
{
    const char *word_start = before;
    bool in_quote = false, positional;
    unsigned n_positional = 0;

    memset(context, 0, sizeof(*context));
    for (const char *p = before;; p++) {
        bool end_of_word = *p == '\0' || (!in_quote && (*p == ' ' || *p == '\t' || *p == ';'));
        if (end_of_word && p > word_start) {
            size_t len = (size_t)(p - word_start);
            if (*p == '\0') { /* the word being typed */
                bool has_equal = memchr(word_start, '=', len) != NULL;
                context->word = n_positional;
                context->slot = *word_start == '-'  ? VC_CLI_SLOT_OPTION
                                : has_equal         ? VC_CLI_SLOT_VALUE
                                : n_positional == 0 ? VC_CLI_SLOT_SUBCOMMAND
                                : n_positional == 1 ? VC_CLI_SLOT_ELEMENT
                                                    : VC_CLI_SLOT_ARGUMENT;
                return;
            }
            positional = *word_start != '-' && memchr(word_start, '=', len) == NULL;
            if (positional && n_positional < 2) {
                char *dst = n_positional == 0 ? context->subcommand : context->element;
                size_t n = len < VC_CLI_WORD_MAX - 1 ? len : VC_CLI_WORD_MAX - 1;
                for (size_t i = 0; i < n; i++)
                    dst[i] = (char)tolower((unsigned char)word_start[i]);
                dst[n] = '\0';
            }
            n_positional += positional;
        }
        if (*p == '\0')
            break;
        if (*p == '"')
            in_quote = !in_quote;
        if (end_of_word) {
            word_start = p + 1;
            if (*p == ';') {
                n_positional = 0;
                context->subcommand[0] = context->element[0] = '\0';
            }
        }
    }
    /* the line ends in a blank: a new, empty word */
    context->word = n_positional;
    context->slot = n_positional == 0   ? VC_CLI_SLOT_SUBCOMMAND
                    : n_positional == 1 ? VC_CLI_SLOT_ELEMENT
                                        : VC_CLI_SLOT_ARGUMENT;
}

int vc_cli_candidates_add(struct vc_cli_candidates *c, const char *prefix, const char *word)
{
    if (strncasecmp(word, prefix, strlen(prefix)) != 0)
        return 0;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->words[i], word) == 0)
            return 0;
    if (c->n == c->capacity) {
        size_t capacity = c->capacity ? 2 * c->capacity : 16;
        char **words = realloc(c->words, capacity * sizeof(*words));
        if (words == NULL)
            return -ENOMEM;
        c->words = words, c->capacity = capacity;
    }
    if ((c->words[c->n] = strdup(word)) == NULL)
        return -ENOMEM;
    c->n++;
    return 0;
}

void vc_cli_candidates_free(struct vc_cli_candidates *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->words[i]);
    free(c->words);
    memset(c, 0, sizeof(*c));
}

/* add_all: every word of the NULL-ended `words` starting with prefix. */
static int add_all(struct vc_cli_candidates *out, const char *prefix, const char *const *words)
{
    for (; *words; words++)
        if (vc_cli_candidates_add(out, prefix, *words) < 0)
            return -ENOMEM;
    return 0;
}

int vc_cli_complete_words(const struct vc_cli_context *context, const char *prefix,
                          struct vc_cli_candidates *out)
{
    switch (context->slot) {
    case VC_CLI_SLOT_SUBCOMMAND:
        return add_all(out, prefix, subcommands);
    case VC_CLI_SLOT_ELEMENT:
        if (strcmp(context->subcommand, "exit") == 0)
            return 0;
        return add_all(out, prefix, elements);
    case VC_CLI_SLOT_OPTION:
        return add_all(out, prefix, options);
    case VC_CLI_SLOT_ARGUMENT:
        if (strcmp(context->subcommand, "add") != 0 && strcmp(context->subcommand, "set") != 0)
            return 0;
        for (size_t i = 0; i < sizeof(element_properties) / sizeof(element_properties[0]); i++)
            if (strcmp(element_properties[i].element, context->element) == 0)
                return add_all(out, prefix, element_properties[i].properties);
        return 0;
    case VC_CLI_SLOT_VALUE:
        return 0;
    }
    return 0;
}

/* source_of: the name source of `element`, or -1. */
static int source_of(const char *element)
{
    for (size_t i = 0; i < sizeof(name_sources) / sizeof(name_sources[0]); i++)
        if (strcmp(name_sources[i].element, element) == 0)
            return (int)i;
    return -1;
}

const char *vc_cli_names_method(const char *element)
{
    int i = source_of(element);
    return i < 0 ? NULL : name_sources[i].method;
}

int vc_cli_complete_names(const char *element, json_t *result, const char *prefix,
                          struct vc_cli_candidates *out)
{
    int s = source_of(element);
    json_t *item;
    size_t i;

    if (s < 0)
        return 0;
    json_array_foreach(json_object_get(result, name_sources[s].list), i, item)
    {
        char bay[VC_CLI_WORD_MAX];
        const char *name;
        if (name_sources[s].field != NULL) {
            name = json_string_value(json_object_get(item, name_sources[s].field));
        } else {
            const char *enclosure = json_string_value(json_object_get(item, "enclosure"));
            json_t *number = json_object_get(item, "bay");
            if (enclosure == NULL || !json_is_integer(number))
                continue;
            snprintf(bay, sizeof(bay), "%s:%lld", enclosure, (long long)json_integer_value(number));
            name = bay;
        }
        if (name != NULL && vc_cli_candidates_add(out, prefix, name) < 0)
            return -ENOMEM;
    }
    return 0;
}
