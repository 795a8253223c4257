// Types of the whautomate package. Messages are discriminated unions on `channel` and
// `type`, so a target or field that a channel does not accept fails to compile.

/** A contact known to Whautomate (every channel). */
export interface ContactTarget { contactId: string; clientId?: undefined; phoneNumber?: undefined; name?: undefined }
/** A Whautomate client record (WhatsApp only). */
export interface ClientTarget { clientId: string; contactId?: undefined; phoneNumber?: undefined; name?: undefined }
/** A phone number; Whautomate creates or reuses the contact (WhatsApp only). */
export interface PhoneTarget { phoneNumber: string; name?: string | undefined; contactId?: undefined; clientId?: undefined }

export type WhatsAppTarget = ContactTarget | ClientTarget | PhoneTarget;

interface Common<C extends Channel, T extends MessageType> {
  channel: C;
  type: T;
  /** Location of the send; falls back to the client's `locationId`. */
  locationId?: string | undefined;
}

/** Send later: a Date, or an ISO-8601 string with `Z` or an offset. Must be in the future. */
export type ScheduleAt = Date | string;

export type Channel = "whatsapp" | "telegram" | "instagram" | "messenger";
export type MessageType = "text" | "media" | "template";

export interface WhatsAppText extends Common<"whatsapp", "text"> { to: WhatsAppTarget; text: string; scheduleAt?: ScheduleAt | undefined }
export interface WhatsAppMedia extends Common<"whatsapp", "media"> { to: WhatsAppTarget; mediaUrl: string; mimeType: string; scheduleAt?: ScheduleAt | undefined }
export interface WhatsAppTemplate extends Common<"whatsapp", "template"> {
  to: WhatsAppTarget;
  template: { name: string; language: string };
  headerMediaUrl?: string | undefined;
  headerTextParameters?: readonly string[] | undefined;
  bodyTextParameters?: readonly string[] | undefined;
  buttonUrlParameters?: readonly string[] | undefined;
  locationParameters?: { latitude: number; longitude: number; address?: string | undefined; name?: string | undefined } | undefined;
  flowParameters?: { flowToken: string; flowData?: string | undefined } | undefined;
  scheduleAt?: ScheduleAt | undefined;
}

export interface TelegramText extends Common<"telegram", "text"> { to: ContactTarget; text: string; scheduleAt?: ScheduleAt | undefined }
export interface TelegramMedia extends Common<"telegram", "media"> { to: ContactTarget; mediaUrl: string; mimeType: string; scheduleAt?: ScheduleAt | undefined }
export interface TelegramButton { title: string; url?: string | undefined; payload?: string | undefined; type?: "web_url" | "postback" | (string & {}) | undefined }
export interface TelegramTemplate extends Common<"telegram", "template"> {
  to: ContactTarget;
  text: string;
  headerType?: "IMAGE" | (string & {}) | undefined;
  mediaUrl?: string | undefined;
  mimeType?: string | undefined;
  buttons?: readonly TelegramButton[] | undefined;
}

/** A Messenger button: `web_url` and `postback` are the usual types; others are sent as given. */
export interface GenericButton { title: string; url?: string | undefined; payload?: string | undefined; type?: "web_url" | "postback" | (string & {}) | undefined }
/** An Instagram button: Instagram takes only `web_url` and `postback` (any other type is refused). */
export interface InstagramButton extends GenericButton { type?: "web_url" | "postback" | undefined }
/** A card of a Messenger (or, with `InstagramButton`s, an Instagram) template. */
export interface GenericElement<B extends GenericButton = GenericButton> {
  title: string;
  subtitle?: string | undefined;
  imageUrl?: string | undefined;
  defaultAction?: { url: string } | undefined;
  buttons?: readonly B[] | undefined;
}

export interface InstagramText extends Common<"instagram", "text"> { to: ContactTarget; text: string; scheduleAt?: ScheduleAt | undefined }
export interface InstagramMedia extends Common<"instagram", "media"> { to: ContactTarget; mediaUrl: string; mimeType: string; scheduleAt?: ScheduleAt | undefined }
export interface InstagramTemplate extends Common<"instagram", "template"> { to: ContactTarget; elements: readonly GenericElement<InstagramButton>[] }

