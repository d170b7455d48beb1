/*
 * The parts of the C API that need no sequence: version, result names, the last error and
 * NULL handling of strings. Also checks that the header compiles on its own.
 *
 * Usage: test_basics [ignored...]
 */
#include "tasksequence.h"
#include "tasksequence.h" /* the include guard makes a second include harmless */

#include <stdio.h>
#include <string.h>

static int checks_run = 0;
static int checks_failed = 0;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        checks_run++;                                                               \
        if (!(cond)) {                                                              \
            checks_failed++;                                                        \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                           \
    } while (0)

int main(void) {
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", TS_VERSION_MAJOR, TS_VERSION_MINOR,
             TS_VERSION_PATCH);
    CHECK(strcmp(ts_version(), expected) == 0);
    CHECK(ts_version() == ts_version()); /* static, not allocated per call */

    CHECK(TS_RESULT_OK == 0);
    CHECK(sizeof(ts_result) == 4);
    const struct {
        ts_result value;
        const char *name;
    } names[] = {
        {TS_RESULT_OK, "TS_RESULT_OK"},
        {TS_RESULT_NULL_ARGUMENT, "TS_RESULT_NULL_ARGUMENT"},
        {TS_RESULT_INVALID_UTF8, "TS_RESULT_INVALID_UTF8"},
        {TS_RESULT_PANIC, "TS_RESULT_PANIC"},
        {TS_RESULT_PARSE_ERROR, "TS_RESULT_PARSE_ERROR"},
        {TS_RESULT_INVALID_ARGUMENT, "TS_RESULT_INVALID_ARGUMENT"},
        {TS_RESULT_JSON_ERROR, "TS_RESULT_JSON_ERROR"},
        {TS_RESULT_OUT_OF_RANGE, "TS_RESULT_OUT_OF_RANGE"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        CHECK(strcmp(ts_result_name(names[i].value), names[i].name) == 0);
    }
    CHECK(strcmp(ts_result_name(0xFFFFFFFFu), "TS_RESULT_UNKNOWN") == 0);

    /* Nothing has failed on this thread yet: the last error is empty. */
    ts_string *message = NULL;
    CHECK(ts_last_error(&message) == TS_RESULT_OK);
    CHECK(message != NULL && ts_string_len(message) == 0 && ts_string_ptr(message)[0] == '\0');
    ts_string_free(message);

    /* A NULL out-parameter is itself an error, which then becomes the last error. */
    CHECK(ts_last_error(NULL) == TS_RESULT_NULL_ARGUMENT);
    message = NULL;
    CHECK(ts_last_error(&message) == TS_RESULT_OK);
    CHECK(strcmp(ts_string_ptr(message), "argument `out` must not be null") == 0);
    ts_string_free(message);

    /* NULL strings: documented defaults, no crash. */
    CHECK(ts_string_len(NULL) == 0);
    CHECK(ts_string_ptr(NULL) != NULL && *ts_string_ptr(NULL) == '\0');
    ts_string_free(NULL);

    printf("%d passed, %d failed\n", checks_run - checks_failed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
