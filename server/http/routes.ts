// A route is declared once: method, path, schemas, response. Express mounting and the OpenAPI document both read it.
import { type Request, type Response, Router } from "express";
import type { z } from "zod";
import type { Action } from "../policies/policy.js";
import { can } from "../policies/policy.js";
import { contextOf, type RequestContext, requireCsrf } from "./authenticate.js";
import { Forbidden, Unauthenticated } from "./errors.js";
import type { ApiTag } from "./openapi.js";
import { handle } from "./validate.js";

type Schemas = { params?: z.ZodObject; query?: z.ZodObject; body?: z.ZodType };
type Parsed<S extends Schemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

export interface RouteSpec<S extends Schemas = Schemas> {
  method: "get" | "put" | "post" | "patch" | "delete";
  /** Express-style path, e.g. /api/locations/:id */
  path: string;
  summary: string;
  /** The group it is listed under in the API reference (server/http/openapi.ts TAGS). */
  tag: ApiTag;
  /** Who may call it: anyone, any signed-in actor, or those the policy for this action allows. */
  access: "public" | "authenticated" | Action;
  schemas: S;
  /** Media types of a file sent as the body itself (the handler reads it); for the OpenAPI document. */
  upload?: string[];
  response: z.ZodType;
  /** 201 for a route that creates what it answers with, 202 for one that only accepts work for later; 200 otherwise. */
  status?: 200 | 201 | 202;
  /** Problem statuses this route can answer besides 400. */
  errors?: number[];
  handler: (input: Parsed<S>, ctx: RequestContext, req: Request, res: Response) => Promise<unknown> | unknown;
}

/** A declared route with its input type erased, so routes of different shapes fit in one list. */
export type Route = Omit<RouteSpec, "handler"> & {
  handler: (input: never, ctx: RequestContext, req: Request, res: Response) => Promise<unknown> | unknown;
};

export function defineRoute<S extends Schemas>(spec: RouteSpec<S>): Route {
  return spec;
}

/** Authentication, authorization and CSRF come before validation: a caller who may not call learns nothing more. */
function guard(route: Route) {
  return (req: Request, res: Response, next: (err?: unknown) => void) => {
    if (route.access === "public") return next();
    const ctx = contextOf(res);
    if (ctx.actor.kind === "anonymous") throw new Unauthenticated();
    if (route.access !== "authenticated" && !can(ctx.actor, route.access)) throw new Forbidden(route.access);
    requireCsrf(req, ctx);
    next();
  };
}

export function mountRoutes(routes: Route[]): Router {
  const router = Router();
  for (const route of routes) {
    const handler = route.handler as RouteSpec["handler"];
    // handle() parses with the same schemas the handler was typed from, so the input matches.
    router[route.method](
      route.path,
      guard(route),
      handle(route.schemas, (input, req, res) => {
        if (route.status) res.status(route.status);
        return handler(input, contextOf(res), req, res);
      }),
    );
  }
  return router;
}
