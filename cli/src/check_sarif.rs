//! `tsq check --format sarif`: findings as a SARIF 2.1.0 log, with every rule's metadata from the
//! library's rule data, so that code-scanning pipelines show the why and the fix beside each
//! result.

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, LogicalLocation, Message, MultiformatMessageString,
    PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};
use tasksequence::lint::{self, Finding, Rule, Severity};

use crate::fail::Failure;

/// The published schema's location, as SARIF logs name it.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Info => ResultLevel::Note,
    }
}

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn text(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn descriptor(rule: &Rule) -> ReportingDescriptor {
    let mut extra = std::collections::BTreeMap::new();
    extra.insert("source".to_string(), json!(rule.source));
    ReportingDescriptor::builder()
        .id(rule.id)
        .name(rule.name)
        .short_description(text(rule.what))
        .full_description(text(&format!("{} {}", rule.what, rule.why)))
        .help(
            MultiformatMessageString::builder()
                .text(rule.fix)
                .markdown(format!("**Why:** {}\n\n**Fix:** {}", rule.why, rule.fix))
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level_name(rule.severity)))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec!["task-sequence".to_string()])
                .additional_properties(extra)
                .build(),
        )
        .build()
}

/// A file path as a relative URI reference: `/` separators, spaces and `%` escaped.
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .replace('%', "%25")
        .replace(' ', "%20")
}

fn result(finding: &Finding, rule_index: Option<usize>, file: &str) -> SarifResult {
    let region = Region::builder()
        .start_line(i64::try_from(finding.line).unwrap_or(i64::MAX))
        .start_column(i64::try_from(finding.column).unwrap_or(i64::MAX))
        .build();
    let physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(file)).build())
        .region(region)
        .build();
    let mut location = Location::builder().physical_location(physical).build();
    if !finding.path.is_empty() {
        location.logical_locations = Some(vec![
            LogicalLocation::builder()
                .fully_qualified_name(finding.path.as_str())
                .kind("step")
                .build(),
        ]);
    }
    let message = if finding.help.is_empty() {
        finding.message.clone()
    } else {
        format!("{} (help: {})", finding.message, finding.help)
    };
    let mut out = SarifResult::builder()
        .rule_id(finding.rule.as_str())
        .level(level(finding.severity))
        .message(Message::builder().text(message).build())
        .locations(vec![location])
        .build();
    out.rule_index = rule_index.and_then(|i| i64::try_from(i).ok());
    out
}

/// The SARIF log of `findings` in `file`, as pretty JSON.
pub fn log(findings: &[Finding], file: &str) -> Result<String, Failure> {
    let rules: Vec<&Rule> = lint::rules().collect();
    let driver = ToolComponent::builder()
        .name("tsq")
        .full_name("tsq check (tasksequence linter)")
        .version(tasksequence::VERSION)
        .semantic_version(tasksequence::VERSION)
        .rules(rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>())
        .build();
    let results: Vec<SarifResult> = findings
        .iter()
        .map(|f| {
            let index = rules.iter().position(|r| r.id == f.rule);
            result(f, index, file)
        })
        .collect();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .results(results)
        .column_kind(json!("unicodeCodePoints"))
        .build();
    let sarif = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&sarif).map_err(|e| Failure(format!("cannot write sarif: {e}")))
}
