// The beschikbaarheidsmonitor: one thin route over the report.
import { monitorQuerySchema, monitorSchema } from "../../../shared/schemas/monitor.js";
import { defineRoute } from "../../http/routes.js";
import { type MonitorDeps, monitorReport } from "./service.js";

export function monitorRoutes(deps: MonitorDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/api/monitor",
      summary:
        "Monitor: bezetting, in-, door- en uitstroom, wachttijden, weigeringen, opschaling en actualiteit per aanbieder",
      tag: "monitor",
      access: "monitor.read",
      schemas: { query: monitorQuerySchema },
      response: monitorSchema,
      handler: ({ query }, ctx) => monitorReport(deps, query, new Date(), ctx.actor),
    }),
  ];
}
