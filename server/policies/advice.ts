// The matchadvies of a request: whoever may read the request may read and print its advice (the regisseur; the
// verwijzer its own request). The map of the matches is the search itself: requests.match (placements.ts).
import { allow } from "./types.js";

export const advicePolicies = {
  "requests.advice": allow<{ createdBy: number }>({
    roles: ["verwijzer", "regisseur"],
    when: (actor, request) => actor.role === "regisseur" || (actor.kind === "user" && actor.id === request.createdBy),
  }),
};
