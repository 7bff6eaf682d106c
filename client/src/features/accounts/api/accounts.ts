// Accounts for the beheerder: list, create, block. Blocking is the only way an account ends: the audit log keeps
// pointing at it.
import { z } from "zod";
import { accountSchema, type createAccountSchema } from "../../../../../shared/schemas/auth.js";
import { request } from "../../../lib/api.js";

export function listAccounts(signal?: AbortSignal) {
  return request("/api/accounts", z.array(accountSchema), signal ? { signal } : {});
}

export function createAccount(body: z.input<typeof createAccountSchema>) {
  return request("/api/accounts", accountSchema, { method: "POST", body });
}

export function disableAccount(accountId: number) {
  return request(`/api/accounts/${accountId}/disable`, accountSchema, { method: "POST" });
}
