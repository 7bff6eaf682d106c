// Who is behind each request (session cookie or provider API token), and the cross-site checks for cookie-based
// writes: same-origin (or allow-listed) Origin and the session's CSRF token in X-CSRF-Token.
import { parse as parseCookies } from "cookie";
import type { NextFunction, Request, Response } from "express";
import { recordAudit } from "../features/audit/service.js";
import { type AuthDeps, actorFromBearer, actorFromSession, csrfMatches } from "../features/auth/service.js";
import type { Actor, ChangeContext } from "../policies/types.js";
import { Forbidden } from "./errors.js";

export const SESSION_COOKIE = "wijzer_sessie";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What a route's handler gets to know of its call: the change context of server/policies/types.ts. */
export type RequestContext = ChangeContext;

export function contextOf(res: Response): RequestContext {
  return (res.locals.ctx as RequestContext | undefined) ?? { actor: { kind: "anonymous" }, ip: "" };
}

export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function sessionSecretFromCookieHeader(header: string | undefined): string | undefined {
  return header ? parseCookies(header)[SESSION_COOKIE] : undefined;
}

export function authenticate(auth: AuthDeps, allowedOrigins: string[]) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const ip = req.ip ?? "";
    if (UNSAFE.has(req.method) && !originAllowed(req.get("origin"), req.get("host"), allowedOrigins)) {
      throw new Forbidden("origin", "Verzoeken van een andere website worden niet aangenomen.");
    }
    const authorization = req.get("authorization");
    let actor: Actor;
    if (authorization) {
      actor = await actorFromBearer(auth, authorization, ip);
      await recordAudit(auth.db, {
        actor,
        action: "token.gebruik",
        outcome: "succes",
        ip,
        detail: `${req.method} ${req.path}`,
      });
    } else {
      actor = await actorFromSession(auth, sessionSecretFromCookieHeader(req.headers.cookie));
    }
    res.locals.ctx = { actor, ip } satisfies RequestContext;
    next();
  };
}

/** Cookie-authenticated writes must prove they come from our own page. */
export function requireCsrf(req: Request, ctx: RequestContext) {
  if (ctx.actor.kind === "user" && UNSAFE.has(req.method) && !csrfMatches(ctx.actor, req.get("x-csrf-token"))) {
    throw new Forbidden("csrf", "Het CSRF-token ontbreekt of klopt niet; laad de pagina opnieuw.");
  }
}
