/*
 * cli_engine: runs lines of the Virtual Connect command language on the
 * manager -- finds each command's entry in the tables of the area files,
 * checks options, parameters, properties and roles before anything runs,
 * calls the handler, writes `SUCCESS:`/`ERROR:` answers, audits changes,
 * and answers `help`. The design is in mgmt/cli_engine.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/log.h"
#include "mgmt/cli_commands.h"
#include "mgmt/manager.h"
#include "profiles/store.h"

/* ------------------------------------------------------------ methods */

static const struct {
    const char *wire;
    enum method_role role;
    int (*fn)(json_t *params, json_t **result, int *code, char *message, void *ctx);
} methods[] = {
#define CLI_METHOD_ENTRY(name, wire, role, help) {wire, METHOD_ROLE_##role, manager_method_##name},
    MANAGER_FOREACH_METHOD(CLI_METHOD_ENTRY)
#undef CLI_METHOD_ENTRY
};

static const char *const role_names[METHOD_ROLE_COUNT] = {"", "Domain", "Network", "Server",
                                                          "Storage"};

void cli_role_names(unsigned roles_mask, char *buf, size_t size)
{
    size_t n = 0;

    buf[0] = '\0';
    for (unsigned r = 1; r < METHOD_ROLE_COUNT; r++)
        if (roles_mask & (1u << r))
            n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? "," : "",
                                  role_names[r]);
}

int cli_call(struct cli_run *run, enum manager_method method, json_t *params_stolen,
             json_t **result)
{
    char message[RPC_SERVER_MESSAGE_MAX] = "";
    json_t *out = NULL;
    int code = 0;

    /* the entry's roles were checked before the handler ran; a method it
     * does not name must still not run without its role */
    enum method_role role = methods[method].role;
    if (run->spec->role == METHOD_ROLE_NONE && role != METHOD_ROLE_NONE &&
        !(run->caller->roles_mask & (1u << role))) {
        json_decref(params_stolen);
        return cli_fail(run, "Operation not permitted for the current user's role (needs %s)",
                        role_names[role]);
    }
    if (params_stolen == NULL)
        params_stolen = json_object();
    int rc = methods[method].fn(params_stolen, &out, &code, message, run->m);
    json_decref(params_stolen);
    if (rc < 0) {
        json_decref(out);
        return cli_fail(run, "%s", message[0] ? message : "the operation failed");
    }
    if (result != NULL)
        *result = out;
    else
        json_decref(out);
    return 0;
}

json_t *cli_try_call(struct cli_run *run, enum manager_method method, json_t *params_stolen)
{
    char message[CLI_MESSAGE_MAX];
    json_t *result = NULL;

    memcpy(message, run->message, sizeof(message));
    if (cli_call(run, method, params_stolen, &result) < 0)
        result = NULL;
    memcpy(run->message, message, sizeof(message));
    return result;
}

int cli_remove_each(struct cli_run *run, json_t *names, enum manager_method method, const char *key,
                    const char *noun, const char *plural)
{
    size_t i, n = json_array_size(names);
    json_t *v;

    json_array_foreach(names, i, v)
    {
        if (cli_call(run, method, json_pack("{s:O}", key, v), NULL) < 0) {
            size_t used = strlen(run->message);
            if (i > 0)
                snprintf(run->message + used, sizeof(run->message) - used,
                         " (%zu %s removed before it)", i, plural);
            json_decref(names);
            return -1;
        }
    }
    json_decref(names);
    if (!cli_param_is_all(run->cmd->params[0]))
        return cli_ok(run, "%s %s removed", noun, run->cmd->params[0]);
    return cli_ok(run, "%zu %s removed", n, plural);
}

/* ------------------------------------------------------------ answers */

static int vmessage(struct cli_run *run, int rc, const char *fmt, va_list ap)
{
    vsnprintf(run->message, sizeof(run->message), fmt, ap);
    return rc;
}

