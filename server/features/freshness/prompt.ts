// The freshness prompt: a provider whose numbers are about to go stale gets, once per stretch, a notice in the inbox of
// each of its aanbieder accounts and an e-mail (to those accounts and its contact address) with the numbers per
// location and a one-tap "Klopt nog" link. Run by the scheduler; the caller owns the transaction.
import { createHash, randomBytes } from "node:crypto";
import { FRESHNESS_LINK_HOURS } from "../../../shared/schemas/freshness.js";
import type { Db, Tx } from "../../db/client.js";
import {
  type Created,
  enqueueMail,
  type MailSettings,
  notify,
  providerRecipients,
  SIGNATURE,
} from "../notifications/service.js";
import { emitWebhook, type WebhookEvent } from "../webhooks/producer.js";
import * as repo from "./repository.js";

export interface PromptSettings extends MailSettings {
  staleAfterHours: number;
  /** FRESHNESS_PROMPT_HOURS: how long before going stale the provider is asked. */
  promptHours: number;
}

export interface PromptOutcome {
  counts: { aanbieders: number; links: number; mails: number };
  /** The inbox notices written, for the live push after the commit. */
  notifications: Created[];
}

export interface PromptJobDeps {
  db: Db;
  settings: PromptSettings;
  /** After the commit: the notices written, to their users' sockets. */
  pushed(created: readonly Created[]): Promise<void> | void;
}

const HOUR_MS = 3_600_000;

/** The scheduled job "cijfers-herinneringen": one transaction, then the live push of the notices it wrote. */
export async function runFreshnessPrompts(deps: PromptJobDeps, now: Date): Promise<PromptOutcome["counts"]> {
  const outcome = await deps.db.transaction((tx) => promptStaleNumbers(tx, deps.settings, now));
  await deps.pushed(outcome.notifications);
  return outcome.counts;
}
const moment = new Intl.DateTimeFormat("nl-NL", {
  timeZone: "Europe/Amsterdam",
  day: "numeric",
  month: "long",
  hour: "2-digit",
  minute: "2-digit",
});

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * Prompts every provider with an open location that goes stale within promptHours, or already is: a location that
 * slipped past the window (new, or the job did not run) still deserves its one tap. Once per stretch: a provider whose
 * due locations were all in an earlier link at their current version (nothing confirmed or changed since) is skipped,
 * so an ignored prompt is not repeated; a confirmation, a change or another location coming due starts a new stretch.
 */
export async function promptStaleNumbers(tx: Tx, settings: PromptSettings, now = new Date()): Promise<PromptOutcome> {
  await repo.lockPrompting(tx);
  const confirmedBefore = new Date(now.getTime() - (settings.staleAfterHours - settings.promptHours) * HOUR_MS);
  const due = await repo.dueLocations(tx, confirmedBefore);
  const byProvider = new Map<number, repo.DueLocation[]>();
  for (const l of due) byProvider.set(l.providerId, [...(byProvider.get(l.providerId) ?? []), l]);
  const outcome: PromptOutcome = { counts: { aanbieders: 0, links: 0, mails: 0 }, notifications: [] };
  for (const [providerId, locations] of byProvider) {
    const prompted = await repo.promptedStates(tx, providerId);
    if (locations.every((l) => prompted.has(`${l.id}:${l.version}`))) continue;
    for (const l of locations) await emitWebhook(tx, staleEvent(settings, l));
    const { userIds, contactEmail } = await providerRecipients(tx, providerId);
    if (userIds.length === 0 && !contactEmail) continue;
    const sent = await promptProvider(tx, settings, now, { providerId, locations, userIds, contactEmail });
    outcome.counts.aanbieders += 1;
    outcome.counts.links += 1;
    outcome.counts.mails += sent.mails;
    outcome.notifications.push(...sent.notifications);
  }
  return outcome;
}

async function promptProvider(
  tx: Tx,
  settings: PromptSettings,
  now: Date,
  target: { providerId: number; locations: repo.DueLocation[]; userIds: number[]; contactEmail: string | null },
) {
  const { providerId, locations, userIds, contactEmail } = target;
  const secret = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + FRESHNESS_LINK_HOURS * HOUR_MS);
  const link = await repo.insertLink(tx, {
    tokenHash: hashToken(secret),
    providerId,
    numbers: locations.map((l) => ({ locationId: l.id, version: l.version, free: l.free })),
    expiresAt,
  });
  // The newest confirmation among the due locations marks the stretch, the versions the state within it (an edit of a
  // location's attributes moves its version, not its confirmation, and makes the earlier link unusable): a retried run
  // notifies nobody twice, a new state gets its own prompt.
  const newest = new Date(Math.max(...locations.map((l) => l.lastConfirmedAt.getTime()))).toISOString();
  const state = hashToken(locations.map((l) => `${l.id}:${l.version}`).join(",")).slice(0, 16);
  const dedupeKey = `cijfers-verouderen:${providerId}:${newest}:${state}`;
  const body = noticeBody(settings, locations, now);
  // The inbox copy never holds the secret: only the e-mail does, and the outbox wipes it once sent.
  const mailBody = promptMailBody(settings, body, secret, expiresAt);
  const notifications = await notify(
    tx,
    settings,
    userIds,
    { kind: "cijfers-verouderen", title: "Kloppen uw vrije plekken nog?", body, link: "/aanbieder", dedupeKey },
    { body: mailBody, carriesSecret: true },
  );
  let mails = notifications.length;
  if (contactEmail) {
    await enqueueMail(tx, {
      kind: "melding",
      toAddress: contactEmail,
      subject: "Kloppen uw vrije plekken nog?",
      body: mailBody,
      dedupeKey: `${dedupeKey}:contact`,
      carriesSecret: true,
    });
    mails += 1;
  }
  return { link, notifications, mails };
}

/** Once per location per stretch (its last confirmation), however often the prompt comes. */
function staleEvent(settings: PromptSettings, l: repo.DueLocation): WebhookEvent {
  return {
    kind: "cijfers.verouderen",
    locationId: l.id,
    dedupeKey: `cijfers:${l.id}:${l.lastConfirmedAt.toISOString()}`,
    staleAt: new Date(l.lastConfirmedAt.getTime() + settings.staleAfterHours * HOUR_MS),
  };
}

function noticeBody(settings: PromptSettings, locations: readonly repo.DueLocation[], now: Date): string {
  const lines = locations.map((l) => {
    const staleAt = new Date(l.lastConfirmedAt.getTime() + settings.staleAfterHours * HOUR_MS);
    return `- ${l.name}: ${l.free} ${l.free === 1 ? "vrije plek" : "vrije plekken"} (verouderd ${staleAt <= now ? "sinds" : "vanaf"} ${moment.format(staleAt)})`;
  });
  return [
    `Verwijzers en regisseurs zien uw cijfers als verouderd als u ze niet binnen ${settings.staleAfterHours} uur bevestigt. Dit staat nu bij ${locations[0]?.providerName ?? "uw organisatie"}:`,
    ...lines,
  ].join("\n");
}

function promptMailBody(settings: PromptSettings, body: string, secret: string, expiresAt: Date): string {
  return [
    body,
    "",
    `Klopt nog: ${settings.publicUrl}/bevestigen#${secret}`,
    `(één tik, zonder inloggen; de link werkt één keer, tot ${moment.format(expiresAt)})`,
    "",
    `Wijzigen: ${settings.publicUrl}/aanbieder`,
    ...SIGNATURE,
    "Stuur deze e-mail niet door: met de link bevestigt iedereen uw cijfers.",
  ].join("\n");
}
