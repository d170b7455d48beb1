//! Generates the C header from `src/ffi` with cbindgen.
//!
//! The header goes to `OUT_DIR/tasksequence.h`, where `tests/header.rs` compares it with the
//! committed `include/tasksequence.h`. With `TS_UPDATE_HEADER=1` the committed copy is refreshed.
//! A header that cannot be generated is a warning here, never a failed build: the drift test
//! reports it instead.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src/ffi");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=TS_UPDATE_HEADER");

    let (Some(manifest_dir), Some(out_dir)) =
        (env::var_os("CARGO_MANIFEST_DIR"), env::var_os("OUT_DIR"))
    else {
        return;
    };
    let manifest_dir = PathBuf::from(manifest_dir);
    let generated = PathBuf::from(out_dir).join("tasksequence.h");

    if let Err(message) = generate(&manifest_dir, &generated) {
        println!("cargo:warning=the C header was not generated: {message}");
        // A stale header from an earlier build would hide the problem from the drift test.
        let _ = fs::remove_file(&generated);
        return;
    }
    if env::var_os("TS_UPDATE_HEADER").is_some_and(|v| v == "1") {
        let committed = manifest_dir.join("include").join("tasksequence.h");
        let copied = fs::create_dir_all(manifest_dir.join("include"))
            .and_then(|()| fs::copy(&generated, &committed));
        match copied {
            Ok(_) => println!("cargo:warning=updated {}", committed.display()),
            Err(e) => println!("cargo:warning=cannot update {}: {e}", committed.display()),
        }
    }
}

fn generate(manifest_dir: &Path, generated: &Path) -> Result<(), String> {
    let mut config = cbindgen::Config::from_file(manifest_dir.join("cbindgen.toml"))
        .map_err(|e| format!("cbindgen.toml: {e}"))?;
    let version = |part: &str| env::var(format!("CARGO_PKG_VERSION_{part}")).unwrap_or_default();
    config.after_includes = Some(format!(
        "\n/* The version of this header; ts_version() returns the library's. */\n\
         #define TS_VERSION_MAJOR {}\n#define TS_VERSION_MINOR {}\n#define TS_VERSION_PATCH {}\n",
        version("MAJOR"),
        version("MINOR"),
        version("PATCH"),
    ));
    // Only the ffi module is parsed: it is all the header needs, and the rest of the crate is
    // then free to use syntax cbindgen does not understand.
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(manifest_dir.join("src").join("ffi").join("mod.rs"))
        .generate()
        .map_err(|e| e.to_string())?;
    bindings.write_to_file(generated);
    Ok(())
}
