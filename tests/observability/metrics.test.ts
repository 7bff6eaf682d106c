// /metrics: what an operator's Prometheus reads. Each app has its own numbers, and only the right callers get them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Location } from "../../shared/schemas/capacity.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { api, connectSocket, eventually, startTestServer, type TestServer } from "../support/server.js";
import { sample, scrape } from "./scrape.js";

describe("metrics", () => {
  let server: TestServer;
  // A beheerder may change any location: these tests are about what is counted, not about who may change it.
  let admin: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());
  const read = () => scrape(server.url);

  it("when two boards connect, then the socket gauge shows 2, and 1 after one leaves", async () => {
    expect(sample(await read(), "wijzer_connected_sockets")).toBe(0);
    const first = await connectSocket(server.url, admin);
    const second = await connectSocket(server.url, admin);
    try {
      expect(sample(await read(), "wijzer_connected_sockets")).toBe(2);
      first.disconnect();
      await eventually(async () => sample(await read(), "wijzer_connected_sockets") === 1);
    } finally {
      first.disconnect();
      second.disconnect();
    }
  });

  it("when a provider updates its free places, then one published event and one push latency are counted", async () => {
    const location = await addLocation(server.database.db, { capacity: 8, occupied: 4 });
    const before = await read();

    const res = await api<Location>(server.url, `/api/locations/${location.id}/availability`, {
      method: "PUT",
      as: admin,
      body: { version: location.version, free: 2 },
    });

    expect(res.status).toBe(200);
    const after = await read();
    const published = (text: string) =>
      sample(text, "wijzer_capacity_events_published_total", { kind: "vrije-plekken-gewijzigd" });
    expect(published(after)).toBe(published(before) + 1);
    const latencies = (text: string) => sample(text, "wijzer_push_latency_seconds_count");
    expect(latencies(after)).toBe(latencies(before) + 1);
  });

  it("when a board replays what it missed, then the replay and its events are counted", async () => {
    const location = await addLocation(server.database.db, { capacity: 8, occupied: 4 });
    const seq = (await api<{ seq: number }>(server.url, "/api/locations", { as: admin })).body.seq;
    for (let i = 0; i < 3; i++) {
      const res = await api(server.url, `/api/locations/${location.id}/occupancy`, {
        method: "POST",
        as: admin,
        body: { change: "bezet" },
      });
      expect(res.status).toBe(200);
    }
    const before = await read();
    const socket = await connectSocket(server.url, admin);
    try {
      const reply = await socket.timeout(2000).emitWithAck("capacity:sync", { afterSeq: seq });
      expect(reply).toMatchObject({ ok: true, complete: true });
      expect(reply.ok && reply.events).toHaveLength(3);
    } finally {
      socket.disconnect();
    }
    const after = await read();
    expect(sample(after, "wijzer_replay_requests_total")).toBe(sample(before, "wijzer_replay_requests_total") + 1);
    expect(sample(after, "wijzer_replayed_events_total")).toBe(sample(before, "wijzer_replayed_events_total") + 3);

    // A board that shows one care type and municipality replays only that scope: counted the same way.
    const scoped = await connectSocket(server.url, admin);
    try {
      const filter = {
        scope: "capaciteit-detail" as const,
        careType: location.careType,
        municipality: location.municipality,
      };
      const reply = await scoped.timeout(2000).emitWithAck("capacity:sync", { afterSeq: seq, filter });
      expect(reply).toMatchObject({ ok: true });
      expect(reply.ok && reply.events).toHaveLength(3);
    } finally {
      scoped.disconnect();
    }
    const last = await read();
    expect(sample(last, "wijzer_replay_requests_total")).toBe(sample(after, "wijzer_replay_requests_total") + 1);
    expect(sample(last, "wijzer_replayed_events_total")).toBe(sample(after, "wijzer_replayed_events_total") + 3);
  });

  it("when requests are timed, then they are labelled by route pattern, never by id or account", async () => {
    const location = await addLocation(server.database.db);
    expect((await api(server.url, `/api/locations/${location.id}`, { as: admin })).status).toBe(200);
    expect((await api(server.url, "/api/bestaat-niet")).status).toBe(404);

    const text = await read();
    expect(
      sample(text, "wijzer_http_request_duration_seconds_count", {
        method: "GET",
        route: "/api/locations/:id",
        status: "200",
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, "wijzer_http_request_duration_seconds_count", { route: "unmatched", status: "404" }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(`/api/locations/${location.id}"`);
    expect(text).not.toContain("bestaat-niet");
    if (!("user" in admin)) throw new Error("admin signs in with a session");
    expect(text).not.toContain(admin.user.email);
  });

  it("process metrics are there: heap, cpu and event loop lag", async () => {
    const text = await read();
    expect(sample(text, "wijzer_nodejs_heap_size_used_bytes")).toBeGreaterThan(0);
    expect(sample(text, "wijzer_process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(sample(text, "wijzer_nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(sample(text, "wijzer_database_errors_total")).toBe(0);
  });

  it("without METRICS_TOKEN, a request that came through a proxy is refused with 403", async () => {
    const res = await api<Problem>(server.url, "/metrics", { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ status: 403, title: "Geen toegang" });
  });
});

describe("metrics with METRICS_TOKEN", () => {
  const token = "metrics-token-for-the-test-run";
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite", { env: { METRICS_TOKEN: token } });
  });
  afterAll(async () => server?.close());

  it("without the token, or with another one, then 401 with a JSON body", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-metrics-token" },
      { authorization: token },
    ];
    for (const headers of attempts) {
      const res = await api<Problem>(server.url, "/metrics", { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(res.body).toMatchObject({ status: 401, detail: expect.stringContaining("METRICS_TOKEN") });
    }
  });

  it("with the token, then the metrics, counted for this app only", async () => {
    const text = await scrape(server.url, { authorization: `Bearer ${token}` });
    // The app of the other block in this file published events; this one has its own registry and none.
    expect(sample(text, "wijzer_capacity_events_published_total")).toBe(0);
    expect(sample(text, "wijzer_connected_sockets")).toBe(0);
  });
});
