// Ten thousand open boards must fit in one node's heap: a board's connection keeps what it needs to deliver, not the
// HTTP request it was opened with (headers, raw headers, parser state: about a kilobyte each, docs/benchmarks.md).
import { IncomingMessage } from "node:http";
import { queryObjects } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, loginAs } from "../support/auth.js";
import { connectSocket, startTestServer, type TestServer } from "../support/server.js";

const BOARDS = 30;
/** Requests alive in this process (server and test clients alike), counted by V8 after a full collection. */
const liveRequests = () => queryObjects(IncomingMessage, { format: "count" }) as number;

describe("memory per board", () => {
  let server: TestServer;
  let admin: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());

  it("when boards connect and stay open, then none of them keeps its handshake's HTTP request", async () => {
    const before = liveRequests();
    const boards = await Promise.all(Array.from({ length: BOARDS }, () => connectSocket(server.url, admin)));
    try {
      expect(server.app.realtime.io.of("/").sockets.size).toBe(BOARDS);
      // A few in flight may remain (the last HTTP answers); one per board would be the connections holding theirs.
      expect(liveRequests() - before).toBeLessThan(5);
    } finally {
      for (const board of boards) board.disconnect();
    }
  });
});
