//! Build script: generates the C header (see the C ABI change).
fn main() {}
