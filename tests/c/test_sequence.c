/*
 * Exercises the C API the way a C program would: load a sequence, walk it, write it back,
 * convert it to JSON, hit every error path, share a handle between threads, free everything.
 *
 * Usage: test_sequence FIXTURE.xml
 * Exit status 0 when every check passes; each failed check prints its line.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasksequence.h"

#include "check.h"

static void test_version_and_names(void) {
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", TS_VERSION_MAJOR, TS_VERSION_MINOR,
             TS_VERSION_PATCH);
    CHECK(strcmp(ts_version(), expected) == 0);
    CHECK(strcmp(ts_result_name(TS_RESULT_OK), "TS_RESULT_OK") == 0);
    CHECK(strcmp(ts_result_name(TS_RESULT_PARSE_ERROR), "TS_RESULT_PARSE_ERROR") == 0);
    CHECK(strcmp(ts_result_name(4000000000u), "TS_RESULT_UNKNOWN") == 0);
}

static void test_null_strings(void) {
    ts_string_free(NULL);
    ts_sequence_free(NULL);
    CHECK(ts_string_len(NULL) == 0);
    CHECK(ts_string_ptr(NULL) != NULL && ts_string_ptr(NULL)[0] == '\0');
}

struct expected_node {
    ts_node_kind kind;
    size_t depth;
    bool disabled;
    const char *name;
    const char *type;
};

/* The fixture tests/data/ipu-small.xml in document order. */
static const struct expected_node EXPECTED[] = {
    {TS_NODE_KIND_GROUP, 0, false, "Prepare for Upgrade", ""},
    {TS_NODE_KIND_STEP, 1, false, "Check Readiness for Upgrade", "SMS_TaskSequence_PrestartCheckAction"},
    {TS_NODE_KIND_STEP, 1, false, "Remember start", "SMS_TaskSequence_SetVariableAction"},
    {TS_NODE_KIND_STEP, 1, true, "Collect battery state", "SMS_TaskSequence_RunCommandLineAction"},
    {TS_NODE_KIND_GROUP, 0, false, "Upgrade the Operating System", ""},
    {TS_NODE_KIND_STEP, 1, false, "Download upgrade media", "SMS_TaskSequence_DownloadPackageContentAction"},
    {TS_NODE_KIND_STEP, 1, false, "Upgrade Operating System", "SMS_TaskSequence_UpgradeOperatingSystemAction"},
    {TS_NODE_KIND_GROUP, 1, false, "Compatibility blocked", ""},
    {TS_NODE_KIND_STEP, 2, false, "Write marker", "SMS_TaskSequence_RunCommandLineAction"},
    {TS_NODE_KIND_GROUP, 0, false, "Post-Processing", ""},
    {TS_NODE_KIND_SUB_TASK_SEQUENCE, 1, false, "Run post-upgrade child", "SMS_TaskSequence_SubTasksequence"},
    {TS_NODE_KIND_GROUP, 0, false, "Rollback", ""},
};
#define EXPECTED_COUNT (sizeof EXPECTED / sizeof EXPECTED[0])

static void test_walk(const ts_sequence *seq) {
    size_t count = 0;
    CHECK_RESULT(ts_sequence_node_count(seq, &count), TS_RESULT_OK);
    CHECK(count == EXPECTED_COUNT);
    for (size_t i = 0; i < count && i < EXPECTED_COUNT; i++) {
        ts_node_kind kind = 99;
        size_t depth = 99;
        bool disabled = true;
        ts_string *name = NULL, *type = NULL, *path = NULL;
        CHECK_RESULT(ts_sequence_node_kind(seq, i, &kind), TS_RESULT_OK);
        CHECK_RESULT(ts_sequence_node_depth(seq, i, &depth), TS_RESULT_OK);
        CHECK_RESULT(ts_sequence_node_disabled(seq, i, &disabled), TS_RESULT_OK);
        CHECK_RESULT(ts_sequence_node_name(seq, i, &name), TS_RESULT_OK);
        CHECK_RESULT(ts_sequence_node_type(seq, i, &type), TS_RESULT_OK);
        CHECK_RESULT(ts_sequence_node_path(seq, i, &path), TS_RESULT_OK);
        CHECK(kind == EXPECTED[i].kind);
        CHECK(depth == EXPECTED[i].depth);
        CHECK(disabled == EXPECTED[i].disabled);
        CHECK(strcmp(ts_string_ptr(name), EXPECTED[i].name) == 0);
        CHECK(ts_string_len(name) == strlen(EXPECTED[i].name));
        CHECK(strcmp(ts_string_ptr(type), EXPECTED[i].type) == 0);
        /* A path ends with the node's own name. */
        size_t path_len = ts_string_len(path), name_len = ts_string_len(name);
        CHECK(path_len >= name_len &&
              strcmp(ts_string_ptr(path) + path_len - name_len, ts_string_ptr(name)) == 0);
        printf("%*s%s%s\n", (int)(2 * depth), "", ts_string_ptr(name), disabled ? " (disabled)" : "");
        ts_string_free(name);
        ts_string_free(type);
        ts_string_free(path);
    }

    ts_string *path = NULL;
    CHECK_RESULT(ts_sequence_node_path(seq, 8, &path), TS_RESULT_OK);
    CHECK(strcmp(ts_string_ptr(path), "Upgrade the Operating System/Compatibility blocked/Write marker") == 0);
    ts_string_free(path);

    /* Past the end: an error, and the out-parameter keeps the caller's value. */
    ts_string *untouched = (ts_string *)&count;
    size_t depth = 12345;
    CHECK_RESULT(ts_sequence_node_name(seq, count, &untouched), TS_RESULT_OUT_OF_RANGE);
    CHECK(untouched == (ts_string *)&count);
    CHECK_RESULT(ts_sequence_node_depth(seq, (size_t)-1, &depth), TS_RESULT_OUT_OF_RANGE);
    CHECK(depth == 12345);
    CHECK(strstr(last_error_text(), "out of range") != NULL);
}

