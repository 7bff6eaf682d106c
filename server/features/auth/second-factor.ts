// The second factor's use cases: finishing a login with a code, enrolling an authenticator at login (a role that must)
// or from the account page (a role that may), and new recovery codes. Wrong codes count in the login throttle, as
// wrong passwords do, and a half-finished login dies after MAX_WRONG_CODES of them.
import type { Enrolment, SecondFactorStatus } from "../../../shared/schemas/auth.js";
import type { UserRow } from "../../db/schema.js";
import { Conflict, RuleViolation, Unauthenticated } from "../../http/errors.js";
import type { Actor } from "../../policies/types.js";
import { findUserById } from "../accounts/service.js";
import { recordAudit } from "../audit/service.js";
import {
  type Challenge,
  challengeIdOf,
  closeChallenge,
  enableTotp,
  enrolmentOf,
  findChallenge,
  newTotpSecret,
  openSessionEnrolment,
  replaceRecoveryCodes,
  sessionEnrolmentId,
  takeCode,
  totpStep,
  unusedRecoveryCodes,
  wrongCode,
} from "./mfa.js";
import { type AuthDeps, countAttempt, type Started, startSession } from "./service.js";

type SignedIn = Extract<Actor, { kind: "user" }>;
const anonymous: Actor = { kind: "anonymous" };
const GONE = "Uw aanmelding is verlopen of afgebroken. Log opnieuw in met uw wachtwoord.";

/** The half-finished login behind the browser's challenge cookie, or 401. */
async function challengeOf(deps: AuthDeps, secret: string | undefined) {
  const found =
    secret && secret.length <= 100 ? await findChallenge(deps.db, deps.secrets, challengeIdOf(secret)) : undefined;
  if (!found) throw new Unauthenticated(GONE);
  return found;
}

/** A wrong code: audited, counted against the challenge; the last allowed one ends it. */
async function refuseCode(deps: AuthDeps, challenge: Challenge, user: UserRow, ip: string): Promise<never> {
  const ended = await wrongCode(deps.db, challenge.id);
  await recordAudit(deps.db, {
    actor: anonymous,
    action: "login.code",
    outcome: "mislukt",
    ip,
    objectType: "account",
    objectId: user.id,
    detail: ended ? "onjuiste code; aanmelding beëindigd" : "onjuiste code",
  });
  throw new Unauthenticated(ended ? `De code is onjuist. ${GONE}` : "De code is onjuist of al gebruikt.");
}

/** POST /api/auth/login/code: a code of the authenticator app or a recovery code ends the login in a session. */
export async function completeLogin(deps: AuthDeps, secret: string | undefined, code: string, ip: string) {
  const { challenge, user } = await challengeOf(deps, secret);
  if (challenge.pendingSecret !== null || !user.totpSecret) {
    throw new Conflict("Stel eerst uw authenticator-app in.");
  }
  await countAttempt(deps, user.email, ip);
  const kind = await takeCode(deps.db, deps.secrets, user, code);
  if (!kind) return refuseCode(deps, challenge, user, ip);
  await closeChallenge(deps.db, challenge.id);
  await deps.throttle.succeeded(user.email, ip);
  return startSession(deps, user, ip, kind === "authenticator" ? "met authenticator-code" : "met herstelcode");
}

/** GET /api/auth/login/enrol: the QR code of the secret the login is enrolling. */
export async function loginEnrolment(deps: AuthDeps, secret: string | undefined): Promise<Enrolment> {
  const { challenge, user } = await challengeOf(deps, secret);
  if (challenge.pendingSecret === null) throw new Conflict("Dit account heeft al een authenticator-app.");
  return enrolmentOf(user.email, challenge.pendingSecret);
}

/** POST /api/auth/login/enrol: the first right code stores the secret, gives the recovery codes and signs in. */
export async function confirmLoginEnrolment(
  deps: AuthDeps,
  secret: string | undefined,
  code: string,
  ip: string,
): Promise<Started & { recoveryCodes: string[] }> {
  const { challenge, user } = await challengeOf(deps, secret);
  if (challenge.pendingSecret === null) throw new Conflict("Dit account heeft al een authenticator-app.");
  await countAttempt(deps, user.email, ip);
  const step = await totpStep(challenge.pendingSecret, code, null);
  if (step === undefined) return refuseCode(deps, challenge, user, ip);
  const recoveryCodes = await enableTotp(deps.db, deps.secrets, user.id, challenge.pendingSecret, step);
  await closeChallenge(deps.db, challenge.id);
  await deps.throttle.succeeded(user.email, ip);
  await recordAudit(deps.db, {
    actor: anonymous,
    action: "mfa.ingesteld",
    outcome: "succes",
    ip,
    objectType: "account",
    objectId: user.id,
    detail: "bij het inloggen",
  });
  const enrolled = { ...user, totpSecret: challenge.pendingSecret };
  return { ...(await startSession(deps, enrolled, ip, "authenticator ingesteld")), recoveryCodes };
}

