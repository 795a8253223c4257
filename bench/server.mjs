// The loopback server of the throughput benchmark: 127.0.0.1 only, an ephemeral port,
// reads each body and answers {"success":true}. Started by throughput.mjs over IPC; it
// exits when its parent goes away or after 120 s, whichever comes first.
import { createServer } from "node:http";

const answer = Buffer.from('{"success":true}');
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": answer.length });
    res.end(answer);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("disconnect", () => process.exit(0));
setTimeout(() => process.exit(0), 120_000).unref();
