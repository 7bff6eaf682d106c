// Geplande taken: per job when it runs, how its last run went and what it did, and when it runs next, so the
// beheerder sees at a glance that expiry, reminders and retention keep running, and which one keeps failing.
import { JOB_COUNT_LABELS, type JobStatus } from "../../../../../shared/schemas/jobs.js";
import { DataTable } from "../../../components/data-table.js";
import { formatTimestamp } from "../../../lib/format.js";
import "./jobs.css";

const COLUMNS = [
  "Taak",
  "Schema",
  "Laatst gestart",
  "Laatst klaar",
  "Uitkomst",
  "Wat de laatste run deed",
  "Volgende run",
];

export function JobTable({ jobs }: { jobs: readonly JobStatus[] }) {
  return (
    <DataTable label="Geplande taken" testId="job-table" columns={COLUMNS}>
      {jobs.map((job) => (
        <JobRow key={job.name} job={job} />
      ))}
    </DataTable>
  );
}

function JobRow({ job }: { job: JobStatus }) {
  const at = (value: string | null) =>
    value ? <time dateTime={value}>{formatTimestamp(value)}</time> : <span className="job-table__none">—</span>;
  return (
    <tr data-testid={`job-${job.name}`} data-outcome={job.lastOutcome ?? "nog-niet"}>
      <th scope="row">{job.title}</th>
      <td>{job.schedule}</td>
      <td>{at(job.lastStartedAt)}</td>
      <td>{at(job.lastFinishedAt)}</td>
      <td data-testid="job-outcome">
        <Outcome job={job} />
      </td>
      <td>{countsInWords(job.lastCounts)}</td>
      <td>{at(job.nextRunAt)}</td>
    </tr>
  );
}

function Outcome({ job }: { job: JobStatus }) {
  if (job.lastOutcome === null) return <>Nog niet uitgevoerd</>;
  if (job.lastOutcome === "voltooid") return <>Voltooid</>;
  const since = job.lastSucceededAt ? `laatst gelukt ${formatTimestamp(job.lastSucceededAt)}` : "nog nooit gelukt";
  return (
    <span className="job-table__failed">
      Mislukt{job.failures > 1 ? ` (${job.failures} keer na elkaar)` : ""}: {job.lastError ?? "onbekende fout"}; {since}
      . Wordt bij de volgende run opnieuw geprobeerd.
    </span>
  );
}

// The stored counts come back in jsonb's own key order: shown in the order of the labels, as the job wrote them.
const ORDER = Object.keys(JOB_COUNT_LABELS);
const rank = (key: string) => (ORDER.includes(key) ? ORDER.indexOf(key) : ORDER.length);

/** "3 reserveringen verlopen, 0 meldingen"; a run that counts nothing: "—". */
function countsInWords(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, n]) => `${n} ${JOB_COUNT_LABELS[key] ?? key}`);
  return parts.length > 0 ? parts.join(", ") : "—";
}
