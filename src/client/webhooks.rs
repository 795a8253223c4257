//! `client.webhooks()`: the webhook subscription calls over the client's transport, with
//! the same retries, rate limit and errors as sends. A create, update or delete is never
//! resent once it may have been applied (see [`PreparedRequest::is_send`]).

use crate::prelude::*;

use super::{Client, Runtime};
use crate::request::{prepare_webhook_create, prepare_webhook_delete, prepare_webhook_get, prepare_webhook_list, prepare_webhook_update, redact_answered_headers, WebhookInput};
use crate::webhook::{answer, parse_webhook_list_response, parse_webhook_response, webhook_of, Webhook};
use crate::{Error, PreparedRequest, Transport};

/// The webhook subscription calls of one client ([`Client::webhooks`]).
///
/// ```
/// # use futures_executor::block_on;
/// # use whautomate::client::{Client, ClientOptions};
/// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
/// # let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
/// use whautomate::request::WebhookInput;
/// client.transport().push_status(200, r#"{"id":"wh1","name":"inbox","active":true,"serverUrl":"https://example.com/h","events":["contact_created"]}"#);
/// let input = WebhookInput {
///     name: Some("inbox".into()),
///     server_url: Some("https://example.com/h".into()),
///     events: Some(vec!["contact_created".into()]),
///     ..Default::default()
/// };
/// let created = block_on(client.webhooks().create(&input)).unwrap();
/// assert_eq!(created.id, "wh1");
/// ```
pub struct Webhooks<'a, T: Transport, R: Runtime<Signal = T::Signal>> {
    client: &'a Client<T, R>,
}

impl<T: Transport, R: Runtime<Signal = T::Signal>> Client<T, R> {
    /// The webhook subscription calls: `list`, `create`, `get`, `update`, `delete`.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// client.transport().push_status(200, "[]");
    /// assert!(block_on(client.webhooks().list(None, None)).unwrap().is_empty());
    /// ```
    #[must_use]
    pub fn webhooks(&self) -> Webhooks<'_, T, R> {
        Webhooks { client: self }
    }
}

