// Capacity routes: thin, each one parses its input and calls one use case.
import { providerIdParamsSchema } from "../../../shared/schemas/auth.js";
import {
  capacitySummarySchema,
  confirmSchema,
  eventPageSchema,
  eventsQuerySchema,
  locationIdParamsSchema,
  locationListSchema,
  locationQuerySchema,
  locationSchema,
  occupancyChangeSchema,
  setAvailabilitySchema,
} from "../../../shared/schemas/capacity.js";
import { bulkAvailabilityAnswerSchema, bulkAvailabilitySchema } from "../../../shared/schemas/capacity-bulk.js";
import { defineRoute } from "../../http/routes.js";
import { setAvailabilities } from "./bulk.js";
import type { CapacityDeps } from "./service.js";
import * as capacity from "./service.js";

/** A planning system's call for many locations: its body may be larger than others (server/app.ts). */
export const BULK_AVAILABILITY_PATH = "/api/providers/:providerId/availability";
export const BULK_BODY_LIMIT = "64kb";

export function capacityRoutes(deps: CapacityDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/api/locations",
      summary: "Locaties met hun vrije plekken, gefilterd",
      tag: "capaciteit",
      access: "capacity.detail",
      schemas: { query: locationQuerySchema },
      response: locationListSchema,
      handler: ({ query }) => capacity.listLocations(deps, query),
    }),
    defineRoute({
      method: "get",
      path: "/api/locations/:id",
      summary: "Eén locatie",
      tag: "capaciteit",
      access: "capacity.detail",
      schemas: { params: locationIdParamsSchema },
      response: locationSchema,
      errors: [404],
      handler: ({ params }) => capacity.getLocation(deps, params.id),
    }),
    defineRoute({
      method: "put",
      path: "/api/locations/:id/availability",
      summary: "Aantal vrije plekken vastleggen (met de laatst geziene versie)",
      tag: "capaciteit",
      access: "location.update",
      schemas: { params: locationIdParamsSchema, body: setAvailabilitySchema },
      response: locationSchema,
      errors: [404, 409, 413, 422],
      handler: ({ params, body }, ctx) => capacity.setAvailability(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "put",
      path: BULK_AVAILABILITY_PATH,
      summary: "Vrije plekken van veel locaties van één aanbieder tegelijk vastleggen, met een resultaat per locatie",
      tag: "capaciteit",
      access: "availability.bulk",
      schemas: { params: providerIdParamsSchema, body: bulkAvailabilitySchema },
      response: bulkAvailabilityAnswerSchema,
      errors: [404, 409, 413, 422],
      handler: ({ params, body }, ctx) => setAvailabilities(deps, params.providerId, body.items, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/locations/:id/occupancy",
      summary: "Plek(ken) bezet of vrijgekomen, atomair",
      tag: "capaciteit",
      access: "location.update",
      schemas: { params: locationIdParamsSchema, body: occupancyChangeSchema },
      response: locationSchema,
      errors: [404, 409, 413],
      handler: ({ params, body }, ctx) => capacity.changeOccupancy(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/locations/:id/confirm",
      summary: "Bevestigen dat de aantallen ongewijzigd zijn",
      tag: "capaciteit",
      access: "location.update",
      schemas: { params: locationIdParamsSchema, body: confirmSchema },
      response: locationSchema,
      errors: [404, 409, 413],
      handler: ({ params, body }, ctx) => capacity.confirmUnchanged(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/capacity/summary",
      summary: "Totalen per zorgvorm en per gemeente",
      tag: "capaciteit",
      access: "capacity.summary",
      schemas: {},
      response: capacitySummarySchema,
      handler: () => capacity.capacitySummary(deps),
    }),
    defineRoute({
      method: "get",
      path: "/api/events",
      summary: "Capaciteitsgebeurtenissen na een volgnummer (replay)",
      tag: "capaciteit",
      access: "capacity.detail",
      schemas: { query: eventsQuerySchema },
      response: eventPageSchema,
      handler: ({ query }) => capacity.eventsAfter(deps, query.after, query.limit),
    }),
  ];
}
