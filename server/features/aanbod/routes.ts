// Aanbod routes: providers and locations as master data. Thin: each parses its input and calls one use case.
import {
  locationCloseSchema,
  locationCreateSchema,
  locationPatchSchema,
  locationReopenSchema,
  providerCreateSchema,
  providerIdParamsSchema,
  providerListSchema,
  providerPatchSchema,
  providerSchema,
} from "../../../shared/schemas/aanbod.js";
import { locationIdParamsSchema, locationSchema } from "../../../shared/schemas/capacity.js";
import { defineRoute } from "../../http/routes.js";
import * as locations from "./locations.js";
import { type AanbodDeps, createProvider, listProviders, updateProvider } from "./service.js";

export function aanbodRoutes(deps: AanbodDeps) {
  return [
    defineRoute({
      method: "get",
      path: "/api/providers",
      summary: "Alle aanbieders met hun locaties, ook gesloten locaties",
      tag: "aanbod",
      access: "providers.read",
      schemas: {},
      response: providerListSchema,
      handler: () => listProviders(deps.db),
    }),
    defineRoute({
      method: "post",
      path: "/api/providers",
      summary: "Aanbieder toevoegen",
      tag: "aanbod",
      access: "providers.manage",
      schemas: { body: providerCreateSchema },
      response: providerSchema,
      status: 201,
      errors: [409, 413],
      handler: ({ body }, ctx) => createProvider(deps, body, ctx),
    }),
    defineRoute({
      method: "patch",
      path: "/api/providers/:id",
      summary: "Aanbieder wijzigen (met de laatst geziene versie)",
      tag: "aanbod",
      access: "providers.manage",
      schemas: { params: providerIdParamsSchema, body: providerPatchSchema },
      response: providerSchema,
      errors: [404, 409, 413],
      handler: ({ params, body }, ctx) => updateProvider(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/locations",
      summary: "Locatie openen",
      tag: "aanbod",
      access: "locations.create",
      schemas: { body: locationCreateSchema },
      response: locationSchema,
      status: 201,
      errors: [409, 413],
      handler: ({ body }, ctx) => locations.createLocation(deps, body, ctx),
    }),
    defineRoute({
      method: "patch",
      path: "/api/locations/:id",
      summary: "Kenmerken en capaciteit van een locatie wijzigen (met de laatst geziene versie)",
      tag: "aanbod",
      access: "location.update",
      schemas: { params: locationIdParamsSchema, body: locationPatchSchema },
      response: locationSchema,
      errors: [404, 409, 413, 422],
      handler: ({ params, body }, ctx) => locations.updateLocation(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/locations/:id/close",
      summary: "Locatie sluiten (alleen zonder bezette of gereserveerde plekken)",
      tag: "aanbod",
      access: "locations.lifecycle",
      schemas: { params: locationIdParamsSchema, body: locationCloseSchema },
      response: locationSchema,
      errors: [404, 409, 413, 422],
      handler: ({ params, body }, ctx) => locations.closeLocation(deps, params.id, body, ctx),
    }),
    defineRoute({
      method: "post",
      path: "/api/locations/:id/reopen",
      summary: "Gesloten locatie heropenen",
      tag: "aanbod",
      access: "locations.lifecycle",
      schemas: { params: locationIdParamsSchema, body: locationReopenSchema },
      response: locationSchema,
      errors: [404, 409, 413],
      handler: ({ params, body }, ctx) => locations.reopenLocation(deps, params.id, body, ctx),
    }),
  ];
}
