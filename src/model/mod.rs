//! The lossless task sequence model.
//!
//! Everything a task sequence file says is kept: known attributes are typed, unknown attributes are
//! kept in their order, unknown elements, comments and stray text are kept verbatim where they stood
//! ([`RawNode`]), and the order of a step's or group's children is remembered ([`Layout`]) so that the
//! XML written back has the same elements in the same order.
//!
//! Decisions where the format is loose:
//! - A known boolean attribute (`disable`, `continueOnError`, `expand`, `runFromNet`, `hidden`) is typed
//!   only when it is exactly `true` or `false` (the only spellings ConfigMgr and MDT write); any other
//!   spelling is kept as an unknown attribute, verbatim, and the reader warns. Numbers likewise must
//!   be canonical decimal to be typed.
//! - Empty-vs-self-closing is the only thing that normalizes on writing.
//! - Whitespace-only text between elements is formatting and is not kept; text inside a text-only
//!   element (a variable value, an action) is kept exactly, whitespace included.

pub mod condition;
mod deep;
mod node;
mod path;
mod raw;
mod registry;
mod sequence;
mod step_types;
mod variable;
pub mod views;
mod visit;
mod walk;

pub use node::{Group, Layout, Node, NodeKind, Options, Part, RunIn, Step, StepElement};
pub use path::{NodePath, PathDisplay};
pub use raw::{Attribute, Entry, RawElement, RawNode};
pub use registry::RegistryType;
pub use sequence::{Reference, ReferenceList, Sequence};
pub use step_types::console_name;
pub use variable::{VarList, Variable};
pub(crate) use visit::walk_paths;
pub use visit::{Flow, Visitor, visit};
pub use walk::Visit;
