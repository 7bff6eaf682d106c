// The socket.io protocol in one place: every event, its direction, who receives it, its payload schema and, for a
// client request, the schema of its acknowledgement. The typed-event interfaces of server and client, the AsyncAPI
// document (server/realtime/asyncapi.ts) and the client's parsing of every push are derived from this registry.
import { z } from "zod";
import { capacityEventSchema, capacitySummarySchema } from "./capacity.js";
import { notificationPushSchema, unreadCountSchema } from "./notifications.js";
import { placeAvailableSchema } from "./placements.js";
import {
  subscribeReplySchema,
  subscribeRequestSchema,
  syncReplySchema,
  syncRequestSchema,
  unsubscribeRequestSchema,
} from "./realtime.js";

/** A push from the server. */
export interface ServerEventSpec {
  /** What it says, in Dutch. */
  summary: string;
  /** Who receives it, in Dutch: the roles and the condition. */
  receivers: string;
  /** The socket.io rooms it is sent to (server/realtime/io.ts and scopes.ts name them); <x> is a placeholder. */
  rooms: readonly string[];
  payload: z.ZodType;
}

/** A request from the client, always with an acknowledgement: refused (ok: false, error) when its payload is bad. */
export interface ClientEventSpec {
  summary: string;
  /** Who may send it, in Dutch (others get a refusal, recorded in the audit log). */
  senders: string;
  payload: z.ZodType;
  ack: z.ZodType;
}

const seqSchema = z.number().int().min(0);

export const capacityHeadSchema = z
  .object({ seq: seqSchema.meta({ description: "Het nieuwste volgnummer in het log (van de scope van de socket)." }) })
  .meta({ id: "CapacityHead" });
export const resyncHintSchema = z
  .object({ afterSeq: seqSchema.optional().meta({ description: "Een volgnummer van vóór het mogelijke verlies." }) })
  .meta({ id: "ResyncHint" });
export const forecastChangedSchema = z
  .object({ seq: seqSchema.meta({ description: "De laatste capaciteitsgebeurtenis die de prognoses meenemen." }) })
  .meta({ id: "ForecastChanged" });
export const reservationsChangedSchema = z
  .object({ providerId: z.number().int().meta({ description: "De aanbieder bij wiens locaties iets veranderde." }) })
  .meta({ id: "ReservationsChanged" });
export const requestChangedSchema = z.object({ requestId: z.number().int() }).meta({ id: "RequestChanged" });

const DETAIL_ROOMS = ["capaciteit-detail", "capaciteit-detail:<zorgvorm|*>|<gemeente|*>"] as const;

