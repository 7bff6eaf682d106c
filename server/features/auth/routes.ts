// Login (with its second step), logout, "who am I", the own second factor and the password reset. Login is public and
// throttled; the session lives in an httpOnly SameSite cookie, a half-finished login in a short-lived one of its own.
import { parse as parseCookies } from "cookie";
import type { CookieOptions, Request, Response } from "express";
import { z } from "zod";
import {
  currentUserSchema,
  enrolledSchema,
  enrolmentSchema,
  loginResultSchema,
  loginSchema,
  recoveryCodesSchema,
  resetCompleteSchema,
  resetRequestSchema,
  secondFactorCodeSchema,
  secondFactorStatusSchema,
} from "../../../shared/schemas/auth.js";
import { type RequestContext, SESSION_COOKIE } from "../../http/authenticate.js";
import { Unauthenticated } from "../../http/errors.js";
import { secretAnswer } from "../../http/idempotency.js";
import { defineRoute } from "../../http/routes.js";
import { findUserById } from "../accounts/service.js";
import { CHALLENGE_MINUTES } from "./mfa.js";
import * as reset from "./reset.js";
import * as mfa from "./second-factor.js";
import type { AuthDeps, Started } from "./service.js";
import * as auth from "./service.js";

export const CHALLENGE_COOKIE = "wijzer_aanmelding";

