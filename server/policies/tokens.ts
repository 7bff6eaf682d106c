// Provider API tokens: an aanbieder manages its own provider's tokens, the beheerder any; a token cannot make tokens.
import { allow } from "./types.js";

export const tokenPolicies = {
  "tokens.manage": allow<{ providerId: number }>({
    roles: ["aanbieder", "beheerder"],
    when: (actor, provider) => actor.role === "beheerder" || actor.providerId === provider.providerId,
  }),
};
