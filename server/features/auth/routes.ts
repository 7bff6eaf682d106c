// Login, logout and "who am I". Login is public and throttled; the session lives in an httpOnly SameSite cookie.
import type { CookieOptions } from "express";
import { z } from "zod";
import { currentUserSchema, loginSchema } from "../../../shared/schemas/auth.js";
import { SESSION_COOKIE } from "../../http/authenticate.js";
import { Unauthenticated } from "../../http/errors.js";
import { defineRoute } from "../../http/routes.js";
import { findUserById } from "../accounts/service.js";
import type { AuthDeps } from "./service.js";
import * as auth from "./service.js";

export function authRoutes(deps: AuthDeps, cookie: { secure: boolean }) {
  const cookieOptions: CookieOptions = {
    httpOnly: true,
    sameSite: "strict",
    secure: cookie.secure,
    path: "/",
    maxAge: deps.maxHours * 3_600_000,
  };
  return [
    defineRoute({
      method: "post",
      path: "/api/auth/login",
      summary: "Inloggen met e-mailadres en wachtwoord",
      tag: "toegang",
      access: "public",
      schemas: { body: loginSchema },
      response: currentUserSchema,
      errors: [401, 429],
      handler: async ({ body }, ctx, _req, res) => {
        const { secret, user } = await auth.login(deps, body, ctx.ip);
        res.cookie(SESSION_COOKIE, secret, cookieOptions);
        return user;
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
