// One provider's tokens, and the secret of the token just made: held in memory only until the user dismisses it.
import { useEffect, useState } from "react";
import type { CreatedToken } from "../../../../../shared/schemas/auth.js";
import { useFetched } from "../../../hooks/use-fetched.js";
import { createToken, listTokens, revokeToken } from "../api/tokens.js";

export function useProviderTokens(providerId: number) {
  const {
    status,
    data: tokens,
    setData: setTokens,
    error,
    reload,
  } = useFetched((signal) => listTokens(providerId, signal), { key: providerId, initial: [] });
  const [created, setCreated] = useState<CreatedToken | undefined>(undefined);

  // Another provider's secret must never stay on screen after switching.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the provider changing is the trigger.
  useEffect(() => setCreated(undefined), [providerId]);

  /** Throws an ApiError for the form to show. */
  async function create(name: string): Promise<void> {
    const token = await createToken(providerId, name);
    setCreated(token);
    const { token: _secret, ...listed } = token;
    setTokens((prev) => [...prev, listed]);
  }

  async function revoke(tokenId: number): Promise<void> {
    const revoked = await revokeToken(tokenId);
    setTokens((prev) => prev.map((t) => (t.id === revoked.id ? revoked : t)));
  }

  return { status, tokens, error, reload, created, dismissCreated: () => setCreated(undefined), create, revoke };
}
