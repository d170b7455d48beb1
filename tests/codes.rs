#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Return codes against the facts the domain notes list (written out here as literals).

use tasksequence::codes::{
    CodeError, CodeSource, Layout, Reboot, ReturnCode, SetupExtend, SetupResult, Severity,
    SuccessCodes, describe, describe_str, known, known_all, known_by_name,
};

/// Every code of the domain notes' Windows Setup table: hex, unsigned, signed, name.
const SETUP_TABLE: &[(u32, u32, i32, &str)] = &[
    (
        0xC1900100,
        3247440128,
        -1047527168,
        "MOSETUP_E_VERSION_MISMATCH",
    ),
    (
        0xC1900101,
        3247440129,
        -1047527167,
        "MOSETUP_E_SETUP_PLATFORM",
    ),
    (
        0xC1900102,
        3247440130,
        -1047527166,
        "MOSETUP_E_SHUTDOWN_BLOCK",
    ),
    (
        0xC1900103,
        3247440131,
        -1047527165,
        "MOSETUP_E_COMPAT_TIMEOUT",
    ),
    (
        0xC1900104,
        3247440132,
        -1047527164,
        "MOSETUP_E_PROCESS_TIMEOUT",
    ),
    (
        0xC1900106,
        3247440134,
        -1047527162,
        "MOSETUP_E_TERMINATE_PROCESS",
    ),
    (
        0xC1900107,
        3247440135,
        -1047527161,
        "MOSETUP_E_CLEANUP_PENDING",
    ),
    (
        0xC1900109,
        3247440137,
        -1047527159,
        "MOSETUP_E_COMPAT_TERMINATE",
    ),
    (
        0xC190010A,
        3247440138,
        -1047527158,
        "MOSETUP_E_UNKNOWN_CMD_LINE",
    ),
    (
        0xC190010D,
        3247440141,
        -1047527155,
        "MOSETUP_E_INVALID_CMD_LINE",
    ),
    (
        0xC190010B,
        3247440139,
        -1047527157,
        "MOSETUP_E_INSTALL_IMAGE_NOT_FOUND",
    ),
    (
        0xC190011F,
        3247440159,
        -1047527137,
        "MOSETUP_E_PROCESS_CRASHED",
    ),
    (0xC19001DF, 3247440351, -1047526945, "MOSETUP_E_DISK_FULL"),
    (
        0xC19001E2,
        3247440354,
        -1047526942,
        "MOSETUP_E_PREINSTALL_SCRIPT_FAILED",
    ),
    (
        0xC1900200,
        3247440384,
        -1047526912,
        "MOSETUP_E_COMPAT_SYSREQ_BLOCK",
    ),
    (
        0xC1900201,
        3247440385,
        -1047526911,
        "MOSETUP_E_COMPAT_SYSREQ_CANCEL",
    ),
    (
        0xC1900202,
        3247440386,
        -1047526910,
        "MOSETUP_E_COMPAT_DOWNLOADREQ_BLOCK",
    ),
    (
        0xC1900203,
        3247440387,
        -1047526909,
        "MOSETUP_E_COMPAT_DOWNLOADREQ_CANCEL",
    ),
    (
        0xC1900204,
        3247440388,
        -1047526908,
        "MOSETUP_E_COMPAT_MIGCHOICE_BLOCK",
    ),
    (
        0xC1900205,
        3247440389,
        -1047526907,
        "MOSETUP_E_COMPAT_MIGCHOICE_CANCEL",
    ),
    (
        0xC1900206,
        3247440390,
        -1047526906,
        "MOSETUP_E_COMPAT_DEVICEREQ_BLOCK",
    ),
    (
        0xC1900207,
        3247440391,
        -1047526905,
        "MOSETUP_E_COMPAT_DEVICEREQ_CANCEL",
    ),
    (
        0xC1900208,
        3247440392,
        -1047526904,
        "MOSETUP_E_COMPAT_INSTALLREQ_BLOCK",
    ),
    (
        0xC1900209,
        3247440393,
        -1047526903,
        "MOSETUP_E_COMPAT_INSTALLREQ_CANCEL",
    ),
    (
        0xC190020A,
        3247440394,
        -1047526902,
        "MOSETUP_E_COMPAT_RECOVERYREQ_BLOCK",
    ),
    (
        0xC190020C,
        3247440396,
        -1047526900,
        "MOSETUP_E_DOWNLOADDISKSPACE_BLOCK",
    ),
    (
        0xC190020E,
        3247440398,
        -1047526898,
        "MOSETUP_E_INSTALLDISKSPACE_BLOCK",
    ),
    (
        0xC190020F,
        3247440399,
        -1047526897,
        "MOSETUP_E_INSTALLDISKSPACE_CANCEL",
    ),
    (
        0xC1900210,
        3247440400,
        -1047526896,
        "MOSETUP_E_COMPAT_SCANONLY",
    ),
    (
        0xC1900211,
        3247440401,
        -1047526895,
        "MOSETUP_E_DOWNLOAD_UNPACK_DISKSPACE_BLOCK",
    ),
    (
        0xC1900215,
        3247440405,
        -1047526891,
        "MOSETUP_E_NO_MATCHING_INSTALL_IMAGE",
    ),
    (
        0xC1900216,
        3247440406,
        -1047526890,
        "MOSETUP_E_ROLLBACK_PENDING",
    ),
];

