// Types of `whautomate/webhooks`: receiving the events Whautomate delivers to a webhook.
import { WhautomateError } from "./index.js";
export { WhautomateError };

/** A channel an event names, lowercase. */
export type EventChannel = "whatsapp" | "telegram" | "instagram" | "messenger" | "website";

/**
 * A message event's `message`: the wire message, tolerantly normalized. The fields are
 * typed as the vendor documents them; their values are as sent (only `isIncoming`,
 * `channel`, an empty `replyToMessage` and numeric ids are normalized), so a body of
 * another shape (`text` as a number) reaches you as it came: test a field's type where
 * a handler would throw on another (`typeof message.text === "string"`).
 */
export interface WebhookMessage {
  id?: string;
  /** The conversation's contact, as sent. */
  contact?: { id?: string; channel?: string; phoneNumber?: string; [key: string]: unknown };
  /** Lowercase (the vendor sends `"whatsApp"`): a known channel, or any other text lowercased too; a value of another type as sent. */
  channel?: EventChannel | (string & {});
  /** A real boolean, from `true`, `"true"`, `false` or `"false"`; absent otherwise. */
  isIncoming?: boolean;
  type?: "text" | "media" | "template" | (string & {});
  /** Absent when the vendor sent `{}`. */
  replyToMessage?: { id?: string; [key: string]: unknown };
  from?: string;
  sentBy?: string;
  timestamp?: string;
  status?: string;
  errorMessage?: string;
  headerText?: string;
  mediaUrl?: string;
  caption?: string;
  text?: string;
  footerText?: string;
  options?: unknown;
  createdAt?: string;
  updatedAt?: string;
  /** Fields the SDK does not know are kept as sent. */
  [key: string]: unknown;
}

interface EventBase<T extends string> {
  /** `event.id`: the same on every delivery (and retry) of one event. */
  id: string;
  /** `event.type`, as sent. */
  type: T;
  /** `incoming` / `outgoing` for a message event's type; absent for other events. */
  direction?: "incoming" | "outgoing";
  /** From the type, else from `message.channel`; absent when neither names one. */
  channel?: EventChannel;
  /** `event.key`. */
  key?: string;
  /** `event.timeStamp`, as a string. */
  occurredAt?: string;
  /** The body's `message`, normalized, when it has one (message events do). */
  message?: WebhookMessage;
  /** The body's `contact`, as sent (a numeric `id` as its text), when it has one. */
  contact?: Record<string, unknown>;
  /** The body's `client`, as sent (a numeric `id` as its text), when it has one. */
  client?: Record<string, unknown>;
  /**
   * The parsed object as received (by `JSON.parse`: a number beyond 2^53 is rounded
   * there, where `id`s above keep every digit).
   */
  raw: Record<string, unknown>;
}

/** The channels of message events. */
export type MessageEventChannel = "whatsapp" | "telegram" | "instagram" | "messenger" | "website";

/** `incoming_<channel>_message`: a customer wrote. */
export interface IncomingMessageEvent<C extends MessageEventChannel = MessageEventChannel> extends EventBase<`incoming_${C}_message`> {
  direction: "incoming";
  channel: C;
}

/** `outgoing_<channel>_message`: a message was sent to a customer. */
export interface OutgoingMessageEvent<C extends MessageEventChannel = MessageEventChannel> extends EventBase<`outgoing_${C}_message`> {
  direction: "outgoing";
  channel: C;
}

/** `contact_created`, `contact_tag_added`, `contact_tag_removed`. */
export interface ContactEvent extends EventBase<"contact_created" | "contact_tag_added" | "contact_tag_removed"> {
  direction?: never;
}

/** `client_created`. */
export interface ClientEvent extends EventBase<"client_created"> {
  direction?: never;
}

/** The event types the SDK knows (webhooks.md). */
export type KnownWebhookEventType =
  | IncomingMessageEvent["type"]
  | OutgoingMessageEvent["type"]
  | ContactEvent["type"]
  | ClientEvent["type"];

