// Webhook endpoints of a provider: list with their last delivery, register (the secret is shown once), remove,
// rotate the secret (the new one shown once), and the recent deliveries of one. The secret never reaches a log or the
// audit log; the audit records who did what to which endpoint.
import { eq } from "drizzle-orm";
import {
  type CreateWebhookEndpoint,
  MAX_WEBHOOK_ENDPOINTS,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from "../../../shared/schemas/webhooks.js";
import type { Db, Tx } from "../../db/client.js";
import { type WebhookDeliveryRow, type WebhookEndpointRow, webhookEndpoints } from "../../db/schema.js";
import type { Sealer } from "../../db/sealed.js";
import { Conflict, Forbidden, HiddenFromCaller, NotFound, RuleViolation } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { Actor, ChangeContext } from "../../policies/types.js";
import { recordAudit } from "../audit/service.js";
import * as repo from "./repository.js";
import { newSecret, secretPrefix } from "./signature.js";
import { refusedUrl } from "./url.js";

export interface WebhookDeps {
  db: Db;
  /** Seals the signing secrets at rest (SECRET_KEYS). */
  secrets: Sealer;
  /** WEBHOOK_ALLOW_HTTP: http to localhost is accepted (tests, a receiver during development). */
  allowHttp: boolean;
}

const DELIVERIES_SHOWN = 50;
const notFound = (id: number) => `Webhook ${id} bestaat niet.`;

export async function listEndpoints(deps: WebhookDeps, providerId: number, actor: Actor): Promise<WebhookEndpoint[]> {
  authorize(actor, "webhooks.read", providerId);
  const rows = await repo.endpointsOf(deps.db, providerId);
  const last = await repo.lastDeliveries(
    deps.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => present(deps, r, last.get(r.id)));
}

export async function createEndpoint(
  deps: WebhookDeps,
  providerId: number,
  input: { url: string; events: CreateWebhookEndpoint["events"]; description: string },
  ctx: ChangeContext,
): Promise<WebhookEndpointWithSecret> {
  authorize(ctx.actor, "webhooks.manage", providerId);
  const refused = refusedUrl(input.url, deps.allowHttp);
  if (refused)
    throw new RuleViolation(`Dit adres kan geen webhook zijn: ${refused}.`, [{ field: "url", message: refused }]);
  const secret = newSecret();
  return deps.db.transaction(async (tx) => {
    const count = await repo.countEndpointsLocked(tx, providerId);
    if (count === undefined) throw new NotFound(`Aanbieder ${providerId} bestaat niet.`);
    if (count >= MAX_WEBHOOK_ENDPOINTS)
      throw new Conflict(`Een aanbieder heeft ten hoogste ${MAX_WEBHOOK_ENDPOINTS} webhooks; verwijder er eerst een.`);
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({
        providerId,
        url: input.url,
        events: input.events,
        description: input.description,
        secret: deps.secrets.seal("webhook_endpoints.secret", secret),
        createdBy: ctx.actor.kind === "user" ? ctx.actor.id : null,
      })
      .returning();
    if (!row) throw new Error("webhook insert returned nothing");
    // The host and kinds: never the secret, nor a path or query that may carry the receiver's own key.
    await audit(tx, ctx, "webhook.aangemaakt", row.id, `${new URL(row.url).host} (${row.events.join(", ")})`);
    return { ...present(deps, row, undefined), secret };
  });
}

export async function deleteEndpoint(deps: WebhookDeps, id: number, ctx: ChangeContext): Promise<WebhookEndpoint> {
  const existing = await findOwn(deps.db, id, ctx.actor, "webhooks.manage");
  return deps.db.transaction(async (tx) => {
    // Its deliveries and their attempts go with it (on delete cascade): a worker mid-POST records nothing after.
    const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).returning();
    if (!row) throw new NotFound(notFound(id));
    await audit(tx, ctx, "webhook.verwijderd", id, new URL(existing.url).host);
    return present(deps, row, undefined);
  });
}

/** A new secret at once: every attempt from now on, retries of earlier events too, is signed with it. */
export async function rotateSecret(
  deps: WebhookDeps,
  id: number,
  ctx: ChangeContext,
): Promise<WebhookEndpointWithSecret> {
  await findOwn(deps.db, id, ctx.actor, "webhooks.rotate");
  const secret = newSecret();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secret: deps.secrets.seal("webhook_endpoints.secret", secret), secretRotatedAt: new Date() })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    if (!row) throw new NotFound(notFound(id));
    await audit(tx, ctx, "webhook.geheim-vervangen", id);
    return { ...present(deps, row, undefined), secret };
  });
}

export async function listDeliveries(deps: WebhookDeps, id: number, actor: Actor): Promise<WebhookDelivery[]> {
  await findOwn(deps.db, id, actor, "webhooks.read");
  return (await repo.recentDeliveries(deps.db, id, DELIVERIES_SHOWN)).map(presentDelivery);
}

type Action = "webhooks.read" | "webhooks.manage" | "webhooks.rotate";

function authorize(actor: Actor, action: Action, providerId: number) {
  if (!can(actor, action, { providerId })) {
    throw new Forbidden(action, "U mag alleen webhooks van uw eigen organisatie beheren.", {
      type: "aanbieder",
      id: providerId,
    });
  }
}

/** Another provider's endpoint answers as if it did not exist: a 403 would confirm the id. Still audited as refused. */
async function findOwn(db: Db, id: number, actor: Actor, action: Action): Promise<WebhookEndpointRow> {
  const row = await repo.findEndpoint(db, id);
  if (!row) throw new NotFound(notFound(id));
  if (!can(actor, action, { providerId: row.providerId }))
    throw new HiddenFromCaller(action, notFound(id), { type: "webhook", id });
  return row;
}

function audit(tx: Tx, ctx: ChangeContext, action: string, id: number, detail?: string) {
  return recordAudit(tx, {
    actor: ctx.actor,
    action,
    outcome: "succes",
    ip: ctx.ip,
    requestKey: ctx.requestKey,
    objectType: "webhook",
    objectId: id,
    ...(detail ? { detail } : {}),
  });
}

function present(deps: WebhookDeps, row: WebhookEndpointRow, last: repo.LastDelivery | undefined): WebhookEndpoint {
  return {
    id: row.id,
    providerId: row.providerId,
    url: row.url,
    events: row.events,
    description: row.description,
    secretPrefix: secretPrefix(deps.secrets.open("webhook_endpoints.secret", row.secret)),
    createdAt: row.createdAt.toISOString(),
    secretRotatedAt: row.secretRotatedAt?.toISOString() ?? null,
    lastDelivery: last ? { ...last, createdAt: last.createdAt.toISOString() } : null,
  };
}

function presentDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    kind: row.kind,
    locationId: row.locationId,
    reservationId: row.reservationId,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
