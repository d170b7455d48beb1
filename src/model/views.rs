//! Typed views of step settings (filled in below).
