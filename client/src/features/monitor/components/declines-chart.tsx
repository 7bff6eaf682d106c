// Weigeringen by reason: reservations the provider answered geweigerd, one bar per reason code.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { DECLINE_REASON_LABELS } from "../../../../../shared/labels.js";
import type { Monitor } from "../../../../../shared/schemas/monitor.js";
import { COLORS } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

type Declines = NonNullable<Monitor["declines"]>;

export function declinesCsv(declines: Declines): CsvExport {
  return {
    name: "weigeringen-per-reden",
    header: ["reden", "code", "weigeringen"],
    rows: declines.map((d) => [DECLINE_REASON_LABELS[d.reason], d.reason, d.declines]),
  };
}

export function DeclinesChart({ declines }: { declines: Declines }) {
  const data = declines.map((d) => ({ label: DECLINE_REASON_LABELS[d.reason], declines: d.declines }));
  return (
    <ResponsiveContainer width="100%" height={300}>
      <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
        <CartesianGrid stroke="#e3e7ec" horizontal={false} />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} interval={0} />
        <Tooltip />
        <Bar dataKey="declines" name="Weigeringen" fill={COLORS.decline} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
