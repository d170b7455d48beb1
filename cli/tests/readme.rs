//! The README works as written, for someone who reads it from the top.
//!
//! - **Commands.** Every command of a fenced `sh`, `bash` or `console` block (in `console`
//!   blocks, the lines starting with `$ `) that runs `tsq` — `tsq …`, or `cargo run … -p tsq -- …`
//!   — runs through the built binary from the repository root, and exits with the status the
//!   README documents: 0, unless the line ends in a comment `# exit N` (`# exit 1: it fails`).
//!   A command may pipe into another `tsq` (`|`), read a file (`< FILE`) and write one
//!   (`> FILE`): written files go to a scratch folder, and later commands that name them read
//!   them there. Anything else a shell would expand (`$`, globs, `;`, `&&`, backquotes) is refused,
//!   so every command means exactly what it says. Commands of other programs (`cargo`, `gcc`,
//!   `mono`, `git config`) are not run; the files they name are checked like all others.
//! - **Output.** What a `console` block shows under a command, and the `text` block right after
//!   a `sh` block of one command, is what the command prints (standard output, then standard
//!   error). `TS_UPDATE_README=1 cargo test -p tsq --test readme` writes the real output there.
//!   A `text` block never holds a `$ tsq` line, which this test would not run.
//! - **Files.** Every path the README names under a folder of the repository (`examples/…`,
//!   `tests/data/…`, `bindings/…`; `*` and `?` match within a name) exists.
//! - **Shape.** The first command is the main job (simulating the example upgrade on the example
//!   laptop); the contents list every `##` section and every `#anchor` link leads to a heading;
//!   the Rust quick start is a whole program (it compiles pasted into `src/main.rs`; the doc tests
//!   run it); the minimum Rust version the README states is the `rust-version` of both manifests
//!   and the newest one among the locked dependencies built here.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// A fenced block: its language and the README lines inside it (0-based, fences excluded).
struct Block {
    lang: String,
    first: usize,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (n, line) in text.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(lang)) => {
                open = Some(Block {
                    lang: lang.trim().to_string(),
                    first: n + 1,
                    lines: Vec::new(),
                })
            }
            (Some(_), Some("")) => out.push(open.take().unwrap()),
            (Some(block), _) => block.lines.push(line.to_string()),
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README: a fenced block is never closed");
    out
}

/// A word of a command line, or one of the operators this test understands.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Pipe,
    Out,
    In,
}

