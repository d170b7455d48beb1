#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! `tsq code` and `tsq lcid` through the built binary.

mod common;

use common::*;

fn json(args: &[&str]) -> serde_json::Value {
    let output = tsq(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn code_in_every_form_gives_the_same_json() {
    let expected = json(&["code", "0xC1900210", "--format", "json"]);
    assert_eq!(expected["name"], "MOSETUP_E_COMPAT_SCANONLY");
    assert_eq!(expected["unsigned"], 3_247_440_400_u64);
    assert_eq!(expected["signed"], -1_047_526_896);
    for form in ["3247440400", "-1047526896", "C1900210", " 0Xc1900210 "] {
        assert_eq!(
            json(&["code", form, "--format", "json"]),
            expected,
            "{form}"
        );
    }
    // The negative form also works before the option and as `--format=json`.
    assert_eq!(json(&["code", "--format=json", "-1047526896"]), expected);
}

#[test]
fn code_text_output() {
    let output = tsq(&["code", "0x80070005"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(text.contains("hex:       0x80070005"), "{text}");
    assert!(text.contains("signed:    -2147024891"), "{text}");
    assert!(text.contains("E_ACCESSDENIED"), "{text}");
    assert!(text.contains("FACILITY_WIN32"), "{text}");
    assert!(text.contains("win32:     5 ERROR_ACCESS_DENIED"), "{text}");
}

#[test]
fn setup_report_with_extend_code() {
    for form in [
        "0xC1900101 - 0x4000D",
        "0xC1900101-0x4000D",
        "0xC1900101 \u{2013} 0x4000D",
    ] {
        let value = json(&["code", form, "--format", "json"]);
        assert_eq!(
            value["setup_extended"]["phase_name"], "SP_EXECUTION_OOBE_BOOT",
            "{form}"
        );
        assert_eq!(
            value["setup_extended"]["operation_name"], "SP_EXECUTION_OP_MIGRATE_DATA",
            "{form}"
        );
    }
    let text = stdout(&tsq(&["code", "0xC1900101 - 0x4000D"]));
    assert!(
        text.contains("operation: 0xD SP_EXECUTION_OP_MIGRATE_DATA"),
        "{text}"
    );
}

#[test]
fn unknown_code_still_decodes() {
    let output = tsq(&["code", "0x80071234"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert!(
        text.contains("(not in the table)") || text.contains("HRESULT_FROM_WIN32"),
        "{text}"
    );
    assert!(text.contains("win32:     4660"), "{text}");
    let value = json(&["code", "42", "--format", "json"]);
    assert_eq!(value["name"], serde_json::Value::Null);
    assert_eq!(value["is_success"], serde_json::Value::Null);
}

#[test]
fn bad_code_is_exit_2_with_one_line() {
    for bad in ["zz", "4294967296", "-2147483649", "0xC1900101 - ", ""] {
        let output = tsq(&["code", bad]);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        assert!(output.stdout.is_empty());
        let err = String::from_utf8(output.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("tsq: error: "), "{err}");
    }
    let err = String::from_utf8(tsq(&["code", "4294967296"]).stderr).unwrap();
    assert!(err.contains("`4294967296`"), "{err}");
}

#[test]
fn lcid_lookups() {
    for form in [
        "1033",
        "0x0409",
        "0409",
        "409",
        "en-US",
        "en_us",
        "EN-us",
        "English (United States)",
    ] {
        let output = tsq(&["lcid", form]);
        assert!(output.status.success(), "{form}");
        assert_eq!(
            stdout(&output),
            "decimal:  1033\nhex:      0x0409\ntag:      en-US\nname:     English (United States)\n",
            "{form}"
        );
    }
    let value = json(&["lcid", "de-ch", "--format", "json"]);
    assert_eq!(
        value,
        serde_json::json!({"lcid": 2055, "hex": "0x0807", "tag": "de-CH", "name": "German (Switzerland)"})
    );
}

#[test]
fn unknown_language_is_exit_2() {
    let output = tsq(&["lcid", "Klingon"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert_eq!(err.lines().count(), 1);
    assert!(err.contains("unknown language `Klingon`"), "{err}");
}

#[test]
fn common_configmgr_client_codes_are_known() {
    for (code, words) in [
        ("0x87D00324", "not detected after installation"),
        ("0x87D00607", "content not found"),
        ("0x80091007", "CRYPT_E_HASH_VALUE"),
        ("0x800F081F", "CBS_E_SOURCE_MISSING"),
        ("0xC1800118", "decryption key"),
        ("16389", "E_FAIL"),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tsq"))
            .args(["code", code])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(words), "{code}: {text}");
        assert!(!text.contains("(not in the table)"), "{code}: {text}");
    }
}

#[test]
fn bare_digits_are_decimal_with_a_hint_showing_the_hex_reading() {
    let out = tsq(&["code", "80070005"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("hex:       0x04C5C575\nunsigned:  80070005\n"));
    assert_eq!(
        stderr(&out),
        "tsq: hint: `80070005` is read as decimal; as hexadecimal it would be 0x80070005 (E_ACCESSDENIED): write `0x80070005` for that\n"
    );
    let out = tsq(&["code", "16389", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json["unsigned"], 16389);
    assert!(
        stderr(&out).contains("as hexadecimal it would be 0x00016389"),
        "{}",
        stderr(&out)
    );
    let out = tsq(&["code", "10"]);
    assert!(stdout(&out).starts_with("hex:       0x0000000A\n"));
    assert!(stderr(&out).contains("0x00000010"), "{}", stderr(&out));
    // Hex-only digits are hex, and forms that cannot be misread get no hint.
    for code in ["80072efe", "0x80070005", "-2147024891", "3", "3247440400"] {
        let out = tsq(&["code", code]);
        assert_eq!(out.status.code(), Some(0), "{code}");
        assert_eq!(stderr(&out), "", "{code}");
    }
    assert!(stdout(&tsq(&["code", "80072efe"])).starts_with("hex:       0x80072EFE\n"));
}
