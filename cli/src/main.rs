//! `tsq`: the command-line tool of `tasksequence`.
fn main() {}
