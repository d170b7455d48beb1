//! Any text: expansion never panics and leaves text without `%` untouched.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tasksequence::vars::{Environment, expand};

fuzz_target!(|text: &str| {
    let mut env = Environment::new();
    let _ = env.set_engine("A", "%B%", false);
    let _ = env.set_engine("B", "x", false);
    let out = expand(text, &env);
    if !text.contains('%') {
        assert_eq!(out, text);
    }
});
