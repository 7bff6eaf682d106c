// The real app in its own process for the live bench: fresh database (in-memory PGlite, or a throwaway database on
// PostgreSQL when BENCH_DATABASE_URL is set), a realistic set of locations, createApp with a silent logger, port 0.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { createApp } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { type Database, type Db, openDatabase } from "../server/db/client.js";
import { locations, providers, users } from "../server/db/schema.js";
import { hashPassword } from "../server/features/auth/passwords.js";
import { CARE_TYPES, type CareType, MUNICIPALITIES } from "../shared/domain.js";
import { createScratchDatabase } from "../tests/support/database.js";
import { signIn } from "./api.js";
import { failFatally, measureUsage, sendReady, serveParent } from "./ipc.js";
import { PROVIDER_KIND } from "./match-data.js";

/** Places per location by care type: foster families are small, residential groups larger. */
const PLACES: Record<CareType, [number, number]> = {
  pleegzorg: [1, 3],
  gezinshuis: [3, 6],
  "kleinschalig-wonen": [4, 8],
  residentieel: [8, 16],
  driemilieu: [8, 12],
  jeugdzorgplus: [6, 12],
};

/** Deterministic pseudo-random numbers, so every run benches the same region. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Inserts `count` locations spread over care types and the 14 municipalities; each has at least one free place. */
async function seed(db: Db, count: number): Promise<number[]> {
  const random = rng(20_251_123);
  const providerIds = new Map<CareType, number[]>();
  for (const careType of CARE_TYPES) {
    const rows = await db
      .insert(providers)
      .values(
        Array.from({ length: 8 }, (_, i) => ({ name: `Bench ${careType} ${i + 1}`, kind: PROVIDER_KIND[careType] })),
      )
      .returning({ id: providers.id });
    providerIds.set(
      careType,
      rows.map((r) => r.id),
    );
  }
  const values = Array.from({ length: count }, (_, i) => {
    const careType = CARE_TYPES[i % CARE_TYPES.length] as CareType;
    const municipality = MUNICIPALITIES[Math.floor(random() * MUNICIPALITIES.length)] ?? MUNICIPALITIES[0];
    const [min, max] = PLACES[careType];
    const capacity = min + Math.floor(random() * (max - min + 1));
    const reserved = capacity > 4 && random() < 0.2 ? 1 : 0;
    const occupied = Math.floor(random() * (capacity - reserved));
    const ids = providerIds.get(careType) ?? [];
    const ageMin = [0, 4, 8, 12][Math.floor(random() * 4)] ?? 12;
    return {
      providerId: ids[i % ids.length] as number,
      name: `${municipality.name} ${careType} ${i + 1}`,
      careType,
      municipality: municipality.name,
      lat: municipality.lat + (random() - 0.5) * 0.04,
      lon: municipality.lon + (random() - 0.5) * 0.06,
      ageMin,
      ageMax: Math.min(23, ageMin + 6 + Math.floor(random() * 6)),
      crisis: random() < 0.1,
      treatment: careType !== "pleegzorg" && random() < 0.4,
      capacity,
      occupied,
      reserved,
    };
  });
  const rows = await db.insert(locations).values(values).returning({ id: locations.id });
  return rows.map((r) => r.id);
}

/** A fresh database: in-memory PGlite, or a new database on the PostgreSQL server, dropped again on close. */
function openFresh(adminUrl: string | undefined): Promise<Database> {
  return adminUrl ? createScratchDatabase(adminUrl, "tw_bench") : openDatabase({});
}

/** The writer and the clients act as one signed-in beheerder: cookie for both, CSRF token for the writes. */
async function signInAsBeheerder(db: Db, port: number): Promise<Record<string, string>> {
  const password = randomBytes(16).toString("hex");
  const email = "bench@bench.twente.nl";
  await db
    .insert(users)
    .values({ email, name: "Bench", role: "beheerder", passwordHash: await hashPassword(password) });
  return signIn(`http://127.0.0.1:${port}`, email, password);
}

async function main() {
  const database = await openFresh(process.env.BENCH_DATABASE_URL || undefined);
  const locationIds = await seed(database.db, Number(process.env.BENCH_LOCATIONS ?? 300));
  const app = createApp({
    database,
    logger: pino({ level: "silent" }),
    config: loadConfig({}),
    clientDir: "/nonexistent",
  });
  await new Promise<void>((resolve) => app.httpServer.listen(0, "127.0.0.1", resolve));
  serveParent({
    usage: ({ gc }) => measureUsage(gc),
    emit: () => {
      throw new Error("the app server takes its updates over HTTP");
    },
    stop: async () => {
      await app.close();
      await database.close();
      setTimeout(() => process.exit(0), 100);
    },
  });
  const port = (app.httpServer.address() as AddressInfo).port;
  sendReady(port, locationIds, await signInAsBeheerder(database.db, port));
}

main().catch(failFatally);
