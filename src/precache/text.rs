//! The plan's text form.

use std::fmt;

use super::catalog::PackageType;
use super::deployment::When;
use super::entry::PlanEntry;
use super::plan::Plan;

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.machine;
        let arch = match (m.architecture, &m.architecture_text) {
            (Some(a), Some(t)) => format!("{} ({t})", a.as_str()),
            (Some(a), None) => a.as_str().to_string(),
            (None, Some(t)) => format!("unknown ({t})"),
            (None, None) => "unknown".to_string(),
        };
        writeln!(
            f,
            "client: architecture {arch}, language {}, model {}",
            m.language_text().unwrap_or_else(|| "unknown".into()),
            m.model
                .as_ref()
                .map_or_else(|| "unknown".to_string(), |n| format!("\"{n}\""))
        )?;
        match self.site_version {
            Some(v) if v.filters(PackageType::Driver) => writeln!(
                f,
                "site version: {v} (filters OS upgrade packages, OS images, driver packages and packages)"
            )?,
            Some(v) => writeln!(f, "site version: {v} (filters OS upgrade packages only)")?,
            None => writeln!(
                f,
                "site version: current (filters OS upgrade packages, OS images, driver packages and packages)"
            )?,
        }
        match (&self.start.when, &self.start.time) {
            (When::At, Some(t)) => writeln!(f, "start: at {t}: {}", self.start.reason)?,
            (when, _) => writeln!(f, "start: {}: {}", when.as_str(), self.start.reason)?,
        }
        writeln!(
            f,
            "download: {} ({} MB)",
            count(self.download.len()),
            self.total_mb
        )?;
        entries(f, &self.download)?;
        writeln!(f, "skip: {}", count(self.skip.len()))?;
        entries(f, &self.skip)?;
        if !self.warnings.is_empty() {
            writeln!(f, "warnings: {}", self.warnings.len())?;
            for w in &self.warnings {
                writeln!(f, "  - {}", w.message)?;
            }
        }
        Ok(())
    }
}

fn count(n: usize) -> String {
    match n {
        1 => "1 package".to_string(),
        n => format!("{n} packages"),
    }
}

fn entries(f: &mut fmt::Formatter<'_>, list: &[PlanEntry]) -> fmt::Result {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            vec![
                e.id.clone(),
                e.kind.map_or("?", PackageType::as_str).to_string(),
                e.size_mb
                    .map_or_else(|| "? MB".to_string(), |s| format!("{s} MB")),
                e.name
                    .clone()
                    .unwrap_or_else(|| "(not in the catalog)".into()),
            ]
        })
        .collect();
    for (line, e) in table(&rows).iter().zip(list) {
        writeln!(f, "  {line}")?;
        writeln!(f, "      {}", e.reason)?;
    }
    Ok(())
}

/// Rows with every column but the last padded to its widest cell, two spaces apart.
pub(super) fn table(rows: &[Vec<String>]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (c, cell) in row.iter().enumerate() {
                if c + 1 == row.len() {
                    line.push_str(cell);
                } else {
                    let width = widths.get(c).copied().unwrap_or(0);
                    line.push_str(&format!("{cell:<width$}  "));
                }
            }
            line
        })
        .collect()
}
