//! Pure request building and response parsing: no I/O.

pub mod prepared;
