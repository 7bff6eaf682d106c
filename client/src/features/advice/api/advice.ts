// The matchadvies of a request: its data (each fetch audited on the server) and the record that it was printed.
import { advicePrintedSchema, adviceSchema } from "../../../../../shared/schemas/advice.js";
import { request } from "../../../lib/api.js";

export function getAdvice(requestId: number, signal?: AbortSignal) {
  return request(`/api/requests/${requestId}/advice`, adviceSchema, signal ? { signal } : {});
}

/** The server cannot see a print dialog: the page says it opened one, and the server audits that. */
export function recordPrinted(requestId: number) {
  return request(`/api/requests/${requestId}/advice/printed`, advicePrintedSchema, { method: "POST" });
}
