// Structured JSON logs (pino); the level comes from LOG_LEVEL. Lines written while a request is handled carry its id.
// Logs are read by more people than the sessions they describe: no line may hold a secret (see `redact` below).
import { type DestinationStream, pino } from "pino";

export const REDACTED = "[redacted]";

// Field names whose value is a secret wherever they turn up in a logged object (a body, an error's own fields).
const SECRET_FIELDS = ["password", "newPassword", "currentPassword", "token", "csrfToken", "secret", "oneTimeCode"];

/**
 * Headers that carry a session or a credential: a logged cookie or CSRF token is a session anyone reading the logs
 * can take over, a bearer token a provider's access.
 */
const REDACT_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["proxy-authorization"]',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  "req.body",
  "res.body",
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((f) => `*.${f}`),
  ...SECRET_FIELDS.map((f) => `*.*.${f}`),
];

// Query parameters whose value is a secret (a token in a link, a one-time code): the name stays, the value goes.
const SECRET_PARAM = /^(token|access_token|key|secret|password|wachtwoord|code|csrf|session|sessie|auth)$/i;
export const isSecretParam = (name: string) => SECRET_PARAM.test(name);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Takes secrets out of free text an error may carry: drizzle puts a failed query's parameters in its message,
 * PostgreSQL echoes a value it refuses, a library may echo a header or a link. Session secrets, CSRF and API tokens
 * are long base64url runs: those go too.
 */
export function scrubSecrets(text: string): string {
  return (
    text
      .replace(/\b(params|parameters):.*$/gm, `$1: ${REDACTED}`)
      // PostgreSQL repeats a value it cannot take ("invalid input syntax for type integer: "..."", a duplicate key).
      .replace(/(invalid input [^:\n]*:\s*)"[^"\n]*"/gi, `$1"${REDACTED}"`)
      .replace(/\b(Key \([^)]*\))=\([^)\n]*\)/g, `$1=(${REDACTED})`)
      .replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`)
      .replace(/\b(wijzer_sessie)=[^;\s"']*/g, `$1=${REDACTED}`)
      .replace(
        /\b(password|wachtwoord|token|secret|csrfToken|x-csrf-token|cookie|authorization)(["']?\s*[:=]\s*["']?)[^"'\s,;&}]+/gi,
        `$1$2${REDACTED}`,
      )
      .replace(/([?&][^=&\s#]+)=([^&\s#"']*)/g, (all, name: string) =>
        SECRET_PARAM.test(name.slice(1)) ? `${name}=${REDACTED}` : all,
      )
      .replace(/[A-Za-z0-9_-]{32,}/g, (run) => (UUID.test(run) ? run : REDACTED))
  );
}

/** A URL for the request line: path and parameter names stay useful, secret parameter values do not appear. */
export function scrubUrl(url: string): string {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query) + scrubSecrets(url.slice(query));
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (depth > 3 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = scrubValue(v, depth + 1);
  return out;
}

/**
 * pino's error serializer, then without what echoes input: a query's parameters (drizzle's `params`, postgres.js'
 * `parameters`/`args` in debug mode), a refused body (body-parser's `body`), secrets in message and stack.
 */
export function errSerializer(err: unknown): unknown {
  const serialized = pino.stdSerializers.err(err as Error) as unknown;
  if (serialized === null || typeof serialized !== "object") return scrubValue(serialized, 0);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (key === "params" || key === "parameters" || key === "args" || key === "body") continue;
    out[key] = scrubValue(value, 0);
  }
  return out;
}

export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: errSerializer },
    },
    destination,
  );
}
