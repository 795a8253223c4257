//! Typed builders: a Rust user writes a message the way a JS user does, then `build()`
//! validates it with the same rulebook.

use crate::prelude::*;

use crate::error::Error;
use crate::model::channel::{Channel, MessageKind};
use crate::model::input::{
    ButtonInput, ElementInput, FlowParametersInput, LocationParametersInput, MessageInput, TargetInput,
    TemplateInput,
};
use crate::model::message::OutgoingMessage;
use crate::model::timestamp;
use crate::validate::{validate_message, ValidationContext};

/// Builds a [`MessageInput`] with infallible setters; [`MessageBuilder::build`] validates.
///
/// Setters for fields that do not apply to the chosen channel and kind are still
/// accepted, and `build()` then reports them as `not_allowed` (as it would for JS), so
/// nothing is silently dropped.
///
/// `build()` checks structure only: it does not compare `scheduleAt` with the clock and
/// does not require a location (the client fills in its default and checks both when it
/// prepares the request).
///
/// ```
/// use whautomate::model::{ButtonInput, Channel, ElementInput, MessageBuilder, MessageKind};
/// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
///     .to_phone_number("+44 20 7946 0958", Some("Ann"))
///     .template("order_update", "en_US")
///     .body_text_parameter("Ann")
///     .body_text_parameter("#1234")
///     .location_id("loc_1")
///     .build()
///     .unwrap();
/// assert_eq!(msg.path(), "/messages/whatsapp/sendtemplate");
///
/// let err = MessageBuilder::new(Channel::Instagram, MessageKind::Template)
///     .to_contact("c_1")
///     .element(ElementInput::new("Shoe")) // a card needs more than a title
///     .build()
///     .unwrap_err();
/// assert_eq!(err.field(), Some("elements[0]"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct MessageBuilder {
    input: MessageInput,
}

impl MessageBuilder {
    /// A message of `kind` on `channel`.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::Telegram, MessageKind::Text);
    /// assert_eq!(b.input().channel.as_deref(), Some("telegram"));
    /// assert_eq!(b.input().kind.as_deref(), Some("text"));
    /// ```
    pub fn new(channel: Channel, kind: MessageKind) -> Self {
        MessageBuilder {
            input: MessageInput {
                channel: Some(channel.as_str().to_string()),
                kind: Some(kind.as_str().to_string()),
                ..Default::default()
            },
        }
    }

    /// Starts from an existing JS-shaped input.
    ///
    /// ```
    /// use whautomate::model::{MessageBuilder, MessageInput};
    /// let input: MessageInput = serde_json::from_str(
    ///     r#"{"channel":"telegram","type":"text","to":{"contactId":"c1"}}"#).unwrap();
    /// let msg = MessageBuilder::from_input(input).text("hi").build().unwrap();
    /// assert_eq!(msg.path(), "/messages/telegram/sendtext");
    /// ```
    pub fn from_input(input: MessageInput) -> Self {
        MessageBuilder { input }
    }

    /// Sends to a Whautomate contact.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind, Target};
    /// let msg = MessageBuilder::new(Channel::Messenger, MessageKind::Text)
    ///     .to_contact("c_1").text("hi").build().unwrap();
    /// assert_eq!(msg.target(), &Target::Contact("c_1".into()));
    /// ```
    pub fn to_contact(mut self, contact_id: impl Into<String>) -> Self {
        self.input.to = Some(TargetInput::contact(contact_id));
        self
    }