/**
 * An event of a type the SDK does not know (see {@link KnownWebhookEventType}): kept, with
 * whatever it carried. (TypeScript cannot subtract the known literals from `string`, so a
 * comparison with a known type narrows to that type's member and this one: test the
 * fields you use, `event.channel` and `event.message?.contact?.id` say, as the README's
 * examples do.)
 */
export interface UnknownEvent extends EventBase<string> {}

/** What Whautomate delivers: a union discriminated on `type` (unknown types kept). */
export type WebhookEvent =
  | IncomingMessageEvent<"whatsapp"> | IncomingMessageEvent<"telegram"> | IncomingMessageEvent<"instagram"> | IncomingMessageEvent<"messenger"> | IncomingMessageEvent<"website">
  | OutgoingMessageEvent<"whatsapp"> | OutgoingMessageEvent<"telegram"> | OutgoingMessageEvent<"instagram"> | OutgoingMessageEvent<"messenger"> | OutgoingMessageEvent<"website">
  | ContactEvent
  | ClientEvent
  | UnknownEvent;

/** A body as a server hands it over: text, bytes, or an object already parsed. */
export type WebhookBody = string | Uint8Array | ArrayBuffer | Record<string, unknown>;

/**
 * The event of a webhook delivery. Throws a `WhautomateError` (`invalid_input`, naming
 * the field) for a body that is no event or is over 1 MiB (`too_long` on `body`, the
 * bound the handlers answer 413 to), and nothing else.
 */
export function parseWebhookEvent(body: WebhookBody): WebhookEvent;

/** The shared-secret header a subscription sets (`headers` of `client.webhooks.create`). */
export interface WebhookSecret {
  /** The header's name, e.g. `"x-whautomate-secret"`. */
  name: string;
  /** Its value: a long random string. */
  value: string;
}

/** Request headers: a `Headers`, or a plain object with lowercase names (Node's `req.headers`). */
export type HeadersLike = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/**
 * Whether the request carries the secret header, compared in constant time. Throws an
 * `invalid_input` WhautomateError for a secret that is no secret (missing, empty, `null`),
 * rather than answer `false` for every request.
 */
export function verifyWebhook(headers: HeadersLike, secret: WebhookSecret): boolean;

export interface WebhookHandlerOptions {
  /**
   * Answer 401 to a delivery without this header. Left out (or `undefined`), the endpoint
   * checks no secret; `null` is refused, so that a missing setting (`config.secret ?? null`)
   * does not turn the check off without a word.
   */
  secret?: WebhookSecret | undefined;
  /** Handles each event once; a throw or rejection answers 500, so the sender retries. */
  onEvent(event: WebhookEvent): void | Promise<void>;
  /**
   * Told when onEvent failed. The answer is 500 whatever it does, and it waits for it at
   * most 10 s (for its own I/O: a log sent somewhere).
   */
  onError?: ((error: unknown, event: WebhookEvent | undefined) => void | Promise<void>) | undefined;
  /** How many handled `event.id`s are remembered, to answer duplicates (default 10,000). */
  dedupe?: { size?: number | undefined } | undefined;
}

/**
 * A fetch-style handler for Workers, Deno, Bun and any `Request` server: 200 handled or a
 * duplicate; 401 wrong or missing secret; 400 no event; 405 not POST; 413 over 1 MiB;
 * 500 onEvent failed; 503 the same event is still being handled (the sender retries).
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (request: Request) => Promise<Response>;

/** A minimal Node request, as `node:http` and Express hand it over. */
export interface NodeRequestLike {
  method?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  once(event: "end" | "error", listener: (arg?: unknown) => void): unknown;
  off(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  resume(): unknown;
}

/** A minimal Node response. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
}

/** The same endpoint (the same answers) as a Node `(req, res)` listener: `http.createServer(listener)`, `app.post(path, listener)`. */
export function createWebhookListener(options: WebhookHandlerOptions): (req: NodeRequestLike, res: NodeResponseLike) => void;
