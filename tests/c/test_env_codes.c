/*
 * Variables, expansion, return codes, languages and architectures through the C API: layers and
 * secrets of a ts_env, %NAME% expansion against an environment and a machine, code, LCID and
 * architecture lookups, every error path, everything freed.
 *
 * Usage: test_env_codes FIXTURE.xml MACHINE.json
 * (FIXTURE.xml is ignored; MACHINE.json is examples/machines/win10-x64-en-us-laptop.json.)
 * Exit status 0 when every check passes; each failed check prints its line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasksequence.h"

#include "check.h"

/* Checks that `name` reads as `expected` (NULL: not set). */
static void check_get(const ts_env *env, const char *name, const char *expected, int line) {
    ts_string *value = NULL;
    bool found = !(expected != NULL);
    ts_result r = ts_env_get(env, S(name), &value, &found);
    checks_run++;
    char *text = r == TS_RESULT_OK ? take(value) : NULL;
    const char *want = expected != NULL ? expected : "";
    if (r != TS_RESULT_OK || text == NULL || strcmp(text, want) != 0 ||
        found != (expected != NULL)) {
        checks_failed++;
        fprintf(stderr, "%s:%d: %s reads `%s` (found %d), expected `%s`\n", __FILE__, line, name,
                text != NULL ? text : "(failed)", (int)found, want);
    }
    free(text);
}
#define CHECK_GET(env, name, expected) check_get(env, name, expected, __LINE__)

static char *json_of(const ts_env *env, bool reveal) {
    ts_string *json = NULL;
    CHECK_RESULT(ts_env_to_json(env, reveal, &json), TS_RESULT_OK);
    return take(json);
}

