/*
 * Structural diffs and renders through the C API: the fixture against itself and against a
 * changed copy, every render format of the fixture, refusals with out-parameters untouched.
 *
 * Usage: test_diff FIXTURE.xml MACHINE.json
 */
#include "tasksequence.h"
#include "check.h"

static ts_sequence *load(const uint8_t *xml, size_t len) {
    ts_sequence *seq = NULL;
    CHECK_RESULT(ts_sequence_from_xml(xml, len, &seq), TS_RESULT_OK);
    return seq;
}

static void diffs(const ts_sequence *fixture) {
    ts_string *out = NULL;
    CHECK_RESULT(ts_diff(fixture, fixture, &out), TS_RESULT_OK);
    char *json = out == NULL ? NULL : take(out);
    CHECK(json != NULL && strcmp(json, "{\"changes\":[]}") == 0);
    free(json);

    ts_sequence *old = load(S("<sequence><group name=\"G\"><step name=\"A\" type=\"X\"/></group></sequence>"));
    ts_sequence *new = load(S("<sequence><group name=\"G\"><step name=\"B\" type=\"X\"/></group>"
                              "<step name=\"C\" type=\"Y\"/></sequence>"));
    out = NULL;
    CHECK_RESULT(ts_diff(old, new, &out), TS_RESULT_OK);
    json = out == NULL ? NULL : take(out);
    CHECK(json != NULL &&
          strstr(json, "{\"kind\":\"renamed\",\"path\":\"G/B\",\"old_path\":\"G/A\",\"fields\":"
                       "[{\"field\":\"name\",\"old\":\"A\",\"new\":\"B\"}]}") != NULL);
    CHECK(json != NULL && strstr(json, "{\"kind\":\"added\",\"path\":\"C\",\"old_path\":null") != NULL);
    free(json);

    ts_string *sentinel = (ts_string *)&checks_run;
    out = sentinel;
    CHECK_RESULT(ts_diff(old, NULL, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_diff(old, new, NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(out == sentinel);
    ts_sequence_free(old);
    ts_sequence_free(new);
}

static void renders(const ts_sequence *fixture) {
    const char *formats[] = {"tree", "json", "markdown", "mermaid", "html"};
    const char *needles[] = {"sequence", "\"children\"", "| Step |", "flowchart TD", "<!DOCTYPE html>"};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        ts_string *out = NULL;
        CHECK_RESULT(ts_render(fixture, S(formats[i]), &out), TS_RESULT_OK);
        char *text = out == NULL ? NULL : take(out);
        CHECK(text != NULL && strstr(text, needles[i]) != NULL);
        free(text);
    }
    ts_string *sentinel = (ts_string *)&checks_run;
    ts_string *out = sentinel;
    CHECK_RESULT(ts_render(fixture, S("pdf"), &out), TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "unknown render format `pdf`") != NULL);
    CHECK_RESULT(ts_render(fixture, (const uint8_t *)"\xff", 1, &out), TS_RESULT_INVALID_UTF8);
    CHECK_RESULT(ts_render(NULL, S("tree"), &out), TS_RESULT_NULL_ARGUMENT);
    CHECK(out == sentinel);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s FIXTURE.xml [MACHINE.json]\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    char *xml = read_file(argv[1], &len);
    CHECK(xml != NULL);
    if (xml != NULL) {
        ts_sequence *fixture = load((const uint8_t *)xml, len);
        free(xml);
        if (fixture != NULL) {
            diffs(fixture);
            renders(fixture);
        }
        ts_sequence_free(fixture);
    }
    printf("%d passed, %d failed\n", checks_run - checks_failed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
