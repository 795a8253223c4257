// A Cloudflare Worker that lets a browser page use the Whautomate Messages API without
// ever holding the API key: the page's SDK points `host` at this Worker, and the Worker
// forwards /v1/messages/... to Whautomate with the key added here, server-side.
//
// Bindings (see wrangler.toml):
//   WHAUTOMATE_API_KEY  secret (`wrangler secret put WHAUTOMATE_API_KEY`); required
//   WHAUTOMATE_HOST     default https://api.whautomate.com
//   ALLOWED_ORIGINS     comma-separated origins allowed to call from a browser, e.g.
//                       "https://app.example.com"; unset: same-origin pages only
//
// What it refuses: any path outside /v1/messages/ (404, so the Worker cannot be used as
// an open proxy to other hosts or APIs), methods other than GET/POST (405), and requests
// from a browser origin not on the list (403). Whatever key the browser sends is dropped.
//
// This example authenticates nobody: anyone who can reach it can send messages on your
// account. Check your own session (a cookie, a JWT) in `authorize` before deploying.

const DEFAULT_HOST = "https://api.whautomate.com";
const PREFIX = "/v1/messages/";
// Request headers passed on to Whautomate; every other one (cookies, authorization, the
// browser's x-api-key, ...) stays here.
const FORWARD_REQUEST = ["accept", "content-type"];
// Response headers passed back: the SDK reads Retry-After on 429.
const FORWARD_RESPONSE = ["content-type", "retry-after"];

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const cors = corsHeaders(request, env);
    if (!url.pathname.startsWith(PREFIX)) return json(404, { message: "Not found" }, cors);
    // A browser origin that is not allowed gets nothing, not even a forwarded request.
    if (cors === null) return json(403, { message: "Origin not allowed" }, {});
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });
    if (request.method !== "GET" && request.method !== "POST") {
      return json(405, { message: "Method not allowed" }, { ...cors, allow: "GET, POST, OPTIONS" });
    }
    const denied = await authorize(request, env);
    if (denied) return json(401, { message: denied }, cors);
    if (!env.WHAUTOMATE_API_KEY) return json(500, { message: "WHAUTOMATE_API_KEY is not configured" }, cors);

    const target = new URL(url.pathname + url.search, env.WHAUTOMATE_HOST || DEFAULT_HOST);
    const headers = new Headers();
    for (const name of FORWARD_REQUEST) {
      const value = request.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    headers.set("x-api-key", env.WHAUTOMATE_API_KEY);

    let upstream;
    try {
      upstream = await fetch(target, {
        method: request.method,
        headers,
        body: request.method === "POST" ? await request.arrayBuffer() : undefined,
        // A redirect would carry the key elsewhere; hand it back instead of following it.
        redirect: "manual",
      });
    } catch {
      // The SDK treats a 502 on a send as "may have been sent", which is the truth here.
      return json(502, { message: "Whautomate could not be reached" }, cors);
    }
    const out = new Headers(cors);
    for (const name of FORWARD_RESPONSE) {
      const value = upstream.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    return new Response(upstream.body, { status: upstream.status, headers: out });
  },
};

/** Your own access check: return a reason to refuse (401), or nothing to allow. */
async function authorize(_request, _env) {
  return undefined;
}

/** CORS headers for the request's Origin: `{}` for a request without one (same-origin
 * GETs, servers), `null` for an origin that is not allowed. */
function corsHeaders(request, env) {
  const origin = request.headers.get("origin");
  if (origin === null) return {};
  const allowed = String(env.ALLOWED_ORIGINS || "").split(",").map((s) => s.trim()).filter(Boolean);
  if (origin === new URL(request.url).origin) return {};
  if (!allowed.includes(origin)) return null;
  return {
    "access-control-allow-origin": origin,
    "access-control-allow-methods": "GET, POST, OPTIONS",
    // The SDK always sends x-api-key; it is allowed so the preflight passes, then dropped.
    "access-control-allow-headers": "content-type, x-api-key",
    "access-control-expose-headers": "retry-after",
    "access-control-max-age": "600",
    vary: "origin",
  };
}

function json(status, body, headers) {
  return new Response(JSON.stringify(body), { status, headers: { ...headers, "content-type": "application/json" } });
}
