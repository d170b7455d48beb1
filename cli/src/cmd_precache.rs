//! `tsq precache FILE --packages P.json (--machine M.json | --machines DIR|GLOB)
//! [--site-version N] [--deployment D.json] [--format text|json]`: which packages a client
//! pre-caches for an available deployment, why, and when; with `--machines`, totals per package
//! over every profile.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{ArgGroup, Args, ValueEnum};
use tasksequence::precache::{Catalog, Deployment, Fleet, PlanOptions, Planner, SiteVersion};

use crate::fail::Failure;
use crate::input::{label, load_machine, load_sequence, read_text};

/// Output formats of `tsq precache`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// The plan (or the fleet's totals) for people.
    Text,
    /// The plan's JSON (or the fleet's).
    Json,
}

/// Arguments of `tsq precache`.
#[derive(Args)]
#[command(group(ArgGroup::new("target").required(true).args(["machine", "machines"])))]
pub struct PrecacheArgs {
    /// A task sequence: MDT ts.xml, raw ConfigMgr sequence, object.xml or export .zip; `-` reads standard input.
    file: String,
    /// The package catalog (JSON array of {id, name, type, architecture, language, model, size_mb}).
    #[arg(long, value_name = "P.json")]
    packages: String,
    /// One machine profile.
    #[arg(long, value_name = "M.json")]
    machine: Option<String>,
    /// Every `*.json` profile of a directory, or the profiles a pattern (`machines/win10-*.json`)
    /// names: the fleet's totals.
    #[arg(long, value_name = "DIR|GLOB")]
    machines: Option<String>,
    /// The site's ConfigMgr version, YYMM (1902 and earlier filter only OS upgrade packages).
    #[arg(long, value_name = "N")]
    site_version: Option<String>,
    /// The deployment ({purpose, pre_download, available_time, now}); without `now`, the
    /// current time is used.
    #[arg(long, value_name = "D.json")]
    deployment: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Runs `tsq precache`.
pub fn run(args: &PrecacheArgs) -> Result<ExitCode, Failure> {
    let doc = load_sequence(&args.file)?;
    let catalog = Catalog::from_json(&read_text(&args.packages)?)
        .map_err(|e| Failure(format!("{}: {e}", label(&args.packages))))?;
    let site_version = args
        .site_version
        .as_deref()
        .map(SiteVersion::parse)
        .transpose()
        .map_err(|e| Failure(format!("--site-version: {}", message_of(&e))))?;
    let deployment = match &args.deployment {
        None => None,
        Some(path) => {
            let mut d = Deployment::from_json(&read_text(path)?)
                .map_err(|e| Failure(format!("{}: {e}", label(path))))?;
            if d.now.is_none() && d.available_time.is_some() {
                d.now = Some(now_like(d.available_time.as_deref().unwrap_or_default()));
            }
            Some(d)
        }
    };
    let options = PlanOptions {
        site_version,
        deployment,
    };
    let planner = Planner::for_document(&doc, &catalog, options);
    if let Some(path) = &args.machine {
        let machine = load_machine(path)?;
        let plan = planner.plan_for(&machine);
        match args.format {
            Format::Text => print!("{plan}"),
            Format::Json => crate::output::print_json(&plan.to_json()),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let pattern = args.machines.as_deref().unwrap_or_default();
    let files = machine_files(pattern)?;
    let mut fleet = Fleet::new();
    for file in &files {
        let label = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let machine = load_machine(&file.to_string_lossy())?;
        fleet.add(&label, &planner.plan_for(&machine));
    }
    match args.format {
        Format::Text => print!("{fleet}"),
        Format::Json => crate::output::print_json(&fleet.to_json()),
    }
    Ok(ExitCode::SUCCESS)
}

/// The error without a field prefix, for errors about an option rather than a file.
fn message_of(e: &tasksequence::precache::InputError) -> String {
    match e {
        tasksequence::precache::InputError::Field { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

/// The profiles a `--machines` value names, sorted: a directory's `*.json`, or the files whose
/// name matches a pattern with `*` and `?` in its last component.
fn machine_files(pattern: &str) -> Result<Vec<PathBuf>, Failure> {
    let path = Path::new(pattern);
    let (dir, name_pattern) = if path.is_dir() {
        (path.to_path_buf(), "*.json".to_string())
    } else {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        (dir, name)
    };
    let entries = std::fs::read_dir(&dir)
        .map_err(|e| Failure(format!("--machines `{pattern}`: {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| wildcard(&name_pattern, &n.to_string_lossy()))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Failure(format!(
            "--machines `{pattern}`: no machine profile matches"
        )));
    }
    Ok(files)
}

/// `*` any run, `?` one character, everything else itself.
fn wildcard(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    let (mut pi, mut ni) = (0, 0);
    let mut back: Option<(usize, usize)> = None;
    while ni < n.len() {
        match p.get(pi) {
            Some('*') => {
                back = Some((pi, ni));
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == n.get(ni) => {
                pi += 1;
                ni += 1;
            }
            _ => match back {
                Some((bp, bn)) => {
                    pi = bp + 1;
                    ni = bn + 1;
                    back = Some((bp, bn + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

/// The current time in the form of `example`: UTC with `Z` when the example has an offset,
/// else without one (the deployment's times are then local; the clock's UTC is the best this
/// tool knows without a time-zone database).
fn now_like(example: &str) -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rest = seconds % 86_400;
    let (y, m, d) = civil_from_days(days);
    let text = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    let has_offset = example
        .get(19..)
        .is_some_and(|r| r.contains(['Z', 'z', '+', '-']));
    if has_offset { format!("{text}Z") } else { text }
}

/// The civil date of a day count from 1970-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard("*.json", "a.json"));
        assert!(wildcard("win10-*.json", "win10-x86-fr-fr.json"));
        assert!(!wildcard("win10-*.json", "win11-x64.json"));
        assert!(wildcard("w?n*", "win11"));
        assert!(!wildcard("*.json", "a.json.bak"));
        assert!(wildcard("*", ""));
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_875), (2024, 6, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert!(now_like("2024-06-01T18:00:00Z").ends_with('Z'));
        assert_eq!(now_like("2024-06-01T18:00:00").len(), 19);
    }
}