int cli_ok(struct cli_run *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vmessage(run, 0, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_fail(struct cli_run *run, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vmessage(run, -1, fmt, ap);
    va_end(ap);
    return rc;
}

struct cli_writer *cli_run_writer(struct cli_run *run)
{
    return cli_writer_create(&run->mode, run->body);
}

int cli_show_done(struct cli_run *run, struct cli_writer *w, const char *singular,
                  const char *plural)
{
    unsigned n = w ? cli_writer_records(w) : 0;

    cli_writer_destroy(w);
    if (n == 0)
        return cli_ok(run, "No %s exist", plural);
    return cli_ok(run, "%u %s", n, n == 1 ? singular : plural);
}

/* ------------------------------------------------------------ values */

/* property_label: the documented spelling of property `name`. */
static const char *property_label(const struct cli_spec *spec, const char *name)
{
    for (const struct cli_property_spec *p = spec->properties; p && p->name; p++)
        if (strcasecmp(p->name, name) == 0)
            return p->name;
    return name;
}

int cli_prop_string(struct cli_run *run, const char *name, json_t *params, const char *key)
{
    const char *v = cli_command_property(run->cmd, name);

    if (v != NULL)
        json_object_set_new(params, key, json_string(v));
    return 0;
}

int cli_prop_word(struct cli_run *run, const char *name, const char *const *words,
                  const char *const *values, unsigned n, json_t *params, const char *key)
{
    const char *v = cli_command_property(run->cmd, name);
    char accepted[256] = "";
    size_t used = 0;

    if (v == NULL)
        return 0;
    for (unsigned i = 0; i < n; i++) {
        if (strcasecmp(v, words[i]) == 0) {
            json_object_set_new(params, key,
                                values ? json_string(values[i]) : json_string(words[i]));
            return 0;
        }
        used += (size_t)snprintf(accepted + used,
                                 used < sizeof(accepted) ? sizeof(accepted) - used : 0, "%s%s",
                                 i == 0       ? ""
                                 : i + 1 == n ? " or "
                                              : ", ",
                                 words[i]);
    }
    return cli_fail(run, "%s=%s is not valid: use %s", property_label(run->spec, name), v,
                    accepted);
}

int cli_prop_enabled(struct cli_run *run, const char *name, json_t *params, const char *key)
{
    static const char *const words[] = {"Enabled", "Disabled", "true", "false"};
    const char *v = cli_command_property(run->cmd, name);

    if (v == NULL)
        return 0;
    for (unsigned i = 0; i < 4; i++)
        if (strcasecmp(v, words[i]) == 0) {
            json_object_set_new(params, key, json_boolean(i % 2 == 0));
            return 0;
        }
    /* Enabled=<x> itself reads true|false (set snmp, set mac-cache) */
    return cli_fail(run, "%s=%s is not valid: use %s", property_label(run->spec, name), v,
                    strcmp(name, "enabled") == 0 ? "true or false" : "Enabled or Disabled");
}

int cli_prop_uint(struct cli_run *run, const char *name, unsigned min, unsigned max, json_t *params,
                  const char *key)
{
    const char *v = cli_command_property(run->cmd, name);
    char *end;

    if (v == NULL)
        return 0;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 || n < min || n > max)
        return cli_fail(run, "%s=%s is not valid: use a number from %u to %u",
                        property_label(run->spec, name), v, min, max);
    json_object_set_new(params, key, json_integer((json_int_t)n));
    return 0;
}

int cli_prop_speed(struct cli_run *run, json_t *params)
{
    static const char *const words[] = {"Auto", "Preferred", "Custom", "Disabled"};
    static const char *const values[] = {"auto", "preferred", "custom", "disabled"};
    const char *type = cli_command_property(run->cmd, "speedtype");

    if (cli_prop_word(run, "speedtype", words, values, 4, params, "speed_type") < 0 ||
        cli_prop_uint(run, "speed", 100, 10000, params, "speed_mbps") < 0)
        return -1;
    if (type != NULL && strcasecmp(type, "Custom") == 0 &&
        cli_command_property(run->cmd, "speed") == NULL)
        return cli_fail(run, "SpeedType=Custom needs Speed=<100-10000>");
    return 0;
}

int cli_prop_address_type(struct cli_run *run, json_t *params, const char *key)
{
    static const char *const words[] = {"Factory-Default", "VC-Defined", "User-Defined"};
    static const char *const values[] = {"factory", "pool", "user"};

    return cli_prop_word(run, "addresstype", words, values, 3, params, key);
}

bool cli_param_is_all(const char *param)
{
    return param != NULL && strcmp(param, "*") == 0;
}

int cli_parse_bay(struct cli_run *run, const char *text, char *enclosure, unsigned *bay)
{
    const char *s = text;
    char *end;

    snprintf(enclosure, CLI_ENCLOSURE_MAX, "enc0");
    if (strncasecmp(s, "enc", 3) == 0 && s[3] >= '0' && s[3] < '0' + DOMAIN_MAX_ENCLOSURES &&
        s[4] == ':') {
        snprintf(enclosure, CLI_ENCLOSURE_MAX, "enc%c", s[3]);
        s += 5;
    }
    errno = 0;
    unsigned long n = strtoul(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || n < 1 || n > DOMAIN_BAYS)
        return cli_fail(run,
                        "device bay %s is not valid: use encK:B, enclosure K 0-%d and bay B 1-%d "
                        "(enc0:1 ... enc%d:%d)",
                        text, DOMAIN_MAX_ENCLOSURES - 1, DOMAIN_BAYS, DOMAIN_MAX_ENCLOSURES - 1,
                        DOMAIN_BAYS);
    *bay = (unsigned)n;
    return 0;
}

void cli_format_speed(unsigned mbps, const char *zero, char *buf, size_t size)
{
    if (mbps == 0)
        snprintf(buf, size, "%s", zero ? zero : "Unrestricted");
    else if (mbps % 1000 == 0)
        snprintf(buf, size, "%uGb", mbps / 1000);
    else if (mbps > 1000 && mbps % 100 == 0)
        snprintf(buf, size, "%u.%uGb", mbps / 1000, mbps % 1000 / 100);
    else
        snprintf(buf, size, "%uMb", mbps);
}

const char *cli_json_text(json_t *object, const char *key)
{
    const char *s = json_string_value(json_object_get(object, key));
    return s && s[0] ? s : "-- --";
}

const char *cli_enabled(bool on)
{
    return on ? "Enabled" : "Disabled";
}

const char *cli_status_of(json_t *status, const char *kind, const char *key, const char *name)
{
    size_t i;
    json_t *o;

    json_array_foreach(json_object_get(status, kind), i, o)
    {
        const char *n = json_string_value(json_object_get(o, key));
        if (n && strcmp(n, name) == 0)
            return json_string_value(json_object_get(o, "status_name"));
    }
    return "Unknown";
}

/* ------------------------------------------------------------ table */

static const struct cli_spec_list *const spec_lists[] = {
    &cli_domain_specs, &cli_network_specs, &cli_profile_specs, &cli_storage_specs,
    &cli_user_specs,   &cli_snmp_specs,    &cli_config_specs,
};
#define N_SPEC_LISTS (sizeof(spec_lists) / sizeof(spec_lists[0]))

/* Every subcommand of the language, for `help` and the unknown-command
 * error (exit belongs to the front ends). */
static const char *const subcommands[] = {"add",      "assign", "help",  "import", "poweroff",
                                          "poweron",  "remove", "reset", "set",    "show",
                                          "unassign", "exit",   NULL};

/* spec_find: the entry of subcommand x element (any element when NULL). */
static const struct cli_spec *spec_find(const char *subcommand, const char *element)
{
    for (unsigned l = 0; l < N_SPEC_LISTS; l++)
        for (unsigned i = 0; i < spec_lists[l]->count; i++) {
            const struct cli_spec *s = &spec_lists[l]->specs[i];
            if (strcmp(s->subcommand, subcommand) == 0 &&
                (element == NULL || strcmp(s->element, element) == 0))
                return s;
        }
    return NULL;
}

/* elements_of: the elements of `subcommand` (all when NULL), sorted,
 * without repeats, comma-separated. */
static void elements_of(const char *subcommand, struct cli_text *out)
{
    const char *names[256];
    unsigned n = 0;

    for (unsigned l = 0; l < N_SPEC_LISTS; l++)
        for (unsigned i = 0; i < spec_lists[l]->count; i++) {
            const struct cli_spec *s = &spec_lists[l]->specs[i];
            bool seen = false;
            if (subcommand != NULL && strcmp(s->subcommand, subcommand) != 0)
                continue;
            for (unsigned k = 0; k < n; k++)
                seen = seen || strcmp(names[k], s->element) == 0;
            if (!seen && n < 256)
                names[n++] = s->element;
        }
    for (unsigned i = 1; i < n; i++)
        for (unsigned k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
            const char *t = names[k];
            names[k] = names[k - 1];
            names[k - 1] = t;
        }
    for (unsigned i = 0; i < n; i++)
        cli_text_printf(out, "%s%s", i ? ", " : "", names[i]);
}

static unsigned roles_needed(const struct cli_spec *spec)
{
    unsigned mask = 0;

    if (spec->role != METHOD_ROLE_NONE)
        return 1u << spec->role;
    for (unsigned i = 0; i < CLI_MAX_METHODS; i++)
        if (methods[spec->methods[i]].role != METHOD_ROLE_NONE)
            mask |= 1u << methods[spec->methods[i]].role;
    return mask;
}

/* ------------------------------------------------------------ help */

static void help_spec(const struct cli_spec *s, struct cli_text *out)
{
    char roles[64];

    cli_role_names(roles_needed(s), roles, sizeof(roles));
    cli_text_printf(out, "%s\n    %s%s%s%s\n", s->usage, s->help, roles[0] ? " (needs " : "", roles,
                    roles[0] ? ")" : "");
    for (const struct cli_property_spec *p = s->properties; p && p->name; p++)
        cli_text_printf(out, "      %-18s %s\n", p->name, p->help);
}

static int run_help(struct cli_run *run)
{
    const char *topic = run->cmd->element;
    unsigned n = 0;

    if (topic == NULL) {
        cli_text_printf(run->body,
                        "Commands: <subcommand> <managed-element> [parameters] [-options] "
                        "[Name=Value ...]; several commands separated by ';'.\n"
                        "Options: -output=script1|script2|json[,no-headers], -quiet.\n");
        for (const char *const *s = subcommands; *s; s++) {
            if (strcmp(*s, "help") == 0 || strcmp(*s, "exit") == 0)
                continue;
            cli_text_printf(run->body, "  %-9s ", *s);
            elements_of(*s, run->body);
            cli_text_append(run->body, "\n", 1);
        }
        cli_text_printf(run->body,
                        "Type help <managed-element> for its commands and properties.\n");
        return cli_ok(run, "help");
    }
    for (unsigned l = 0; l < N_SPEC_LISTS; l++)
        for (unsigned i = 0; i < spec_lists[l]->count; i++) {
            const struct cli_spec *s = &spec_lists[l]->specs[i];
            if (strcmp(s->element, topic) == 0 || strcmp(s->subcommand, topic) == 0) {
                help_spec(s, run->body);
                n++;
            }
        }
    if (n == 0) {
        struct cli_text all;
        cli_text_init(&all);
        elements_of(NULL, &all);
        cli_fail(run, "no help for %s: managed elements are %s", topic, cli_text_get(&all));
        cli_text_free(&all);
        return -1;
    }
    return cli_ok(run, "help %s", topic);
}

static const struct cli_spec help_spec_entry = {
    "help", "",  "help [<managed-element>]", "this text", 0, 0, NULL,
    NULL,   {0}, METHOD_ROLE_NONE,           run_help};

/* ------------------------------------------------------------ checks */

/* check_command: find the entry of run->cmd and check it before it runs.
 * 0 with run->spec set, or -1 with the error. */
static int check_command(struct cli_run *run)
{
    const struct cli_command *c = run->cmd;
    const struct cli_spec *s;

    if (strcmp(c->subcommand, "help") == 0) {
        if (c->n_params > 0 || c->n_properties > 0)
            return cli_fail(run, "help takes one managed element: help [<managed-element>]");
        run->spec = &help_spec_entry;
        return 0;
    }
    bool known = false;
    for (const char *const *sub = subcommands; *sub; sub++)
        known = known || strcmp(*sub, c->subcommand) == 0;
    if (!known || spec_find(c->subcommand, NULL) == NULL) {
        struct cli_text all;
        cli_text_init(&all);
        for (const char *const *sub = subcommands; *sub; sub++)
            if (strcmp(*sub, "exit") != 0 && (strcmp(*sub, "help") == 0 || spec_find(*sub, NULL)))
                cli_text_printf(&all, "%s%s", all.length ? ", " : "", *sub);
        cli_fail(run, "%s \"%s\": valid subcommands are %s (type help)",
                 known ? "subcommand not available here" : "unknown subcommand", c->subcommand,
                 cli_text_get(&all));
        cli_text_free(&all);
        return -1;
    }
    s = c->element ? spec_find(c->subcommand, c->element) : NULL;
    if (s == NULL) {
        struct cli_text all;
        cli_text_init(&all);
        elements_of(c->subcommand, &all);
        if (c->element == NULL)
            cli_fail(run, "%s needs a managed element: %s", c->subcommand, cli_text_get(&all));
        else
            cli_fail(run, "unknown managed element \"%s\" for %s: valid elements are %s",
                     c->element, c->subcommand, cli_text_get(&all));
        cli_text_free(&all);
        return -1;
    }
    run->spec = s;
    for (unsigned i = 0; i < c->n_options; i++) {
        const char *o = c->options[i].name;
        bool ok = strcmp(o, "output") == 0 || strcmp(o, "quiet") == 0;
        for (const char *const *a = s->options; a && *a && !ok; a++)
            ok = strcmp(*a, o) == 0;
        if (!ok)
            return cli_fail(run, "option -%s is not valid for %s %s: usage: %s", o, s->subcommand,
                            s->element, s->usage);
    }
    const char *output = cli_command_option(c, "output");
    if (output != NULL &&
        cli_output_parse(output, &run->mode, run->message, sizeof(run->message)) < 0)
        return -1;
    if (c->n_params < s->min_params)
        return cli_fail(run, "missing parameter for %s %s: usage: %s", s->subcommand, s->element,
                        s->usage);
    if (c->n_params > s->max_params)
        return cli_fail(run, "too many parameters for %s %s (\"%s\"): usage: %s", s->subcommand,
                        s->element, c->params[s->max_params], s->usage);
    for (unsigned i = 0; i < c->n_properties; i++) {
        bool ok = false;
        for (const struct cli_property_spec *p = s->properties; p && p->name && !ok; p++)
            ok = strcasecmp(p->name, c->properties[i].name) == 0;
        if (ok)
            continue;
        struct cli_text valid;
        cli_text_init(&valid);
        for (const struct cli_property_spec *p = s->properties; p && p->name; p++)
            cli_text_printf(&valid, "%s%s", valid.length ? ", " : "", p->name);
        if (valid.length == 0)
            cli_fail(run, "%s %s takes no properties (\"%s\" given)", s->subcommand, s->element,
                     c->properties[i].name);
        else
            cli_fail(run, "property \"%s\" is not valid for %s %s: valid properties are %s",
                     c->properties[i].name, s->subcommand, s->element, cli_text_get(&valid));
        cli_text_free(&valid);
        return -1;
    }
    unsigned missing = roles_needed(s) & ~run->caller->roles_mask;
    if (missing != 0) {
        char roles[64];
        cli_role_names(missing, roles, sizeof(roles));
        return cli_fail(run, "Operation not permitted for the current user's role (needs %s)",
                        roles);
    }
    return 0;
}

/* ------------------------------------------------------------ running */

/* audit_word: one word of a command as typed, quoted when it has blanks. */
static void audit_word(struct cli_text *t, const char *prefix, const char *name, const char *eq,
                       const char *value)
{
    bool quote = strpbrk(value, " \t;") != NULL || value[0] == '\0';

    cli_text_printf(t, " %s%s%s%s%s%s", prefix, name, eq, quote && eq[0] ? "\"" : "", value,
                    quote && eq[0] ? "\"" : "");
}

/* secret: a property whose value the audit trail and the log never show
 * (a user's password, an SNMPv3 user's keys). */
static bool secret(const char *property)
{
    return strcmp(property, "password") == 0 || strcmp(property, "authkey") == 0 ||
           strcmp(property, "privkey") == 0;
}

/* audit_text: the command for the audit trail and the log: as typed, or
 * rebuilt with the values of secret properties masked. */
static void audit_text(const struct cli_command *c, struct cli_text *t)
{
    bool has_secret = false;

    for (unsigned i = 0; i < c->n_properties; i++)
        has_secret = has_secret || secret(c->properties[i].name);
    if (!has_secret) {
        cli_text_append(t, c->text, strlen(c->text));
        return;
    }
    cli_text_printf(t, "%s %s", c->subcommand, c->element ? c->element : "");
    for (unsigned i = 0; i < c->n_params; i++)
        cli_text_printf(t, strpbrk(c->params[i], " \t;") ? " \"%s\"" : " %s", c->params[i]);
    for (unsigned i = 0; i < c->n_options; i++)
        audit_word(t, "-", c->options[i].name, c->options[i].value[0] ? "=" : "",
                   c->options[i].value);
    for (unsigned i = 0; i < c->n_properties; i++)
        audit_word(t, "", c->properties[i].name, "=",
                   secret(c->properties[i].name) ? "********" : c->properties[i].value);
}

/* audit: one store row and one syslog line for a command that changes. */
static void audit(struct cli_run *run, bool ok)
{
    char result[CLI_MESSAGE_MAX + 16], error[256];
    const struct cli_caller *who = run->caller;
    struct cli_text command;

    cli_text_init(&command);
    audit_text(run->cmd, &command);
    snprintf(result, sizeof(result), "%s: %s", ok ? "SUCCESS" : "ERROR", run->message);
    log_info("cli: %s (%s): %s: %s", who->user, who->origin, cli_text_get(&command), result);
    if (store_audit(run->m->st.store, who->user, who->origin, cli_text_get(&command), result, error,
                    sizeof(error)) < 0)
        log_warnx("audit: %s", error);
    cli_text_free(&command);
}

static bool run_command(struct manager *m, const struct cli_caller *caller,
                        const struct cli_command *cmd, struct cli_text *out)
{
    struct cli_text body;
    struct cli_run run = {.m = m, .caller = caller, .cmd = cmd, .body = &body};
    int rc;

    cli_text_init(&body);
    rc = check_command(&run);
    if (rc == 0) {
        m->audit_by_cli = true;
        rc = run.spec->run(&run);
        m->audit_by_cli = false;
    }
    /* a command found in the tables that is not a query: audited, refused or not */
    if (run.spec != NULL && strcmp(cmd->subcommand, "show") != 0 &&
        strcmp(cmd->subcommand, "help") != 0)
        audit(&run, rc == 0);
    cli_text_printf(out, "%s: %s\n", rc == 0 ? "SUCCESS" : "ERROR", run.message);
    if (rc == 0)
        cli_text_append(out, cli_text_get(&body), body.length);
    bool failed = body.failed;
    if (failed)
        cli_text_printf(out, "ERROR: out of memory while formatting the answer\n");
    cli_text_free(&body);
    return rc == 0 && !failed;
}

bool cli_execute(struct manager *m, const struct cli_caller *caller, const char *line,
                 struct cli_text *out)
{
    struct cli_line l;
    char error[CLI_ERROR_MAX];
    bool ok = true;

    if (cli_parse_line(line, &l, error, sizeof(error)) < 0) {
        cli_text_printf(out, "ERROR: %s\n", error);
        return false;
    }
    for (unsigned i = 0; i < l.n_commands; i++)
        ok = run_command(m, caller, &l.commands[i], out) && ok;
    cli_line_free(&l);
    return ok;
}
