/*
 * Simulation through the C API: the example in-place upgrade on the example laptop (success, and
 * a rollback that fails it), a sequence on a host of callbacks, the fleet call over the example
 * machines in input order, a failing run rendered as html and markdown, and NULL and bad scenario
 * JSON reported with out-parameters untouched.
 *
 * Usage: test_simulate FIXTURE.xml MACHINE.json
 * (MACHINE.json is examples/machines/<laptop>.json; the example sequence and the other machines
 * are found next to it.)
 */
#include "tasksequence.h"
#include "check.h"

#define MACHINE_COUNT 5
static const char *MACHINE_FILES[MACHINE_COUNT] = {
    "win10-x64-en-us-laptop.json", "win10-x86-fr-fr.json",         "win11-arm64-ja-jp.json",
    "win11-x64-de-de-desktop.json", "winpe-boot.json",
};

/* `path` with its last `levels` components replaced by `name`, malloc'd. */
static char *sibling(const char *path, int levels, const char *name) {
    size_t end = strlen(path);
    for (int i = 0; i < levels; i++) {
        while (end > 0 && path[end - 1] != '/') {
            end--;
        }
        if (i + 1 < levels && end > 0) {
            end--;
        }
    }
    char *out = malloc(end + strlen(name) + 1);
    if (out != NULL) {
        memcpy(out, path, end);
        strcpy(out + end, name);
    }
    return out;
}

static ts_sequence *load_sequence(const char *path) {
    size_t len = 0;
    char *xml = read_file(path, &len);
    ts_sequence *seq = NULL;
    CHECK(xml != NULL);
    if (xml != NULL) {
        CHECK_RESULT(ts_sequence_from_xml((const uint8_t *)xml, len, &seq), TS_RESULT_OK);
        free(xml);
    }
    return seq;
}

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

static char *simulate(const ts_sequence *seq, const ts_machine *machine, const char *scenario) {
    ts_string *out = NULL;
    ts_result r = ts_simulate(seq, machine, (const uint8_t *)scenario,
                              scenario == NULL ? 0 : strlen(scenario), &out);
    CHECK_RESULT(r, TS_RESULT_OK);
    return r == TS_RESULT_OK ? take(out) : NULL;
}

static int count_of(const char *text, const char *needle) {
    int n = 0;
    for (const char *at = text; at != NULL && (at = strstr(at, needle)) != NULL; at++) {
        n++;
    }
    return n;
}

static void upgrade_on_the_laptop(const ts_sequence *seq, const ts_machine *laptop) {
    char *trace = simulate(seq, laptop, NULL);
    CHECK(trace != NULL && strncmp(trace, "{\"result\":\"success\"", 19) == 0);
    CHECK(trace != NULL && strstr(trace, "\"_SMSTSSetupRollback\":\"false\"") != NULL);
    free(trace);

    /* Windows Setup rolls back: the upgrade step fails, the Rollback group runs, the sequence
     * fails with Setup's code (0xC1900101 = 3247440129). */
    trace = simulate(seq, laptop,
                     "{\"outcomes\":{\"Upgrade Operating System\":{\"rollback\":true}}}");
    CHECK(trace != NULL && strncmp(trace, "{\"result\":\"failure\",\"exit_code\":3247440129", 42) == 0);
    CHECK(trace != NULL && strstr(trace, "\"reason\":\"rollback\"") != NULL);
    CHECK(trace != NULL && strstr(trace, "\"_SMSTSSetupRollback\":\"true\"") != NULL);
    free(trace);

    /* The scan finds a problem: the check after it fails the sequence with the scan's code. */
    trace = simulate(seq, laptop,
                     "{\"outcomes\":{\"Upgrade assessment\":{\"exit_code\":\"0xC1900208\"}}}");
    CHECK(trace != NULL && strncmp(trace, "{\"result\":\"failure\"", 19) == 0);
    CHECK(trace != NULL && strstr(trace, "\"failed_at\":\"Prepare for Upgrade/Stop on compatibility issues\"") != NULL);
    free(trace);
}