export interface MessengerText extends Common<"messenger", "text"> { to: ContactTarget; text: string; scheduleAt?: ScheduleAt | undefined }
export interface MessengerMedia extends Common<"messenger", "media"> { to: ContactTarget; mediaUrl: string; mimeType: string; scheduleAt?: ScheduleAt | undefined }
export interface MessengerTemplate extends Common<"messenger", "template"> { to: ContactTarget; elements: readonly GenericElement[] }

/** Any outgoing message, discriminated by `channel` and `type`. */
export type Message =
  | WhatsAppText | WhatsAppMedia | WhatsAppTemplate
  | TelegramText | TelegramMedia | TelegramTemplate
  | InstagramText | InstagramMedia | InstagramTemplate
  | MessengerText | MessengerMedia | MessengerTemplate;

/**
 * A message of the history, as the server sends it, read by `JSON.parse` (unknown fields
 * are kept). The types are those of the vendor's documented answer; a value the server
 * sends in another type (`"isIncoming": "true"`, a numeric `id`) reaches you as sent, so
 * test what you rely on. (The Rust client reads the same page tolerantly into its types:
 * `isIncoming` from "true"/"false", a whole numeric id as its text, anything else kept in `extra`.)
 */
export interface HistoryMessage {
  id?: string;
  contact?: { id?: string; channel?: string; phoneNumber?: string; [key: string]: unknown };
  channel?: string;
  isIncoming?: boolean;
  type?: string;
  sentBy?: string;
  status?: string;
  errorMessage?: string;
  mediaUrl?: string;
  text?: string;
  footerText?: string;
  options?: { type?: string; buttons?: { type?: string; text?: string; url?: string }[] };
  [key: string]: unknown;
}

export interface Violation { field: string; code: string; message: string }

export type ErrorCode =
  | "invalid_input" | "unauthorized" | "not_found" | "bad_request" | "rate_limited"
  | "server_error" | "http_error" | "network" | "timeout" | "aborted" | "invalid_response";

/** Every failure of the SDK. */
export class WhautomateError extends Error {
  readonly name: "WhautomateError";
  readonly code: ErrorCode;
  /** HTTP status, when a response arrived (own property, `undefined` when none did). */
  readonly status?: number | undefined;
  /**
   * Every broken rule, for `invalid_input`: the first 100, then one last entry with code
   * `too_many` (and field `""`) when more were found.
   */
  readonly violations: Violation[];
  /**
   * The field the error is about, e.g. `elements[2].buttons[0].title`: the first
   * violation's, for the errors the SDK makes (own property, `undefined` when none; the
   * constructor takes it as given).
   */
  readonly field?: string | undefined;
  /** The server's error body, parsed when it is JSON (own property, `undefined` when none). */
  readonly body?: unknown;
  /** Safe to send again without risking a duplicate. */
  readonly retryable: boolean;
  /** For sends: whether the message could have reached the server. */
  readonly mayHaveBeenSent: boolean;
  /** The last response's Retry-After, in ms, when it carried one (e.g. a 429 whose wait exceeded retry.maxDelayMs). */
  readonly retryAfterMs?: number;
  /**
   * An error as the SDK makes them (for the tests of code that handles them): `body` is the
   * server's body as text (parsed into `body` when it is JSON); `violations` default to
   * `[]`, `retryable` and `mayHaveBeenSent` to `false`.
   */
  constructor(fields: {
    code: ErrorCode;
    message: string;
    status?: number | undefined;
    violations?: Violation[] | undefined;
    field?: string | undefined;
    body?: string | undefined;
    retryable?: boolean | undefined;
    mayHaveBeenSent?: boolean | undefined;
    retryAfterMs?: number | undefined;
  });
  /**
   * What `JSON.stringify(error)` writes (a log line): `name`, `code`, `message` first,
   * then the other fields; never the API key, which no error holds.
   */
  toJSON(): {
    name: "WhautomateError";
    code: ErrorCode;
    message: string;
    status?: number | undefined;
    violations: Violation[];
    field?: string | undefined;
    body?: unknown;
    retryable: boolean;
    mayHaveBeenSent: boolean;
    retryAfterMs?: number;
  };
}

