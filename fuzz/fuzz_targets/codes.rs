//! Any text: return codes, success-code lists, setup results, LCIDs and architectures parse
//! without panicking; a parsed code reads back from its hex and signed forms, and a found language
//! is found again by its tag and its LCID.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::codes::{ReturnCode, SetupResult, SuccessCodes, describe, describe_setup, describe_str};
use tasksequence::locale::{self, Architecture};

fuzz_target!(|text: &str| {
    if let Ok(code) = ReturnCode::parse(text) {
        assert_eq!(ReturnCode::parse(&code.hex()).ok(), Some(code));
        assert_eq!(ReturnCode::parse(&code.signed().to_string()).ok(), Some(code));
        assert_eq!(describe(code).unsigned, code.unsigned());
    }
    if let Ok(list) = SuccessCodes::parse(text) {
        let hex: Vec<String> = list.codes().iter().map(|c| c.hex()).collect();
        assert_eq!(SuccessCodes::parse(&hex.join(" ")).ok().as_ref(), Some(&list));
    }
    if let Ok(result) = SetupResult::parse(text) {
        let _ = describe_setup(result);
    }
    let _ = describe_str(text);
    if let Some(lang) = locale::lookup(text) {
        assert_eq!(locale::lookup(lang.tag).map(|l| l.lcid), Some(lang.lcid));
        assert_eq!(locale::by_lcid(lang.lcid).map(|l| l.lcid), Some(lang.lcid));
    }
    let _ = Architecture::parse(text);
});
