// "Volgen": the regisseur is told, on any page, when a place that fits this request comes free.
import { useMutation } from "@tanstack/react-query";
import { apiErrors } from "../../../lib/query-client.js";

interface Props {
  watching: boolean;
  onChange(watching: boolean): Promise<void>;
}

export function WatchToggle({ watching, onChange }: Props) {
  const toggle = useMutation({ mutationFn: apiErrors(() => onChange(!watching), "Volgen is mislukt.") });

  return (
    <div className="watch">
      <button
        type="button"
        className={watching ? "watch__button watch__button--on" : "watch__button"}
        aria-pressed={watching}
        data-testid="watch-toggle"
        disabled={toggle.isPending}
        onClick={() => toggle.mutate()}
      >
        {watching ? "Gevolgd" : "Volgen"}
      </button>
      <span className="watch__hint">
        {watching
          ? "U krijgt een melding als er een passende plek vrijkomt."
          : "Meld mij een passende plek die vrijkomt."}
      </span>
      {toggle.error && (
        <p className="message message--error" role="alert">
          {toggle.error.detail}
        </p>
      )}
    </div>
  );
}
