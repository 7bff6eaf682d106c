// Login, logout and "who am I". Each is its own answer to "not signed in", so a 401 here is not a lost session.
import { z } from "zod";
import { currentUserSchema, type Login } from "../../../../../shared/schemas/auth.js";
import { request } from "../../../lib/api.js";

export function fetchCurrentUser(signal?: AbortSignal) {
  return request("/api/auth/me", currentUserSchema, { sessionOptional: true, ...(signal ? { signal } : {}) });
}

export function login(body: Login) {
  return request("/api/auth/login", currentUserSchema, { method: "POST", body, sessionOptional: true });
}

export function logout() {
  return request("/api/auth/logout", z.object({ ok: z.literal(true) }), { method: "POST", sessionOptional: true });
}
