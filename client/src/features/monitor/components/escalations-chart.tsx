// Opschaling naar het RET per month.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Monitor } from "../../../../../shared/schemas/monitor.js";
import { COLORS, monthLabel } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

type Escalations = Monitor["escalations"];

export function escalationsCsv(months: Escalations): CsvExport {
  return {
    name: "opschalingen-per-maand",
    header: ["maand", "opschalingen"],
    rows: months.map((m) => [m.month, m.escalations]),
  };
}

export function EscalationsChart({ months }: { months: Escalations }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={[...months]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e3e7ec" vertical={false} />
        <XAxis dataKey="month" tickFormatter={monthLabel} minTickGap={16} />
        <YAxis allowDecimals={false} width={36} />
        <Tooltip labelFormatter={(month) => monthLabel(String(month))} />
        <Bar dataKey="escalations" name="Opschalingen" fill={COLORS.reserved} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
