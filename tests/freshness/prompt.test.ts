// The freshness prompt: a provider whose numbers go stale soon (or are stale) gets one link, a notice per aanbieder
// account and one e-mail each (and to its contact address) with the one-tap link; a second run sends nothing again.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freshnessLinks,
  locations,
  mailOutbox,
  notificationPreferences,
  notifications,
} from "../../server/db/schema.js";
import type { NotificationPush } from "../../shared/schemas/notifications.js";
import { addAccount, signIn } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { connectSocket, startTestServer, type TestServer } from "../support/server.js";
import { dueProvider, hoursAgo, runPrompt, secretMailedTo, sha256 } from "./support.js";

describe.each(BACKENDS)("freshness prompt on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
    // The scheduler's first slot runs at start; after it the next is a quarter of an hour away, so the runs of these
    // tests are the only ones.
    await server.app.jobs.runDue(new Date(), ["cijfers-herinneringen"]);
  });
  afterAll(async () => server?.close());
  const db = () => server.database.db;

  it("when numbers go stale within the prompt window, then the provider gets one link, a notice per account and one mail each with the link", async () => {
    const provider = await dueProvider(db());
    const accountIds = provider.accounts.map((a) => a.id);

    const outcome = await runPrompt(db());

    const links = await db().select().from(freshnessLinks).where(eq(freshnessLinks.providerId, provider.providerId));
    expect(links).toHaveLength(1);
    const link = links[0]!;
    // The due locations with the numbers and versions the mail shows; the fresh location is not asked about.
    expect(link.numbers).toEqual(
      provider.due.map((l) => ({ locationId: l.id, version: l.version, free: l.capacity - l.occupied - l.reserved })),
    );
    expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBeCloseTo(48 * 3_600_000, -4);

    const notes = await db().select().from(notifications).where(inArray(notifications.userId, accountIds));
    expect(notes.map((n) => n.userId).sort()).toEqual([...accountIds].sort());
    expect(outcome.notifications.map((n) => n.userId).sort()).toEqual([...accountIds].sort());
    for (const note of notes) {
      expect(note.kind).toBe("cijfers-verouderen");
      expect(note.link).toBe("/aanbieder");
      expect(note.body).toContain(`${provider.due[0]!.name}: 3 vrije plekken`);
      expect(note.body).toContain(`${provider.due[1]!.name}: 0 vrije plekken`);
      expect(note.body).not.toContain(provider.fresh.name);
      expect(note.body).not.toContain("/bevestigen");
    }

    const secret = await secretMailedTo(db(), provider.contactEmail);
    expect(link.tokenHash).toBe(sha256(secret));
    // The secret itself is nowhere in the database but the mails that carry it.
    expect(JSON.stringify(links)).not.toContain(secret);
    const addresses = [...provider.accounts.map((a) => a.email), provider.contactEmail];
    const mails = await db().select().from(mailOutbox).where(inArray(mailOutbox.toAddress, addresses));
    expect(mails.map((m) => m.toAddress).sort()).toEqual([...addresses].sort());
    for (const mail of mails) {
      expect(mail.carriesSecret).toBe(true);
      expect(mail.body).toContain(`Klopt nog: https://wijzer.test/bevestigen#${secret}`);
      expect(mail.body).toContain("Wijzigen: https://wijzer.test/aanbieder");
      expect(mail.body).toContain(`${provider.due[0]!.name}: 3 vrije plekken`);
    }

    // The next run finds this stretch prompted: no second link, notice or mail.
    await runPrompt(db());
    expect(
      await db().select().from(freshnessLinks).where(eq(freshnessLinks.providerId, provider.providerId)),
    ).toHaveLength(1);
    expect(await db().select().from(mailOutbox).where(inArray(mailOutbox.toAddress, addresses))).toHaveLength(3);
    expect(await db().select().from(notifications).where(inArray(notifications.userId, accountIds))).toHaveLength(2);
  });

  it("when a prompted location's version moved without a confirmation, then the next run prompts anew with a working link", async () => {
    const provider = await dueProvider(db());
    await runPrompt(db());
    const first = await secretMailedTo(db(), provider.contactEmail);
    // An edit of the location's attributes: a new version, the same last confirmation; the first link is now refused.
    const edited = provider.due[0]!;
    await db()
      .update(locations)
      .set({ version: edited.version + 1 })
      .where(eq(locations.id, edited.id));

    await runPrompt(db());

    const links = await db()
      .select()
      .from(freshnessLinks)
      .where(eq(freshnessLinks.providerId, provider.providerId))
      .orderBy(freshnessLinks.id);
    expect(links).toHaveLength(2);
    expect(links[1]!.numbers.find((n) => n.locationId === edited.id)?.version).toBe(edited.version + 1);
    const second = await secretMailedTo(db(), provider.contactEmail);
    expect(second).not.toBe(first);
    expect(links[1]!.tokenHash).toBe(sha256(second));
    expect(
      await db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, provider.accounts[0]!.email)),
    ).toHaveLength(2);
  });

  it("when an account turned the e-mail for this kind off, then it has the notice in its inbox but no mail", async () => {
    const provider = await dueProvider(db());
    const [quiet, loud] = provider.accounts;
    await db()
      .insert(notificationPreferences)
      .values({ userId: quiet!.id, kind: "cijfers-verouderen", delivery: "uit" });

    await runPrompt(db());

    const notes = await db().select().from(notifications).where(eq(notifications.userId, quiet!.id));
    expect(notes).toHaveLength(1);
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, quiet!.email))).toHaveLength(0);
    expect(await db().select().from(mailOutbox).where(eq(mailOutbox.toAddress, loud!.email))).toHaveLength(1);
  });

  it("when no location goes stale within the window, then its provider is not prompted", async () => {
    // Stale at 72 hours, asked from 48: confirmed 47 hours ago is not due yet.
    const location = await addLocation(db(), { lastConfirmedAt: hoursAgo(47) });
    await addAccount(db(), "aanbieder", location.providerId);
    await runPrompt(db());
    expect(
      await db().select().from(freshnessLinks).where(eq(freshnessLinks.providerId, location.providerId)),
    ).toHaveLength(0);
  });

  it("when the scheduler's slot comes, then the prompt runs as cijfers-herinneringen and the notice reaches the aanbieder live", async () => {
    const provider = await dueProvider(db());
    const aanbieder = await signIn(server.url, provider.accounts[0]!.email);
    const socket = await connectSocket(server.url, aanbieder);
    try {
      const pushed = new Promise<NotificationPush>((resolve) => socket.once("notifications:new", resolve));

      // The next slot, a quarter of an hour from the last.
      const [outcome] = await server.app.jobs.runDue(new Date(Date.now() + 3_600_000), ["cijfers-herinneringen"]);

      expect(outcome).toMatchObject({ job: "cijfers-herinneringen", outcome: "voltooid" });
      expect((await pushed).notification.kind).toBe("cijfers-verouderen");
      expect(
        await db().select().from(freshnessLinks).where(eq(freshnessLinks.providerId, provider.providerId)),
      ).toHaveLength(1);
    } finally {
      socket.close();
    }
  });
});
