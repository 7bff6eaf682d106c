// All accounts, and the beheerder's changes to them, put in the cached list as the server answers them.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { Account } from "../../../../../shared/schemas/auth.js";
import { loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import {
  createAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetSecondFactor,
  updateAccount,
} from "../api/accounts.js";

export function useAccounts() {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: queryKeys.accounts, queryFn: ({ signal }) => listAccounts(signal) });
  const setAccounts = useCallback(
    (change: (accounts: Account[]) => Account[]) =>
      queryClient.setQueryData<Account[]>(queryKeys.accounts, (prev) => change(prev ?? [])),
    [queryClient],
  );

  /** Throws an ApiError for the form to show. */
  const create = useCallback(
    async (body: Parameters<typeof createAccount>[0]) => {
      const account = await createAccount(body);
      setAccounts((prev) => [...prev, account]);
      return account;
    },
    [setAccounts],
  );

  const update = useCallback(
    async (accountId: number, body: Parameters<typeof updateAccount>[1]) => {
      const account = await updateAccount(accountId, body);
      setAccounts((prev) => prev.map((a) => (a.id === account.id ? account : a)));
    },
    [setAccounts],
  );

  /** A change that answers with the account: it takes the account's place in the list. */
  const replacing = useCallback(
    (change: (accountId: number) => Promise<Account>) => async (accountId: number) => {
      const account = await change(accountId);
      setAccounts((prev) => prev.map((a) => (a.id === account.id ? account : a)));
    },
    [setAccounts],
  );
  const disable = useMemo(() => replacing(disableAccount), [replacing]);
  const enable = useMemo(() => replacing(enableAccount), [replacing]);
  const resetMfa = useMemo(() => replacing(resetSecondFactor), [replacing]);

  return { ...loadState(query), accounts: query.data ?? [], create, update, disable, enable, resetMfa };
}
