/*
 * cli_output: the CLI's output writers -- one interface (records of
 * labelled fields), one small set of functions per format (default,
 * script1, script2, json), and the growing text they write into. Pure: no
 * I/O. Formats are described in mgmt/cli_output.h.
 */
#include "mgmt/cli_output.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ text */

void cli_text_init(struct cli_text *text)
{
    memset(text, 0, sizeof(*text));
}

void cli_text_free(struct cli_text *text)
{
    free(text->data);
    cli_text_init(text);
}

int cli_text_append(struct cli_text *text, const char *s, size_t length)
{
    if (text->failed)
        return -ENOMEM;
    if (text->length + length + 1 > text->capacity) {
        size_t capacity = text->capacity ? text->capacity : 256;
        while (capacity < text->length + length + 1)
            capacity *= 2;
        char *data = realloc(text->data, capacity);
        if (data == NULL) {
            text->failed = true;
            return -ENOMEM;
        }
        text->data = data;
        text->capacity = capacity;
    }
    memcpy(text->data + text->length, s, length);
    text->length += length;
    text->data[text->length] = '\0';
    return 0;
}

int cli_text_printf(struct cli_text *text, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) {
        text->failed = true;
        return -ENOMEM;
    }
    int rc = cli_text_append(text, s, (size_t)n);
    free(s);
    return rc;
}

const char *cli_text_get(const struct cli_text *text)
{
    return text->data ? text->data : "";
}

/* ------------------------------------------------------------ mode */

