// Accounts: the beheerder creates and disables them; login looks them up.
import { asc, eq } from "drizzle-orm";
import type { Account, CreateAccount } from "../../../shared/schemas/auth.js";
import type { Db } from "../../db/client.js";
import { providers, type UserRow, users } from "../../db/schema.js";
import { Conflict, NotFound } from "../../http/errors.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import { hashPassword } from "../auth/passwords.js";

function present(u: UserRow): Account {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    providerId: u.providerId,
    disabled: u.disabledAt !== null,
  };
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function listAccounts(db: Db): Promise<Account[]> {
  return (await db.select().from(users).orderBy(asc(users.id))).map(present);
}

export async function createAccount(
  db: Db,
  input: CreateAccount,
  { actor, ip, requestKey }: ChangeContext,
): Promise<Account> {
  if (input.providerId !== null) {
    const [provider] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, input.providerId));
    if (!provider) throw new NotFound(`Aanbieder ${input.providerId} bestaat niet.`);
  }
  if (await findUserByEmail(db, input.email))
    throw new Conflict(`Er is al een account met e-mailadres ${input.email}.`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, role: input.role, providerId: input.providerId, passwordHash })
      .returning();
    if (!row) throw new Error("account insert returned nothing");
    await recordAudit(tx, {
      actor,
      action: "account.aangemaakt",
      objectType: "account",
      objectId: row.id,
      outcome: "succes",
      ip,
      requestKey,
    });
    return present(row);
  });
}

export async function disableAccount(db: Db, id: number, { actor, ip, requestKey }: ChangeContext): Promise<Account> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(users).set({ disabledAt: new Date() }).where(eq(users.id, id)).returning();
    if (!row) throw new NotFound(`Account ${id} bestaat niet.`);
    await recordAudit(tx, {
      actor,
      action: "account.geblokkeerd",
      objectType: "account",
      objectId: id,
      outcome: "succes",
      ip,
      requestKey,
    });
    return present(row);
  });
}
