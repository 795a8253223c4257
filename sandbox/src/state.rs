//! The sandbox's in-memory world: locations, contacts, clients, messages, and the
//! log of accepted sends. Everything lives in one [`Store`] behind one mutex, so a
//! send is checked and recorded atomically.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::clock::{format_iso, Millis, MINUTE_MS};

/// A messaging channel, as it appears in the send paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Channel {
    /// WhatsApp (the only channel with phone-number recipients and the 24-hour rule here).
    Whatsapp,
    /// Telegram.
    Telegram,
    /// Instagram.
    Instagram,
    /// Facebook Messenger.
    Messenger,
}

impl Channel {
    /// Parses a path segment (`whatsapp`, `telegram`, `instagram`, `messenger`).
    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "whatsapp" => Some(Channel::Whatsapp),
            "telegram" => Some(Channel::Telegram),
            "instagram" => Some(Channel::Instagram),
            "messenger" => Some(Channel::Messenger),
            _ => None,
        }
    }

    /// The path segment and the `channel` value in history messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Whatsapp => "whatsapp",
            Channel::Telegram => "telegram",
            Channel::Instagram => "instagram",
            Channel::Messenger => "messenger",
        }
    }
}

/// A contact: one person on one channel.
#[derive(Debug, Clone)]
pub struct Contact {
    /// Identifier used in `contact.id` and `GET /v1/messages/{contactId}`.
    pub id: String,
    /// The only channel this contact can be reached on.
    pub channel: Channel,
    /// WhatsApp phone number as given (compared digits-only).
    pub phone_number: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// When the contact last wrote to us; opens WhatsApp's 24-hour window.
    pub last_inbound_at: Option<Millis>,
}

/// A client (CRM record) that owns a WhatsApp contact.
#[derive(Debug, Clone)]
pub struct Client {
    /// Identifier used in `client.id`.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Phone number.
    pub phone_number: String,
    /// The WhatsApp contact a send to this client goes to.
    pub whatsapp_contact_id: String,
}

/// What kind of message a history entry is (the vendor's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `sendtext`, or an inbound text.
    Text,
    /// `sendmedia`.
    Media,
    /// `sendtemplate`.
    Template,
}

impl Kind {
    /// Parses the last path segment of a send.
    pub fn from_endpoint(s: &str) -> Option<Kind> {
        match s {
            "sendtext" => Some(Kind::Text),
            "sendmedia" => Some(Kind::Media),
            "sendtemplate" => Some(Kind::Template),
            _ => None,
        }
    }

    /// The `type` value in history messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Media => "media",
            Kind::Template => "template",
        }
    }
}

/// One message in a contact's history.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    /// Message id (`msg_000001`, ...).
    pub id: String,
    /// The contact it belongs to.
    pub contact_id: String,
    /// True for messages the contact sent us.
    pub is_incoming: bool,
    /// text, media or template.
    pub kind: Kind,
    /// The text, for text sends, inbound messages and templates that carry text.
    pub text: Option<String>,
    /// The media URL, for media sends and templates with a media header.
    pub media_url: Option<String>,
    /// `options` of the vendor's shape (`{type, buttons:[{type,text,url}]}`), for templates with buttons.
    pub options: Option<Value>,
    /// When the message was (or, if scheduled, will be) sent. It is hidden from
    /// history until the sandbox clock reaches it.
    pub at: Millis,
    /// Insertion order; breaks ties between equal timestamps.
    pub seq: u64,
}

/// One accepted send, as received (the body is kept verbatim).
#[derive(Debug, Clone)]
pub struct Delivery {
    /// 1-based position in the log.
    pub seq: u64,
    /// Id of the message it created.
    pub message_id: String,
    /// The request path, e.g. `/v1/messages/whatsapp/sendtext`.
    pub path: String,
    /// The request body as parsed JSON.
    pub body: Value,
    /// Sandbox time it was accepted.
    pub received_at: Millis,
    /// Sandbox time it is due, when it was scheduled in the future.
    pub scheduled_for: Option<Millis>,
}

