/*
 * Conditions through the C API: parse (text and XML), print, evaluate against variables, against
 * a machine profile and against a host made of C callbacks, explain as JSON, share handles
 * between threads, hit every error path, free everything.
 *
 * Usage: test_conditions FIXTURE.xml MACHINE.json
 * (FIXTURE.xml is ignored; MACHINE.json is examples/machines/win10-x64-en-us-laptop.json.)
 * Exit status 0 when every check passes; each failed check prints its line.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasksequence.h"

#include "check.h"

static ts_condition *parse(const char *text) {
    ts_condition *cond = NULL;
    CHECK_RESULT(ts_condition_parse(S(text), &cond), TS_RESULT_OK);
    return cond;
}

static ts_env *env_with(const char *name, const char *value) {
    ts_env *env = NULL;
    CHECK_RESULT(ts_env_new(&env), TS_RESULT_OK);
    if (name != NULL) {
        CHECK_RESULT(ts_env_set(env, S(name), S(value)), TS_RESULT_OK);
    }
    return env;
}

/* Evaluates `text` and returns 1 (true), 0 (false) or -1 (failed with `expected_failure`). */
static int eval_text(const char *text, const ts_env *env, const ts_machine *machine) {
    ts_condition *cond = parse(text);
    bool out = false;
    ts_result r = ts_condition_eval(cond, env, machine, &out);
    ts_condition_free(cond);
    if (r != TS_RESULT_OK) {
        return -1;
    }
    return out ? 1 : 0;
}

static void test_return_codes_against_variables(void) {
    /* The environment holds the unsigned text; the condition writes the code in hex. */
    ts_condition *cond = parse("_SMSTSOSUpgradeActionReturnCode == 0xC1900210");
    ts_env *env = env_with("_SMSTSOSUpgradeActionReturnCode", "3247440400");
    bool out = false;
    CHECK_RESULT(ts_condition_eval(cond, env, NULL, &out), TS_RESULT_OK);
    CHECK(out == true);

    CHECK_RESULT(ts_env_set(env, S("_SMSTSOSUpgradeActionReturnCode"), S("-1047526896")),
                 TS_RESULT_OK);
    out = false;
    CHECK_RESULT(ts_condition_eval(cond, env, NULL, &out), TS_RESULT_OK);
    CHECK(out == true);

    CHECK_RESULT(ts_env_set(env, S("_SMSTSOSUpgradeActionReturnCode"), S("0")), TS_RESULT_OK);
    CHECK_RESULT(ts_condition_eval(cond, env, NULL, &out), TS_RESULT_OK);
    CHECK(out == false);

    /* Unset compares as "": not equal, and `exists` is false. */
    CHECK_RESULT(ts_env_set(env, S("_SMSTSOSUpgradeActionReturnCode"), S("")), TS_RESULT_OK);
    CHECK(eval_text("_SMSTSOSUpgradeActionReturnCode exists", env, NULL) == 0);
    CHECK(eval_text("_SMSTSOSUpgradeActionReturnCode == \"\"", env, NULL) == 1);

    /* Printing is canonical and reads back. */
    ts_string *text = NULL;
    CHECK_RESULT(ts_condition_to_text(cond, &text), TS_RESULT_OK);
    char *printed = take(text);
    CHECK(printed != NULL && strcmp(printed, "_SMSTSOSUpgradeActionReturnCode == 0xC1900210") == 0);
    free(printed);

    ts_condition *messy = parse("phase EQUALS 'x' AND NOT (a == 1 OR b == 2)");
    CHECK_RESULT(ts_condition_to_text(messy, &text), TS_RESULT_OK);
    printed = take(text);
    CHECK(printed != NULL && strcmp(printed, "phase == \"x\" and not (a == 1 or b == 2)") == 0);
    free(printed);

    ts_env_free(env);
    ts_condition_free(messy);
    ts_condition_free(cond);
}

