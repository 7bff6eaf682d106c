// Account management for the beheerder: create, change, block and re-enable, reset the second factor.
import { z } from "zod";
import {
  accountIdParamsSchema,
  accountSchema,
  createAccountSchema,
  updateAccountSchema,
} from "../../../shared/schemas/auth.js";
import type { Db } from "../../db/client.js";
import { defineRoute } from "../../http/routes.js";
import * as accounts from "./service.js";

export function accountRoutes(db: Db, disconnectUser: accounts.DisconnectUser) {
  return [
    defineRoute({
      method: "get",
      path: "/api/accounts",
      summary: "Alle accounts",
      tag: "beheer",
      access: "accounts.manage",
      schemas: {},
      response: z.array(accountSchema),
      handler: () => accounts.listAccounts(db),
    }),
    defineRoute({
      method: "post",
      path: "/api/accounts",
      summary: "Account aanmaken",
      tag: "beheer",
      access: "accounts.manage",
      schemas: { body: createAccountSchema },
      response: accountSchema,
      errors: [404, 409],
      handler: ({ body }, ctx) => accounts.createAccount(db, body, ctx),
    }),
    defineRoute({
      method: "patch",
      path: "/api/accounts/:id",
      summary: "Rol en aanbieder van een account wijzigen; de sessies van het account eindigen",
      tag: "beheer",
      access: "accounts.manage",
      schemas: { params: accountIdParamsSchema, body: updateAccountSchema },
      response: accountSchema,
      errors: [404, 422],
      handler: ({ params, body }, ctx) => accounts.updateAccount(db, params.id, body, ctx, disconnectUser),
    }),
    defineRoute({
      method: "post",
      path: "/api/accounts/:id/disable",
      summary: "Account blokkeren",
      tag: "beheer",
      access: "accounts.manage",
      schemas: { params: accountIdParamsSchema },
      response: accountSchema,
      errors: [404],
      handler: ({ params }, ctx) => accounts.setAccountDisabled(db, params.id, true, ctx, disconnectUser),
    }),
    defineRoute({
      method: "post",
      path: "/api/accounts/:id/enable",
      summary: "Geblokkeerd account weer toegang geven",
      tag: "beheer",
      access: "accounts.manage",
      schemas: { params: accountIdParamsSchema },
      response: accountSchema,
      errors: [404],
      handler: ({ params }, ctx) => accounts.setAccountDisabled(db, params.id, false, ctx, disconnectUser),
    }),
    defineRoute({
      method: "post",
      path: "/api/accounts/:id/second-factor/reset",
      summary: "Tweestapsverificatie van een account resetten: het stelt bij de volgende login opnieuw in",
      tag: "beheer",
      access: "accounts.manage",
      schemas: { params: accountIdParamsSchema },
      response: accountSchema,
      errors: [404],
      handler: ({ params }, ctx) => accounts.resetSecondFactor(db, params.id, ctx, disconnectUser),
    }),
  ];
}
