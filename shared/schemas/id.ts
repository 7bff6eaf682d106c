// Ids as the API accepts them: one definition for every path parameter and body field that names a row.
import { z } from "zod";

/**
 * Every id column is a PostgreSQL integer. A larger number would reach the database and fail there (a 500 counted as a
 * database error), so it is refused here, before any query.
 */
export const MAX_ID = 2_147_483_647;
const MESSAGE = `een id: een geheel getal van 1 tot en met ${MAX_ID}`;

/**
 * An id in a URL path: decimal digits only, no sign, no leading zero, no exponent or hex ("2e0", "0x2" are not ids),
 * in range; the handler gets a number.
 */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, { message: MESSAGE, abort: true })
  .refine((s) => Number(s) <= MAX_ID, MESSAGE)
  .transform(Number)
  .meta({ description: `Id, 1 tot en met ${MAX_ID}` });

/** An id in a JSON body: a number, whole and in range (a string "2" is not an id). */
export const idField = z.number(MESSAGE).int(MESSAGE).min(1, MESSAGE).max(MAX_ID, MESSAGE);
