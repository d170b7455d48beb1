//! The renders of a simulation trace: `tsq simulate --format html|markdown`.
//!
//! Both read only the [`Trace`] (already redacted when it was made) and the document (for the
//! title), so a trace that came back as JSON renders the same as one fresh from the engine.

use std::fmt::Write as _;

use super::html::esc;
use super::markdown::{cell, code};
use super::settings::title;
use crate::codes::{ReturnCode, describe};
use crate::condition::{Explanation, Outcome};
use crate::engine::{Reason, Status, StepTrace, Trace, VarMap, code_text};
use crate::model::NodeKind;
use crate::xml::Document;

/// What happened to a node, as the renders name it: the css class, the words, the mark.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Ran,
    Failed,
    Skipped,
    NotReached,
}

impl Fate {
    fn of(step: &StepTrace) -> Fate {
        match step.status {
            Status::Ran if step.succeeded == Some(false) => Fate::Failed,
            Status::Ran => Fate::Ran,
            Status::Skipped => Fate::Skipped,
            Status::NotReached => Fate::NotReached,
        }
    }
    fn class(self) -> &'static str {
        match self {
            Fate::Ran => "ran",
            Fate::Failed => "failed",
            Fate::Skipped => "skipped",
            Fate::NotReached => "not-reached",
        }
    }
    fn words(self) -> &'static str {
        match self {
            Fate::Ran => "ran",
            Fate::Failed => "failed",
            Fate::Skipped => "skipped",
            Fate::NotReached => "not reached",
        }
    }
    fn mark(self) -> &'static str {
        match self {
            Fate::Ran => "✓",
            Fate::Failed => "✗",
            Fate::Skipped => "–",
            Fate::NotReached => "·",
        }
    }
}

/// Why a node did not simply run, in a few words; `None` for one that ran and succeeded. A group
/// fails without a reason of its own when a step inside it failed.
fn why(step: &StepTrace) -> Option<&'static str> {
    let words = match step.reason {
        Some(Reason::Disabled) => "disabled",
        Some(Reason::Condition) => "its condition is false",
        Some(Reason::ParentSkipped) => "its group was skipped",
        Some(Reason::ConditionError) => "its condition could not be evaluated",
        Some(Reason::RunIn) => "it cannot run in this environment",
        Some(Reason::ExitCode) => "the exit code is not one of its success codes",
        Some(Reason::Rollback) => "Windows Setup rolled back",
        Some(Reason::StepError) => "the step could not do its work",
        Some(Reason::ChildNotSupplied) => "its child sequence was not supplied",
        Some(Reason::ParentFailed) => "its group failed",
        Some(Reason::GroupStopped) => "an earlier failure stopped its group",
        Some(Reason::SequenceFailed) => "an earlier failure ended the sequence",
        Some(Reason::Aborted) => "the run stopped early",
        None if Fate::of(step) == Fate::Failed => "a step inside it failed",
        None => return None,
    };
    Some(words)
}

/// The engine's notes on a node (it joins them with `; `), without one that only repeats the
/// reason.
fn notes(step: &StepTrace) -> Vec<&str> {
    step.detail
        .as_deref()
        .map(|d| {
            d.split("; ")
                .filter(|n| !n.is_empty() && *n != "disabled")
                .collect()
        })
        .unwrap_or_default()
}

/// A code as the trace's text form writes it (`0xC1900210 (MOSETUP_E_COMPAT_SCANONLY)`), and its
/// meaning from the code table when it has a name there or is an HRESULT: small codes are left
/// unexplained because programs give them their own meanings.
fn code_words(code: ReturnCode) -> (String, Option<String>) {
    let meaning = (code.0 >= 1000).then(|| describe(code).meaning).flatten();
    (code_text(code), meaning)
}

/// The type shown for a node: the step type without the `SMS_TaskSequence_` prefix every
/// ConfigMgr type shares, `command line` for MDT's untyped steps.
fn type_label(step: &StepTrace) -> &str {
    match (step.kind, step.type_name.as_deref()) {
        (NodeKind::Group, _) => "group",
        (_, Some(t)) => t.strip_prefix("SMS_TaskSequence_").unwrap_or(t),
        (NodeKind::SubTaskSequence, None) => "run task sequence",
        (_, None) => "command line",
    }
}

/// The nesting of a trace's flat list: each node's parent and where its subtree ends. Built from
/// the depths with a stack, so any list (a trace read back from JSON with odd depths included)
/// gives a tree, a node deeper than its predecessor's child level becoming that node's child.
struct Shape {
    parent: Vec<Option<usize>>,
    /// One past the last node of each node's subtree.
    end: Vec<usize>,
    /// Steps (not groups) among the first `i` nodes, for counting a subtree's steps.
    steps_before: Vec<usize>,
}

impl Shape {
    fn of(steps: &[StepTrace]) -> Shape {
        let n = steps.len();
        let mut parent = vec![None; n];
        let mut end = vec![n; n];
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut steps_before = Vec::with_capacity(n + 1);
        steps_before.push(0);
        for (i, step) in steps.iter().enumerate() {
            while let Some(&(top, depth)) = open.last() {
                if depth < step.depth {
                    break;
                }
                if let Some(e) = end.get_mut(top) {
                    *e = i;
                }
                open.pop();
            }
            if let Some(p) = parent.get_mut(i) {
                *p = open.last().map(|&(top, _)| top);
            }
            open.push((i, step.depth));
            let before = steps_before.last().copied().unwrap_or(0);
            steps_before.push(before + usize::from(step.kind != NodeKind::Group));
        }
        Shape {
            parent,
            end,
            steps_before,
        }
    }

    fn parent(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().flatten()
    }

    fn has_children(&self, i: usize) -> bool {
        self.end.get(i).is_some_and(|&e| e > i + 1)
    }

    /// Steps inside node `i`.
    fn steps_inside(&self, i: usize) -> usize {
        let end = self.end.get(i).copied().unwrap_or(i);
        let at = |k: usize| self.steps_before.get(k).copied().unwrap_or(0);
        at(end).saturating_sub(at(i + 1))
    }

