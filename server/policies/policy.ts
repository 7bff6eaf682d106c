// The one authorization decision: can(actor, action, resource). Routes, services and socket handlers all ask it.
import { aanbodPolicies } from "./aanbod.js";
import { accountPolicies } from "./accounts.js";
import { advicePolicies } from "./advice.js";
import { auditPolicies } from "./audit.js";
import { capacityPolicies } from "./capacity.js";
import { forecastPolicies } from "./forecast.js";
import { jobPolicies } from "./jobs.js";
import { mailPolicies } from "./mail.js";
import { monitorPolicies } from "./monitor.js";
import { notificationPolicies } from "./notifications.js";
import { placementPolicies } from "./placements.js";
import { retentionPolicies } from "./retention.js";
import { tokenPolicies } from "./tokens.js";
import type { Actor, Policy } from "./types.js";
import { webhookPolicies } from "./webhooks.js";

export type { Actor, Authenticated } from "./types.js";

export const policies = {
  ...capacityPolicies,
  ...aanbodPolicies,
  ...auditPolicies,
  ...accountPolicies,
  ...tokenPolicies,
  ...placementPolicies,
  ...advicePolicies,
  ...forecastPolicies,
  ...monitorPolicies,
  ...retentionPolicies,
  ...jobPolicies,
  ...notificationPolicies,
  ...mailPolicies,
  ...webhookPolicies,
};

export type Action = keyof typeof policies;
type ResourceOf<A extends Action> = (typeof policies)[A] extends Policy<infer R> ? R : never;

export function can<A extends Action>(actor: Actor, action: A, resource?: ResourceOf<A>): boolean {
  if (actor.kind === "anonymous" || actor.kind === "system" || actor.kind === "link") return false;
  const policy = policies[action] as Policy<ResourceOf<A>>;
  if (actor.kind === "token" && !policy.tokens) return false;
  if (!policy.roles.includes(actor.role)) return false;
  return resource === undefined || !policy.when || policy.when(actor, resource);
}
