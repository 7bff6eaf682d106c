// The inbox ("Meldingen"): what the app tells a person, kept until read, and how it reaches them by e-mail.
import { z } from "zod";
import type { Role } from "../domain.js";
import { idParam } from "./id.js";

/**
 * What a notification is about. Each names who gets it (server/features/notifications/producers.ts):
 * - reservering-wacht: aanbieder, a reservation of one of its places waits for an answer;
 * - reservering-verloopt: aanbieder, that reservation expires soon and is still unanswered;
 * - reservering-geaccepteerd / -geweigerd / -verlopen: the regisseur who made the reservation;
 * - plek-vrij: a regisseur who follows a request, a fitting place came free;
 * - verzoek-opgeschaald: the regisseurs (and the RET's address by e-mail), a request was escalated;
 * - ambulant-te-laat: the regisseurs and the verwijzer, a crisis request's ambulant record is overdue;
 * - cijfers-verouderen: aanbieder, its locations' numbers are about to go stale (with the one-tap prompt).
 */
export const NOTIFICATION_KINDS = [
  "reservering-wacht",
  "reservering-verloopt",
  "reservering-geaccepteerd",
  "reservering-geweigerd",
  "reservering-verlopen",
  "reservering-vervallen",
  "plek-vrij",
  "verzoek-opgeschaald",
  "ambulant-te-laat",
  "cijfers-verouderen",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The kinds a role can get: the preferences page offers these. */
export const NOTIFICATION_KINDS_BY_ROLE: Record<Role, readonly NotificationKind[]> = {
  aanbieder: ["reservering-wacht", "reservering-verloopt", "cijfers-verouderen"],
  regisseur: [
    "reservering-geaccepteerd",
    "reservering-geweigerd",
    "reservering-verlopen",
    "reservering-vervallen",
    "plek-vrij",
    "verzoek-opgeschaald",
    "ambulant-te-laat",
  ],
  verwijzer: ["ambulant-te-laat"],
  beleid: [],
  beheerder: [],
};

/** How a kind reaches a person by e-mail: not at all, at once, or in one mail a day (the inbox always has it). */
export const MAIL_DELIVERIES = ["uit", "direct", "dagelijks"] as const;
export type MailDelivery = (typeof MAIL_DELIVERIES)[number];
export const DEFAULT_MAIL_DELIVERY: MailDelivery = "direct";

/** What an outbox message carries: one notification, a day's digest, a password reset link. */
export const MAIL_KINDS = ["melding", "samenvatting", "wachtwoord-herstel"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** wachtend: to send (again, from next_attempt_at); verzonden: the SMTP server took it; mislukt: given up. */
export const MAIL_STATUSES = ["wachtend", "verzonden", "mislukt"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const notificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    /** The page to act on, a path of this app (/verzoeken/7). */
    link: z.string(),
    /** The case number it is about, where there is one: never a youth's personal data. */
    caseNumber: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    read: z.boolean(),
  })
  .meta({ id: "Notification" });
export type Notification = z.infer<typeof notificationSchema>;

export const inboxSchema = z
  .object({
    items: z.array(notificationSchema),
    /** Unread notifications of the caller, all of them (items is the newest page). */
    unread: z.number().int().min(0),
  })
  .meta({ id: "Inbox" });
export type Inbox = z.infer<typeof inboxSchema>;

export const inboxQuerySchema = z.strictObject({
  /** Only notifications older than this id: the next page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  unreadOnly: z
    .enum(["true", "false"])
    .optional()
    .transform((v) => v === "true"),
});

export const notificationIdParams = z.strictObject({ id: idParam });

/** The socket's `notifications:new`, to the user's own sockets on every process. */
export const notificationPushSchema = z
  .object({ notification: notificationSchema, unread: z.number().int().min(0) })
  .meta({ id: "NotificationPush" });
export type NotificationPush = z.infer<typeof notificationPushSchema>;

export const unreadCountSchema = z.object({ unread: z.number().int().min(0) }).meta({ id: "UnreadCount" });

export const mailPreferenceSchema = z.object({ kind: z.enum(NOTIFICATION_KINDS), delivery: z.enum(MAIL_DELIVERIES) });
/** The caller's choice per kind; kinds their role never gets are left out. */
export const mailPreferencesSchema = z
  .object({ preferences: z.array(mailPreferenceSchema) })
  .meta({ id: "MailPreferences" });
export type MailPreferences = z.infer<typeof mailPreferencesSchema>;
export const updateMailPreferencesSchema = z
  .strictObject({
    preferences: z.array(z.strictObject(mailPreferenceSchema.shape)).min(1).max(NOTIFICATION_KINDS.length),
  })
  .meta({ id: "UpdateMailPreferences" });
