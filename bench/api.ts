// Calls to the real API for the benches: sign in, call, and a placement request brought to "zoekend" as the
// product requires.
import type { CreateRequest } from "../shared/schemas/placements.js";

export type Headers = Record<string, string>;

export async function signIn(url: string, email: string, password: string): Promise<Headers> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
  // The login also clears the two-factor challenge cookie: take the session's, not the first one set.
  const cookie =
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith("wijzer_sessie="))
      ?.split(";")[0] ?? "";
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, "x-csrf-token": csrfToken };
}

export async function call<T>(
  url: string,
  path: string,
  headers: Headers,
  method = "GET",
  body?: unknown,
  timeoutMs = 60_000,
): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** concept -> (ambulant record) -> (analysis when complex) -> zoekend, as the product requires. */
export async function createSearchingRequest(url: string, as: Headers, input: CreateRequest, ambulant: boolean) {
  const { id } = await call<{ id: number }>(url, "/api/requests", as, "POST", input);
  if (ambulant) {
    await call(url, `/api/requests/${id}/ambulant`, as, "POST", {
      type: "intensieve-ambulante-gezinsbehandeling",
      periodFrom: "2026-01-05",
      periodTo: "2026-03-31",
      outcome: "ingezet-onvoldoende",
      reason: "veiligheid-onvoldoende",
    });
  }
  if (input.complex && input.urgency !== "crisis") {
    await call(url, `/api/requests/${id}/analysis`, as, "PUT", {
      madeOn: "2026-04-01",
      madeBy: "Gedragswetenschapper GI",
    });
  }
  await call(url, `/api/requests/${id}/transition`, as, "POST", { to: "zoekend" });
  return id;
}

export async function inParallel<T>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await fn(items[index] as T, index);
      }
    }),
  );
}