/// Splits a command line as a POSIX shell would, refusing what would expand or chain. Returns
/// the tokens and the comment after an unquoted `#`.
fn tokens(line: &str) -> Result<(Vec<Token>, String), String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let flush = |word: &mut String, in_word: &mut bool, out: &mut Vec<Token>| {
        if *in_word {
            out.push(Token::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => flush(&mut word, &mut in_word, &mut out),
            '#' if !in_word => return Ok((out, chars.collect::<String>().trim().to_string())),
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("unterminated '".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('\\' | '"' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("unterminated \"".into()),
                        },
                        Some(c @ ('$' | '`')) => return Err(format!("`{c}` inside \"…\"")),
                        Some(c) => word.push(c),
                        None => return Err("unterminated \"".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.push(chars.next().ok_or("a trailing \\")?);
            }
            '|' | '>' | '<' => {
                flush(&mut word, &mut in_word, &mut out);
                if chars
                    .peek()
                    .is_some_and(|n| matches!(n, '|' | '>' | '<' | '&'))
                {
                    return Err(format!("`{c}{}`", chars.peek().unwrap()));
                }
                out.push(match c {
                    '|' => Token::Pipe,
                    '>' => Token::Out,
                    _ => Token::In,
                });
            }
            '$' | '`' | ';' | '&' | '(' | ')' | '*' | '?' | '[' | '{' | '~' => {
                return Err(format!("unquoted `{c}`"));
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    flush(&mut word, &mut in_word, &mut out);
    Ok((out, String::new()))
}

/// One stage of a pipeline that runs `tsq` (or `cat`, which feeds it files).
#[derive(Debug)]
struct Stage {
    env: Vec<(String, String)>,
    args: Vec<String>,
    cat: bool,
}

/// A command line of the README.
#[derive(Debug)]
struct Shell {
    /// The README line (0-based) the command starts on.
    line: usize,
    text: String,
    /// The `tsq` pipeline, or `None` for another program.
    stages: Option<Vec<Stage>>,
    input: Option<String>,
    output: Option<String>,
    exit: i32,
    /// The README lines (0-based, end exclusive) that show what the command prints.
    shown: Option<(usize, usize)>,
}

/// The arguments `tsq` gets from `words`, when they run `tsq`.
fn tsq_args(words: &[String]) -> Option<Vec<String>> {
    match words {
        [program, rest @ ..] if program == "tsq" => Some(rest.to_vec()),
        [cargo, run, rest @ ..] if cargo == "cargo" && run == "run" => {
            let dash = rest.iter().position(|w| w == "--");
            let options = &rest[..dash.unwrap_or(rest.len())];
            let tsq = options
                .windows(2)
                .any(|w| matches!(w[0].as_str(), "-p" | "--package" | "--bin") && w[1] == "tsq");
            tsq.then(|| dash.map(|d| rest[d + 1..].to_vec()).unwrap_or_default())
        }
        _ => None,
    }
}

fn parse_command(line: usize, text: &str) -> Result<Shell, String> {
    let (tokens, comment) = match tokens(text) {
        Ok(t) => t,
        // Another program's command line may use the whole shell: it is not run.
        Err(_) if !runs_tsq(text) => {
            return Ok(Shell {
                line,
                text: text.to_string(),
                stages: None,
                input: None,
                output: None,
                exit: 0,
                shown: None,
            });
        }
        Err(e) => return Err(e),
    };
    let exit = match comment.strip_prefix("exit ") {
        Some(rest) => {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits
                .parse()
                .map_err(|_| format!("`# exit` without a number: `{comment}`"))?
        }
        None => 0,
    };
    let mut stages: Vec<Vec<String>> = vec![Vec::new()];
    let (mut input, mut output) = (None, None);
    let mut iter = tokens.into_iter();
    while let Some(token) = iter.next() {
        match token {
            Token::Word(w) => stages.last_mut().unwrap().push(w),
            Token::Pipe => stages.push(Vec::new()),
            Token::In | Token::Out => {
                let Some(Token::Word(file)) = iter.next() else {
                    return Err("a redirection without a file".into());
                };
                let slot = if token == Token::In {
                    &mut input
                } else {
                    &mut output
                };
                *slot = Some(file);
            }
        }
    }
    let mut tsq = Vec::new();
    let mut others = false;
    for words in stages {
        let split = words
            .iter()
            .take_while(|w| w.split_once('=').is_some_and(|(n, _)| is_name(n)))
            .count();
        let env = words[..split]
            .iter()
            .map(|w| {
                let (n, v) = w.split_once('=').unwrap();
                (n.to_string(), v.to_string())
            })
            .collect();
        match (
            tsq_args(&words[split..]),
            words.get(split).map(String::as_str),
        ) {
            (Some(args), _) => tsq.push(Stage {
                env,
                args,
                cat: false,
            }),
            (None, Some("cat")) => tsq.push(Stage {
                env,
                args: words[split + 1..].to_vec(),
                cat: true,
            }),
            (None, _) => others = true,
        }
    }
    if !tsq.iter().any(|s| !s.cat) {
        others = true;
    } else if others {
        return Err("a pipeline mixes tsq with other programs".into());
    }
    Ok(Shell {
        line,
        text: text.to_string(),
        stages: (!others).then_some(tsq),
        input,
        output,
        exit,
        shown: None,
    })
}

/// Whether a command line, read roughly, runs `tsq` anywhere.
fn runs_tsq(text: &str) -> bool {
    text.split('|').any(|stage| {
        let words: Vec<String> = stage
            .split_whitespace()
            .skip_while(|w| w.split_once('=').is_some_and(|(n, _)| is_name(n)))
            .map(str::to_string)
            .collect();
        tsq_args(&words).is_some()
    })
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every command of the README, in order, with the lines that show its output.
fn commands(text: &str) -> Vec<Shell> {
    let blocks = blocks(text);
    let mut out: Vec<Shell> = Vec::new();
    let mut errors = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        let console = block.lang == "console";
        if !(console || block.lang == "sh" || block.lang == "bash") {
            continue;
        }
        let mut i = 0;
        let before = out.len();
        while i < block.lines.len() {
            let raw = &block.lines[i];
            let start = block.first + i;
            let command = if console {
                raw.strip_prefix("$ ")
            } else {
                let t = raw.trim_start();
                (!t.is_empty() && !t.starts_with('#')).then_some(t)
            };
            i += 1;
            let Some(command) = command else { continue };
            let mut joined = command.to_string();
            while joined.ends_with('\\') && i < block.lines.len() {
                joined.pop();
                joined.push_str(block.lines[i].trim_start());
                i += 1;
            }
            match parse_command(start, &joined) {
                Ok(mut shell) => {
                    if console {
                        let from = block.first + i;
                        let mut end = i;
                        while end < block.lines.len() && !block.lines[end].starts_with("$ ") {
                            end += 1;
                        }
                        // A blank line before the next command separates, it is not output.
                        let mut last = end;
                        while last > i && block.lines[last - 1].is_empty() {
                            last -= 1;
                        }
                        if last > i {
                            shell.shown = Some((from, block.first + last));
                        }
                        i = end;
                    }
                    out.push(shell);
                }
                Err(e) => errors.push(format!("README line {}: `{joined}`: {e}", start + 1)),
            }
        }
        // A `sh` block of one command followed by a `text` block: that is its output.
        if !console
            && out.len() == before + 1
            && let Some(next) = blocks.get(b + 1)
            && next.lang == "text"
            && next.first == block.first + block.lines.len() + 3
        {
            out.last_mut().unwrap().shown = Some((next.first, next.first + next.lines.len()));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    out
}

/// What a `tsq` command prints (stdout, then stderr) and its exit status. Files it writes with
/// `>` go to `scratch`, and names in `written` point there.
fn run(shell: &Shell, scratch: &Path, written: &mut HashMap<String, PathBuf>) -> (String, i32) {
    let stages = shell.stages.as_ref().unwrap();
    let resolve = |name: &String, written: &HashMap<String, PathBuf>| -> String {
        written
            .get(name)
            .map_or_else(|| name.clone(), |p| p.to_string_lossy().into_owned())
    };
    let mut input: Vec<u8> = match &shell.input {
        Some(file) => std::fs::read(root().join(resolve(file, written)))
            .unwrap_or_else(|e| panic!("README line {}: < {file}: {e}", shell.line + 1)),
        None => Vec::new(),
    };
    let mut printed = String::new();
    let mut status = 0;
    for (n, stage) in stages.iter().enumerate() {
        if stage.cat {
            for file in &stage.args {
                let path = root().join(resolve(file, written));
                input.extend(
                    std::fs::read(&path).unwrap_or_else(|e| {
                        panic!("README line {}: cat {file}: {e}", shell.line + 1)
                    }),
                );
            }
            continue;
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_tsq"))
            .args(stage.args.iter().map(|a| resolve(a, written)))
            .envs(stage.env.iter().cloned())
            .current_dir(root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feed = std::mem::take(&mut input);
        let writer = std::thread::spawn(move || {
            // A command that does not read its input closes the pipe; that is not an error.
            let _ = stdin.write_all(&feed);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        status = out.status.code().unwrap_or(-1);
        let last = n + 1 == stages.len();
        if !last {
            assert_eq!(
                status,
                0,
                "README line {}: `{}` stage {} failed: {}",
                shell.line + 1,
                shell.text,
                n + 1,
                String::from_utf8_lossy(&out.stderr)
            );
            input = out.stdout;
            printed.push_str(&String::from_utf8_lossy(&out.stderr));
            continue;
        }
        match &shell.output {
            Some(file) => {
                let path = scratch.join(file);
                std::fs::write(&path, &out.stdout).unwrap();
                written.insert(file.clone(), path);
            }
            None => printed.push_str(&String::from_utf8_lossy(&out.stdout)),
        }
        printed.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    // `… | cat` at the end prints what it was given.
    printed.push_str(&String::from_utf8_lossy(&input));
    (printed, status)
}

#[test]
fn every_tsq_command_runs_with_its_documented_exit_status_and_prints_what_is_shown() {
    let text = readme();
    let lines: Vec<&str> = text.lines().collect();
    let commands = commands(&text);
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme-commands");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let mut written = HashMap::new();
    let mut failures = Vec::new();
    let mut updates: Vec<((usize, usize), String)> = Vec::new();
    let mut ran = 0;
    for shell in commands.iter().filter(|c| c.stages.is_some()) {
        ran += 1;
        let (printed, status) = run(shell, &scratch, &mut written);
        if status != shell.exit {
            failures.push(format!(
                "README line {}: `{}` exited with {status}, the README says {} (write `# exit {status}` at the end of the line if that is right):\n{}",
                shell.line + 1,
                shell.text,
                shell.exit,
                printed.lines().take(12).collect::<Vec<_>>().join("\n")
            ));
        }
        if let Some((from, to)) = shell.shown {
            let shown = lines[from..to].join("\n");
            if shown != printed.trim_end_matches('\n') {
                updates.push(((from, to), printed.trim_end_matches('\n').to_string()));
                failures.push(format!(
                    "README lines {}-{}: `{}` prints something else (TS_UPDATE_README=1 writes it):\n--- README\n{shown}\n--- printed\n{printed}",
                    from + 1,
                    to,
                    shell.text
                ));
            }
        }
    }
    assert!(ran >= 20, "only {ran} tsq commands found in the README");
    if std::env::var_os("TS_UPDATE_README").is_some_and(|v| v == "1") && !updates.is_empty() {
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        for ((from, to), printed) in updates.into_iter().rev() {
            out.splice(from..to, printed.lines().map(str::to_string));
        }
        std::fs::write(root().join("README.md"), out.join("\n") + "\n").unwrap();
        return;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_first_command_is_the_main_job() {
    let commands = commands(&readme());
    let first = commands.first().expect("the README has commands");
    let stages = first.stages.as_ref().expect("the first command runs tsq");
    assert_eq!(
        stages[0].args,
        [
            "simulate",
            "examples/upgrade.xml",
            "--machine",
            "examples/machines/win10-x64-en-us-laptop.json"
        ],
        "{}",
        first.text
    );
    assert!(first.shown.is_some(), "the first run shows its output");
}

#[test]
fn no_text_block_hides_a_command() {
    let hidden: Vec<String> = blocks(&readme())
        .iter()
        .filter(|b| b.lang != "console")
        .flat_map(|b| {
            b.lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.starts_with("$ tsq") || l.starts_with("$ cargo"))
                .map(move |(i, l)| format!("README line {}: {l}", b.first + i + 1))
        })
        .collect();
    assert!(
        hidden.is_empty(),
        "commands outside `console` blocks:\n{}",
        hidden.join("\n")
    );
}

/// Whether `name` matches `pattern` (`*` any run, `?` one character).
fn matches(pattern: &[char], name: &[char]) -> bool {
    match (pattern.first(), name.first()) {
        (None, None) => true,
        (Some('*'), _) => {
            matches(&pattern[1..], name) || (!name.is_empty() && matches(pattern, &name[1..]))
        }
        (Some('?'), Some(_)) => matches(&pattern[1..], &name[1..]),
        (Some(p), Some(n)) if p == n => matches(&pattern[1..], &name[1..]),
        _ => false,
    }
}

/// Whether a path relative to `dir`, with `*`/`?` in its names, names something that exists.
fn exists(dir: &Path, path: &str) -> bool {
    let Some((first, rest)) = path.split_once('/').or(Some((path, ""))) else {
        return false;
    };
    if first.is_empty() {
        return rest.is_empty() || exists(dir, rest);
    }
    if !first.contains(['*', '?']) {
        let next = dir.join(first);
        return if rest.is_empty() {
            next.exists()
        } else {
            next.is_dir() && exists(&next, rest)
        };
    }
    let pattern: Vec<char> = first.chars().collect();
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| {
            let name: Vec<char> = e.file_name().to_string_lossy().chars().collect();
            matches(&pattern, &name)
                && (rest.is_empty() || (e.path().is_dir() && exists(&e.path(), rest)))
        })
    })
}

#[test]
fn every_file_the_readme_names_exists() {
    let root = root();
    let folders: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "target" && n != ".git")
        .collect();
    let text = readme();
    let path_char = |c: char| c.is_ascii_alphanumeric() || "_.-/*?".contains(c);
    let mut named = Vec::new();
    let mut missing = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for (k, &(at, _)) in chars.iter().enumerate() {
            if k > 0 && path_char(chars[k - 1].1) {
                continue;
            }
            let rest = &line[at..];
            let Some(folder) = folders.iter().find(|f| {
                rest.strip_prefix(f.as_str())
                    .is_some_and(|r| r.starts_with('/'))
            }) else {
                continue;
            };
            let len = rest.find(|c| !path_char(c)).unwrap_or(rest.len());
            let path = rest[..len].trim_end_matches(['.', '-']);
            debug_assert!(path.starts_with(folder.as_str()));
            named.push(path.to_string());
            if !exists(&root, path) {
                missing.push(format!("README line {}: {path}", n + 1));
            }
        }
    }
    assert!(
        named.iter().any(|p| p == "examples/upgrade.xml"),
        "{named:?}"
    );
    assert!(
        missing.is_empty(),
        "the README names files that do not exist:\n{}",
        missing.join("\n")
    );
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The headings outside fenced blocks, as (level, text, anchor).
fn headings(text: &str) -> Vec<(usize, String, String)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let level = line.chars().take_while(|c| *c == '#').count();
        if fenced || level == 0 || !line[level..].starts_with(' ') {
            continue;
        }
        let title = line[level..].trim().to_string();
        let base = slug(&title);
        let n = seen.entry(base.clone()).or_insert(0);
        let anchor = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        out.push((level, title, anchor));
    }
    out
}

#[test]
fn the_contents_list_every_section_and_every_link_leads_somewhere() {
    let text = readme();
    let headings = headings(&text);
    let contents_at = text
        .find("\n## Contents\n")
        .expect("a `## Contents` section");
    let contents = &text[contents_at + 1..];
    let contents = &contents[..contents[3..]
        .find("\n## ")
        .map_or(contents.len(), |e| e + 3)];
    let missing: Vec<String> = headings
        .iter()
        .filter(|(level, title, _)| *level == 2 && title != "Contents")
        .filter(|(_, _, anchor)| !contents.contains(&format!("](#{anchor})")))
        .map(|(_, title, anchor)| format!("- [{title}](#{anchor})"))
        .collect();
    assert!(
        missing.is_empty(),
        "the contents do not list:\n{}",
        missing.join("\n")
    );
    let anchors: Vec<&str> = headings.iter().map(|(_, _, a)| a.as_str()).collect();
    let broken: Vec<String> = text
        .match_indices("](#")
        .map(|(at, _)| {
            let rest = &text[at + 3..];
            rest[..rest.find(')').unwrap_or(rest.len())].to_string()
        })
        .filter(|a| !anchors.contains(&a.as_str()))
        .collect();
    assert!(broken.is_empty(), "links to no heading: {broken:?}");
}

#[test]
fn the_rust_quick_start_is_a_whole_program() {
    let text = readme();
    let at = text
        .find("\n## Quick start: Rust\n")
        .expect("a Rust quick start");
    let block = blocks(&text[at..])
        .into_iter()
        .find(|b| b.lang == "rust")
        .expect("a rust block");
    assert!(
        block.lines.iter().any(|l| l.starts_with("fn main()")),
        "the quick start has a `fn main`"
    );
    // Lines rustdoc hides do not compile when the block is pasted into src/main.rs.
    let hidden: Vec<&String> = block
        .lines
        .iter()
        .filter(|l| l.trim_start() == "#" || l.trim_start().starts_with("# "))
        .collect();
    assert!(hidden.is_empty(), "hidden lines: {hidden:?}");
}

/// `1.85` and `1.85.0` as comparable numbers.
fn version(v: &str) -> Vec<u64> {
    let mut parts: Vec<u64> = v.split('.').map(|p| p.parse().unwrap()).collect();
    parts.resize(3, 0);
    parts
}

fn rust_version(manifest: &str) -> Option<String> {
    manifest.lines().find_map(|l| {
        let value = l
            .strip_prefix("rust-version")?
            .trim_start()
            .strip_prefix('=')?;
        Some(value.trim().trim_matches('"').to_string())
    })
}

#[test]
fn the_stated_rust_version_is_what_the_locked_dependencies_need() {
    let root = root();
    let text = readme();
    let at = text
        .find("Needs Rust ")
        .expect("the README states a Rust version");
    let stated = text[at + 11..].split_whitespace().next().unwrap();
    for manifest in ["Cargo.toml", "cli/Cargo.toml"] {
        let manifest_text = std::fs::read_to_string(root.join(manifest)).unwrap();
        assert_eq!(
            rust_version(&manifest_text).as_deref(),
            Some(stated),
            "{manifest}'s rust-version"
        );
    }
    // The sources cargo unpacked for this build: packages only other platforms use are not
    // there, and none of those needs a newer Rust than the ones that are.
    let cargo_home = std::env::var_os("CARGO_HOME").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap()).join(".cargo"),
        PathBuf::from,
    );
    let registries: Vec<PathBuf> = std::fs::read_dir(cargo_home.join("registry/src"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    let mut newest: Option<(Vec<u64>, String)> = None;
    let mut found = 0;
    for package in lock.split("[[package]]").skip(1) {
        let field = |name: &str| {
            package.lines().find_map(|l| {
                Some(
                    l.strip_prefix(name)?
                        .strip_prefix(" = ")?
                        .trim_matches('"')
                        .to_string(),
                )
            })
        };
        if field("source").is_none() {
            continue;
        }
        let id = format!("{}-{}", field("name").unwrap(), field("version").unwrap());
        let Some(manifest) = registries
            .iter()
            .find_map(|r| std::fs::read_to_string(r.join(&id).join("Cargo.toml")).ok())
        else {
            continue;
        };
        found += 1;
        if let Some(v) = rust_version(&manifest)
            && newest.as_ref().is_none_or(|(n, _)| version(&v) > *n)
        {
            newest = Some((version(&v), format!("{id} needs {v}")));
        }
    }
    assert!(
        found >= 50,
        "only {found} locked packages found under {registries:?}"
    );
    let (needed, why) = newest.unwrap();
    assert_eq!(version(stated), needed, "the README states {stated}; {why}");
}

#[test]
fn command_lines_are_read_as_a_shell_reads_them() {
    let shell = parse_command(
        0,
        r#"NO_COLOR=1 cargo run -q -p tsq -- eval 'A == "x"' "C:\Temp \"q\"" < in.xml | tsq show - > out.xml  # exit 1: no"#,
    )
    .unwrap();
    let stages = shell.stages.unwrap();
    assert_eq!(stages[0].env, [("NO_COLOR".to_string(), "1".to_string())]);
    assert_eq!(stages[0].args, ["eval", "A == \"x\"", r#"C:\Temp "q""#]);
    assert_eq!(stages[1].args, ["show", "-"]);
    assert_eq!(shell.input.as_deref(), Some("in.xml"));
    assert_eq!(shell.output.as_deref(), Some("out.xml"));
    assert_eq!(shell.exit, 1);
    let cat = parse_command(0, "cat examples/upgrade.xml | tsq show -").unwrap();
    assert!(cat.stages.unwrap()[0].cat);
    // What a shell would expand is refused in a tsq command, and left alone in another's.
    for refused in [
        "tsq show $FILE",
        "tsq show examples/*.xml",
        "tsq show a.xml && tsq show b.xml",
        "tsq show a.xml 2>&1",
        "tsq show a.xml | grep x",
    ] {
        assert!(parse_command(0, refused).is_err(), "{refused}");
    }
    for other in [
        "git difftool HEAD~1 -- '*.xml'",
        "cargo build --release",
        "gcc -o hello hello.c",
    ] {
        assert!(parse_command(0, other).unwrap().stages.is_none(), "{other}");
    }
    assert!(
        parse_command(0, "cargo run -p tsq -- show x.xml")
            .unwrap()
            .stages
            .is_some()
    );
}
