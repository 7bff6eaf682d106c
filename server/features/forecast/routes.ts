// Planning and forecast routes: thin, each one parses its input and calls one use case.
import { locationIdParamsSchema } from "../../../shared/schemas/capacity.js";
import {
  forecastQuerySchema,
  forecastSchema,
  locationForecastSchema,
  plannedMoveChangeSchema,
  plannedMoveInputSchema,
  plannedMoveListSchema,
  plannedMoveParamsSchema,
  plannedMoveSchema,
} from "../../../shared/schemas/forecast.js";
import { defineRoute } from "../../http/routes.js";
import * as planning from "./planning.js";
import type { ForecastService } from "./service.js";

export function forecastRoutes(deps: { planning: planning.PlanningDeps; forecast: ForecastService }) {
  return [
    defineRoute({
      method: "get",
      path: "/api/locations/:id/planned",
      summary: "Open verwachte uit- en instroom van een locatie",
      tag: "planning",
      // One location's planned departures are its youths' movements: a cell of one (shared/rules/small-cells.ts).
      access: "movements.detail",
      schemas: { params: locationIdParamsSchema },
      response: plannedMoveListSchema,
      errors: [404],
      handler: ({ params }) => planning.listPlanned(deps.planning, params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/locations/:id/planned",
      summary: "Verwachte uitstroom of instroom registreren",
      tag: "planning",
      access: "planning.update",
      schemas: { params: locationIdParamsSchema, body: plannedMoveInputSchema },
      response: plannedMoveSchema,
      status: 201,
      errors: [404, 413, 422],
      handler: ({ params, body }, ctx) => planning.registerMove(deps.planning, params.id, body, ctx),
    }),
    defineRoute({
      method: "put",
      path: "/api/planned/:direction/:id",
      summary: "Verwachte uit- of instroom verplaatsen (datum en/of zekerheid)",
      tag: "planning",
      access: "planning.update",
      schemas: { params: plannedMoveParamsSchema, body: plannedMoveChangeSchema },
      response: plannedMoveSchema,
      errors: [404, 409, 413, 422],
      handler: ({ params, body }, ctx) => planning.moveMove(deps.planning, params.direction, params.id, body, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/planned/:direction/:id/cancel",
      summary: "Verwachte uit- of instroom annuleren",
      tag: "planning",
      access: "planning.update",
      schemas: { params: plannedMoveParamsSchema },
      response: plannedMoveSchema,
      errors: [404, 409],
      handler: ({ params }, ctx) => planning.cancelMove(deps.planning, params.direction, params.id, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/forecast",
      summary: "Prognose van vrije plekken (12 weken, 80%-interval): totaal en per zorgvorm en gemeente",
      tag: "prognose",
      access: "capacity.summary",
      schemas: { query: forecastQuerySchema },
      response: forecastSchema,
      handler: ({ query }, ctx) => deps.forecast.forecast(query, ctx.actor),
    }),
    defineRoute({
      method: "get",
      path: "/api/locations/:id/forecast",
      summary: "Prognose van vrije plekken van één locatie",
      tag: "prognose",
      access: "movements.detail",
      schemas: { params: locationIdParamsSchema },
      response: locationForecastSchema,
      errors: [404],
      handler: ({ params }) => deps.forecast.locationForecast(params.id),
    }),
  ];
}
