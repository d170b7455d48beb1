//! Small helpers every layer shares: case folding, positions in text and wildcard matching. Crate-private, at the
//! bottom of the layers, importing nothing of the crate.

pub(crate) mod fold;
pub(crate) mod number;
pub(crate) mod position;
pub(crate) mod printable;
pub(crate) mod wildcard;
