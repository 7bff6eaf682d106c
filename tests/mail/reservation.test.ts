// End to end: a regisseur reserves a place through the API, and the provider hears of it in the app's inbox and by
// e-mail (its aanbieder and its contact address) through a real SMTP server: with the case number and a link, and
// nothing more about the youth.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providers } from "../../server/db/schema.js";
import type { Inbox } from "../../shared/schemas/notifications.js";
import type { Reservation } from "../../shared/schemas/placements.js";
import { loginAs } from "../support/auth.js";
import { BACKENDS } from "../support/database.js";
import { addLocation } from "../support/fixtures.js";
import { searchingRequest } from "../support/placements.js";
import { api, eventually, startTestServer, type TestServer } from "../support/server.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { PUBLIC_URL } from "./queue.js";

describe.each(BACKENDS)("a reservation's notice by e-mail on %s", (backend) => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startTestServer(backend, { env: { SMTP_URL: smtp.url, MAIL_CHECK_SECONDS: "0.1", PUBLIC_URL } });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.stop();
  });

  it("when a regisseur reserves a place, then the aanbieder finds it in the inbox and in the mailbox, with the case number and a link only", async () => {
    const db = server.database.db;
    const place = await addLocation(db, { capacity: 6, occupied: 2 });
    await db.update(providers).set({ email: "planning@aanbieder.test" }).where(eq(providers.id, place.providerId));
    const aanbieder = await loginAs(server, "aanbieder", place.providerId);
    const regisseur = await loginAs(server, "regisseur");
    const request = await searchingRequest(server.url, regisseur, {
      homePostcode: "7544",
      schoolPostcode: "7545",
      gender: "meisje",
      age: 15,
      characteristics: ["trauma"],
    });

    const reserved = await api<Reservation>(server.url, `/api/requests/${request.id}/reservations`, {
      body: { locationId: place.id },
      as: regisseur,
    });
    expect(reserved.status).toBe(200);

    const inbox = await api<Inbox>(server.url, "/api/notifications", { as: aanbieder });
    expect(inbox.body.items.map((n) => n.kind)).toContain("reservering-wacht");
    await smtp.waitFor(2);
    const email = "user" in aanbieder ? aanbieder.user.email : "";
    const toAccount = smtp.received.find((m) => m.to.includes(email));
    const toContact = smtp.received.find((m) => m.to.includes("planning@aanbieder.test"));
    for (const mail of [toAccount, toContact]) {
      expect(mail?.subject).toContain("Reservering wacht op uw antwoord");
      expect(mail?.text).toContain(request.caseNumber);
      expect(mail?.text).toContain(`${PUBLIC_URL}/`);
      // Nothing about the youth beyond the case number (domain.md rule 5).
      for (const personal of ["7544", "7545", "meisje", "15 jaar", "trauma"])
        expect(mail?.text).not.toContain(personal);
    }
    const beheerder = await loginAs(server, "beheerder");
    await eventually(async () => {
      const outbox = await api<{ counts: { verzonden: number } }>(server.url, "/api/mail/outbox", { as: beheerder });
      return outbox.body.counts.verzonden >= 2;
    });
    expect(smtp.received).toHaveLength(2);
  });
});
