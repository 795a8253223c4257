//! The template payloads: `WhatsApp`'s approved templates, Telegram's header + buttons, and
//! the generic template (cards) of Instagram and Messenger.
//!
//! These are validated values: they are only reachable through an
//! [`OutgoingMessage`](crate::model::OutgoingMessage), which validation builds. Their
//! JSON ([`ToJson`]) uses the wire names, and absent fields are omitted, never `null`.

use crate::prelude::*;

use crate::json::{FromJson, Number, ObjectWriter, Path, Reader, ToJson, Value};

/// An approved `WhatsApp` template: `template: {name, language}`.
///
/// ```
/// use whautomate::model::TemplateRef;
/// let t = TemplateRef { name: "order_update".into(), language: "en_US".into() };
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#"{"name":"order_update","language":"en_US"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateRef {
    /// The template's name.
    pub name: String,
    /// Its language code, e.g. `en_US`.
    pub language: String,
}

/// A latitude or longitude in degrees, kept as the decimal text of a JSON number.
///
/// Why not `f64`: a coordinate is only range-checked and sent on, so the SDK compares its
/// text exactly with the bound ([`Coordinate::is_within`]) and writes it to the wire as
/// it came (`JSON.stringify` already wrote the shortest form). No float is parsed or
/// formatted on that path, which keeps float code out of the npm package's .wasm.
///
/// From Rust, [`Coordinate::from_f64`] (or `From<f64>`) writes a double in its shortest
/// round-trip form. A NaN or infinity is kept as such, so that validation reports it
/// (`out_of_range`) instead of anything panicking or sending a wrong value.
///
/// ```
/// use whautomate::model::Coordinate;
/// let lat = Coordinate::parse("37.4847").unwrap();
/// assert!(lat.is_within(90));
/// assert_eq!(lat.as_f64(), 37.4847);
/// assert_eq!(Coordinate::from_f64(-122.1477).as_str().unwrap(), "-122.1477");
/// assert!(!Coordinate::from_f64(f64::NAN).is_within(180));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Coordinate(Degrees);

/// What a [`Coordinate`] holds: a JSON number, or one of the non-finite doubles a Rust
/// caller may pass (JSON text has none of them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Degrees {
    Number(Number),
    NotANumber,
    Infinity,
    NegativeInfinity,
}

