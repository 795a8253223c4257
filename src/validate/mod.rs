//! The rulebook as code.