/** Server -> client. */
export const SERVER_EVENTS = {
  "capacity:changed": {
    summary: "Een vastgelegde wijziging van de plekken van één locatie, met haar volgnummer in het gebeurtenissenlog.",
    receivers:
      "Rollen die locaties zien (regisseur, aanbieder, beleid, beheerder, API-tokens): zonder scope alle locaties, " +
      "met een scope (capacity:subscribe) alleen die zorgvorm en/of gemeente.",
    rooms: DETAIL_ROOMS,
    payload: capacityEventSchema,
  },
  "capacity:head": {
    summary:
      "Elke paar seconden het nieuwste volgnummer van de feed van de socket: wie achterloopt, haalt bij met capacity:sync.",
    receivers: "Sockets in een capaciteitsfeed die nog niet tot dit volgnummer kregen, van hun eigen node.",
    rooms: DETAIL_ROOMS,
    payload: capacityHeadSchema,
  },
  "capacity:resync": {
    summary: "Gebeurtenissen kunnen onderweg verloren zijn (de broker was weg): haal bij met capacity:sync.",
    receivers: "Alle sockets (van één node of van alle nodes) na een onderbreking van Redis.",
    rooms: ["(alle sockets)"],
    payload: resyncHintSchema,
  },
  "capacity:summary": {
    summary: "De nieuwe regionale totalen na wijzigingen: per zorgvorm, per gemeente en de kruistabel.",
    receivers: "Iedere ingelogde rol (verwijzers ook) die de totalen volgt (capacity:subscribe capaciteit-totalen).",
    rooms: ["capaciteit-totalen"],
    payload: capacitySummarySchema,
  },
  "forecast:changed": {
    summary: "Capaciteit of geplande uit- en instroom veranderde, dus de prognoses ook: haal ze opnieuw op.",
    receivers: "Wie de totalen volgt (capacity:subscribe capaciteit-totalen).",
    rooms: ["capaciteit-totalen"],
    payload: forecastChangedSchema,
  },
  "reservations:changed": {
    summary: "Reserveringen bij de locaties van de aanbieder veranderden: haal ze opnieuw op.",
    receivers: "De medewerkers van die aanbieder (rol aanbieder).",
    rooms: ["aanbieder:<id>"],
    payload: reservationsChangedSchema,
  },
  "requests:changed": {
    summary: "Een plaatsingsverzoek veranderde: haal het opnieuw op (die lezing wordt gelogd).",
    receivers: "De maker van het verzoek en alle regisseurs.",
    rooms: ["gebruiker:<maker>", "verzoeken"],
    payload: requestChangedSchema,
  },
  "requests:place-available": {
    summary: "Een passende plek voor een gevolgd verzoek is net vrijgekomen.",
    receivers: "De regisseur die het verzoek volgt, op al zijn sockets.",
    rooms: ["gebruiker:<id>"],
    payload: placeAvailableSchema,
  },
  "notifications:new": {
    summary: "Een nieuwe melding in het postvak, met het aantal ongelezen meldingen nu.",
    receivers: "Het account van de melding, op al zijn sockets.",
    rooms: ["gebruiker:<id>"],
    payload: notificationPushSchema,
  },
  "notifications:unread": {
    summary: "Het aantal ongelezen meldingen veranderde (gelezen in een ander tabblad).",
    receivers: "Het account zelf, op al zijn sockets.",
    rooms: ["gebruiker:<id>"],
    payload: unreadCountSchema,
  },
} as const satisfies Record<string, ServerEventSpec>;

/** Client -> server. */
export const CLIENT_EVENTS = {
  "capacity:subscribe": {
    summary:
      "Een feed volgen: capaciteit-detail met eventueel een zorgvorm en/of gemeente (vervangt de vorige scope), of " +
      "capaciteit-totalen (totalen en prognosemeldingen).",
    senders: "capaciteit-detail: rollen die locaties zien; capaciteit-totalen: iedere ingelogde rol.",
    payload: subscribeRequestSchema,
    ack: subscribeReplySchema,
  },
  "capacity:unsubscribe": {
    summary: "De totalen niet meer volgen (de capaciteitsfeed blijft).",
    senders: "Iedere ingelogde rol.",
    payload: unsubscribeRequestSchema,
    ack: subscribeReplySchema,
  },
  "capacity:sync": {
    summary:
      "Wat na afterSeq gebeurde, uit het gebeurtenissenlog (met filter: alleen die scope); hooguit 500 per antwoord.",
    senders: "Rollen die locaties zien.",
    payload: syncRequestSchema,
    ack: syncReplySchema,
  },
} as const satisfies Record<string, ClientEventSpec>;

export type ServerEventName = keyof typeof SERVER_EVENTS;
export type ClientEventName = keyof typeof CLIENT_EVENTS;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof SERVER_EVENTS)[E]["payload"]>;
export type ClientEventAck<E extends ClientEventName> = z.infer<(typeof CLIENT_EVENTS)[E]["ack"]>;

/** socket.io's typed events, server to client: emitting an event or payload the registry does not hold fails to compile. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerEventPayload<E>) => void;
};

/** Client to server, as the client sends them. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (
    request: z.input<(typeof CLIENT_EVENTS)[E]["payload"]>,
    reply: (answer: ClientEventAck<E>) => void,
  ) => void;
};

/** Client to server, as the server receives them: anything may arrive, so each handler parses with the registry. */
export type ClientToServerEventsReceived = {
  [E in ClientEventName]: (request: unknown, reply: (answer: ClientEventAck<E>) => void) => void;
};

export const isServerEvent = (name: string): name is ServerEventName => Object.hasOwn(SERVER_EVENTS, name);
