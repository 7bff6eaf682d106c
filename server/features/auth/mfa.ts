// Two-factor sign-in, the parts below the use cases: TOTP secrets and codes (RFC 6238 via otplib, each code good once),
// recovery codes (stored hashed, each good once) and half-finished logins (login_challenges, keyed by the hash of a
// secret the browser holds). TOTP secrets and codes never reach a log or the audit log.
import { createHash, randomBytes, randomInt } from "node:crypto";
import { and, count, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Role } from "../../../shared/domain.js";
import type { Enrolment } from "../../../shared/schemas/auth.js";
import type { Db, Tx } from "../../db/client.js";
import { loginChallenges, recoveryCodes, type UserRow, users } from "../../db/schema.js";
import type { Sealer } from "../../db/sealed.js";
import { onFirstUse } from "../../on-first-use.js";

export const CHALLENGE_MINUTES = 5;
/** Wrong codes after which a half-finished login is ended: the password must be given again. */
export const MAX_WRONG_CODES = 5;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Beschikbaarheidswijzer Twente";
// One 30 s step either way: a code typed as it turned over, or a phone whose clock is a little off.
const TOLERANCE_SECONDS = 30;
// Crockford's base32 without i, l, o, u: nothing to misread on paper. 10 characters: 50 bits per code.
const RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

// otplib (with its hash and base32 libraries, about 0.8 MiB of heap) is loaded on the first second-factor use, not by
// every process at start: most never see one.
const otp = onFirstUse<typeof import("otplib")>("otplib");

/** Whether this account signs in with a second factor: it has one, or its role must (MFA_REQUIRED_ROLES). */
export function needsSecondFactor(user: Pick<UserRow, "role" | "totpSecret">, requiredRoles: readonly Role[]) {
  return user.totpSecret !== null || requiredRoles.includes(user.role);
}

export function newTotpSecret(): string {
  return otp().generateSecret();
}

/** What an authenticator app needs to add the account: the otpauth URI, as a QR code too, and the secret to type. */
export async function enrolmentOf(email: string, secret: string): Promise<Enrolment> {
  const uri = otp().generateURI({ issuer: ISSUER, label: email, secret });
  // A data: URL, drawn here: the browser loads nothing from elsewhere (helmet's CSP allows img-src data:).
  // qrcode is loaded on the first enrolment, not by every process at start (about 1 MiB of heap).
  const { default: QRCode } = await import("qrcode");
  const qrCode = await QRCode.toDataURL(uri, { errorCorrectionLevel: "M", margin: 2, width: 240 });
  return { uri, qrCode, secret };
}

/** A six-digit code from an authenticator app; anything else given as a code is tried as a recovery code. */
export const isTotpCode = (code: string) => /^\d{6}$/.test(code);

/** The time step of a right code for this secret that is newer than afterStep; undefined when wrong or used. */
export async function totpStep(secret: string, code: string, afterStep: number | null): Promise<number | undefined> {
  if (!isTotpCode(code)) return undefined;
  const result = await otp()
    .verify({
      secret,
      token: code,
      epochTolerance: TOLERANCE_SECONDS,
      ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
    })
    .catch(() => undefined);
  // The TOTP result carries its time step (the HOTP one, in the union of otplib's types, a counter instead).
  return result?.valid && "timeStep" in result ? result.timeStep : undefined;
}

/**
 * Takes a code of the user's authenticator: right, and of a later step than any code taken before. The step is
 * claimed in one conditional UPDATE, so the same code sent twice at once (or seen over a shoulder) works only once.
 */
export async function takeTotpCode(db: Db | Tx, secrets: Sealer, user: UserRow, code: string): Promise<boolean> {
  if (!user.totpSecret) return false;
  const step = await totpStep(secrets.open("users.totp_secret", user.totpSecret), code, user.totpLastStep);
  if (step === undefined) return false;
  const claimed = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return claimed.length === 1;
}

/** "ABCDE-fghjk", "abcde fghjk" and "abcdefghjk" are the same code. */
const normalizeRecoveryCode = (code: string) => code.toLowerCase().replace(/[^0-9a-z]/g, "");

/** Takes one unused recovery code of the user; false when it is not one of theirs or already used. */
export async function takeRecoveryCode(db: Db | Tx, userId: number, code: string): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code);
  if (normalized.length !== 10) return false;
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, sha256(normalized)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

/** Any code a signed-in or half-signed-in user gives: which kind it was, or undefined when it does not hold. */
export async function takeCode(
  db: Db | Tx,
  secrets: Sealer,
  user: UserRow,
  code: string,
): Promise<"authenticator" | "herstelcode" | undefined> {
  if (isTotpCode(code)) return (await takeTotpCode(db, secrets, user, code)) ? "authenticator" : undefined;
  return (await takeRecoveryCode(db, user.id, code)) ? "herstelcode" : undefined;
}

