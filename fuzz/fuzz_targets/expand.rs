//! Any text: expansion never panics and leaves text without `%` untouched; the report agrees with
//! the plain expansion, and redaction changes nothing when no variable is secret.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::vars::{Environment, Secrets, expand, expand_redacted, expand_report};

fuzz_target!(|text: &str| {
    let mut env = Environment::new();
    let _ = env.set_engine("A", "%B%", false);
    let _ = env.set_engine("B", "x", false);
    let _ = env.set_engine("ProgramFiles(x86)", "C:\\Program Files (x86)", false);
    let out = expand(text, &env);
    if !text.contains('%') {
        assert_eq!(out, text);
    }
    assert_eq!(expand_redacted(text, &env), out);
    let report = expand_report(text, &env, Secrets::Reveal);
    let _ = report.unresolved().count();
    let _ = tasksequence::vars::parse_package_program(text);
});
