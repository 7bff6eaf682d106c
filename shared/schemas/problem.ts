// RFC 9457 problem details: the one error shape of the API.
import { z } from "zod";
import { locationSchema } from "./capacity.js";
import { freshnessLocationSchema } from "./freshness.js";

export const fieldErrorSchema = z.object({
  /** Dotted path of the offending field, e.g. "body.free". */
  field: z.string(),
  message: z.string(),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
    /** On 409: the current state, so the client can show it and retry. */
    current: locationSchema.optional(),
    /** On a refused one-tap confirmation: each location's numbers as the link showed them and as they are now. */
    numbers: z.array(freshnessLocationSchema).optional(),
    /** The request's X-Request-Id, as in the server's log lines. */
    requestId: z.string().optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof problemSchema>;
