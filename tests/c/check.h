/*
 * What the C tests share: counting checks, reporting a failed call with the library's last error,
 * passing text as pointer + length, reading a file, and taking a returned ts_string.
 * Include once per test program, after "tasksequence.h".
 */
#ifndef TS_TEST_CHECK_H
#define TS_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasksequence.h"

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

#define CHECK_RESULT(call, expected)                                                     \
    do {                                                                                 \
        ts_result got_ = (call);                                                         \
        checks_run++;                                                                    \
        if (got_ != (expected)) {                                                        \
            checks_failed++;                                                             \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s (last error: %s)\n",     \
                    __FILE__, __LINE__, #call, ts_result_name(got_),                     \
                    ts_result_name(expected), last_error_text());                        \
        }                                                                                \
    } while (0)

/* Text arguments as pointer + length. */
#define S(text) (const uint8_t *)(text), strlen(text)

/* One buffer per thread: the threaded tests read their own last error at the same time. */
static inline const char *last_error_text(void) {
    static _Thread_local char buffer[2048];
    ts_string *message = NULL;
    buffer[0] = '\0';
    if (ts_last_error(&message) == TS_RESULT_OK) {
        snprintf(buffer, sizeof buffer, "%s", ts_string_ptr(message));
        ts_string_free(message);
    }
    return buffer;
}

static inline char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t capacity = 4096, used = 0;
    char *data = malloc(capacity);
    while (data != NULL) {
        size_t n = fread(data + used, 1, capacity - used, f);
        used += n;
        if (n == 0) {
            break;
        }
        if (used == capacity) {
            char *bigger = realloc(data, capacity * 2);
            if (bigger == NULL) {
                free(data);
                data = NULL;
                break;
            }
            data = bigger;
            capacity *= 2;
        }
    }
    fclose(f);
    *len = used;
    return data;
}

/* Takes a ts_string, returns a malloc'd copy of its text and frees the ts_string. */
static inline char *take(ts_string *s) {
    size_t len = ts_string_len(s);
    char *copy = malloc(len + 1);
    if (copy != NULL) {
        memcpy(copy, ts_string_ptr(s), len + 1);
    }
    ts_string_free(s);
    return copy;
}

#endif
