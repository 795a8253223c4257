//! Prints the npm package's boundary protocol (whautomate-wasm/src/protocol.rs) as JSON:
//! `make pkg` writes it into pkg/protocol.js, so that js/engine.js knows the engine's
//! numbers without asking the engine at start-up. Runs natively, at build time.

// errors.rs and protocol.rs link to the wasm crate's items in their docs.
#![allow(rustdoc::broken_intra_doc_links)]

extern crate alloc;

/// What protocol.rs and errors.rs take from the wasm crate's prelude.
#[allow(unused_imports)]
mod prelude {
    pub(crate) use alloc::borrow::ToOwned;
    pub(crate) use alloc::string::String;
    pub(crate) use alloc::vec::Vec;
}

#[allow(dead_code)]
#[path = "../errors.rs"]
mod errors;
#[allow(dead_code)]
#[path = "../protocol.rs"]
mod protocol;

fn main() {
    println!("{}", protocol::json());
}
