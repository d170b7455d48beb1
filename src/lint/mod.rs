//! A linter for task sequences: mistakes found before deployment, each with a stable rule id, a
//! severity, the step's path, its line and column in the file, a message and a fix.
//!
//! [`lint`] runs every rule of [`rules`] over a [`Document`] (the sequence read with its
//! [`crate::xml::SourceMap`]) and returns the [`Finding`]s in file order. [`LintOptions`] bring
//! what the file cannot say: the package catalog (to know what an Upgrade OS step installs), the
//! site version, and rules to silence or to raise to errors.
//!
//! Each rule is data ([`Rule`]: id, name, severity, what it finds, why it matters, how to fix it,
//! where the fact comes from), so the README table, `tsq check`'s SARIF rule metadata and this
//! documentation come from one place ([`rules_markdown`]).
//!
//! # Silencing a finding
//!
//! - [`LintOptions::allow`] drops a rule everywhere (by id, `TS012`, or name).
//! - In the sequence itself: `tsq:allow TS012` in a step's or group's description silences the
//!   rules named after it (ids or names, separated by spaces or commas, up to the end of the
//!   sentence: `.`, `;` or the end of the line) for that node and, for a group, for everything
//!   inside it. In the `<sequence>`'s own description, or in the package description of
//!   an `object.xml`, it silences them for the whole file.
//! - [`LintOptions::deny`] reports a rule's findings as errors.
//!
//! # Positions
//!
//! A finding about a group or step has the line and column of the `<` that opens its element; a
//! finding about the whole file has the position of the `<sequence>` element (line 1, column 1
//! when the document was built without a source map).
//!
//! ```
//! use tasksequence::lint::{self, Document, LintOptions, Severity};
//!
//! let xml = br#"<sequence version="3.10">
//!   <step type="SMS_TaskSequence_UpgradeOperatingSystemAction" name="Upgrade assessment">
//!     <defaultVarList>
//!       <variable name="OSDUpgradeScanOnly" property="ScanOnly">true</variable>
//!     </defaultVarList>
//!   </step>
//! </sequence>"#;
//! let doc = Document::read(xml)?;
//! let findings = lint::lint(&doc, &LintOptions::default());
//! let scan = findings.iter().find(|f| f.rule == "TS005").unwrap();
//! assert_eq!(scan.severity, Severity::Error);
//! assert_eq!((scan.line, scan.column), (2, 3));
//! assert_eq!(scan.path, "Upgrade assessment");
//! # Ok::<(), tasksequence::xml::ReadError>(())
//! ```

mod adapter;
mod context;
mod document;
mod finding;
mod options;
mod registry;
mod report;
mod rule;
mod rules;
mod sink;

pub use adapter::{Catalog, CatalogError, Package};
pub use document::Document;
pub use finding::{Finding, Severity};
pub use options::{LintOptions, UnknownRule};
pub use registry::{rule, rules, rules_markdown};
pub use report::{findings_json, render_text, summary};
pub use rule::Rule;

/// Runs every rule over `doc` and returns the findings, sorted by line, column and rule id.
///
/// Rules named in [`LintOptions::allow`] (or in a `tsq:allow` marker, see the module
/// documentation) give no finding; rules in [`LintOptions::deny`] give errors. Names that are no
/// rule's are ignored here ([`LintOptions::check_rules`] reports them).
pub fn lint(doc: &Document, options: &LintOptions) -> Vec<Finding> {
    let ctx = context::Context::new(doc, options);
    let mut findings = Vec::new();
    for rule in rules() {
        if options.allows(rule.id, rule.name) {
            continue;
        }
        let severity = if options.denies(rule.id, rule.name) {
            Severity::Error
        } else {
            rule.severity
        };
        let mut sink = sink::Sink::new(rule.id, rule.name, severity, &ctx);
        (rule.check)(&ctx, &mut sink);
        findings.extend(sink.into_findings());
    }
    findings.sort_by(|a, b| {
        (a.line, a.column, &a.rule, &a.path).cmp(&(b.line, b.column, &b.rule, &b.path))
    });
    findings
}
