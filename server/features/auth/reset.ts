// Password reset by e-mail: a single-use link (the row holds the SHA-256 of its secret) that lives 30 minutes. Asking
// answers the same whether the address has an account or not; using it sets the password and ends every session.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { ResetComplete } from "../../../shared/schemas/auth.js";
import { passwordResets, users } from "../../db/schema.js";
import { RuleViolation, TooManyRequests } from "../../http/errors.js";
import type { Actor } from "../../policies/types.js";
import { findUserByEmail } from "../accounts/service.js";
import { recordAudit } from "../audit/service.js";
import { enqueueMail } from "../notifications/service.js";
import { mustBeAcceptablePassword } from "./password-policy.js";
import { hashPassword } from "./passwords.js";
import type { AuthDeps } from "./service.js";
import { endSessionsOf } from "./sessions.js";

export const RESET_MINUTES = 30;
/** The client page that reads the secret from the fragment: a fragment never reaches a server log or a Referer. */
export const RESET_PATH = "/wachtwoord-herstellen";
const anonymous: Actor = { kind: "anonymous" };
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/**
 * Queues a reset e-mail for an active account. Unknown and disabled addresses get no mail but the same answer, so
 * the form tells nobody which addresses have an account.
 */
export async function requestReset(deps: AuthDeps, email: string, ip: string): Promise<void> {
  const wait = await deps.resetThrottle.attempt(email, ip);
  if (wait > 0) {
    throw new TooManyRequests(
      `Er is al een herstellink aangevraagd. Probeer het over ${Math.ceil(wait / 60)} minuut/minuten opnieuw.`,
      wait,
    );
  }
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.disabledAt !== null) {
    await recordAudit(deps.db, {
      actor: anonymous,
      action: "wachtwoord.herstel-aangevraagd",
      outcome: "geweigerd",
      ip,
      detail: `geen actief account voor ${email}`,
    });
    return;
  }
  const secret = randomBytes(32).toString("base64url");
  const link = `${deps.publicUrl}${RESET_PATH}#${secret}`;
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(passwordResets)
      .values({
        userId: user.id,
        tokenHash: sha256(secret),
        expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000),
      })
      .returning({ id: passwordResets.id });
    if (!row) throw new Error("password reset insert returned nothing");
    await enqueueMail(tx, {
      kind: "wachtwoord-herstel",
      toAddress: user.email,
      userId: user.id,
      subject: "Nieuw wachtwoord instellen",
      body: [
        `Beste ${user.name},`,
        "",
        "U (of iemand anders) vroeg een nieuw wachtwoord aan voor de Beschikbaarheidswijzer Twente.",
        `Open deze link binnen ${RESET_MINUTES} minuten om een nieuw wachtwoord in te stellen; hij werkt één keer:`,
        "",
        link,
        "",
        "Vroeg u dit niet aan? Dan kunt u deze e-mail negeren: uw wachtwoord blijft zoals het is.",
      ].join("\n"),
      dedupeKey: `wachtwoord-herstel:${row.id}`,
      carriesSecret: true,
    });
    await recordAudit(tx, {
      actor: anonymous,
      action: "wachtwoord.herstel-aangevraagd",
      outcome: "succes",
      ip,
      objectType: "account",
      objectId: user.id,
    });
  });
}

/**
 * Sets the new password with a link that is unused and not expired. The link is taken in a conditional UPDATE, so of
 * two uses at once one wins; every other open link of the account dies with it, and all its sessions and sockets end.
 */
export async function completeReset(deps: AuthDeps, input: ResetComplete, ip: string): Promise<void> {
  const tokenHash = sha256(input.token);
  const [found] = await deps.db
    .select({ resetId: passwordResets.id, user: users })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, new Date()),
      ),
    );
  if (!found || found.user.disabledAt !== null) {
    await recordAudit(deps.db, {
      actor: anonymous,
      action: "wachtwoord.hersteld",
      outcome: "geweigerd",
      ip,
      detail: "onbekende, gebruikte of verlopen herstellink",
    });
    throw new RuleViolation("Deze herstellink is ongeldig, al gebruikt of verlopen. Vraag een nieuwe aan.");
  }
  const { user } = found;
  mustBeAcceptablePassword(input.password, user.email);
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (tx) => {
    const [taken] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.id, found.resetId), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (!taken) throw new RuleViolation("Deze herstellink is ongeldig, al gebruikt of verlopen. Vraag een nieuwe aan.");
    await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await endSessionsOf(tx, user.id);
    await recordAudit(tx, {
      actor: anonymous,
      action: "wachtwoord.hersteld",
      outcome: "succes",
      ip,
      objectType: "account",
      objectId: user.id,
      detail: "alle sessies beëindigd",
    });
  });
  // After the commit: a socket opened with an ended session must not keep listening.
  deps.disconnectUser(user.id);
}
