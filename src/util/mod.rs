//! Small helpers every layer shares: case folding and positions in text. Crate-private, at the
//! bottom of the layers, importing nothing of the crate.

pub(crate) mod fold;
pub(crate) mod position;
pub(crate) mod printable;
