//! The validated outgoing message, whose JSON ([`ToJson`]) is the wire body.

use crate::prelude::*;

use crate::model::channel::{Channel, MessageKind};
use crate::model::target::Target;
use crate::model::builder::MessageBuilder;
use crate::model::input::{
    ButtonInput, DefaultActionInput, ElementInput, FlowParametersInput, LocationParametersInput, MessageInput, TemplateInput,
    UnknownFields,
};
use crate::model::template::{Button, Element, TelegramTemplate, WhatsAppTemplate};
use crate::model::timestamp;
use crate::json::{ObjectWriter, ToJson};

/// What a message carries besides target, location and schedule.
///
/// ```
/// use whautomate::model::MessageContent;
/// let c = MessageContent::Text("Hello".into());
/// assert!(matches!(c, MessageContent::Text(ref t) if t == "Hello"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
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
    /// A `WhatsApp` template send.
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
/// hard rules were checked. Its JSON ([`OutgoingMessage::wire_body`]) **is** the wire body, in the field
/// order of the vendor's page. The location may still be missing (it is then taken from
/// the client's default when the request is prepared, see [`crate::request::prepare_send`]).
///
/// ```
/// use whautomate::model::{Channel, MessageBuilder, MessageKind};
/// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
///     .to_contact("c_1").text("Hello").location_id("loc_1").build().unwrap();
/// assert_eq!(msg.path(), "/messages/telegram/sendtext");
/// assert_eq!(msg.wire_body(),
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
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Instagram, MessageKind::Text).to_contact("c").text("hi").build().unwrap();
    /// assert_eq!(msg.channel(), Channel::Instagram);
    /// ```
    #[must_use]
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Text, media or template.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Media)
    ///     .to_contact("c").media("https://example.com/a.pdf", "application/pdf").build().unwrap();
    /// assert_eq!(msg.kind(), MessageKind::Media);
    /// ```
    #[must_use]
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
    #[must_use]
    pub fn path(&self) -> String {
        crate::text!("/messages/", self.channel.as_str(), "/", self.kind().endpoint())
    }

    /// The addressee.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind, Target};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text).to_client("cl_1").text("hi").build().unwrap();
    /// assert_eq!(msg.target(), &Target::Client("cl_1".into()));
    /// ```
    #[must_use]
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The location id given with the message (or the default filled in by validation).
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c").text("hi");
    /// assert_eq!(b.build().unwrap().location_id(), None);
    /// assert_eq!(b.location_id("loc_1").build().unwrap().location_id(), Some("loc_1"));
    /// ```
    #[must_use]
    pub fn location_id(&self) -> Option<&str> {
        self.location_id.as_deref()
    }

    /// The scheduled time in unix milliseconds, if any.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
    ///     .to_contact("c").text("hi").schedule_at("2030-01-01T00:00:00Z").build().unwrap();
    /// assert_eq!(msg.schedule_at_ms(), Some(1_893_456_000_000));
    /// ```
    #[must_use]
    pub fn schedule_at_ms(&self) -> Option<i64> {
        self.schedule_at_ms
    }

    /// The content.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageContent, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c").text("hi").build().unwrap();
    /// assert_eq!(msg.content(), &MessageContent::Text("hi".into()));
    /// ```
    #[must_use]
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

    /// The wire body: the JSON the API receives (the body of [`crate::prepare_send`]'s
    /// request when the message has its own location).
    ///
    /// ```
    /// use whautomate::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
    ///     .to_phone_number("+16505551234", Some("Ann")).text("Hi").build().unwrap();
    /// assert_eq!(msg.wire_body(), r#"{"recepient":{"phoneNumber":"+16505551234","name":"Ann"},"textMessage":"Hi"}"#);
    /// ```
    #[inline] // compiled where it is used: the npm package writes bodies through body_with_location
    #[must_use]
    pub fn wire_body(&self) -> String {
        self.body_with_location(self.location_id.as_deref())
    }

    /// The wire body with `location_id` as its location: the JSON of
    /// `self.with_location_id(location_id)`, without copying the message.
    pub(crate) fn body_with_location(&self, location_id: Option<&str>) -> String {
        let mut out = String::with_capacity(256);
        self.write_body(location_id, &mut out);
        out
    }

    /// The body as [`ToJson`] writes it, with `location_id` as the location.
    fn write_body(&self, location_id: Option<&str>, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.value(self.target.wire_key(), &self.target);
        let schedule_first = !matches!(self.content, MessageContent::TelegramTemplate(_) | MessageContent::GenericTemplate(_));
        let write_location = |o: &mut ObjectWriter<'_>| {
            if let Some(id) = location_id {
                let mut l = ObjectWriter::new(o.key("location"));
                l.str("id", id);
                l.end();
            }
        };
        if schedule_first {
            if let Some(ms) = self.schedule_at_ms {
                o.str("scheduleDateTime", &timestamp::format_unix_ms(ms));
            }
        } else {
            write_location(&mut o);
        }
        match &self.content {
            MessageContent::Text(text) => {
                o.str("textMessage", text);
            }
            MessageContent::Media { media_url, mime_type } => {
                o.str("mimeType", mime_type).str("mediaUrl", media_url);
            }
            MessageContent::WhatsAppTemplate(t) => {
                o.value("template", &t.template)
                    .opt_str("headerMediaUrl", t.header_media_url.as_deref())
                    .opt("headerTextParameters", t.header_text_parameters.as_ref())
                    .opt("bodyTextParameters", t.body_text_parameters.as_ref())
                    .opt("buttonUrlParameters", t.button_url_parameters.as_ref())
                    .opt("locationParameters", t.location_parameters.as_ref())
                    .opt("flowParameters", t.flow_parameters.as_ref());
            }
            MessageContent::TelegramTemplate(t) => {
                o.opt("headerType", t.header_type.as_ref())
                    .opt_str("mimeType", t.mime_type.as_deref())
                    .opt_str("mediaUrl", t.media_url.as_deref())
                    .str("textMessage", &t.text)
                    .opt("buttons", t.buttons.as_ref());
            }
            MessageContent::GenericTemplate(elements) => {
                o.value("elements", elements);
            }
        }
        if schedule_first {
            write_location(&mut o);
        }
        o.end();
    }
}