static void test_against_the_machine(const ts_machine *laptop) {
    ts_env *empty = env_with(NULL, NULL);
    CHECK(eval_text("wmi(\"SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'\")",
                    empty, laptop) == 1);
    CHECK(eval_text("wmi(\"SELECT * FROM Win32_Battery\")", empty, laptop) == 1);
    CHECK(eval_text("wmi(\"SELECT * FROM Win32_OperatingSystem WHERE OSLanguage = 1031\")", empty,
                    laptop) == 0);
    /* The profile's variables answer what the environment does not hold. */
    CHECK(eval_text("Make == \"lenovo\" and _SMSTSInWinPE == \"false\"", empty, laptop) == 1);
    CHECK(eval_text("file(\"%windir%\\notepad.exe\", version >= \"10.0.19041.0\")", empty,
                    laptop) == 1);
    CHECK(eval_text("file(\"C:\\Windows\\missing.exe\")", empty, laptop) == 0);
    CHECK(eval_text("folder(\"C:\\Windows\\ccmcache\")", empty, laptop) == 1);
    CHECK(eval_text("registry(\"HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\"
                    "CurrentVersion\", \"UBR\", REG_DWORD) >= 3000",
                    empty, laptop) == 1);
    CHECK(eval_text("software(this_version, product_code = "
                    "\"{90160000-0011-0000-0000-0000000FF1CE}\")",
                    empty, laptop) == 1);
    CHECK(eval_text("os(X64, >= \"10.0\")", empty, laptop) == 1);
    CHECK(eval_text("make_model(\"LENOVO\", \"20XW*\")", empty, laptop) == 1);

    /* The environment wins over the profile. */
    ts_env *dell = env_with("Make", "Dell Inc.");
    CHECK(eval_text("Make == \"LENOVO\"", dell, laptop) == 0);
    ts_env_free(dell);

    /* An unknown class is an error naming the query, unless failures are ignored. */
    CHECK(eval_text("wmi(\"SELECT * FROM Win32_Nothing\")", empty, laptop) == -1);
    CHECK(strstr(last_error_text(), "Win32_Nothing") != NULL);
    CHECK(eval_text("wmi(\"SELECT * FROM Win32_Nothing\", ignore_failure)", empty, laptop) == 0);

    /* No machine: machine questions fail, variable questions still work. */
    ts_condition *wmi = parse("wmi(\"SELECT * FROM Win32_Battery\")");
    bool out = true;
    CHECK_RESULT(ts_condition_eval(wmi, empty, NULL, &out), TS_RESULT_CONDITION_ERROR);
    CHECK(out == true); /* untouched on failure */
    CHECK(strstr(last_error_text(), "`wmi`") != NULL);
    ts_condition_free(wmi);
    /* An `or` stops at its first true operand: the WMI query is never asked. */
    CHECK(eval_text("a == \"\" or wmi(\"SELECT * FROM Win32_Battery\")", empty, NULL) == 1);

    ts_env_free(empty);
}

static void test_xml(void) {
    const char *xml =
        "<condition><operator type=\"or\">"
        "<expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
        "<variable name=\"Variable\">PHASE</variable><variable name=\"Operator\">equals</variable>"
        "<variable name=\"Value\">VALIDATION</variable></expression>"
        "<expression type=\"SMS_TaskSequence_WMIConditionExpression\">"
        "<variable name=\"Namespace\">root\\cimv2</variable>"
        "<variable name=\"Query\">SELECT * FROM Win32_Battery</variable></expression>"
        "</operator></condition>";
    ts_condition *cond = NULL;
    CHECK_RESULT(ts_condition_from_xml(S(xml), &cond), TS_RESULT_OK);
    ts_string *text = NULL;
    CHECK_RESULT(ts_condition_to_text(cond, &text), TS_RESULT_OK);
    char *printed = take(text);
    CHECK(printed != NULL &&
          strcmp(printed,
                 "PHASE == \"VALIDATION\" or wmi(\"SELECT * FROM Win32_Battery\")") == 0);
    free(printed);
    ts_env *env = env_with("PHASE", "validation");
    bool out = false;
    CHECK_RESULT(ts_condition_eval(cond, env, NULL, &out), TS_RESULT_OK);
    CHECK(out == true);
    ts_env_free(env);
    ts_condition_free(cond);

    ts_condition *untouched = (ts_condition *)&checks_run; /* a sentinel, never dereferenced */
    cond = untouched;
    CHECK_RESULT(ts_condition_from_xml(S("<condition><expression>"), &cond),
                 TS_RESULT_PARSE_ERROR);
    CHECK(strstr(last_error_text(), "line 1") != NULL);
    CHECK_RESULT(ts_condition_from_xml(S("<step/>"), &cond), TS_RESULT_PARSE_ERROR);
    CHECK(cond == untouched);
}

