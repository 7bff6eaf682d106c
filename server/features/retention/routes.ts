// Retention for the beheerder: the terms and the daily job's recent runs. Reading it is itself logged.
import { retentionOverviewSchema, retentionQuerySchema } from "../../../shared/schemas/retention.js";
import type { Db } from "../../db/client.js";
import { defineRoute } from "../../http/routes.js";
import { recordAudit } from "../audit/service.js";
import { type RetentionSettings, retentionOverview } from "./service.js";

export function retentionRoutes(deps: { db: Db; settings: RetentionSettings }) {
  return [
    defineRoute({
      method: "get",
      path: "/api/retention",
      summary: "Bewaartermijnen en de laatste runs van de dagelijkse retentie (pseudonimiseren, oude auditregels)",
      tag: "beheer",
      access: "retention.read",
      schemas: { query: retentionQuerySchema },
      response: retentionOverviewSchema,
      handler: async ({ query }, ctx) => {
        await recordAudit(deps.db, { actor: ctx.actor, action: "retentie.gelezen", outcome: "succes", ip: ctx.ip });
        return retentionOverview(deps.db, deps.settings, query.limit);
      },
    }),
  ];
}