/* ---- A host made of callbacks ---------------------------------------------------------- */

static const char *BATTERY_SEQUENCE =
    "<sequence version=\"3.10\">"
    "<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"On battery\" successCodeList=\"0\">"
    "<condition><expression type=\"SMS_TaskSequence_WMIConditionExpression\">"
    "<variable name=\"Namespace\">root\\cimv2</variable>"
    "<variable name=\"Query\">SELECT * FROM Win32_Battery</variable></expression></condition>"
    "<defaultVarList><variable name=\"CommandLine\" property=\"CommandLine\">cmd /c exit 5</variable>"
    "</defaultVarList></step></sequence>";

struct battery {
    int calls;
    int batteries; /* < 0: the query fails */
};

static bool battery_count(void *user_data, const uint8_t *wmi_namespace, size_t wmi_namespace_len,
                          const uint8_t *query, size_t query_len, uint64_t *count,
                          ts_host_answer *error) {
    struct battery *b = user_data;
    (void)wmi_namespace;
    (void)wmi_namespace_len;
    (void)query;
    (void)query_len;
    b->calls++;
    if (b->batteries < 0) {
        ts_host_answer_set(error, S("the C host cannot run WMI today"));
        return false;
    }
    *count = (uint64_t)b->batteries;
    return true;
}

static void simulate_on_a_callback_host(void) {
    ts_sequence *seq = NULL;
    CHECK_RESULT(ts_sequence_from_xml(S(BATTERY_SEQUENCE), &seq), TS_RESULT_OK);
    struct battery b = {0, 0};
    ts_host host;
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.user_data = &b;
    host.wmi_count = battery_count;

    ts_string *out = NULL;
    CHECK_RESULT(ts_simulate_with_host(seq, &host, NULL, 0, &out), TS_RESULT_OK);
    char *trace = take(out);
    CHECK(b.calls == 1);
    CHECK(trace != NULL && strstr(trace, "\"result\":\"success\"") != NULL);
    CHECK(trace != NULL && strstr(trace, "\"status\":\"skipped\"") != NULL);
    free(trace);

    b.batteries = 1;
    out = NULL;
    CHECK_RESULT(ts_simulate_with_host(seq, &host, NULL, 0, &out), TS_RESULT_OK);
    trace = take(out);
    CHECK(b.calls == 2);
    CHECK(trace != NULL && strstr(trace, "\"status\":\"ran\"") != NULL);
    CHECK(trace != NULL && strstr(trace, "\"result\":\"failure\",\"exit_code\":5") != NULL);
    free(trace);

    /* A query the host cannot run fails the step, naming the query and the host's message. */
    b.batteries = -1;
    out = NULL;
    CHECK_RESULT(ts_simulate_with_host(seq, &host, NULL, 0, &out), TS_RESULT_OK);
    trace = take(out);
    CHECK(trace != NULL && strstr(trace, "the C host cannot run WMI today") != NULL);
    CHECK(trace != NULL && strstr(trace, "Win32_Battery") != NULL);
    free(trace);

    host.struct_size = 0;
    out = NULL;
    CHECK_RESULT(ts_simulate_with_host(seq, &host, NULL, 0, &out), TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "struct_size") != NULL);
    CHECK(out == NULL);
    CHECK_RESULT(ts_simulate_with_host(seq, NULL, NULL, 0, &out), TS_RESULT_NULL_ARGUMENT);
    ts_sequence_free(seq);
}

/* ---- The fleet ------------------------------------------------------------------------- */

