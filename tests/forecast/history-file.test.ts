// Any history can be backtested (#23 item 1): the database's history exported as a file and the backtest run on it
// by the CLI, and a file that is wrong told field by field.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../server/db/seed/seed.js";
import { exportHistory } from "../../server/features/forecast/history-export.js";
import { HistoryFileError, parseHistoryFile } from "../../shared/rules/forecast-history-file.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const run = promisify(execFile);
const now = new Date("2026-03-16T10:30:00Z");
let database: TestDatabase;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase("pglite");
  await seedDemo(database.db, { now, seed: 42 });
  folder = await mkdtemp(path.join(os.tmpdir(), "history-"));
}, 120_000);
afterAll(async () => {
  await database?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

const backtest = (...args: string[]) =>
  run("npx", ["tsx", "server/features/forecast/backtest-cli.ts", ...args], { cwd: process.cwd() });

describe("forecast history file", () => {
  it("when the seeded database's history is exported and backtested, then the CLI prints the tables of that history", async () => {
    const text = await exportHistory(database.db);
    const { history, municipalities } = parseHistoryFile(JSON.parse(text));
    expect(history.locations.length).toBeGreaterThan(100);
    expect(history.events.length).toBeGreaterThan(1000);
    expect(history.planning.length).toBeGreaterThan(100);
    expect(municipalities.size).toBe(history.locations.length);
    const file = path.join(folder, "history.json");
    await writeFile(file, text);

    const { stdout } = await backtest("--history", file, "--span", "8");

    expect(stdout).toContain(`History file ${file}: ${history.locations.length} locations`);
    expect(stdout).toMatch(/\| alle \| 4 \| \d+ \|/);
    expect(stdout).toContain("MAE combination");
  }, 120_000);

  it("when a file of today's shape lacks the later fields, then it still reads, with their defaults", () => {
    const parsed = parseHistoryFile({
      locations: [{ id: 1, careType: "residentieel", createdAt: "2025-01-01T00:00:00Z" }],
      events: [
        { locationId: 1, at: "2025-01-02T00:00:00Z", capacity: 8, occupied: 7 },
        { locationId: 1, at: "2025-01-01T00:00:00Z", capacity: 8, occupied: 8, extra: "ignored" },
      ],
    });
    expect(parsed.history.locations[0]?.crisis).toBe(false);
    // Put in time order, with reserved 0 where the file has none.
    expect(parsed.history.events.map((e) => [e.occupied, e.reserved])).toEqual([
      [8, 0],
      [7, 0],
    ]);
    expect(parsed.history.planning).toEqual([]);
  });

  it("when a field is wrong, then the error names it", async () => {
    const bad = () =>
      parseHistoryFile({
        locations: [{ id: 1, careType: "kasteel", createdAt: "gisteren" }],
        events: [{ locationId: 2, at: "2025-01-02T00:00:00Z", capacity: -1, occupied: 0 }],
      });
    expect(bad).toThrow(HistoryFileError);
    const message = (() => {
      try {
        bad();
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain("locations[0].careType");
    expect(message).toContain("locations[0].createdAt");
    expect(message).toContain("events[0].capacity");

    const file = path.join(folder, "bad.json");
    await writeFile(file, JSON.stringify({ locations: [], events: [{ locationId: 3 }] }));
    const failed = await backtest("--history", file).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain("events[0].at");
  }, 60_000);
});
