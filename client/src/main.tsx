// Entry point. The base styles load first so that feature stylesheets, imported by their components, build on them.
import "./app/styles.css";
import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import "../../shared/schemas/locale.js";
import { App } from "./app/app.js";
import { SessionProvider } from "./features/auth/components/session-provider.js";
import { createQueryClient } from "./lib/query-client.js";

const root = document.getElementById("root");
if (!root) throw new Error("index.html mist het element #root");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
