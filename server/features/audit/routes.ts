// The audit log for the beheerder: browse with filters, export as CSV. Reading it is itself logged.
import { z } from "zod";
import { auditPageSchema, auditQuerySchema } from "../../../shared/schemas/auth.js";
import type { Db } from "../../db/client.js";
import { defineRoute } from "../../http/routes.js";
import { auditCsv, queryAudit, recordAudit } from "./service.js";

export function auditRoutes(db: Db) {
  return [
    defineRoute({
      method: "get",
      path: "/api/audit",
      summary: "Auditlog, nieuwste eerst, met filters",
      tag: "beheer",
      access: "audit.read",
      schemas: { query: auditQuerySchema },
      response: auditPageSchema,
      handler: async ({ query }, ctx) => {
        await recordAudit(db, { actor: ctx.actor, action: "audit.gelezen", outcome: "succes", ip: ctx.ip });
        return { entries: await queryAudit(db, query) };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/audit.csv",
      summary: "Auditlog als CSV (dezelfde filters, tot 500 regels per export)",
      tag: "beheer",
      access: "audit.read",
      schemas: { query: auditQuerySchema },
      response: z.string().meta({ description: "text/csv" }),
      handler: async ({ query }, ctx, _req, res) => {
        await recordAudit(db, { actor: ctx.actor, action: "audit.geexporteerd", outcome: "succes", ip: ctx.ip });
        res
          .type("text/csv; charset=utf-8")
          .attachment(`auditlog-${new Date().toISOString().slice(0, 10)}.csv`)
          .send(auditCsv(await queryAudit(db, query)));
      },
    }),
  ];
}
