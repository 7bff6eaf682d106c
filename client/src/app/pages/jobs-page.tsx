// Geplande taken: the beheerder checks that the recurring work runs (reservations expire, reminders and notices go
// out, retention runs every night) and sees which job failed, why, and when it is tried again.
import { useQuery } from "@tanstack/react-query";
import { LoadProblem } from "../../components/load-problem.js";
import { fetchJobs } from "../../features/jobs/api/jobs.js";
import { JobTable } from "../../features/jobs/components/job-table.js";
import { loadState } from "../../lib/query-client.js";
import { queryKeys } from "../../lib/query-keys.js";

export function JobsPage() {
  const query = useQuery({ queryKey: queryKeys.jobs, queryFn: ({ signal }) => fetchJobs(signal) });
  const { status, error, reload, busy } = loadState(query, "De geplande taken konden niet worden geladen.");
  const data = query.data;
  return (
    <section className="page">
      <title>Geplande taken — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Geplande taken</h1>
        <p>
          Wat de servers uit zichzelf doen: verlopen reserveringen vrijgeven, herinneringen en meldingen sturen, de
          dagelijkse retentie. Elke run gebeurt op precies één server; een mislukte run wordt bij de volgende opnieuw
          geprobeerd.
        </p>
      </div>
      <LoadProblem
        status={status}
        error={error}
        onRetry={reload}
        loadFailed="De geplande taken konden niet worden geladen."
        refreshFailed="De geplande taken konden niet worden bijgewerkt."
      />
      {status === "loading" && <p className="loading">Geplande taken laden…</p>}
      {data && (
        <>
          <JobTable jobs={data.jobs} />
          <p>
            Dagelijkse taken worden elke {data.dailyCheckSeconds} seconden opgepakt, de andere elke seconde.{" "}
            <button type="button" onClick={reload} disabled={busy} data-testid="jobs-reload">
              Vernieuwen
            </button>
          </p>
        </>
      )}
    </section>
  );
}