export interface WhautomateOptions {
  /**
   * Required; sent as `x-api-key` and never printed. Surrounding whitespace (space, tab,
   * line breaks) is trimmed once; the trimmed key is what is sent and redacted. Typed to
   * take `process.env.X` as it is: an `undefined` (or empty) key is refused at once, with
   * `invalid_input` naming `apiKey`.
   */
  apiKey: string | undefined;
  /**
   * Default `https://api.whautomate.com`; `/v1` is added. https only, except loopback.
   * Read at construction by the runtime's `new URL()` (fetch's parser) and checked as it
   * was read: no user, password, query or fragment; requests go to the server it read.
   */
  host?: string | undefined;
  /** Default location of every send. */
  locationId?: string | undefined;
  /**
   * Limit for one exchange, body read included: 1 to 600000, default 30000. When it
   * passes, the call rejects with code `timeout` and the request is cancelled at once.
   */
  timeoutMs?: number | undefined;
  /**
   * The longest response body read, in bytes: 1 to 2^30 (1 GiB), default 33554432 (32 MiB). A
   * longer one is refused without being read whole into memory; the status still decides
   * (a 4xx is the server's refusal, a 429 is retried), and a 2xx is `invalid_response`.
   */
  maxResponseBytes?: number | undefined;
  retry?: { maxRetries?: number | undefined; baseDelayMs?: number | undefined; maxDelayMs?: number | undefined } | undefined;
  /** Client-side limit; default `{ perMinute: 300 }`; `false` turns it off. */
  rateLimit?: { perMinute: number; burst?: number | undefined } | boolean | undefined;
  /**
   * A fetch to use instead of the global one. `init.signal`, one per request, fires when
   * the request is to be cancelled (its timeout or the call's `signal`). `init.redirect` is
   * `"manual"`: a redirect must not be followed (the key would go with it). `init` has no
   * prototype (an option set on `Object.prototype` cannot reach fetch): `init.hasOwnProperty`
   * is undefined; use `Object.hasOwn(init, …)`.
   */
  fetch?: ((input: string, init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; redirect: "manual" }) => Promise<Response>) | undefined;
}

export interface CallOptions { signal?: AbortSignal | null | undefined }
export interface ListOptions extends CallOptions { page?: number | undefined; limit?: number | undefined; searchText?: string | undefined }

export interface PreparedRequest { method: "GET" | "POST"; url: string; headers: Record<string, string>; body?: string }

/** `client.whatsapp` and friends: the channel and type are filled in. */
export interface ChannelApi<Text, Media, Template> {
  sendText(message: Omit<Text, "channel" | "type">, options?: CallOptions): Promise<{ success: true }>;
  sendMedia(message: Omit<Media, "channel" | "type">, options?: CallOptions): Promise<{ success: true }>;
  sendTemplate(message: Omit<Template, "channel" | "type">, options?: CallOptions): Promise<{ success: true }>;
}

/** Counts of a `sendMany` run so far; `sent + failed + unknown + pending === total`. */
export interface SendManyProgress { total: number; sent: number; failed: number; unknown: number; pending: number }
export interface SendManyOptions extends CallOptions {
  /** Sends in flight at most, 1 to 1024. Default 8. The rate limit applies on top. */
  concurrency?: number | undefined;
  /**
   * Called after every completion and at least once a second while sends are pending.
   * Whatever it throws, or its promise rejects with, is ignored.
   */
  onProgress?: ((progress: SendManyProgress) => void | Promise<void>) | undefined;
}
/**
 * One input's outcome. `failed`: certainly not delivered (invalid, refused, cancelled
 * before it started). `unknown`: may have been delivered (timeout, dropped connection,
 * 5xx); never resent automatically.
 */
export type SendManyResult =
  | { index: number; status: "sent"; error?: undefined }
  | { index: number; status: "failed" | "unknown"; error: WhautomateError };
/** `results` has one entry per input, in input order; the counts add up to its length. */
export interface SendManyReport { results: SendManyResult[]; sent: number; failed: number; unknown: number }

/**
 * A webhook subscription, as the API answers it (unknown fields kept as sent). The SDK
 * checks that an answer is a subscription (an object with an `id`; a list, an array of
 * objects), and types the fields below as the Rust crate's `Webhook` does: an `id` sent as
 * a number is its text (its digits as `JSON.parse` kept them: exact up to 2^53), an
 * `active` sent as `"true"` or `"false"` that boolean, and a field the answer lacks (or
 * sends as `null`) its empty value (`""`, `false`, `[]`). A field of any other type is
 * kept as sent.
 */