static void fleet_of_the_example_machines(const ts_sequence *seq, const char *machine_path) {
    ts_machine *machines[MACHINE_COUNT] = {0};
    for (int i = 0; i < MACHINE_COUNT; i++) {
        char *path = sibling(machine_path, 1, MACHINE_FILES[i]);
        CHECK(path != NULL);
        if (path != NULL) {
            machines[i] = load_machine(path);
            free(path);
        }
    }
    const ts_machine *const *list = (const ts_machine *const *)machines;
    size_t threads[] = {0, 1, 2};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        ts_string *out = NULL;
        CHECK_RESULT(ts_simulate_fleet(seq, list, MACHINE_COUNT, NULL, 0, threads[t], &out),
                     TS_RESULT_OK);
        char *lines = take(out);
        CHECK(lines != NULL && count_of(lines, "\n") == MACHINE_COUNT);
        /* Line i is machine i's trace, exactly as one ts_simulate call gives it. */
        const char *line = lines;
        for (int i = 0; i < MACHINE_COUNT && line != NULL; i++) {
            const char *end = strchr(line, '\n');
            char *one = simulate(seq, machines[i], NULL);
            CHECK(end != NULL && one != NULL && (size_t)(end - line) == strlen(one) &&
                  memcmp(line, one, strlen(one)) == 0);
            free(one);
            line = end == NULL ? NULL : end + 1;
        }
        /* The laptop upgrades; the machine booted in Windows PE cannot. */
        CHECK(lines != NULL && strncmp(lines, "{\"result\":\"success\"", 19) == 0);
        CHECK(lines != NULL && count_of(lines, "{\"result\":\"failure\"") >= 1);
        free(lines);
    }

    /* Every run rolls back. */
    ts_string *out = NULL;
    CHECK_RESULT(ts_simulate_fleet(seq, list, MACHINE_COUNT,
                                   S("{\"outcomes\":{\"Upgrade Operating System\":{\"rollback\":true}}}"),
                                   2, &out),
                 TS_RESULT_OK);
    char *lines = take(out);
    CHECK(lines != NULL && count_of(lines, "{\"result\":\"failure\"") == MACHINE_COUNT);
    free(lines);

    /* A NULL machine is named by its index; NULL with a count is refused; none is no text. */
    const ts_machine *holes[2] = {machines[0], NULL};
    out = NULL;
    CHECK_RESULT(ts_simulate_fleet(seq, holes, 2, NULL, 0, 0, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK(strstr(last_error_text(), "`machines[1]`") != NULL);
    CHECK_RESULT(ts_simulate_fleet(seq, NULL, 3, NULL, 0, 0, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK(out == NULL);
    CHECK_RESULT(ts_simulate_fleet(seq, NULL, 0, NULL, 0, 0, &out), TS_RESULT_OK);
    CHECK(out != NULL && ts_string_len(out) == 0);
    ts_string_free(out);
    for (int i = 0; i < MACHINE_COUNT; i++) {
        ts_machine_free(machines[i]);
    }
}

/* ---- Errors ---------------------------------------------------------------------------- */

static void errors_leave_out_alone(const ts_sequence *seq, const ts_machine *laptop) {
    ts_string *sentinel = (ts_string *)&checks_run; /* any non-NULL address the call must not write */
    ts_string *out = sentinel;
    CHECK_RESULT(ts_simulate(seq, laptop, S("{\"options\":{\"max_steps\":\"many\"}}"), &out),
                 TS_RESULT_JSON_ERROR);
    CHECK(strstr(last_error_text(), "`options.max_steps`") != NULL);
    CHECK_RESULT(ts_simulate(seq, laptop, S("{\"outcomes\":"), &out), TS_RESULT_JSON_ERROR);
    CHECK(strstr(last_error_text(), "line 1") != NULL);
    CHECK_RESULT(ts_simulate(seq, laptop, S("{\"outcome\":{}}"), &out), TS_RESULT_JSON_ERROR);
    CHECK(strstr(last_error_text(), "unknown field `outcome`") != NULL);
    CHECK_RESULT(ts_simulate(seq, laptop, S("{\"outcomes\":{\"No such step\":{\"exit_code\":1}}}"), &out),
                 TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "`No such step`") != NULL);
    CHECK_RESULT(ts_simulate(NULL, laptop, NULL, 0, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_simulate(seq, laptop, NULL, 4, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_simulate(seq, laptop, NULL, 0, NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(out == sentinel);

    /* No machine: nothing is known about it, and the readiness check cannot pass. */
    char *trace = simulate(seq, NULL, NULL);
    CHECK(trace != NULL && strncmp(trace, "{\"result\":\"failure\"", 19) == 0);
    free(trace);
}

/* ---- A trace rendered ------------------------------------------------------------------ */

static char *render(const ts_sequence *seq, const char *trace, const char *format,
                    const char *machine_name, ts_result want) {
    ts_string *out = NULL;
    ts_result r = ts_render_trace(seq, (const uint8_t *)trace, strlen(trace),
                                  (const uint8_t *)format, strlen(format),
                                  (const uint8_t *)machine_name,
                                  machine_name == NULL ? 0 : strlen(machine_name), &out);
    CHECK_RESULT(r, want);
    if (r != TS_RESULT_OK) {
        CHECK(out == NULL);
        return NULL;
    }
    return take(out);
}

static void failing_run_rendered(const ts_sequence *seq, const ts_machine *laptop) {
    char *trace = simulate(seq, laptop,
                           "{\"outcomes\":{\"Upgrade assessment\":{\"exit_code\":\"0xC1900208\"}}}");
    CHECK(trace != NULL);
    if (trace == NULL) {
        return;
    }
    char *html = render(seq, trace, "html", "laptop", TS_RESULT_OK);
    CHECK(html != NULL && strncmp(html, "<!DOCTYPE html>", 15) == 0);
    CHECK(html != NULL && strstr(html, "<section id=\"result\" class=\"result failure\">") != NULL);
    CHECK(html != NULL && strstr(html, "simulation on <b>laptop</b>") != NULL);
    CHECK(html != NULL && strstr(html, "data-path=\"Prepare for Upgrade/Stop on compatibility issues\" "
                                       "data-outcome=\"failed\"") != NULL);
    CHECK(html != NULL && strstr(html, "data-path=\"Post-Processing\" data-outcome=\"not_reached\"") != NULL);
    CHECK(html != NULL && strstr(html, "MOSETUP_E_COMPAT_INSTALLREQ_BLOCK") != NULL);
    CHECK(html != NULL && strstr(html, "http://") == NULL && strstr(html, "https://") == NULL);
    free(html);

    char *md = render(seq, trace, "markdown", NULL, TS_RESULT_OK);
    CHECK(md != NULL && strstr(md, "**Result: failure**") != NULL);
    CHECK(md != NULL && strstr(md, "| Stop on compatibility issues | RunCommandLineAction | \xe2\x9c\x97 failed |") != NULL);
    free(md);

    CHECK(render(seq, trace, "pdf", NULL, TS_RESULT_INVALID_ARGUMENT) == NULL);
    CHECK(strstr(last_error_text(), "`pdf`") != NULL);
    CHECK(render(seq, "{\"result\":7}", "html", NULL, TS_RESULT_JSON_ERROR) == NULL);
    free(trace);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s FIXTURE.xml MACHINE.json\n", argv[0]);
        return 2;
    }
    char *upgrade_path = sibling(argv[2], 2, "upgrade.xml");
    CHECK(upgrade_path != NULL);
    ts_sequence *upgrade = upgrade_path == NULL ? NULL : load_sequence(upgrade_path);
    free(upgrade_path);
    ts_machine *laptop = load_machine(argv[2]);
    if (upgrade != NULL && laptop != NULL) {
        upgrade_on_the_laptop(upgrade, laptop);
        fleet_of_the_example_machines(upgrade, argv[2]);
        failing_run_rendered(upgrade, laptop);
        errors_leave_out_alone(upgrade, laptop);
    }
    simulate_on_a_callback_host();
    ts_machine_free(laptop);
    ts_sequence_free(upgrade);

    printf("test_simulate: %d checks, %d failed\n", checks_run, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
