// Provider API tokens: list, create (the secret is shown once), revoke.
import { z } from "zod";
import {
  apiTokenSchema,
  createdTokenSchema,
  createTokenSchema,
  providerIdParamsSchema,
  tokenIdParamsSchema,
} from "../../../shared/schemas/auth.js";
import type { Db } from "../../db/client.js";
import { secretAnswer } from "../../http/idempotency.js";
import { defineRoute } from "../../http/routes.js";
import * as tokens from "./service.js";

export function tokenRoutes(db: Db, disconnectToken: tokens.DisconnectToken) {
  return [
    defineRoute({
      method: "get",
      path: "/api/providers/:providerId/tokens",
      summary: "API-tokens van een aanbieder (zonder geheim)",
      tag: "toegang",
      access: "tokens.manage",
      schemas: { params: providerIdParamsSchema },
      response: z.array(apiTokenSchema),
      handler: ({ params }, ctx) => tokens.listTokens(db, params.providerId, ctx.actor),
    }),
    defineRoute({
      method: "post",
      path: "/api/providers/:providerId/tokens",
      summary: "API-token aanmaken; het geheim wordt één keer getoond",
      tag: "toegang",
      access: "tokens.manage",
      schemas: { params: providerIdParamsSchema, body: createTokenSchema },
      response: createdTokenSchema,
      errors: [404],
      handler: ({ params, body }, ctx, _req, res) =>
        secretAnswer(res, tokens.createToken(db, params.providerId, body.name, ctx)),
    }),
    defineRoute({
      method: "post",
      path: "/api/tokens/:id/revoke",
      summary: "API-token intrekken",
      tag: "toegang",
      access: "tokens.manage",
      schemas: { params: tokenIdParamsSchema },
      response: apiTokenSchema,
      errors: [404],
      handler: ({ params }, ctx) => tokens.revokeToken(db, params.id, ctx, disconnectToken),
    }),
  ];
}
