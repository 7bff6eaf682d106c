// In-, door- en uitstroom per month: places taken and freed (bars, left axis) against the CPWV's placements, the
// doorstroom among them and the part of it that went to a more home-like zorgvorm (lines, right axis), because a few
// placements would vanish against hundreds of places.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FlowMonth } from "../../../../../shared/schemas/monitor.js";
import { COLORS, monthLabel } from "../utils/labels.js";
import type { CsvExport } from "./chart-panel.js";

export function flowsCsv(months: readonly FlowMonth[]): CsvExport {
  return {
    name: "in-door-en-uitstroom-per-maand",
    header: ["maand", "instroom", "doorstroom", "uitstroom", "waarvan_via_cpwv", "doorstroom_naar_thuisnabijer"],
    rows: months.map((m) => [m.month, m.instroom, m.doorstroom, m.uitstroom, m.viaCpwv, m.naarThuisnabijer]),
  };
}

/** One of the CPWV's monthly counts, on the right axis. */
function placementLine(dataKey: keyof FlowMonth, name: string, color: string, className: string) {
  return (
    <Line
      yAxisId="placements"
      dataKey={dataKey}
      name={`${name} (rechteras)`}
      className={className}
      stroke={color}
      strokeWidth={2}
      // The dots are drawn in a layer of their own: they carry the series' class too.
      dot={{ r: 2, className }}
      isAnimationActive={false}
    />
  );
}

export function FlowsChart({ months }: { months: readonly FlowMonth[] }) {
  return (
    <ResponsiveContainer width="100%" height={300}>
      <ComposedChart data={[...months]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid stroke="#e3e7ec" vertical={false} />
        <XAxis dataKey="month" tickFormatter={monthLabel} minTickGap={16} />
        <YAxis yAxisId="places" allowDecimals={false} width={44} />
        <YAxis yAxisId="placements" orientation="right" allowDecimals={false} width={36} />
        <Tooltip labelFormatter={(month) => monthLabel(String(month))} />
        {/* In the order drawn, not alphabetical: instroom, uitstroom, then the CPWV's lines. */}
        <Legend itemSorter={null} />
        <Bar yAxisId="places" dataKey="instroom" name="Instroom" fill={COLORS.occupied} isAnimationActive={false} />
        <Bar yAxisId="places" dataKey="uitstroom" name="Uitstroom" fill={COLORS.out} isAnimationActive={false} />
        {placementLine("viaCpwv", "Waarvan via CPWV", COLORS.cpwv, "flows-cpwv")}
        {placementLine("doorstroom", "Doorstroom", COLORS.through, "flows-doorstroom")}
        {placementLine("naarThuisnabijer", "Doorstroom naar thuisnabijer", COLORS.homeward, "flows-thuisnabijer")}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
