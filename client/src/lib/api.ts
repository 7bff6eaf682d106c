// The API client: every response is parsed with the shared zod schema, every failure becomes one typed ApiError, and
// a 401 tells the app that the session is gone.
import type { z } from "zod";
import type { Location } from "../../../shared/schemas/capacity.js";
import { problemSchema } from "../../../shared/schemas/problem.js";
import { currentCsrfToken, signalSession } from "./session.js";

export interface FieldError {
  field: string;
  message: string;
}

/** A failed request, carrying what the server's problem+json said (RFC 9457), in Dutch as the server wrote it. */
export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    /** The server's explanation, fit to show to the user. */
    readonly detail: string,
    readonly fieldErrors: FieldError[] = [],
    /** On 409: the location as it is now, so the form can show it and the user can retry. */
    readonly current?: Location,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

/** What a failure becomes for the screen: the server's own ApiError as it is, anything else a general message. */
export function asApiError(err: unknown, fallback = "Er ging iets mis. Probeer het opnieuw."): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, fallback);
}

/** The server's explanation followed by what it said about each field, for a form that shows one message. */
export function errorText(error: ApiError): string {
  return [error.detail, ...error.fieldErrors.map((f) => f.message)].join(" ");
}

interface RequestOptions {
  method?: "GET" | "PUT" | "POST" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  /**
   * A request that is its own answer to "not signed in" (login, "who am I"): its 401 is returned to the caller
   * without telling the app that the session was lost.
   */
  sessionOptional?: boolean;
}

/**
 * Answers that leave open whether a write took effect (the network broke, the server could not reach its database in
 * time, a proxy gave up), and "still being processed" (409 with Retry-After): the write goes again under the same
 * Idempotency-Key, so the server applies it at most once and the retry gets the first answer.
 */
const OUTCOME_UNKNOWN = new Set([502, 503, 504]);
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000];
/** No new attempt after this long: the person at the screen hears what happened and decides. */
const RETRY_WITHIN_MS = 15_000;

/** 128 random bits in hex: crypto.randomUUID needs a secure context, getRandomValues does not. */
function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function request<S extends z.ZodType>(
  path: string,
  schema: S,
  { method = "GET", body, signal, sessionOptional = false }: RequestOptions = {},
): Promise<z.output<S>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  // The session cookie goes along by itself (same origin); the CSRF token proves a write comes from our own page.
  const csrf = currentCsrfToken();
  if (method !== "GET" && csrf) {
    headers["x-csrf-token"] = csrf;
    headers["idempotency-key"] = newIdempotencyKey();
  }
  const init: RequestInit = {
    method,
    credentials: "same-origin",
    signal: signal ?? null,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  };

  const started = Date.now();
  let response = await send(path, init, signal);
  for (const delayMs of headers["idempotency-key"] ? RETRY_DELAYS_MS : []) {
    if (!outcomeUnknown(response) || Date.now() - started > RETRY_WITHIN_MS) break;
    await response?.body?.cancel().catch(() => {});
    await wait(retryAfterMs(response) ?? delayMs, signal);
    response = await send(path, init, signal);
  }
  if (response === undefined) {
    throw new ApiError(0, "De server is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.");
  }

  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401 && !sessionOptional) signalSession("unauthenticated");
    throw toApiError(response.status, payload);
  }

  const parsed = schema.safeParse(payload);
  // A shape we do not know means client and server disagree on the contract; never show half-understood numbers.
  if (!parsed.success) throw new ApiError(response.status, "De server gaf een antwoord dat deze pagina niet begrijpt.");
  return parsed.data;
}

/** The response, or undefined when the server could not be reached. */
async function send(path: string, init: RequestInit, signal: AbortSignal | undefined): Promise<Response | undefined> {
  try {
    return await fetch(path, init);
  } catch (err) {
    // An abort is the caller's own doing, not a failure to report.
    if (signal?.aborted) throw err;
    return undefined;
  }
}

function outcomeUnknown(response: Response | undefined): boolean {
  if (!response) return true;
  return OUTCOME_UNKNOWN.has(response.status) || (response.status === 409 && response.headers.has("retry-after"));
}

/** The server's Retry-After in seconds, within reason. */
function retryAfterMs(response: Response | undefined): number | undefined {
  const header = response?.headers.get("retry-after");
  const seconds = header ? Number(header) : Number.NaN;
  return Number.isFinite(seconds) ? Math.min(seconds, 5) * 1000 : undefined;
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

function toApiError(status: number, payload: unknown): ApiError {
  const problem = problemSchema.safeParse(payload);
  // A proxy or gateway in between may answer with something that is not problem+json.
  if (!problem.success) return new ApiError(status, `De server gaf een onverwachte fout (status ${status}).`);
  const { detail, errors, current } = problem.data;
  return new ApiError(status, detail, errors ?? [], current);
}
