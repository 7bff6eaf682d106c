// A provider's webhook endpoints: list (each with its newest delivery), register (the secret comes back once),
// replace the secret (shown once again), remove.
import { z } from "zod";
import {
  type CreateWebhookEndpoint,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "../../../../../shared/schemas/webhooks.js";
import { request } from "../../../lib/api.js";

export function listWebhooks(providerId: number, signal?: AbortSignal) {
  return request(`/api/providers/${providerId}/webhooks`, z.array(webhookEndpointSchema), signal ? { signal } : {});
}

export function createWebhook(providerId: number, body: CreateWebhookEndpoint) {
  return request(`/api/providers/${providerId}/webhooks`, webhookEndpointWithSecretSchema, { method: "POST", body });
}

export function rotateWebhookSecret(endpointId: number) {
  return request(`/api/webhooks/${endpointId}/rotate`, webhookEndpointWithSecretSchema, { method: "POST" });
}

export function deleteWebhook(endpointId: number) {
  return request(`/api/webhooks/${endpointId}`, webhookEndpointSchema, { method: "DELETE" });
}