impl Coordinate {
    /// A coordinate from the text of a JSON number (`None` if `text` is not one).
    ///
    /// ```
    /// use whautomate::model::Coordinate;
    /// assert!(Coordinate::parse("-33.8688").is_some());
    /// assert!(Coordinate::parse("1e2").is_some()); // a number, out of range for validation to report
    /// assert!(Coordinate::parse("north").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Coordinate> {
        Number::parse(text).map(Coordinate::from)
    }

    /// A coordinate from a double, written in its shortest round-trip form without an
    /// exponent (core's `Display` for `f64`): `52.5`, `-2`, `0.0000001`. NaN and the
    /// infinities are kept, for validation to refuse.
    ///
    /// ```
    /// use whautomate::model::Coordinate;
    /// assert_eq!(Coordinate::from_f64(-2.0).as_str().unwrap(), "-2");
    /// assert_eq!(Coordinate::from_f64(0.1 + 0.2).as_str().unwrap(), "0.30000000000000004");
    /// assert_eq!(Coordinate::from_f64(1e-7).as_str().unwrap(), "0.0000001");
    /// assert!(Coordinate::from_f64(f64::INFINITY).as_str().is_none());
    /// ```
    #[must_use]
    pub fn from_f64(value: f64) -> Coordinate {
        // The one float formatting in the crate, for Rust callers only: the wasm entry points
        // read coordinates from JSON text, so this (and core's float code) is never linked
        // into the npm package.
        if value.is_nan() {
            Coordinate(Degrees::NotANumber)
        } else if value == f64::INFINITY {
            Coordinate(Degrees::Infinity)
        } else if value == f64::NEG_INFINITY {
            Coordinate(Degrees::NegativeInfinity)
        } else {
            // `Display` of a finite double is `-?digits(.digits)?`: JSON number grammar, and
            // finite, so it needs no further check.
            Coordinate(Degrees::Number(Number::from_checked(&value.to_string())))
        }
    }

    /// The value as a double (the nearest one to the text; NaN or an infinity if it was
    /// built from one).
    ///
    /// ```
    /// use whautomate::model::Coordinate;
    /// assert_eq!(Coordinate::parse("9e1").unwrap().as_f64(), 90.0);
    /// assert!(Coordinate::from_f64(f64::NAN).as_f64().is_nan());
    /// ```
    #[must_use]
    pub fn as_f64(&self) -> f64 {
        match &self.0 {
            // Any JSON number within range parses; NaN only if that ever changed.
            Degrees::Number(n) => n.as_str().parse().unwrap_or(f64::NAN),
            Degrees::NotANumber => f64::NAN,
            Degrees::Infinity => f64::INFINITY,
            Degrees::NegativeInfinity => f64::NEG_INFINITY,
        }
    }

    /// The JSON number's text, unless the coordinate was built from a non-finite double.
    ///
    /// ```
    /// use whautomate::model::Coordinate;
    /// assert_eq!(Coordinate::parse("1E+1").unwrap().as_str(), Some("1E+1"));
    /// assert_eq!(Coordinate::from_f64(f64::NAN).as_str(), None);
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        self.as_number().map(Number::as_str)
    }

    /// The JSON number, unless the coordinate was built from a non-finite double.
    pub(crate) fn as_number(&self) -> Option<&Number> {
        match &self.0 {
            Degrees::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Whether the coordinate is a number from `-bound` to `bound` inclusive, decided
    /// exactly on the decimal text (`WhatsApp`: latitude within 90, longitude within 180).
    ///
    /// ```
    /// use whautomate::model::Coordinate;
    /// let within = |t: &str| Coordinate::parse(t).unwrap().is_within(90);
    /// assert!(within("90") && within("90.0") && within("9e1") && within("-90") && within("-0") && within("1e-400"));
    /// assert!(!within("90.00000000000001") && !within("-90.5"));
    /// assert!(!Coordinate::from_f64(f64::NEG_INFINITY).is_within(90));
    /// ```
    #[must_use]
    pub fn is_within(&self, bound: u64) -> bool {
        self.as_number().is_some_and(|n| n.magnitude_at_most(bound))
    }
}

/// Zero degrees (what validation puts in place of a missing or refused coordinate).
///
/// ```
/// use whautomate::model::Coordinate;
/// assert_eq!(Coordinate::default().as_f64(), 0.0);
/// ```
impl Default for Coordinate {
    fn default() -> Self {
        Coordinate(Degrees::Number(Number::from_checked("0")))
    }
}

impl From<Number> for Coordinate {
    fn from(number: Number) -> Self {
        Coordinate(Degrees::Number(number))
    }
}

/// Same as [`Coordinate::from_f64`].
///
/// ```
/// use whautomate::model::Coordinate;
/// let c: Coordinate = 52.52.into();
/// assert_eq!(c.as_str().unwrap(), "52.52");
/// ```
impl From<f64> for Coordinate {
    fn from(value: f64) -> Self {
        Coordinate::from_f64(value)
    }
}

/// A coordinate is any JSON number; its range is validation's business.
impl FromJson for Coordinate {
    fn from_json(value: &Value, path: &Path<'_>, reader: &mut Reader) -> Option<Self> {
        Number::from_json(value, path, reader).map(Coordinate::from)
    }
}

/// The number's text as it came; `null` for a non-finite one, as `JSON.stringify` writes
/// it (validation never lets one through to the wire).
impl ToJson for Coordinate {
    fn write_json(&self, out: &mut String) {
        match &self.0 {
            Degrees::Number(n) => n.write_json(out),
            _ => out.push_str("null"),
        }
    }
}

/// A JSON number (`null` for a non-finite one, as `JSON.stringify` writes it). serde
/// formats carry numbers as doubles, so the text goes through the nearest double:
/// `37.4847` stays `37.4847`, `1.34e1` becomes `13.4`.
///
/// ```
/// use whautomate::model::Coordinate;
/// assert_eq!(serde_json::to_string(&Coordinate::parse("-122.1477").unwrap()).unwrap(), "-122.1477");
/// assert_eq!(serde_json::to_string(&Coordinate::from_f64(f64::NAN)).unwrap(), "null");
/// ```
impl serde::Serialize for Coordinate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Degrees::Number(_) => serializer.serialize_f64(self.as_f64()),
            _ => serializer.serialize_none(),
        }
    }
}