static void test_explain(const ts_machine *laptop) {
    ts_condition *cond =
        parse("OSDJoinPassword == \"x\" or (Make like \"*Dell*\" and wmi(\"SELECT * FROM "
              "Win32_Battery\"))");
    ts_env *env = env_with("OSDJoinPassword", "hunter2");
    ts_string *json = NULL;
    CHECK_RESULT(ts_condition_explain(cond, env, laptop, &json), TS_RESULT_OK);
    char *text = take(json);
    CHECK(text != NULL);
    if (text != NULL) {
        printf("explanation: %s\n", text);
        CHECK(strncmp(text, "{\"value\":\"false\"", 16) == 0);
        CHECK(strstr(text, "\"not_evaluated\"") != NULL); /* the WMI query after `and` */
        CHECK(strstr(text, "\"facts\"") != NULL);
        CHECK(strstr(text, "LENOVO") != NULL);
        CHECK(strstr(text, "hunter2") == NULL); /* secrets are redacted */
        CHECK(strstr(text, "********") != NULL);
        /* What a secret is compared with is hidden too. */
        CHECK(strstr(text, "OSDJoinPassword == \\\"********\\\"") != NULL);
    }
    free(text);

    /* A failing evaluation is explained, not failed. */
    ts_condition *wmi = parse("wmi(\"SELECT * FROM Win32_Battery\")");
    CHECK_RESULT(ts_condition_explain(wmi, env, NULL, &json), TS_RESULT_OK);
    text = take(json);
    CHECK(text != NULL && strstr(text, "\"value\":\"error\"") != NULL);
    free(text);

    ts_condition_free(wmi);
    ts_env_free(env);
    ts_condition_free(cond);
}

/* ---- A host made of callbacks ---------------------------------------------------------- */

struct calls {
    int wmi_count;
    int wmi_query;
    int file;
    int env_var;
    int registry;
};

static bool text_is(const uint8_t *ptr, size_t len, const char *expected) {
    return len == strlen(expected) && memcmp(ptr, expected, len) == 0;
}

static bool text_contains(const uint8_t *ptr, size_t len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(ptr + i, needle, n) == 0) {
            return true;
        }
    }
    return false;
}

static bool host_wmi_count(void *user_data, const uint8_t *wmi_namespace,
                           size_t wmi_namespace_len, const uint8_t *query, size_t query_len,
                           uint64_t *count, ts_host_answer *error) {
    struct calls *calls = user_data;
    calls->wmi_count++;
    if (!text_is(wmi_namespace, wmi_namespace_len, "root\\cimv2")) {
        ts_host_answer_set(error, S("invalid namespace"));
        return false;
    }
    if (text_contains(query, query_len, "Win32_Battery")) {
        *count = 1;
        return true;
    }
    if (text_contains(query, query_len, "Win32_Nothing")) {
        ts_host_answer_set(error, S("invalid class `Win32_Nothing` (from the C host)"));
        return false;
    }
    *count = 0;
    return true;
}

static bool host_wmi_query(void *user_data, const uint8_t *wmi_namespace,
                           size_t wmi_namespace_len, const uint8_t *query, size_t query_len,
                           ts_host_answer *result) {
    struct calls *calls = user_data;
    (void)wmi_namespace;
    (void)wmi_namespace_len;
    calls->wmi_query++;
    if (text_contains(query, query_len, "Win32_OperatingSystem")) {
        ts_host_answer_set(result, S("[{\"OSArchitecture\":\"64-bit\",\"Version\":\"10.0.22631\"}]"));
        return true;
    }
    if (text_contains(query, query_len, "Win32_ComputerSystem")) {
        ts_host_answer_set(result, S("not json"));
        return true;
    }
    return false; /* no message: the library words one */
}

