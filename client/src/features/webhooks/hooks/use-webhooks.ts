// One provider's webhook endpoints, and the secret just made or replaced: held in memory only until dismissed.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type {
  CreateWebhookEndpoint,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from "../../../../../shared/schemas/webhooks.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { createWebhook, deleteWebhook, listWebhooks, rotateWebhookSecret } from "../api/webhooks.js";

export function useWebhooks(providerId: number) {
  const queryClient = useQueryClient();
  const key = queryKeys.webhooks(providerId);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => listWebhooks(providerId, signal) });
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | undefined>(undefined);
  const setEndpoints = (change: (endpoints: WebhookEndpoint[]) => WebhookEndpoint[]) =>
    queryClient.setQueryData<WebhookEndpoint[]>(key, (prev) => change(prev ?? []));

  // Another provider's secret must never stay on screen after switching.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the provider changing is the trigger.
  useEffect(() => setSecret(undefined), [providerId]);

  function shown({ secret: _secret, ...endpoint }: WebhookEndpointWithSecret): WebhookEndpoint {
    return endpoint;
  }

  /** Each throws an ApiError for the form or button to show. */
  async function create(body: CreateWebhookEndpoint): Promise<void> {
    const made = await createWebhook(providerId, body);
    setSecret(made);
    setEndpoints((prev) => [...prev, shown(made)]);
  }

  async function rotate(endpointId: number): Promise<void> {
    const rotated = await rotateWebhookSecret(endpointId);
    setSecret(rotated);
    setEndpoints((prev) => prev.map((e) => (e.id === rotated.id ? shown(rotated) : e)));
  }

  async function remove(endpointId: number): Promise<void> {
    await deleteWebhook(endpointId);
    setEndpoints((prev) => prev.filter((e) => e.id !== endpointId));
  }

  return {
    ...loadState(query),
    endpoints: query.data ?? [],
    secret,
    dismissSecret: () => setSecret(undefined),
    create,
    rotate,
    remove,
  };
}
