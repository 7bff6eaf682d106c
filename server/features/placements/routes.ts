// Placement requests, matching and reservations: thin routes over the use cases.
import { z } from "zod";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import {
  ambulantAlternativeSchema,
  answerReservationSchema,
  correctRequestSchema,
  createRequestSchema,
  createReservationSchema,
  explanatoryAnalysisSchema,
  matchListSchema,
  matchQuerySchema,
  placementRequestSchema,
  requestIdParamsSchema,
  requestListQuerySchema,
  reservationIdParamsSchema,
  reservationSchema,
  transitionSchema,
  watchSchema,
  watchStateSchema,
} from "../../../shared/schemas/placements.js";
import { defineRoute } from "../../http/routes.js";
import type { Created } from "../notifications/service.js";
import { correctRequest } from "./correction.js";
import type { PlacementDeps } from "./deps.js";
import { matchesFor } from "./matching.js";
import * as requests from "./requests.js";
import * as reservationReads from "./reservation-reads.js";
import * as reservations from "./reservations.js";
import { waitingTimes, waitingTimesSchema } from "./statistics.js";
import { setWatch } from "./watch.js";

const tag = "plaatsingen";

export function placementRoutes(deps: PlacementDeps) {
  return [
    defineRoute({
      method: "post",
      path: "/api/requests",
      summary: "Plaatsingsverzoek aanmaken (status concept)",
      tag,
      access: "requests.create",
      schemas: { body: createRequestSchema },
      response: placementRequestSchema,
      errors: [409],
      handler: ({ body }, ctx) => requests.createRequest(deps, body, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/requests",
      summary: "Plaatsingsverzoeken: alle voor de regisseur, de eigen voor een verwijzer (elke inzage gelogd)",
      tag,
      access: "requests.read",
      schemas: { query: requestListQuerySchema },
      response: z.array(placementRequestSchema),
      handler: ({ query }, ctx) => requests.listRequests(deps, query.finished ?? false, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/requests/:id",
      summary: "Eén plaatsingsverzoek (inzage gelogd)",
      tag,
      access: "requests.read",
      schemas: { params: requestIdParamsSchema },
      response: placementRequestSchema,
      errors: [404],
      handler: ({ params }, ctx) => requests.getRequest(deps, params.id, ctx),
    }),
    defineRoute({
      method: "patch",
      path: "/api/requests/:id",
      summary:
        "Codes van een verzoek corrigeren met de versie (regisseur; de verwijzer alleen het eigen concept); status via /transition",
      tag,
      access: "requests.correct",
      schemas: { params: requestIdParamsSchema, body: correctRequestSchema },
      response: placementRequestSchema,
      errors: [403, 404, 409, 422],
      handler: ({ params, body }, ctx) => correctRequest(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/requests/:id/ambulant",
      summary: "Ingezet of overwogen ambulant alternatief vastleggen",
      tag,
      access: "requests.update",
      schemas: { params: requestIdParamsSchema, body: ambulantAlternativeSchema },
      response: placementRequestSchema,
      errors: [404, 409],
      handler: ({ params, body }, ctx) => requests.addAmbulantAlternative(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "put",
      path: "/api/requests/:id/analysis",
      summary: "Vastleggen dat een verklarende analyse is gemaakt (wanneer, door wie)",
      tag,
      access: "requests.update",
      schemas: { params: requestIdParamsSchema, body: explanatoryAnalysisSchema },
      response: placementRequestSchema,
      errors: [404, 409],
      handler: ({ params, body }, ctx) => requests.setExplanatoryAnalysis(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/requests/:id/transition",
      summary: "Naar zoekend (alleen na het ambulante spoor) of ingetrokken",
      tag,
      access: "requests.update",
      schemas: { params: requestIdParamsSchema, body: transitionSchema },
      response: placementRequestSchema,
      errors: [404, 409, 422],
      handler: async ({ params, body }, ctx) => {
        const events: CapacityEvent[] = [];
        const settled: Created[] = [];
        const result = await requests.transition(
          deps,
          params.id,
          body.to,
          ctx,
          reservations.releaseForWithdrawal(ctx, events, settled),
        );
        for (const e of events) deps.capacity.publish(e);
        deps.notifyUsers(settled);
        return result;
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/requests/:id/matches",
      summary: "Passende locaties, gerangschikt en uitgelegd",
      tag,
      access: "requests.match",
      schemas: { params: requestIdParamsSchema, query: matchQuerySchema },
      response: matchListSchema,
      errors: [404, 422],
      // The list is ~35 kB: sent as the string it is, not copied into a Buffer first as res.json does (bench:match).
      handler: async ({ params, query }, ctx, _req, res) => {
        const list = await matchesFor(deps, params.id, ctx, query.limit);
        res.type("json").end(JSON.stringify(list));
      },
    }),
    defineRoute({
      method: "put",
      path: "/api/requests/:id/watch",
      summary: "Een verzoek volgen: melding zodra een passende plek vrijkomt",
      tag,
      access: "requests.match",
      schemas: { params: requestIdParamsSchema, body: watchSchema },
      response: watchStateSchema,
      errors: [404, 422],
      handler: ({ params, body }, ctx) => setWatch(deps, params.id, body.watching, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/requests/:id/reservations",
      summary: "Een plek reserveren voor dit verzoek",
      tag,
      access: "requests.match",
      schemas: { params: requestIdParamsSchema, body: createReservationSchema },
      response: reservationSchema,
      errors: [404, 409, 422],
      handler: ({ params, body }, ctx) =>
        reservations.reserve(deps, params.id, body.locationId, ctx, {
          homeLikeReason: body.homeLikeReason,
          crisisReason: body.crisisReason,
        }),
    }),
    defineRoute({
      method: "get",
      path: "/api/requests/:id/reservations",
      summary: "Reserveringen van een verzoek",
      tag,
      access: "requests.read",
      schemas: { params: requestIdParamsSchema },
      response: z.array(reservationSchema),
      errors: [404],
      handler: ({ params }, ctx) => reservationReads.reservationsForRequest(deps, params.id, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/reservations",
      summary: "Reserveringen op de eigen locaties (aanbieder)",
      tag,
      access: "reservations.read-own",
      schemas: {},
      response: z.array(reservationSchema),
      handler: (_input, ctx) => reservationReads.reservationsForProvider(deps, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/reservations/:id/answer",
      summary: "Reservering accepteren (plaatsing) of weigeren met reden",
      tag,
      access: "reservations.answer",
      schemas: { params: reservationIdParamsSchema, body: answerReservationSchema },
      response: reservationSchema,
      errors: [404, 409, 422],
      handler: ({ params, body }, ctx) => reservations.answer(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "get",
      path: "/api/placements/waiting-times",
      summary: "Wachttijd van verzoek tot plaatsing per zorgvorm en gemeente",
      tag,
      access: "placements.statistics",
      schemas: {},
      response: waitingTimesSchema,
      handler: (_input, ctx) => waitingTimes(deps.db, ctx.actor),
    }),
  ];
}