impl<T: Transport, R: Runtime<Signal = T::Signal>> Webhooks<'_, T, R> {
    /// One page of the subscriptions (`GET /v1/webhooks?page&limit`).
    ///
    /// # Errors
    ///
    /// `invalid_input` for a page or limit of 0; otherwise as for history reads.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// client.transport().push_status(200, r#"[{"id":"wh1","active":true},{"id":2,"active":"false"}]"#);
    /// let page = block_on(client.webhooks().list(Some(1), Some(50))).unwrap();
    /// // An id sent as a number is its text, an `active` sent as text a boolean.
    /// assert_eq!((page[1].id.as_str(), page[1].active), ("2", false));
    /// assert!(client.transport().requests()[0].url.starts_with("https://api.whautomate.com/v1/webhooks?"));
    /// assert_eq!(block_on(client.webhooks().list(Some(0), None)).unwrap_err().field(), Some("page"));
    /// ```
    pub async fn list(&self, page: Option<u32>, limit: Option<u32>) -> Result<Vec<Webhook>, Error> {
        let req = prepare_webhook_list(page, limit, self.base(), self.key())?;
        let (status, body) = self.call(&req).await?;
        parse_webhook_list_response(status, &body).map_err(|e| self.clean(e, None))
    }

    /// Subscribes (`POST /v1/webhooks`); answers the new subscription.
    ///
    /// # Errors
    ///
    /// `invalid_input` naming every bad field before anything is sent (see
    /// [`prepare_webhook_create`]); otherwise as for sends, with `may_have_been_sent`.
    pub async fn create(&self, input: &WebhookInput) -> Result<Webhook, Error> {
        let req = prepare_webhook_create(input, self.base(), self.key())?;
        // Its errors without the input's header values (see `WebhookInput::redact`).
        let (status, body) = self.call(&req).await.map_err(|e| input.redact(e))?;
        parse_webhook_response(status, &body).map_err(|e| self.clean(e, Some(input)))
    }

    /// A new subscription whose deliveries carry a secret the SDK generates (see
    /// [`WebhookSecret::generate`](crate::webhook::WebhookSecret::generate)) in the header
    /// `header`; returns the subscription and the secret, for the endpoint's
    /// [`Receiver`](crate::webhook::Receiver) (or the npm package's
    /// `createWebhookHandler({ secret })`). Natively, with the `std` feature.
    ///
    /// # Errors
    ///
    /// As [`create`](Self::create); `invalid_input` naming `headers` when `input` already
    /// sets `header`.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::request::WebhookInput;
    /// client.transport().push_status(201, r#"{"id":"wh1"}"#);
    /// let input = WebhookInput {
    ///     name: Some("inbox".into()),
    ///     server_url: Some("https://example.com/h".into()),
    ///     events: Some(vec!["contact_created".into()]),
    ///     ..Default::default()
    /// };
    /// let (webhook, secret) = block_on(client.webhooks().create_with_secret(&input, "x-hook-secret")).unwrap();
    /// assert_eq!((webhook.id.as_str(), secret.name(), secret.value().len()), ("wh1", "x-hook-secret", 64));
    /// // The secret went out as the header's value, and comes back in no error or Debug.
    /// assert!(client.transport().requests()[0].body.as_deref().unwrap().contains(secret.value()));
    /// ```
    #[cfg(all(feature = "std", not(target_arch = "wasm32")))]
    pub async fn create_with_secret(&self, input: &WebhookInput, header: &str) -> Result<(Webhook, crate::webhook::WebhookSecret), Error> {
        let secret = crate::webhook::WebhookSecret::generate(header)?;
        let with_secret = input.with_secret(&secret)?;
        Ok((self.create(&with_secret).await?, secret))
    }

    /// One subscription (`GET /v1/webhooks/{id}`).
    ///
    /// # Errors
    ///
    /// `invalid_input` for an empty id; `not_found` for an unknown one.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// client.transport().push_status(404, r#"{"error":"Invalid or missing record identifier"}"#);
    /// let e = block_on(client.webhooks().get("wh_gone")).unwrap_err();
    /// assert_eq!((e.code().as_str(), e.may_have_been_sent()), ("not_found", false));
    /// client.transport().push_status(200, r#"{"id":"wh1","name":"inbox"}"#);
    /// assert_eq!(block_on(client.webhooks().get("wh1")).unwrap().name, "inbox");
    /// ```
    pub async fn get(&self, id: &str) -> Result<Webhook, Error> {
        let req = prepare_webhook_get(id, self.base(), self.key())?;
        let (status, body) = self.call(&req).await?;
        // A read: its errors never say it may have changed anything.
        let answer = answer(status, &body, "get", false).map_err(|e| self.clean(e, None))?;
        Ok(webhook_of(answer.unwrap_or_default()))
    }

    /// Changes the fields of `input` that are given (`PUT /v1/webhooks/{id}`, inferred
    /// from the vendor's pattern); answers the subscription.
    ///
    /// # Errors
    ///
    /// As [`Webhooks::create`]; `not_found` for an unknown id.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// use whautomate::request::WebhookInput;
    /// client.transport().push_status(200, r#"{"id":"wh1","active":false}"#);
    /// let off = WebhookInput { active: Some(false), ..Default::default() };
    /// assert!(!block_on(client.webhooks().update("wh1", &off)).unwrap().active);
    /// assert_eq!(client.transport().requests()[0].body.as_deref(), Some(r#"{"active":false}"#));
    /// ```
    pub async fn update(&self, id: &str, input: &WebhookInput) -> Result<Webhook, Error> {
        let req = prepare_webhook_update(id, input, self.base(), self.key())?;
        let (status, body) = self.call(&req).await.map_err(|e| input.redact(e))?;
        parse_webhook_response(status, &body).map_err(|e| self.clean(e, Some(input)))
    }

    /// Removes a subscription (`DELETE /v1/webhooks/{id}`, inferred from the vendor's
    /// pattern).
    ///
    /// # Errors
    ///
    /// `not_found` for an unknown id; otherwise as for sends, with `may_have_been_sent`.
    ///
    /// ```
    /// # use futures_executor::block_on;
    /// # use whautomate::client::{Client, ClientOptions};
    /// # use whautomate::transport::memory::{MemoryRuntime, MemoryTransport};
    /// # let client = Client::with_transport(ClientOptions::new("sk_test"), MemoryTransport::new(), MemoryRuntime::new(0.0)).unwrap();
    /// client.transport().push_status(204, "");
    /// block_on(client.webhooks().delete("wh1")).unwrap();
    /// // A 500 may have removed it: not resent, and the error says so.
    /// client.transport().push_status(500, "{}");
    /// assert!(block_on(client.webhooks().delete("wh1")).unwrap_err().may_have_been_sent());
    /// assert_eq!(client.transport().requests().len(), 2);
    /// ```
    pub async fn delete(&self, id: &str) -> Result<(), Error> {
        let req = prepare_webhook_delete(id, self.base(), self.key())?;
        let (status, body) = self.call(&req).await?;
        answer(status, &body, "delete", true).map(drop).map_err(|e| self.clean(e, None))
    }

    async fn call(&self, req: &PreparedRequest) -> Result<(u16, String), Error> {
        // (An HTTP error's body may hold subscriptions too: their header values go.)
        let response = self.client.execute(req, None).await.map_err(redact_answered_headers)?;
        Ok((response.status, response.body))
    }

    /// An answer's error without the key, the delivery header values it holds, and those
    /// of `input` (see [`redact_answered_headers`], [`WebhookInput::redact`]).
    fn clean(&self, error: Error, input: Option<&WebhookInput>) -> Error {
        let error = redact_answered_headers(self.client.redact(error));
        match input {
            Some(input) => input.redact(error),
            None => error,
        }
    }

    fn base(&self) -> &crate::BaseUrl {
        &self.client.options().base_url
    }

    fn key(&self) -> &crate::ApiKey {
        &self.client.options().api_key
    }
}