static void test_env(void) {
    ts_env *env = NULL;
    CHECK_RESULT(ts_env_new(&env), TS_RESULT_OK);
    char *json = json_of(env, false);
    CHECK(json != NULL && strcmp(json, "{}") == 0);
    free(json);

    /* Names are case-insensitive and keep their first spelling; "" deletes. */
    CHECK_RESULT(ts_env_set(env, S("OSDComputerName"), S("PC01")), TS_RESULT_OK);
    CHECK_RESULT(ts_env_set(env, S("_SMSTSInWinPE"), S("false")), TS_RESULT_OK);
    CHECK_GET(env, "osdcomputername", "PC01");
    CHECK_GET(env, "  _SMSTSINWINPE ", "false");
    CHECK_GET(env, "Missing", NULL);
    CHECK_RESULT(ts_env_set(env, S("OSDCOMPUTERNAME"), S("PC02")), TS_RESULT_OK);
    json = json_of(env, false);
    /* Stable order: names compared after ASCII lower-casing, so `_` sorts before letters. */
    CHECK(json != NULL &&
          strcmp(json, "{\"_SMSTSInWinPE\":\"false\",\"OSDComputerName\":\"PC02\"}") == 0);
    free(json);
    CHECK_RESULT(ts_env_set(env, S("_SMSTSInWinPE"), NULL, 0), TS_RESULT_OK);
    CHECK_GET(env, "_SMSTSInWinPE", NULL);

    /* `found` may be NULL. */
    ts_string *value = NULL;
    CHECK_RESULT(ts_env_get(env, S("OSDComputerName"), &value, NULL), TS_RESULT_OK);
    ts_string_free(value);

    /* Layers: collection priority 1-9 < device < run time. */
    CHECK_RESULT(ts_env_set_layered(env, S("Role"), S("Kiosk"), TS_LAYER_COLLECTION, 9, false),
                 TS_RESULT_OK);
    CHECK_RESULT(ts_env_set_layered(env, S("Role"), S("Desk"), TS_LAYER_COLLECTION, 2, false),
                 TS_RESULT_OK);
    CHECK_GET(env, "Role", "Kiosk");
    CHECK_RESULT(ts_env_set_layered(env, S("Role"), S("Lab"), TS_LAYER_DEVICE, 0, false),
                 TS_RESULT_OK);
    CHECK_GET(env, "Role", "Lab");
    CHECK_RESULT(ts_env_set_layered(env, S("ROLE"), S("Run"), TS_LAYER_RUNTIME, 0, false),
                 TS_RESULT_OK);
    CHECK_GET(env, "Role", "Run");
    /* Deleting in the run-time layer removes every lower value too. */
    CHECK_RESULT(ts_env_set_layered(env, S("Role"), S(""), TS_LAYER_RUNTIME, 0, false),
                 TS_RESULT_OK);
    CHECK_GET(env, "Role", NULL);
    CHECK_RESULT(ts_env_set_layered(env, S("Role"), S("x"), TS_LAYER_COLLECTION, 0, false),
                 TS_RESULT_ENVIRONMENT_ERROR);
    CHECK(strstr(last_error_text(), "outside 1") != NULL);
    CHECK_RESULT(ts_env_set_layered(env, S("Role"), S("x"), TS_LAYER_COLLECTION, 10, false),
                 TS_RESULT_ENVIRONMENT_ERROR);
    CHECK_RESULT(ts_env_set_layered(env, S("Role"), S("x"), 7, 0, false),
                 TS_RESULT_INVALID_ARGUMENT);
    CHECK(strstr(last_error_text(), "`7`") != NULL);
    CHECK_GET(env, "Role", NULL);

    /* Secrets: by flag or by name, redacted unless revealed; get returns the value. */
    CHECK_RESULT(ts_env_set_layered(env, S("Pin"), S("1234"), TS_LAYER_RUNTIME, 0, true),
                 TS_RESULT_OK);
    CHECK_RESULT(ts_env_set(env, S("OSDJoinPassword"), S("hunter2")), TS_RESULT_OK);
    json = json_of(env, false);
    CHECK(json != NULL && strcmp(json, "{\"OSDComputerName\":\"PC02\",\"OSDJoinPassword\":"
                                       "\"********\",\"Pin\":\"********\"}") == 0);
    free(json);
    json = json_of(env, true);
    CHECK(json != NULL && strcmp(json, "{\"OSDComputerName\":\"PC02\",\"OSDJoinPassword\":"
                                       "\"hunter2\",\"Pin\":\"1234\"}") == 0);
    free(json);
    CHECK_GET(env, "pin", "1234");

    /* Bad names and values. */
    CHECK_RESULT(ts_env_set(env, S("bad name"), S("x")), TS_RESULT_ENVIRONMENT_ERROR);
    CHECK(strstr(last_error_text(), "`bad name`") != NULL);
    CHECK_RESULT(ts_env_set(env, S(""), S("x")), TS_RESULT_ENVIRONMENT_ERROR);
    char long_value[4002];
    memset(long_value, 'x', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    CHECK_RESULT(ts_env_set(env, S("Long"), S(long_value)), TS_RESULT_ENVIRONMENT_ERROR);
    CHECK(strstr(last_error_text(), "4001") != NULL);
    long_value[4000] = '\0';
    CHECK_RESULT(ts_env_set(env, S("Long"), S(long_value)), TS_RESULT_OK);
    const uint8_t bad_utf8[] = {'P', 'C', 0xff};
    CHECK_RESULT(ts_env_set(env, S("Name"), bad_utf8, sizeof bad_utf8), TS_RESULT_INVALID_UTF8);
    CHECK_RESULT(ts_env_set(env, bad_utf8, sizeof bad_utf8, S("v")), TS_RESULT_INVALID_UTF8);
    CHECK_RESULT(ts_env_get(env, bad_utf8, sizeof bad_utf8, &value, NULL), TS_RESULT_INVALID_UTF8);
    CHECK_RESULT(ts_env_set(NULL, S("a"), S("b")), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_env_set(env, NULL, 1, S("b")), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_env_set_layered(NULL, S("a"), S("b"), TS_LAYER_DEVICE, 0, false),
                 TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_env_get(NULL, S("a"), &value, NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_env_get(env, S("a"), NULL, NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_env_to_json(NULL, false, &value), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_env_new(NULL), TS_RESULT_NULL_ARGUMENT);

    ts_env_free(env);
    ts_env_free(NULL);
}

static char *expand(const char *text, const ts_env *env, const ts_machine *machine) {
    ts_string *out = NULL;
    CHECK_RESULT(ts_expand(S(text), env, machine, &out), TS_RESULT_OK);
    return take(out);
}

#define CHECK_EXPAND(text, env, machine, expected)                   \
    do {                                                             \
        char *got_ = expand(text, env, machine);                     \
        CHECK(got_ != NULL && strcmp(got_, expected) == 0);          \
        if (got_ != NULL && strcmp(got_, expected) != 0) {           \
            fprintf(stderr, "  expanded to `%s`\n", got_);           \
        }                                                            \
        free(got_);                                                  \
    } while (0)

static void test_expand(const ts_machine *laptop) {
    ts_env *env = NULL;
    CHECK_RESULT(ts_env_new(&env), TS_RESULT_OK);
    CHECK_RESULT(ts_env_set(env, S("OSDComputerName"), S("PC01")), TS_RESULT_OK);
    CHECK_RESULT(ts_env_set(env, S("OSDJoinPassword"), S("hunter2")), TS_RESULT_OK);

    CHECK_EXPAND("setup.exe /name:%osdcomputername% /pw:%OSDJoinPassword%", env, NULL,
                 "setup.exe /name:PC01 /pw:hunter2");
    /* Without a machine %windir% has no value and stays as written, as does every stray %. */
    CHECK_EXPAND("%windir%\\system32 100% %%F %Undefined%", env, NULL,
                 "%windir%\\system32 100% %%F %Undefined%");
    /* The machine's environment answers %windir%, its variables answer %Make%. */
    CHECK_EXPAND("%windir%\\system32 %Make% %OSDComputerName%", env, laptop,
                 "C:\\Windows\\system32 LENOVO PC01");
    CHECK_EXPAND("SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'", env,
                 laptop, "SELECT * FROM Win32_OperatingSystem WHERE OSArchitecture LIKE '%64%'");
    CHECK_EXPAND("", env, laptop, "");

    ts_string *out = NULL;
    const uint8_t bad_utf8[] = {'%', 'a', 0xc0, '%'};
    CHECK_RESULT(ts_expand(bad_utf8, sizeof bad_utf8, env, NULL, &out), TS_RESULT_INVALID_UTF8);
    CHECK_RESULT(ts_expand(S("x"), NULL, laptop, &out), TS_RESULT_NULL_ARGUMENT);
    CHECK_RESULT(ts_expand(S("x"), env, NULL, NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(out == NULL);
    ts_env_free(env);
}

static void test_return_codes(void) {
    const struct {
        const char *text;
        uint32_t value;
    } good[] = {
        {"0xC1900210", 3247440400u}, {"3247440400", 3247440400u}, {"-1047526896", 3247440400u},
        {"C1900210", 3247440400u},   {" 3010 ", 3010u},           {"0", 0u},
        {"ERROR_SUCCESS_REBOOT_REQUIRED", 3010u},
        {"error_success_reboot_required", 3010u},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        uint32_t value = 7;
        CHECK_RESULT(ts_return_code_parse(S(good[i].text), &value), TS_RESULT_OK);
        CHECK(value == good[i].value);
    }
    uint32_t value = 7;
    CHECK_RESULT(ts_return_code_parse(S("12x"), &value), TS_RESULT_CODE_ERROR);
    CHECK(strstr(last_error_text(), "column 3") != NULL);
    CHECK_RESULT(ts_return_code_parse(S("4294967296"), &value), TS_RESULT_CODE_ERROR);
    CHECK_RESULT(ts_return_code_parse(S(""), &value), TS_RESULT_CODE_ERROR);
    CHECK_RESULT(ts_return_code_parse(S("1"), NULL), TS_RESULT_NULL_ARGUMENT);
    const uint8_t bad_utf8[] = {'1', 0xff};
    CHECK_RESULT(ts_return_code_parse(bad_utf8, sizeof bad_utf8, &value), TS_RESULT_INVALID_UTF8);
    CHECK(value == 7);

    ts_string *json = NULL;
    CHECK_RESULT(ts_return_code_describe(S("-1047526896"), &json), TS_RESULT_OK);
    char *text = take(json);
    CHECK(text != NULL && strstr(text, "\"hex\":\"0xC1900210\"") != NULL);
    CHECK(text != NULL && strstr(text, "\"unsigned\":3247440400") != NULL);
    CHECK(text != NULL && strstr(text, "MOSETUP_E_COMPAT_SCANONLY") != NULL);
    free(text);
    CHECK_RESULT(ts_return_code_describe(S("0xC1900101 - 0x4000D"), &json), TS_RESULT_OK);
    text = take(json);
    CHECK(text != NULL && strstr(text, "0xC1900101") != NULL);
    free(text);
    json = NULL;
    CHECK_RESULT(ts_return_code_describe(S("not a code"), &json), TS_RESULT_CODE_ERROR);
    CHECK(json == NULL);
    CHECK_RESULT(ts_return_code_describe(NULL, 1, &json), TS_RESULT_NULL_ARGUMENT);
}

static void test_languages(void) {
    const char *forms[] = {"1033", "0x0409", "0409", "en-US", "en_us", "English (United States)"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        ts_string *json = NULL;
        CHECK_RESULT(ts_lcid_lookup(S(forms[i]), &json), TS_RESULT_OK);
        char *text = take(json);
        CHECK(text != NULL &&
              strcmp(text, "{\"lcid\":1033,\"hex\":\"0x0409\",\"tag\":\"en-US\","
                           "\"name\":\"English (United States)\"}") == 0);
        free(text);
    }
    ts_string *json = NULL;
    CHECK_RESULT(ts_lcid_lookup(S("de-CH"), &json), TS_RESULT_OK);
    char *text = take(json);
    CHECK(text != NULL && strstr(text, "\"lcid\":2055") != NULL);
    free(text);
    json = NULL;
    CHECK_RESULT(ts_lcid_lookup(S("Klingon"), &json), TS_RESULT_CODE_ERROR);
    CHECK(strstr(last_error_text(), "`Klingon`") != NULL);
    CHECK_RESULT(ts_lcid_lookup(NULL, 0, &json), TS_RESULT_CODE_ERROR);
    CHECK_RESULT(ts_lcid_lookup(S("1033"), NULL), TS_RESULT_NULL_ARGUMENT);
    CHECK(json == NULL);
}

static void test_architectures(void) {
    const struct {
        const char *text;
        ts_architecture arch;
    } good[] = {
        {"x64", TS_ARCHITECTURE_X64},     {"amd64", TS_ARCHITECTURE_X64},
        {"AMD64", TS_ARCHITECTURE_X64},   {"64-bit", TS_ARCHITECTURE_X64},
        {"9", TS_ARCHITECTURE_X64},       {"X64", TS_ARCHITECTURE_X64},
        {"64", TS_ARCHITECTURE_X64},      {"ARM64", TS_ARCHITECTURE_ARM64},
        {"ARM 64-bit Processor", TS_ARCHITECTURE_ARM64},
        {"12", TS_ARCHITECTURE_ARM64},    {"x86", TS_ARCHITECTURE_X86},
        {"32-bit", TS_ARCHITECTURE_X86},  {"0", TS_ARCHITECTURE_X86},
        {"32", TS_ARCHITECTURE_X86},      {"IA64", TS_ARCHITECTURE_IA64},
        {"ARM", TS_ARCHITECTURE_ARM},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        ts_architecture arch = TS_ARCHITECTURE_IA64;
        CHECK_RESULT(ts_architecture_parse(S(good[i].text), &arch), TS_RESULT_OK);
        CHECK(arch == good[i].arch);
    }
    /* Numbered as Windows numbers them. */
    CHECK(TS_ARCHITECTURE_X86 == 0 && TS_ARCHITECTURE_X64 == 9 && TS_ARCHITECTURE_ARM64 == 12);
    ts_architecture arch = TS_ARCHITECTURE_ARM;
    CHECK_RESULT(ts_architecture_parse(S("sparc"), &arch), TS_RESULT_CODE_ERROR);
    CHECK(strstr(last_error_text(), "`sparc`") != NULL);
    CHECK(arch == TS_ARCHITECTURE_ARM);
    CHECK_RESULT(ts_architecture_parse(S("x64"), NULL), TS_RESULT_NULL_ARGUMENT);
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
    free(json);

    test_env();
    test_return_codes();
    test_languages();
    test_architectures();
    if (laptop != NULL) {
        test_expand(laptop);
    }
    ts_machine_free(laptop);

    printf("%d passed, %d failed\n", checks_run - checks_failed, checks_failed);
    return checks_failed == 0 ? 0 : 1;
}