impl OutgoingMessage {
    /// The JS-shaped message this one is, as a caller would write it: validating it again
    /// gives this message back (`scheduleAt` in UTC, the phone number in E.164, every
    /// button's `type` written out).
    ///
    /// ```
    /// use whautomate::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
    ///     .to_phone_number("+1 650 555 1234", None).text("hi").schedule_at("2030-01-01T02:00:00+02:00").build().unwrap();
    /// let input = msg.to_input();
    /// assert_eq!(input.schedule_at.as_deref(), Some("2030-01-01T00:00:00.000Z"));
    /// assert_eq!(MessageBuilder::from_input(input).build().unwrap(), msg);
    /// ```
    // `#[inline]`: only serde and Rust callers use it, so it is compiled where it is used,
    // never in this crate's own code; outlined here, its clones of coordinates and
    // parameter lists changed what the npm package's .wasm inlines (+368 bytes).
    #[inline]
    pub fn to_input(&self) -> MessageInput {
        let mut input = MessageInput {
            channel: Some(self.channel.as_str().to_owned()),
            kind: Some(self.kind().as_str().to_owned()),
            to: Some(self.target.to_input()),
            location_id: self.location_id.clone(),
            schedule_at: self.schedule_at_ms.map(timestamp::format_unix_ms),
            ..MessageInput::default()
        };
        let button = |b: &Button| ButtonInput {
            title: Some(b.title.clone()),
            url: b.url.clone(),
            payload: b.payload.clone(),
            kind: Some(b.kind.as_str().to_owned()),
            unknown_fields: UnknownFields::default(),
        };
        match &self.content {
            MessageContent::Text(text) => input.text = Some(text.clone()),
            MessageContent::Media { media_url, mime_type } => {
                input.media_url = Some(media_url.clone());
                input.mime_type = Some(mime_type.clone());
            }
            MessageContent::WhatsAppTemplate(t) => {
                input.template = Some(TemplateInput::new(t.template.name.clone(), t.template.language.clone()));
                input.header_media_url.clone_from(&t.header_media_url);
                input.header_text_parameters.clone_from(&t.header_text_parameters);
                input.body_text_parameters.clone_from(&t.body_text_parameters);
                input.button_url_parameters.clone_from(&t.button_url_parameters);
                input.location_parameters = t.location_parameters.as_ref().map(|p| LocationParametersInput {
                    latitude: Some(p.latitude.clone()),
                    longitude: Some(p.longitude.clone()),
                    address: p.address.clone(),
                    name: p.name.clone(),
                    unknown_fields: UnknownFields::default(),
                });
                input.flow_parameters = t.flow_parameters.as_ref().map(|f| FlowParametersInput::new(f.flow_token.clone(), f.flow_data.clone()));
            }
            MessageContent::TelegramTemplate(t) => {
                input.header_type = t.header_type.as_ref().map(|h| h.as_str().to_owned());
                input.mime_type.clone_from(&t.mime_type);
                input.media_url.clone_from(&t.media_url);
                input.text = Some(t.text.clone());
                input.buttons = t.buttons.as_ref().map(|buttons| buttons.iter().map(button).collect());
            }
            MessageContent::GenericTemplate(elements) => {
                let element = |e: &Element| ElementInput {
                    title: Some(e.title.clone()),
                    subtitle: e.subtitle.clone(),
                    image_url: e.image_url.clone(),
                    default_action: e.default_action.as_ref().map(|a| DefaultActionInput::new(a.url.clone())),
                    buttons: e.buttons.as_ref().map(|buttons| buttons.iter().map(button).collect()),
                    unknown_fields: UnknownFields::default(),
                };
                input.elements = Some(elements.iter().map(element).collect());
            }
        }
        input
    }
}

