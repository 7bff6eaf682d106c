// Webhook endpoints of a provider: list, register (the secret is shown once), remove, rotate the secret, deliveries.
import { z } from "zod";
import { providerIdParamsSchema } from "../../../shared/schemas/auth.js";
import {
  createWebhookEndpointSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
  webhookIdParamsSchema,
} from "../../../shared/schemas/webhooks.js";
import { secretAnswer } from "../../http/idempotency.js";
import { defineRoute } from "../../http/routes.js";
import * as webhooks from "./service.js";

export function webhookRoutes(deps: webhooks.WebhookDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/api/providers/:providerId/webhooks",
      summary: "Webhooks van een aanbieder met hun laatste aflevering (zonder geheim)",
      tag: "webhooks",
      access: "webhooks.read",
      schemas: { params: providerIdParamsSchema },
      response: z.array(webhookEndpointSchema),
      handler: ({ params }, ctx) => webhooks.listEndpoints(deps, params.providerId, ctx.actor),
    }),
    defineRoute({
      method: "post",
      path: "/api/providers/:providerId/webhooks",
      summary: "Webhook aanmelden (https-adres en soorten gebeurtenissen); het geheim wordt één keer getoond",
      tag: "webhooks",
      access: "webhooks.manage",
      schemas: { params: providerIdParamsSchema, body: createWebhookEndpointSchema },
      response: webhookEndpointWithSecretSchema,
      status: 201,
      errors: [404, 409, 422],
      handler: ({ params, body }, ctx, _req, res) =>
        secretAnswer(res, webhooks.createEndpoint(deps, params.providerId, body, ctx)),
    }),
    defineRoute({
      method: "delete",
      path: "/api/webhooks/:id",
      summary: "Webhook verwijderen, met zijn afleveringen",
      tag: "webhooks",
      access: "webhooks.manage",
      schemas: { params: webhookIdParamsSchema },
      response: webhookEndpointSchema,
      errors: [404],
      handler: ({ params }, ctx) => webhooks.deleteEndpoint(deps, params.id, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/webhooks/:id/rotate",
      summary: "Nieuw ondertekengeheim (het oude geldt direct niet meer); het nieuwe wordt één keer getoond",
      tag: "webhooks",
      access: "webhooks.rotate",
      schemas: { params: webhookIdParamsSchema },
      response: webhookEndpointWithSecretSchema,
      errors: [404],
      handler: ({ params }, ctx, _req, res) => secretAnswer(res, webhooks.rotateSecret(deps, params.id, ctx)),
    }),
    defineRoute({
      method: "get",
      path: "/api/webhooks/:id/deliveries",
      summary: "De recente afleveringen van een webhook, nieuwste eerst, met status, pogingen en laatste HTTP-code",
      tag: "webhooks",
      access: "webhooks.read",
      schemas: { params: webhookIdParamsSchema },
      response: z.array(webhookDeliverySchema),
      errors: [404],
      handler: ({ params }, ctx) => webhooks.listDeliveries(deps, params.id, ctx.actor),
    }),
  ];
}
