// The shapes of authorization: actors and policy declarations.
import type { Role } from "../../shared/domain.js";

/** Who is acting: a signed-in user, a provider system with an API token, or nobody yet. */
export type Actor =
  | {
      kind: "user";
      id: number;
      name: string;
      role: Role;
      providerId: number | null;
      sessionId: string;
      csrfToken: string;
    }
  | { kind: "token"; id: number; name: string; role: "aanbieder"; providerId: number }
  | { kind: "anonymous" }
  /** The server itself, e.g. expiring reservations: recorded in the logs, allowed nothing by the policies. */
  | { kind: "system" }
  /**
   * A provider through a one-tap freshness link (id: the link's row), recorded as "link:<id>" with role aanbieder; its
   * use case scopes it to the link's locations itself, the policies allow it nothing.
   */
  | { kind: "link"; id: number; role: "aanbieder"; providerId: number };

export type Authenticated = Exclude<Actor, { kind: "anonymous" } | { kind: "system" } | { kind: "link" }>;

/** Who acts and from where, for one call: recorded in the event log and the audit log. */
export interface ChangeContext {
  actor: Actor;
  ip: string;
  /** The call's Idempotency-Key with its owner, when it sent one (server/http/idempotency.ts). */
  requestKey?: string;
}

/**
 * A declaration: these roles may, signed in or (when tokens is true) with a provider API token, and only when the
 * predicate holds for the resource. Without a resource the predicate is not asked: "may this actor do it at all?".
 */
export interface Policy<R = never> {
  roles: readonly Role[];
  tokens?: boolean;
  when?: (actor: Authenticated, resource: R) => boolean;
}

export function allow<R = never>(policy: Policy<R>): Policy<R> {
  return policy;
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === "user") return `user:${actor.id}`;
  if (actor.kind === "token") return `token:${actor.id}`;
  if (actor.kind === "system") return "systeem";
  if (actor.kind === "link") return `link:${actor.id}`;
  return "anoniem";
}
