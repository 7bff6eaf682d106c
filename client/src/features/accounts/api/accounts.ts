// Accounts for the beheerder: list, create, change role and provider, block and re-enable, reset the second factor.
// Blocking is the only way an account ends: the audit log keeps pointing at it.
import { z } from "zod";
import { accountSchema, type createAccountSchema, type UpdateAccount } from "../../../../../shared/schemas/auth.js";
import { request } from "../../../lib/api.js";

export function listAccounts(signal?: AbortSignal) {
  return request("/api/accounts", z.array(accountSchema), signal ? { signal } : {});
}

export function createAccount(body: z.input<typeof createAccountSchema>) {
  return request("/api/accounts", accountSchema, { method: "POST", body });
}

/** The account's sessions end with it: its owner signs in again with the new role. */
export function updateAccount(accountId: number, body: UpdateAccount) {
  return request(`/api/accounts/${accountId}`, accountSchema, { method: "PATCH", body });
}

export function disableAccount(accountId: number) {
  return request(`/api/accounts/${accountId}/disable`, accountSchema, { method: "POST" });
}

/** A blocked account may sign in again; it starts with a new login. */
export function enableAccount(accountId: number) {
  return request(`/api/accounts/${accountId}/enable`, accountSchema, { method: "POST" });
}

/** Removes the account's authenticator (a lost phone): it sets one up again at its next login when its role must. */
export function resetSecondFactor(accountId: number) {
  return request(`/api/accounts/${accountId}/second-factor/reset`, accountSchema, { method: "POST" });
}
