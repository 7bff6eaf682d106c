// A provider keeps one location current here: set the free places, register a move, or confirm nothing changed.
import type { ReactNode } from "react";
import { CARE_TYPE_LABELS } from "../../../../../shared/domain.js";
import { isStale } from "../../../../../shared/rules/freshness.js";
import type { Location } from "../../../../../shared/schemas/capacity.js";
import { LastConfirmed } from "../../../components/last-confirmed.js";
import { type Feedback, useLocationEditor } from "../hooks/use-location-editor.js";
import "./provider.css";

interface Props {
  location: Location;
  now: Date;
  staleAfterHours: number;
  merge(location: Location): void;
  /** More about this location, composed by the page (the planned moves). */
  children?: ReactNode;
}

export function LocationEditor({ location: l, now, staleAfterHours, merge, children }: Props) {
  const editor = useLocationEditor(l, merge);
  const inputId = `free-input-${l.id}`;
  const headingId = `location-title-${l.id}`;
  const stale = isStale(l.lastConfirmedAt, now, staleAfterHours);

  return (
    <article
      className={`editor${stale ? " editor--stale" : ""}`}
      aria-labelledby={headingId}
      data-testid={`editor-${l.id}`}
    >
      <header className="editor__header">
        <h2 id={headingId}>{l.name}</h2>
        <p className="editor__meta">
          {CARE_TYPE_LABELS[l.careType]} · {l.municipality} · {l.ageMin}–{l.ageMax} jaar
          {l.crisis && " · crisisplek"}
        </p>
      </header>

      <dl className="counts">
        <Count label="Capaciteit" value={l.capacity} />
        <Count label="Bezet" value={l.occupied} />
        <Count label="Gereserveerd" value={l.reserved} />
        <Count label="Vrij" value={l.free} emphasis={l.free > 0} />
      </dl>
      <p className="editor__confirmed">
        Laatst bevestigd:{" "}
        <LastConfirmed lastConfirmedAt={l.lastConfirmedAt} now={now} staleAfterHours={staleAfterHours} />
      </p>

      {/* noValidate: the server's Dutch explanation ("hoogstens 3 plekken ...") beats the browser's own bubble. */}
      <form
        className="editor__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          editor.save();
        }}
      >
        <label htmlFor={inputId}>Vrije plekken</label>
        <input
          id={inputId}
          data-testid={inputId}
          type="number"
          inputMode="numeric"
          min={0}
          max={l.capacity - l.reserved}
          step={1}
          value={editor.value}
          onChange={(e) => editor.edit(e.target.value)}
        />
        <button type="submit" className="button--primary" data-testid={`save-${l.id}`} disabled={editor.busy}>
          Opslaan
        </button>
      </form>
      {editor.changedMeanwhile && (
        <p className="editor__hint">Let op: deze locatie is gewijzigd sinds u begon te typen. Nu {l.free} vrij.</p>
      )}

      <div className="editor__actions">
        <button type="button" onClick={editor.occupy} disabled={editor.busy || l.free === 0}>
          +1 bezet
        </button>
        <button type="button" onClick={editor.release} disabled={editor.busy || l.occupied === 0}>
          +1 vrijgekomen
        </button>
        <button type="button" onClick={editor.confirm} disabled={editor.busy}>
          Ongewijzigd bevestigen
        </button>
      </div>

      <div className="editor__feedback" role="status" data-testid={`feedback-${l.id}`}>
        {editor.feedback && <FeedbackMessage feedback={editor.feedback} />}
      </div>
      {children}
    </article>
  );
}

function Count({ label, value, emphasis = false }: { label: string; value: number; emphasis?: boolean }) {
  return (
    <div className={`count${emphasis ? " count--emphasis" : ""}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function FeedbackMessage({ feedback }: { feedback: Feedback }) {
  if (feedback.kind !== "conflict") {
    return <p className={`message message--${feedback.kind}`}>{feedback.text}</p>;
  }
  const c = feedback.current;
  return (
    <p className="message message--conflict">
      {feedback.text} Nu: {c.free} vrij, {c.occupied} bezet, {c.reserved} gereserveerd van {c.capacity}. Het formulier
      toont de actuele aantallen; pas ze zo nodig aan en sla opnieuw op.
    </p>
  );
}
