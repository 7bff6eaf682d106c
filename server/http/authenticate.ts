// Who is behind each request (session cookie or provider API token), and the cross-site checks for cookie-based
// writes: same-origin (or allow-listed) Origin and the session's CSRF token in X-CSRF-Token.
import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
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

/** Express' trust of the proxy at a hop (app.get("trust proxy fn"), built from TRUST_PROXY). */
export type TrustProxy = (address: string | undefined, hop: number) => boolean;

/**
 * This site's origin as a browser on it names it: scheme://host of the request. The scheme is X-Forwarded-Proto only
 * when the connection comes from a trusted proxy (a load balancer ending TLS), as express' req.protocol decides;
 * anyone else could send that header.
 */
export function requestOrigin(req: IncomingMessage, trust: TrustProxy = () => false): string {
  let scheme = (req.socket as TLSSocket).encrypted ? "https" : "http";
  const forwarded = req.headers["x-forwarded-proto"];
  if (typeof forwarded === "string" && trust(req.socket.remoteAddress, 0)) {
    scheme = forwarded.split(",")[0]?.trim() || scheme;
  }
  return `${scheme}://${req.headers.host ?? ""}`;
}

/** scheme://host[:port] of a URL as browsers send it in Origin (default ports dropped); undefined when not a URL. */
function originOf(value: string): string | undefined {
  try {
    const { origin } = new URL(value);
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * No Origin: not a browser, nothing to check. Otherwise scheme, host and port must be this site's own (expected), or
 * allow-listed in ALLOWED_ORIGINS: https://host is another site than http://host.
 */
export function originAllowed(origin: string | undefined, expected: string, allowed: string[]): boolean {
  if (!origin) return true;
  const given = originOf(origin);
  if (given === undefined) return false;
  return given === originOf(expected) || allowed.some((a) => originOf(a) === given);
}

export function sessionSecretFromCookieHeader(header: string | undefined): string | undefined {
  return header ? parseCookies(header)[SESSION_COOKIE] : undefined;
}

export function authenticate(auth: AuthDeps, allowedOrigins: string[]) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const ip = req.ip ?? "";
    // req.protocol: the scheme the browser used, X-Forwarded-Proto counted only behind a trusted proxy (TRUST_PROXY).
    const own = `${req.protocol}://${req.get("host") ?? ""}`;
    if (UNSAFE.has(req.method) && !originAllowed(req.get("origin"), own, allowedOrigins)) {
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
