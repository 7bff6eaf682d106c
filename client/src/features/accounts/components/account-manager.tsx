// Account management: the form to make an account beside the list of all accounts.
import { LoadProblem } from "../../../components/load-problem.js";
import type { ProviderOption } from "../../../lib/providers.js";
import { useAccounts } from "../hooks/use-accounts.js";
import { AccountTable } from "./account-table.js";
import { CreateAccountForm } from "./create-account-form.js";
import "./accounts.css";

interface Props {
  providers: ProviderOption[];
  currentUserId: number;
}

export function AccountManager({ providers, currentUserId }: Props) {
  const accounts = useAccounts();
  return (
    <div className="accounts">
      <CreateAccountForm providers={providers} onCreate={accounts.create} />
      <section aria-labelledby="account-list-title">
        <h2 id="account-list-title" className="sr-only">
          Alle accounts
        </h2>
        <LoadProblem
          status={accounts.status}
          error={accounts.error}
          onRetry={accounts.reload}
          loadFailed="De accounts konden niet worden geladen."
          refreshFailed="De accounts konden niet worden bijgewerkt."
        />
        {accounts.status === "loading" && <p className="loading">Accounts laden…</p>}
        {accounts.status === "ready" && (
          <AccountTable
            accounts={accounts.accounts}
            providers={providers}
            currentUserId={currentUserId}
            onUpdate={accounts.update}
            onDisable={accounts.disable}
            onEnable={accounts.enable}
            onResetMfa={accounts.resetMfa}
          />
        )}
      </section>
    </div>
  );
}
