// Every request gets one id: taken from X-Request-Id when a proxy or client sent a safe one, otherwise a new UUID.
// It goes back in the response header, into every line logged through req.log and into problem bodies. Not through an
// AsyncLocalStorage context: on node 20 that turns on async hooks for the whole process, and every socket write of a
// fan-out to a thousand boards then pays for them (docs/benchmarks.md, "A delivery"). Code that logs on behalf of a
// request takes req.log.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { errSerializer, isSecretParam, REDACTED, scrubUrl } from "../logger.js";

// Short and plain, so a forwarded id can neither flood nor forge log lines.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
// Probes and scrapes come every few seconds; logging each would bury the requests that matter.
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers["x-request-id"];
  const id = typeof incoming === "string" && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader("X-Request-Id", id);
  return id;
}

/** The request as logged: method and path stay readable; a secret in the query string (`?token=`) does not. */
function requestSerializer(req: { url?: string; query?: unknown }) {
  if (typeof req.url === "string") req.url = scrubUrl(req.url);
  if (req.query && typeof req.query === "object") {
    const entries = Object.entries(req.query).map(([name, value]) => [name, isSecretParam(name) ? REDACTED : value]);
    req.query = Object.fromEntries(entries);
  }
  return req;
}

/**
 * pino-http with request ids: req.log lines carry `reqId`, and the completion line the request itself (method, url,
 * id, headers as the logger redacts them). Only the id is bound per request: binding the whole request made pino
 * serialise and redact it on every request, logged or not (with patches/pino-http+11.0.0.patch, which skips that
 * child when both loggers are quiet: 30 µs a request back to back, about 0.15 ms at 100 a second, docs/benchmarks.md).
 * Its serializers would replace the logger's own error serializer on req.log: give it the same one (server/logger.ts).
 */
export function httpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: requestIdFor,
    serializers: { req: requestSerializer, err: errSerializer },
    quietReqLogger: true,
    quietResLogger: true,
    customSuccessObject: (req, _res, value) => ({ ...value, req }),
    customErrorObject: (req, _res, _err, value) => ({ ...value, req }),
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? "").split("?")[0] ?? "") },
  });
}
