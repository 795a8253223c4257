//! Platform-free message types.
//!
//! - [`MessageInput`]: the JavaScript-shaped message, exactly as a caller writes it
//!   (every field optional, so that validation can report every problem at once);
//! - [`OutgoingMessage`]: a validated message whose `Serialize` output is the wire body;
//! - [`MessageBuilder`]: the typed Rust way to write a [`MessageInput`] and validate it;
//! - [`HistoryMessage`]: one entry of a contact's history, tolerant of server additions;

pub(crate) mod builder;
pub(crate) mod channel;
pub(crate) mod history;
pub(crate) mod input;
pub(crate) mod message;
pub(crate) mod target;
pub(crate) mod template;
pub(crate) mod timestamp;

pub use builder::MessageBuilder;
pub use channel::{Channel, MessageKind};
pub use history::{HistoryButton, HistoryContact, HistoryMessage, HistoryOptions};
pub use input::{
    ButtonInput, DefaultActionInput, ElementInput, FlowParametersInput, LocationParametersInput,
    MessageInput, TargetInput, TemplateInput, UnknownFields,
};
pub use message::{MessageContent, OutgoingMessage};
pub use target::Target;
pub use template::{
    Button, ButtonType, Coordinate, DefaultAction, Element, FlowParameters, HeaderType, LocationParameters,
    TelegramTemplate, TemplateRef, WhatsAppTemplate,
};