export function authRoutes(deps: AuthDeps, cookie: { secure: boolean }) {
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: "strict",
    secure: cookie.secure,
    path: "/",
    maxAge: deps.maxHours * 3_600_000,
  };
  // Only the login's own routes ever see it; it lives as long as its row.
  const challengeCookie: CookieOptions = {
    ...cookieOptions,
    path: "/api/auth/login",
    maxAge: CHALLENGE_MINUTES * 60_000,
  };
  const challengeOf = (req: Request) => parseCookies(req.headers.cookie ?? "")[CHALLENGE_COOKIE];
  const begin = (res: Response, started: Started) => {
    res.clearCookie(CHALLENGE_COOKIE, { ...challengeCookie, maxAge: undefined });
    res.cookie(SESSION_COOKIE, started.secret, cookieOptions);
    return started.user;
  };
  const signedIn = (actor: RequestContext["actor"]) => {
    if (actor.kind !== "user") throw new Unauthenticated("Alleen voor ingelogde gebruikers.");
    return actor;
  };
  return [
    defineRoute({
      method: "post",
      path: "/api/auth/login",
      summary: "Inloggen met e-mailadres en wachtwoord; met een tweede stap (code of instellen) als die geldt",
      tag: "toegang",
      access: "public",
      schemas: { body: loginSchema },
      response: loginResultSchema,
      errors: [401, 429],
      handler: async ({ body }, ctx, _req, res) => {
        const outcome = await auth.login(deps, body, ctx.ip);
        if (outcome.kind === "session") return begin(res, outcome);
        res.cookie(CHALLENGE_COOKIE, outcome.secret, challengeCookie);
        return { step: outcome.step };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/login/code",
      summary: "Tweede stap van het inloggen: een code van de authenticator-app of een herstelcode",
      tag: "toegang",
      access: "public",
      schemas: { body: secondFactorCodeSchema },
      response: currentUserSchema,
      errors: [401, 409, 429],
      handler: async ({ body }, ctx, req, res) =>
        begin(res, await mfa.completeLogin(deps, challengeOf(req), body.code, ctx.ip)),
    }),
    defineRoute({
      method: "get",
      path: "/api/auth/login/enrol",
      summary: "De QR-code om bij het inloggen een authenticator-app in te stellen",
      tag: "toegang",
      access: "public",
      schemas: {},
      response: enrolmentSchema,
      errors: [401, 409],
      handler: (_input, _ctx, req) => mfa.loginEnrolment(deps, challengeOf(req)),
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/login/enrol",
      summary: "Authenticator-app bevestigen met de eerste code; geeft de herstelcodes (eenmalig) en logt in",
      tag: "toegang",
      access: "public",
      schemas: { body: secondFactorCodeSchema },
      response: enrolledSchema,
      errors: [401, 409, 429],
      handler: async ({ body }, ctx, req, res) => {
        const { recoveryCodes, ...started } = await mfa.confirmLoginEnrolment(
          deps,
          challengeOf(req),
          body.code,
          ctx.ip,
        );
        return { user: begin(res, started), recoveryCodes };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/auth/mfa",
      summary: "Of de eigen tweestapsverificatie aan staat en hoeveel herstelcodes er nog zijn",
      tag: "toegang",
      access: "account.security",
      schemas: {},
      response: secondFactorStatusSchema,
      handler: (_input, ctx) => mfa.secondFactorStatus(deps, signedIn(ctx.actor)),
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/mfa/enrol",
      summary: "Een authenticator-app instellen vanaf de accountpagina: de QR-code",
      tag: "toegang",
      access: "account.security",
      schemas: {},
      response: enrolmentSchema,
      errors: [409],
      handler: (_input, ctx, _req, res) => secretAnswer(res, mfa.startEnrolment(deps, signedIn(ctx.actor))),
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/mfa/confirm",
      summary: "De authenticator-app bevestigen met de eerste code; geeft de herstelcodes (eenmalig)",
      tag: "toegang",
      access: "account.security",
      schemas: { body: secondFactorCodeSchema },
      response: recoveryCodesSchema,
      errors: [409, 422, 429],
      handler: ({ body }, ctx, _req, res) =>
        secretAnswer(res, mfa.confirmEnrolment(deps, signedIn(ctx.actor), body.code, ctx.ip)),
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/mfa/recovery-codes",
      summary: "Nieuwe herstelcodes, met een geldige code; de oude vervallen",
      tag: "toegang",
      access: "account.security",
      schemas: { body: secondFactorCodeSchema },
      response: recoveryCodesSchema,
      errors: [409, 422, 429],
      handler: ({ body }, ctx, _req, res) =>
        secretAnswer(res, mfa.regenerateRecoveryCodes(deps, signedIn(ctx.actor), body.code, ctx.ip)),
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/reset/request",
      summary: "Herstellink voor een nieuw wachtwoord aanvragen; het antwoord is hetzelfde voor elk adres",
      tag: "toegang",
      access: "public",
      schemas: { body: resetRequestSchema },
      response: z.object({ ok: z.literal(true) }),
      status: 202,
      errors: [429],
      handler: async ({ body }, ctx) => {
        await reset.requestReset(deps, body.email, ctx.ip);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/reset/complete",
      summary: "Nieuw wachtwoord instellen met de herstellink; beëindigt alle sessies van het account",
      tag: "toegang",
      access: "public",
      schemas: { body: resetCompleteSchema },
      response: z.object({ ok: z.literal(true) }),
      errors: [422],
      handler: async ({ body }, ctx) => {
        await reset.completeReset(deps, body, ctx.ip);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/auth/logout",
      summary: "Uitloggen: beëindigt de sessie en sluit de open verbindingen",
      tag: "toegang",
      access: "authenticated",
      schemas: {},
      response: z.object({ ok: z.literal(true) }),
      handler: async (_input, ctx, _req, res) => {
        if (ctx.actor.kind === "user" || ctx.actor.kind === "token") await auth.logout(deps, ctx.actor, ctx.ip);
        res.clearCookie(SESSION_COOKIE, { ...cookieOptions, maxAge: undefined });
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/auth/me",
      summary: "De ingelogde gebruiker, met het CSRF-token",
      tag: "toegang",
      access: "authenticated",
      schemas: {},
      response: currentUserSchema,
      handler: async (_input, ctx) => {
        if (ctx.actor.kind !== "user") throw new Unauthenticated("Alleen voor ingelogde gebruikers.");
        const user = await findUserById(deps.db, ctx.actor.id);
        if (!user) throw new Unauthenticated();
        return auth.presentUser(ctx.actor, user.email);
      },
    }),
  ];
}
