// Each server process keeps the sessions it read in memory, and still refuses a session the moment it ended anywhere:
// on another process, in the database itself, or while the process could not hear the database.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRows } from "../../server/db/client.js";
import { sessions, users } from "../../server/db/schema.js";
import { cachedSessions } from "../../server/features/auth/session-cache.js";
import { newSecret, pgSessionStore, type SessionStore, sessionIdOf } from "../../server/features/auth/sessions.js";
import { addAccount, type Caller, signIn } from "../support/auth.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { api, eventually, startAppOn } from "../support/server.js";

const me = (url: string, as: Caller) => api(url, "/api/auth/me", { as });
// Well under the half minute an entry is kept when nothing is heard: passing in time means it was heard.
const AT_ONCE_MS = 2000;

describe("the session cache over the real session store on PostgreSQL", () => {
  let database: TestDatabase;
  let reads = 0;
  let store: SessionStore;
  let userId: number;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    const real = pgSessionStore(database.db);
    // The real store, counting its reads: what the cache saves is what it does not ask.
    store = {
      ...real,
      get: (id) => {
        reads++;
        return real.get(id);
      },
    };
    userId = (await addAccount(database.db, "regisseur")).id;
  });
  afterAll(async () => database?.close());

  const newSession = async () => {
    const id = sessionIdOf(newSecret());
    const now = new Date();
    await store.create({
      id,
      userId,
      csrfToken: "c",
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + 3_600_000),
    });
    return id;
  };

  it("when every change is heard, then a session read once is answered from memory, and read again once it is said to have changed", async () => {
    const cache = cachedSessions(store);
    cache.up();
    const id = await newSession();
    const before = reads;

    const first = await cache.store.get(id);
    const second = await cache.store.get(id);
    cache.heard(`s:${id}`);
    const third = await cache.store.get(id);

    expect(first?.user.id).toBe(userId);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(reads - before).toBe(2);
  });

  it("when changes may be missed (not yet listening, or the connection went), then every read goes to the database", async () => {
    const cache = cachedSessions(store);
    const id = await newSession();
    const before = reads;

    await cache.store.get(id);
    await cache.store.get(id);
    cache.up();
    await cache.store.get(id);
    cache.down();
    await cache.store.get(id);
    await cache.store.get(id);

    expect(reads - before).toBe(5);
  });

  it("when a change is heard while a read is on its way, then what that read brought is not kept", async () => {
    const cache = cachedSessions(store);
    cache.up();
    const id = await newSession();
    const before = reads;

    const reading = cache.store.get(id);
    cache.forgetAccount(userId);
    await reading;
    await cache.store.get(id);

    expect(reads - before).toBe(2);
  });
});

describe("two server processes on one PostgreSQL database, each with the sessions it read in memory", () => {
  let database: TestDatabase;
  let a: Awaited<ReturnType<typeof startAppOn>>;
  let b: Awaited<ReturnType<typeof startAppOn>>;
  let admin: Caller;

  /** Listening connections of this database's server processes. */
  const listeners = async () =>
    (
      await executeRows(
        database.db,
        sql`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
      )
    ).length;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    [a, b] = await Promise.all([startAppOn(database), startAppOn(database)]);
    admin = await signIn(a.url, (await addAccount(database.db, "beheerder")).email);
    await eventually(async () => (await listeners()) === 2);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.close();
  });

  /** A new account signed in on A, its session read (and kept) by B. */
  const knownOnB = async (role: "regisseur" | "aanbieder" = "regisseur") => {
    const account = await addAccount(database.db, role);
    const caller = await signIn(a.url, account.email);
    expect((await me(b.url, caller)).status).toBe(200);
    expect((await me(b.url, caller)).status).toBe(200);
    return { account, caller };
  };

  it("when the user logs out on A, then B refuses the session at once", async () => {
    const { caller } = await knownOnB();

    expect((await api(a.url, "/api/auth/logout", { method: "POST", as: caller })).status).toBe(200);

    await eventually(async () => (await me(b.url, caller)).status === 401, AT_ONCE_MS);
  });

  it("when a session is deleted in the database by hand, then both processes refuse it at once", async () => {
    const { account, caller } = await knownOnB();

    await database.db.delete(sessions).where(eq(sessions.userId, account.id));

    await eventually(async () => (await me(b.url, caller)).status === 401, AT_ONCE_MS);
    await eventually(async () => (await me(a.url, caller)).status === 401, AT_ONCE_MS);
  });

  it("when an account is disabled in the database by hand, then its session is refused at once", async () => {
    const { account, caller } = await knownOnB();

    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, account.id));

    await eventually(async () => (await me(b.url, caller)).status === 401, AT_ONCE_MS);
  });

  it("when a beheerder disables an account on B, then B refuses its session from the very next request, and A at once", async () => {
    const { account, caller } = await knownOnB();
    expect((await me(a.url, caller)).status).toBe(200);

    const res = await api(b.url, `/api/accounts/${account.id}/disable`, { method: "POST", as: admin });

    expect(res.status).toBe(200);
    expect((await me(b.url, caller)).status).toBe(401);
    await eventually(async () => (await me(a.url, caller)).status === 401, AT_ONCE_MS);
  });

  it("when the listening connections are cut and a session is deleted meanwhile, unheard, then it is refused once they listen again, and changes are heard again", async () => {
    const { account, caller } = await knownOnB();

    await database.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and query ilike 'listen%'`,
    );
    await database.db.delete(sessions).where(eq(sessions.userId, account.id));
    // A process listens again only after it saw its connection go: from then on it keeps nothing it read before.
    await eventually(async () => (await listeners()) === 2, 10_000);

    expect((await me(b.url, caller)).status).toBe(401);
    const again = await knownOnB();
    await database.db.delete(sessions).where(eq(sessions.userId, again.account.id));
    await eventually(async () => (await me(b.url, again.caller)).status === 401, AT_ONCE_MS);
  });
});

describe("the embedded database (PGlite), one process with the sessions it read in memory", () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof startAppOn>>;

  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    app = await startAppOn(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it("when a session is deleted or its account disabled in the database by hand, then the very next request is refused", async () => {
    const [gone, disabled] = [await addAccount(database.db, "regisseur"), await addAccount(database.db, "aanbieder")];
    const [goneCaller, disabledCaller] = [await signIn(app.url, gone.email), await signIn(app.url, disabled.email)];
    for (const caller of [goneCaller, goneCaller, disabledCaller, disabledCaller])
      expect((await me(app.url, caller)).status).toBe(200);

    await database.db.delete(sessions).where(eq(sessions.userId, gone.id));
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.id));

    expect((await me(app.url, goneCaller)).status).toBe(401);
    expect((await me(app.url, disabledCaller)).status).toBe(401);
  });
});