async function accountOf(deps: AuthDeps, actor: SignedIn): Promise<UserRow> {
  const user = await findUserById(deps.db, actor.id);
  if (!user) throw new Unauthenticated();
  return user;
}

export async function secondFactorStatus(deps: AuthDeps, actor: SignedIn): Promise<SecondFactorStatus> {
  const user = await accountOf(deps, actor);
  return {
    enabled: user.totpSecret !== null,
    required: deps.mfaRequiredRoles.includes(user.role),
    recoveryCodesLeft: user.totpSecret ? await unusedRecoveryCodes(deps.db, user.id) : 0,
  };
}

/** The account page starts an enrolment: a new secret waits, tied to this session, for its first right code. */
export async function startEnrolment(deps: AuthDeps, actor: SignedIn): Promise<Enrolment> {
  const user = await accountOf(deps, actor);
  if (user.totpSecret) throw new Conflict("U heeft al een authenticator-app ingesteld.");
  const secret = newTotpSecret();
  await openSessionEnrolment(deps.db, deps.secrets, user.id, actor.sessionId, secret);
  return enrolmentOf(user.email, secret);
}

export async function confirmEnrolment(deps: AuthDeps, actor: SignedIn, code: string, ip: string) {
  const user = await accountOf(deps, actor);
  const found = await findChallenge(deps.db, deps.secrets, sessionEnrolmentId(actor.sessionId));
  const pending = found?.challenge.pendingSecret;
  if (!found || !pending) {
    throw new RuleViolation("Er loopt geen instelling van een authenticator-app (meer); begin opnieuw.");
  }
  const { challenge } = found;
  await countAttempt(deps, user.email, ip);
  const step = await totpStep(pending, code, null);
  if (step === undefined) {
    await wrongCode(deps.db, challenge.id);
    await recordAudit(deps.db, {
      actor,
      action: "mfa.ingesteld",
      outcome: "mislukt",
      ip,
      objectType: "account",
      objectId: user.id,
      detail: "onjuiste code",
    });
    throw new RuleViolation("De code is onjuist. Controleer de tijd op uw telefoon en probeer het opnieuw.");
  }
  const recoveryCodes = await enableTotp(deps.db, deps.secrets, user.id, pending, step);
  await closeChallenge(deps.db, challenge.id);
  await deps.throttle.succeeded(user.email, ip);
  await recordAudit(deps.db, {
    actor,
    action: "mfa.ingesteld",
    outcome: "succes",
    ip,
    objectType: "account",
    objectId: user.id,
  });
  return { recoveryCodes };
}

/** New recovery codes, with a current code of the app (or an unused recovery code): the old ones stop working. */
export async function regenerateRecoveryCodes(deps: AuthDeps, actor: SignedIn, code: string, ip: string) {
  const user = await accountOf(deps, actor);
  if (!user.totpSecret) throw new Conflict("U heeft nog geen authenticator-app ingesteld.");
  await countAttempt(deps, user.email, ip);
  if (!(await takeCode(deps.db, deps.secrets, user, code))) {
    await recordAudit(deps.db, {
      actor,
      action: "mfa.herstelcodes",
      outcome: "mislukt",
      ip,
      objectType: "account",
      objectId: user.id,
      detail: "onjuiste code",
    });
    throw new RuleViolation("De code is onjuist of al gebruikt.");
  }
  await deps.throttle.succeeded(user.email, ip);
  const recoveryCodes = await deps.db.transaction((tx) => replaceRecoveryCodes(tx, user.id));
  await recordAudit(deps.db, {
    actor,
    action: "mfa.herstelcodes",
    outcome: "succes",
    ip,
    objectType: "account",
    objectId: user.id,
  });
  return { recoveryCodes };
}
