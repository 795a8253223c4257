//! Collects violations while validation walks the message.

use crate::prelude::*;

use crate::error::Violation;
use crate::model::input::UnknownFields;
use crate::text::Piece;
use crate::validate::codes;

/// The violations found so far, in the order of the walk.
#[derive(Debug, Default)]
pub(crate) struct Report {
    violations: Vec<Violation>,
}

impl Report {
    pub(crate) fn add(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.violations.push(Violation::new(field, code, message));
    }

    /// Reports each unknown key of the object at `prefix` (`""` for the top level).
    pub(crate) fn unknown<P: Piece + ?Sized>(&mut self, prefix: &P, unknown: &UnknownFields) {
        if unknown.0.is_empty() {
            return; // the usual case: the prefix is never rendered
        }
        let prefix = crate::text!(prefix);
        for key in &unknown.0 {
            let field = join(&prefix, key);
            let message = crate::text!("unknown field ", field);
            self.add(field, codes::UNKNOWN_FIELD, message);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    pub(crate) fn into_vec(self) -> Vec<Violation> {
        self.violations
    }
}

/// `prefix.key`, or `key` at the top level.
pub(crate) fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        crate::text!(prefix, '.', key)
    }
}
