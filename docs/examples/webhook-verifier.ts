// How a receiver checks a webhook of the Beschikbaarheidswijzer Twente: the signature over "<timestamp>.<body>" with
// the endpoint's secret (HMAC-SHA256, hex, compared in constant time), and a timestamp at most five minutes old, so a
// delivery captured on the way cannot be replayed later. Node.js only, no dependencies. docs/webhooks.md has the rest.
//
//   import { verifyWebhook } from "./webhook-verifier.js";
//   const outcome = verifyWebhook(process.env.WEBHOOK_SECRET!, req.headers, rawBody);
//   if (!outcome.ok) return res.writeHead(400).end(outcome.reason);
//   // outcome.event: handle it once per outcome.event.id (a retry carries the same id)
import { createHmac, timingSafeEqual } from "node:crypto";

/** The body, as the server sends it. */
export interface WebhookEvent {
  id: string;
  kind: string;
  occurredAt: string;
  providerId: number;
  locationId: number;
  reservationId?: number;
  caseNumber?: string;
  expiresAt?: string;
  staleAt?: string;
}

export type Verified = { ok: true; event: WebhookEvent } | { ok: false; reason: string };

/** Older than this is refused (seconds), and so is a timestamp this far in the future. */
export const TOLERANCE_SECONDS = 5 * 60;

type Headers = Record<string, string | string[] | undefined>;

/**
 * rawBody: the bytes exactly as received (not parsed and serialised again: the signature covers them as sent).
 * secrets: the endpoint's secret, or several while you switch to a rotated one.
 */
export function verifyWebhook(
  secrets: string | readonly string[],
  headers: Headers,
  rawBody: string | Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): Verified {
  const id = header(headers, "x-webhook-id");
  const timestamp = header(headers, "x-webhook-timestamp");
  const signature = header(headers, "x-webhook-signature");
  if (!id || !timestamp || !signature) return { ok: false, reason: "headers ontbreken" };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "ongeldige tijdstempel" };
  if (Math.abs(nowSeconds - Number(timestamp)) > TOLERANCE_SECONDS) return { ok: false, reason: "tijdstempel te oud" };

  const body = typeof rawBody === "string" ? rawBody : rawBody.toString("utf8");
  const given = signature
    .split(/[ ,]+/)
    .filter((part) => part.startsWith("v1="))
    .map((part) => Buffer.from(part.slice(3), "hex"));
  const matches = [secrets].flat().some((secret) => {
    const expected = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest();
    // timingSafeEqual throws on different lengths: compare only same-length candidates.
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
  });
  if (!matches) return { ok: false, reason: "handtekening klopt niet" };

  const event = JSON.parse(body) as WebhookEvent;
  // The header's id is not signed, the body's is: they must agree.
  if (event.id !== id) return { ok: false, reason: "id klopt niet" };
  return { ok: true, event };
}

function header(headers: Headers, name: string): string | undefined {
  // Node.js gives incoming header names in lower case.
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
