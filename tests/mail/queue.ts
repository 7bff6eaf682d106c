// Queueing outbox mails for the mail tests the way the app does: notify() or enqueueMail() in a transaction.
import { eq } from "drizzle-orm";
import type { Db } from "../../server/db/client.js";
import { mailOutbox } from "../../server/db/schema.js";
import { enqueueMail, notify } from "../../server/features/notifications/service.js";
import { addAccount } from "../support/auth.js";

export const PUBLIC_URL = "https://wijzer.test.twente.nl";
let counter = 0;

/** An aanbieder account and one notice for it, by e-mail at once (the default preference): its outbox row. */
export async function queueNotice(db: Db, caseNumber = `ZAAK-${++counter}`) {
  const account = await addAccount(db, "aanbieder");
  const created = await db.transaction((tx) =>
    notify(tx, { publicUrl: PUBLIC_URL }, [account.id], {
      kind: "reservering-wacht",
      title: `Reservering wacht op antwoord (${caseNumber})`,
      body: `Een regisseur reserveerde een plek voor ${caseNumber}.`,
      link: "/aanbieder",
      caseNumber,
      dedupeKey: `test:${caseNumber}:${counter}`,
    }),
  );
  const notificationId = created[0]?.notification.id;
  if (notificationId === undefined) throw new Error("notify created nothing");
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.notificationId, notificationId));
  if (!row) throw new Error("notify queued no mail");
  return { account, row };
}

/** A mail to an address without an account; `secret`: its body holds a single-use link. */
export async function queueMail(db: Db, toAddress: string, options: { secret?: boolean } = {}) {
  const dedupeKey = `test:mail:${++counter}:${Math.random()}`;
  await db.transaction((tx) =>
    enqueueMail(tx, {
      kind: options.secret ? "wachtwoord-herstel" : "melding",
      toAddress,
      subject: `Testbericht ${counter}`,
      body: options.secret ? `Nieuw wachtwoord: ${PUBLIC_URL}/herstel/geheim-${counter}` : `Bericht ${counter}`,
      dedupeKey,
      carriesSecret: options.secret ?? false,
    }),
  );
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.dedupeKey, dedupeKey));
  if (!row) throw new Error("enqueueMail queued nothing");
  return row;
}

export async function outboxRow(db: Db, id: number) {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  if (!row) throw new Error(`no outbox row ${id}`);
  return row;
}
