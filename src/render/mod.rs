//! Text for people: the forms `tsq` prints, written once in the core so that the CLI, the C ABI
//! and embedders show the same thing.

mod code;
mod html;
mod markdown;
mod mermaid;
mod settings;
mod trace;
mod tree;

pub use code::code_text;
pub use html::html;
pub use markdown::markdown;
pub use mermaid::mermaid;
pub use trace::{trace_html, trace_markdown};
pub use tree::{tree, tree_with};

pub use crate::util::printable::printable;
