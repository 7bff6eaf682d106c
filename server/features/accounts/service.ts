// Accounts: the beheerder creates them, changes their role and provider, disables and re-enables them and resets their
// second factor; login looks them up.
import { asc, eq } from "drizzle-orm";
import type { Account, CreateAccount, UpdateAccount } from "../../../shared/schemas/auth.js";
import type { Db } from "../../db/client.js";
import { providers, type UserRow, users } from "../../db/schema.js";
import { Conflict, NotFound, RuleViolation } from "../../http/errors.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import { clearTotp } from "../auth/mfa.js";
import { mustBeAcceptablePassword } from "../auth/password-policy.js";
import { hashPassword } from "../auth/passwords.js";
import { endSessionsOf } from "../auth/sessions.js";

/** Ends an account's open sockets, on every node (server/realtime/io.ts). */
export type DisconnectUser = (userId: number) => void;

function present(u: UserRow): Account {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    providerId: u.providerId,
    disabled: u.disabledAt !== null,
    secondFactor: u.totpSecret !== null,
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
  await providerMustExist(db, input.providerId);
  if (await findUserByEmail(db, input.email))
    throw new Conflict(`Er is al een account met e-mailadres ${input.email}.`);
  mustBeAcceptablePassword(input.password, input.email);
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

/**
 * Changes an account's role and provider. Its sessions end in the same transaction and its open sockets once that has
 * committed: rights and rooms were chosen at sign-in, so the owner signs in again with the new ones.
 */
export async function updateAccount(
  db: Db,
  id: number,
  input: UpdateAccount,
  { actor, ip, requestKey }: ChangeContext,
  disconnectUser: DisconnectUser,
): Promise<Account> {
  // A beheerder who gives away their own role could leave the region without one.
  if (actor.kind === "user" && actor.id === id) throw new RuleViolation("U kunt uw eigen rol niet wijzigen.");
  await providerMustExist(db, input.providerId);
  const { row, changed } = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for("update");
    if (!before) throw new NotFound(`Account ${id} bestaat niet.`);
    // Nothing to change (a repeated request): the sessions stay.
    if (before.role === input.role && before.providerId === input.providerId) return { row: before, changed: false };
    const [after] = await tx
      .update(users)
      .set({ role: input.role, providerId: input.providerId })
      .where(eq(users.id, id))
      .returning();
    if (!after) throw new NotFound(`Account ${id} bestaat niet.`);
    await endSessionsOf(tx, id);
    await recordAudit(tx, {
      actor,
      action: "account.gewijzigd",
      objectType: "account",
      objectId: id,
      outcome: "succes",
      ip,
      requestKey,
      detail: `rol ${before.role} -> ${after.role}; aanbieder ${before.providerId ?? "geen"} -> ${after.providerId ?? "geen"}`,
    });
    return { row: after, changed: true };
  });
  if (changed) disconnectUser(id);
  return present(row);
}

/**
 * Disables an account (its sessions end with it, and its open sockets once that has committed) or lets a disabled one
 * sign in again (its sessions ended when it was disabled, so it starts with a login).
 */
export async function setAccountDisabled(
  db: Db,
  id: number,
  disabled: boolean,
  { actor, ip, requestKey }: ChangeContext,
  disconnectUser: DisconnectUser,
): Promise<Account> {
  const account = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ disabledAt: disabled ? new Date() : null })
      .where(eq(users.id, id))
      .returning();
    if (!row) throw new NotFound(`Account ${id} bestaat niet.`);
    if (disabled) await endSessionsOf(tx, id);
    await recordAudit(tx, {
      actor,
      action: disabled ? "account.geblokkeerd" : "account.vrijgegeven",
      objectType: "account",
      objectId: id,
      outcome: "succes",
      ip,
      requestKey,
    });
    return present(row);
  });
  if (disabled) disconnectUser(id);
  return account;
}

/**
 * Removes an account's authenticator and recovery codes (a lost phone): it enrols again at its next login when its
 * role must. Its sessions end with it, as anything signed in with the old factor should.
 */
export async function resetSecondFactor(
  db: Db,
  id: number,
  { actor, ip, requestKey }: ChangeContext,
  disconnectUser: DisconnectUser,
): Promise<Account> {
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for("update");
    if (!before) throw new NotFound(`Account ${id} bestaat niet.`);
    await clearTotp(tx, id);
    await endSessionsOf(tx, id);
    await recordAudit(tx, {
      actor,
      action: "mfa.gereset",
      objectType: "account",
      objectId: id,
      outcome: "succes",
      ip,
      requestKey,
      detail: before.totpSecret ? "authenticator verwijderd; sessies beëindigd" : "had geen authenticator",
    });
    return { ...before, totpSecret: null };
  });
  disconnectUser(id);
  return present(row);
}

async function providerMustExist(db: Db, providerId: number | null): Promise<void> {
  if (providerId === null) return;
  const [provider] = await db.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId));
  if (!provider) throw new NotFound(`Aanbieder ${providerId} bestaat niet.`);
}