export interface Webhook {
  id: string;
  name: string;
  /** Whether deliveries are on. */
  active: boolean;
  /** Where Whautomate delivers. */
  serverUrl: string;
  /** Headers sent with every delivery (what `headers` was given as). */
  webhookHeaders: { key: string; value: string }[];
  /** The event types delivered (`incoming_whatsapp_message`, `contact_created`...). */
  events: string[];
  /** An ISO-8601 time, as sent (a `null` the server sends is kept, as any other value). */
  createdAt?: string;
  /** An ISO-8601 time, as sent (a `null` the server sends is kept, as any other value). */
  updatedAt?: string;
  [field: string]: unknown;
}

/**
 * What `client.webhooks.update` changes: some fields of `WebhookInput`. At least one must
 * be given (not `undefined`): the SDK refuses an update of nothing, `invalid_input`,
 * before sending. (Not a type rule, so that a `Partial<WebhookInput>` of a form compiles.)
 */
export type WebhookUpdate = { [K in keyof WebhookInput]?: WebhookInput[K] | undefined };

/** What `client.webhooks.create` subscribes (and `update` changes, field by field). */
export interface WebhookInput {
  name: string;
  /** An absolute `https://` URL (`http://` only for localhost, 127.0.0.0/8 and `[::1]`). */
  serverUrl: string;
  /** At least one event type, e.g. `["incoming_whatsapp_message"]`. */
  events: readonly string[];
  /** Headers sent with every delivery, e.g. a shared secret for `verifyWebhook`. */
  headers?: Record<string, string> | undefined;
  /** Whether deliveries are on (default `true`). */
  active?: boolean | undefined;
}

/**
 * `client.webhooks`: the subscription calls (`/v1/webhooks`). Create, update and delete
 * are never resent once they may have been applied (`mayHaveBeenSent`), as sends are.
 * Update and delete are inferred from the vendor's pattern (its page documents list,
 * create and get).
 */
export interface WebhooksApi {
  /** One page of subscriptions (pages start at 1). */
  list(options?: { page?: number | undefined; limit?: number | undefined; signal?: AbortSignal | null | undefined }): Promise<Webhook[]>;
  /** Subscribes; resolves to the new subscription. */
  create(input: WebhookInput, options?: CallOptions): Promise<Webhook>;
  /**
   * Subscribes with a secret the SDK generates (32 random bytes from Web Crypto, as 64
   * hex digits) sent as the delivery header `header`: give `secret` to
   * `createWebhookHandler({ secret })` (whautomate/webhooks). `input.headers` must not set
   * `header` itself.
   */
  createWithSecret(input: WebhookInput, header: string, options?: CallOptions): Promise<{ webhook: Webhook; secret: { name: string; value: string } }>;
  get(id: string, options?: CallOptions): Promise<Webhook>;
  /** Changes the fields given (at least one, not `undefined`). */
  update(id: string, fields: WebhookUpdate, options?: CallOptions): Promise<Webhook>;
  delete(id: string, options?: CallOptions): Promise<void>;
}

export class Whautomate {
  constructor(options: WhautomateOptions);
  /** Sends one message, routed by `channel` and `type`. */
  send(message: Message, options?: CallOptions): Promise<{ success: true }>;
  /**
   * Sends many messages (at most 100,000: more is `invalid_input` on `messages`) with
   * bounded concurrency; one result per input, in order.
   */
  sendMany(messages: readonly Message[], options?: SendManyOptions): Promise<SendManyReport>;
  /** The request `send` would make; sends nothing. */
  prepare(message: Message): PreparedRequest;
  readonly whatsapp: ChannelApi<WhatsAppText, WhatsAppMedia, WhatsAppTemplate>;
  readonly telegram: ChannelApi<TelegramText, TelegramMedia, TelegramTemplate>;
  readonly instagram: ChannelApi<InstagramText, InstagramMedia, InstagramTemplate>;
  readonly messenger: ChannelApi<MessengerText, MessengerMedia, MessengerTemplate>;
  readonly messages: {
    /** One page (pages start at 1). */
    list(contactId: string, options?: ListOptions): Promise<HistoryMessage[]>;
    /**
     * Every message from `page` (default 1) on, fetching pages lazily. Bad arguments
     * reject the first `next()`, before any request.
     */
    iterate(contactId: string, options?: ListOptions): AsyncIterableIterator<HistoryMessage>;
  };
  /** The webhook subscriptions: `list`, `create`, `get`, `update`, `delete`. */
  readonly webhooks: WebhooksApi;
}

/** `[]`, or every violation of `message`. Locations are not required here. */
export function validate(message: unknown): Violation[];

/** The SDK version. Like every call, it throws while the engine is missing (a failed download). */
export function version(): string;
