//! Pure request building and response parsing: no I/O.
//!
//! - [`prepare_send`]: a validated [`OutgoingMessage`](crate::model::OutgoingMessage) →
//!   `POST {base}/messages/{channel}/{endpoint}` with its JSON body;
//! - [`prepare_input`]: the same from a JS-shaped message, validating first;
//! - [`prepare_history`]: `GET {base}/messages/{contactId}?limit&page&searchText`;
//! - [`response`]: turning status + body into a result or an [`Error`](crate::Error).

pub mod encode;
pub mod history;
pub mod prepared;
pub mod response;
pub mod send;

pub use encode::{encode_path_segment, encode_query_value};
pub use history::{history_headers, prepare_history, HistoryQuery};
pub use response::{parse_history_page, parse_history_response, parse_send_response, RawPage};
pub use send::{prepare_input, prepare_send, send_headers};
