// The served OpenAPI document is what an integrator generates a client from: Redocly's recommended rules report no
// error and no warning, Spectral's oas rules nothing at all, and every operation has an id, a declared tag and a
// security requirement (none only for the routes one uses before signing in).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startTestServer, type TestServer } from "../support/server.js";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
const bin = (name: string) => join(ROOT, "node_modules/.bin", name);

interface Operation {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
}
interface Document {
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
}

describe("the OpenAPI document", () => {
  let server: TestServer;
  let dir: string;
  let file: string;
  let doc: Document;

  beforeAll(async () => {
    server = await startTestServer("pglite");
    doc = (await api<Document>(server.url, "/api/openapi.json")).body;
    dir = mkdtempSync(join(tmpdir(), "openapi-"));
    file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(doc));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives every operation a unique id, a declared tag and a security requirement", () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ at: `${method} ${path}`, ...op })),
    );
    const declared = new Set(doc.tags.map((t) => t.name));
    expect(operations.filter((op) => !op.operationId).map((op) => op.at)).toEqual([]);
    expect(new Set(operations.map((op) => op.operationId)).size).toBe(operations.length);
    expect(operations.filter((op) => !op.tags?.every((t) => declared.has(t))).map((op) => op.at)).toEqual([]);
    expect(operations.filter((op) => op.security === undefined).map((op) => op.at)).toEqual([]);
    // Signing in is open to all; reading a location is not.
    expect(doc.paths["/api/auth/login"]?.post?.security).toEqual([]);
    expect(doc.paths["/api/locations/{id}"]?.get?.security).toEqual([{ sessionCookie: [] }, { providerToken: [] }]);
  });

  it("passes Redocly's recommended rules without an error or a warning", async () => {
    const { stdout } = await run(
      bin("redocly"),
      ["lint", "--extends", "recommended", "--format", "json", "--max-problems", "1000", file],
      { cwd: dir },
    ).catch((err: { stdout: string }) => err);
    const problems = (JSON.parse(stdout) as { problems: { ruleId: string; message: string }[] }).problems;
    expect(problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
  }, 60_000);

  it("passes Spectral's oas rules without a finding", async () => {
    const { stdout } = await run(bin("spectral"), ["lint", "-r", join(ROOT, ".spectral.yaml"), "-f", "json", file], {
      cwd: dir,
    }).catch((err: { stdout: string }) => err);
    const findings = JSON.parse(stdout.slice(0, stdout.lastIndexOf("]") + 1)) as { code: string; message: string }[];
    expect(findings.map((f) => `${f.code}: ${f.message}`)).toEqual([]);
  }, 60_000);
});
