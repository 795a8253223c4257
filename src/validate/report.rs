//! Collects violations while validation walks the message.

use crate::prelude::*;

use crate::error::Violation;
use crate::model::input::UnknownFields;
use crate::json::Path;
use crate::validate::codes;

/// The violations found so far, in the order of the walk.
#[derive(Debug, Default)]
pub(crate) struct Report {
    violations: Vec<Violation>,
}

impl Report {
    pub(crate) fn add(&mut self, field: impl Into<String>, code: &'static str, message: impl Into<String>) {
        crate::error::push_violation(&mut self.violations, Violation::new(field, code, message));
    }

    /// A violation at `field`, rendered here rather than at each call.
    pub(crate) fn add_at(&mut self, field: &Path<'_>, code: &'static str, message: impl Into<String>) {
        self.add(crate::text!(field), code, message);
    }

    /// A violation at `field` whose message is the field's path followed by `rest`
    /// (`text` + ` is required`): the path is rendered once, for both.
    pub(crate) fn add_about(&mut self, field: &Path<'_>, code: &'static str, rest: &str) {
        let field = crate::text!(field);
        let message = crate::text!(field, rest);
        self.add(field, code, message);
    }

    /// Reports each unknown key of the object at `prefix` ([`Path::Root`] for the top level).
    pub(crate) fn unknown(&mut self, prefix: &Path<'_>, unknown: &UnknownFields) {
        for key in &unknown.0 {
            let field = crate::text!(Path::Key(prefix, key));
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
