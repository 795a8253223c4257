//! An in-memory transport that answers from a script and records what it was sent.