    /// Nesting level of node `i` in this tree (not the trace's `depth`, which may jump).
    fn level(&self, i: usize) -> usize {
        let mut level = 0;
        let mut at = self.parent(i);
        while let Some(p) = at {
            level += 1;
            at = self.parent(p);
        }
        level
    }
}

fn is_container(step: &StepTrace, shape: &Shape, i: usize) -> bool {
    step.kind == NodeKind::Group || shape.has_children(i)
}

/// How many steps (groups left out) ran, failed, were skipped, were not reached.
fn counts(trace: &Trace) -> [(Fate, usize); 4] {
    let mut out = [
        (Fate::Ran, 0),
        (Fate::Failed, 0),
        (Fate::Skipped, 0),
        (Fate::NotReached, 0),
    ];
    for step in trace.steps.iter().filter(|s| s.kind != NodeKind::Group) {
        let fate = Fate::of(step);
        for (f, n) in &mut out {
            if *f == fate {
                *n += 1;
            }
        }
    }
    out
}

const STYLE: &str = r#"
:root{--ran:#1a7f37;--failed:#cf222e;--skipped:#9a6700;--not-reached:#6e7781}
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em;margin:0 0 .2em}
.meta{color:#555;margin-bottom:.8em}
#result{border:1px solid;border-left-width:6px;border-radius:4px;padding:.6em .9em;margin-bottom:1em}
#result.success{border-color:var(--ran);background:#f0fff4}
#result.failure{border-color:var(--failed);background:#fff5f5}
#result .big{font-size:1.25em;font-weight:700}
#result.success .big{color:var(--ran)}
#result.failure .big{color:var(--failed)}
.counts span{margin-right:1em}
#search{width:100%;max-width:32em;padding:.4em;font-size:1em;margin-bottom:.6em}
.legend{color:#555;font-size:.9em;margin-bottom:.8em}
.legend span{margin-right:1em}
.node{margin:.3em 0;border-left:4px solid var(--c);padding-left:.6em}
.node.ran{--c:var(--ran)}.node.failed{--c:var(--failed)}.node.skipped{--c:var(--skipped)}.node.not-reached{--c:var(--not-reached)}
details.node>summary{cursor:pointer;padding:.15em 0}
details.group>summary .name{font-weight:700}
.step:not(details){border-top:1px solid #e3e6ea;border-right:1px solid #e3e6ea;border-bottom:1px solid #e3e6ea;border-radius:0 4px 4px 0;padding:.3em .6em}
.step .name{font-weight:600}
.mark{display:inline-block;width:1.2em;font-weight:700;color:var(--c)}
.outcome{display:inline-block;font-size:.8em;padding:0 .45em;border-radius:3px;margin-left:.5em;color:#fff;background:var(--c);print-color-adjust:exact;-webkit-print-color-adjust:exact}
.type{color:#555;font-family:ui-monospace,monospace;font-size:.85em;margin-left:.5em}
.exit{font-family:ui-monospace,monospace;font-size:.9em;margin-left:.5em}
.failed>.head .exit,.failed>summary .exit{color:var(--failed)}
.flag{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;margin-left:.4em;background:#eee}
.count{color:#555;font-size:.85em;margin-left:.5em}
.skipped>.head .name,.not-reached>.head .name,.skipped>summary .name,.not-reached>summary .name{color:#555}
.why{display:block;margin:.15em 0 0 1.2em}
summary .why{font-weight:400}
.why b{color:var(--c)}
.notes,.body{margin:.1em 0 .1em 1.2em}
ul.notes{padding-left:1em;color:#333}
.meaning{color:#444}
code,.cmd{font-family:ui-monospace,monospace;font-size:.9em}
.cond code,.cmd{background:#f3f6fa;padding:.05em .3em;border-radius:3px}
.cond,.cmd,.installs{margin:.15em 0 0 1.2em}
.v{font-size:.8em;padding:0 .35em;border-radius:3px;border:1px solid #ccc}
.v-true{color:var(--ran)}.v-false{color:var(--failed)}.v-error{color:var(--failed);font-weight:700}.v-not-evaluated{color:#777}
details.explain{margin:.1em 0 0 1.2em;font-size:.9em}
details.explain>summary{cursor:pointer;color:#555}
ul.explain,ul.explain ul{padding-left:1.2em;margin:.1em 0}
table{border-collapse:collapse;margin:.2em 0 0 1.2em;font-size:.9em}
td,th{border:1px solid #d5d9e0;padding:.1em .4em;text-align:left;vertical-align:top;font-family:ui-monospace,monospace}
td{white-space:pre-wrap;word-break:break-all}
#variables{margin-top:1.5em}
#variables table{margin-left:0}
.hidden{display:none}
@media print{#search,.noprint{display:none}body{margin:0}.node{break-inside:avoid}#result{break-inside:avoid}}
"#;

const SCRIPT: &str = r#"
(function(){
  var box=document.getElementById('search');
  box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    document.querySelectorAll('.step').forEach(function(s){
      s.classList.toggle('hidden',q!==''&&s.textContent.toLowerCase().indexOf(q)<0);
    });
    document.querySelectorAll('details.node').forEach(function(d){
      d.open=q===''?d.hasAttribute('data-open'):d.textContent.toLowerCase().indexOf(q)>=0;
    });
  });
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details.node').forEach(function(d){d.open=true;});
  });
})();
"#;

/// The trace of a simulation as one self-contained html page (inline CSS and script, nothing
/// fetched), laid out like [`html`](super::html) lays out the sequence: the result and exit code
/// at the top (with the code's meaning and a link to the node that ended the run), a search
/// box, then every group as a collapsible section and every step marked **ran**, **failed**,
/// **skipped** or **not reached** — the css classes `ran`, `failed`, `skipped`, `not-reached`
/// and `data-outcome`, with `data-path` holding the node's path. Below each node: why (the
/// condition's deciding facts, the exit code and its meaning, disabled, the failure that
/// stopped it), the engine's notes, the condition with its value and how it was decided, the
/// command line, the variables it set and what it installs; at the end the final variables.
/// Groups that did not run start folded; printing unfolds every group.
///
/// Values are as the trace holds them: redacted (`********`) when the trace was made unless the
/// run revealed secrets. `machine` names the machine in the heading.
///
/// ```
/// use tasksequence::engine::{Scenario, simulate};
/// use tasksequence::machine::MachineProfile;
/// let doc = tasksequence::xml::read(br#"<sequence>
///   <step name="Fail" type="SMS_TaskSequence_RunCommandLineAction" successCodeList="0">
///     <action>cmd /c exit 0x80070005</action></step>
///   <step name="Later" type="SMS_TaskSequence_RunCommandLineAction"/>
/// </sequence>"#)?;
/// let trace = simulate(&doc.sequence, &MachineProfile::default(), &Scenario::new());
/// let page = tasksequence::render::trace_html(&doc, &trace, Some("lab VM"));
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains(r#"<section id="result" class="result failure">"#));
/// assert!(page.contains(r#"data-path="Fail" data-outcome="failed""#));
/// assert!(page.contains(r#"data-path="Later" data-outcome="not_reached""#));
/// assert!(page.contains("0x80070005 (E_ACCESSDENIED)") && page.contains("— access denied"));
/// assert!(!page.contains("http://") && !page.contains("https://"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn trace_html(doc: &Document, trace: &Trace, machine: Option<&str>) -> String {
    let name = title(doc);
    let mut out = String::with_capacity(4096 + trace.steps.len() * 400);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\"><title>{} — simulation</title><style>{STYLE}</style></head>\n<body>\n<h1>{}</h1>\n",
        esc(&name),
        esc(&name)
    );
    out.push_str("<div class=\"meta\">simulation");
    if let Some(m) = machine.filter(|m| !m.trim().is_empty()) {
        let _ = write!(out, " on <b>{}</b>", esc(m));
    }
    out.push_str("</div>\n");
    html_result(&mut out, trace);
    out.push_str(
        "<input id=\"search\" class=\"noprint\" type=\"search\" placeholder=\"Search steps, outcomes, reasons, variables\" aria-label=\"Search\">\n\
         <div class=\"legend noprint\"><span>✓ ran</span><span>✗ failed</span><span>– skipped</span><span>· not reached</span></div>\n<main>\n",
    );
    let shape = Shape::of(&trace.steps);
    // Containers whose element is open, innermost last.
    let mut open: Vec<usize> = Vec::new();
    for (i, step) in trace.steps.iter().enumerate() {
        let parent = shape.parent(i);
        while let Some(&top) = open.last() {
            if Some(top) == parent {
                break;
            }
            out.push_str("</div></details>\n");
            open.pop();
        }
        // Inside a group that did not run, every node repeats the group's reason and notes;
        // they are said once, on the group.
        let echo = parent.and_then(|p| trace.steps.get(p)).is_some_and(|p| {
            p.reason.is_some() && p.reason == step.reason && p.detail == step.detail
        });
        if is_container(step, &shape, i) {
            html_container(&mut out, step, i, shape.steps_inside(i), echo);
            open.push(i);
        } else {
            html_step(&mut out, step, i, echo);
        }
    }
    for _ in open {
        out.push_str("</div></details>\n");
    }
    out.push_str("</main>\n");
    html_variables(&mut out, trace);
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body></html>\n");
    out
}

fn html_result(out: &mut String, trace: &Trace) {
    let failed = !trace.succeeded();
    let (class, words) = if failed {
        ("failure", "✗ failure")
    } else {
        ("success", "✓ success")
    };
    let _ = write!(
        out,
        "<section id=\"result\" class=\"result {class}\"><div class=\"big\">{words}</div>"
    );
    let (code, meaning) = code_words(trace.exit_code);
    let _ = write!(out, "<div>exit code <code>{}</code>", esc(&code));
    if trace.exit_code.0 > 0xFFFF {
        let _ = write!(out, " = {}", trace.exit_code.0);
    }
    if let Some(m) = meaning {
        let _ = write!(out, " <span class=\"meaning\">— {}</span>", esc(&m));
    }
    out.push_str("</div>");
    if let Some(at) = &trace.failed_at {
        let target = trace
            .steps
            .iter()
            .position(|s| s.path == *at && Fate::of(s) == Fate::Failed)
            .or_else(|| trace.steps.iter().position(|s| s.path == *at));
        match target {
            Some(i) => {
                let _ = write!(out, "<div>at <a href=\"#n{i}\">{}</a></div>", esc(at));
            }
            None => {
                let _ = write!(out, "<div>at <code>{}</code></div>", esc(at));
            }
        }
    }
    if let Some(error) = &trace.error {
        let _ = write!(out, "<div class=\"error\">error: {}</div>", esc(error));
    }
    out.push_str("<div class=\"counts\">steps: ");
    for (fate, n) in counts(trace) {
        let _ = write!(out, "<span>{} {n} {}</span>", fate.mark(), fate.words());
    }
    out.push_str("</div></section>\n");
}

/// The attributes every node carries.
fn attributes(step: &StepTrace, index: usize, kind: &str) -> String {
    let fate = Fate::of(step);
    let status = match fate {
        Fate::Ran => "ran",
        Fate::Failed => "failed",
        Fate::Skipped => "skipped",
        Fate::NotReached => "not_reached",
    };
    format!(
        "class=\"node {kind} {}\" id=\"n{index}\" data-path=\"{}\" data-outcome=\"{status}\"",
        fate.class(),
        esc(&step.path)
    )
}

/// The line naming the node: mark, name, type, outcome, exit code, flags.
fn html_head(out: &mut String, step: &StepTrace, inside: Option<usize>) {
    let fate = Fate::of(step);
    let _ = write!(
        out,
        "<span class=\"mark\">{}</span><span class=\"name\">{}</span>",
        fate.mark(),
        esc(&step.name)
    );
    if step.kind != NodeKind::Group {
        let full = step.type_name.as_deref().unwrap_or_default();
        let _ = write!(
            out,
            "<span class=\"type\" title=\"{}\">{}</span>",
            esc(full),
            esc(type_label(step))
        );
    }
    let _ = write!(out, "<span class=\"outcome\">{}</span>", fate.words());
    if let (Some(code), true) = (step.exit_code, step.kind != NodeKind::Group) {
        let _ = write!(
            out,
            "<span class=\"exit\">→ {}</span>",
            esc(&code_text(code))
        );
    }
    if step.continue_on_error {
        out.push_str("<span class=\"flag\">continue on error</span>");
    }
    match inside {
        Some(0) => out.push_str("<span class=\"count\">no steps</span>"),
        Some(1) => out.push_str("<span class=\"count\">1 step</span>"),
        Some(n) => {
            let _ = write!(out, "<span class=\"count\">{n} steps</span>");
        }
        None => {}
    }
}

/// Why the node did not simply run, in a `tag` element of class `why`: the reason, and for a
/// failure the code's number (unsigned too, as variables hold it) and meaning.
fn html_why(out: &mut String, step: &StepTrace, tag: &str, with_notes: bool) -> bool {
    let Some(words) = why(step) else {
        return false;
    };
    let _ = write!(out, "<{tag} class=\"why\"><b>{words}</b>");
    if let (Some(code), Fate::Failed) = (step.exit_code, Fate::of(step)) {
        let (_, meaning) = code_words(code);
        if code.0 > 0xFFFF {
            let _ = write!(out, ": <code>{}</code> = {}", code.hex(), code.0);
        } else {
            let _ = write!(out, ": <code>{}</code>", code.0);
        }
        if let Some(m) = meaning {
            let _ = write!(out, " <span class=\"meaning\">— {}</span>", esc(&m));
        }
    }
    if with_notes {
        for (i, note) in notes(step).into_iter().enumerate() {
            out.push_str(if i == 0 { ": " } else { "; " });
            out.push_str(&esc(note));
        }
    }
    let _ = write!(out, "</{tag}>");
    true
}

/// What is said below a node's line: the engine's notes, the condition, the command line, what
/// it installs, the variables it set.
fn html_body(out: &mut String, step: &StepTrace, with_notes: bool) {
    let notes = notes(step);
    if with_notes && !notes.is_empty() {
        out.push_str("<ul class=\"notes\">");
        for n in notes {
            let _ = write!(out, "<li>{}</li>", esc(n));
        }
        out.push_str("</ul>");
    }
    if let Some(c) = &step.condition {
        let (class, value) = match c.value {
            Some(true) => ("v-true", "true"),
            Some(false) => ("v-false", "false"),
            None => ("v-error", "error"),
        };
        let _ = write!(
            out,
            "<div class=\"cond\">if <code>{}</code> <span class=\"v {class}\">{value}</span></div>",
            esc(&c.text)
        );
        out.push_str("<details class=\"explain\"><summary>how the condition was decided</summary>");
        html_explain(out, &c.explain);
        out.push_str("</details>");
    }
    if let Some(command) = &step.command_line
        && step.status == Status::Ran
        && step.kind == NodeKind::Step
    {
        let _ = write!(out, "<div class=\"cmd\">$ {}</div>", esc(command));
    }
    if !step.installs.is_empty() {
        let _ = write!(
            out,
            "<div class=\"installs\">installs {}</div>",
            esc(&step.installs.join(", "))
        );
    }
    if !step.variables_set.is_empty() {
        variable_table(out, " class=\"vars\"", "variable set", &step.variables_set);
    }
}

fn html_step(out: &mut String, step: &StepTrace, index: usize, echo: bool) {
    let _ = write!(
        out,
        "<div {}><div class=\"head\">",
        attributes(step, index, "step")
    );
    html_head(out, step, None);
    out.push_str("</div>");
    html_why(out, step, "div", false);
    html_body(out, step, !echo);
    out.push_str("</div>\n");
}

/// A group, or a Run Task Sequence step with its child's nodes: a section folded unless it ran.
/// The caller closes it (`</div></details>`) after the nodes inside.
fn html_container(out: &mut String, step: &StepTrace, index: usize, inside: usize, echo: bool) {
    let kind = if step.kind == NodeKind::Group {
        "group"
    } else {
        "step"
    };
    // `data-open` keeps the first folding, which an emptied search box goes back to.
    let open = if step.status == Status::Ran {
        " open data-open"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<details{open} {}><summary>",
        attributes(step, index, kind)
    );
    html_head(out, step, Some(inside));
    // The reason, with the notes that explain it, stays in sight when the section is folded.
    let noted = html_why(out, step, "span", !echo);
    out.push_str("</summary>");
    html_body(out, step, !noted && !echo);
    out.push_str("<div class=\"body\">\n");
}

/// An explanation tree as nested lists, over an explicit stack (explanations from JSON may be
/// deep). The root, which only repeats the condition, is left out when it has operands.
fn html_explain(out: &mut String, root: &Explanation) {
    enum Item<'a> {
        Open(&'a Explanation),
        Close,
    }
    let mut stack: Vec<Item<'_>> = if root.children.is_empty() {
        vec![Item::Open(root)]
    } else {
        root.children.iter().rev().map(Item::Open).collect()
    };
    out.push_str("<ul class=\"explain\">");
    while let Some(item) = stack.pop() {
        let node = match item {
            Item::Close => {
                out.push_str("</ul></li>");
                continue;
            }
            Item::Open(node) => node,
        };
        let (class, value) = match node.value {
            Outcome::True => ("v-true", "true"),
            Outcome::False => ("v-false", "false"),
            Outcome::Error => ("v-error", "error"),
            Outcome::NotEvaluated => ("v-not-evaluated", "not evaluated"),
        };
        let _ = write!(
            out,
            "<li><span class=\"v {class}\">{value}</span> <code>{}</code>",
            esc(&node.text)
        );
        if !node.facts.is_empty() || node.error.is_some() {
            out.push_str("<ul class=\"facts\">");
            for fact in &node.facts {
                let _ = write!(out, "<li>{}</li>", esc(fact));
            }
            if let Some(e) = &node.error {
                let _ = write!(out, "<li>error: {}</li>", esc(e));
            }
            out.push_str("</ul>");
        }
        if node.children.is_empty() {
            out.push_str("</li>");
        } else {
            out.push_str("<ul>");
            stack.push(Item::Close);
            stack.extend(node.children.iter().rev().map(Item::Open));
        }
    }
    out.push_str("</ul>");
}

fn html_variables(out: &mut String, trace: &Trace) {
    let _ = write!(
        out,
        "<details id=\"variables\"><summary>Variables at the end ({})</summary>",
        trace.variables.len()
    );
    if !trace.variables.is_empty() {
        variable_table(out, "", "variable", &trace.variables);
    }
    out.push_str("</details>\n");
}

/// The trace of a simulation as a markdown page: the result and exit code (with its meaning)
/// first, then a heading per group (its path, outcome, reason and condition) and a table of the
/// steps directly in it — step, type, outcome (`✓ ran`, `✗ failed`, `– skipped`,
/// `· not reached`), exit code, why (with the engine's notes), the condition and its value, and
/// the variables the step set. Top-level steps come first under "Top level"; a Run Task
/// Sequence step's child nodes get a heading of their own under the step's path; the final
/// variables close the page. Control
/// characters are escaped, `|` and line breaks in cells too. Values are as the trace holds them
/// (redacted unless the run revealed secrets).
///
/// ```
/// use tasksequence::engine::{Scenario, simulate};
/// use tasksequence::machine::MachineProfile;
/// let doc = tasksequence::xml::read(br#"<sequence name="Demo"><group name="Prepare">
///   <step name="Restart" type="SMS_TaskSequence_RebootAction" disable="true"/>
///   <step name="Fail" type="SMS_TaskSequence_RunCommandLineAction" successCodeList="0">
///     <action>cmd /c exit 3</action></step></group></sequence>"#)?;
/// let trace = simulate(&doc.sequence, &MachineProfile::default(), &Scenario::new());
/// let page = tasksequence::render::trace_markdown(&doc, &trace, None);
/// assert!(page.starts_with("# Demo: simulation\n"), "{page}");
/// assert!(page.contains("**Result: failure**, exit code 3 at `Prepare/Fail`."), "{page}");
/// assert!(page.contains("## Prepare\n\n✗ failed: a step inside it failed.\n"), "{page}");
/// assert!(page.contains("| Restart | RebootAction | – skipped |  | disabled |"), "{page}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn trace_markdown(doc: &Document, trace: &Trace, machine: Option<&str>) -> String {
    let mut out = String::with_capacity(1024 + trace.steps.len() * 160);
    let _ = writeln!(out, "# {}: simulation\n", cell(&title(doc)));
    if let Some(m) = machine.filter(|m| !m.trim().is_empty()) {
        let _ = writeln!(out, "Machine: {}.\n", cell(m));
    }
    let result = if trace.succeeded() {
        "success"
    } else {
        "failure"
    };
    let (code, meaning) = code_words(trace.exit_code);
    let _ = write!(out, "**Result: {result}**, exit code {}", cell(&code));
    if let Some(at) = &trace.failed_at {
        let _ = write!(out, " at `{}`", code_md(at));
    }
    if let Some(m) = meaning {
        let _ = write!(out, ": {}", cell(&m));
    }
    out.push_str(".\n\n");
    if let Some(error) = &trace.error {
        let _ = writeln!(out, "Error: {}\n", cell(error));
    }
    let counts: Vec<String> = counts(trace)
        .iter()
        .map(|(fate, n)| format!("{n} {}", fate.words()))
        .collect();
    let _ = writeln!(out, "Steps: {}.\n", counts.join(", "));

    let shape = Shape::of(&trace.steps);
    // Containers in document order, the top level first; each lists the steps directly in it.
    let mut sections: Vec<(Option<usize>, Vec<usize>)> = vec![(None, Vec::new())];
    let mut slot: Vec<Option<usize>> = vec![None; trace.steps.len()];
    for (i, step) in trace.steps.iter().enumerate() {
        if is_container(step, &shape, i) {
            if let Some(s) = slot.get_mut(i) {
                *s = Some(sections.len());
            }
            sections.push((Some(i), Vec::new()));
        }
        if step.kind != NodeKind::Group {
            let section = match shape.parent(i) {
                None => Some(0),
                Some(p) => slot.get(p).copied().flatten(),
            };
            if let Some((_, rows)) = section.and_then(|s| sections.get_mut(s)) {
                rows.push(i);
            }
        }
    }
    for (head, rows) in &sections {
        match head.and_then(|h| trace.steps.get(h).map(|s| (h, s))) {
            None if rows.is_empty() => continue,
            None => out.push_str("## Top level\n\n"),
            Some((h, step)) => {
                let level = "#".repeat((shape.level(h) + 2).min(6));
                let _ = writeln!(out, "{level} {}\n", cell(&step.path));
                let fate = Fate::of(step);
                let mut line = format!("{} {}", fate.mark(), fate.words());
                let why = why_md(step);
                if !why.is_empty() {
                    let _ = write!(line, ": {why}");
                }
                line.push('.');
                if let Some(c) = &step.condition {
                    let _ = write!(line, " Condition: {}.", condition_md(c));
                }
                if step.continue_on_error {
                    line.push_str(" Continues on error.");
                }
                let _ = writeln!(out, "{line}\n");
                if step.kind == NodeKind::Group && rows.is_empty() {
                    out.push_str("(no steps of its own)\n\n");
                    continue;
                }
                if rows.is_empty() {
                    continue;
                }
            }
        }
        out.push_str("| Step | Type | Outcome | Exit code | Why | Condition | Variables set |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- | --- |\n");
        for step in rows.iter().filter_map(|&r| trace.steps.get(r)) {
            let fate = Fate::of(step);
            let exit = match step.exit_code {
                Some(code) => {
                    let (text, meaning) = code_words(code);
                    match meaning {
                        Some(m) if fate == Fate::Failed => format!("{}: {}", cell(&text), cell(&m)),
                        _ => cell(&text),
                    }
                }
                None => String::new(),
            };
            let vars: Vec<String> = step
                .variables_set
                .iter()
                .map(|(n, v)| format!("{}={}", cell(n), cell(v)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} {} | {exit} | {} | {} | {} |",
                cell(&step.name),
                cell(type_label(step)),
                fate.mark(),
                fate.words(),
                why_md(step),
                step.condition
                    .as_ref()
                    .map(condition_md)
                    .unwrap_or_default(),
                vars.join("<br>"),
            );
        }
        out.push('\n');
    }
    if !trace.variables.is_empty() {
        out.push_str("## Variables at the end\n\n| Variable | Value |\n| --- | --- |\n");
        for (name, value) in trace.variables.iter() {
            let _ = writeln!(out, "| {} | {} |", cell(name), cell(value));
        }
        out.push('\n');
    }
    out
}

/// The reason and the notes, for a table cell or a sentence.
fn why_md(step: &StepTrace) -> String {
    let mut parts: Vec<String> = why(step).map(str::to_string).into_iter().collect();
    parts.extend(notes(step).into_iter().map(cell));
    parts.join("; ")
}

fn condition_md(c: &crate::engine::ConditionTrace) -> String {
    let value = match c.value {
        Some(true) => "true",
        Some(false) => "false",
        None => "error",
    };
    format!("`{}` → {value}", code_md(&c.text))
}

/// Inline code inside a table cell: the code span's own rules, and `|` escaped for the table.
fn code_md(text: &str) -> String {
    code(text).replace('|', "\\|")
}

/// A table of variables and their values (as the trace holds them: redacted unless revealed).
fn variable_table(out: &mut String, attributes: &str, heading: &str, variables: &VarMap) {
    let _ = write!(
        out,
        "<table{attributes}><tr><th>{heading}</th><th>value</th></tr>"
    );
    for (name, value) in variables.iter() {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(name),
            esc(value)
        );
    }
    out.push_str("</table>");
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
    use super::*;
    use crate::engine::{Scenario, simulate};
    use crate::machine::MachineProfile;

    const SEQUENCE: &str = r#"<sequence version="3.10" name="Upgrade &lt;test&gt;">
      <group name="Prepare" continueOnError="true">
        <step name="Set secret" type="SMS_TaskSequence_SetVariableAction">
          <defaultVarList><variable name="VariableName" property="VariableName">OSDJoinPassword</variable>
          <variable name="VariableValue" property="VariableValue">hunter2-secret</variable></defaultVarList></step>
        <step name="Scan" type="SMS_TaskSequence_RunCommandLineAction" successCodeList="0">
          <action>cmd /c exit %ScanCode%</action></step>
        <step name="After scan" type="SMS_TaskSequence_RunCommandLineAction"><action>cmd /c exit 0</action></step>
      </group>
      <step name="Only on Dell" type="SMS_TaskSequence_RunCommandLineAction">
        <condition><expression type="SMS_TaskSequence_VariableConditionExpression">
          <variable name="Operator">like</variable><variable name="Value">*Dell*</variable>
          <variable name="Variable">Make</variable></expression></condition></step>
      <step name="Off" type="SMS_TaskSequence_RebootAction" disable="true"/>
      <group name="Skipped group">
        <condition><expression type="SMS_TaskSequence_VariableConditionExpression">
          <variable name="Operator">exists</variable><variable name="Variable">Nope</variable></expression></condition>
        <step name="Inside skipped" type="SMS_TaskSequence_RunCommandLineAction"/>
      </group>
      <step name="Final" type="SMS_TaskSequence_RunCommandLineAction" successCodeList="0">
        <action>cmd /c exit 3</action></step>
      <step name="Never" type="SMS_TaskSequence_RunCommandLineAction"/>
    </sequence>"#;

    fn run(scan: &str) -> (Document, Trace) {
        let doc = crate::xml::read(SEQUENCE.as_bytes()).unwrap();
        let machine =
            MachineProfile::from_json(r#"{"variables":{"Make":"LENOVO","_SMSTSInWinPE":"false"}}"#)
                .unwrap();
        let mut scenario = Scenario::new().with_machine(&machine);
        scenario.set_variable("ScanCode", scan);
        let trace = simulate(&doc.sequence, &machine, &scenario);
        (doc, trace)
    }

    /// The element of the node at `path`: from its opening tag to the start of the next node.
    fn element<'a>(page: &'a str, path: &str) -> &'a str {
        let key = format!("data-path=\"{path}\"");
        let at = page.find(&key).unwrap_or_else(|| panic!("no {key}"));
        let start = page[..at].rfind('<').unwrap();
        let rest = &page[at..];
        let end = rest[1..].find("data-path=").map_or(rest.len(), |e| e + 1);
        &page[start..at + end]
    }

    #[test]
    fn html_marks_every_outcome_with_its_reason() {
        let (doc, trace) = run("0xC1900208");
        let page = trace_html(&doc, &trace, Some("Lab <VM>"));
        assert!(page.contains("<h1>Upgrade &lt;test&gt;</h1>"));
        assert!(page.contains("simulation on <b>Lab &lt;VM&gt;</b>"));
        // Every node of the trace is in the page once, with the class of its fate.
        for step in &trace.steps {
            let expected = match (step.status, step.succeeded) {
                (Status::Ran, Some(false)) => "failed",
                (Status::Ran, _) => "ran",
                (Status::Skipped, _) => "skipped",
                (Status::NotReached, _) => "not-reached",
            };
            let el = element(&page, &step.path);
            assert!(
                el.contains(&format!(" {expected}\" id=")),
                "{}: {el}",
                step.path
            );
            assert_eq!(
                page.matches(&format!("data-path=\"{}\"", step.path))
                    .count(),
                1
            );
        }
        let scan = element(&page, "Prepare/Scan");
        assert!(
            scan.contains("<span class=\"outcome\">failed</span>"),
            "{scan}"
        );
        assert!(
            scan.contains("the exit code is not one of its success codes"),
            "{scan}"
        );
        assert!(
            scan.contains("0xC1900208 (MOSETUP_E_COMPAT_INSTALLREQ_BLOCK)"),
            "{scan}"
        );
        assert!(
            scan.contains(": <code>0xC1900208</code> = 3247440392 "),
            "{scan}"
        );
        assert!(scan.contains("$ cmd /c exit 0xC1900208"), "{scan}");
        let meaning = describe(ReturnCode(0xC190_0208)).meaning.unwrap();
        assert!(scan.contains(&esc(&meaning)), "{scan}");
        // The group continues on error: what follows the failure in it is not reached, and why.
        let after = element(&page, "Prepare/After scan");
        assert!(
            after.contains("an earlier failure stopped its group"),
            "{after}"
        );
        assert!(after.contains("`Prepare/Scan` failed"), "{after}");
        let prepare = element(&page, "Prepare");
        assert!(
            prepare.starts_with("<details open data-open class=\"node group failed\""),
            "{prepare}"
        );
        assert!(prepare.contains("a step inside it failed"), "{prepare}");
        assert!(prepare.contains("continue on error"), "{prepare}");
        // A false condition: the condition, its value and the deciding fact.
        let dell = element(&page, "Only on Dell");
        assert!(dell.contains("its condition is false"), "{dell}");
        assert!(
            dell.contains(
                "<code>Make like &quot;*Dell*&quot;</code> <span class=\"v v-false\">false</span>"
            ),
            "{dell}"
        );
        assert!(
            dell.contains("Make = &quot;LENOVO&quot; does not match &quot;*Dell*&quot;"),
            "{dell}"
        );
        let off = element(&page, "Off");
        assert!(off.contains("<b>disabled</b>"), "{off}");
        // A group that did not run starts folded; what is inside says why.
        let skipped = element(&page, "Skipped group");
        assert!(
            skipped.starts_with("<details class=\"node group skipped\""),
            "{skipped}"
        );
        assert!(skipped.contains("1 step<"), "{skipped}");
        assert!(
            skipped.contains(
                "<span class=\"why\"><b>its condition is false</b>: Nope is not set</span></summary>"
            ),
            "{skipped}"
        );
        assert!(element(&page, "Skipped group/Inside skipped").contains("its group was skipped"));
        let never = element(&page, "Never");
        assert!(
            never.contains("an earlier failure ended the sequence"),
            "{never}"
        );
        // The result at the top, linking to the node that ended the run.
        let result =
            &page[page.find("<section id=\"result\"").unwrap()..page.find("</section>").unwrap()];
        assert!(result.contains("class=\"result failure\""), "{result}");
        assert!(result.contains("exit code <code>3</code>"), "{result}");
        let final_index = trace.steps.iter().position(|s| s.path == "Final").unwrap();
        assert!(
            result.contains(&format!("<a href=\"#n{final_index}\">Final</a>")),
            "{result}"
        );
        assert!(
            result.contains("✓ 1 ran") && result.contains("✗ 2 failed"),
            "{result}"
        );
        assert!(
            result.contains("– 3 skipped") && result.contains("· 2 not reached"),
            "{result}"
        );
        assert!(page.find("id=\"result\"").unwrap() < page.find("id=\"search\"").unwrap());
    }

    #[test]
    fn html_is_self_contained_balanced_and_redacted() {
        let (doc, trace) = run("0");
        assert!(!trace.succeeded(), "Final exits 3");
        let page = trace_html(&doc, &trace, None);
        for needle in [
            "http:",
            "https:",
            "src=",
            "<link rel=\"stylesheet\"",
            "@import",
        ] {
            assert!(!page.contains(needle), "{needle}");
        }
        assert!(page.contains("<style>") && page.contains("<script>"));
        assert!(page.contains("@media print"));
        assert_eq!(
            page.matches("<details").count(),
            page.matches("</details>").count()
        );
        assert_eq!(page.matches("<div").count(), page.matches("</div>").count());
        assert!(!page.contains("hunter2-secret"));
        let set = element(&page, "Prepare/Set secret");
        assert!(
            set.contains("<td>OSDJoinPassword</td><td>********</td>"),
            "{set}"
        );
        // Variables at the end, redacted too.
        let vars = &page[page.find("<details id=\"variables\"").unwrap()..];
        assert!(
            vars.contains("<td>OSDJoinPassword</td><td>********</td>"),
            "{vars}"
        );
        assert!(vars.contains("<td>Make</td><td>LENOVO</td>"), "{vars}");
    }

    #[test]
    fn child_sequence_nodes_nest_under_their_step() {
        let doc = crate::xml::read(
            br#"<sequence><subtasksequence type="SMS_TaskSequence_SubTasksequence" name="Child"><defaultVarList>
              <variable name="OSDSubTasksequencePackageID" property="TsPackageID">TSQ00011</variable>
            </defaultVarList></subtasksequence><step name="After" type="X"/></sequence>"#,
        )
        .unwrap();
        let child = crate::xml::read(
            br#"<sequence><step name="In child" type="SMS_TaskSequence_RunCommandLineAction"/></sequence>"#,
        )
        .unwrap();
        let mut scenario = Scenario::new();
        scenario.add_child("TSQ00011", child.sequence);
        let trace = simulate(&doc.sequence, &MachineProfile::default(), &scenario);
        assert_eq!(trace.steps.len(), 3, "{:?}", trace.steps);
        let page = trace_html(&doc, &trace, None);
        let child_at = page.find("data-path=\"Child\"").unwrap();
        let inside = page.find("data-path=\"Child/In child\"").unwrap();
        let close = child_at + page[child_at..].find("</div></details>").unwrap();
        let after = page.find("data-path=\"After\"").unwrap();
        assert!(child_at < inside && inside < close && close < after);
        assert!(
            page[..child_at]
                .ends_with("<details open data-open class=\"node step ran\" id=\"n0\" ")
        );
        let md = trace_markdown(&doc, &trace, None);
        assert!(md.contains("## Child\n"), "{md}");
        assert!(
            md.contains("| In child | RunCommandLineAction | ✓ ran | 0 |"),
            "{md}"
        );
    }

    #[test]
    fn odd_depths_from_json_still_nest_and_balance() {
        let (doc, mut trace) = run("0");
        // A trace read back from JSON may say anything about depths: jumps, drops, huge values.
        for (i, step) in trace.steps.iter_mut().enumerate() {
            step.depth = [0, 5, 2, usize::MAX, 1, 0, 7, 3][i % 8];
        }
        let page = trace_html(&doc, &trace, None);
        assert_eq!(
            page.matches("<details").count(),
            page.matches("</details>").count()
        );
        assert_eq!(page.matches("<div").count(), page.matches("</div>").count());
        for step in &trace.steps {
            assert!(page.contains(&format!("data-path=\"{}\"", esc(&step.path))));
        }
        let md = trace_markdown(&doc, &trace, None);
        let steps_part = &md[..md.find("## Variables at the end").unwrap()];
        let rows = steps_part
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| Step") && !l.starts_with("| ---"))
            .count();
        let steps = trace
            .steps
            .iter()
            .filter(|s| s.kind != NodeKind::Group)
            .count();
        assert_eq!(rows, steps, "{md}");
    }

    #[test]
    fn markdown_has_a_table_per_group_with_outcomes_and_reasons() {
        let (doc, trace) = run("0xC1900208");
        let md = trace_markdown(&doc, &trace, Some("Lab | VM"));
        assert!(
            md.starts_with("# Upgrade &lt;test>: simulation\n\nMachine: Lab \\| VM.\n"),
            "{md}"
        );
        assert!(
            md.contains("**Result: failure**, exit code 3 at `Final`."),
            "{md}"
        );
        assert!(
            md.contains("Steps: 1 ran, 2 failed, 3 skipped, 2 not reached."),
            "{md}"
        );
        assert!(md.contains("## Top level\n"), "{md}");
        assert!(
            md.contains("## Prepare\n\n✗ failed: a step inside it failed. Continues on error.\n"),
            "{md}"
        );
        let scan = md.lines().find(|l| l.starts_with("| Scan |")).unwrap();
        assert!(
            scan.contains("| ✗ failed | 0xC1900208 (MOSETUP_E_COMPAT_INSTALLREQ_BLOCK): "),
            "{scan}"
        );
        assert!(
            scan.contains("the exit code is not one of its success codes; "),
            "{scan}"
        );
        let set = md
            .lines()
            .find(|l| l.starts_with("| Set secret |"))
            .unwrap();
        assert!(set.contains("OSDJoinPassword=********"), "{set}");
        assert!(!md.contains("hunter2-secret"));
        assert!(
            md.contains("## Variables at the end\n\n| Variable | Value |\n| --- | --- |\n"),
            "{md}"
        );
        assert!(md.contains("\n| OSDJoinPassword | ******** |\n"), "{md}");
        assert!(md.contains("\n| Make | LENOVO |\n"), "{md}");
        let dell = md
            .lines()
            .find(|l| l.starts_with("| Only on Dell |"))
            .unwrap();
        assert!(dell.contains("| – skipped |  | its condition is false; Make = \"LENOVO\" does not match \"*Dell*\" | `Make like \"*Dell*\"` → false |"), "{dell}");
        assert!(md.contains("## Skipped group\n\n– skipped: its condition is false; Nope is not set. Condition: `Nope exists` → false.\n"), "{md}");
        let never = md.lines().find(|l| l.starts_with("| Never |")).unwrap();
        assert!(never.contains("· not reached"), "{never}");
        // Every step has exactly one row (a row starts with the step's name).
        for step in trace.steps.iter().filter(|s| s.kind != NodeKind::Group) {
            let row = format!("\n| {} |", step.name);
            assert_eq!(md.matches(&row).count(), 1, "{row}");
        }
    }

    #[test]
    fn a_successful_run_says_so() {
        let doc = crate::xml::read(
            br#"<sequence><step name="Only" type="SMS_TaskSequence_RunCommandLineAction" successCodeList="0 3010"><action>cmd /c exit 3010</action></step></sequence>"#,
        )
        .unwrap();
        let trace = simulate(&doc.sequence, &MachineProfile::default(), &Scenario::new());
        assert!(trace.succeeded());
        let page = trace_html(&doc, &trace, None);
        assert!(page.contains("<section id=\"result\" class=\"result success\"><div class=\"big\">✓ success</div><div>exit code <code>0</code></div>"), "{page}");
        assert!(!page.contains("<a href=\"#n"));
        let md = trace_markdown(&doc, &trace, None);
        assert!(md.contains("**Result: success**, exit code 0.\n"), "{md}");
        assert!(
            md.contains(
                "| Only | RunCommandLineAction | ✓ ran | 3010 (ERROR_SUCCESS_REBOOT_REQUIRED) | "
            ),
            "{md}"
        );
    }
    #[test]
    fn a_reason_shared_with_the_group_is_said_once() {
        let doc = crate::xml::read(
            br#"<sequence><step name="Fail" type="SMS_TaskSequence_RunCommandLineAction" successCodeList="0"><action>cmd /c exit 4</action></step>
            <group name="Later"><step name="Inside" type="SMS_TaskSequence_RunCommandLineAction"/></group></sequence>"#,
        )
        .unwrap();
        let trace = simulate(&doc.sequence, &MachineProfile::default(), &Scenario::new());
        let (later, inside) = (&trace.steps[1], &trace.steps[2]);
        assert_eq!(
            (later.reason, &later.detail),
            (inside.reason, &inside.detail)
        );
        let page = trace_html(&doc, &trace, None);
        let group = element(&page, "Later");
        assert!(
            group.contains(
                "<b>an earlier failure ended the sequence</b>: `Fail` failed</span></summary>"
            ),
            "{group}"
        );
        let step = element(&page, "Later/Inside");
        assert!(
            step.contains("<b>an earlier failure ended the sequence</b>"),
            "{step}"
        );
        assert!(!step.contains("`Fail` failed"), "{step}");
    }
}
