/*
 * Pre-cache plans and the in-place upgrade template through the C API: a template built from
 * JSON choices, planned for the example machine with a catalog; the fixture sequence planned with
 * a package the catalog lacks; bad catalogs, options and choices with the field or problem named;
 * out-parameters untouched on failure.
 *
 * Usage: test_precache FIXTURE.xml MACHINE.json
 */
#include "tasksequence.h"
#include "check.h"

static const char *CATALOG =
    "[{\"id\":\"OPC005ED\",\"name\":\"Windows 11 x64 en-US\",\"type\":\"os_upgrade\","
    "\"architecture\":\"64-bit\",\"language\":\"0x0409\",\"size_mb\":4600},"
    " {\"id\":\"TSQ00010\",\"name\":\"Windows 11 x64 de-DE\",\"type\":\"os_upgrade\","
    "\"architecture\":\"x64\",\"language\":1031,\"size_mb\":4700}]";

static ts_machine *load_machine(const char *path) {
    size_t len = 0;
    char *json = read_file(path, &len);
    ts_machine *machine = NULL;
    CHECK(json != NULL);
    if (json != NULL) {
        CHECK_RESULT(ts_machine_from_json((const uint8_t *)json, len, &machine), TS_RESULT_OK);
        free(json);
    }
    return machine;
}

static char *plan_of(const ts_sequence *seq, const ts_machine *machine, const char *catalog,
                     const char *options) {
    ts_string *out = NULL;
    ts_result r = ts_precache_plan(seq, machine, S(catalog), (const uint8_t *)options,
                                   options == NULL ? 0 : strlen(options), &out);
    CHECK_RESULT(r, TS_RESULT_OK);
    return r == TS_RESULT_OK ? take(out) : NULL;
}

static void template_planned_for_the_machine(const ts_machine *machine) {
    ts_sequence *seq = NULL;
    CHECK_RESULT(ts_template_upgrade(S("{\"package\":\"OPC005ED\",\"recommended\":true}"), &seq),
                 TS_RESULT_OK);
    if (seq == NULL) {
        return;
    }
    char *plan = plan_of(seq, machine, CATALOG, NULL);
    CHECK(plan != NULL && strstr(plan, "\"download\":[{\"id\":\"OPC005ED\"") != NULL);
    CHECK(plan != NULL &&
          strstr(plan, "architecture x64 and language 1033 (en-US) match the client") != NULL);
    CHECK(plan != NULL && strstr(plan, "\"total_mb\":4600") != NULL);
    CHECK(plan != NULL && strstr(plan, "\"warnings\":[]") != NULL);
    free(plan);

    plan = plan_of(seq, machine, CATALOG,
                   "{\"deployment\":{\"purpose\":\"available\",\"pre_download\":true,"
                   "\"available_time\":\"2031-01-01T00:00:00Z\",\"now\":\"2030-12-31T00:00:00Z\"}}");
    CHECK(plan != NULL && strstr(plan, "\"when\":\"at\",\"time\":\"2031-01-01T00:00:00Z\"") != NULL);
    free(plan);

    ts_string *xml = NULL;
    CHECK_RESULT(ts_sequence_to_xml(seq, &xml), TS_RESULT_OK);
    char *text = take(xml);
    CHECK(text != NULL && strstr(text, "name=\"Upgrade Assessment\"") != NULL);
    CHECK(text != NULL && strstr(text, "<variable name=\"Operator\">notequals</variable>") != NULL);
    free(text);
    ts_sequence_free(seq);
}

static void fixture_with_a_package_the_catalog_lacks(const char *fixture, const ts_machine *machine) {
    size_t len = 0;
    char *xml = read_file(fixture, &len);
    CHECK(xml != NULL);
    if (xml == NULL) {
        return;
    }
    ts_sequence *seq = NULL;
    CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)xml, len, &seq), TS_RESULT_OK);
    free(xml);
    char *plan = plan_of(seq, machine, CATALOG, "{\"site_version\":1902}");
    CHECK(plan != NULL && strstr(plan, "language 1031 (de-DE) \xE2\x89\xA0 client 1033 (en-US)") != NULL);
    CHECK(plan != NULL && strstr(plan, "\"id\":\"TSQ00011\",\"name\":null") != NULL);
    CHECK(plan != NULL && strstr(plan, "not in the catalog") != NULL);
    free(plan);
    ts_sequence_free(seq);
}

static void refusals(const ts_machine *machine) {
    ts_sequence *seq = NULL;
    CHECK_RESULT(ts_template_upgrade(S("{\"package\":\"OPC005ED\"}"), &seq), TS_RESULT_OK);

    ts_string *sentinel = (ts_string *)&checks_run; /* never dereferenced */
    ts_string *out = sentinel;
    CHECK_RESULT(ts_precache_plan(seq, machine, S("[{\"id\":\"A\",\"name\":\"a\",\"type\":\"image\"}]"),
                                  NULL, 0, &out),
                 TS_RESULT_JSON_ERROR);
    CHECK(strstr(last_error_text(), "`[0].type`: unknown package type `image`") != NULL);
    CHECK_RESULT(ts_precache_plan(seq, machine, S(CATALOG),
                                  S("{\"deployment\":{\"purpose\":\"available\"}}"), &out),
                 TS_RESULT_JSON_ERROR);
    CHECK(strstr(last_error_text(), "`deployment.pre_download`: missing field") != NULL);
    CHECK_RESULT(ts_precache_plan(NULL, machine, S(CATALOG), NULL, 0, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_precache_plan(seq, NULL, S(CATALOG), NULL, 0, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_precache_plan(seq, machine, (const uint8_t *)"\xff", 1, NULL, 0, &out),
                 TS_RESULT_INVALID_UTF8);
    CHECK(out == sentinel);
    ts_sequence_free(seq);

    ts_sequence *none = NULL;
    CHECK_RESULT(ts_template_upgrade(S("{\"package\":\"OPC005ED\",\"product_key\":\"ABCDE-12345\"}"), &none),
                 TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "product key `ABCDE-12345`: 2 groups") != NULL);
    CHECK_RESULT(ts_template_upgrade(S("{\"package\":\"OPC005ED\",\"update\":\"all\"}"), &none),
                 TS_RESULT_JSON_ERROR);
    CHECK_RESULT(ts_template_upgrade(S("{}"), NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(none == NULL);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s FIXTURE.xml MACHINE.json\n", argv[0]);
        return 2;
    }
    ts_machine *machine = load_machine(argv[2]);
    if (machine != NULL) {
        template_planned_for_the_machine(machine);
        fixture_with_a_package_the_catalog_lacks(argv[1], machine);
        refusals(machine);
    }
    ts_machine_free(machine);
    printf("%d passed, %d failed\n", checks_run - checks_failed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
