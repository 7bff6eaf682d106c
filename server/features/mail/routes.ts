// The beheerder's outbox: every e-mail with its state, and a given-up one put back in the queue.
import { outboxMailParams, outboxMailSchema, outboxQuerySchema, outboxSchema } from "../../../shared/schemas/mail.js";
import { defineRoute } from "../../http/routes.js";
import { type OutboxDeps, outbox, retryMail } from "./service.js";

export function mailRoutes(deps: OutboxDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/api/mail/outbox",
      summary: "De uitgaande e-mails, nieuwste eerst, met status, pogingen en laatste fout (zonder geheime links)",
      tag: "beheer",
      access: "mail.outbox.read",
      schemas: { query: outboxQuerySchema },
      response: outboxSchema,
      handler: ({ query }, ctx) => outbox(deps, query, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/mail/outbox/:id/retry",
      summary: "Een mislukte e-mail opnieuw in de wachtrij zetten",
      tag: "beheer",
      access: "mail.outbox.retry",
      schemas: { params: outboxMailParams },
      response: outboxMailSchema,
      errors: [404, 409, 422],
      handler: ({ params }, ctx) => retryMail(deps, params.id, ctx),
    }),
  ];
}
