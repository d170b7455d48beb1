//! Reading a task sequence from a file: any of the three XML containers, or a ConfigMgr export
//! `.zip` (whose `object.xml` holds the sequence). Every file argument may be `-`, standard input.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use tasksequence::xml::{self, Document};

use crate::fail::Failure;

/// The largest file read, matching the library's default input limit.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The file argument that means standard input.
pub const STDIN: &str = "-";

/// Set once standard input has been read: a second `-` in the same command would read nothing.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// How messages name a file argument: `<stdin>` for `-`, else the path as given.
pub fn label(path: &str) -> &str {
    if path == STDIN { "<stdin>" } else { path }
}

/// Reads and parses `path`. Errors name the file, and line and column where the library gives them.
pub fn load_sequence(path: &str) -> Result<Document, Failure> {
    let (bytes, label) = sequence_bytes(path)?;
    let doc = xml::read(&bytes).map_err(|e| read_failure(&label, &e))?;
    print_warnings(&label, &doc);
    Ok(doc)
}

/// The bytes of the sequence file at `path` (the `object.xml` of an export archive), and the label
/// that names it in messages (`export.zip!object.xml`).
pub fn sequence_bytes(path: &str) -> Result<(Vec<u8>, String), Failure> {
    let bytes = read_bytes(path)?;
    Ok(if bytes.starts_with(b"PK\x03\x04") {
        let (inner, entry) = from_zip(label(path), &bytes)?;
        (inner, format!("{}!{entry}", label(path)))
    } else {
        (bytes, label(path).to_string())
    })
}

/// A read error as `file:line:column: what`.
pub fn read_failure(label: &str, e: &xml::ReadError) -> Failure {
    Failure(format!("{label}:{}:{}: {}", e.line(), e.column(), e.kind))
}

/// What the reader tolerated, on stderr.
pub fn print_warnings(label: &str, doc: &Document) {
    for warning in &doc.warnings {
        eprintln!(
            "tsq: warning: {label}:{}:{}: {}",
            warning.position.line, warning.position.column, warning.message
        );
    }
}

