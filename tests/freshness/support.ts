// Test data for one-tap freshness: a provider with due locations, accounts and a contact address, and the prompt run
// as the scheduler runs it, with the secret read back from the e-mail it queued.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../server/db/client.js";
import { freshnessLinks, locations, mailOutbox, providers } from "../../server/db/schema.js";
import { type PromptOutcome, promptStaleNumbers } from "../../server/features/freshness/prompt.js";
import { addAccount } from "../support/auth.js";
import { addLocation } from "../support/fixtures.js";

export const HOUR_MS = 3_600_000;
export const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS);
export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
export const PROMPT_SETTINGS = { publicUrl: "https://wijzer.test", staleAfterHours: 72, promptHours: 24 };

/**
 * A provider with two locations due for a prompt (one stale within the window, one stale already), one fresh
 * location, two aanbieder accounts and a contact address.
 */
export async function dueProvider(db: Db) {
  const first = await addLocation(db, { capacity: 8, occupied: 5, lastConfirmedAt: hoursAgo(60) });
  const providerId = first.providerId;
  const contactEmail = `planning-${providerId}@aanbieder.test`;
  await db.update(providers).set({ email: contactEmail }).where(eq(providers.id, providerId));
  const second = await addSibling(db, providerId, { lastConfirmedAt: hoursAgo(80), capacity: 4, occupied: 4 });
  const fresh = await addSibling(db, providerId, { lastConfirmedAt: hoursAgo(2), capacity: 6, occupied: 1 });
  const accounts = [await addAccount(db, "aanbieder", providerId), await addAccount(db, "aanbieder", providerId)];
  return { providerId, contactEmail, due: [first, second], fresh, accounts };
}

/** Another location of the same provider (addLocation makes a provider per location). */
async function addSibling(
  db: Db,
  providerId: number,
  values: { lastConfirmedAt: Date; capacity: number; occupied: number },
) {
  const made = await addLocation(db, values);
  const [moved] = await db
    .update(locations)
    .set({ providerId, code: `S${made.id}` })
    .where(eq(locations.id, made.id))
    .returning();
  if (!moved) throw new Error("sibling location not moved");
  return moved;
}

export function runPrompt(db: Db, now = new Date()): Promise<PromptOutcome> {
  return db.transaction((tx) => promptStaleNumbers(tx, PROMPT_SETTINGS, now));
}

/** The secret of the provider's newest prompt, as the contact address's e-mail carries it. */
export async function secretMailedTo(db: Db, contactEmail: string): Promise<string> {
  const mails = await db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, contactEmail)).orderBy(mailOutbox.id);
  const secret = /\/bevestigen#([A-Za-z0-9_-]{43})/.exec(mails.at(-1)?.body ?? "")?.[1];
  if (!secret) throw new Error(`no one-tap link mailed to ${contactEmail}`);
  return secret;
}

/** Prompts (every due provider) and returns this provider's link secret and row. */
export async function promptedLink(db: Db, provider: { providerId: number; contactEmail: string }) {
  await runPrompt(db);
  const secret = await secretMailedTo(db, provider.contactEmail);
  const [link] = await db
    .select()
    .from(freshnessLinks)
    .where(eq(freshnessLinks.tokenHash, sha256(secret)));
  if (!link) throw new Error("no link row for the mailed secret");
  return { secret, link };
}