/// The whole in-memory state.
#[derive(Debug, Default)]
pub struct Store {
    /// Known location ids.
    pub locations: BTreeSet<String>,
    /// Contacts by id.
    pub contacts: BTreeMap<String, Contact>,
    /// Clients by id.
    pub clients: BTreeMap<String, Client>,
    /// Every message, in insertion order.
    pub messages: Vec<StoredMessage>,
    /// Every accepted send, in order.
    pub deliveries: Vec<Delivery>,
    /// Requests received under /v1, keyed by `METHOD path`.
    pub requests: BTreeMap<String, u64>,
    next_contact: u64,
    next_message: u64,
}

/// Digits of a phone number, so `+1 555-0100` and `15550100` compare equal.
pub fn phone_digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

impl Store {
    /// The seeded world (see the README): locations `loc_1`, `loc_2`; contacts
    /// `ct_wa_1` (wrote 1 minute before `now`, so its 24-hour window is open),
    /// `ct_wa_cold` (never wrote), `ct_tg_1`, `ct_ig_1`, `ct_fb_1`; client `cl_1`,
    /// whose WhatsApp contact is `ct_wa_1`.
    pub fn seeded(now: Millis) -> Store {
        let mut s = Store::default();
        s.locations
            .extend(["loc_1".to_string(), "loc_2".to_string()]);
        let seed = [
            (
                "ct_wa_1",
                Channel::Whatsapp,
                Some("+15550000001"),
                "Alice Example",
            ),
            (
                "ct_wa_cold",
                Channel::Whatsapp,
                Some("+15550000002"),
                "Bob Cold",
            ),
            ("ct_tg_1", Channel::Telegram, None, "Carol Telegram"),
            ("ct_ig_1", Channel::Instagram, None, "Dave Instagram"),
            ("ct_fb_1", Channel::Messenger, None, "Erin Messenger"),
        ];
        for (id, channel, phone, name) in seed {
            s.contacts.insert(
                id.to_string(),
                Contact {
                    id: id.to_string(),
                    channel,
                    phone_number: phone.map(str::to_string),
                    name: Some(name.to_string()),
                    last_inbound_at: None,
                },
            );
        }
        s.clients.insert(
            "cl_1".into(),
            Client {
                id: "cl_1".into(),
                name: "Alice Example".into(),
                phone_number: "+15550000001".into(),
                whatsapp_contact_id: "ct_wa_1".into(),
            },
        );
        s.add_inbound(
            "ct_wa_1",
            "Hi, I have a question about my booking",
            now - MINUTE_MS,
        );
        s
    }

    /// Counts one request under /v1.
    pub fn count_request(&mut self, method: &str, path: &str) {
        *self.requests.entry(format!("{method} {path}")).or_default() += 1;
    }

    /// Finds the WhatsApp contact with this phone number (digits-only comparison),
    /// or creates one. Returns its id and whether it was created.
    pub fn find_or_create_by_phone(&mut self, phone: &str, name: Option<&str>) -> (String, bool) {
        let digits = phone_digits(phone);
        if let Some(c) = self.contacts.values().find(|c| {
            c.channel == Channel::Whatsapp
                && c.phone_number.as_deref().map(phone_digits).as_deref() == Some(digits.as_str())
        }) {
            return (c.id.clone(), false);
        }
        self.next_contact += 1;
        let id = format!("ct_wa_new_{}", self.next_contact);
        self.contacts.insert(
            id.clone(),
            Contact {
                id: id.clone(),
                channel: Channel::Whatsapp,
                phone_number: Some(phone.to_string()),
                name: name.map(str::to_string),
                last_inbound_at: None,
            },
        );
        (id, true)
    }

