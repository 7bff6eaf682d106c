// Which database errors mean "the database is (briefly) not there", as opposed to a bad query or a broken rule:
// those become 503 with Retry-After, so clients retry (with their idempotency key) instead of giving up.

// Node socket errors and postgres.js' own connection errors.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
// SQLSTATE: 57P01 admin shutdown (pg_terminate_backend), 57P02 crash shutdown, 57P03 cannot connect now,
// 53300 too many connections; class 08 is "connection exception".
const UNAVAILABLE_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** The driver's error code (SQLSTATE or connection code); drizzle wraps driver errors, so look down the chain. */
function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return codesOf(err).some((c) => CONNECTION_CODES.has(c) || UNAVAILABLE_STATES.has(c) || c.startsWith("08"));
}

/** A unique constraint refused the row (SQLSTATE 23505). */
export function isUniqueViolation(err: unknown): boolean {
  return codesOf(err).includes("23505");
}