/// Any number, as the crate's JSON reader reads it; its range is validation's business.
///
/// ```
/// use whautomate::model::Coordinate;
/// let c: Coordinate = serde_json::from_str("52.52").unwrap();
/// assert_eq!(c.as_f64(), 52.52);
/// assert!(serde_json::from_str::<Coordinate>("\"52\"").is_err());
/// ```
impl<'de> serde::Deserialize<'de> for Coordinate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::deserialize_with_reader(deserializer)
    }
}

/// `locationParameters` of a `WhatsApp` template with a location header.
///
/// ```
/// use whautomate::model::LocationParameters;
/// let p = LocationParameters { name: Some("Pickup point".into()), ..LocationParameters::new(37.4847, -122.1477) };
/// assert_eq!(serde_json::to_string(&p).unwrap(), r#"{"latitude":37.4847,"longitude":-122.1477,"name":"Pickup point"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocationParameters {
    /// Degrees, in [-90, 90].
    pub latitude: Coordinate,
    /// Degrees, in [-180, 180].
    pub longitude: Coordinate,
    /// Street address shown under the pin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Place name shown under the pin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl LocationParameters {
    /// A location without address or name, from doubles (see [`Coordinate::from_f64`];
    /// the range is not checked here: validation does that).
    ///
    /// ```
    /// use whautomate::model::LocationParameters;
    /// let p = LocationParameters::new(52.5, 13.4);
    /// assert_eq!(p.longitude.as_f64(), 13.4);
    /// ```
    #[must_use]
    pub fn new(latitude: f64, longitude: f64) -> Self {
        LocationParameters { latitude: Coordinate::from_f64(latitude), longitude: Coordinate::from_f64(longitude), address: None, name: None }
    }
}

/// `flowParameters` of a `WhatsApp` template with a Flow button.
///
/// ```
/// use whautomate::model::FlowParameters;
/// let f = FlowParameters { flow_token: "tok".into(), flow_data: None };
/// assert_eq!(serde_json::to_string(&f).unwrap(), r#"{"flowToken":"tok"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FlowParameters {
    /// The flow token.
    pub flow_token: String,
    /// The flow's initial data, as the string the vendor expects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_data: Option<String>,
}

/// The `WhatsApp` `sendtemplate` payload (everything but target, schedule and location).
///
/// ```
/// use whautomate::model::{TemplateRef, WhatsAppTemplate};
/// let t = WhatsAppTemplate::new(TemplateRef { name: "hello".into(), language: "en".into() });
/// assert!(t.body_text_parameters.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WhatsAppTemplate {
    /// Which approved template.
    pub template: TemplateRef,
    /// Media of an IMAGE / VIDEO / DOCUMENT header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_media_url: Option<String>,
    /// Value of the text header's variable (at most one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_text_parameters: Option<Vec<String>>,
    /// Values of the body variables, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_text_parameters: Option<Vec<String>>,
    /// Dynamic suffixes of URL buttons, in button order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub button_url_parameters: Option<Vec<String>>,
    /// Location of a LOCATION header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_parameters: Option<LocationParameters>,
    /// Parameters of a Flow button.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_parameters: Option<FlowParameters>,
}