    /// Records a message the contact sent us and opens its 24-hour window.
    /// Returns the message id, or `None` for an unknown contact.
    pub fn add_inbound(&mut self, contact_id: &str, text: &str, at: Millis) -> Option<String> {
        let contact = self.contacts.get_mut(contact_id)?;
        contact.last_inbound_at = Some(contact.last_inbound_at.map_or(at, |t| t.max(at)));
        let msg = self.new_message(
            contact_id,
            true,
            Kind::Text,
            Some(text.to_string()),
            None,
            None,
            at,
        );
        Some(msg)
    }

    /// Appends a message and returns its id.
    #[allow(clippy::too_many_arguments)]
    pub fn new_message(
        &mut self,
        contact_id: &str,
        is_incoming: bool,
        kind: Kind,
        text: Option<String>,
        media_url: Option<String>,
        options: Option<Value>,
        at: Millis,
    ) -> String {
        self.next_message += 1;
        let id = format!("msg_{:06}", self.next_message);
        self.messages.push(StoredMessage {
            id: id.clone(),
            contact_id: contact_id.to_string(),
            is_incoming,
            kind,
            text,
            media_url,
            options,
            at,
            seq: self.next_message,
        });
        id
    }

    /// The contact's visible messages (due by `now`), newest first, filtered by a
    /// case-insensitive `search` on the text.
    pub fn history(
        &self,
        contact_id: &str,
        now: Millis,
        search: Option<&str>,
    ) -> Vec<&StoredMessage> {
        let needle = search.filter(|s| !s.is_empty()).map(str::to_lowercase);
        let mut out: Vec<&StoredMessage> = self
            .messages
            .iter()
            .filter(|m| m.contact_id == contact_id && m.at <= now)
            .filter(|m| match &needle {
                None => true,
                Some(n) => m
                    .text
                    .as_deref()
                    .is_some_and(|t| t.to_lowercase().contains(n)),
            })
            .collect();
        out.sort_by_key(|m| std::cmp::Reverse((m.at, m.seq)));
        out
    }

    /// Renders a message in the vendor's history shape, plus `createdAt`.
    /// Absent optional fields are omitted rather than sent as `null`.
    pub fn message_json(&self, m: &StoredMessage) -> Value {
        let mut contact = Map::new();
        contact.insert("id".into(), json!(m.contact_id));
        let channel = self.contacts.get(&m.contact_id).map(|c| c.channel.as_str());
        if let Some(c) = self.contacts.get(&m.contact_id) {
            contact.insert("channel".into(), json!(c.channel.as_str()));
            if let Some(p) = &c.phone_number {
                contact.insert("phoneNumber".into(), json!(p));
            }
        }
        let mut o = Map::new();
        o.insert("id".into(), json!(m.id));
        o.insert("contact".into(), Value::Object(contact));
        o.insert("channel".into(), json!(channel));
        o.insert("isIncoming".into(), json!(m.is_incoming));
        o.insert("type".into(), json!(m.kind.as_str()));
        o.insert(
            "sentBy".into(),
            json!(if m.is_incoming { "contact" } else { "api" }),
        );
        o.insert(
            "status".into(),
            json!(if m.is_incoming { "received" } else { "sent" }),
        );
        if let Some(t) = &m.text {
            o.insert("text".into(), json!(t));
        }
        if let Some(u) = &m.media_url {
            o.insert("mediaUrl".into(), json!(u));
        }
        if let Some(opts) = &m.options {
            o.insert("options".into(), opts.clone());
        }
        // Not on the vendor's page: lets clients check ordering, and exercises
        // their handling of unknown fields.
        o.insert("createdAt".into(), json!(format_iso(m.at)));
        Value::Object(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_lookup_ignores_formatting() {
        let mut s = Store::seeded(1_000_000_000_000);
        assert_eq!(
            s.find_or_create_by_phone("15550000001", None),
            ("ct_wa_1".to_string(), false)
        );
        assert!(!s.find_or_create_by_phone("+1 (555) 000-0001", None).1);
        let (id, created) = s.find_or_create_by_phone("+4915112345678", Some("New"));
        assert!(created);
        assert_eq!(
            s.find_or_create_by_phone("4915112345678", None),
            (id, false)
        );
    }
}
