//! The JavaScript-shaped message, as a caller writes it.
//!
//! Every field is optional so that deserialisation never stops at the first missing
//! field: [`crate::validate::validate_message`] reports all of them at once. Unknown keys
//! are collected (not rejected, not dropped) and reported as `unknown_field`
//! violations with their path, so a typo such as `to.contactID` is never silently ignored.

use crate::prelude::*;

use crate::json::{FromJson, Path, Reader, Value};
use crate::model::template::Coordinate;

/// Keys of an object that the SDK does not know, in input order.
///
/// ```
/// use whautomate::model::MessageInput;
/// let m: MessageInput = serde_json::from_str(r#"{"channel":"telegram","txt":"hi"}"#).unwrap();
/// assert_eq!(m.unknown_fields.0, vec!["txt".to_string()]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnknownFields(pub Vec<String>);


/// `to`: exactly one of `contactId`, `clientId` (`WhatsApp`), `phoneNumber` (`WhatsApp`,
/// with an optional `name`).
///
/// ```
/// use whautomate::model::TargetInput;
/// let t = TargetInput::contact("c_1");
/// assert_eq!(t.contact_id.as_deref(), Some("c_1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetInput {
    /// A Whautomate contact id.
    pub contact_id: Option<String>,
    /// A Whautomate client id (`WhatsApp` only).
    pub client_id: Option<String>,
    /// A phone number in international format (`WhatsApp` only).
    pub phone_number: Option<String>,
    /// Name for a contact created from `phoneNumber`.
    pub name: Option<String>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

impl TargetInput {
    /// `{ contactId }`.
    ///
    /// ```
    /// use whautomate::model::TargetInput;
    /// let t = TargetInput::contact("c_1");
    /// assert_eq!((t.contact_id.as_deref(), t.client_id.as_deref()), (Some("c_1"), None));
    /// ```
    pub fn contact(id: impl Into<String>) -> Self {
        TargetInput { contact_id: Some(id.into()), ..Default::default() }
    }
    /// `{ clientId }`.
    ///
    /// ```
    /// use whautomate::model::TargetInput;
    /// assert_eq!(TargetInput::client("cl_1").client_id.as_deref(), Some("cl_1"));
    /// ```
    pub fn client(id: impl Into<String>) -> Self {
        TargetInput { client_id: Some(id.into()), ..Default::default() }
    }
    /// `{ phoneNumber }`.
    ///
    /// ```
    /// use whautomate::model::TargetInput;
    /// let t = TargetInput::phone_number("+16505551234");
    /// assert_eq!(t.phone_number.as_deref(), Some("+16505551234"));
    /// assert!(t.name.is_none());
    /// ```
    pub fn phone_number(phone: impl Into<String>) -> Self {
        TargetInput { phone_number: Some(phone.into()), ..Default::default() }
    }
}

/// `template: { name, language }` of a `WhatsApp` template send.
///
/// ```
/// let t = whautomate::model::TemplateInput::new("hello_world", "en_US");
/// assert_eq!(t.language.as_deref(), Some("en_US"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TemplateInput {
    /// Approved template name.
    pub name: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

impl TemplateInput {
    /// A template reference.
    ///
    /// ```
    /// use whautomate::model::TemplateInput;
    /// let t = TemplateInput::new("order_update", "en_US");
    /// assert_eq!((t.name.as_deref(), t.language.as_deref()), (Some("order_update"), Some("en_US")));
    /// ```
    pub fn new(name: impl Into<String>, language: impl Into<String>) -> Self {
        TemplateInput { name: Some(name.into()), language: Some(language.into()), ..Default::default() }
    }
}

/// `locationParameters: { latitude, longitude, address?, name? }`.
///
/// Coordinates are kept as the JSON number's text ([`Coordinate`]): validation checks
/// the range exactly and the text goes to the wire unchanged. (serde formats carry
/// numbers as doubles: through serde, a coordinate is the double's shortest text.)
///
/// ```
/// use whautomate::model::{Coordinate, LocationParametersInput};
/// let p = LocationParametersInput::new(52.5, 13.4);
/// assert_eq!(p.latitude, Some(Coordinate::from_f64(52.5)));
/// let p: LocationParametersInput = serde_json::from_str(r#"{"latitude":52.5,"longitude":1.34e1}"#).unwrap();
/// assert_eq!(p.longitude.unwrap().as_str(), Some("13.4"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LocationParametersInput {
    /// Degrees north.
    pub latitude: Option<Coordinate>,
    /// Degrees east.
    pub longitude: Option<Coordinate>,
    /// Street address.
    pub address: Option<String>,
    /// Place name.
    pub name: Option<String>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

