// Demo accounts, one per role, so every page of the product can be tried at first start. Demo mode only.
import { asc, eq } from "drizzle-orm";
import { DEMO_EMAIL_DOMAIN, DEMO_TOTP_SECRET } from "../../../shared/demo.js";
import { ROLES, type Role } from "../../../shared/domain.js";
import { hashPassword } from "../../features/auth/passwords.js";
import type { Db } from "../client.js";
import { providers, users } from "../schema.js";

export { DEMO_EMAIL_DOMAIN };
export const demoEmail = (role: Role) => `${role}@${DEMO_EMAIL_DOMAIN}`;

/**
 * Creates regisseur@, aanbieder@ (bound to the first residential provider), verwijzer@, beleid@ and beheerder@. The
 * accounts of totpRoles (MFA_REQUIRED_ROLES) get the published demo authenticator key (shared/demo.ts), so they sign in
 * with a code as those roles must, and anyone can try that.
 */
export async function seedDemoAccounts(
  db: Db,
  password: string,
  { totpRoles = [] }: { totpRoles?: readonly Role[] } = {},
): Promise<{ email: string; role: Role }[]> {
  const [provider] = await db
    .select({ id: providers.id })
    .from(providers)
    .where(eq(providers.kind, "aanbieder"))
    .orderBy(asc(providers.id))
    .limit(1);
  const passwordHash = await hashPassword(password);
  const names: Record<Role, string> = {
    regisseur: "Demo Regisseur",
    aanbieder: "Demo Aanbieder",
    verwijzer: "Demo Verwijzer",
    beleid: "Demo Beleid",
    beheerder: "Demo Beheerder",
  };
  const rows = ROLES.map((role) => ({
    email: demoEmail(role),
    name: names[role],
    role,
    providerId: role === "aanbieder" ? (provider?.id ?? null) : null,
    passwordHash,
    ...(totpRoles.includes(role) ? { totpSecret: DEMO_TOTP_SECRET, totpEnabledAt: new Date() } : {}),
  }));
  await db.insert(users).values(rows).onConflictDoNothing({ target: users.email });
  return rows.map(({ email, role }) => ({ email, role }));
}
