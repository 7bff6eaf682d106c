// The beschikbaarheidsmonitor: one read of aggregates for a care type, gemeente and period. No personal data.
import { amsterdamToday } from "../../../shared/calendar.js";
import {
  CRISIS_PLACE_REASONS,
  DECLINE_REASONS,
  HOME_LIKE_EXCEPTION_REASONS,
  type Municipality,
} from "../../../shared/domain.js";
import { type Cell, inFilter, movementsVisible, publishCells } from "../../../shared/rules/small-cells.js";
import {
  type CrisisForRegular,
  type HomeLike,
  MONITOR_DEFAULT_MONTHS,
  MONITOR_MAX_DAYS,
  type Monitor,
  type MonitorMovementFigure,
  type MonitorQuery,
  type ProviderCompliance,
} from "../../../shared/schemas/monitor.js";
import type { Db } from "../../db/client.js";
import { ValidationFailed } from "../../http/errors.js";
import { type Actor, can } from "../../policies/policy.js";
import { locationCells, placementWaits, stat } from "../placements/statistics.js";
import { freshnessEffectRead } from "./freshness-effect.js";
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
import { openRequests, stillWaiting } from "./still-waiting.js";

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

/**
 * The report for the filter and period. A reader who may not see locations (policy movements.detail) gets no movement
 * figure over a small cell (withholdSmallCells); without a reader (the server itself) every figure.
 */
export async function monitorReport(
  deps: MonitorDeps,
  query: MonitorQuery,
  now = new Date(),
  reader?: Actor,
): Promise<Monitor> {
  const period = resolvePeriod(query, now);
  // One snapshot: the series, the counts and the compliance table describe the same moment.
  const read = await deps.db.transaction(
    async (tx) => ({
      changes: await repo.dailyChanges(tx, period),
      cpwv: await repo.cpwvPlacementsByMonth(tx, period),
      transfers: await repo.transfersByMonth(tx, period),
      waits: await placementWaits(tx, {
        careType: period.careType,
        // Requests live in Twente: "buiten de regio" (a location filter) matches none of them, which is right.
        municipality: period.municipality as Municipality | undefined,
        placedFrom: period.from,
        placedTo: period.to,
      }),
      declines: await repo.declinesByReason(tx, period),
      homeLike: await repo.placementsByHomeLikeReason(tx, period),
      crisisForRegular: await repo.crisisPlacesForRegular(tx, period),
      escalations: await repo.escalationsByMonth(tx, period),
      compliance: await repo.complianceNow(tx, period, new Date(now.getTime() - deps.staleAfterHours * 3_600_000)),
      staleTime: await repo.staleTime(tx, period, deps.staleAfterHours, now),
      freshness: await freshnessEffectRead(tx, period, deps.staleAfterHours, now),
      cells: await locationCells(tx),
      open: await openRequests(tx, period),
    }),
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );

  const empty = period.from > period.to;
  const weeks = empty ? [] : weeksBetween(period.from, period.to);
  const months = empty ? [] : monthsBetween(period.from, period.to);
  const days = read.waits.map((w) => w.days);
  const { placements, medianDays, p90Days } = stat(days);
  const declines = new Map(read.declines.map((d) => [d.reason, d.declines]));
  const detail = !reader || can(reader, "movements.detail");

  const report: Monitor = {
    careType: period.careType ?? null,
    municipality: period.municipality ?? null,
    from: period.from,
    to: period.to,
    staleAfterHours: deps.staleAfterHours,
    locations: read.cells.filter((c) => inFilter(c, period)).reduce((n, c) => n + c.locations, 0),
    suppressed: [],
    occupancy: occupancyByWeek(read.changes, weeks),
    flows: flowsByMonth(read.changes, read.cpwv, read.transfers, months, period.from),
    waiting: { placements, medianDays, p90Days, buckets: waitBuckets(days) },
    declines: DECLINE_REASONS.map((reason) => ({ reason, declines: declines.get(reason) ?? 0 })),
    homeLike: homeLikeFigure(read.homeLike),
    crisisForRegular: crisisForRegularFigure(read.crisisForRegular),
    stillWaiting: stillWaiting(read.open, period, now, detail ? undefined : publishCells(read.cells)),
    escalations: perMonth(read.escalations, months, "escalations"),
    compliance: complianceTable(read.compliance, read.staleTime),
    freshness: read.freshness,
  };
  return detail ? report : withholdSmallCells(report, read.cells);
}

