// Login, logout and resolving who is behind a request: a session cookie or a provider API token.
import { timingSafeEqual } from "node:crypto";
import type { Role } from "../../../shared/domain.js";
import type { CurrentUser, Login, LoginStep } from "../../../shared/schemas/auth.js";
import type { Db } from "../../db/client.js";
import type { UserRow } from "../../db/schema.js";
import type { Sealer } from "../../db/sealed.js";
import { TooManyRequests, Unauthenticated } from "../../http/errors.js";
import type { Actor, Authenticated } from "../../policies/types.js";
import { findUserByEmail } from "../accounts/service.js";
import { recordAudit } from "../audit/service.js";
import { resolveApiToken } from "../tokens/service.js";
import type { LoginThrottle } from "./login-throttle.js";
import { needsSecondFactor, newTotpSecret, openChallenge } from "./mfa.js";
import { verifyPassword } from "./passwords.js";
import { newSecret, type SessionStore, sessionIdOf } from "./sessions.js";

export interface AuthDeps {
  db: Db;
  /** Seals the TOTP secrets at rest (SECRET_KEYS). */
  secrets: Sealer;
  sessions: SessionStore;
  throttle: LoginThrottle;
  /** Password reset requests, per address and per IP (the same kind of counter as the login throttle). */
  resetThrottle: LoginThrottle;
  idleMinutes: number;
  maxHours: number;
  /** Ends the sockets opened with this session of this account, on every process. */
  disconnectSession(userId: number, sessionId: string): void;
  /** Ends every socket of an account, on every process (a password reset). */
  disconnectUser(userId: number): void;
  /** Roles whose login ends the account's other sessions (SINGLE_SESSION_ROLES). */
  singleSessionRoles: readonly Role[];
  /** Roles that must sign in with a second factor (MFA_REQUIRED_ROLES). */
  mfaRequiredRoles: readonly Role[];
  /** Where the links in e-mails point (PUBLIC_URL). */
  publicUrl: string;
}

/** A started session: the cookie's secret and the user as the client sees it. */
export interface Started {
  secret: string;
  user: CurrentUser;
}

/** A login ends in a session, or, when a second factor applies, in a challenge the browser holds until the code. */
export type LoginOutcome =
  | ({ kind: "session" } & Started)
  | { kind: "challenge"; secret: string; step: LoginStep["step"] };

const anonymous: Actor = { kind: "anonymous" };
// Writing lastSeenAt on every request would make each read a write; a minute of slack is harmless for a 30-minute limit.
const TOUCH_AFTER_MS = 60_000;

/** Refuses with 429 when this account's or IP's allowance of attempts (passwords and codes alike) is used up. */
export async function countAttempt(deps: AuthDeps, email: string, ip: string): Promise<void> {
  // The attempt is counted before the password is checked: counted after, parallel guesses all passed the check.
  const wait = await deps.throttle.attempt(email, ip);
  if (wait <= 0) return;
  await recordAudit(deps.db, {
    actor: anonymous,
    action: "login",
    outcome: "geweigerd",
    ip,
    detail: `te veel pogingen voor ${email}`,
  });
  throw new TooManyRequests(
    `Te veel mislukte pogingen. Probeer het over ${Math.ceil(wait / 60)} minuut/minuten opnieuw.`,
    wait,
  );
}

export async function login(deps: AuthDeps, input: Login, ip: string): Promise<LoginOutcome> {
  await countAttempt(deps, input.email, ip);
  const user = await findUserByEmail(deps.db, input.email);
  const ok =
    (await verifyPassword(user?.passwordHash, input.password)) && user !== undefined && user.disabledAt === null;
  if (!ok || !user) {
    await recordAudit(deps.db, {
      actor: anonymous,
      action: "login",
      outcome: "mislukt",
      ip,
      objectType: "account",
      ...(user ? { objectId: user.id } : {}),
      detail: `mislukte login voor ${input.email}`,
    });
    // One message whether the account exists or not.
    throw new Unauthenticated("E-mailadres of wachtwoord is onjuist.");
  }
  if (needsSecondFactor(user, deps.mfaRequiredRoles)) {
    // The account's count is not reset by the password alone: wrong codes go on counting from here, and giving the
    // password again does not buy a fresh allowance of codes.
    const step = user.totpSecret ? "code" : "enrol";
    const secret = await openChallenge(deps.db, deps.secrets, user.id, step === "enrol" ? newTotpSecret() : null);
    await recordAudit(deps.db, {
      actor: anonymous,
      action: "login.wachtwoord",
      outcome: "succes",
      ip,
      objectType: "account",
      objectId: user.id,
      detail: step === "code" ? "tweede stap: code gevraagd" : "tweede stap: authenticator instellen",
    });
    return { kind: "challenge", secret, step };
  }
  await deps.throttle.succeeded(input.email, ip);
  return { kind: "session", ...(await startSession(deps, user, ip)) };
}