impl WhatsAppTemplate {
    /// A template reference with no parameters.
    ///
    /// ```
    /// use whautomate::model::{TemplateRef, WhatsAppTemplate};
    /// let t = WhatsAppTemplate::new(TemplateRef { name: "hello_world".into(), language: "en_US".into() });
    /// assert_eq!(t.template.name, "hello_world");
    /// assert!(t.header_media_url.is_none() && t.location_parameters.is_none() && t.flow_parameters.is_none());
    /// ```
    #[must_use]
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
        #[non_exhaustive] // values the vendor documents later become variants of their own
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this SDK version does not know, passed through verbatim.
            Unknown(String),
        }

        impl $name {
            /// Maps a wire string to a known value, or to `Unknown`.
            ///
            /// ```
            /// use whautomate::model::{ButtonType, HeaderType};
            /// assert_eq!(ButtonType::from_wire("web_url"), ButtonType::WebUrl);
            /// assert_eq!(HeaderType::from_wire("VIDEO"), HeaderType::Unknown("VIDEO".into()));
            /// ```
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $($text => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }

            /// The wire string.
            ///
            /// ```
            /// use whautomate::model::{ButtonType, HeaderType};
            /// assert_eq!(ButtonType::Postback.as_str(), "postback");
            /// assert_eq!(HeaderType::Unknown("VIDEO".into()).as_str(), "VIDEO");
            /// ```
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

        /// The wire string.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// Any string: a known value, or `Unknown` ([`Self::from_wire`]).
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(|s| $name::from_wire(&s))
            }
        }
    };
}

open_string_enum! {
    /// Telegram template `headerType`. Only `IMAGE` is documented publicly; other values are passed through as [`HeaderType::Unknown`].
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
        /// Opens `url` (the default).
        WebUrl => "web_url",
        /// Sends `payload` back to the business.
        Postback => "postback",
    }
}

/// `web_url`, the type of a button that gives none.
///
/// ```
/// assert_eq!(whautomate::model::ButtonType::default(), whautomate::model::ButtonType::WebUrl);
/// ```
impl Default for ButtonType {
    fn default() -> Self {
        ButtonType::WebUrl
    }
}

/// A button of a Telegram template or of a generic-template element:
/// wire `{type, title, payload?, url?}` in that order.
///
/// ```
/// use whautomate::model::{Button, ButtonType};
/// let b: Button = serde_json::from_str(r#"{"title":"Open","url":"https://example.com"}"#).unwrap();
/// assert_eq!(b.kind, ButtonType::WebUrl); // the JS shape's default
/// assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"type":"web_url","title":"Open","url":"https://example.com"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Button {
    /// Button type (`web_url` by default).
    #[serde(rename = "type", default)]
    pub kind: ButtonType,
    /// Label.
    pub title: String,
    /// Postback payload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Target URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The tap action of an element: wire `{"type": "web_url", "url": ...}`.
///
/// ```
/// use whautomate::model::DefaultAction;
/// let a = DefaultAction { url: "https://example.com/p/1".into() };
/// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"url":"https://example.com/p/1"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DefaultAction {
    /// The URL opened on tap.
    pub url: String,
}

impl ToJson for DefaultAction {
    fn write_json(&self, out: &mut String) {
        let mut o = ObjectWriter::new(out);
        // Meta accepts only web_url here, so the type is fixed rather than asked for.
        o.str("type", "web_url").str("url", &self.url);
        o.end();
    }
}