    /// Sends to a Whautomate client (`WhatsApp` only).
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind, Target};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
    ///     .to_client("cl_1").text("hi").build().unwrap();
    /// assert_eq!(msg.target(), &Target::Client("cl_1".into()));
    /// // Other channels address contacts only.
    /// let err = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_client("cl_1").text("hi").build().unwrap_err();
    /// assert_eq!(err.violations()[0].code, "not_allowed");
    /// ```
    pub fn to_client(mut self, client_id: impl Into<String>) -> Self {
        self.input.to = Some(TargetInput::client(client_id));
        self
    }

    /// Sends to a phone number, optionally naming the contact (`WhatsApp` only).
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind, Target};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
    ///     .to_phone_number("+1 650 555 1234", Some("Ann")).text("hi").build().unwrap();
    /// assert_eq!(msg.target(), &Target::Recipient { phone_number: "+16505551234".into(), name: Some("Ann".into()) });
    /// ```
    pub fn to_phone_number(mut self, phone_number: impl Into<String>, name: Option<&str>) -> Self {
        self.input.to = Some(TargetInput { name: name.map(str::to_string), ..TargetInput::phone_number(phone_number) });
        self
    }

    /// Sets the whole `to` object.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind, Target, TargetInput};
    /// let msg = MessageBuilder::new(Channel::Instagram, MessageKind::Text)
    ///     .to(TargetInput::contact("c_7")).text("hi").build().unwrap();
    /// assert_eq!(msg.target(), &Target::Contact("c_7".into()));
    /// ```
    pub fn to(mut self, target: TargetInput) -> Self {
        self.input.to = Some(target);
        self
    }

    /// Sets the location id.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c_1").text("hi").location_id("loc_1").build().unwrap();
    /// assert_eq!(msg.location_id(), Some("loc_1"));
    /// ```
    pub fn location_id(mut self, location_id: impl Into<String>) -> Self {
        self.input.location_id = Some(location_id.into());
        self
    }

    /// Schedules the send at an ISO-8601 date-time with `Z` or an offset.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text)
    ///     .to_contact("c_1").text("hi").schedule_at("2030-01-01T09:00:00+02:00").build().unwrap();
    /// assert_eq!(msg.schedule_at_ms(), Some(1_893_481_200_000)); // 07:00 UTC
    /// ```
    pub fn schedule_at(mut self, iso: impl Into<String>) -> Self {
        self.input.schedule_at = Some(iso.into());
        self
    }

    /// Schedules the send at a unix time in milliseconds.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::WhatsApp, MessageKind::Text).schedule_at_unix_ms(1_893_481_200_000);
    /// assert_eq!(b.input().schedule_at.as_deref(), Some("2030-01-01T07:00:00.000Z"));
    /// ```
    pub fn schedule_at_unix_ms(mut self, unix_ms: i64) -> Self {
        self.input.schedule_at = Some(timestamp::format_unix_ms(unix_ms));
        self
    }

    /// Sets the text (text sends, Telegram templates).
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Text)
    ///     .to_contact("c_1").text("Hello").build().unwrap();
    /// assert_eq!(msg.wire_body(), r#"{"contact":{"id":"c_1"},"textMessage":"Hello"}"#);
    /// ```
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.input.text = Some(text.into());
        self
    }

    /// Sets `mediaUrl` and `mimeType` (media sends, Telegram template header).
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageContent, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Messenger, MessageKind::Media)
    ///     .to_contact("c_1").media("https://example.com/a.jpg", "image/jpeg").build().unwrap();
    /// assert_eq!(msg.content(), &MessageContent::Media {
    ///     media_url: "https://example.com/a.jpg".into(),
    ///     mime_type: "image/jpeg".into(),
    /// });
    /// ```
    pub fn media(mut self, media_url: impl Into<String>, mime_type: impl Into<String>) -> Self {
        self.input.media_url = Some(media_url.into());
        self.input.mime_type = Some(mime_type.into());
        self
    }

    /// Sets the `WhatsApp` template reference.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageContent, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
    ///     .to_contact("c_1").template("hello_world", "en_US").build().unwrap();
    /// let MessageContent::WhatsAppTemplate(t) = msg.content() else { panic!() };
    /// assert_eq!((t.template.name.as_str(), t.template.language.as_str()), ("hello_world", "en_US"));
    /// ```
    pub fn template(mut self, name: impl Into<String>, language: impl Into<String>) -> Self {
        self.input.template = Some(TemplateInput::new(name, language));
        self
    }

    /// Sets the `WhatsApp` template media header URL.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
    ///     .to_contact("c_1").template("invoice", "en").header_media_url("https://example.com/i.pdf")
    ///     .build().unwrap();
    /// assert!(msg.wire_body().contains(r#""headerMediaUrl":"https://example.com/i.pdf""#));
    /// ```
    pub fn header_media_url(mut self, url: impl Into<String>) -> Self {
        self.input.header_media_url = Some(url.into());
        self
    }

    /// Appends a `WhatsApp` header text parameter.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template).header_text_parameter("Ann");
    /// assert_eq!(b.input().header_text_parameters, Some(vec!["Ann".to_string()]));
    /// ```
    pub fn header_text_parameter(mut self, value: impl Into<String>) -> Self {
        self.input.header_text_parameters.get_or_insert_with(Vec::new).push(value.into());
        self
    }

    /// Appends a `WhatsApp` body text parameter.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
    ///     .body_text_parameter("Ann").body_text_parameter("#1234");
    /// assert_eq!(b.input().body_text_parameters, Some(vec!["Ann".to_string(), "#1234".to_string()]));
    /// ```
    pub fn body_text_parameter(mut self, value: impl Into<String>) -> Self {
        self.input.body_text_parameters.get_or_insert_with(Vec::new).push(value.into());
        self
    }

    /// Appends a `WhatsApp` URL-button suffix.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template).button_url_parameter("order/1234");
    /// assert_eq!(b.input().button_url_parameters, Some(vec!["order/1234".to_string()]));
    /// ```
    pub fn button_url_parameter(mut self, value: impl Into<String>) -> Self {
        self.input.button_url_parameters.get_or_insert_with(Vec::new).push(value.into());
        self
    }

    /// Sets the `WhatsApp` location header. Coordinates are checked by `build()` (latitude
    /// within ±90, longitude within ±180, finite) and go to the wire in their shortest
    /// round-trip form.
    ///
    /// ```
    /// use whautomate::model::{Channel, LocationParametersInput, MessageBuilder, MessageKind};
    /// let builder = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
    ///     .to_contact("c_1")
    ///     .template("store_pickup", "en_US");
    /// let msg = builder.clone().location_parameters(LocationParametersInput::new(48.8584, 2.2945)).build().unwrap();
    /// assert!(msg.wire_body().contains(r#""locationParameters":{"latitude":48.8584,"longitude":2.2945}"#));
    /// let err = builder.location_parameters(LocationParametersInput::new(91.0, f64::NAN)).build().unwrap_err();
    /// let codes: Vec<_> = err.violations().iter().map(|v| (v.field.as_str(), v.code)).collect();
    /// assert_eq!(codes, [("locationParameters.latitude", "out_of_range"), ("locationParameters.longitude", "out_of_range")]);
    /// ```
    pub fn location_parameters(mut self, parameters: LocationParametersInput) -> Self {
        self.input.location_parameters = Some(parameters);
        self
    }

    /// Sets the `WhatsApp` Flow parameters.
    ///
    /// ```
    /// use whautomate::model::{Channel, FlowParametersInput, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::WhatsApp, MessageKind::Template)
    ///     .to_contact("c_1").template("signup", "en")
    ///     .flow_parameters(FlowParametersInput::new("tok_1", None))
    ///     .build().unwrap();
    /// assert!(msg.wire_body().contains(r#""flowParameters":{"flowToken":"tok_1"}"#));
    /// ```
    pub fn flow_parameters(mut self, parameters: FlowParametersInput) -> Self {
        self.input.flow_parameters = Some(parameters);
        self
    }

    /// Sets the Telegram template header type (e.g. `IMAGE`).
    ///
    /// ```
    /// use whautomate::model::{Channel, HeaderType, MessageBuilder, MessageContent, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Template)
    ///     .to_contact("c_1").header_type("IMAGE").media("https://example.com/a.png", "image/png").text("New!")
    ///     .build().unwrap();
    /// let MessageContent::TelegramTemplate(t) = msg.content() else { panic!() };
    /// assert_eq!(t.header_type, Some(HeaderType::Image));
    /// ```
    pub fn header_type(mut self, header_type: impl Into<String>) -> Self {
        self.input.header_type = Some(header_type.into());
        self
    }

    /// Appends a Telegram template button.
    ///
    /// ```
    /// use whautomate::model::{ButtonInput, Channel, MessageBuilder, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Telegram, MessageKind::Template)
    ///     .to_contact("c_1").text("Track your order")
    ///     .button(ButtonInput::web_url("Open", "https://example.com/o/1"))
    ///     .build().unwrap();
    /// assert!(msg.wire_body().ends_with(r#""buttons":[{"type":"web_url","title":"Open","url":"https://example.com/o/1"}]}"#));
    /// ```
    pub fn button(mut self, button: ButtonInput) -> Self {
        self.input.buttons.get_or_insert_with(Vec::new).push(button);
        self
    }

    /// Appends an Instagram / Messenger generic-template card.
    ///
    /// ```
    /// use whautomate::model::{Channel, ElementInput, MessageBuilder, MessageContent, MessageKind};
    /// let msg = MessageBuilder::new(Channel::Messenger, MessageKind::Template)
    ///     .to_contact("c_1")
    ///     .element(ElementInput::new("Shoe").subtitle("Red, size 42"))
    ///     .element(ElementInput::new("Boot").image_url("https://example.com/boot.jpg"))
    ///     .build().unwrap();
    /// let MessageContent::GenericTemplate(cards) = msg.content() else { panic!() };
    /// assert_eq!(cards.len(), 2);
    /// assert_eq!(cards[1].image_url.as_deref(), Some("https://example.com/boot.jpg"));
    /// ```
    pub fn element(mut self, element: ElementInput) -> Self {
        self.input.elements.get_or_insert_with(Vec::new).push(element);
        self
    }

    /// The JS-shaped message built so far.
    ///
    /// ```
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::Telegram, MessageKind::Text).text("hi");
    /// assert_eq!(b.input().text.as_deref(), Some("hi"));
    /// assert!(b.input().to.is_none());
    /// ```
    #[must_use]
    pub fn input(&self) -> &MessageInput {
        &self.input
    }

    /// Validates the message's structure and returns it, or an
    /// [`ErrorCode::InvalidInput`](crate::ErrorCode::InvalidInput) error with every
    /// violation.
    ///
    /// # Errors
    ///
    /// `invalid_input` with every violation of the channel's rules (see [`Error::violations`]).
    ///
    /// ```
    /// use whautomate::ErrorCode;
    /// use whautomate::model::{Channel, MessageBuilder, MessageKind};
    /// let b = MessageBuilder::new(Channel::Telegram, MessageKind::Text);
    /// let err = b.build().unwrap_err(); // neither `to` nor `text`
    /// assert_eq!(err.code(), ErrorCode::InvalidInput);
    /// let fields: Vec<_> = err.violations().iter().map(|v| v.field.as_str()).collect();
    /// assert_eq!(fields, ["to", "text"]);
    /// assert!(b.to_contact("c_1").text("hi").build().is_ok());
    /// ```
    pub fn build(&self) -> Result<OutgoingMessage, Error> {
        validate_message(&self.input, &ValidationContext::default()).map_err(Error::invalid_input)
    }
}