static bool host_file(void *user_data, const uint8_t *path, size_t path_len,
                      ts_host_answer *version, ts_host_answer *modified) {
    struct calls *calls = user_data;
    calls->file++;
    if (text_is(path, path_len, "C:\\Windows\\notepad.exe")) {
        ts_host_answer_set(version, S("10.0.19041.1"));
        ts_host_answer_set(modified, S("2022-10-12T08:15:00Z"));
        return true;
    }
    if (text_is(path, path_len, "C:\\bad.exe")) {
        const uint8_t bad[] = {'1', '.', 0xff};
        CHECK(ts_host_answer_set(version, bad, sizeof bad) == TS_RESULT_INVALID_UTF8);
        return true;
    }
    return false;
}

static bool host_env_var(void *user_data, const uint8_t *name, size_t name_len,
                         ts_host_answer *value) {
    struct calls *calls = user_data;
    calls->env_var++;
    if (name_len == 6 && strncmp((const char *)name, "windir", 6) == 0) {
        ts_host_answer_set(value, S("C:\\Windows"));
        return true;
    }
    return false;
}

static bool host_registry(void *user_data, const uint8_t *key, size_t key_len,
                          const uint8_t *value, size_t value_len, uint32_t *value_type,
                          ts_host_answer *data) {
    struct calls *calls = user_data;
    (void)key;
    (void)key_len;
    calls->registry++;
    if (text_is(value, value_len, "UBR")) {
        *value_type = TS_REGISTRY_TYPE_DWORD;
        ts_host_answer_set(data, S("0xEDB"));
        return true;
    }
    if (text_is(value, value_len, "Languages")) {
        const char multi[] = "en-US\0de-DE";
        *value_type = TS_REGISTRY_TYPE_MULTI_SZ;
        ts_host_answer_set(data, (const uint8_t *)multi, sizeof multi - 1);
        return true;
    }
    return false;
}

static ts_host make_host(struct calls *calls) {
    ts_host host;
    memset(&host, 0, sizeof host);
    host.struct_size = sizeof host;
    host.user_data = calls;
    host.wmi_count = host_wmi_count;
    host.wmi_query = host_wmi_query;
    host.file = host_file;
    host.env_var = host_env_var;
    host.registry = host_registry;
    return host; /* folder and product stay NULL: "the host does not know" */
}

static int eval_with_host(const char *text, const ts_host *host) {
    ts_condition *cond = parse(text);
    ts_env *env = env_with(NULL, NULL);
    bool out = false;
    ts_result r = ts_condition_eval_with_host(cond, env, host, &out);
    ts_env_free(env);
    ts_condition_free(cond);
    return r == TS_RESULT_OK ? (out ? 1 : 0) : -(int)r;
}