/// The JS shape ([`OutgoingMessage::to_input`]), not the wire body.
///
/// ```
/// use whautomate::{Channel, MessageBuilder, MessageKind};
/// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Text).to_contact("c_1").text("Hello").build().unwrap();
/// assert_eq!(serde_json::to_string(&msg).unwrap(),
///            r#"{"channel":"telegram","type":"text","to":{"contactId":"c_1"},"text":"Hello"}"#);
/// ```
impl serde::Serialize for OutgoingMessage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_input().serialize(serializer)
    }
}

/// Reads a [`MessageInput`] and validates it as [`MessageBuilder::build`] does: a message
/// that breaks a rule is an error listing every violation, so an `OutgoingMessage` that
/// deserialised is a valid one.
///
/// ```
/// use whautomate::OutgoingMessage;
/// let msg: OutgoingMessage = serde_json::from_str(
///     r#"{"channel":"telegram","type":"text","to":{"contactId":"c_1"},"text":"Hello"}"#).unwrap();
/// assert_eq!(msg.path(), "/messages/telegram/sendtext");
/// let err = serde_json::from_str::<OutgoingMessage>(r#"{"channel":"telegram","type":"text","txt":"Hello"}"#).unwrap_err();
/// assert!(err.to_string().starts_with("unknown field txt; to is required"), "{err}");
/// ```
impl<'de> serde::Deserialize<'de> for OutgoingMessage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let input = MessageInput::deserialize(deserializer)?;
        MessageBuilder::from_input(input).build().map_err(|e| serde::de::Error::custom(crate::json::ViolationList(e.violations())))
    }
}

impl ToJson for OutgoingMessage {
    /// Writes the fields in the order of the vendor's sample bodies: the target first;
    /// then `scheduleDateTime`, the content and `location` for text, media and `WhatsApp`
    /// templates; `location` then the content for the other templates (which have no
    /// schedule on the vendor's page).
    fn write_json(&self, out: &mut String) {
        self.write_body(self.location_id.as_deref(), out);
    }
}