/**
 * Movement figures only where they describe whole cells of the small-cells partition (shared/rules/small-cells.ts).
 * In- and uitstroom count the places of the filter (care type and gemeente of the location); doorstroom, waits and
 * declines the places of the care type taken by youths of the gemeente, so only the care type narrows the locations.
 */
function withholdSmallCells(report: Monitor, cells: readonly Cell[]): Monitor {
  const published = publishCells(cells);
  const places = movementsVisible(published, { careType: report.careType, municipality: report.municipality });
  const requests = movementsVisible(published, { careType: report.careType });
  const suppressed: { figure: MonitorMovementFigure; note: string }[] = [];
  const hide = (figure: MonitorMovementFigure, visibility: typeof places) => {
    if (!visibility.visible) suppressed.push({ figure, note: visibility.note });
    return !visibility.visible;
  };
  const hidePlaces = hide("instroom-uitstroom", places);
  const hideRequests = hide("doorstroom", requests);
  hide("wachttijd", requests);
  hide("weigeringen", requests);
  const hideHomeLike = hide("thuisnabij", requests);
  const hideCrisis = hide("crisis-regulier", requests);
  // Open requests of a care type over too few locations; per care type the rows are withheld apart (still-waiting.ts).
  const hideWaiting = hide("nog-wachtend", requests);
  return {
    ...report,
    suppressed,
    flows: report.flows.map((f) => ({
      ...f,
      ...(hidePlaces ? { instroom: null, uitstroom: null, viaCpwv: null } : {}),
      ...(hideRequests ? { doorstroom: null, naarThuisnabijer: null } : {}),
    })),
    waiting: hideRequests ? null : report.waiting,
    declines: hideRequests ? null : report.declines,
    homeLike: hideHomeLike ? null : report.homeLike,
    crisisForRegular: hideCrisis ? null : report.crisisForRegular,
    stillWaiting: hideWaiting ? null : report.stillWaiting,
  };
}

/** The share placed in the most home-like fitting care type, and the reasons given for the others. */
function homeLikeFigure(rows: Awaited<ReturnType<typeof repo.placementsByHomeLikeReason>>): HomeLike {
  const byReason = new Map(rows.map((r) => [r.reason, r.placements]));
  const placements = rows.reduce((n, r) => n + r.placements, 0);
  const mostHomeLike = byReason.get(null) ?? 0;
  return {
    placements,
    mostHomeLike,
    share: placements > 0 ? Math.round((mostHomeLike / placements) * 1000) / 1000 : null,
    reasons: HOME_LIKE_EXCEPTION_REASONS.map((reason) => ({ reason, placements: byReason.get(reason) ?? 0 })),
  };
}

/** Crisis places taken by regular requests: in total and per reason, with the placements among them. */
function crisisForRegularFigure(rows: Awaited<ReturnType<typeof repo.crisisPlacesForRegular>>): CrisisForRegular {
  const sum = (of: typeof rows) => ({
    reservations: of.reduce((n, r) => n + r.reservations, 0),
    placed: of.reduce((n, r) => n + (r.placed ? r.reservations : 0), 0),
  });
  return {
    ...sum(rows),
    reasons: CRISIS_PLACE_REASONS.map((reason) => ({ reason, ...sum(rows.filter((r) => r.reason === reason)) })),
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