/// The rest of the modern-setup list the notes point to (named in the Windows documentation).
const SETUP_MORE: &[u32] = &[
    0xC1900105, 0xC1900108, 0xC190010C, 0xC190010E, 0xC1900110, 0xC1900111, 0xC1900112, 0xC1900113,
    0xC190011E, 0xC1900120, 0xC1900121, 0xC1900122, 0xC1900123, 0xC1900124, 0xC1900125, 0xC1900126,
    0xC1900127, 0xC1900128, 0xC1900129, 0xC190012F, 0xC1900130, 0xC1900131, 0xC19001E0, 0xC19001E1,
    0xC19001E3, 0xC19001E4, 0xC19001E5, 0xC190020B, 0xC190020D, 0xC1900212, 0xC1900213, 0xC1900214,
    0xC1900220, 0xC1900400, 0xC1900401, 0xC1900402, 0xC1900403, 0xC1900404, 0xC1900405,
];

#[test]
fn every_setup_code_in_the_notes_is_known_in_all_three_forms() {
    for &(hex, unsigned, signed, name) in SETUP_TABLE {
        let from_hex = ReturnCode::parse(&format!("0x{hex:08X}")).unwrap();
        let from_unsigned = ReturnCode::parse(&unsigned.to_string()).unwrap();
        let from_signed = ReturnCode::parse(&signed.to_string()).unwrap();
        assert_eq!(from_hex, ReturnCode(hex), "{name}");
        assert_eq!(from_unsigned, from_hex, "{name}");
        assert_eq!(from_signed, from_hex, "{name}");
        assert_eq!(from_hex.unsigned(), unsigned);
        assert_eq!(from_hex.signed(), signed);
        let row = known(from_hex).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(row.name, Some(name));
        assert_eq!(row.source, CodeSource::WindowsSetup);
        assert!(!row.meaning.is_empty());
        assert_eq!(known_by_name(name).unwrap().code, from_hex);
    }
}

#[test]
fn the_rest_of_the_modern_setup_list_is_named() {
    for &code in SETUP_MORE {
        let row = known(ReturnCode(code)).unwrap_or_else(|| panic!("0x{code:08X} missing"));
        assert!(row.name.unwrap().starts_with("MOSETUP_E_"), "0x{code:08X}");
        // "0xC1900xxx = 3247439872 + 0xxxx" in the notes.
        assert_eq!(code, 3_247_439_872 + (code & 0xFFF));
    }
}

#[test]
fn configmgr_spelling_of_0xc190020e_is_an_alias() {
    let rows = known_all(ReturnCode(0xC190020E));
    let names: Vec<_> = rows.iter().map(|r| r.name.unwrap()).collect();
    assert_eq!(
        names,
        [
            "MOSETUP_E_INSTALLDISKSPACE_BLOCK",
            "MOSETUP_E_COMPAT_INSTALLDISKSPACE_BLOCK"
        ]
    );
}

#[test]
fn other_codes_from_the_same_pages() {
    // (code, unsigned, signed, name or None, meaning fragment)
    let cases: &[(u32, u32, i32, Option<&str>, &str)] = &[
        (
            0x80070070,
            2147942512,
            -2147024784,
            Some("HRESULT_FROM_WIN32(ERROR_DISK_FULL)"),
            "space",
        ),
        (
            0x80070005,
            2147942405,
            -2147024891,
            Some("E_ACCESSDENIED"),
            "access denied",
        ),
        (
            0x80004005,
            2147500037,
            -2147467259,
            Some("E_FAIL"),
            "unspecified",
        ),
        (0xC1800118, 3246391576, -1048575720, None, "decryption key"),
        (
            0x80072EFE,
            2147954430,
            -2147012866,
            Some("HRESULT_FROM_WIN32(ERROR_INTERNET_CONNECTION_ABORTED)"),
            "abnormally",
        ),
    ];
    for &(code, unsigned, signed, name, fragment) in cases {
        let d = describe(ReturnCode(code));
        assert_eq!((d.unsigned, d.signed), (unsigned, signed), "0x{code:08X}");
        assert_eq!(d.name.as_deref(), name, "0x{code:08X}");
        assert!(
            d.meaning.as_deref().unwrap().contains(fragment),
            "0x{code:08X}: {:?}",
            d.meaning
        );
        assert_eq!(d.is_success, Some(false));
    }
    // The decoding rule of the notes: leading 8 = Win32 in the low 16 bits.
    assert_eq!(describe(ReturnCode(0x80070070)).win32.unwrap().code, 0x70);
    // Leading C = NTSTATUS-style; 0xC1900107's low word is 0x107.
    let parts = describe(ReturnCode(0xC1900107)).hresult.unwrap();
    assert_eq!((parts.layout, parts.code), (Layout::Ntstatus, 0x107));
}

