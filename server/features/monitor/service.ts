// The beschikbaarheidsmonitor: one read of aggregates for a care type, gemeente and period. No personal data.
import { amsterdamToday } from "../../../shared/calendar.js";
import { DECLINE_REASONS } from "../../../shared/domain.js";
import {
  MONITOR_DEFAULT_MONTHS,
  MONITOR_MAX_DAYS,
  type Monitor,
  type MonitorQuery,
  type ProviderCompliance,
} from "../../../shared/schemas/monitor.js";
import type { Db } from "../../db/client.js";
import { ValidationFailed } from "../../http/errors.js";
import { placementWaits, stat } from "../placements/statistics.js";
import * as repo from "./repository.js";
import {
  flowsByMonth,
  monthStartBefore,
  monthsBetween,
  occupancyByWeek,
  perMonth,
  waitBuckets,
  weeksBetween,
} from "./series.js";

export interface MonitorDeps {
  db: Db;
  staleAfterHours: number;
}

/** The period asked for, with the defaults filled in; it never runs past today, since the log holds no future. */
export function resolvePeriod(query: MonitorQuery, now: Date): repo.Period {
  const today = amsterdamToday(now);
  const to = query.to && query.to < today ? query.to : today;
  const from = query.from ?? monthStartBefore(to, MONITOR_DEFAULT_MONTHS - 1);
  // The schema checks the length when both ends are given; with `to` defaulting to today it is checked here.
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MONITOR_MAX_DAYS)
    throw new ValidationFailed([{ field: "query.from", message: "periode is langer dan vijf jaar" }]);
  return { careType: query.careType, municipality: query.municipality, from, to };
}

export async function monitorReport(deps: MonitorDeps, query: MonitorQuery, now = new Date()): Promise<Monitor> {
  const period = resolvePeriod(query, now);
  // One snapshot: the series, the counts and the compliance table describe the same moment.
  const read = await deps.db.transaction(
    async (tx) => ({
      changes: await repo.dailyChanges(tx, period),
      cpwv: await repo.cpwvPlacementsByMonth(tx, period),
      transfers: await repo.transfersByMonth(tx, period),
      waits: await placementWaits(tx, {
        careType: period.careType,
        municipality: period.municipality,
        placedFrom: period.from,
        placedTo: period.to,
      }),
      declines: await repo.declinesByReason(tx, period),
      escalations: await repo.escalationsByMonth(tx, period),
      compliance: await repo.complianceNow(tx, period, new Date(now.getTime() - deps.staleAfterHours * 3_600_000)),
      staleTime: await repo.staleTime(tx, period, deps.staleAfterHours, now),
    }),
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );

  const empty = period.from > period.to;
  const weeks = empty ? [] : weeksBetween(period.from, period.to);
  const months = empty ? [] : monthsBetween(period.from, period.to);
  const days = read.waits.map((w) => w.days);
  const { placements, medianDays, p90Days } = stat(days);
  const declines = new Map(read.declines.map((d) => [d.reason, d.declines]));

  return {
    careType: period.careType ?? null,
    municipality: period.municipality ?? null,
    from: period.from,
    to: period.to,
    staleAfterHours: deps.staleAfterHours,
    occupancy: occupancyByWeek(read.changes, weeks),
    flows: flowsByMonth(read.changes, read.cpwv, read.transfers, months, period.from),
    waiting: { placements, medianDays, p90Days, buckets: waitBuckets(days) },
    declines: DECLINE_REASONS.map((reason) => ({ reason, declines: declines.get(reason) ?? 0 })),
    escalations: perMonth(read.escalations, months, "escalations"),
    compliance: complianceTable(read.compliance, read.staleTime),
  };
}

/** Worst first: most stale locations, then the lowest share in time, then by name. */
function complianceTable(
  now: Awaited<ReturnType<typeof repo.complianceNow>>,
  spans: Awaited<ReturnType<typeof repo.staleTime>>,
): ProviderCompliance[] {
  const byProvider = new Map(spans.map((s) => [s.providerId, s]));
  return now
    .map((row) => {
      const span = byProvider.get(row.providerId);
      const covered = span?.coveredSeconds ?? 0;
      const inTimeShare = covered > 0 ? Math.round((1 - (span?.staleSeconds ?? 0) / covered) * 1000) / 1000 : null;
      return { ...row, inTimeShare };
    })
    .sort(
      (a, b) =>
        b.stale - a.stale ||
        (a.inTimeShare ?? 1) - (b.inTimeShare ?? 1) ||
        a.providerName.localeCompare(b.providerName, "nl"),
    );
}
