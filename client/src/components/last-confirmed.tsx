// When a location's numbers were last confirmed, and a clear warning when that is too long ago to trust them.
import { isStale } from "../../../shared/rules/freshness.js";
import { formatDateTime, formatRelative } from "../lib/format.js";

interface Props {
  lastConfirmedAt: string;
  now: Date;
  staleAfterHours: number;
}

export function LastConfirmed({ lastConfirmedAt, now, staleAfterHours }: Props) {
  const stale = isStale(lastConfirmedAt, now, staleAfterHours);
  return (
    <span className="last-confirmed">
      <time dateTime={lastConfirmedAt} title={formatDateTime(lastConfirmedAt)}>
        {formatRelative(lastConfirmedAt, now)}
      </time>
      {stale && (
        <span className="badge badge--stale" title={`Niet bevestigd in de afgelopen ${staleAfterHours} uur`}>
          Verouderd
        </span>
      )}
    </span>
  );
}
