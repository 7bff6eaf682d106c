// One provider's tokens, and the secret of the token just made: held in memory only until the user dismisses it.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { ApiToken, CreatedToken } from "../../../../../shared/schemas/auth.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { createToken, listTokens, revokeToken } from "../api/tokens.js";

export function useProviderTokens(providerId: number) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.tokens(providerId),
    queryFn: ({ signal }) => listTokens(providerId, signal),
  });
  const [created, setCreated] = useState<CreatedToken | undefined>(undefined);
  const setTokens = (change: (tokens: ApiToken[]) => ApiToken[]) =>
    queryClient.setQueryData<ApiToken[]>(queryKeys.tokens(providerId), (prev) => change(prev ?? []));

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

  return {
    ...loadState(query),
    tokens: query.data ?? [],
    created,
    dismissCreated: () => setCreated(undefined),
    create,
    revoke,
  };
}