static void test_round_trip(const ts_sequence *seq) {
    ts_string *xml = NULL;
    CHECK_RESULT(ts_sequence_to_xml(seq, &xml), TS_RESULT_OK);
    CHECK(ts_string_len(xml) > 0);
    CHECK(strstr(ts_string_ptr(xml), "Collect battery state") != NULL);
    CHECK(strstr(ts_string_ptr(xml), "\xe2\x80\x94 em dash") != NULL);

    ts_sequence *again = NULL;
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)ts_string_ptr(xml), ts_string_len(xml), &again),
                 TS_RESULT_OK);
    size_t count = 0;
    CHECK_RESULT(ts_sequence_node_count(again, &count), TS_RESULT_OK);
    CHECK(count == EXPECTED_COUNT);

    /* Writing the re-read sequence gives the same text. */
    ts_string *xml_again = NULL;
    CHECK_RESULT(ts_sequence_to_xml(again, &xml_again), TS_RESULT_OK);
    CHECK(ts_string_len(xml_again) == ts_string_len(xml));
    CHECK(strcmp(ts_string_ptr(xml_again), ts_string_ptr(xml)) == 0);
    ts_string_free(xml_again);
    ts_sequence_free(again);
    ts_string_free(xml);

    ts_string *json = NULL;
    CHECK_RESULT(ts_sequence_to_json(seq, false, &json), TS_RESULT_OK);
    char *text = take(json);
    CHECK(text != NULL && text[0] == '{');
    CHECK(text != NULL && strstr(text, "\"Prepare for Upgrade\"") != NULL);
    CHECK(text != NULL && strstr(text, "\"Write marker\"") != NULL);
    free(text);
}

/* Sequence JSON hides secret values unless the caller reveals them. */
static void test_json_secrets(void) {
    static const char XML[] =
        "<sequence><step type=\"SMS_TaskSequence_SetVariableAction\" name=\"Pin\">"
        "<action>tsenv.exe \"Pin=4711\" /hiddenflag:True</action><defaultVarList>"
        "<variable name=\"VariableName\" property=\"VariableName\">Pin</variable>"
        "<variable name=\"VariableValue\" property=\"VariableValue\">4711</variable>"
        "</defaultVarList></step></sequence>";
    ts_sequence *seq = NULL;
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)XML, sizeof XML - 1, &seq), TS_RESULT_OK);
    ts_string *json = NULL;
    CHECK_RESULT(ts_sequence_to_json(seq, false, &json), TS_RESULT_OK);
    char *text = take(json);
    CHECK(text != NULL && strstr(text, "4711") == NULL);
    CHECK(text != NULL && strstr(text, "\"********\"") != NULL);
    free(text);
    json = NULL;
    CHECK_RESULT(ts_sequence_to_json(seq, true, &json), TS_RESULT_OK);
    text = take(json);
    CHECK(text != NULL && strstr(text, "\"4711\"") != NULL);
    CHECK(text != NULL && strstr(text, "********") == NULL);
    free(text);
    ts_sequence_free(seq);
}

