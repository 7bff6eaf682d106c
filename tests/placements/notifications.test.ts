// Notifications about requests: the regisseur who follows one hears when a fitting place comes free (nobody else
// does, and a place that does not fit or did not newly come free rings no bell); a request's changes reach its pages.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../server/db/schema.js";
import type { Location } from "../../shared/schemas/capacity.js";
import type { MatchList, PlaceAvailable, WatchState } from "../../shared/schemas/placements.js";
import { type Caller, loginAs } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";
import { requestInput, searchingRequest } from "../support/placements.js";
import {
  api,
  type ClientSocket,
  connectSocket,
  nextEvent,
  startTestServer,
  type TestServer,
} from "../support/server.js";

/** Every notice a socket receives, in order. */
function collect(socket: ClientSocket): PlaceAvailable[] {
  const seen: PlaceAvailable[] = [];
  socket.on("requests:place-available", (notice) => seen.push(notice));
  return seen;
}

/** The next notice about one request (the same regisseur may follow other requests too). */
function nextNotice(socket: ClientSocket, requestId: number, timeoutMs = 5000): Promise<PlaceAvailable> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no notice arrived")), timeoutMs);
    const listener = (notice: PlaceAvailable) => {
      if (notice.requestId !== requestId) return;
      clearTimeout(timer);
      socket.off("requests:place-available", listener);
      resolve(notice);
    };
    socket.on("requests:place-available", listener);
  });
}

describe("watching a request", () => {
  let server: TestServer;
  let regisseur: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => server?.close());

  /** A provider account sets the free places of its own location, as its staff would. */
  async function setFree(location: { id: number; providerId: number }, free: number) {
    const provider = await loginAs(server, "aanbieder", location.providerId);
    const current = (await api<Location>(server.url, `/api/locations/${location.id}`, { as: provider })).body;
    const res = await api(server.url, `/api/locations/${location.id}/availability`, {
      method: "PUT",
      body: { version: current.version, free },
      as: provider,
    });
    expect(res.status).toBe(200);
  }

  it("when a fitting place comes free, then the watching regisseur is told, with the case number, and it is logged", async () => {
    const full = await addLocation(server.database.db, { capacity: 4, occupied: 4, careType: "gezinshuis" });
    const unfit = await addLocation(server.database.db, { capacity: 4, occupied: 4, careType: "jeugdzorgplus" });
    const request = await searchingRequest(server.url, regisseur);
    const watching = await api<WatchState>(server.url, `/api/requests/${request.id}/watch`, {
      method: "PUT",
      body: { watching: true },
      as: regisseur,
    });
    expect(watching.body).toEqual({ requestId: request.id, watching: true });
    const matches = await api<MatchList>(server.url, `/api/requests/${request.id}/matches`, { as: regisseur });
    expect(matches.body.watching).toBe(true);

    const watcher = await connectSocket(server.url, regisseur);
    const bystander = await connectSocket(server.url, await loginAs(server, "regisseur"));
    const heardByBystander = collect(bystander);
    const notice = nextNotice(watcher, request.id);

    // The unfit location first: had it rung, the first notice would name it.
    await setFree(unfit, 2);
    await setFree(full, 1);

    expect(await notice).toMatchObject({
      requestId: request.id,
      caseNumber: request.caseNumber,
      locationId: full.id,
      free: 1,
    });
    expect(heardByBystander).toEqual([]);
    const logged = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "verzoek.plek-gemeld"), eq(auditLog.onBehalfOf, request.caseNumber)));
    expect(logged).toHaveLength(1);
    watcher.disconnect();
    bystander.disconnect();
  });

  it("when free places only go down, or the regisseur stopped watching, then no notice comes", async () => {
    const location = await addLocation(server.database.db, { capacity: 6, occupied: 3, careType: "gezinshuis" });
    const other = await addLocation(server.database.db, { capacity: 4, occupied: 4, careType: "gezinshuis" });
    const stopped = await addLocation(server.database.db, { capacity: 4, occupied: 4, careType: "gezinshuis" });
    const request = await searchingRequest(server.url, regisseur);
    const watch = (watching: boolean) =>
      api(server.url, `/api/requests/${request.id}/watch`, { method: "PUT", body: { watching }, as: regisseur });
    expect((await watch(true)).status).toBe(200);
    const watcher = await connectSocket(server.url, regisseur);
    const all = collect(watcher);
    const heard = () => all.filter((n) => n.requestId === request.id).map((n) => n.locationId);

    // 3 free -> 2 free: it already fitted, nothing new came free.
    await setFree(location, 2);
    // The control: a place that newly fits does ring, so silence above is not a dead socket.
    const notice = nextNotice(watcher, request.id);
    await setFree(other, 1);
    expect((await notice).locationId).toBe(other.id);
    expect(heard()).toEqual([other.id]);

    expect((await watch(false)).status).toBe(200);
    // The place-freed push goes out with the capacity event; wait for that event so silence means something.
    const changed = nextEvent(watcher, (e) => e.locationId === stopped.id);
    await setFree(stopped, 1);
    await changed;
    await new Promise((r) => setTimeout(r, 300));
    expect(heard()).toEqual([other.id]);
    watcher.disconnect();
  });

  it("when the request is no longer searching, then it cannot be watched", async () => {
    const request = await searchingRequest(server.url, regisseur);
    await api(server.url, `/api/requests/${request.id}/transition`, { body: { to: "ingetrokken" }, as: regisseur });
    const res = await api<{ detail: string }>(server.url, `/api/requests/${request.id}/watch`, {
      method: "PUT",
      body: { watching: true },
      as: regisseur,
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/ingetrokken/);
  });
});

describe("request changes reach the pages that show the request", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer("pglite");
  });
  afterAll(async () => server?.close());

  it("when a regisseur reserves a place for a verwijzer's request, then that verwijzer and the regisseurs hear its id, another verwijzer does not", async () => {
    const maker = await loginAs(server, "verwijzer");
    const regisseur = await loginAs(server, "regisseur");
    const location = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
    const request = await searchingRequest(server.url, maker);

    const makerSocket = await connectSocket(server.url, maker);
    const colleague = await connectSocket(server.url, await loginAs(server, "regisseur"));
    const strangerCaller = await loginAs(server, "verwijzer");
    const stranger = await connectSocket(server.url, strangerCaller);
    const heardByStranger: number[] = [];
    stranger.on("requests:changed", (c) => heardByStranger.push(c.requestId));
    const heard = (socket: ClientSocket) =>
      new Promise<number>((resolve) => socket.once("requests:changed", (c) => resolve(c.requestId)));
    const toMaker = heard(makerSocket);
    const toColleague = heard(colleague);

    const reserved = await api(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: location.id },
      as: regisseur,
    });
    expect(reserved.status).toBe(200);
    expect(await toMaker).toBe(request.id);
    expect(await toColleague).toBe(request.id);

    // The stranger's own request changing proves its socket listens; only then does its silence above count.
    const own = heard(stranger);
    const strangersRequest = await api<{ id: number }>(server.url, "/api/requests", {
      body: requestInput(),
      as: strangerCaller,
    });
    expect(await own).toBe(strangersRequest.body.id);
    expect(heardByStranger).toEqual([strangersRequest.body.id]);
    for (const s of [makerSocket, colleague, stranger]) s.disconnect();
  });
});
