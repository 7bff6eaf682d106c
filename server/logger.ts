// Structured JSON logs (pino); the level comes from LOG_LEVEL. Lines written while a request is handled carry its id.
import { type DestinationStream, pino } from "pino";
import { requestIdMixin } from "./observability/request-id.js";

export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: ["req.headers.cookie", "req.headers.authorization"],
      mixin: requestIdMixin,
    },
    destination,
  );
}
