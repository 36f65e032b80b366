/*
 * cli_output: how the CLI prints the instances a `show` command found --
 * one writer interface (records of labelled fields), several formats, in
 * the manner of lldpd's text/kv/json writers. Pure: writes into a growing
 * text buffer, no I/O.
 *
 * Formats (VC-REFERENCE.md, "CLI"; `-output=` values, comma-separated):
 *   default   `Label : Value` lines, labels padded to the record's widest,
 *             a line of dashes between instances
 *   script1   one `Label=Value` per line, an empty line between instances;
 *             the value is the rest of the line, never quoted
 *   script2   one `;`-separated line per instance, the first line the
 *             labels; a value holding `;` or `"` is double-quoted (inner
 *             quotes doubled)
 *   json      (ours) an array of objects, labels as keys
 *   no-headers  with default: values only; script1: values only; script2:
 *             no label line; json: ignored
 */
#ifndef OPENVC_MGMT_CLI_OUTPUT_H
#define OPENVC_MGMT_CLI_OUTPUT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* A growing NUL-terminated text. After a failed allocation `failed` is set
 * and later appends do nothing. */
struct cli_text {
    char *data; /* NULL until the first append */
    size_t length;
    size_t capacity;
    bool failed;
};

void cli_text_init(struct cli_text *text);
void cli_text_free(struct cli_text *text);
/* cli_text_append / cli_text_printf: add text. 0 or -ENOMEM. */
int cli_text_append(struct cli_text *text, const char *s, size_t length);
int cli_text_printf(struct cli_text *text, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* cli_text_get: the text so far ("" when empty). */
const char *cli_text_get(const struct cli_text *text);

enum cli_output_format {
    CLI_OUTPUT_DEFAULT = 0,
    CLI_OUTPUT_SCRIPT1,
    CLI_OUTPUT_SCRIPT2,
    CLI_OUTPUT_JSON,
};

struct cli_output_mode {
    enum cli_output_format format;
    bool no_headers;
};

/* cli_output_parse: the value of -output= ("script2,no-headers", case
 * insensitive) into *mode. 0, or -EINVAL with a message listing the
 * accepted values. */
int cli_output_parse(const char *value, struct cli_output_mode *mode, char *error,
                     size_t error_size);

struct cli_writer;

/* cli_writer_create: a writer of `mode` appending to `out`. NULL without
 * memory. */
struct cli_writer *cli_writer_create(const struct cli_output_mode *mode, struct cli_text *out);
/* cli_writer_record_begin / _field / _record_end: one instance, its fields in
 * order. label: "Server ID"; value: text, NULL printed as "". */
void cli_writer_record_begin(struct cli_writer *writer);
void cli_writer_field(struct cli_writer *writer, const char *label, const char *value);
void cli_writer_fieldf(struct cli_writer *writer, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void cli_writer_record_end(struct cli_writer *writer);
/* cli_writer_records: how many records were written. */
unsigned cli_writer_records(const struct cli_writer *writer);
/* cli_writer_destroy: finish the output (json closes its array) and free
 * the writer. Accepts NULL. */
void cli_writer_destroy(struct cli_writer *writer);

#endif