int cli_output_parse(const char *value, struct cli_output_mode *mode, char *error,
                     size_t error_size)
{
    char copy[128];
    char *save = NULL;

    *mode = (struct cli_output_mode){CLI_OUTPUT_DEFAULT, false};
    if (strlen(value) >= sizeof(copy) || value[0] == '\0') {
        snprintf(error, error_size,
                 "-output=%.40s is not valid: use script1, script2, json and/or no-headers", value);
        return -EINVAL;
    }
    snprintf(copy, sizeof(copy), "%s", value);
    for (char *w = strtok_r(copy, ",", &save); w != NULL; w = strtok_r(NULL, ",", &save)) {
        if (strcasecmp(w, "script1") == 0)
            mode->format = CLI_OUTPUT_SCRIPT1;
        else if (strcasecmp(w, "script2") == 0)
            mode->format = CLI_OUTPUT_SCRIPT2;
        else if (strcasecmp(w, "json") == 0)
            mode->format = CLI_OUTPUT_JSON;
        else if (strcasecmp(w, "no-headers") == 0)
            mode->no_headers = true;
        else {
            snprintf(error, error_size,
                     "-output value \"%.40s\" is not valid: use script1, script2, json and/or "
                     "no-headers (e.g. -output=script2,no-headers)",
                     w);
            return -EINVAL;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ writer */

#define CLI_WRITER_MAX_FIELDS 64

struct cli_writer_format {
    /* record: print the buffered record (writer->labels/values). */
    void (*record)(struct cli_writer *w);
    /* finish: the end of the output. */
    void (*finish)(struct cli_writer *w);
};

struct cli_writer {
    const struct cli_writer_format *format;
    struct cli_output_mode mode;
    struct cli_text *out;
    unsigned records;
    char *labels[CLI_WRITER_MAX_FIELDS];
    char *values[CLI_WRITER_MAX_FIELDS];
    unsigned n_fields;
    json_t *json; /* json: the array */
};

static void text_record(struct cli_writer *w)
{
    size_t width = 0;

    if (w->records > 0)
        cli_text_printf(w->out, "%s\n",
                        "------------------------------------------------------------------------"
                        "-------");
    for (unsigned i = 0; i < w->n_fields; i++)
        if (strlen(w->labels[i]) > width)
            width = strlen(w->labels[i]);
    for (unsigned i = 0; i < w->n_fields; i++)
        if (w->mode.no_headers)
            cli_text_printf(w->out, "%s\n", w->values[i]);
        else
            cli_text_printf(w->out, "%-*s : %s\n", (int)width, w->labels[i], w->values[i]);
}

static void script1_record(struct cli_writer *w)
{
    if (w->records > 0)
        cli_text_append(w->out, "\n", 1);
    for (unsigned i = 0; i < w->n_fields; i++)
        if (w->mode.no_headers)
            cli_text_printf(w->out, "%s\n", w->values[i]);
        else
            cli_text_printf(w->out, "%s=%s\n", w->labels[i], w->values[i]);
}

/* script2_value: one value of a script2 line, quoted when it holds the
 * delimiter or a quote. */
static void script2_value(struct cli_text *out, const char *value)
{
    if (strpbrk(value, ";\"") == NULL) {
        cli_text_append(out, value, strlen(value));
        return;
    }
    cli_text_append(out, "\"", 1);
    for (const char *s = value; *s != '\0'; s++) {
        if (*s == '"')
            cli_text_append(out, "\"\"", 2);
        else
            cli_text_append(out, s, 1);
    }
    cli_text_append(out, "\"", 1);
}

static void script2_record(struct cli_writer *w)
{
    if (w->records == 0 && !w->mode.no_headers) {
        for (unsigned i = 0; i < w->n_fields; i++) {
            if (i > 0)
                cli_text_append(w->out, ";", 1);
            script2_value(w->out, w->labels[i]);
        }
        cli_text_append(w->out, "\n", 1);
    }
    for (unsigned i = 0; i < w->n_fields; i++) {
        if (i > 0)
            cli_text_append(w->out, ";", 1);
        script2_value(w->out, w->values[i]);
    }
    cli_text_append(w->out, "\n", 1);
}

static void json_record(struct cli_writer *w)
{
    json_t *o = json_object();

    for (unsigned i = 0; i < w->n_fields; i++)
        json_object_set_new(o, w->labels[i], json_string(w->values[i]));
    json_array_append_new(w->json, o);
}

static void json_finish(struct cli_writer *w)
{
    char *s = json_dumps(w->json, JSON_INDENT(2));

    if (s == NULL) {
        w->out->failed = true;
        return;
    }
    cli_text_printf(w->out, "%s\n", s);
    free(s);
}

static const struct cli_writer_format formats[] = {
    [CLI_OUTPUT_DEFAULT] = {text_record, NULL},
    [CLI_OUTPUT_SCRIPT1] = {script1_record, NULL},
    [CLI_OUTPUT_SCRIPT2] = {script2_record, NULL},
    [CLI_OUTPUT_JSON] = {json_record, json_finish},
};

struct cli_writer *cli_writer_create(const struct cli_output_mode *mode, struct cli_text *out)
{
    struct cli_writer *w = calloc(1, sizeof(*w));

    if (w == NULL)
        return NULL;
    w->mode = *mode;
    w->format = &formats[mode->format <= CLI_OUTPUT_JSON ? mode->format : CLI_OUTPUT_DEFAULT];
    w->out = out;
    if (mode->format == CLI_OUTPUT_JSON && (w->json = json_array()) == NULL) {
        free(w);
        return NULL;
    }
    return w;
}

static void fields_clear(struct cli_writer *w)
{
    for (unsigned i = 0; i < w->n_fields; i++) {
        free(w->labels[i]);
        free(w->values[i]);
    }
    w->n_fields = 0;
}

void cli_writer_record_begin(struct cli_writer *writer)
{
    fields_clear(writer);
}

void cli_writer_field(struct cli_writer *writer, const char *label, const char *value)
{
    if (writer->n_fields >= CLI_WRITER_MAX_FIELDS)
        return;
    char *l = strdup(label), *v = strdup(value ? value : "");
    if (l == NULL || v == NULL) {
        free(l);
        free(v);
        writer->out->failed = true;
        return;
    }
    writer->labels[writer->n_fields] = l;
    writer->values[writer->n_fields++] = v;
}

void cli_writer_fieldf(struct cli_writer *writer, const char *label, const char *fmt, ...)
{
    va_list ap;
    char *s = NULL;

    va_start(ap, fmt);
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) {
        writer->out->failed = true;
        return;
    }
    cli_writer_field(writer, label, s);
    free(s);
}

void cli_writer_record_end(struct cli_writer *writer)
{
    writer->format->record(writer);
    writer->records++;
    fields_clear(writer);
}

unsigned cli_writer_records(const struct cli_writer *writer)
{
    return writer->records;
}

void cli_writer_destroy(struct cli_writer *writer)
{
    if (writer == NULL)
        return;
    if (writer->format->finish != NULL)
        writer->format->finish(writer);
    fields_clear(writer);
    json_decref(writer->json);
    free(writer);
}