static void test_callback_host(void) {
    struct calls calls = {0, 0, 0, 0, 0};
    ts_host host = make_host(&calls);

    CHECK(eval_with_host("wmi(\"SELECT * FROM Win32_Battery\")", &host) == 1);
    CHECK(calls.wmi_count == 1);
    CHECK(eval_with_host("wmi(\"SELECT * FROM Win32_Fan\")", &host) == 0);
    CHECK(eval_with_host("wmi(\"SELECT * FROM Win32_Tpm\", namespace = "
                         "\"root\\cimv2\\Security\\MicrosoftTpm\")",
                         &host) == -(int)TS_RESULT_CONDITION_ERROR);
    CHECK(strstr(last_error_text(), "invalid namespace") != NULL);
    CHECK(eval_with_host("wmi(\"SELECT * FROM Win32_Nothing\")", &host) ==
          -(int)TS_RESULT_CONDITION_ERROR);
    CHECK(strstr(last_error_text(), "(from the C host)") != NULL);
    CHECK(eval_with_host("wmi(\"SELECT * FROM Win32_Nothing\", ignore_failure)", &host) == 0);
    CHECK(calls.wmi_count == 5);

    /* Paths are expanded through the host's environment before the file callback sees them. */
    CHECK(eval_with_host("file(\"%windir%\\notepad.exe\", version == \"10.0.19041.1\")", &host) ==
          1);
    CHECK(calls.env_var == 1 && calls.file == 1);
    CHECK(eval_with_host("file(\"C:\\other.exe\")", &host) == 0);
    CHECK(calls.file == 2);
    /* NULL callbacks: folders and products are unknown, so not there. */
    CHECK(eval_with_host("folder(\"C:\\Temp\")", &host) == 0);
    CHECK(eval_with_host("software(any_version, upgrade_code = \"{00160000-0011-0000-0000-"
                         "0000000FF1CE}\")",
                         &host) == 0);
    CHECK(eval_with_host("registry(\"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\", "
                         "\"UBR\", REG_DWORD) == 3803",
                         &host) == 1);
    CHECK(eval_with_host("registry(\"HKLM\\SOFTWARE\\Contoso\", \"Languages\") == \"de-de\"",
                         &host) == 1);
    CHECK(calls.registry == 2);

    /* Conditions that read WMI properties go through wmi_query's JSON. */
    CHECK(eval_with_host("os(X64, >= \"10.0.22000\")", &host) == 1);
    CHECK(calls.wmi_query == 1);
    CHECK(eval_with_host("make_model(\"LENOVO\", \"*\")", &host) ==
          -(int)TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "wmi_query") != NULL);

    /* A callback answer that is not UTF-8 fails the call and names the callback. */
    CHECK(eval_with_host("file(\"C:\\bad.exe\")", &host) == -(int)TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "`file`") != NULL);

    /* Explanations through the callback host. */
    ts_condition *cond = parse("wmi(\"SELECT * FROM Win32_Battery\") and file(\"C:\\x.exe\")");
    ts_env *env = env_with(NULL, NULL);
    ts_string *json = NULL;
    CHECK_RESULT(ts_condition_explain_with_host(cond, env, &host, &json), TS_RESULT_OK);
    char *text = take(json);
    CHECK(text != NULL && strstr(text, "returned 1 instance") != NULL);
    free(text);

    /* A host with no WMI callbacks cannot answer WMI; one with struct_size unset is refused. */
    ts_host bare;
    memset(&bare, 0, sizeof bare);
    bare.struct_size = sizeof bare;
    bool out = true;
    CHECK_RESULT(ts_condition_eval_with_host(cond, env, &bare, &out), TS_RESULT_CONDITION_ERROR);
    CHECK(out == true);
    bare.struct_size = 0;
    CHECK_RESULT(ts_condition_eval_with_host(cond, env, &bare, &out), TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "struct_size") != NULL);
    CHECK_RESULT(ts_condition_eval_with_host(cond, env, NULL, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_condition_explain_with_host(cond, env, NULL, &json), TS_RESULT_NULL_ARGUMENT);

    ts_env_free(env);
    ts_condition_free(cond);
}

/* ---- Errors ------------------------------------------------------------------------------ */