/** New recovery codes replace all earlier ones: returned once, as the user writes them down; stored hashed only. */
export async function replaceRecoveryCodes(tx: Tx, userId: number): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx
    .insert(recoveryCodes)
    .values(codes.map((code) => ({ userId, codeHash: sha256(normalizeRecoveryCode(code)) })));
  return codes;
}

export async function unusedRecoveryCodes(db: Db, userId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/**
 * Stores a confirmed secret on the account with fresh recovery codes, in one transaction. The confirming code's step
 * counts as used: it does not sign in a second time.
 */
export async function enableTotp(
  db: Db,
  secrets: Sealer,
  userId: number,
  secret: string,
  step: number,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: secrets.seal("users.totp_secret", secret), totpEnabledAt: new Date(), totpLastStep: step })
      .where(eq(users.id, userId));
    return replaceRecoveryCodes(tx, userId);
  });
}

/** Removes an account's second factor and recovery codes: it enrols again at its next login when its role must. */
export async function clearTotp(tx: Tx, userId: number): Promise<void> {
  await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId));
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.delete(loginChallenges).where(eq(loginChallenges.userId, userId));
}

// --- Half-finished logins and enrolments ----------------------------------------------------------------------------

export type Challenge = typeof loginChallenges.$inferSelect;

export const challengeIdOf = (secret: string) => sha256(secret);
/**
 * Not a hash like a login's challenge id: no cookie can ever name it, so the login's routes never finish an enrolment
 * begun on the account page, even for someone who learnt the session's id.
 */
export const sessionEnrolmentId = (sessionId: string) => `sessie:${sessionId}`;

/**
 * Opens a challenge for a login that passed the password, with the pending secret of an enrolment when there is one.
 * Returns the secret for the browser's cookie; the row holds only its hash.
 */
export async function openChallenge(
  db: Db,
  secrets: Sealer,
  userId: number,
  pendingSecret: string | null,
): Promise<string> {
  const secret = randomBytes(32).toString("base64url");
  await db.insert(loginChallenges).values({
    id: sha256(secret),
    userId,
    pendingSecret: pendingSecret === null ? null : secrets.seal("login_challenges.pending_secret", pendingSecret),
    expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
  });
  // Abandoned logins are of no use to anyone: sweep them now and then.
  if (Math.random() < 0.05) await db.delete(loginChallenges).where(lt(loginChallenges.expiresAt, new Date()));
  return secret;
}

/**
 * A signed-in user's enrolment from the account page lives in the same table, keyed by the session: no second cookie,
 * and it ends with the session. A new start replaces an earlier one.
 */
export async function openSessionEnrolment(db: Db, secrets: Sealer, userId: number, sessionId: string, secret: string) {
  const id = sessionEnrolmentId(sessionId);
  const pendingSecret = secrets.seal("login_challenges.pending_secret", secret);
  const expiresAt = new Date(Date.now() + 2 * CHALLENGE_MINUTES * 60_000);
  await db
    .insert(loginChallenges)
    .values({ id, userId, pendingSecret, expiresAt })
    .onConflictDoUpdate({ target: loginChallenges.id, set: { pendingSecret, expiresAt, attempts: 0 } });
}

/**
 * The challenge with this id and its account, while it holds; an expired one is deleted on the way. The pending
 * secret comes opened; the account's own secret stays as stored (takeTotpCode opens it).
 */
export async function findChallenge(
  db: Db,
  secrets: Sealer,
  id: string,
): Promise<{ challenge: Challenge; user: UserRow } | undefined> {
  const [row] = await db
    .select({ challenge: loginChallenges, user: users })
    .from(loginChallenges)
    .innerJoin(users, eq(users.id, loginChallenges.userId))
    .where(eq(loginChallenges.id, id));
  if (!row) return undefined;
  if (row.challenge.expiresAt.getTime() <= Date.now() || row.user.disabledAt !== null) {
    await closeChallenge(db, id);
    return undefined;
  }
  const pending = row.challenge.pendingSecret;
  if (pending === null) return row;
  return {
    ...row,
    challenge: { ...row.challenge, pendingSecret: secrets.open("login_challenges.pending_secret", pending) },
  };
}

/** Counts a wrong code; true when that was the last one allowed and the challenge is gone. */
export async function wrongCode(db: Db, id: string): Promise<boolean> {
  const [row] = await db
    .update(loginChallenges)
    .set({ attempts: sql`${loginChallenges.attempts} + 1` })
    .where(eq(loginChallenges.id, id))
    .returning({ attempts: loginChallenges.attempts });
  if (row && row.attempts < MAX_WRONG_CODES) return false;
  await closeChallenge(db, id);
  return true;
}

export async function closeChallenge(db: Db | Tx, id: string): Promise<void> {
  await db.delete(loginChallenges).where(eq(loginChallenges.id, id));
}
