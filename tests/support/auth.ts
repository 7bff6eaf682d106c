// Signed-in callers for tests: an account per role, a real login through the API, the cookie and CSRF token it gets.
import { hash } from "@node-rs/argon2";
import type { Db } from "../../server/db/client.js";
import { users } from "../../server/db/schema.js";
import type { Role } from "../../shared/domain.js";
import type { CurrentUser } from "../../shared/schemas/auth.js";

export const TEST_PASSWORD = "correct-horse-battery-staple";
let passwordHash: Promise<string> | undefined;
let counter = 0;

/** How a test request or socket identifies itself. */
export type Caller = { cookie: string; csrf: string; user: CurrentUser } | { token: string };

export async function addAccount(db: Db, role: Role, providerId: number | null = null) {
  passwordHash ??= hash(TEST_PASSWORD);
  counter += 1;
  const [row] = await db
    .insert(users)
    .values({
      email: `${role}-${counter}-${Math.random().toString(36).slice(2, 8)}@test.twente.nl`,
      name: `Test ${role} ${counter}`,
      role,
      providerId,
      passwordHash: await passwordHash,
    })
    .returning();
  if (!row) throw new Error("account insert failed");
  return row;
}

export async function signIn(url: string, email: string, password = TEST_PASSWORD): Promise<Caller> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("wijzer_sessie="));
  if (!cookie) throw new Error("login set no session cookie");
  const user = (await res.json()) as CurrentUser;
  return { cookie: cookie.split(";")[0]!, csrf: user.csrfToken, user };
}

/** A new account with this role, signed in. */
export async function loginAs(
  server: { url: string; database: { db: Db } },
  role: Role,
  providerId: number | null = null,
) {
  const account = await addAccount(server.database.db, role, providerId);
  return signIn(server.url, account.email);
}

export function headersOf(caller: Caller | undefined): Record<string, string> {
  if (!caller) return {};
  if ("token" in caller) return { authorization: `Bearer ${caller.token}` };
  return { cookie: caller.cookie, "x-csrf-token": caller.csrf };
}
