// Declared validation: a route names its schemas, the handler receives parsed, typed input.
import type { NextFunction, Request, Response } from "express";
import type { z } from "zod";
import { ValidationFailed } from "./errors.js";

type Schemas = { params?: z.ZodType; query?: z.ZodType; body?: z.ZodType };
type Parsed<S extends Schemas> = {
  [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never;
};

function fieldErrors(part: string, error: z.ZodError) {
  return error.issues.flatMap((issue) => {
    const base = [part, ...issue.path.map(String)].join(".");
    // Unknown keys have no path of their own: name each one.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: `${base}.${key}`, message: "onbekend veld" }));
    }
    return [{ field: base, message: issue.message }];
  });
}

/** Wraps a handler: parses params, query and body with the given schemas, or answers 400 naming every bad field. */
export function handle<S extends Schemas>(
  schemas: S,
  fn: (input: Parsed<S>, req: Request, res: Response) => Promise<unknown> | unknown,
) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const input: Record<string, unknown> = {};
    const errors = [];
    for (const part of ["params", "query", "body"] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const result = schema.safeParse(req[part] ?? {});
      if (result.success) input[part] = result.data;
      else errors.push(...fieldErrors(part, result.error));
    }
    if (errors.length > 0) return next(new ValidationFailed(errors));
    const result = await fn(input as Parsed<S>, req, res);
    if (result !== undefined && !res.headersSent) res.json(result);
  };
}
