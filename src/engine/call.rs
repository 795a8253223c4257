//! What a call of the JS driver is, for the verdicts on its attempts: whether it changes
//! something on the server (then it is never resent once it may have been applied) and
//! what a 2xx answer must be.

/// The kinds of calls the npm package's driver makes. They cross the boundary by name
/// (the request says which it is) and by their place in [`Call::ALL`], which the engine
/// publishes: never synced by hand.
///
/// ```
/// use whautomate::__js::call::Call;
/// assert!(Call::Send.changes() && Call::Change.changes() && Call::Remove.changes() && !Call::Read.changes());
/// assert_eq!(Call::ALL.map(Call::as_str), ["send", "read", "change", "remove"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// A message send: answers `{"success": true}`.
    Send,
    /// A read (history page, subscriptions): answers JSON that the driver parses and the
    /// engine judges; safe to repeat.
    Read,
    /// A create or update: answers JSON, as a read does, but is never resent once it may
    /// have been applied.
    Change,
    /// A delete: any 2xx answer will do; never resent once it may have been applied.
    Remove,
}

impl Call {
    /// Every kind, in the order of their numbers on the boundary.
    pub const ALL: [Call; 4] = [Call::Send, Call::Read, Call::Change, Call::Remove];

    /// Its name on the boundary.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Call::Send => "send",
            Call::Read => "read",
            Call::Change => "change",
            Call::Remove => "remove",
        }
    }

    /// The kind behind a number of the boundary (a bad number reads as a send, the kind
    /// that is never resent).
    #[must_use]
    pub fn from_number(number: u32) -> Call {
        Call::ALL.get(number as usize).copied().unwrap_or(Call::Send)
    }

    /// Whether the call changes something on the server (anything but a read).
    #[must_use]
    pub fn changes(self) -> bool {
        self != Call::Read
    }
}
