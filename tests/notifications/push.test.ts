// The inbox live: a new notification reaches every open tab of its user, on whichever process the tab is connected to
// (the socket.io adapter over Redis), and nobody else's; marking read in one tab sets the others' count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NotificationPush, notificationPushSchema } from "../../shared/schemas/notifications.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import { addAccount, type Caller, loginAs, signIn } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { type ServerProcess, startServerProcess } from "../support/process.js";
import { api, type ClientSocket, connectSocket, startTestServer, type TestServer } from "../support/server.js";
import { TEST_REDIS_URL } from "../support/services.js";

/** The next notifications:new on this socket, checked against the contract. */
function nextPush(socket: ClientSocket, timeoutMs = 5000): Promise<NotificationPush> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no notification arrived")), timeoutMs);
    socket.once("notifications:new", (push) => {
      clearTimeout(timer);
      resolve(notificationPushSchema.parse(push));
    });
  });
}

function collect(socket: ClientSocket): NotificationPush[] {
  const seen: NotificationPush[] = [];
  socket.on("notifications:new", (push) => seen.push(push));
  return seen;
}

async function reserve(url: string, regisseur: Caller, locationId: number) {
  const request = await searchingRequest(url, regisseur);
  const made = await api<Reservation>(url, `/api/requests/${request.id}/reservations`, {
    body: { locationId },
    as: regisseur,
  });
  expect(made.status).toBe(200);
  return request;
}

describe("the inbox's live push on one process", () => {
  let server: TestServer;
  let regisseur: Caller;
  const sockets: ClientSocket[] = [];
  const connect = async (as: Caller) => {
    const socket = await connectSocket(server.url, as);
    sockets.push(socket);
    return socket;
  };
  beforeAll(async () => {
    server = await startTestServer("pglite");
    regisseur = await loginAs(server, "regisseur");
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.close();
  });

  it("when a user gets a notification, then each of the user's tabs receives it with the unread count, another user's tab nothing; and a read in one tab sets the other's count", async () => {
    const location = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
    const other = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
    const staff = await loginAs(server, "aanbieder", location.providerId);
    const [tab, secondTab] = [await connect(staff), await connect(staff)];
    const stranger = await connect(await loginAs(server, "aanbieder", other.providerId));
    const heardByStranger = collect(stranger);
    const pushes = [nextPush(tab), nextPush(secondTab)];

    const request = await reserve(server.url, regisseur, location.id);

    for (const push of await Promise.all(pushes)) {
      expect(push).toMatchObject({
        unread: 1,
        notification: { kind: "reservering-wacht", caseNumber: request.caseNumber, read: false },
      });
    }
    // The stranger's socket hears its own provider's reservation: only then does its silence above count.
    const own = nextPush(stranger);
    const strangersRequest = await reserve(server.url, regisseur, other.id);
    expect((await own).notification.caseNumber).toBe(strangersRequest.caseNumber);
    expect(heardByStranger.map((p) => p.notification.caseNumber)).toEqual([strangersRequest.caseNumber]);

    const [push] = await Promise.all(pushes);
    const counted = new Promise<{ unread: number }>((resolve) => secondTab.once("notifications:unread", resolve));
    const read = await api(server.url, `/api/notifications/${push?.notification.id}/read`, {
      method: "POST",
      as: staff,
    });
    expect(read.body).toEqual({ unread: 0 });
    expect(await counted).toEqual({ unread: 0 });
  });

  it("when a reservation the provider was asked to answer ends (declined, withdrawn), then its notice counts as read and every tab's count drops at once", async () => {
    const location = await addLocation(server.database.db, { capacity: 4, occupied: 1 });
    const staff = await loginAs(server, "aanbieder", location.providerId);
    const tab = await connect(staff);
    const unreadOf = async () =>
      (await api<{ unread: number }>(server.url, "/api/notifications?limit=1", { as: staff })).body.unread;

    // Answered: the provider's "wacht" notice has nothing left to ask.
    const asked = nextPush(tab);
    const first = await reserve(server.url, regisseur, location.id);
    expect((await asked).unread).toBe(1);
    const reservation = (await api<Reservation[]>(server.url, "/api/reservations", { as: staff })).body.find(
      (r) => r.requestId === first.id,
    );
    const settled = new Promise<{ unread: number }>((resolve) => tab.once("notifications:unread", resolve));
    const answered = await api(server.url, `/api/reservations/${reservation!.id}/answer`, {
      body: { answer: "weigeren", reason: "geen-plek-meer" },
      as: staff,
    });
    expect(answered.status).toBe(200);
    expect(await settled).toEqual({ unread: 0 });
    expect(await unreadOf()).toBe(0);

    // Withdrawn by the regisseur: the same.
    const again = nextPush(tab);
    const second = await reserve(server.url, regisseur, location.id);
    expect((await again).unread).toBe(1);
    const dropped = new Promise<{ unread: number }>((resolve) => tab.once("notifications:unread", resolve));
    const withdrawn = await api(server.url, `/api/requests/${second.id}/transition`, {
      body: { to: "ingetrokken" },
      as: regisseur,
    });
    expect(withdrawn.status).toBe(200);
    expect(await dropped).toEqual({ unread: 0 });
    expect(await unreadOf()).toBe(0);
  });
});

describe("the inbox's live push across two processes, one PostgreSQL, one Redis", () => {
  let database: TestDatabase;
  let nodes: ServerProcess[] = [];
  const sockets: ClientSocket[] = [];
  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    const env = { DATABASE_URL: database.url!, REDIS_URL: TEST_REDIS_URL };
    nodes = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map((n) => n.stop()));
    await database?.close();
  });

  it("when a reservation is made on node A, then the provider's staff hear it on both nodes, another provider's staff on node B nothing", async () => {
    const [a, b] = nodes as [ServerProcess, ServerProcess];
    const location = await addLocation(database.db, { capacity: 5, occupied: 1 });
    const other = await addLocation(database.db, { capacity: 5, occupied: 1 });
    const staff = await addAccount(database.db, "aanbieder", location.providerId);
    const stranger = await addAccount(database.db, "aanbieder", other.providerId);
    const regisseur = await signIn(a.url, (await addAccount(database.db, "regisseur")).email);
    // One session, a tab on each node: sessions live in the database.
    const asStaff = await signIn(a.url, staff.email);
    const onA = await connectSocket(a.url, asStaff);
    const onB = await connectSocket(b.url, asStaff);
    const strangerOnB = await connectSocket(b.url, await signIn(b.url, stranger.email));
    sockets.push(onA, onB, strangerOnB);
    const heardByStranger = collect(strangerOnB);
    const pushes = [nextPush(onA), nextPush(onB)];

    const request = await reserve(a.url, regisseur, location.id);

    for (const push of await Promise.all(pushes)) {
      expect(push.notification).toMatchObject({ kind: "reservering-wacht", caseNumber: request.caseNumber });
      expect(push.unread).toBe(1);
    }
    // The control: a reservation at the stranger's own provider, made on node A, reaches it on node B.
    const own = nextPush(strangerOnB);
    const strangersRequest = await reserve(a.url, regisseur, other.id);
    expect((await own).notification.caseNumber).toBe(strangersRequest.caseNumber);
    expect(heardByStranger.map((p) => p.notification.caseNumber)).toEqual([strangersRequest.caseNumber]);
  }, 30_000);
});
