// Narrowing the audit log: who, which action, with which outcome, between which days (Dutch calendar days).
import { useState } from "react";
import { AUDIT_OUTCOMES } from "../../../../../shared/schemas/auth.js";
import { amsterdamDayEndIso, amsterdamDayStartIso } from "../../../lib/format.js";
import type { AuditFilter } from "../api/audit.js";
import { OUTCOME_LABELS } from "./audit-labels.js";
import "./audit.css";

export interface ActorOption {
  /** As the log records it: "user:12", "token:3". */
  value: string;
  label: string;
}

interface Props {
  actors: ActorOption[];
  actions: string[];
  onApply(filter: AuditFilter): void;
}

interface Draft {
  actor: string;
  action: string;
  outcome: AuditFilter["outcome"] | "";
  fromDay: string;
  toDay: string;
}

const EMPTY: Draft = { actor: "", action: "", outcome: "", fromDay: "", toDay: "" };

export function AuditFilterForm({ actors, actions, onApply }: Props) {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const change = (patch: Partial<Draft>) => setDraft((prev) => ({ ...prev, ...patch }));

  function apply(next: Draft) {
    // ISO days compare as text.
    if (next.fromDay && next.toDay && next.fromDay > next.toDay) {
      setError("De begindatum ligt na de einddatum.");
      return;
    }
    setError(null);
    onApply({
      actor: next.actor.trim() || undefined,
      action: next.action.trim() || undefined,
      outcome: next.outcome || undefined,
      from: next.fromDay ? amsterdamDayStartIso(next.fromDay) : undefined,
      to: next.toDay ? amsterdamDayEndIso(next.toDay) : undefined,
    });
  }

  return (
    <form
      className="audit-filters"
      aria-label="Filters voor het auditlog"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}
    >
      <div className="field">
        <label htmlFor="audit-actor">Wie</label>
        <input
          id="audit-actor"
          data-testid="audit-actor"
          list="audit-actor-options"
          placeholder="bijv. user:12 of anoniem"
          spellCheck={false}
          value={draft.actor}
          onChange={(e) => change({ actor: e.target.value })}
        />
        <datalist id="audit-actor-options">
          {actors.map((a) => (
            <option key={a.value} value={a.value} label={a.label} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="audit-action">Actie</label>
        <input
          id="audit-action"
          data-testid="audit-action"
          list="audit-action-options"
          placeholder="bijv. login"
          spellCheck={false}
          value={draft.action}
          onChange={(e) => change({ action: e.target.value })}
        />
        <datalist id="audit-action-options">
          {actions.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor="audit-outcome">Uitkomst</label>
        <select
          id="audit-outcome"
          data-testid="audit-outcome"
          value={draft.outcome}
          onChange={(e) => change({ outcome: e.target.value as Draft["outcome"] })}
        >
          <option value="">Alle</option>
          {AUDIT_OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-from">Van</label>
        <input
          id="audit-from"
          data-testid="audit-from"
          type="date"
          value={draft.fromDay}
          onChange={(e) => change({ fromDay: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-to">Tot en met</label>
        <input
          id="audit-to"
          data-testid="audit-to"
          type="date"
          value={draft.toDay}
          onChange={(e) => change({ toDay: e.target.value })}
        />
      </div>
      <div className="audit-filters__actions">
        <button type="submit" className="button--primary" data-testid="audit-apply">
          Filteren
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(EMPTY);
            apply(EMPTY);
          }}
        >
          Wissen
        </button>
      </div>
      {error && (
        <p className="message message--error audit-filters__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
