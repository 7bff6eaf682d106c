// The server's own Dutch explanation of a refused change, with what it says about the field.
import type { ApiError } from "../../../lib/api.js";

export function problemText(error: ApiError): string {
  const fields = error.fieldErrors.map((f) => f.message).filter((m) => !error.detail.includes(m));
  return [error.detail, ...fields].join(" — ");
}
