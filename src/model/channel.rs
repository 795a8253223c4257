//! The four channels and the three kinds of send: together they pick the endpoint.

use crate::prelude::*;

use core::fmt;

/// A messaging channel of the Whautomate API.
///
/// ```
/// use whautomate::model::Channel;
/// assert_eq!(Channel::parse("telegram"), Some(Channel::Telegram));
/// assert_eq!(Channel::WhatsApp.as_str(), "whatsapp");
/// assert_eq!(Channel::parse("WhatsApp"), None); // names are exact, as in the URL path
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive] // the vendor may add channels
pub enum Channel {
    /// `WhatsApp` (Cloud API, through Whautomate).
    WhatsApp,
    /// Telegram bot.
    Telegram,
    /// Instagram messaging.
    Instagram,
    /// Facebook Messenger.
    Messenger,
}

impl Channel {
    /// All channels, in the order of the vendor's page.
    ///
    /// ```
    /// use whautomate::model::Channel;
    /// let names: Vec<_> = Channel::ALL.iter().map(|c| c.as_str()).collect();
    /// assert_eq!(names, ["whatsapp", "telegram", "instagram", "messenger"]);
    /// ```
    pub const ALL: [Channel; 4] = [Channel::WhatsApp, Channel::Telegram, Channel::Instagram, Channel::Messenger];

    /// The channel's name as used in the JS `channel` field and in the URL path.
    ///
    /// ```
    /// use whautomate::model::Channel;
    /// assert_eq!(Channel::Messenger.as_str(), "messenger");
    /// assert_eq!(Channel::WhatsApp.to_string(), "whatsapp");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::WhatsApp => "whatsapp",
            Channel::Telegram => "telegram",
            Channel::Instagram => "instagram",
            Channel::Messenger => "messenger",
        }
    }

    /// Parses the exact lower-case name (`"whatsapp"`, ...). Other spellings are refused
    /// rather than guessed, so that a typo is reported instead of routed somewhere.
    ///
    /// ```
    /// use whautomate::model::Channel;
    /// assert_eq!(Channel::parse("instagram"), Some(Channel::Instagram));
    /// assert_eq!(Channel::parse(" instagram"), None);
    /// ```
    #[must_use]
    pub fn parse(name: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The channels' names, as a violation lists them.
pub(crate) const CHANNEL_NAMES: &str = "whatsapp, telegram, instagram or messenger";
/// The kinds' names, as a violation lists them.
pub(crate) const KIND_NAMES: &str = "text, media or template";

/// The `invalid_value` error of a name that is none of `expected` for `field`, as
/// validation words it.
fn unknown_name(field: &str, expected: &str) -> crate::Error {
    crate::Error::invalid_input(vec![crate::Violation::new(field, crate::validate::codes::INVALID_VALUE, crate::text!(field, " must be ", expected))])
}

/// `"telegram".parse::<Channel>()`: [`Channel::parse`], with a typed error (for `clap`,
/// `serde_with` and the like).
///
/// ```
/// use whautomate::model::Channel;
/// assert_eq!("telegram".parse::<Channel>().unwrap(), Channel::Telegram);
/// let e = "WhatsApp".parse::<Channel>().unwrap_err();
/// assert_eq!((e.field(), e.message()), (Some("channel"), "channel must be whatsapp, telegram, instagram or messenger"));
/// ```
impl core::str::FromStr for Channel {
    type Err = crate::Error;

    fn from_str(name: &str) -> Result<Channel, crate::Error> {
        Channel::parse(name).ok_or_else(|| unknown_name("channel", CHANNEL_NAMES))
    }
}

/// `"media".parse::<MessageKind>()`: [`MessageKind::parse`], with a typed error.
///
/// ```
/// use whautomate::model::MessageKind;
/// assert_eq!("media".parse::<MessageKind>().unwrap(), MessageKind::Media);
/// assert_eq!("video".parse::<MessageKind>().unwrap_err().message(), "type must be text, media or template");
/// ```
impl core::str::FromStr for MessageKind {
    type Err = crate::Error;

    fn from_str(name: &str) -> Result<MessageKind, crate::Error> {
        MessageKind::parse(name).ok_or_else(|| unknown_name("type", KIND_NAMES))
    }
}

/// Serde as the name: `"whatsapp"`, `"telegram"`, `"instagram"`, `"messenger"`; another
/// string is an error (names are exact, as [`Channel::parse`] reads them).
///
/// ```
/// use whautomate::Channel;
/// assert_eq!(serde_json::to_string(&Channel::WhatsApp).unwrap(), r#""whatsapp""#);
/// assert_eq!(serde_json::from_str::<Channel>(r#""telegram""#).unwrap(), Channel::Telegram);
/// assert!(serde_json::from_str::<Channel>(r#""WhatsApp""#).is_err());
/// ```
impl serde::Serialize for Channel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Channel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Channel::parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, &["whatsapp", "telegram", "instagram", "messenger"]))
    }
}

