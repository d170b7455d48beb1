//! Export archives: only the entries used are decompressed, and the total is capped.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::*;

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tsq-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A one-entry archive: `head`, then `filler` spaces, then `tail`, compressed fast.
fn one_entry(head: &[u8], filler: usize, tail: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    zip.start_file("object.xml", opts).unwrap();
    zip.write_all(head).unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..filler / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.write_all(tail).unwrap();
    zip.finish().unwrap().into_inner()
}

/// An export holding the task sequence package `sequence`, then `others` more task sequence
/// packages whose `object.xml` hold `filler` bytes each (compressed once, then copied).
fn export(path: &Path, sequence: &[u8], others: usize, filler: usize) {
    let other = one_entry(
        b"<INSTANCE CLASSNAME=\"SMS_TaskSequencePackage\"><!--",
        filler,
        b"--></INSTANCE>",
    );
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(other)).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_level(Some(1));
    zip.start_file("SCCM/TaskSequence/TST00042/object.xml", opts)
        .unwrap();
    zip.write_all(sequence).unwrap();
    for i in 0..others {
        zip.raw_copy_file_rename(
            source.by_index_raw(0).unwrap(),
            format!("SCCM/TaskSequence/TST{i:05}/object.xml"),
        )
        .unwrap();
    }
    zip.finish().unwrap();
}

/// `tsq show FILE` with its address space limited to `kib` KiB.
fn show_within(file: &Path, kib: u64) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" show \"$1\""))
        .arg(env!("CARGO_BIN_EXE_tsq"))
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn only_the_task_sequence_entry_is_read_whole() {
    let dir = dir("zip-used");
    let small = dir.join("small.zip");
    let sequence = std::fs::read(data("package-object.xml")).unwrap();
    export(&small, &sequence, 0, 0);
    let big = dir.join("big.zip");
    // 8 more task sequences of 48 MiB each: 384 MiB if every candidate were kept in memory.
    export(&big, &sequence, 8, 48 << 20);
    let size = std::fs::metadata(&big).unwrap().len();
    assert!(size < 8 << 20, "the archive is small: {size} bytes");
    let baseline = show_within(&small, 256 * 1024);
    assert_eq!(baseline.status.code(), Some(0), "{}", stderr(&baseline));
    let out = show_within(&big, 256 * 1024);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), stdout(&baseline));
    assert!(
        stderr(&out).contains("the archive holds 9 task sequences; reading the first, SCCM/TaskSequence/TST00042/object.xml"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).starts_with("sequence \"Fixture In-Place Upgrade\" (TST00042)"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_archive_expanding_past_the_limit_is_refused_with_a_clear_error() {
    let dir = dir("zip-cap");
    let file = dir.join("bomb.zip");
    let mut sequence = std::fs::read(data("package-object.xml")).unwrap();
    // 65 MiB of spaces after the CIM instance: more than the 64 MiB a file may hold.
    sequence.extend(std::iter::repeat_n(b' ', 65 << 20));
    export(&file, &sequence, 0, 0);
    assert!(std::fs::metadata(&file).unwrap().len() < 1 << 20);
    let out = tsq(&["show", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        format!(
            "tsq: error: {}: the archive expands to more than the limit of 67108864 bytes\n",
            file.display()
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
