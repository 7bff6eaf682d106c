// Instroom and uitstroom per month, with the part of the instroom the CPWV placed.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FlowMonth } from "../../../../../shared/schemas/monitor.js";
import { COLORS, monthLabel } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

export function flowsCsv(months: readonly FlowMonth[]): CsvExport {
  return {
    name: "in-en-uitstroom-per-maand",
    header: ["maand", "instroom", "uitstroom", "waarvan_via_cpwv"],
    rows: months.map((m) => [m.month, m.instroom, m.uitstroom, m.viaCpwv]),
  };
}

export function FlowsChart({ months }: { months: readonly FlowMonth[] }) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={[...months]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e3e7ec" vertical={false} />
        <XAxis dataKey="month" tickFormatter={monthLabel} minTickGap={16} />
        <YAxis allowDecimals={false} width={44} />
        <Tooltip labelFormatter={(month) => monthLabel(String(month))} />
        <Legend />
        <Bar dataKey="instroom" name="Instroom" fill={COLORS.occupied} isAnimationActive={false} />
        <Bar dataKey="uitstroom" name="Uitstroom" fill={COLORS.out} isAnimationActive={false} />
        <Bar dataKey="viaCpwv" name="Waarvan via CPWV" fill={COLORS.cpwv} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