impl LocationParametersInput {
    /// A location without address or name, from doubles (see [`Coordinate::from_f64`]:
    /// a NaN or infinity is kept, and validation reports it as `out_of_range`).
    ///
    /// ```
    /// use whautomate::model::LocationParametersInput;
    /// let p = LocationParametersInput::new(-33.8688, 151.2093);
    /// assert_eq!(p.longitude.unwrap().as_f64(), 151.2093);
    /// ```
    #[must_use]
    pub fn new(latitude: f64, longitude: f64) -> Self {
        LocationParametersInput { latitude: Some(Coordinate::from_f64(latitude)), longitude: Some(Coordinate::from_f64(longitude)), ..Default::default() }
    }
}

/// `flowParameters: { flowToken, flowData? }`.
///
/// ```
/// let f = whautomate::model::FlowParametersInput::new("tok", Some("{}".into()));
/// assert_eq!(f.flow_token.as_deref(), Some("tok"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowParametersInput {
    /// The flow token.
    pub flow_token: Option<String>,
    /// The flow data string.
    pub flow_data: Option<String>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

impl FlowParametersInput {
    /// Flow parameters.
    ///
    /// ```
    /// use whautomate::model::FlowParametersInput;
    /// let f = FlowParametersInput::new("tok_1", None);
    /// assert_eq!((f.flow_token.as_deref(), f.flow_data), (Some("tok_1"), None));
    /// ```
    pub fn new(flow_token: impl Into<String>, flow_data: Option<String>) -> Self {
        FlowParametersInput { flow_token: Some(flow_token.into()), flow_data, ..Default::default() }
    }
}

/// A button: `{ title, url?, payload?, type? }` (`type` defaults to `web_url`).
///
/// ```
/// use whautomate::model::ButtonInput;
/// let b = ButtonInput::postback("Yes", "YES");
/// assert_eq!(b.kind.as_deref(), Some("postback"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ButtonInput {
    /// Label.
    pub title: Option<String>,
    /// URL of a `web_url` button.
    pub url: Option<String>,
    /// Payload of a `postback` button.
    pub payload: Option<String>,
    /// `web_url` (default) or `postback`.
    pub kind: Option<String>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

impl ButtonInput {
    /// A `web_url` button.
    ///
    /// ```
    /// use whautomate::model::ButtonInput;
    /// let b = ButtonInput::web_url("Open", "https://example.com");
    /// assert_eq!(b.url.as_deref(), Some("https://example.com"));
    /// assert_eq!(b.kind, None); // `type` defaults to web_url
    /// ```
    pub fn web_url(title: impl Into<String>, url: impl Into<String>) -> Self {
        ButtonInput { title: Some(title.into()), url: Some(url.into()), ..Default::default() }
    }
    /// A `postback` button.
    ///
    /// ```
    /// use whautomate::model::ButtonInput;
    /// let b = ButtonInput::postback("Yes", "ANSWER_YES");
    /// assert_eq!((b.payload.as_deref(), b.kind.as_deref()), (Some("ANSWER_YES"), Some("postback")));
    /// ```
    pub fn postback(title: impl Into<String>, payload: impl Into<String>) -> Self {
        ButtonInput {
            title: Some(title.into()),
            payload: Some(payload.into()),
            kind: Some("postback".into()),
            ..Default::default()
        }
    }
}

/// `defaultAction: { url }` of an element.
///
/// ```
/// let a = whautomate::model::DefaultActionInput::new("https://example.com");
/// assert!(a.url.is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DefaultActionInput {
    /// URL opened when the card is tapped.
    pub url: Option<String>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

impl DefaultActionInput {
    /// An action opening `url`.
    ///
    /// ```
    /// use whautomate::model::DefaultActionInput;
    /// assert_eq!(DefaultActionInput::new("https://example.com/p/1").url.as_deref(), Some("https://example.com/p/1"));
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        DefaultActionInput { url: Some(url.into()), ..Default::default() }
    }
}

