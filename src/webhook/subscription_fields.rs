//! The typed members of a subscription object (`/v1/webhooks`), and what an answer's
//! object needs set so that each holds its type: the one rule of both drivers (the Rust
//! client's `Webhook`, the npm package's object). Apart from `subscription`, which needs
//! `std`, because the npm engine applies it too.

/// A typed member of a subscription object that [`subscription_fixes`] sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fix<'a> {
    /// A text: an `id` sent as a number (its digits), or `""` for one the answer lacks.
    Text(&'a str),
    /// A boolean: an `active` sent as `"true"` or `"false"`, or `false` for none.
    Bool(bool),
    /// An empty list, for `webhookHeaders` or `events` the answer lacks.
    List,
}

/// What a subscription object (`members`, as the answer holds them) needs so that each
/// typed member holds its type, handed to `set` member by member: an `id` sent as a
/// number becomes its text, an `active` sent as `"true"` or `"false"` that boolean, and a
/// typed member missing (or `null`) its empty value (`""`, `false`, `[]`). A member of any
/// other type is left as sent. The one rule for both drivers: the Rust client applies it
/// before typing a `Webhook`, the npm package to the object it resolves to.
pub(crate) fn subscription_fixes<'a>(members: &'a [crate::json::Member], mut set: impl FnMut(&'static str, Fix<'a>)) {
    use crate::json::Value as Json;
    for name in ["id", "name", "active", "serverUrl", "webhookHeaders", "events"] {
        // (The last of a repeated member counts, as in `JSON.parse`.)
        let fix = match (name, members.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value)) {
            ("active", None | Some(Json::Null)) => Fix::Bool(false),
            ("webhookHeaders" | "events", None | Some(Json::Null)) => Fix::List,
            (_, None | Some(Json::Null)) => Fix::Text(""),
            ("id", Some(Json::Number(n))) => Fix::Text(n.as_str()),
            ("active", Some(Json::String(text))) if text == "true" || text == "false" => Fix::Bool(text == "true"),
            _ => continue,
        };
        set(name, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    fn fixes(members: &[crate::json::Member]) -> Vec<(&'static str, Fix<'_>)> {
        let mut all = Vec::new();
        subscription_fixes(members, |name, fix| all.push((name, fix)));
        all
    }

    #[test]
    fn the_fixes_are_the_typed_members_a_driver_sets() {
        let crate::json::Value::Object(members) = crate::json::parse(r#"{"id":5,"active":"true","name":7,"events":["a"],"webhookHeaders":[],"serverUrl":null}"#).unwrap() else { panic!() };
        assert_eq!(fixes(&members), [("id", Fix::Text("5")), ("active", Fix::Bool(true)), ("serverUrl", Fix::Text(""))]);
        let crate::json::Value::Object(members) = crate::json::parse(r#"{"id":"a","active":"yes","id":12345678901234567890}"#).unwrap() else { panic!() };
        assert_eq!(fixes(&members), [("id", Fix::Text("12345678901234567890")), ("name", Fix::Text("")), ("serverUrl", Fix::Text("")), ("webhookHeaders", Fix::List), ("events", Fix::List)]);
    }
}
