//! A contact's message history, as `GET /v1/messages/{contactId}` returns it.
//!
//! The server may add fields and values at any time, so every field is optional, unknown
//! fields are kept in `extra` (and written back on serialisation), and the values the
//! server may extend (`channel`, `type`, `status`, `sentBy`, button types) are kept as
//! the raw strings, with typed accessors where the SDK knows the vocabulary.

use crate::prelude::*;

use crate::model::channel::Channel;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One message of a contact's history. Wire names are camelCase as in the vendor's sample.
///
/// ```
/// use whautomate::model::{Channel, HistoryMessage};
/// let m: HistoryMessage = serde_json::from_str(
///     r#"{"id":"m1","channel":"telegram","isIncoming":true,"text":"hi","reaction":"👍"}"#).unwrap();
/// assert_eq!(m.channel_kind(), Some(Channel::Telegram));
/// assert_eq!(m.extra["reaction"], "👍");
/// assert_eq!(serde_json::to_string(&m).unwrap(),
///            r#"{"id":"m1","channel":"telegram","isIncoming":true,"text":"hi","reaction":"👍"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryMessage {
    /// Message id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The contact the message belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<HistoryContact>,
    /// Channel name (raw; see [`HistoryMessage::channel_kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// True for messages the contact sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_incoming: Option<bool>,
    /// Message type (raw, server-defined).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Who sent it (raw, server-defined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_by: Option<String>,
    /// Delivery status (raw, server-defined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Why delivery failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// Media URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_url: Option<String>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Footer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer_text: Option<String>,
    /// Interactive options (buttons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<HistoryOptions>,
    /// Fields this SDK version does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl HistoryMessage {
    /// The channel as a known [`Channel`], or `None` when absent or not one of the four.
    ///
    /// ```
    /// use whautomate::model::{Channel, HistoryMessage};
    /// let m = HistoryMessage { channel: Some("whatsapp".into()), ..Default::default() };
    /// assert_eq!(m.channel_kind(), Some(Channel::WhatsApp));
    /// let m = HistoryMessage { channel: Some("sms".into()), ..Default::default() };
    /// assert_eq!(m.channel_kind(), None);
    /// ```
    pub fn channel_kind(&self) -> Option<Channel> {
        self.channel.as_deref().and_then(Channel::parse)
    }
}

/// `contact` of a history message.
///
/// ```
/// let c: whautomate::model::HistoryContact =
///     serde_json::from_str(r#"{"id":"c1","phoneNumber":"+1"}"#).unwrap();
/// assert_eq!(c.phone_number.as_deref(), Some("+1"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryContact {
    /// Contact id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Contact's channel (raw).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Contact's phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `options` of a history message.
///
/// ```
/// let o: whautomate::model::HistoryOptions =
///     serde_json::from_str(r#"{"type":"buttons","buttons":[{"type":"url","text":"Go"}]}"#).unwrap();
/// assert_eq!(o.buttons.unwrap()[0].text.as_deref(), Some("Go"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryOptions {
    /// Options type (raw).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Buttons shown with the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buttons: Option<Vec<HistoryButton>>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A button of a history message.
///
/// ```
/// let b: whautomate::model::HistoryButton = serde_json::from_str(r#"{"text":"Go","x":1}"#).unwrap();
/// assert_eq!(b.extra["x"], 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryButton {
    /// Button type (raw).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Unknown fields, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
