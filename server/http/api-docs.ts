// The API reference at /api/docs: Scalar's standalone bundle, served from node_modules by this server (nothing loads
// from outside: no web fonts, no telemetry; the page has no inline script, so the CSP stays script-src 'self').
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Express, Request, Response } from "express";

const require = createRequire(import.meta.url);
const bundle = join(dirname(require.resolve("@scalar/api-reference")), "browser/standalone.js");

const configuration = JSON.stringify({
  withDefaultFonts: false,
  hideClientButton: true,
  // The reference only: no hosted AI chat, no toolbar offering Scalar's services, no usage reporting.
  agent: { disabled: true },
  showToolbar: "never",
  showDeveloperTools: "never",
  telemetry: false,
  metaData: { title: "API Beschikbaarheidswijzer Twente" },
});

const page = `<!doctype html>
<html lang="nl">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>API Beschikbaarheidswijzer Twente</title>
  </head>
  <body>
    <script id="api-reference" data-url="/api/openapi.json" data-configuration='${configuration}'></script>
    <script src="/api/docs/scalar.js"></script>
  </body>
</html>
`;

export function mountApiDocs(app: Express) {
  app.get("/api/docs", (_req: Request, res: Response) => {
    res.type("html").send(page);
  });
  app.get("/api/docs/scalar.js", (_req: Request, res: Response) => {
    res.sendFile(bundle, { maxAge: "1d" });
  });
}
