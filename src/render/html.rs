//! The self-contained html page of `tsq show --format html`.

use std::fmt::Write as _;

use super::settings::{condition_text, settings, title, type_label};
use crate::model::{Flow, Node, NodePath, Visitor, visit};
use crate::util::printable::printable;
use crate::xml::Document;

const STYLE: &str = r#"
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em;margin:0 0 .3em}
.meta{color:#555;margin-bottom:1em}
#search{width:100%;max-width:32em;padding:.4em;font-size:1em;margin-bottom:1em}
details{border-left:3px solid #4a78b5;margin:.3em 0 .3em .2em;padding-left:.6em}
details>summary{cursor:pointer;font-weight:600;padding:.2em 0}
.step{border:1px solid #d5d9e0;border-radius:4px;margin:.35em 0;padding:.35em .6em}
.step .name{font-weight:600}
.type{color:#555;font-family:ui-monospace,monospace;font-size:.9em;margin-left:.5em}
.cond{font-family:ui-monospace,monospace;background:#f3f6fa;padding:.1em .3em;border-radius:3px}
.flag{display:inline-block;font-size:.8em;padding:0 .4em;border-radius:3px;margin-left:.4em;background:#eee}
.disabled{opacity:.5}
.disabled>.name,.disabled>summary{text-decoration:line-through}
table{border-collapse:collapse;margin-top:.3em;font-size:.9em}
td,th{border:1px solid #d5d9e0;padding:.15em .4em;text-align:left;vertical-align:top}
td{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
.hidden{display:none}
@media print{#search,.noprint{display:none}details{border-left:1px solid #999}.step{break-inside:avoid}}
"#;

const SCRIPT: &str = r#"
(function(){
  var box=document.getElementById('search');
  box.addEventListener('input',function(){
    var q=box.value.toLowerCase();
    document.querySelectorAll('.step').forEach(function(s){
      s.classList.toggle('hidden',q!==''&&s.textContent.toLowerCase().indexOf(q)<0);
    });
    document.querySelectorAll('details').forEach(function(d){
      if(q!==''){d.open=d.textContent.toLowerCase().indexOf(q)>=0;}
    });
  });
  window.addEventListener('beforeprint',function(){
    document.querySelectorAll('details').forEach(function(d){d.open=true;});
  });
})();
"#;

/// One self-contained html page (inline CSS and script, nothing fetched): a search box that
/// filters steps, each group a collapsible section with its condition, each step with its type,
/// condition in text syntax, flags and a table of its key settings (secrets shown as
/// `********`), disabled groups and steps greyed out. Printing opens every group.
///
/// ```
/// let doc = tasksequence::xml::read(br#"<sequence><group name="A &amp; B"><step name="Restart" type="SMS_TaskSequence_RebootAction"/></group></sequence>"#)?;
/// let page = tasksequence::render::html(&doc);
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("<summary>A &amp; B"));
/// assert!(!page.contains("http://") && !page.contains("https://"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn html(doc: &Document) -> String {
    struct Page {
        out: String,
    }
    impl<'a> Visitor<'a> for Page {
        fn enter(&mut self, _path: &NodePath, node: &'a Node) -> Flow {
            let out = &mut self.out;
            match node {
                Node::Group(_) => {
                    let class = if node.is_disabled() {
                        " class=\"disabled\""
                    } else {
                        ""
                    };
                    let _ = write!(out, "<details open{class}><summary>{}", esc(node.name()));
                    flags(node, out);
                    out.push_str("</summary>\n");
                    if let Some(c) = condition_text(node) {
                        let _ =
                            writeln!(out, "<div>if <span class=\"cond\">{}</span></div>", esc(&c));
                    }
                    Flow::Continue
                }
                Node::Step(step) => {
                    let class = if node.is_disabled() {
                        "step disabled"
                    } else {
                        "step"
                    };
                    let _ = write!(
                        out,
                        "<div class=\"{class}\"><span class=\"name\">{}</span><span class=\"type\">{}</span>",
                        esc(node.name()),
                        esc(type_label(node))
                    );
                    flags(node, out);
                    if let Some(c) = condition_text(node) {
                        let _ =
                            write!(out, "<div>if <span class=\"cond\">{}</span></div>", esc(&c));
                    }
                    let rows = settings(step);
                    if !rows.is_empty() {
                        out.push_str("<table>");
                        for (k, v) in rows {
                            let _ =
                                write!(out, "<tr><th>{}</th><td>{}</td></tr>", esc(&k), esc(&v));
                        }
                        out.push_str("</table>");
                    }
                    out.push_str("</div>\n");
                    Flow::SkipChildren
                }
                Node::Raw { .. } => Flow::SkipChildren,
            }
        }
        fn leave(&mut self, _path: &NodePath, node: &'a Node) {
            if matches!(node, Node::Group(_)) {
                self.out.push_str("</details>\n");
            }
        }
    }
    let name = title(doc);
    let mut page = Page { out: String::new() };
    let _ = write!(
        page.out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\"><title>{}</title><style>{STYLE}</style></head>\n<body>\n<h1>{}</h1>\n",
        esc(&name),
        esc(&name)
    );
    let seq = &doc.sequence;
    let steps = seq
        .walk()
        .iter()
        .filter(|v| matches!(v.node, Node::Step(_)))
        .count();
    let _ = write!(page.out, "<div class=\"meta\">");
    if let Some(v) = &seq.version {
        let _ = write!(page.out, "version {} · ", esc(v));
    }
    let _ = writeln!(page.out, "{steps} steps</div>");
    page.out.push_str(
        "<input id=\"search\" class=\"noprint\" type=\"search\" placeholder=\"Search steps, types, conditions, settings\" aria-label=\"Search\">\n<main>\n",
    );
    visit(&seq.children, &mut page);
    let _ = write!(
        page.out,
        "</main>\n<script>{SCRIPT}</script>\n</body></html>\n"
    );
    page.out
}

fn flags(node: &Node, out: &mut String) {
    if node.is_disabled() {
        out.push_str("<span class=\"flag\">disabled</span>");
    }
    if node.options().is_some_and(|o| o.continues_on_error()) {
        out.push_str("<span class=\"flag\">continue on error</span>");
    }
}

/// Text for html: printable, then the five markup characters as entities.
pub(super) fn esc(text: &str) -> String {
    let text = printable(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
