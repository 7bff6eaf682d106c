// The ambulant-first gate as a guided stepper (domain.md rules 1 and 2): record the ambulant alternative(s), the
// verklarende analyse when the problems are complex, then start searching. The server holds the gate; when it refuses,
// its message says what is missing. Crisis may search at once and owes the record afterwards.
import { useMutation } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import type { z } from "zod";
import type { RequestStatus } from "../../../../../shared/domain.js";
import { AMBULANT_OUTCOME_LABELS, AMBULANT_REASON_LABELS, AMBULANT_TYPE_LABELS } from "../../../../../shared/labels.js";
import type {
  AmbulantAlternative,
  explanatoryAnalysisSchema,
  PlacementRequest,
} from "../../../../../shared/schemas/placements.js";
import { formatDate, formatDateTime } from "../../../lib/format.js";
import { apiErrors } from "../../../lib/query-client.js";
import { AmbulantForm } from "./ambulant-form.js";
import { AnalysisForm } from "./analysis-form.js";

interface Props {
  request: PlacementRequest;
  onAddAmbulant(alternative: AmbulantAlternative): Promise<void>;
  onSetAnalysis(analysis: z.output<typeof explanatoryAnalysisSchema>): Promise<void>;
  onStartSearch(): Promise<void>;
}

const BEFORE_SEARCH: readonly RequestStatus[] = ["concept", "ambulant-vastgelegd"];
/** Where the server still takes a record (server/features/placements/requests.ts). */
const OPEN_FOR_RECORDING: readonly RequestStatus[] = [...BEFORE_SEARCH, "zoekend", "gereserveerd", "opgeschaald"];

export function AmbulantGate({ request: r, onAddAmbulant, onSetAnalysis, onStartSearch }: Props) {
  const open = OPEN_FOR_RECORDING.includes(r.status);
  const searching = !BEFORE_SEARCH.includes(r.status);
  const hasAmbulant = r.ambulantAlternatives.length > 0;
  const analysisDone = !r.complex || r.explanatoryAnalysis !== null;

  return (
    <section className="gate" aria-labelledby="gate-title" data-testid="ambulant-gate">
      <h2 id="gate-title">Ambulant alternatief eerst</h2>
      <ol className="stepper">
        <Step number={1} title="Ambulant alternatief" done={hasAmbulant} testId="step-ambulant">
          <CrisisNotice request={r} />
          <AmbulantStep request={r} open={open} onAdd={onAddAmbulant} />
        </Step>
        <Step number={2} title="Verklarende analyse" done={analysisDone} skipped={!r.complex} testId="step-analysis">
          {!r.complex ? (
            <p className="step__note">Niet nodig: geen complexe problematiek.</p>
          ) : r.explanatoryAnalysis ? (
            <p className="step__note" data-testid="analysis-recorded">
              Gemaakt op {formatDate(r.explanatoryAnalysis.madeOn)} door {r.explanatoryAnalysis.madeBy}.
            </p>
          ) : open ? (
            <AnalysisForm onSave={onSetAnalysis} />
          ) : (
            <p className="step__note">Niet vastgelegd.</p>
          )}
        </Step>
        <Step number={3} title="Zoeken" done={searching} testId="step-search">
          {searching ? (
            <p className="step__note">Zoeken gestart{searchStartedText(r)}.</p>
          ) : (
            <StartSearch onStart={onStartSearch} />
          )}
        </Step>
      </ol>
    </section>
  );
}

interface StepProps {
  number: number;
  title: string;
  done: boolean;
  skipped?: boolean;
  testId: string;
  children: ReactNode;
}

function Step({ number, title, done, skipped = false, testId, children }: StepProps) {
  const state = skipped ? "overgeslagen" : done ? "klaar" : "open";
  return (
    <li className={`step step--${state}`} data-testid={testId} data-state={state}>
      <h3 className="step__title">
        <span className="step__number" aria-hidden="true">
          {done ? "✓" : number}
        </span>
        {title}
        <span className="sr-only">{skipped ? " (niet nodig)" : done ? " (klaar)" : " (nog te doen)"}</span>
      </h3>
      <div className="step__body">{children}</div>
    </li>
  );
}

function AmbulantStep({
  request: r,
  open,
  onAdd,
}: {
  request: PlacementRequest;
  open: boolean;
  onAdd(alternative: AmbulantAlternative): Promise<void>;
}) {
  const [adding, setAdding] = useState(false);
  const none = r.ambulantAlternatives.length === 0;
  return (
    <>
      {!none && (
        <ul className="alternatives" data-testid="ambulant-list">
          {r.ambulantAlternatives.map((a, i) => (
            // The server keeps them in the order recorded and never edits one: the index is a stable key.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above.
            <li key={i}>
              <strong>{AMBULANT_TYPE_LABELS[a.type]}</strong>, {formatDate(a.periodFrom)}
              {a.periodTo ? ` t/m ${formatDate(a.periodTo)}` : " (loopt nog)"}: {AMBULANT_OUTCOME_LABELS[a.outcome]}.
              Volstaat niet: {AMBULANT_REASON_LABELS[a.reason].toLowerCase()}.
            </li>
          ))}
        </ul>
      )}
      {open &&
        (none || adding ? (
          <AmbulantForm
            onSave={async (a) => {
              await onAdd(a);
              setAdding(false);
            }}
            {...(none ? {} : { onCancel: () => setAdding(false) })}
          />
        ) : (
          <button type="button" className="link-button" onClick={() => setAdding(true)}>
            Nog een alternatief vastleggen
          </button>
        ))}
    </>
  );
}

/** Crisis: searching may start at once; the record is owed by a date and flagged on every list after it. */
function CrisisNotice({ request: r }: { request: PlacementRequest }) {
  if (r.urgency !== "crisis" || r.ambulantAlternatives.length > 0) return null;
  if (r.ambulantOverdue) {
    return (
      <p className="message message--error" role="alert" data-testid="ambulant-overdue">
        Het ambulante spoor is te laat: het moest uiterlijk{" "}
        {r.ambulantDueAt ? formatDateTime(r.ambulantDueAt) : "eerder"} zijn vastgelegd. Leg het nu vast.
      </p>
    );
  }
  return (
    <p className="message message--conflict" data-testid="ambulant-due">
      Crisis: zoeken mag direct. Leg het ambulante spoor daarna vast
      {r.ambulantDueAt ? `, uiterlijk ${formatDateTime(r.ambulantDueAt)}` : ""}.
    </p>
  );
}

function StartSearch({ onStart }: { onStart(): Promise<void> }) {
  const start = useMutation({ mutationFn: apiErrors(onStart) });
  // 422: the gate's own words, naming each missing piece (shared/rules/ambulant-first.ts).
  const refusal = start.error?.detail;

  return (
    <>
      <p className="step__note">Als het ambulante spoor is vastgelegd, kan het CPWV een passende plek zoeken.</p>
      <button
        type="button"
        className="button--primary"
        data-testid="start-search"
        disabled={start.isPending}
        onClick={() => start.mutate()}
      >
        Start zoeken
      </button>
      {refusal && (
        <div className="message message--error" role="alert" data-testid="search-refused">
          <p>Zoeken kan nog niet.</p>
          <p>{refusal}</p>
        </div>
      )}
    </>
  );
}

function searchStartedText(r: PlacementRequest): string {
  const started = r.transitions.find((t) => t.to === "zoekend");
  return started ? ` op ${formatDateTime(started.at)}` : "";
}