/// A generic-template card: `{ title, subtitle?, imageUrl?, defaultAction?, buttons? }`.
///
/// ```
/// use whautomate::model::{ButtonInput, ElementInput};
/// let e = ElementInput::new("Red shoe")
///     .subtitle("Size 42")
///     .image_url("https://example.com/shoe.jpg")
///     .default_action("https://example.com/shoe")
///     .button(ButtonInput::web_url("Buy", "https://example.com/buy"));
/// assert_eq!(e.buttons.as_ref().map(Vec::len), Some(1));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElementInput {
    /// Title (required).
    pub title: Option<String>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Image URL (`image_url` on the wire).
    pub image_url: Option<String>,
    /// Tap action (`default_action` on the wire).
    pub default_action: Option<DefaultActionInput>,
    /// Up to three buttons.
    pub buttons: Option<Vec<ButtonInput>>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

impl ElementInput {
    /// A card with a title.
    ///
    /// ```
    /// use whautomate::model::ElementInput;
    /// let e = ElementInput::new("Red shoe");
    /// assert_eq!(e.title.as_deref(), Some("Red shoe"));
    /// assert!(e.subtitle.is_none() && e.buttons.is_none());
    /// ```
    pub fn new(title: impl Into<String>) -> Self {
        ElementInput { title: Some(title.into()), ..Default::default() }
    }
    /// Sets the subtitle.
    ///
    /// ```
    /// use whautomate::model::ElementInput;
    /// assert_eq!(ElementInput::new("Shoe").subtitle("Size 42").subtitle.as_deref(), Some("Size 42"));
    /// ```
    #[must_use]
    pub fn subtitle(mut self, subtitle: impl Into<String>) -> Self {
        self.subtitle = Some(subtitle.into());
        self
    }
    /// Sets the image URL.
    ///
    /// ```
    /// use whautomate::model::ElementInput;
    /// let e = ElementInput::new("Shoe").image_url("https://example.com/shoe.jpg");
    /// assert_eq!(e.image_url.as_deref(), Some("https://example.com/shoe.jpg"));
    /// ```
    #[must_use]
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }
    /// Sets the tap action's URL.
    ///
    /// ```
    /// use whautomate::model::{DefaultActionInput, ElementInput};
    /// let e = ElementInput::new("Shoe").default_action("https://example.com/shoe");
    /// assert_eq!(e.default_action, Some(DefaultActionInput::new("https://example.com/shoe")));
    /// ```
    #[must_use]
    pub fn default_action(mut self, url: impl Into<String>) -> Self {
        self.default_action = Some(DefaultActionInput::new(url));
        self
    }
    /// Appends a button.
    ///
    /// ```
    /// use whautomate::model::{ButtonInput, ElementInput};
    /// let e = ElementInput::new("Shoe")
    ///     .button(ButtonInput::web_url("Buy", "https://example.com/buy"))
    ///     .button(ButtonInput::postback("Later", "LATER"));
    /// assert_eq!(e.buttons.unwrap()[1].title.as_deref(), Some("Later"));
    /// ```
    #[must_use]
    pub fn button(mut self, button: ButtonInput) -> Self {
        self.buttons.get_or_insert_with(Vec::new).push(button);
        self
    }
}

/// An outgoing message exactly as JavaScript writes it (the README's "outgoing
/// message" table). Deserialise it from JSON or a JS object, or build it with
/// [`MessageBuilder`](crate::model::MessageBuilder); then validate it with
/// [`crate::validate::validate_message`].
///
/// ```
/// use whautomate::model::MessageInput;
/// let m: MessageInput = serde_json::from_str(r#"{
///     "channel": "whatsapp", "type": "text",
///     "to": { "phoneNumber": "+1 650 555 1234", "name": "Ann" },
///     "text": "Hello", "locationId": "loc_1", "scheduleAt": "2030-01-01T09:00:00+02:00"
/// }"#).unwrap();
/// assert_eq!(m.kind.as_deref(), Some("text"));
/// assert_eq!(m.to.unwrap().name.as_deref(), Some("Ann"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MessageInput {
    /// `whatsapp`, `telegram`, `instagram` or `messenger`.
    pub channel: Option<String>,
    /// `text`, `media` or `template`.
    pub kind: Option<String>,
    /// The addressee.
    pub to: Option<TargetInput>,
    /// Location id (falls back to the client's default).
    pub location_id: Option<String>,
    /// ISO-8601 date-time with `Z` or an offset; omitted = send now.
    pub schedule_at: Option<String>,
    /// Text of a text send or of a Telegram template.
    pub text: Option<String>,
    /// Media URL of a media send or of a Telegram template header.
    pub media_url: Option<String>,
    /// MIME type that goes with `mediaUrl`.
    pub mime_type: Option<String>,
    /// `WhatsApp` template reference.
    pub template: Option<TemplateInput>,
    /// `WhatsApp` template media header URL.
    pub header_media_url: Option<String>,
    /// `WhatsApp` template text-header variable (at most one).
    pub header_text_parameters: Option<Vec<String>>,
    /// `WhatsApp` template body variables.
    pub body_text_parameters: Option<Vec<String>>,
    /// `WhatsApp` template URL-button suffixes.
    pub button_url_parameters: Option<Vec<String>>,
    /// `WhatsApp` template location header.
    pub location_parameters: Option<LocationParametersInput>,
    /// `WhatsApp` template Flow button parameters.
    pub flow_parameters: Option<FlowParametersInput>,
    /// Telegram template header type (`IMAGE`).
    pub header_type: Option<String>,
    /// Telegram template buttons.
    pub buttons: Option<Vec<ButtonInput>>,
    /// Instagram / Messenger generic-template cards.
    pub elements: Option<Vec<ElementInput>>,
    /// Keys not listed above.
    pub unknown_fields: UnknownFields,
}

