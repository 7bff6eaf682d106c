// The signing of a delivery, and the secrets it uses. A receiver checks it as docs/examples/webhook-verifier.ts does.
import { createHmac, randomBytes } from "node:crypto";

const SECRET_PREFIX = "whsec_";

/** A new signing secret: 32 random bytes. The HMAC key is the whole string as UTF-8, prefix included. */
export const newSecret = () => `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;

/** What the endpoint list shows to recognise a secret: the prefix and four characters. */
export const secretPrefix = (secret: string) => secret.slice(0, SECRET_PREFIX.length + 4);

/** The headers of one attempt: the signature covers the timestamp and the exact body sent ("<timestamp>.<body>"). */
export function signedHeaders(secret: string, eventId: string, body: string, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return {
    "X-Webhook-Id": eventId,
    "X-Webhook-Timestamp": timestamp,
    "X-Webhook-Signature": `v1=${signature}`,
  };
}
