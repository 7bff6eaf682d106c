// The one-tap freshness calls: the secret from the link goes in a POST body, never in a URL.
import {
  type FreshnessConfirmed,
  type FreshnessLook,
  freshnessConfirmedSchema,
  freshnessLookSchema,
} from "../../../../../shared/schemas/freshness.js";
import { request } from "../../../lib/api.js";

// sessionOptional: nobody need be signed in; a 401 here says nothing about a session.
export function lookAtLink(token: string, signal?: AbortSignal): Promise<FreshnessLook> {
  return request("/api/freshness/look", freshnessLookSchema, {
    method: "POST",
    body: { token },
    sessionOptional: true,
    ...(signal ? { signal } : {}),
  });
}

export function confirmLink(token: string): Promise<FreshnessConfirmed> {
  return request("/api/freshness/confirm", freshnessConfirmedSchema, {
    method: "POST",
    body: { token },
    sessionOptional: true,
  });
}
