// All accounts, and the beheerder's changes to them, kept in the list as the server answers them.
import { useCallback, useMemo } from "react";
import type { Account } from "../../../../../shared/schemas/auth.js";
import { useFetched } from "../../../hooks/use-fetched.js";
import {
  createAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetSecondFactor,
  updateAccount,
} from "../api/accounts.js";

export function useAccounts() {
  const { status, data: accounts, setData: setAccounts, error, reload } = useFetched(listAccounts, { initial: [] });

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

  return { status, accounts, error, reload, create, update, disable, enable, resetMfa };
}
