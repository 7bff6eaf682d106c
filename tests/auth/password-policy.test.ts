// The password policy: at least 12 characters, not a common password (in any case), not the address's own name; the
// beheerder's new account is refused with a 422 naming the rule, and the demo password passes.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.js";
import { users } from "../../server/db/schema.js";
import { passwordProblem } from "../../server/features/auth/password-policy.js";
import { DEMO_EMAIL_DOMAIN } from "../../shared/demo.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { type Caller, loginAs } from "../support/auth.js";
import { api, startTestServer, type TestServer } from "../support/server.js";

describe("password policy rules", () => {
  it("when a password is short, common (whatever its case) or holds the address's name, then the rule it breaks is named", () => {
    expect(passwordProblem("Kort-wacht1", "a.jansen@twente.nl")).toMatch(/minstens 12 tekens/);
    expect(passwordProblem("password1234", "a.jansen@twente.nl")).toMatch(/veelgebruikte/);
    expect(passwordProblem("PassWord1234", "a.jansen@twente.nl")).toMatch(/veelgebruikte/);
    expect(passwordProblem("mijn-A.Jansen-geheim", "a.jansen@twente.nl")).toMatch(/e-mailadres/);
    expect(passwordProblem("Zomer-In-Hengelo-2026", "a.jansen@twente.nl")).toBeUndefined();
  });

  it("when the demo password is the default, then it passes the policy for every demo account", () => {
    const { DEMO_PASSWORD } = loadConfig({});
    for (const role of ["regisseur", "aanbieder", "verwijzer", "beleid", "beheerder"]) {
      expect(passwordProblem(DEMO_PASSWORD, `${role}@${DEMO_EMAIL_DOMAIN}`)).toBeUndefined();
    }
  });
});

describe("password policy on account creation", () => {
  let server: TestServer;
  let admin: Caller;
  beforeAll(async () => {
    server = await startTestServer("pglite");
    admin = await loginAs(server, "beheerder");
  });
  afterAll(async () => server?.close());

  const create = (email: string, password: string) =>
    api<Problem>(server.url, "/api/accounts", {
      body: { name: "Nieuwe Regisseur", email, role: "regisseur", password },
      as: admin,
    });

  it("when the beheerder gives a new account a common password or its own address, then 422 names the rule and no account exists", async () => {
    const common = await create("p.devries@test.twente.nl", "qwertyuiop123");
    const ownName = await create("p.devries@test.twente.nl", "p.devries-2026-welkom");

    expect(common.status).toBe(422);
    expect(common.body.detail).toMatch(/veelgebruikte wachtwoorden/);
    expect(ownName.status).toBe(422);
    expect(ownName.body.detail).toMatch(/e-mailadres/);
    expect(await server.database.db.select().from(users).where(eq(users.email, "p.devries@test.twente.nl"))).toEqual(
      [],
    );
    expect((await create("p.devries@test.twente.nl", "Zomer-In-Hengelo-2026")).status).toBe(200);
  });
});
