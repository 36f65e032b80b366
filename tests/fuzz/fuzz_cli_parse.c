/*
 * fuzz_cli_parse: libFuzzer harness for cli_parse_line, which reads what
 * SSH users, vc-cli and config files send. Any input must be either
 * refused with a one-line error and no commands, or split into commands
 * whose own text parses back to exactly the same command (subcommand,
 * element, params, options, properties): what the audit trail records is
 * what ran.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I. \
 *   tests/fuzz/fuzz_cli_parse.c mgmt/cli_parse.c -o fuzz_cli_parse
 * Seeds: tests/fuzz/corpus/cli/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mgmt/cli_parse.h"

static int same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int same_pairs(const struct cli_pair *a, unsigned na, const struct cli_pair *b, unsigned nb)
{
    if (na != nb)
        return 0;
    for (unsigned i = 0; i < na; i++)
        if (!same(a[i].name, b[i].name) || !same(a[i].value, b[i].value))
            return 0;
    return 1;
}

/* LLVMFuzzerTestOneInput: data = one line (a NUL ends it early). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), error[CLI_ERROR_MAX] = "";
    struct cli_line line, again;

    memcpy(text, data, size);
    text[size] = '\0';
    if (cli_parse_line(text, &line, error, sizeof(error)) < 0) {
        if (error[0] == '\0' || strchr(error, '\n') != NULL || line.n_commands != 0)
            abort();
        free(text);
        return 0;
    }
    for (unsigned i = 0; i < line.n_commands; i++) {
        const struct cli_command *c = &line.commands[i];
        if (c->subcommand == NULL || cli_parse_line(c->text, &again, error, sizeof(error)) < 0 ||
            again.n_commands != 1)
            abort();
        const struct cli_command *d = &again.commands[0];
        if (!same(c->subcommand, d->subcommand) || !same(c->element, d->element) ||
            c->n_params != d->n_params ||
            !same_pairs(c->options, c->n_options, d->options, d->n_options) ||
            !same_pairs(c->properties, c->n_properties, d->properties, d->n_properties))
            abort();
        for (unsigned k = 0; k < c->n_params; k++)
            if (!same(c->params[k], d->params[k]))
                abort();
        cli_line_free(&again);
    }
    cli_line_free(&line);
    free(text);
    return 0;
}
