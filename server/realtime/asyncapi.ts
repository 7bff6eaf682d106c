// The AsyncAPI 3 document of the socket.io protocol, from the registry of every event (shared/schemas/socket-events.ts)
// and zod's JSON Schema output: one channel per event, the server's send and receive operations, a client request's
// acknowledgement as its reply, and the two ways in (session cookie or a provider's token). It describes the server:
// "send" is a push to clients, "receive" a client's request. Parsed in the test suite: tests/realtime/asyncapi.test.ts.
import { z } from "zod";
import {
  CLIENT_EVENTS,
  type ClientEventSpec,
  SERVER_EVENTS,
  type ServerEventSpec,
} from "../../shared/schemas/socket-events.js";
import { SESSION_COOKIE } from "../http/authenticate.js";

type JsonSchema = Record<string, unknown>;
const SCHEMAS = "#/components/schemas/";

/** capacity:place-available -> capacityPlaceAvailable: an id usable as a key and in a $ref. */
export function idOf(event: string): string {
  return event.replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase());
}
const capitalized = (id: string) => id[0]?.toUpperCase() + id.slice(1);

/**
 * Every schema with an id in zod's registry, as JSON Schema referring to each other under components/schemas, kept
 * only when a payload needs it. Input mode: what the receiving side's parse accepts (unknown properties pass).
 */
function componentSchemas(roots: z.ZodType[]): { refOf(schema: z.ZodType): JsonSchema; schemas: JsonSchema } {
  const all = z.toJSONSchema(z.globalRegistry, { target: "draft-7", io: "input", uri: (id) => `${SCHEMAS}${id}` })
    .schemas as Record<string, JsonSchema>;
  const idOfSchema = (schema: z.ZodType) => {
    const id = z.globalRegistry.get(schema)?.id;
    if (typeof id !== "string") throw new Error("a socket payload schema needs .meta({ id }) to be a component");
    return id;
  };
  const kept: JsonSchema = {};
  const keep = (id: string) => {
    if (id in kept) return;
    const { $schema: _s, $id: _i, ...schema } = all[id] ?? {};
    kept[id] = schema;
    for (const ref of JSON.stringify(schema).matchAll(/"\$ref":"#\/components\/schemas\/([^"#]+)"/g))
      keep(ref[1] ?? "");
  };
  for (const root of roots) keep(idOfSchema(root));
  return { refOf: (schema) => ({ $ref: `${SCHEMAS}${idOfSchema(schema)}` }), schemas: kept };
}

let built: ReturnType<typeof build> | undefined;

/**
 * The document without its server's address, made on its first request and then kept (converting the schemas takes
 * ~50 ms): a process that is never asked for it holds none of it. atOrigin reads it.
 */
export function asyncApiDocument(): DeferredAsyncApi {
  return {
    get document() {
      built ??= build();
      return built;
    },
  };
}
export interface DeferredAsyncApi {
  readonly document: AsyncApiDocument;
}

function build() {
  const servers = Object.entries(SERVER_EVENTS) as [string, ServerEventSpec][];
  const clients = Object.entries(CLIENT_EVENTS) as [string, ClientEventSpec][];
  const { refOf, schemas } = componentSchemas([
    ...servers.map(([, e]) => e.payload),
    ...clients.flatMap(([, e]) => [e.payload, e.ack]),
  ]);
  const channels: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const messages: Record<string, object> = {};
  const channelRef = (id: string) => ({ $ref: `#/channels/${id}` });

  for (const [event, spec] of servers) {
    const id = idOf(event);
    messages[id] = { name: event, title: event, summary: spec.summary, payload: refOf(spec.payload) };
    channels[id] = {
      address: event,
      title: event,
      description: `${spec.summary}\n\nOntvangers: ${spec.receivers}\n\nKamers: ${spec.rooms.join(", ")}.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      "x-rooms": spec.rooms,
    };
    operations[`send${capitalized(id)}`] = {
      action: "send",
      channel: channelRef(id),
      title: `${event} versturen`,
      summary: spec.summary,
      description: `Ontvangers: ${spec.receivers}`,
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
  }
  for (const [event, spec] of clients) {
    const id = idOf(event);
    const ack = `${id}Ack`;
    messages[id] = { name: event, title: event, summary: spec.summary, payload: refOf(spec.payload) };
    messages[ack] = {
      name: `${event} (ack)`,
      title: `Antwoord op ${event}`,
      summary: "De acknowledgement van socket.io: ok, of ok: false met de fout (ongeldige invoer, geen toegang).",
      payload: refOf(spec.ack),
    };
    channels[id] = {
      address: event,
      title: event,
      description: `${spec.summary}\n\nAfzenders: ${spec.senders}`,
      messages: { [id]: { $ref: `#/components/messages/${id}` }, [ack]: { $ref: `#/components/messages/${ack}` } },
    };
    operations[`receive${capitalized(id)}`] = {
      action: "receive",
      channel: channelRef(id),
      title: `${event} ontvangen`,
      summary: spec.summary,
      description: `Afzenders: ${spec.senders} Ongeldige invoer krijgt { ok: false, error } als antwoord.`,
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      reply: { channel: channelRef(id), messages: [{ $ref: `#/channels/${id}/messages/${ack}` }] },
    };
  }

  return {
    asyncapi: "3.0.0",
    info: {
      title: "Beschikbaarheidswijzer Twente realtime",
      version: "0.1.0",
      description:
        "Het socket.io-protocol (socket.io 4, alleen websocket) van de beschikbaarheidswijzer: vastgelegde wijzigingen " +
        "van vrije plekken, totalen, prognosemeldingen, reserveringen, verzoeken en meldingen, en de verzoeken van de " +
        "client om een feed te volgen of bij te halen uit het gebeurtenissenlog. Elke payload wordt aan de ontvangende " +
        "kant met zijn schema gecontroleerd. Een event heet zoals het kanaal (address); een verzoek van de client " +
        "heeft altijd een acknowledgement (reply).",
      contact: { name: "Coördinatiepunt Wonen en Verblijf Twente, functioneel beheer" },
      license: { name: "EUPL-1.2" },
    },
    defaultContentType: "application/json",
    servers: {
      app: {
        host: "localhost",
        protocol: "ws",
        pathname: "/socket.io",
        title: "Deze installatie",
        description:
          "socket.io 4 over websocket (transports: ['websocket']) op de origin van de app. De handshake moet van een " +
          "toegestane origin komen (ALLOWED_ORIGINS); zonder geldige sessie of token wordt hij geweigerd.",
        security: [
          { $ref: "#/components/securitySchemes/sessionCookie" },
          { $ref: "#/components/securitySchemes/providerToken" },
        ],
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: {
        sessionCookie: {
          type: "httpApiKey",
          in: "cookie",
          name: SESSION_COOKIE,
          description: "De sessie na POST /api/auth/login, meegestuurd bij de websocket-handshake.",
        },
        providerToken: {
          type: "apiKey",
          in: "user",
          description:
            "Een API-token van een aanbieder in de handshake van socket.io: io(origin, { auth: { token } }) (geen header).",
        },
      },
    },
  };
}

export type AsyncApiDocument = ReturnType<typeof build>;

/** The document as served: socket.io runs at the app's own origin (http/authenticate.ts requestOrigin), ws or wss. */
export function atOrigin(deferred: DeferredAsyncApi, origin: string): AsyncApiDocument {
  const doc = deferred.document;
  const url = new URL(origin);
  const app = { ...doc.servers.app, host: url.host, protocol: url.protocol === "https:" ? "wss" : "ws" };
  return { ...doc, servers: { app } };
}
