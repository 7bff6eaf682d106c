// The OpenAPI document, from the declared routes and their zod schemas: one operation per route with a stable
// operationId, its tag, its security (session cookie with CSRF header, or a provider's bearer token) and every error
// answer as problem+json. Linted in the test suite (Redocly recommended, Spectral oas): tests/http/openapi-lint.test.ts.
import { createDocument, type ZodOpenApiPathsObject } from "zod-openapi";
import { problemSchema } from "../../shared/schemas/problem.js";
import { SESSION_COOKIE } from "./authenticate.js";
import type { Route } from "./routes.js";

/** The groups of the API reference, with what each holds. */
export const TAGS = {
  toegang: "Inloggen, sessies, tweede factor, wachtwoordherstel, accounts en API-tokens.",
  capaciteit: "Vrije plekken per locatie: lezen, wijzigen, bevestigen, totalen en het gebeurtenissenlog.",
  aanbod: "Aanbieders en locaties beheren, en de lijst van de regio importeren en exporteren.",
  plaatsingen: "Plaatsingsverzoeken, het ambulant-eerst-besluit, matches, reserveringen en het matchadvies.",
  planning: "Verwachte uit- en instroom van een locatie.",
  prognose: "Verwachte vrije plekken per week, met het 80%-interval.",
  monitor: "De beschikbaarheidsmonitor: alleen geaggregeerde cijfers.",
  meldingen: "Het postvak van een account en de keuzes voor e-mail.",
  actualiteit: "Bevestigen met één tik vanuit een e-mail, zonder in te loggen.",
  webhooks:
    "Webhooks van een aanbieder: ondertekende meldingen van reserveringen en verouderende cijfers (docs/webhooks.md).",
  beheer: "Auditlog, bewaartermijnen, e-mail, geplande taken en andere zaken van de beheerder.",
} as const;
export type ApiTag = keyof typeof TAGS;

const problemContent = { "application/problem+json": { schema: problemSchema } };
const statusText: Record<number, string> = {
  400: "Ongeldige invoer",
  401: "Niet ingelogd",
  403: "Geen toegang",
  404: "Niet gevonden",
  409: "Conflict met de huidige stand",
  413: "Request body te groot",
  422: "Domeinregel geschonden",
  429: "Te veel pogingen",
  503: "Tijdelijk niet beschikbaar (database onbereikbaar of te traag); opnieuw proberen met dezelfde Idempotency-Key is veilig",
};

/** getRequestsByIdMatches for GET /api/requests/:id/matches: unique because method and path are. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split("/")
    .filter((part) => part !== "" && part !== "api")
    .map((part) => (part.startsWith(":") ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return method + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join("");
}

/** Reads need the session cookie or a bearer token; writes with the cookie need the CSRF header too. */
function securityOf(r: Route) {
  if (r.access === "public") return [];
  const cookie = r.method === "get" ? { sessionCookie: [] } : { sessionCookie: [], csrfToken: [] };
  return [cookie, { providerToken: [] }];
}

/**
 * The document, made when it is first serialised (GET /api/openapi.json) and then kept: converting every route's
 * schemas takes time and heap that a process never asked for it need not spend at start. res.json's JSON.stringify
 * calls toJSON.
 */
export function openApiDocument(routes: readonly Route[]) {
  let doc: ReturnType<typeof buildDocument> | undefined;
  const document = () => {
    doc ??= buildDocument(routes);
    return doc;
  };
  return { toJSON: document };
}

function buildDocument(routes: readonly Route[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, "{$1}");
    const responses: Record<string, object> = {
      [r.status ?? 200]: {
        description: r.status === 201 ? "Aangemaakt" : r.status === 202 ? "Aangenomen" : "OK",
        content: { "application/json": { schema: r.response } },
      },
    };
    const guarded = r.access === "public" ? [] : [401, 403];
    for (const status of [400, ...guarded, ...(r.errors ?? []), 503].sort()) {
      responses[status] = { description: statusText[status] ?? "Fout", content: problemContent };
    }
    paths[path] = {
      ...paths[path],
      [r.method]: {
        operationId: operationIdOf(r.method, r.path),
        summary: r.summary,
        description: r.access === "public" ? "Zonder inloggen." : `Toegang: ${r.access}.`,
        tags: [r.tag],
        security: securityOf(r),
        requestParams: {
          ...(r.schemas.params ? { path: r.schemas.params } : {}),
          ...(r.schemas.query ? { query: r.schemas.query } : {}),
        },
        ...(r.schemas.body ? { requestBody: { content: { "application/json": { schema: r.schemas.body } } } } : {}),
        ...(r.upload
          ? {
              requestBody: {
                required: true,
                content: Object.fromEntries(
                  r.upload.map((type) => [type, { schema: { type: "string", format: "binary" } }]),
                ),
              },
            }
          : {}),
        responses,
      },
    };
  }
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Beschikbaarheidswijzer Twente API",
      version: "0.1.0",
      description:
        "Realtime capaciteit van woon- en verblijfplekken in de jeugdzorg, regio Twente: plekken worden geteld, " +
        "jeugdigen zijn codes. Fouten zijn RFC 9457 problem details met per veld wat er mis is.",
      contact: { name: "Coördinatiepunt Wonen en Verblijf Twente, functioneel beheer" },
      license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
    },
    // Relative: the API is where this document is served, whatever address the installation has.
    servers: [{ url: "/", description: "Deze installatie" }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "De sessie na POST /api/auth/login (httpOnly, SameSite=Strict).",
        },
        csrfToken: {
          type: "apiKey",
          in: "header",
          name: "X-CSRF-Token",
          description: "Bij schrijven met de sessiecookie: het CSRF-token van de sessie (GET /api/auth/me).",
        },
        providerToken: {
          type: "http",
          scheme: "bearer",
          description: "Een API-token van een aanbieder voor zijn planningssysteem (/aanbieder/tokens).",
        },
      },
    },
    paths,
  });
}
