// Validation messages in Dutch, for the server's 400 answers and the client's own checks alike. Imported once by each
// entry point (server/app.ts, client/src/main.tsx).
import { z } from "zod";

z.config(z.locales.nl());
