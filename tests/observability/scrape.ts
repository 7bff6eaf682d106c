// Reads the Prometheus text format the way a scraper does: by metric name and labels.

export async function scrape(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}: ${await res.text()}`);
  return res.text();
}

export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseSeries(text: string): Series[] {
  const series: Series[] = [];
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    series.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return series;
}

/**
 * The sum of a metric's series that carry the given labels. A declared metric without samples counts 0; a metric the
 * text does not declare at all fails, so a renamed or missing metric cannot pass as "zero".
 */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const family = name.replace(/_(bucket|count|sum|total)$/, "");
  if (!text.includes(`# TYPE ${name} `) && !text.includes(`# TYPE ${family} `)) {
    throw new Error(`metric ${name} is not exposed`);
  }
  return parseSeries(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
