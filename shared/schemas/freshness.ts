// One-tap freshness ("Klopt nog"): a provider confirms the numbers a prompt e-mail showed, without signing in, through a
// single-use link. The secret in the link is the credential; the server keeps only its SHA-256.
import { z } from "zod";

/** A link confirms for this long after the prompt (issue #21). */
export const FRESHNESS_LINK_HOURS = 48;

/** 32 random bytes, base64url without padding: 43 characters. */
export const freshnessTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, "geen geldige bevestigingscode")
  .meta({ description: "Het geheim uit de bevestigingslink (43 tekens, base64url)" });

/** POST body of look and confirm: the secret travels in the body, never in a URL a log could keep. */
export const freshnessTokenBodySchema = z.strictObject({ token: freshnessTokenSchema }).meta({ id: "FreshnessToken" });
export type FreshnessTokenBody = z.infer<typeof freshnessTokenBodySchema>;

/** A location's numbers: as the link showed them, or as they are now. */
export const freshnessNumbersSchema = z.object({
  free: z.number().int().min(0),
  version: z.number().int().min(1),
});

export const freshnessLocationSchema = z
  .object({
    locationId: z.number().int(),
    name: z.string(),
    /** What the e-mail showed. */
    linked: freshnessNumbersSchema,
    /** As it is now; null when the location no longer belongs to the link's provider. */
    current: freshnessNumbersSchema.extend({ lastConfirmedAt: z.iso.datetime({ offset: true }) }).nullable(),
    /** Closed since the prompt: nothing to confirm. */
    closed: z.boolean(),
  })
  .meta({ id: "FreshnessLocation" });
export type FreshnessLocation = z.infer<typeof freshnessLocationSchema>;

/**
 * geldig: "Klopt nog" confirms these numbers; gebruikt: the link did so already; verlopen: past its 48 hours;
 * gewijzigd: a location's numbers changed since the e-mail (or it closed or moved), confirm on the provider page.
 */
export const FRESHNESS_LINK_STATES = ["geldig", "gebruikt", "verlopen", "gewijzigd"] as const;
export type FreshnessLinkState = (typeof FRESHNESS_LINK_STATES)[number];

export const freshnessLookSchema = z
  .object({
    providerName: z.string(),
    state: z.enum(FRESHNESS_LINK_STATES),
    expiresAt: z.iso.datetime({ offset: true }),
    usedAt: z.iso.datetime({ offset: true }).nullable(),
    locations: z.array(freshnessLocationSchema),
  })
  .meta({ id: "FreshnessLook" });
export type FreshnessLook = z.infer<typeof freshnessLookSchema>;

export const freshnessConfirmedSchema = z
  .object({
    providerName: z.string(),
    /** The confirmed locations with their numbers now (version one up, confirmed now). */
    locations: z.array(freshnessLocationSchema),
  })
  .meta({ id: "FreshnessConfirmed" });
export type FreshnessConfirmed = z.infer<typeof freshnessConfirmedSchema>;
