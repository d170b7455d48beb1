/*
 * The linter through the C API: findings as JSON with positions, options as JSON, and every error
 * path of ts_lint.
 *
 * Usage: test_lint FIXTURE.xml [ignored...]
 * Exit status 0 when every check passes; each failed check prints its line.
 */
#include "tasksequence.h"

#include "check.h"

static const char *SEQUENCE =
    "<sequence version=\"3.10\">\n"
    "  <step type=\"SMS_TaskSequence_UpgradeOperatingSystemAction\" name=\"Upgrade assessment\">\n"
    "    <defaultVarList>\n"
    "      <variable name=\"OSDUpgradeScanOnly\" property=\"ScanOnly\">true</variable>\n"
    "    </defaultVarList>\n"
    "  </step>\n"
    "  <step name=\"Old\" disable=\"true\"/>\n"
    "</sequence>\n";

static void test_findings(void) {
    ts_string *out = NULL;
    CHECK_RESULT(ts_lint(S(SEQUENCE), NULL, 0, &out), TS_RESULT_OK);
    char *json = take(out);
    CHECK(json != NULL);
    if (json == NULL) {
        return;
    }
    CHECK(strncmp(json, "{\"findings\":[", 13) == 0);
    /* The scan-only step without continue on error, at its element. */
    CHECK(strstr(json, "{\"rule\":\"TS005\",\"severity\":\"error\",\"path\":\"Upgrade assessment\"") != NULL);
    CHECK(strstr(json, "\"line\":2,\"column\":3}") != NULL);
    /* The disabled step, as info, on line 7. */
    CHECK(strstr(json, "\"rule\":\"TS038\",\"severity\":\"info\"") != NULL);
    CHECK(strstr(json, "\"line\":7,\"column\":3}") != NULL);
    free(json);
}

static void test_options(void) {
    ts_string *out = NULL;
    const char *options = "{\"allow\":[\"TS005\"],\"deny\":[\"disabled-step\"],\"site_version\":2010}";
    CHECK_RESULT(ts_lint(S(SEQUENCE), S(options), &out), TS_RESULT_OK);
    char *json = take(out);
    CHECK(json != NULL && strstr(json, "TS005") == NULL);
    CHECK(json != NULL && strstr(json, "\"rule\":\"TS038\",\"severity\":\"error\"") != NULL);
    free(json);

    /* A catalog makes the Windows Server 2016 rule see what the package is. */
    const char *server =
        "<sequence><step type=\"SMS_TaskSequence_UpgradeOperatingSystemAction\" name=\"Upgrade\">"
        "<defaultVarList><variable name=\"OSDUpgradeInstallPackageID\" property=\"InstallPackageID\">"
        "LAB00020</variable></defaultVarList></step></sequence>";
    const char *catalog =
        "{\"packages\":[{\"id\":\"LAB00020\",\"name\":\"Windows Server 2016\",\"type\":\"os_upgrade\"}]}";
    out = NULL;
    CHECK_RESULT(ts_lint(S(server), S(catalog), &out), TS_RESULT_OK);
    json = take(out);
    CHECK(json != NULL && strstr(json, "\"rule\":\"TS001\"") != NULL);
    free(json);
}

static void test_errors(void) {
    ts_string *out = (ts_string *)&out; /* a sentinel: must stay as it is on failure */
    ts_string *sentinel = out;
    CHECK_RESULT(ts_lint(S("<sequence><step></sequence>"), NULL, 0, &out), TS_RESULT_PARSE_ERROR);
    CHECK(out == sentinel);
    CHECK(strstr(last_error_text(), "line 1") != NULL);
    CHECK_RESULT(ts_lint(S("<sequence/>"), S("{\"allow\":\"TS005\"}"), &out), TS_RESULT_JSON_ERROR);
    CHECK_RESULT(ts_lint(S("<sequence/>"), S("{\"deny\":[\"TS999\"]}"), &out), TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "unknown lint rule `TS999`") != NULL);
    CHECK(out == sentinel);
    CHECK_RESULT(ts_lint(NULL, 5, NULL, 0, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_lint(S("<sequence/>"), NULL, 0, NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_lint((const uint8_t *)"\xff", 1, NULL, 0, &out), TS_RESULT_INVALID_UTF8);
    CHECK(out == sentinel);
}

static void test_fixture(const char *path) {
    size_t len = 0;
    char *xml = read_file(path, &len);
    CHECK(xml != NULL);
    if (xml == NULL) {
        return;
    }
    ts_string *out = NULL;
    CHECK_RESULT(ts_lint((const uint8_t *)xml, len, NULL, 0, &out), TS_RESULT_OK);
    char *json = take(out);
    CHECK(json != NULL && strncmp(json, "{\"findings\":[", 13) == 0);
    free(json);
    free(xml);
}

int main(int argc, char **argv) {
    test_findings();
    test_options();
    test_errors();
    if (argc > 1) {
        test_fixture(argv[1]);
    }
    printf("%d passed, %d failed\n", checks_run - checks_failed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
