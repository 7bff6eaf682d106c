// The matching score as SQL, so the database picks the best few of the ~2,000 locations a national request can fit
// and only those rows travel to the server. It is built from the constants of shared/rules/matching.ts and
// shared/geo.ts and only preselects: matchLocations ranks and explains the preselection itself, and the margin
// absorbs rounding differences between PostgreSQL's and JavaScript's floating point at the cut.
// tests/matching/ranking.test.ts pins it to matchLocations over every location.
import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { CARE_TYPES } from "../../../shared/domain.js";
import { pointOfPostcode } from "../../../shared/geo.js";
import { MAX_USEFUL_KM, type MatchRequest, WEIGHTS } from "../../../shared/rules/matching.js";
import { locations } from "../../db/schema.js";

/** Extra rows beyond the wanted number, so a near-tie at the cut never loses a location that belongs in the list. */
export const RANKING_MARGIN = 20;

/** Great-circle km from a point to each location, as shared/geo.ts distanceKm computes it (haversine). */
function distanceSql(p: { lat: number; lon: number }): SQL {
  const rad = Math.PI / 180;
  return sql`(2 * 6371 * asin(sqrt(
    power(sin((${locations.lat} - ${p.lat}::float8) * ${rad}::float8 / 2), 2)
    + cos(${p.lat}::float8 * ${rad}::float8) * cos(${locations.lat} * ${rad}::float8)
      * power(sin((${locations.lon} - ${p.lon}::float8) * ${rad}::float8 / 2), 2))))`;
}

/** A distance's share of its weight: full at 0 km, nothing beyond MAX_USEFUL_KM; 0 when the point is unknown. */
function nearnessSql(weight: number, distance: SQL | undefined): SQL {
  return distance ? sql`(${weight}::float8 * greatest(0, 1 - ${distance} / ${MAX_USEFUL_KM}::float8))` : sql`0::float8`;
}

/** JavaScript's Math.round(x * 10) / 10 (half up, also for negative scores). */
const roundSql = (x: SQL) => sql`(floor((${x}) * 10 + 0.5) / 10)`;

/** matchLocations' score of each location for this request, rounded as it rounds. */
export function scoreSql(request: MatchRequest): SQL {
  const needed = request.siblings + 1;
  const home = pointOfPostcode(request.homePostcode);
  const school = request.schoolPostcode ? pointOfPostcode(request.schoolPostcode) : undefined;
  const homeKm = home ? distanceSql(home) : undefined;
  const wanted = request.characteristics.filter((k) => k !== "broers-zussen");
  const careTypes = sql.raw(`ARRAY[${CARE_TYPES.map((c) => `'${c}'`).join(",")}]::text[]`);
  const zorgvorm = sql`(${WEIGHTS.zorgvorm}::float8 * (1 - (array_position(${careTypes}, ${locations.careType}) - 1)::float8 / ${CARE_TYPES.length - 1}::float8))`;
  const doelgroep =
    wanted.length === 0
      ? sql`${WEIGHTS.doelgroep}::float8`
      : sql`(${WEIGHTS.doelgroep}::float8 * (${hits(wanted, locations.targetGroups)})::float8 / ${wanted.length}::float8)`;
  const beschikbaarheid = sql`(case when ${locations.free} >= ${needed} then 0 else ${-WEIGHTS.nogNietVrij} end)::float8`;
  const contraIndicatie = sql`(${-WEIGHTS.contraIndicatie}::float8 * (${hits(request.characteristics, locations.contraIndications)})::float8)`;
  const score = sql`${zorgvorm} + ${nearnessSql(WEIGHTS.afstandThuis, homeKm)} + ${nearnessSql(WEIGHTS.afstandSchool, school ? distanceSql(school) : undefined)} + ${doelgroep} + ${beschikbaarheid} + ${contraIndicatie}`;
  return roundSql(score);
}

/** The ORDER BY of matchLocations: score, then distance to home, then id. */
export function rankingOrder(request: MatchRequest): SQL {
  const home = pointOfPostcode(request.homePostcode);
  return sql`${scoreSql(request)} desc, ${home ? roundSql(distanceSql(home)) : sql`0`} asc, ${locations.id} asc`;
}

/** How many of `codes` (repeats counted, as matchLocations counts them) the array column holds, without a subquery. */
function hits(codes: readonly string[], column: AnyColumn): SQL {
  if (codes.length === 0) return sql`0`;
  return sql.join(
    codes.map((code) => sql`(${code} = any(${column}))::int`),
    sql` + `,
  );
}
