//! Text for people: the forms `tsq` prints, written once in the core so that the CLI, the C ABI
//! and embedders show the same thing.

mod code;
mod tree;

pub use code::code_text;
pub use tree::tree;

mod printable;
pub use printable::printable;