/// One card of a generic template. Wire names are `snake_case` where the vendor uses
/// them: `image_url`, `default_action`.
///
/// ```
/// use whautomate::model::Element;
/// let e = Element { title: "Shoe".into(), subtitle: None, image_url: Some("https://example.com/s.jpg".into()),
///                   default_action: None, buttons: None };
/// assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"title":"Shoe","imageUrl":"https://example.com/s.jpg"}"#); // the JS shape
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Element {
    /// Title (required, ≤ 80 characters).
    pub title: String,
    /// Subtitle (≤ 80 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Image shown on the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// What a tap on the card opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_action: Option<DefaultAction>,
    /// Up to three buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TelegramTemplate {
    /// Header kind (`IMAGE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_type: Option<HeaderType>,
    /// MIME type of the header media.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// URL of the header media.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    /// Message text (`textMessage`), a caption when there is a media header.
    pub text: String,
    /// Inline buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `model::template::TemplateRef`
    #[test]
    fn templateref_line_14() {
        use crate::json::ToJson;
        use crate::model::TemplateRef;
        let t = TemplateRef { name: "order_update".into(), language: "en_US".into() };
        assert_eq!(t.to_json(), r#"{"name":"order_update","language":"en_US"}"#);
    }

    /// `model::template::Coordinate`
    #[test]
    fn coordinate_line_166() {
        use crate::json::Number;
        use crate::model::Coordinate;
        let c = Coordinate::from(Number::parse("48.8566").unwrap());
        assert!(c.is_within(90));
    }

    /// `model::template::Coordinate`
    #[test]
    fn coordinate_line_193() {
        use crate::json::{parse, FromJson, Path, Reader};
        use crate::model::Coordinate;
        let mut reader = Reader::default();
        let c = Coordinate::from_json(&parse("-0.5").unwrap(), &Path::Root, &mut reader);
        assert_eq!(c, Coordinate::parse("-0.5"));
        assert_eq!(Coordinate::from_json(&parse("\"1\"").unwrap(), &Path::Root, &mut reader), None);
        assert_eq!(reader.into_violations()[0].message, "the value must be a number, not a string");
    }

    /// `model::template::Coordinate`
    #[test]
    fn coordinate_line_211() {
        use crate::json::ToJson;
        use crate::model::Coordinate;
        assert_eq!(Coordinate::parse("-122.1477").unwrap().to_json(), "-122.1477");
        assert_eq!(Coordinate::from_f64(f64::NAN).to_json(), "null");
    }

    /// `model::template::LocationParameters`
    #[test]
    fn locationparameters_line_260() {
        use crate::json::ToJson;
        use crate::model::{Coordinate, LocationParameters};
        let p = LocationParameters::new(1.5, -2.0);
        assert_eq!(p.to_json(), r#"{"latitude":1.5,"longitude":-2}"#);
        let p = LocationParameters {
            latitude: Coordinate::parse("37.4847").unwrap(),
            longitude: Coordinate::parse("-122.1477").unwrap(),
            address: None,
            name: Some("Pickup point".into()),
        };
        assert_eq!(p.to_json(), r#"{"latitude":37.4847,"longitude":-122.1477,"name":"Pickup point"}"#);
    }

    /// `model::template::FlowParameters`
    #[test]
    fn flowparameters_line_304() {
        use crate::json::ToJson;
        use crate::model::FlowParameters;
        let f = FlowParameters { flow_token: "tok".into(), flow_data: None };
        assert_eq!(f.to_json(), r#"{"flowToken":"tok"}"#);
    }

    /// `model::template::Button`
    #[test]
    fn button_line_483() {
        use crate::json::ToJson;
        use crate::model::{Button, ButtonType};
        let b = Button { kind: ButtonType::WebUrl, title: "Open".into(), payload: None,
                         url: Some("https://example.com".into()) };
        assert_eq!(b.to_json(),
                   r#"{"type":"web_url","title":"Open","url":"https://example.com"}"#);
    }

    /// `model::template::DefaultAction`
    #[test]
    fn defaultaction_line_509() {
        use crate::json::ToJson;
        use crate::model::DefaultAction;
        let a = DefaultAction { url: "https://example.com/p/1".into() };
        assert_eq!(a.to_json(),
                   r#"{"type":"web_url","url":"https://example.com/p/1"}"#);
    }

    /// `model::template::Element`
    #[test]
    fn element_line_535() {
        use crate::json::ToJson;
        use crate::model::Element;
        let e = Element { title: "Shoe".into(), subtitle: Some("Red".into()), image_url: None,
                          default_action: None, buttons: None };
        assert_eq!(e.to_json(), r#"{"title":"Shoe","subtitle":"Red"}"#);
    }
}
