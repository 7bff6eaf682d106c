// Structured JSON logs (pino); the level comes from LOG_LEVEL.
import { pino } from "pino";

export function createLogger(level: string) {
  return pino({ level, base: { pid: process.pid }, redact: ["req.headers.cookie", "req.headers.authorization"] });
}
