// One-tap freshness routes: public (no session, no CSRF: the link's secret is the credential) and POST only, so a mail
// scanner that fetches the link's page does nothing; throttled per IP against guessing.
import {
  freshnessConfirmedSchema,
  freshnessLookSchema,
  freshnessTokenBodySchema,
} from "../../../shared/schemas/freshness.js";
import { defineRoute } from "../../http/routes.js";
import { confirmLink, type FreshnessDeps, lookAtLink } from "./service.js";

export function freshnessRoutes(deps: FreshnessDeps) {
  return [
    defineRoute({
      method: "post",
      path: "/api/freshness/look",
      summary: "De cijfers van een bevestigingslink: zoals de e-mail ze toonde en zoals ze nu zijn",
      tag: "actualiteit",
      access: "public",
      schemas: { body: freshnessTokenBodySchema },
      response: freshnessLookSchema,
      errors: [404, 429],
      handler: ({ body }, ctx, req) => lookAtLink(deps, body.token, ctx.ip || (req.ip ?? "")),
    }),
    defineRoute({
      method: "post",
      path: "/api/freshness/confirm",
      summary: "Klopt nog: de cijfers van een bevestigingslink ongewijzigd bevestigen (eenmalig, 48 uur geldig)",
      tag: "actualiteit",
      access: "public",
      schemas: { body: freshnessTokenBodySchema },
      response: freshnessConfirmedSchema,
      errors: [404, 409, 410, 429],
      handler: ({ body }, ctx, req) => confirmLink(deps, body.token, ctx.ip || (req.ip ?? "")),
    }),
  ];
}
