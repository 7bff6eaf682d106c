// Login (with its second step), logout, "who am I", the own second factor and the password reset. The login's own
// requests are each their own answer to "not signed in", so a 401 there is not a lost session.
import { z } from "zod";
import {
  currentUserSchema,
  enrolledSchema,
  enrolmentSchema,
  type Login,
  loginResultSchema,
  recoveryCodesSchema,
  secondFactorStatusSchema,
} from "../../../../../shared/schemas/auth.js";
import { request } from "../../../lib/api.js";

const ok = z.object({ ok: z.literal(true) });

export function fetchCurrentUser(signal?: AbortSignal) {
  return request("/api/auth/me", currentUserSchema, { sessionOptional: true, ...(signal ? { signal } : {}) });
}

/** The signed-in user, or { step } when a code (or setting up the app) must follow. */
export function login(body: Login) {
  return request("/api/auth/login", loginResultSchema, { method: "POST", body, sessionOptional: true });
}

export function loginWithCode(code: string) {
  return request("/api/auth/login/code", currentUserSchema, { method: "POST", body: { code }, sessionOptional: true });
}

export function loginEnrolment() {
  return request("/api/auth/login/enrol", enrolmentSchema, { sessionOptional: true });
}

export function confirmLoginEnrolment(code: string) {
  return request("/api/auth/login/enrol", enrolledSchema, { method: "POST", body: { code }, sessionOptional: true });
}

export function logout() {
  return request("/api/auth/logout", ok, { method: "POST", sessionOptional: true });
}

export function requestPasswordReset(email: string) {
  return request("/api/auth/reset/request", ok, { method: "POST", body: { email }, sessionOptional: true });
}

export function completePasswordReset(token: string, password: string) {
  return request("/api/auth/reset/complete", ok, { method: "POST", body: { token, password }, sessionOptional: true });
}

export function fetchSecondFactor(signal?: AbortSignal) {
  return request("/api/auth/mfa", secondFactorStatusSchema, signal ? { signal } : {});
}

export function startEnrolment() {
  return request("/api/auth/mfa/enrol", enrolmentSchema, { method: "POST" });
}

export function confirmEnrolment(code: string) {
  return request("/api/auth/mfa/confirm", recoveryCodesSchema, { method: "POST", body: { code } });
}

export function renewRecoveryCodes(code: string) {
  return request("/api/auth/mfa/recovery-codes", recoveryCodesSchema, { method: "POST", body: { code } });
}
