// The inbox ("Meldingen"): the caller's own notifications, marking them read, and which kinds come by e-mail.
import {
  inboxQuerySchema,
  inboxSchema,
  mailPreferencesSchema,
  notificationIdParams,
  unreadCountSchema,
  updateMailPreferencesSchema,
} from "../../../shared/schemas/notifications.js";
import { defineRoute } from "../../http/routes.js";
import * as inbox from "./service.js";

export function notificationRoutes(deps: inbox.InboxDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/api/notifications",
      summary: "Eigen meldingen, nieuwste eerst (per pagina met before), met het aantal ongelezen",
      tag: "meldingen",
      access: "notifications.own",
      schemas: { query: inboxQuerySchema },
      response: inboxSchema,
      handler: ({ query }, ctx) => inbox.inbox(deps, ctx, query),
    }),
    defineRoute({
      method: "post",
      path: "/api/notifications/:id/read",
      summary: "Melding gelezen (nogmaals: geen verandering); de andere tabbladen horen het nieuwe aantal",
      tag: "meldingen",
      access: "notifications.own",
      schemas: { params: notificationIdParams },
      response: unreadCountSchema,
      errors: [404],
      handler: ({ params }, ctx) => inbox.markRead(deps, ctx, params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/notifications/read-all",
      summary: "Alle eigen meldingen gelezen",
      tag: "meldingen",
      access: "notifications.own",
      schemas: {},
      response: unreadCountSchema,
      handler: (_input, ctx) => inbox.markAllRead(deps, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/notifications/preferences",
      summary: "Per soort melding: per e-mail direct, dagelijks of niet (alleen de soorten van de eigen rol)",
      tag: "meldingen",
      access: "notifications.own",
      schemas: {},
      response: mailPreferencesSchema,
      handler: (_input, ctx) => inbox.mailPreferences(deps, ctx),
    }),
    defineRoute({
      method: "put",
      path: "/api/notifications/preferences",
      summary: "E-mailkeuzes wijzigen; een soort die de eigen rol niet krijgt wordt geweigerd (422)",
      tag: "meldingen",
      access: "notifications.own",
      schemas: { body: updateMailPreferencesSchema },
      response: mailPreferencesSchema,
      errors: [422],
      handler: ({ body }, ctx) => inbox.updateMailPreferences(deps, ctx, body),
    }),
  ];
}