/**
 * The session of a user who passed every step of login: single-session roles end their older sessions (and sockets),
 * and the login is audited.
 */
export async function startSession(deps: AuthDeps, user: UserRow, ip: string, how?: string): Promise<Started> {
  const secret = newSecret();
  const now = new Date();
  const session = {
    id: sessionIdOf(secret),
    userId: user.id,
    csrfToken: newSecret(),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + deps.maxHours * 3_600_000),
  };
  await deps.sessions.create(session);
  // A beheerder's session can change everyone's access: a new login ends the older ones, so a session left open on
  // another computer (or taken from it) does not live on beside it.
  const ended = deps.singleSessionRoles.includes(user.role) ? await deps.sessions.endOthers(user.id, session) : [];
  for (const id of ended) deps.disconnectSession(user.id, id);
  const actor: Actor = {
    kind: "user",
    id: user.id,
    name: user.name,
    role: user.role,
    providerId: user.providerId,
    sessionId: session.id,
    csrfToken: session.csrfToken,
  };
  const details = [how, ended.length > 0 ? `${ended.length} eerdere sessie(s) beëindigd` : undefined].filter(Boolean);
  await recordAudit(deps.db, {
    actor,
    action: "login",
    outcome: "succes",
    ip,
    objectType: "account",
    objectId: user.id,
    ...(details.length > 0 ? { detail: details.join("; ") } : {}),
  });
  return { secret, user: presentUser(actor, user.email) };
}

export async function logout(deps: AuthDeps, actor: Authenticated, ip: string): Promise<void> {
  if (actor.kind !== "user") return;
  await deps.sessions.destroy(actor.sessionId);
  await recordAudit(deps.db, {
    actor,
    action: "logout",
    outcome: "succes",
    ip,
    objectType: "account",
    objectId: actor.id,
  });
  deps.disconnectSession(actor.id, actor.sessionId);
}

/** The actor behind a session secret, or anonymous when the session is unknown, idle too long, or past its end. */
export async function actorFromSession(deps: AuthDeps, secret: string | undefined): Promise<Actor> {
  if (!secret || secret.length > 100) return anonymous;
  const id = sessionIdOf(secret);
  const found = await deps.sessions.get(id);
  if (!found) return anonymous;
  const { session, user } = found;
  const now = Date.now();
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + deps.idleMinutes * 60_000 <= now) {
    await deps.sessions.destroy(id);
    return anonymous;
  }
  if (user.disabledAt) return anonymous;
  if (now - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) await deps.sessions.touch(id, new Date(now));
  return {
    kind: "user",
    id: user.id,
    name: user.name,
    role: user.role,
    providerId: user.providerId,
    sessionId: id,
    csrfToken: session.csrfToken,
  };
}

/** The actor behind an Authorization header: a provider API token. A present but bad token is an error, not anonymity. */
export async function actorFromBearer(deps: AuthDeps, header: string, ip: string): Promise<Actor> {
  const match = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header);
  const actor = match?.[1] ? await resolveApiToken(deps.db, match[1]) : undefined;
  if (!actor) {
    await recordAudit(deps.db, {
      actor: anonymous,
      action: "token.gebruik",
      outcome: "geweigerd",
      ip,
      detail: "onbekend of ingetrokken token",
    });
    throw new Unauthenticated("Het API-token is onbekend of ingetrokken.");
  }
  return actor;
}

export function csrfMatches(actor: Actor, header: string | undefined): boolean {
  if (actor.kind !== "user" || !header) return false;
  const a = Buffer.from(actor.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function presentUser(actor: Extract<Actor, { kind: "user" }>, email: string): CurrentUser {
  return {
    id: actor.id,
    name: actor.name,
    email,
    role: actor.role,
    providerId: actor.providerId,
    csrfToken: actor.csrfToken,
  };
}
