// Accounts, sessions, provider API tokens and the audit log: request and response shapes.
import { z } from "zod";
import { ROLES } from "../domain.js";
import { idField, idParam } from "./id.js";

const email = z.string().trim().toLowerCase().max(254).pipe(z.email()).meta({ description: "E-mailadres (inlognaam)" });

/** A display name: letters, digits, spaces and simple punctuation; never control characters (CRLF). */
const displayName = z
  .string()
  .trim()
  .min(2)
  .max(80)
  .regex(/^[\p{L}\p{N} .,'()-]+$/u, "alleen letters, cijfers, spaties en . , ' ( ) -");

export const roleSchema = z.enum(ROLES);

export const loginSchema = z.strictObject({ email, password: z.string().min(1).max(200) }).meta({ id: "Login" });
export type Login = z.infer<typeof loginSchema>;

export const accountSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    email: z.string(),
    role: roleSchema,
    providerId: z.number().int().nullable(),
    disabled: z.boolean(),
    /** Signs in with an authenticator app (TOTP). */
    secondFactor: z.boolean(),
  })
  .meta({ id: "Account" });
export type Account = z.infer<typeof accountSchema>;

/** The signed-in user as the client sees it. */
export const currentUserSchema = accountSchema
  .omit({ disabled: true, secondFactor: true })
  .extend({
    /** Send back as the X-CSRF-Token header on every state-changing request. */
    csrfToken: z.string(),
  })
  .meta({ id: "CurrentUser" });
export type CurrentUser = z.infer<typeof currentUserSchema>;

/**
 * A login whose password was right but that needs a second factor: "code" asks for a code of the authenticator app (or
 * a recovery code), "enrol" for setting one up first (GET /api/auth/login/enrol). No session exists yet.
 */
export const loginStepSchema = z.object({ step: z.enum(["code", "enrol"]) }).meta({ id: "LoginStep" });
export type LoginStep = z.infer<typeof loginStepSchema>;

/** A login answers with the signed-in user, or with the next step when a second factor applies. */
export const loginResultSchema = z.union([currentUserSchema, loginStepSchema]).meta({ id: "LoginResult" });
export type LoginResult = z.infer<typeof loginResultSchema>;

export const secondFactorCodeSchema = z
  .strictObject({
    /** Six digits from the authenticator app, or one of the recovery codes (e.g. "abcde-12345"). */
    code: z.string().trim().min(6).max(20),
  })
  .meta({ id: "SecondFactorCode" });
export type SecondFactorCode = z.infer<typeof secondFactorCodeSchema>;

/** Setting up an authenticator app: scan the QR code or type the secret. */
export const enrolmentSchema = z
  .object({
    /** otpauth://totp/... as the QR code holds it. */
    uri: z.string(),
    /** The QR code as a data: URL (PNG), drawn by the server. */
    qrCode: z.string(),
    /** The Base32 secret, for apps without a camera. */
    secret: z.string(),
  })
  .meta({ id: "Enrolment" });
export type Enrolment = z.infer<typeof enrolmentSchema>;

/** Shown once: each code signs in once instead of the app. Stored hashed; a new set replaces the old one. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: "RecoveryCodes" });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** An enrolment at login: the session begins, with the recovery codes to write down. */
export const enrolledSchema = recoveryCodesSchema.extend({ user: currentUserSchema }).meta({ id: "Enrolled" });

export const secondFactorStatusSchema = z
  .object({
    enabled: z.boolean(),
    /** The role must sign in with a second factor (MFA_REQUIRED_ROLES). */
    required: z.boolean(),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: "SecondFactorStatus" });
export type SecondFactorStatus = z.infer<typeof secondFactorStatusSchema>;

export const resetRequestSchema = z.strictObject({ email }).meta({ id: "PasswordResetRequest" });

export const resetCompleteSchema = z
  .strictObject({
    /** The secret after the # of the link in the e-mail. */
    token: z.string().min(20).max(100),
    /** At least 12 characters, not a common password, not the e-mail address (server/features/auth/password-policy.ts). */
    password: z.string().min(12).max(200),
  })
  .meta({ id: "PasswordResetComplete" });
export type ResetComplete = z.infer<typeof resetCompleteSchema>;

export const createAccountSchema = z
  .strictObject({
    name: displayName,
    email,
    role: roleSchema,
    /** Required for role aanbieder, forbidden for the others. */
    providerId: idField.nullable().default(null),
    password: z.string().min(12).max(200),
  })
  .refine((a) => (a.role === "aanbieder") === (a.providerId !== null), {
    path: ["providerId"],
    message: "een aanbieder-account hoort bij precies één aanbieder; andere rollen bij geen",
  })
  .meta({ id: "CreateAccount" });
export type CreateAccount = z.infer<typeof createAccountSchema>;

/**
 * A change of an account's access: the role and provider together, as on creation, so the result is never half of one
 * and half of the other. The account's sessions end with it: its owner signs in again with the new role.
 */
export const updateAccountSchema = z
  .strictObject({
    /** The new role (the same one to move an aanbieder-account to another provider). */
    role: roleSchema,
    /** Required for role aanbieder, forbidden for the others. */
    providerId: idField.nullable().default(null),
  })
  .refine((a) => (a.role === "aanbieder") === (a.providerId !== null), {
    path: ["providerId"],
    message: "een aanbieder-account hoort bij precies één aanbieder; andere rollen bij geen",
  })
  .meta({ id: "UpdateAccount" });
export type UpdateAccount = z.infer<typeof updateAccountSchema>;

export const accountIdParamsSchema = z.strictObject({ id: idParam });
export const providerIdParamsSchema = z.strictObject({ providerId: idParam });
export const tokenIdParamsSchema = z.strictObject({ id: idParam });

export const createTokenSchema = z.strictObject({ name: displayName }).meta({ id: "CreateToken" });

export const apiTokenSchema = z
  .object({
    id: z.number().int(),
    providerId: z.number().int(),
    name: z.string(),
    /** The first characters, to recognise a token; the secret itself is never stored. */
    prefix: z.string(),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: "ApiToken" });
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** Returned once, at creation: the only time the secret is shown. */
export const createdTokenSchema = apiTokenSchema.extend({ token: z.string() }).meta({ id: "CreatedApiToken" });
export type CreatedToken = z.infer<typeof createdTokenSchema>;

export const AUDIT_OUTCOMES = ["succes", "geweigerd", "mislukt"] as const;

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actor: z.string(),
    role: z.string().nullable(),
    onBehalfOf: z.string().nullable(),
    action: z.string(),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    outcome: z.enum(AUDIT_OUTCOMES),
    ip: z.string().nullable(),
    detail: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.strictObject({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  /** Page backwards: entries with an id below this one. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema) }).meta({ id: "AuditPage" });
