//! The template payloads: WhatsApp's approved templates, Telegram's header + buttons, and
//! the generic template (cards) of Instagram and Messenger.
//!
//! These are validated values: they are only reachable through an
//! [`OutgoingMessage`](crate::model::OutgoingMessage), which validation builds. Their
//! JSON ([`ToJson`]) uses the wire names, and absent fields are omitted, never `null`.

use crate::prelude::*;

use crate::json::{ObjectWriter, ToJson};

/// An approved WhatsApp template: `template: {name, language}`.
///
/// ```
/// use whautomate::json::ToJson;
/// use whautomate::model::TemplateRef;
/// let t = TemplateRef { name: "order_update".into(), language: "en_US".into() };
/// assert_eq!(t.to_json(), r#"{"name":"order_update","language":"en_US"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRef {
    /// The template's name.
    pub name: String,
    /// Its language code, e.g. `en_US`.
    pub language: String,
}

/// `locationParameters` of a WhatsApp template with a location header.
///
/// ```
/// use whautomate::json::ToJson;
/// use whautomate::model::LocationParameters;
/// let p = LocationParameters { latitude: 1.5, longitude: -2.0, address: None, name: None };
/// assert_eq!(p.to_json(), r#"{"latitude":1.5,"longitude":-2.0}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LocationParameters {
    /// Degrees, in [-90, 90].
    pub latitude: f64,
    /// Degrees, in [-180, 180].
    pub longitude: f64,
    /// Street address shown under the pin.
    pub address: Option<String>,
    /// Place name shown under the pin.
    pub name: Option<String>,
}

/// `flowParameters` of a WhatsApp template with a Flow button.
///
/// ```
/// use whautomate::json::ToJson;
/// use whautomate::model::FlowParameters;
/// let f = FlowParameters { flow_token: "tok".into(), flow_data: None };
/// assert_eq!(f.to_json(), r#"{"flowToken":"tok"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowParameters {
    /// The flow token.
    pub flow_token: String,
    /// The flow's initial data, as the string the vendor expects.
    pub flow_data: Option<String>,
}

/// The WhatsApp `sendtemplate` payload (everything but target, schedule and location).
///
/// ```
/// use whautomate::model::{TemplateRef, WhatsAppTemplate};
/// let t = WhatsAppTemplate::new(TemplateRef { name: "hello".into(), language: "en".into() });
/// assert!(t.body_text_parameters.is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WhatsAppTemplate {
    /// Which approved template.
    pub template: TemplateRef,
    /// Media of an IMAGE / VIDEO / DOCUMENT header.
    pub header_media_url: Option<String>,
    /// Value of the text header's variable (at most one).
    pub header_text_parameters: Option<Vec<String>>,
    /// Values of the body variables, in order.
    pub body_text_parameters: Option<Vec<String>>,
    /// Dynamic suffixes of URL buttons, in button order.
    pub button_url_parameters: Option<Vec<String>>,
    /// Location of a LOCATION header.
    pub location_parameters: Option<LocationParameters>,
    /// Parameters of a Flow button.
    pub flow_parameters: Option<FlowParameters>,
}

impl WhatsAppTemplate {
    /// A template reference with no parameters.
    pub fn new(template: TemplateRef) -> Self {
        WhatsAppTemplate {
            template,
            header_media_url: None,
            header_text_parameters: None,
            body_text_parameters: None,
            button_url_parameters: None,
            location_parameters: None,
            flow_parameters: None,
        }
    }
}

/// Defines a string enum that the server may extend: known values plus `Unknown(String)`,
/// serialised as the plain string so that unknown values pass through unchanged.
macro_rules! open_string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know, passed through verbatim.
            Unknown(String),
        }

        impl $name {
            /// Maps a wire string to a known value, or to `Unknown`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($text => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }

            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl ToJson for $name {
            fn write_json(&self, out: &mut String) {
                crate::json::write_str(out, self.as_str());
            }
        }
    };
}

open_string_enum! {
    /// Telegram template `headerType`. Only `IMAGE` is documented publicly (domain rules
    /// A11); other values are passed through as [`HeaderType::Unknown`].
    ///
    /// ```
    /// use whautomate::model::HeaderType;
    /// assert_eq!(HeaderType::from_wire("IMAGE"), HeaderType::Image);
    /// assert_eq!(HeaderType::from_wire("VIDEO").as_str(), "VIDEO");
    /// ```
    HeaderType {
        /// An image header (`mimeType` must be `image/*`).
        Image => "IMAGE",
    }
}

