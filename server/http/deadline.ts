// A request that has not been answered within the deadline gets 503: when PostgreSQL goes silent (connections open,
// nothing comes back), postgres.js waits without a limit, and a hanging request helps nobody. The handler may still
// finish later; whatever it answers then is dropped here (an Idempotency-Key keeps it for the retry).
import type { NextFunction, Request, Response } from "express";
import type { Problem } from "../../shared/schemas/problem.js";

export const timedOut = (res: Response): boolean => res.locals.timedOut === true;

export function deadline(ms: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.locals.timedOut = true;
      req.log?.warn({ ms }, "request deadline passed");
      const problem: Problem = {
        type: "about:blank",
        title: "Tijdelijk niet beschikbaar",
        status: 503,
        detail: "De server kreeg niet op tijd antwoord van de database; probeer het zo opnieuw.",
        ...(typeof req.id === "string" ? { requestId: req.id } : {}),
      };
      res.status(503).set("Retry-After", "2").type("application/problem+json").json(problem);
    }, ms);
    res.on("close", () => clearTimeout(timer));
    const json = res.json.bind(res);
    // After the deadline answered, a late answer has nowhere to go (and must not throw "headers already sent").
    res.json = (value: unknown) => (timedOut(res) && res.headersSent ? res : json(value));
    next();
  };
}
