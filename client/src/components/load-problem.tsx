// Says plainly when data could not be (re)loaded, and offers to try again.
import type { ApiError } from "../lib/api.js";

interface Props {
  status: "loading" | "ready" | "error";
  error: ApiError | undefined;
  onRetry(): void;
  /** What failed when nothing is on screen yet. */
  loadFailed?: string;
  /** What failed when older data is still on screen. */
  refreshFailed?: string;
}

export function LoadProblem({
  status,
  error,
  onRetry,
  loadFailed = "De locaties konden niet worden geladen.",
  refreshFailed = "De aantallen konden niet worden bijgewerkt.",
}: Props) {
  if (!error) return null;
  // With data on screen the problem is that it may be behind; without any, that there is nothing to show.
  const lead = status === "ready" ? refreshFailed : loadFailed;
  return (
    <div className="alert alert--error" role="alert">
      <p>
        {lead} {error.detail}
      </p>
      <button type="button" onClick={onRetry}>
        Opnieuw proberen
      </button>
    </div>
  );
}
