// Typed domain errors and the one middleware that turns every error into RFC 9457 problem details.
import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import type { Location } from "../../shared/schemas/capacity.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { isDatabaseUnavailable } from "../db/errors.js";

type FieldError = { field: string; message: string };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Partial<Pick<Problem, "errors" | "current" | "numbers">> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

/** Not signed in, or the session or token is no longer valid. */
export class Unauthenticated extends HttpError {
  constructor(detail = "U bent niet (meer) ingelogd.") {
    super(401, "Niet ingelogd", detail);
  }
}

/** Signed in, but this actor may not do this. The error handler writes the denial to the audit log. */
export class Forbidden extends HttpError {
  constructor(
    readonly action: string,
    detail = "U heeft geen toegang tot deze gegevens of handeling.",
    readonly object?: { type: string; id: string | number },
  ) {
    super(403, "Geen toegang", detail);
  }
}

/**
 * A refusal for an object the caller may not see, answered exactly like a missing one: a 403 would tell that the id
 * exists. Still a Forbidden, so the denial is written to the audit log like any other.
 */
export class HiddenFromCaller extends Forbidden {
  override readonly status = 404;
  override readonly title = "Niet gevonden";
  constructor(action: string, notFoundDetail: string, object: { type: string; id: string | number }) {
    super(action, notFoundDetail, object);
  }
}

export class TooManyRequests extends HttpError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, "Te veel pogingen", detail, {}, { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

export class ValidationFailed extends HttpError {
  constructor(errors: FieldError[]) {
    super(400, "Ongeldige invoer", errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
  }
}

export class NotFound extends HttpError {
  constructor(detail: string) {
    super(404, "Niet gevonden", detail);
  }
}

/** The request conflicts with the current state (stale version, no free place left). */
export class Conflict extends HttpError {
  constructor(detail: string, current?: Location) {
    super(409, "Conflict", detail, current ? { current } : {});
  }
}

/** A domain rule refuses the request although it is well-formed; `errors` names the fields to put right. */
export class RuleViolation extends HttpError {
  constructor(detail: string, errors?: FieldError[]) {
    super(422, "Regel geschonden", detail, errors ? { errors } : {});
  }
}

/** The database is briefly away. Whether a write got through is unknown: a retry with the same Idempotency-Key is safe. */
export class ServiceUnavailable extends HttpError {
  constructor(detail = "De database is tijdelijk niet bereikbaar; probeer het zo opnieuw.") {
    super(503, "Tijdelijk niet beschikbaar", detail, {}, { "Retry-After": "2" });
  }
}

/** Body-parser errors carry a status and a type; map the ones a client can cause to a clear message. */
function fromBodyParser(err: { status?: number; type?: string; message?: string }): HttpError | undefined {
  if (err.type === "entity.too.large") return new HttpError(413, "Te groot", "De request body is te groot.");
  if (err.type === "entity.parse.failed") {
    return new HttpError(400, "Ongeldige JSON", "De request body is geen geldig JSON-object.", {
      errors: [{ field: "body", message: "geen geldig JSON-object" }],
    });
  }
  if (typeof err.status === "number" && err.status >= 400 && err.status < 500) {
    return new HttpError(err.status, "Ongeldig verzoek", err.message ?? "Ongeldig verzoek.");
  }
  return undefined;
}

/** hooks.serverError sees every error answered with 5xx (metrics count the database's). */
export function problemHandler(
  logger: Logger,
  hooks: { serverError?: (err: unknown) => void } = {},
): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // req.log carries the request id; the body names it too, so a user's report leads to the log lines.
    const log = req.log ?? logger;
    const known =
      err instanceof HttpError ? err : isDatabaseUnavailable(err) ? new ServiceUnavailable() : fromBodyParser(err);
    const problem: Problem = known
      ? { type: "about:blank", title: known.title, status: known.status, detail: known.message, ...known.extra }
      : { type: "about:blank", title: "Serverfout", status: 500, detail: "Er ging iets mis aan de serverkant." };
    if (typeof req.id === "string") problem.requestId = req.id;
    if (problem.status >= 500) hooks.serverError?.(err);
    if (!known) log.error({ err, path: req.path }, "unhandled error");
    else if (known.status === 503) log.warn({ err, path: req.path }, "database unavailable");
    res.status(problem.status);
    // Past the request deadline the client already has its 503; the answer only settles an Idempotency-Key.
    if (res.headersSent) return void res.json(problem);
    if (known) res.set(known.headers);
    // Stack traces never leave the server.
    res.type("application/problem+json").json(problem);
  };
}