open_string_enum! {
    /// Button `type`. The JS field defaults to `web_url` when omitted.
    ///
    /// ```
    /// use whautomate::model::ButtonType;
    /// assert_eq!(ButtonType::from_wire("postback"), ButtonType::Postback);
    /// assert_eq!(ButtonType::WebUrl.as_str(), "web_url");
    /// ```
    ButtonType {
        /// Opens `url`.
        WebUrl => "web_url",
        /// Sends `payload` back to the business.
        Postback => "postback",
    }
}

/// A button of a Telegram template or of a generic-template element:
/// wire `{type, title, payload?, url?}` in that order.
///
/// ```
/// use whautomate::json::ToJson;
/// use whautomate::model::{Button, ButtonType};
/// let b = Button { kind: ButtonType::WebUrl, title: "Open".into(), payload: None,
///                  url: Some("https://example.com".into()) };
/// assert_eq!(b.to_json(),
///            r#"{"type":"web_url","title":"Open","url":"https://example.com"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    /// Button type (`web_url` by default).
    pub kind: ButtonType,
    /// Label.
    pub title: String,
    /// Postback payload.
    pub payload: Option<String>,
    /// Target URL.
    pub url: Option<String>,
}

/// The tap action of an element: wire `{"type": "web_url", "url": ...}`.
///
/// ```
/// use whautomate::json::ToJson;
/// use whautomate::model::DefaultAction;
/// let a = DefaultAction { url: "https://example.com/p/1".into() };
/// assert_eq!(a.to_json(),
///            r#"{"type":"web_url","url":"https://example.com/p/1"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefaultAction {
    /// The URL opened on tap.
    pub url: String,
}

impl ToJson for DefaultAction {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        // Meta accepts only web_url here (M-4), so the type is fixed rather than asked for.
        o.str("type", "web_url").str("url", &self.url);
        o.end();
    }
}

/// One card of a generic template. Wire names are snake_case where the vendor uses
/// them: `image_url`, `default_action`.
///
/// ```
/// use whautomate::json::ToJson;
/// use whautomate::model::Element;
/// let e = Element { title: "Shoe".into(), subtitle: Some("Red".into()), image_url: None,
///                   default_action: None, buttons: None };
/// assert_eq!(e.to_json(), r#"{"title":"Shoe","subtitle":"Red"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Title (required, ≤ 80 characters).
    pub title: String,
    /// Subtitle (≤ 80 characters).
    pub subtitle: Option<String>,
    /// Image shown on the card.
    pub image_url: Option<String>,
    /// What a tap on the card opens.
    pub default_action: Option<DefaultAction>,
    /// Up to three buttons.
    pub buttons: Option<Vec<Button>>,
}

/// The Telegram `sendtemplate` payload: optional media header, text, buttons.
///
/// ```
/// use whautomate::model::TelegramTemplate;
/// let t = TelegramTemplate { header_type: None, mime_type: None, media_url: None,
///                            text: "Hi".into(), buttons: None };
/// assert_eq!(t.text, "Hi");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TelegramTemplate {
    /// Header kind (`IMAGE`).
    pub header_type: Option<HeaderType>,
    /// MIME type of the header media.
    pub mime_type: Option<String>,
    /// URL of the header media.
    pub media_url: Option<String>,
    /// Message text (`textMessage`), a caption when there is a media header.
    pub text: String,
    /// Inline buttons.
    pub buttons: Option<Vec<Button>>,
}

impl ToJson for TemplateRef {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.str("name", &self.name).str("language", &self.language);
        o.end();
    }
}

impl ToJson for LocationParameters {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.value("latitude", &self.latitude).value("longitude", &self.longitude);
        o.opt_str("address", self.address.as_deref()).opt_str("name", self.name.as_deref());
        o.end();
    }
}

impl ToJson for FlowParameters {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.str("flowToken", &self.flow_token).opt_str("flowData", self.flow_data.as_deref());
        o.end();
    }
}

impl ToJson for Button {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.value("type", &self.kind).str("title", &self.title);
        o.opt_str("payload", self.payload.as_deref()).opt_str("url", self.url.as_deref());
        o.end();
    }
}

impl ToJson for Element {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        o.str("title", &self.title).opt_str("subtitle", self.subtitle.as_deref()).opt_str("image_url", self.image_url.as_deref());
        o.opt("default_action", self.default_action.as_ref()).opt("buttons", self.buttons.as_ref());
        o.end();
    }
}