#[test]
fn setup_exe_auto_exit_codes() {
    for (code, name, success) in [
        (3, "CONX_SETUP_EXITCODE_CONTINUE_REBOOT", true),
        (5, "CONX_SETUP_EXITCODE_RESUME_AT_COMPAT_REPORT", false),
        (7, "CONX_SETUP_EXITCODE_AUTO_INSTALL_FAIL", false),
    ] {
        let row = known_all(ReturnCode(code))
            .iter()
            .find(|r| r.source == CodeSource::SetupExe)
            .unwrap();
        assert_eq!(row.name, Some(name));
        assert_eq!(row.success, success);
        // Win32 stays the primary reading; the setup.exe one is listed under `also`.
        let d = describe(ReturnCode(code));
        assert_eq!(d.source, Some(CodeSource::Win32));
        assert!(d.also.iter().any(|o| o.name.as_deref() == Some(name)));
    }
}

#[test]
fn installer_and_reboot_codes() {
    type Case = (u32, u32, &'static str, Option<bool>, Option<Reboot>);
    let cases: &[Case] = &[
        (0, 0x0, "ERROR_SUCCESS", Some(true), None),
        (
            3010,
            0xBC2,
            "ERROR_SUCCESS_REBOOT_REQUIRED",
            Some(true),
            Some(Reboot::Required),
        ),
        (
            1641,
            0x669,
            "ERROR_SUCCESS_REBOOT_INITIATED",
            Some(true),
            Some(Reboot::Initiated),
        ),
        (1603, 0x643, "ERROR_INSTALL_FAILURE", Some(false), None),
        (
            1618,
            0x652,
            "ERROR_INSTALL_ALREADY_RUNNING",
            Some(false),
            None,
        ),
        (1602, 0x642, "ERROR_INSTALL_USEREXIT", Some(false), None),
        (1605, 0x645, "ERROR_UNKNOWN_PRODUCT", Some(false), None),
        (
            1612,
            0x64C,
            "ERROR_INSTALL_SOURCE_ABSENT",
            Some(false),
            None,
        ),
        (
            1619,
            0x653,
            "ERROR_INSTALL_PACKAGE_OPEN_FAILED",
            Some(false),
            None,
        ),
        (1638, 0x666, "ERROR_PRODUCT_VERSION", Some(false), None),
        (
            4316,
            0x10DC,
            "ERROR_RESOURCE_NOT_PRESENT",
            Some(false),
            None,
        ),
    ];
    for &(code, hex, name, success, reboot) in cases {
        assert_eq!(code, hex);
        let d = describe(ReturnCode(code));
        assert_eq!(d.name.as_deref(), Some(name));
        assert_eq!(d.source, Some(CodeSource::Win32));
        assert_eq!(d.is_success, success, "{name}");
        assert_eq!(d.reboot, reboot, "{name}");
        assert_eq!(d.is_reboot, reboot.is_some());
    }
    assert!(
        describe(ReturnCode(4316))
            .meaning
            .unwrap()
            .contains("does not exist")
    );
}

#[test]
fn hresult_breakdown_of_access_denied() {
    let d = describe_str("0x80070005").unwrap();
    let parts = d.hresult.unwrap();
    assert_eq!(parts.layout, Layout::Hresult);
    assert_eq!(parts.severity, Severity::Error);
    assert_eq!(parts.facility, 7);
    assert_eq!(parts.facility_name.as_deref(), Some("FACILITY_WIN32"));
    assert_eq!(parts.code, 5);
    let win32 = d.win32.unwrap();
    assert_eq!(win32.code, 5);
    assert_eq!(win32.name.as_deref(), Some("ERROR_ACCESS_DENIED"));
}

#[test]
fn setup_result_plus_extend() {
    for text in [
        "0xC1900101 - 0x4000D",
        "0xC1900101-0x4000D",
        "0xC1900101 \u{2013} 0x4000D",
        "0xC1900101\u{2013}0x4000D",
        "0xc1900101 - 0x4000d",
    ] {
        let d = describe_str(text).unwrap();
        assert_eq!(
            d.name.as_deref(),
            Some("MOSETUP_E_SETUP_PLATFORM"),
            "{text}"
        );
        let ext = d.setup_extended.unwrap();
        assert_eq!(ext.hex, "0x4000D");
        assert_eq!(ext.phase, 4);
        assert_eq!(ext.phase_name.as_deref(), Some("SP_EXECUTION_OOBE_BOOT"));
        assert_eq!(ext.operation, 0xD);
        assert_eq!(
            ext.operation_name.as_deref(),
            Some("SP_EXECUTION_OP_MIGRATE_DATA")
        );
    }
    let report = SetupResult::parse("0x80070070 - 0x50011").unwrap();
    assert_eq!(report.extend, Some(SetupExtend(0x50011)));
    assert_eq!(
        report.extend.unwrap().phase_name(),
        Some("SP_EXECUTION_UNINSTALL")
    );
    assert_eq!(
        report.extend.unwrap().operation_name(),
        Some("SP_EXECUTION_OP_ENABLE_FEATURE")
    );
}

#[test]
fn unparsable_codes_are_typed_errors_naming_the_input() {
    let err = ReturnCode::parse("4294967296").unwrap_err();
    assert_eq!(
        err,
        CodeError::OutOfRange {
            input: "4294967296".into()
        }
    );
    assert!(err.to_string().contains("`4294967296`"));
    let err = ReturnCode::parse("-2147483649").unwrap_err();
    assert!(matches!(err, CodeError::OutOfRange { .. }));
    let err = describe_str("0xC19Q").unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected a hexadecimal digit at column 6 in return code `0xC19Q`"
    );
}

