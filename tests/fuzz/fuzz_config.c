/*
 * fuzz_config: libFuzzer harness for config_parse, which reads the
 * manager's document (and through the control socket, anyone's). Any input
 * must be either refused with a one-line error or built into a snapshot
 * whose config_to_json parses back (with the snapshot as the previous one)
 * to the same canonical document.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -I. \
 *   tests/fuzz/fuzz_config.c dataplane/config.c -ljansson -o fuzz_config
 * Seeds: tests/fuzz/corpus/config/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/config.h"

/* LLVMFuzzerTestOneInput: data = one JSON document. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char error[256];
    json_t *document, *canonical, *again;
    struct dp_config *config, *rebuilt;

    document = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    if (document == NULL)
        return 0;
    config = config_parse(document, NULL, error, sizeof(error));
    json_decref(document);
    if (config == NULL) {
        if (error[0] == '\0' || strchr(error, ':') == NULL || strchr(error, '\n') != NULL)
            abort();
        return 0;
    }
    canonical = config_to_json(config);
    if (canonical == NULL)
        abort();
    rebuilt = config_parse(canonical, config, error, sizeof(error));
    if (rebuilt == NULL)
        abort();
    again = config_to_json(rebuilt);
    if (again == NULL || !json_equal(canonical, again))
        abort();
    json_decref(again);
    json_decref(canonical);
    config_free(rebuilt);
    config_free(config);
    return 0;
}