static void test_errors(void) {
    ts_sequence *sentinel = (ts_sequence *)&checks_run;
    ts_sequence *seq = sentinel;
    ts_string *s = NULL;
    size_t count = 7;

    /* NULL arguments. */
    CHECK_RESULT(ts_sequence_from_xml(NULL, 5, &seq), TS_RESULT_NULL_ARGUMENT);
    CHECK(seq == sentinel);
    CHECK(strstr(last_error_text(), "`xml`") != NULL);
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)"<x/>", 4, NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(strstr(last_error_text(), "`out`") != NULL);
    CHECK_RESULT(ts_sequence_to_xml(NULL, &s), TS_RESULT_NULL_ARGUMENT);
    CHECK(strstr(last_error_text(), "`seq`") != NULL);
    CHECK(s == NULL);
    CHECK_RESULT(ts_sequence_to_json(NULL, false, &s), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_sequence_node_count(NULL, &count), TS_RESULT_NULL_ARGUMENT);
    CHECK(count == 7);
    CHECK_RESULT(ts_last_error(NULL), TS_RESULT_NULL_ARGUMENT);

    /* NULL with length 0 is the empty string, which is not a sequence. */
    CHECK_RESULT(ts_sequence_from_xml(NULL, 0, &seq), TS_RESULT_PARSE_ERROR);
    CHECK(seq == sentinel);

    /* Invalid UTF-8. */
    const char bad_utf8[] = "<sequence version=\"3.10\"><group name=\"\xff\xfe\"/></sequence>";
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)bad_utf8, sizeof bad_utf8 - 1, &seq),
                 TS_RESULT_INVALID_UTF8);
    CHECK(seq == sentinel);
    CHECK(strstr(last_error_text(), "utf-8") != NULL);

    /* Bad XML: a parse error whose message has the line and column. */
    const char bad_xml[] = "<sequence version=\"3.10\">\n  <group name=\"a\">\n</sequence>\n";
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)bad_xml, sizeof bad_xml - 1, &seq),
                 TS_RESULT_PARSE_ERROR);
    CHECK(seq == sentinel);
    const char *message = last_error_text();
    printf("expected parse error (the test checks it): %s\n", message);
    CHECK(strstr(message, "line") != NULL);
    CHECK(strstr(message, "column") != NULL);

    /* Not a task sequence at all. */
    const char not_ts[] = "<html><body/></html>";
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)not_ts, sizeof not_ts - 1, &seq),
                 TS_RESULT_PARSE_ERROR);
    CHECK(seq == sentinel);

    /* The last error survives successful calls. */
    CHECK_RESULT(ts_sequence_from_xml(NULL, 1, &seq), TS_RESULT_NULL_ARGUMENT);
    (void)ts_version();
    CHECK(strstr(last_error_text(), "`xml`") != NULL);
}

struct thread_job {
    const ts_sequence *seq;
    size_t json_len;
    int failures;
    char last_error[256];
};

static void *walk_in_thread(void *arg) {
    struct thread_job *job = arg;
    for (int round = 0; round < 20; round++) {
        size_t count = 0;
        if (ts_sequence_node_count(job->seq, &count) != TS_RESULT_OK || count != EXPECTED_COUNT) {
            job->failures++;
        }
        for (size_t i = 0; i < count; i++) {
            ts_string *name = NULL;
            if (ts_sequence_node_name(job->seq, i, &name) != TS_RESULT_OK ||
                strcmp(ts_string_ptr(name), EXPECTED[i].name) != 0) {
                job->failures++;
            }
            ts_string_free(name);
        }
        ts_string *json = NULL;
        if (ts_sequence_to_json(job->seq, false, &json) != TS_RESULT_OK) {
            job->failures++;
        }
        job->json_len = ts_string_len(json);
        ts_string_free(json);
    }
    /* This thread's own failure, which the main thread must not see. */
    ts_string *ignored = NULL;
    if (ts_sequence_node_name(job->seq, 1000, &ignored) != TS_RESULT_OUT_OF_RANGE) {
        job->failures++;
    }
    snprintf(job->last_error, sizeof job->last_error, "%s", last_error_text());
    return NULL;
}

static void test_threads(const ts_sequence *seq) {
    enum { THREADS = 4 };
    pthread_t threads[THREADS];
    struct thread_job jobs[THREADS];
    memset(jobs, 0, sizeof jobs);

    /* A known last error on the main thread before the others run. */
    ts_sequence *unused = NULL;
    CHECK_RESULT(ts_sequence_from_xml(NULL, 3, &unused), TS_RESULT_NULL_ARGUMENT);

    for (int t = 0; t < THREADS; t++) {
        jobs[t].seq = seq;
        CHECK(pthread_create(&threads[t], NULL, walk_in_thread, &jobs[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(jobs[t].failures == 0);
        CHECK(jobs[t].json_len == jobs[0].json_len && jobs[t].json_len > 0);
        CHECK(strstr(jobs[t].last_error, "out of range") != NULL);
    }
    CHECK(strstr(last_error_text(), "`xml`") != NULL);
}

int main(int argc, char **argv) {
    if (argc < 2) { /* tests/c/run.sh passes every test the same arguments */
        fprintf(stderr, "usage: %s FIXTURE.xml\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    char *xml = read_file(argv[1], &len);
    if (xml == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }

    test_version_and_names();
    test_null_strings();

    ts_sequence *seq = NULL;
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)xml, len, &seq), TS_RESULT_OK);
    free(xml); /* the library keeps no pointer to the caller's bytes */
    if (seq != NULL) {
        test_walk(seq);
        test_round_trip(seq);
        test_threads(seq);
    }
    ts_sequence_free(seq);

    test_errors();
    test_json_secrets();

    printf("%d passed, %d failed\n", checks_run - checks_failed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