static void test_errors(void) {
    ts_condition *untouched = (ts_condition *)&checks_failed; /* a sentinel, never dereferenced */
    ts_condition *cond = untouched;

    CHECK_RESULT(ts_condition_parse(S("Make == \"LENOVO\" and\n  (Model ==)"), &cond),
                 TS_RESULT_CONDITION_ERROR);
    CHECK(cond == untouched);
    const char *message = last_error_text();
    printf("expected parse error (the test checks it): %s\n", message);
    CHECK(strstr(message, "line 2, column") != NULL);
    CHECK(strchr(message, '^') != NULL);

    const uint8_t bad_utf8[] = {'a', ' ', '=', '=', ' ', '"', 0xC3, 0x28, '"'};
    CHECK_RESULT(ts_condition_parse(bad_utf8, sizeof bad_utf8, &cond), TS_RESULT_INVALID_UTF8);
    CHECK(strstr(last_error_text(), "byte offset 6") != NULL);
    CHECK_RESULT(ts_condition_parse(NULL, 3, &cond), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_condition_parse(S("a == 1"), NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(cond == untouched);

    /* The empty text is the empty condition: true. */
    CHECK_RESULT(ts_condition_parse(NULL, 0, &cond), TS_RESULT_OK);
    ts_env *env = env_with(NULL, NULL);
    bool out = false;
    CHECK_RESULT(ts_condition_eval(cond, env, NULL, &out), TS_RESULT_OK);
    CHECK(out == true);

    CHECK_RESULT(ts_condition_eval(NULL, env, NULL, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK(strstr(last_error_text(), "`cond`") != NULL);
    CHECK_RESULT(ts_condition_eval(cond, NULL, NULL, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK(strstr(last_error_text(), "`env`") != NULL);
    CHECK_RESULT(ts_condition_eval(cond, env, NULL, NULL), TS_RESULT_NULL_ARGUMENT);
    ts_string *s = NULL;
    CHECK_RESULT(ts_condition_to_text(NULL, &s), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_condition_explain(cond, NULL, NULL, &s), TS_RESULT_NULL_ARGUMENT);
    CHECK(s == NULL);

    /* Too deep: a positioned error, not a crash. */
    char deep[400];
    size_t n = 0;
    for (int i = 0; i < 150; i++) {
        deep[n++] = '(';
    }
    memcpy(deep + n, "a == 1", 6);
    n += 6;
    for (int i = 0; i < 150; i++) {
        deep[n++] = ')';
    }
    ts_condition *too_deep = NULL;
    CHECK_RESULT(ts_condition_parse((const uint8_t *)deep, n, &too_deep), TS_RESULT_CONDITION_ERROR);
    CHECK(too_deep == NULL);

    /* Machine profiles: errors name the field. */
    ts_machine *machine = NULL;
    CHECK_RESULT(ts_machine_from_json(S("{\"wmi\": {\"root\\\\cimv2\": {\"Win32_BIOS\": "
                                        "[{\"Version\": {}}]}}}"),
                                      &machine),
                 TS_RESULT_MACHINE_ERROR);
    CHECK(strstr(last_error_text(), "`wmi.root\\cimv2.Win32_BIOS[0].Version`") != NULL);
    CHECK_RESULT(ts_machine_from_json(S("{\"varaibles\": {}}"), &machine), TS_RESULT_MACHINE_ERROR);
    CHECK(strstr(last_error_text(), "varaibles") != NULL);
    CHECK_RESULT(ts_machine_from_json(S("{\"name\": "), &machine), TS_RESULT_MACHINE_ERROR);
    CHECK(strstr(last_error_text(), "line 1") != NULL);
    CHECK_RESULT(ts_machine_from_json(NULL, 0, &machine), TS_RESULT_MACHINE_ERROR);
    CHECK_RESULT(ts_machine_from_json(S("{}"), NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(machine == NULL);

    ts_condition_free(NULL);
    ts_machine_free(NULL);
    ts_env_free(NULL);
    ts_env_free(env);
    ts_condition_free(cond);
}

/* ---- Threads ----------------------------------------------------------------------------- */

struct shared {
    const ts_condition *cond;
    const ts_env *env;
    const ts_machine *machine;
    int errors;
};

static void *evaluate_many(void *arg) {
    struct shared *shared = arg;
    for (int i = 0; i < 200; i++) {
        bool out = false;
        if (ts_condition_eval(shared->cond, shared->env, shared->machine, &out) != TS_RESULT_OK ||
            !out) {
            shared->errors++;
        }
    }
    return NULL;
}

static void test_threads(const ts_machine *laptop) {
    ts_condition *cond = parse("Make == \"LENOVO\" and wmi(\"SELECT * FROM Win32_Battery\") and "
                               "_SMSTSOSUpgradeActionReturnCode == 0xC1900210");
    ts_env *env = env_with("_SMSTSOSUpgradeActionReturnCode", "3247440400");
    struct shared shared[4];
    pthread_t threads[4];
    for (int t = 0; t < 4; t++) {
        shared[t].cond = cond;
        shared[t].env = env;
        shared[t].machine = laptop;
        shared[t].errors = 0;
        CHECK(pthread_create(&threads[t], NULL, evaluate_many, &shared[t]) == 0);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(threads[t], NULL);
        CHECK(shared[t].errors == 0);
    }
    ts_env_free(env);
    ts_condition_free(cond);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s FIXTURE.xml MACHINE.json\n", argv[0]);
        return 2;
    }
    size_t len = 0;
    char *json = read_file(argv[2], &len);
    if (json == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }
    ts_machine *laptop = NULL;
    CHECK_RESULT(ts_machine_from_json((const uint8_t *)json, len, &laptop), TS_RESULT_OK);
    free(json); /* the library keeps no pointer to the caller's text */

    test_return_codes_against_variables();
    test_xml();
    test_callback_host();
    test_errors();
    if (laptop != NULL) {
        test_against_the_machine(laptop);
        test_explain(laptop);
        test_threads(laptop);
    }
    ts_machine_free(laptop);

    printf("%d passed, %d failed\n", checks_run - checks_failed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
