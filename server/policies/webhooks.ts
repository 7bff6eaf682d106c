// Webhooks: an aanbieder manages its own provider's endpoints, the beheerder any. A provider's API token may read them
// (its planning system watching its deliveries) and rotate a secret, but not add or remove an endpoint: a leaked token
// must not send the provider's events to an address of its choosing.
import { allow } from "./types.js";

const ownProvider = (actor: { role: string; providerId: number | null }, resource: { providerId: number }) =>
  actor.role === "beheerder" || actor.providerId === resource.providerId;

export const webhookPolicies = {
  "webhooks.read": allow<{ providerId: number }>({
    roles: ["aanbieder", "beheerder"],
    tokens: true,
    when: ownProvider,
  }),
  "webhooks.manage": allow<{ providerId: number }>({ roles: ["aanbieder", "beheerder"], when: ownProvider }),
  "webhooks.rotate": allow<{ providerId: number }>({
    roles: ["aanbieder", "beheerder"],
    tokens: true,
    when: ownProvider,
  }),
};
