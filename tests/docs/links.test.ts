// README is the front door: every relative link in it and in docs/ leads to a file that exists, and CI runs exactly
// the test command README gives, so the two cannot drift apart.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const pages = [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** Markdown links `[text](target)` whose target is a path in the repository (no scheme, no pure anchor). */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? "")
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith("#"))
    .map((target) => target.split("#")[0] ?? "");
}

describe("documentation", () => {
  it.each(pages)("every relative link in %s resolves to a file", (page) => {
    const text = readFileSync(join(ROOT, page), "utf8");
    const missing = relativeLinks(text).filter((target) => !existsSync(join(ROOT, dirname(page), target)));
    expect(missing).toEqual([]);
  });

  it("README links each page of docs/", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const linked = new Set(relativeLinks(readme));
    const unlinked = pages.filter((p) => p !== "README.md" && !linked.has(p));
    expect(unlinked).toEqual([]);
  });

  it("CI runs the test command README gives", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const command = /Run the whole test suite[\s\S]*?```sh\n([^\n]+)\n```/.exec(readme)?.[1];
    expect(command).toBe("npm ci && npm test");
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    expect(ci.split("\n").filter((line) => !line.startsWith("#"))).toContain(command);
  });
});
