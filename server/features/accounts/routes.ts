// Account management for the beheerder.
import { z } from "zod";
import { accountIdParamsSchema, accountSchema, createAccountSchema } from "../../../shared/schemas/auth.js";
import type { Db } from "../../db/client.js";
import { defineRoute } from "../../http/routes.js";
import * as accounts from "./service.js";

export function accountRoutes(db: Db) {
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
      method: "post",
      path: "/api/accounts/:id/disable",
      summary: "Account blokkeren",
      tag: "beheer",
      access: "accounts.manage",
      schemas: { params: accountIdParamsSchema },
      response: accountSchema,
      errors: [404],
      handler: ({ params }, ctx) => accounts.disableAccount(db, params.id, ctx),
    }),
  ];
}