#[test]
fn success_code_lists() {
    let list: SuccessCodes = "0 3010".parse().unwrap();
    assert!(list.contains(ReturnCode(0)) && list.contains(ReturnCode(3010)));
    assert!(!list.contains(ReturnCode(1641)));
    assert_eq!(list, SuccessCodes::standard());
    // The inline compat-scan pattern compares the variable to the unsigned decimal.
    let scan: SuccessCodes = "0 3247440400".parse().unwrap();
    assert!(scan.contains(ReturnCode::parse("0xC1900210").unwrap()));
    let err = SuccessCodes::parse("0  3010 3O10").unwrap_err();
    match err {
        CodeError::BadListEntry { column, token, .. } => {
            assert_eq!((column, token.as_str()), (9, "3O10"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn description_json_shape() {
    let value = serde_json::to_value(describe_str("0xC1900101 - 0x4000D").unwrap()).unwrap();
    assert_eq!(value["hex"], "0xC1900101");
    assert_eq!(value["unsigned"], 3247440129_u64);
    assert_eq!(value["signed"], -1047527167);
    assert_eq!(value["source"], "windows_setup");
    assert_eq!(value["hresult"]["layout"], "ntstatus");
    assert_eq!(value["hresult"]["facility"], 0x190);
    assert_eq!(
        value["setup_extended"]["phase_name"],
        "SP_EXECUTION_OOBE_BOOT"
    );
    assert_eq!(value["is_success"], false);
    assert_eq!(value["reboot"], serde_json::Value::Null);
}

mod properties {
    use proptest::prelude::*;
    use tasksequence::codes::{ReturnCode, SetupResult, SuccessCodes, describe, describe_str};
    use tasksequence::locale::{self, Architecture};

    proptest! {
        #[test]
        fn every_printed_form_reads_back(value in any::<u32>()) {
            let code = ReturnCode(value);
            prop_assert_eq!(ReturnCode::parse(&code.to_string()).unwrap(), code);
            prop_assert_eq!(ReturnCode::parse(&code.unsigned().to_string()).unwrap(), code);
            prop_assert_eq!(ReturnCode::parse(&code.signed().to_string()).unwrap(), code);
            let json = serde_json::to_string(&describe(code)).unwrap();
            prop_assert!(json.contains(&code.hex()));
        }

        #[test]
        fn no_input_panics(text in "\\PC{0,40}") {
            let _ = ReturnCode::parse(&text);
            let _ = SetupResult::parse(&text);
            let _ = SuccessCodes::parse(&text);
            let _ = describe_str(&text);
            let _ = locale::lookup(&text);
            let _ = Architecture::parse(&text);
        }

        #[test]
        fn success_lists_round_trip(values in proptest::collection::vec(any::<u32>(), 0..8)) {
            let list = SuccessCodes::new(values.iter().copied().map(ReturnCode).collect());
            prop_assert_eq!(SuccessCodes::parse(&list.to_string()).unwrap(), list);
        }
    }
}
