// A real HTTP server on 127.0.0.1 for the wasm client tests (tests/wasm_client.rs).
// Each scenario scripts the answers; every request is recorded so the tests can count
// exactly what reached the server.
import { createServer } from "node:http";

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};

const scenarios = {
  ok: (req, res) => json(res, 200, req.method === "GET" ? [] : { success: true }),
  slow: (req, res) => setTimeout(() => json(res, 200, { success: true }), 3000),
  // Headers at once, body never completes: the timeout must cover the body read.
  slowBody: (req, res) => { res.writeHead(200, { "content-type": "application/json" }); res.write('{"succ'); },
  rateLimitedOnce: (req, res, n) => n === 1 ? json(res, 429, { message: "Too Many Requests" }, { "retry-after": "0" }) : json(res, 200, { success: true }),
  serverError: (req, res) => json(res, 500, { message: "Internal Server Error" }),
  serverErrorOnce: (req, res, n) => n === 1 ? json(res, 503, "") : json(res, 200, [{ id: "m1", text: "hi", isIncoming: true, brandNew: 1 }]),
  drop: (req, res) => req.socket.destroy(),
  dropOnce: (req, res, n) => n === 1 ? req.socket.destroy() : json(res, 200, [{ id: "m1" }]),
  forbidden: (req, res) => json(res, 403, { message: "Forbidden" }),
  notJson: (req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end("<html>ok</html>"); },
  // Every request is redirected to /elsewhere, which would answer success: a followed
  // redirect shows as a recorded request there.
  redirect: (req, res) => (req.url.startsWith("/elsewhere") ? json(res, 200, { success: true }) : res.writeHead(307, { location: "/elsewhere" }).end()),
  // A 2xx body larger than the test's maxResponseBytes (1 KiB), declared or not.
  huge: (req, res) => { res.writeHead(200, req.method === "GET" ? {} : { "content-length": 4096 }); res.end("x".repeat(4096)); },
  // A 401 whose body stops arriving: the status line, a few bytes of a longer body, and
  // the connection dropped.
  cutUnauthorized: (req, res) => {
    res.writeHead(401, { "content-type": "application/json", "content-length": 100 });
    res.write('{"message":"part');
    setTimeout(() => req.socket.destroy(), 10);
  },
  // Five messages, served in pages per ?page=&limit=.
  history: (req, res) => {
    const url = new URL(req.url, "http://x");
    const page = Number(url.searchParams.get("page") || 1);
    const limit = Number(url.searchParams.get("limit") || 2);
    const all = [1, 2, 3, 4, 5].map((i) => ({ id: `m${i}`, text: `message ${i}` }));
    json(res, 200, all.slice((page - 1) * limit, page * limit));
  },
};

export async function startServer(scenario) {
  const handler = scenarios[scenario];
  if (!handler) throw new Error(`unknown scenario ${scenario}`);
  const requests = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, requests.length);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    count: () => requests.length,
    request: (i) => JSON.stringify(requests[i]),
    close: () => { server.closeAllConnections(); server.close(); },
  };
}

// A port with nothing listening: bind, note the port, close.
export async function refusedUrl() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
