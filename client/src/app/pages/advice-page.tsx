// The matchadvies of one request (/verzoeken/:id/advies): the document, and a print button that has the server record
// the print before the browser's print dialog opens. The print stylesheet leaves only the document on the A4.
import { useMutation } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { LoadProblem } from "../../components/load-problem.js";
import { AdviceDocument } from "../../features/advice/components/advice-document.js";
import { useAdvice } from "../../features/advice/hooks/use-advice.js";
import { errorText } from "../../lib/api.js";
import { apiErrors } from "../../lib/query-client.js";
import "../../features/advice/components/advice.css";

export function AdvicePage() {
  const raw = useParams().id ?? "";
  const id = /^[1-9]\d{0,9}$/.test(raw) ? Number(raw) : undefined;
  if (id === undefined) {
    return (
      <section className="page">
        <p className="empty">Dit is geen geldig verzoeknummer.</p>
      </section>
    );
  }
  return <AdviceView key={id} id={id} />;
}

function AdviceView({ id }: { id: number }) {
  const state = useAdvice(id);
  const print = useMutation({
    mutationFn: apiErrors(state.print, "Afdrukken kon niet worden vastgelegd; er is niets afgedrukt."),
  });
  return (
    <section className="page">
      <title>{`Matchadvies ${state.advice?.request.caseNumber ?? ""} — Beschikbaarheidswijzer Twente`}</title>
      <p className="breadcrumb">
        <Link to={`/verzoeken/${id}`}>← Terug naar het verzoek</Link>
      </p>
      <LoadProblem
        status={state.status}
        error={state.error}
        onRetry={state.reload}
        loadFailed="Het matchadvies kon niet worden geladen."
        refreshFailed="Het matchadvies kon niet worden bijgewerkt."
      />
      {state.status === "loading" && <p className="loading">Matchadvies opstellen…</p>}
      {state.advice && (
        <>
          <div className="advice-actions">
            <button type="button" data-testid="advice-print" disabled={print.isPending} onClick={() => print.mutate()}>
              Afdrukken
            </button>
            <span>Afdrukken wordt vastgelegd in het auditlog. Kies "Opslaan als PDF" voor een PDF.</span>
            {print.error && (
              <p className="message message--conflict" role="alert">
                {errorText(print.error)}
              </p>
            )}
          </div>
          <AdviceDocument advice={state.advice} />
        </>
      )}
    </section>
  );
}
