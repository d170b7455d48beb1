#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]
//! Compiles the C test programs against the committed header and the shared library this test
//! run built, and runs them. The sanitizer and valgrind runs are in `tests/c/run.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn gcc_available() -> bool {
    Command::new("gcc")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The directory holding the `libtasksequence.so` built for this test run.
///
/// `cargo test` builds the library for the tests as an rlib only, so the shared library is built
/// here too and the C program never links against a stale one. It goes to a target directory of
/// its own: the library's files carry no hash (it is also a cdylib), so a `cargo build` in the
/// shared target directory, whose dependencies are built with other features, would replace the
/// rlib the doc tests are about to link against and break those that use serde.
fn library_dir() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ffi_c-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--lib", "--quiet", "--target-dir"])
        .arg(&target)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success(), "cargo build --lib failed");
    let dir = target.join("debug");
    assert!(
        dir.join("libtasksequence.so").exists(),
        "no libtasksequence.so in {}",
        dir.display()
    );
    dir
}

/// Compiles `tests/c/NAME.c` against the committed header and the shared library, runs it with
/// the fixture and the example machine as arguments, and checks that every check passed.
fn compile_and_run(name: &str) {
    if !gcc_available() {
        println!("SKIPPED: gcc is not installed, so the C test {name} cannot be compiled");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib_dir = library_dir();
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ffi_c");
    std::fs::create_dir_all(&out_dir).unwrap();
    let exe = out_dir.join(name);

    let compile = Command::new("gcc")
        .args([
            "-std=c11",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-Wpedantic",
            "-g",
            "-I",
        ])
        .arg(root.join("include"))
        .arg(root.join(format!("tests/c/{name}.c")))
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(&lib_dir)
        .arg(format!("-Wl,-rpath,{}", lib_dir.display()))
        .args(["-ltasksequence", "-lpthread"])
        .output()
        .unwrap();
    assert!(
        compile.status.success(),
        "gcc failed:\n{}",
        String::from_utf8_lossy(&compile.stderr)
    );

    // The run path is searched after LD_LIBRARY_PATH, which cargo points at its own target
    // directory: a shared library left there by an earlier `cargo build` would be loaded instead
    // of the one just built, so this one goes first.
    let search = match std::env::var_os("LD_LIBRARY_PATH") {
        Some(rest) => {
            let mut paths = vec![lib_dir.clone()];
            paths.extend(std::env::split_paths(&rest));
            std::env::join_paths(paths).unwrap()
        }
        None => lib_dir.clone().into_os_string(),
    };
    let run = Command::new(&exe)
        .env("LD_LIBRARY_PATH", search)
        .arg(root.join("tests/data/ipu-small.xml"))
        .arg(root.join("examples/machines/win10-x64-en-us-laptop.json"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    println!("{stdout}");
    assert!(
        run.status.success(),
        "the C test {name} failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains(", 0 failed"), "{stdout}");
}

#[test]
fn c_program_runs_against_the_header_and_library() {
    compile_and_run("test_sequence");
}

#[test]
fn c_conditions_machines_and_callback_hosts() {
    compile_and_run("test_conditions");
}

#[test]
fn c_environments_expansion_codes_languages_architectures() {
    compile_and_run("test_env_codes");
}

#[test]
fn c_precache_plans_and_the_upgrade_template() {
    compile_and_run("test_precache");
}

#[test]
fn c_lint_findings_options_and_errors() {
    compile_and_run("test_lint");
}

#[test]
fn c_diffs_and_renders() {
    compile_and_run("test_diff");
}

#[test]
fn c_simulation_on_machines_callback_hosts_and_fleets() {
    compile_and_run("test_simulate");
}

#[test]
fn header_compiles_as_c99_c2x_and_cpp() {
    if !gcc_available() {
        println!("SKIPPED: gcc is not installed, so the header cannot be compiled");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ffi_c");
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("uses_header.c");
    // Uses the enum typedefs both ways round, which is where C, C23 and C++ differ.
    std::fs::write(
        &source,
        "#include \"tasksequence.h\"\n\
         int main(void) {\n\
             ts_node_kind kind = TS_NODE_KIND_STEP;\n\
             ts_result r = ts_sequence_node_kind(0, 0, &kind);\n\
             return (int)r + (int)kind + (int)ts_string_len(0);\n\
         }\n",
    )
    .unwrap();
    let mut modes = vec![("gcc", "c", "-std=c99"), ("gcc", "c", "-std=c2x")];
    if Command::new("g++")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        modes.push(("g++", "c++", "-std=c++17"));
    } else {
        println!("g++ is not installed: the C++ check is skipped");
    }
    for (compiler, language, standard) in modes {
        let out = Command::new(compiler)
            .args([
                "-Wall",
                "-Wextra",
                "-Werror",
                "-Wpedantic",
                "-fsyntax-only",
                standard,
                "-x",
                language,
                "-I",
            ])
            .arg(root.join("include"))
            .arg(&source)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{compiler} {standard} rejects the header:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