/// The one key list of an input struct, and everything read or written from it:
/// - `FromJson` (the crate's reader, the npm package's way in): each field from its
///   camelCase key, every other key kept in `unknown_fields` for validation to report;
/// - serde's `Deserialize`: the same reader, over a value of any serde format;
/// - serde's `Serialize`: the JS shape, the fields given under the same keys (absent ones
///   left out, never `null`). An input with unknown keys is refused (an error naming the
///   first): their values are not kept, and written without them it would come back valid.
macro_rules! input_struct {
    ($ty:ident { $($field:ident: $key:literal),* $(,)? }) => {
        impl FromJson for $ty {
            fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
                let (_, unknown) = reader.object(value, path, &[$($key),*])?;
                Some($ty { $($field: reader.field(value, path, $key),)* unknown_fields: UnknownFields(unknown) })
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::json::deserialize_with_reader(deserializer)
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::{Error, SerializeMap};
                // Unknown keys are kept as names only: written without them, an input would
                // come back valid where `build()` refuses it. It is refused here instead.
                if let Some(key) = self.unknown_fields.0.first() {
                    return Err(S::Error::custom(crate::text!("unknown field ", crate::text::Clipped(key), ": an input with keys the SDK does not know is not written (their values are not kept)")));
                }
                let len = 0 $(+ usize::from(self.$field.is_some()))*;
                let mut map = serializer.serialize_map(Some(len))?;
                $(if let Some(value) = &self.$field {
                    map.serialize_entry($key, value)?;
                })*
                map.end()
            }
        }
    };
}

input_struct!(TargetInput { contact_id: "contactId", client_id: "clientId", phone_number: "phoneNumber", name: "name" });
input_struct!(TemplateInput { name: "name", language: "language" });
input_struct!(LocationParametersInput { latitude: "latitude", longitude: "longitude", address: "address", name: "name" });
input_struct!(FlowParametersInput { flow_token: "flowToken", flow_data: "flowData" });
input_struct!(ButtonInput { title: "title", url: "url", payload: "payload", kind: "type" });
input_struct!(DefaultActionInput { url: "url" });
input_struct!(ElementInput { title: "title", subtitle: "subtitle", image_url: "imageUrl", default_action: "defaultAction", buttons: "buttons" });
input_struct!(MessageInput {
    channel: "channel",
    kind: "type",
    to: "to",
    location_id: "locationId",
    schedule_at: "scheduleAt",
    text: "text",
    media_url: "mediaUrl",
    mime_type: "mimeType",
    template: "template",
    header_media_url: "headerMediaUrl",
    header_text_parameters: "headerTextParameters",
    body_text_parameters: "bodyTextParameters",
    button_url_parameters: "buttonUrlParameters",
    location_parameters: "locationParameters",
    flow_parameters: "flowParameters",
    header_type: "headerType",
    buttons: "buttons",
    elements: "elements",
});

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `model::input::LocationParametersInput`
    #[test]
    fn locationparametersinput_line_113() {
        use crate::model::{Coordinate, LocationParametersInput};
        let p = LocationParametersInput::new(52.5, 13.4);
        assert_eq!(p.latitude, Some(Coordinate::from_f64(52.5)));
        // The crate's reader (the npm package's) keeps the number's text exactly.
        let p: LocationParametersInput = crate::json::from_json(r#"{"latitude":52.5,"longitude":1.34e1}"#).unwrap();
        assert_eq!(p.longitude.unwrap().as_str().unwrap(), "1.34e1");
    }
}
