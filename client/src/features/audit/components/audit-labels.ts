// How the log's own values read in the table and the filters.
import { ROLE_LABELS, ROLES, type Role } from "../../../../../shared/domain.js";
import type { AuditEntry } from "../../../../../shared/schemas/auth.js";

export const OUTCOME_LABELS: Record<AuditEntry["outcome"], string> = {
  succes: "Gelukt",
  geweigerd: "Geweigerd",
  mislukt: "Mislukt",
};

/** The log keeps the role as text: a role that no longer exists still shows as it was written. */
export function roleLabel(role: string | null): string {
  if (role === null) return "—";
  return (ROLES as readonly string[]).includes(role) ? ROLE_LABELS[role as Role] : role;
}

/** "user:12" as the account's name when known; the other actors the server writes in plain words. */
export function actorLabel(actor: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(actor);
  if (name) return name;
  if (actor === "anoniem") return "Niet ingelogd";
  if (actor === "systeem") return "Systeem";
  if (actor.startsWith("token:")) return `API-token ${actor.slice("token:".length)}`;
  return actor;
}
