// The matchadvies (issue #22, part 8) and the map of a request's matches (part 9): what a regisseur's search for one
// request considered and chose, as one record a verwijzer, a GI or a judge can be given. Codes only: the request
// holds no name or BSN (domain.md rule 5), so neither can the advice.
import { z } from "zod";
import { matchSchema, placementRequestSchema, reservationSchema } from "./placements.js";

/** The request as the advice shows it: its codes, the ambulant record and the verklarende analyse. */
// Its own object, not strict like the request's: the advice's answer is parsed from the full request.
export const adviceRequestSchema = z
  .object(
    placementRequestSchema.pick({
      id: true,
      caseNumber: true,
      status: true,
      createdAt: true,
      age: true,
      gender: true,
      homeMunicipality: true,
      homePostcode: true,
      schoolPostcode: true,
      urgency: true,
      wantedStart: true,
      siblings: true,
      characteristics: true,
      flags: true,
      acceptableCareTypes: true,
      currentCareType: true,
      complex: true,
      ambulantAlternatives: true,
      explanatoryAnalysis: true,
    }).shape,
  )
  .meta({ id: "AdviceRequest" });

export const adviceSchema = z
  .object({
    request: adviceRequestSchema,
    /** The current match result; null before the search (the ambulant-first gate) and once placed or withdrawn. */
    options: z
      .object({
        matches: z.array(matchSchema),
        /** How many locations fit in all; matches may show fewer. */
        fitting: z.number().int(),
        excluded: z.number().int(),
      })
      .nullable(),
    /** Why there are no options, in words; null when there are. */
    optionsNote: z.string().nullable(),
    /** The open or accepted reservation (the placement), newest first; null when none. */
    choice: reservationSchema.nullable(),
    /** Reservations that did not hold (declined, expired, withdrawn), newest first: what was tried before. */
    tried: z.array(reservationSchema),
    /** When and by whom this advice was drawn up (the account's name). */
    madeAt: z.iso.datetime(),
    madeBy: z.string(),
  })
  .meta({ id: "Advice" });
export type Advice = z.infer<typeof adviceSchema>;

export const advicePrintedSchema = z
  .object({ requestId: z.number().int(), recordedAt: z.iso.datetime() })
  .meta({ id: "AdvicePrinted" });
export type AdvicePrinted = z.infer<typeof advicePrintedSchema>;

const pointSchema = z.object({ lat: z.number(), lon: z.number() });

/** What the map of a request's matches draws; places come in the order of the match list. */
export const matchMapSchema = z
  .object({
    requestId: z.number().int(),
    /** A tile URL template (MAP_TILE_URL) and its attribution; null: no tiles, the map draws the region from shipped data. */
    tiles: z.object({ url: z.string(), attribution: z.string() }).nullable(),
    /** The PC4 areas of home and school, as points; null when unknown (no school, or a PC4 outside the table). */
    home: pointSchema.extend({ postcode: z.string() }).nullable(),
    school: pointSchema.extend({ postcode: z.string() }).nullable(),
    places: z.array(
      pointSchema.extend({
        locationId: z.number().int(),
        locationName: z.string(),
        rank: z.number().int(),
        free: z.number().int(),
        /** Null: free now; a date: free from then (a planned departure). */
        availableFrom: z.iso.date().nullable(),
      }),
    ),
    /** Matches without coordinates (outside the region, not known): not on the map. */
    unplaced: z.number().int(),
  })
  .meta({ id: "MatchMap" });
export type MatchMap = z.infer<typeof matchMapSchema>;
