// Wachttijd from request to placement: how many placements fell in each bucket, with the median and the 90th percentile.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Waiting } from "../../../../../shared/schemas/monitor.js";
import { COLORS, daysLabel, WAIT_BUCKET_LABELS } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

export function waitingCsv(waiting: Waiting): CsvExport {
  return {
    name: "wachttijden",
    header: ["wachttijd", "van_dagen", "tot_dagen", "plaatsingen"],
    rows: waiting.buckets.map((b) => [WAIT_BUCKET_LABELS[b.id], b.fromDays, b.toDays, b.placements]),
  };
}

export function WaitingChart({ waiting }: { waiting: Waiting }) {
  const data = waiting.buckets.map((b) => ({ label: WAIT_BUCKET_LABELS[b.id], placements: b.placements }));
  return (
    <>
      <p className="monitor-figures" data-testid="waiting-summary">
        {waiting.placements === 0 ? (
          "Geen plaatsingen in deze periode."
        ) : (
          <>
            <strong>{waiting.placements}</strong> {waiting.placements === 1 ? "plaatsing" : "plaatsingen"} · mediaan{" "}
            <strong>{daysLabel(waiting.medianDays)}</strong> dagen · 90% binnen{" "}
            <strong>{daysLabel(waiting.p90Days)}</strong> dagen
          </>
        )}
      </p>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e3e7ec" vertical={false} />
          <XAxis dataKey="label" interval={0} tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Bar dataKey="placements" name="Plaatsingen" fill={COLORS.occupied} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </>
  );
}