/// What is sent: free text, a media file by URL, or a template.
///
/// ```
/// use whautomate::model::MessageKind;
/// assert_eq!(MessageKind::parse("media"), Some(MessageKind::Media));
/// assert_eq!(MessageKind::Template.endpoint(), "sendtemplate");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive] // the vendor may add kinds of send
pub enum MessageKind {
    /// `type: "text"` → `sendtext`.
    Text,
    /// `type: "media"` → `sendmedia`.
    Media,
    /// `type: "template"` → `sendtemplate`.
    Template,
}

impl MessageKind {
    /// All kinds.
    ///
    /// ```
    /// use whautomate::model::MessageKind;
    /// let endpoints: Vec<_> = MessageKind::ALL.iter().map(|k| k.endpoint()).collect();
    /// assert_eq!(endpoints, ["sendtext", "sendmedia", "sendtemplate"]);
    /// ```
    pub const ALL: [MessageKind; 3] = [MessageKind::Text, MessageKind::Media, MessageKind::Template];

    /// The JS `type` value.
    ///
    /// ```
    /// use whautomate::model::MessageKind;
    /// assert_eq!(MessageKind::Media.as_str(), "media");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::Media => "media",
            MessageKind::Template => "template",
        }
    }

    /// The last path segment of the send endpoint.
    ///
    /// ```
    /// use whautomate::model::MessageKind;
    /// assert_eq!(MessageKind::Text.endpoint(), "sendtext");
    /// assert_eq!(MessageKind::Media.endpoint(), "sendmedia");
    /// ```
    #[must_use]
    pub const fn endpoint(self) -> &'static str {
        match self {
            MessageKind::Text => "sendtext",
            MessageKind::Media => "sendmedia",
            MessageKind::Template => "sendtemplate",
        }
    }

    /// Parses the exact JS `type` value.
    ///
    /// ```
    /// use whautomate::model::MessageKind;
    /// assert_eq!(MessageKind::parse("template"), Some(MessageKind::Template));
    /// assert_eq!(MessageKind::parse("Text"), None);
    /// ```
    #[must_use]
    pub fn parse(name: &str) -> Option<MessageKind> {
        MessageKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for MessageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serde as the JS `type` value: `"text"`, `"media"`, `"template"`.
///
/// ```
/// use whautomate::MessageKind;
/// assert_eq!(serde_json::to_string(&MessageKind::Text).unwrap(), r#""text""#);
/// assert_eq!(serde_json::from_str::<MessageKind>(r#""media""#).unwrap(), MessageKind::Media);
/// assert!(serde_json::from_str::<MessageKind>(r#""sendtext""#).is_err());
/// ```
impl serde::Serialize for MessageKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for MessageKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        MessageKind::parse(&name).ok_or_else(|| serde::de::Error::unknown_variant(&name, &["text", "media", "template"]))
    }
}
