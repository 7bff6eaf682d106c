// A provider's API tokens: list (without secrets), create (the secret comes back once), revoke.
import { z } from "zod";
import { apiTokenSchema, createdTokenSchema } from "../../../../../shared/schemas/auth.js";
import { request } from "../../../lib/api.js";

export function listTokens(providerId: number, signal?: AbortSignal) {
  return request(`/api/providers/${providerId}/tokens`, z.array(apiTokenSchema), signal ? { signal } : {});
}

export function createToken(providerId: number, name: string) {
  return request(`/api/providers/${providerId}/tokens`, createdTokenSchema, { method: "POST", body: { name } });
}

export function revokeToken(tokenId: number) {
  return request(`/api/tokens/${tokenId}/revoke`, apiTokenSchema, { method: "POST" });
}
