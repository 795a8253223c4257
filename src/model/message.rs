//! The validated outgoing message, whose `Serialize` output is the wire body.

use crate::model::channel::{Channel, MessageKind};
use crate::model::target::Target;
use crate::model::template::{Element, TelegramTemplate, WhatsAppTemplate};
use crate::model::timestamp;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// What a message carries besides target, location and schedule.
///
/// ```
/// use whautomate::model::MessageContent;
/// let c = MessageContent::Text("Hello".into());
/// assert!(matches!(c, MessageContent::Text(ref t) if t == "Hello"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum MessageContent {
    /// `textMessage` of a text send.
    Text(String),
    /// A media send: the file's public URL and its MIME type.
    Media {
        /// Public http(s) URL of the file.
        media_url: String,
        /// The file's MIME type, e.g. `image/jpeg`.
        mime_type: String,
    },
    /// A WhatsApp template send.
    WhatsAppTemplate(WhatsAppTemplate),
    /// A Telegram template send.
    TelegramTemplate(TelegramTemplate),
    /// An Instagram or Messenger generic template (1 to 10 cards).
    GenericTemplate(Vec<Element>),
}

/// A message that passed validation: one channel × kind, routed to
/// `/messages/{channel}/{sendtext|sendmedia|sendtemplate}`.
///
/// It can only be built by [`crate::validate::validate_message`] (or a
/// [`MessageBuilder`](crate::model::MessageBuilder)), so holding one means the rulebook's
/// hard rules were checked. Its `Serialize` output **is** the wire body, in the field
/// order of the vendor's page. The location may still be missing (it is then taken from
/// the client's default when the request is prepared, see [`crate::request::prepare_send`]).
///
/// ```
/// use whautomate::model::{Channel, MessageBuilder, MessageKind};
/// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
///     .to_contact("c_1").text("Hello").location_id("loc_1").build().unwrap();
/// assert_eq!(msg.path(), "/messages/telegram/sendtext");
/// assert_eq!(serde_json::to_string(&msg).unwrap(),
///            r#"{"contact":{"id":"c_1"},"textMessage":"Hello","location":{"id":"loc_1"}}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMessage {
    channel: Channel,
    target: Target,
    location_id: Option<String>,
    schedule_at_ms: Option<i64>,
    content: MessageContent,
}

impl OutgoingMessage {
    /// Assembles a message. Only validation calls this: it guarantees that content,
    /// channel, target and schedule fit together.
    pub(crate) fn from_validated(
        channel: Channel,
        target: Target,
        location_id: Option<String>,
        schedule_at_ms: Option<i64>,
        content: MessageContent,
    ) -> Self {
        OutgoingMessage { channel, target, location_id, schedule_at_ms, content }
    }

    /// The channel.
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Text, media or template.
    pub fn kind(&self) -> MessageKind {
        match self.content {
            MessageContent::Text(_) => MessageKind::Text,
            MessageContent::Media { .. } => MessageKind::Media,
            _ => MessageKind::Template,
        }
    }

    /// The endpoint path relative to the base URL (which already ends in `/v1`).
    ///
    /// ```
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Media)
    ///     .to_client("cl_1").media("https://example.com/a.png", "image/png").build().unwrap();
    /// assert_eq!(msg.path(), "/messages/whatsapp/sendmedia");
    /// ```
    pub fn path(&self) -> String {
        format!("/messages/{}/{}", self.channel.as_str(), self.kind().endpoint())
    }

    /// The addressee.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The location id given with the message (or the default filled in by validation).
    pub fn location_id(&self) -> Option<&str> {
        self.location_id.as_deref()
    }

    /// The scheduled time in unix milliseconds, if any.
    pub fn schedule_at_ms(&self) -> Option<i64> {
        self.schedule_at_ms
    }

    /// The content.
    pub fn content(&self) -> &MessageContent {
        &self.content
    }

    /// A copy with the location set (used when the client's default location applies).
    ///
    /// ```
    /// # use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Instagram, MessageKind::Text)
    ///     .to_contact("c").text("hi").build().unwrap();
    /// assert_eq!(msg.with_location_id("loc_9").location_id(), Some("loc_9"));
    /// ```
    #[must_use]
    pub fn with_location_id(&self, location_id: impl Into<String>) -> Self {
        OutgoingMessage { location_id: Some(location_id.into()), ..self.clone() }
    }
}

/// `{"id": ...}`, the shape of `location`.
struct IdObject<'a>(&'a str);

impl Serialize for IdObject<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("id", self.0)?;
        map.end()
    }
}

impl Serialize for OutgoingMessage {
    /// Writes the fields in the order of the vendor's sample bodies: the target first;
    /// then `scheduleDateTime`, the content and `location` for text, media and WhatsApp
    /// templates; `location` then the content for the other templates (which have no
    /// schedule on the vendor's page).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(self.target.wire_key(), &self.target)?;
        let location = self.location_id.as_deref().map(IdObject);
        let schedule = self.schedule_at_ms.map(timestamp::format_unix_ms);
        let schedule_first = !matches!(
            self.content,
            MessageContent::TelegramTemplate(_) | MessageContent::GenericTemplate(_)
        );
        if schedule_first {
            if let Some(schedule) = &schedule {
                map.serialize_entry("scheduleDateTime", schedule)?;
            }
        } else if let Some(location) = &location {
            map.serialize_entry("location", location)?;
        }
        match &self.content {
            MessageContent::Text(text) => map.serialize_entry("textMessage", text)?,
            MessageContent::Media { media_url, mime_type } => {
                map.serialize_entry("mimeType", mime_type)?;
                map.serialize_entry("mediaUrl", media_url)?;
            }
            MessageContent::WhatsAppTemplate(t) => {
                map.serialize_entry("template", &t.template)?;
                if let Some(v) = &t.header_media_url {
                    map.serialize_entry("headerMediaUrl", v)?;
                }
                if let Some(v) = &t.header_text_parameters {
                    map.serialize_entry("headerTextParameters", v)?;
                }
                if let Some(v) = &t.body_text_parameters {
                    map.serialize_entry("bodyTextParameters", v)?;
                }
                if let Some(v) = &t.button_url_parameters {
                    map.serialize_entry("buttonUrlParameters", v)?;
                }
                if let Some(v) = &t.location_parameters {
                    map.serialize_entry("locationParameters", v)?;
                }
                if let Some(v) = &t.flow_parameters {
                    map.serialize_entry("flowParameters", v)?;
                }
            }
            MessageContent::TelegramTemplate(t) => {
                if let Some(v) = &t.header_type {
                    map.serialize_entry("headerType", v)?;
                }
                if let Some(v) = &t.mime_type {
                    map.serialize_entry("mimeType", v)?;
                }
                if let Some(v) = &t.media_url {
                    map.serialize_entry("mediaUrl", v)?;
                }
                map.serialize_entry("textMessage", &t.text)?;
                if let Some(v) = &t.buttons {
                    map.serialize_entry("buttons", v)?;
                }
            }
            MessageContent::GenericTemplate(elements) => map.serialize_entry("elements", elements)?,
        }
        if schedule_first {
            if let Some(location) = &location {
                map.serialize_entry("location", location)?;
            }
        }
        map.end()
    }
}