/// Reads a whole file (standard input for `-`) with a size limit. Errors name the file.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let read = if path == STDIN {
        if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
            return Err(Failure(
                "`-` (standard input) can stand for one file only in a command".into(),
            ));
        }
        std::io::stdin()
            .lock()
            .take(MAX_BYTES + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(Path::new(path))
            .and_then(|file| file.take(MAX_BYTES + 1).read_to_end(&mut bytes))
    };
    let name = label(path);
    read.map_err(|e| Failure(format!("{name}: {e}")))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Failure(format!(
            "{name}: larger than the limit of {MAX_BYTES} bytes"
        )));
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file (standard input for `-`); a byte-order mark is dropped.
pub fn read_text(path: &str) -> Result<String, Failure> {
    let bytes = read_bytes(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|e| Failure(format!("{}: not utf-8: {e}", label(path))))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// How much of an export archive is decompressed at most, all entries together: the same limit
/// as a file, so that a small archive cannot expand into gigabytes (a zip bomb).
const MAX_ZIP_BYTES: u64 = MAX_BYTES;

/// How much of each `object.xml` is read to tell a task sequence package from the packages it
/// references.
const HEAD_BYTES: u64 = 4096;

/// The `object.xml` of a task sequence package inside an export archive. Only the beginning of
/// each `object.xml` is decompressed to find it, then only that entry is read whole; everything
/// decompressed counts against [`MAX_ZIP_BYTES`].
fn from_zip(path: &str, bytes: &[u8]) -> Result<(Vec<u8>, String), Failure> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Failure(format!("{path}: not a readable zip archive: {e}")))?;
    let too_big = || {
        Failure(format!(
            "{path}: the archive expands to more than the limit of {MAX_ZIP_BYTES} bytes"
        ))
    };
    let mut budget = MAX_ZIP_BYTES;
    let mut found: Vec<(usize, String)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| Failure(format!("{path}: {e}")))?;
        let name = entry
            .name()
            .map_err(|e| Failure(format!("{path}: {e}")))?
            .to_string();
        if !name
            .rsplit(['/', '\\'])
            .next()
            .is_some_and(|n| n.eq_ignore_ascii_case("object.xml"))
        {
            continue;
        }
        let mut head = Vec::new();
        (&mut entry)
            .take(HEAD_BYTES.min(budget))
            .read_to_end(&mut head)
            .map_err(|e| Failure(format!("{path}!{name}: {e}")))?;
        budget = budget.saturating_sub(head.len() as u64);
        if budget == 0 {
            return Err(too_big());
        }
        // Exports also carry the packages a sequence references; only task sequence packages
        // count. UTF-16 text is matched with its zero bytes dropped.
        let ascii: Vec<u8> = head.iter().copied().filter(|b| *b != 0).collect();
        if contains_bytes(&ascii, b"SMS_TaskSequencePackage") {
            found.push((i, name));
        }
    }
    let Some((index, name)) = found.first().cloned() else {
        return Err(Failure(format!(
            "{path}: the archive holds no task sequence object.xml"
        )));
    };
    if found.len() > 1 {
        eprintln!(
            "tsq: warning: {path}: the archive holds {} task sequences; reading the first, {name}",
            found.len()
        );
    }
    let mut entry = archive
        .by_index(index)
        .map_err(|e| Failure(format!("{path}!{name}: {e}")))?;
    // The declared size can lie; it only refuses early what reading would refuse anyway.
    if entry.size() > budget {
        return Err(too_big());
    }
    let mut content = Vec::new();
    (&mut entry)
        .take(budget + 1)
        .read_to_end(&mut content)
        .map_err(|e| Failure(format!("{path}!{name}: {e}")))?;
    if content.len() as u64 > budget {
        return Err(too_big());
    }
    Ok((content, name))
}

/// Whether `needle` occurs in `haystack`.
fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Reads a machine profile (the JSON of `tasksequence::machine::MachineProfile`). Errors name the
/// file, line, column and the field.
pub fn load_machine(path: &str) -> Result<tasksequence::machine::MachineProfile, Failure> {
    let text = read_text(path)?;
    let path = label(path);
    tasksequence::machine::MachineProfile::from_json(&text).map_err(|e| {
        let field = if e.path.is_empty() {
            String::new()
        } else {
            format!(" at `{}`", e.path)
        };
        Failure(format!(
            "{path}:{}:{}: {}{field}",
            e.line, e.column, e.message
        ))
    })
}

/// The `--var NAME=VALUE` overrides, checked as the engine checks a variable it sets, and the
/// names given an empty value (which unset the profile's); the profile's variables go under them
/// through `tasksequence::machine::Start`.
pub struct Overrides {
    pub env: tasksequence::vars::Environment,
    pub unset: Vec<String>,
}

impl Overrides {
    pub fn start<'a>(
        &'a self,
        machine: Option<&'a tasksequence::machine::MachineProfile>,
    ) -> tasksequence::machine::Start<'a> {
        tasksequence::machine::Start::new(machine, &self.env).unsetting(&self.unset)
    }
}

pub fn overrides(vars: &[String]) -> Result<Overrides, Failure> {
    let mut out = Overrides {
        env: tasksequence::vars::Environment::new(),
        unset: Vec::new(),
    };
    for var in vars {
        let Some((name, value)) = var.split_once('=') else {
            return Err(Failure(format!("--var expects NAME=VALUE, got `{var}`")));
        };
        out.env
            .set_engine(name, value, false)
            .map_err(|err| Failure(format!("--var `{name}`: {err}")))?;
        if value.is_empty() {
            out.unset.push(name.to_string());
        } else {
            out.unset.retain(|n| !n.eq_ignore_ascii_case(name));
        }
    }
    Ok(out)
}
