// Accounts: the beheerder gives people access, with the role that decides what they see, and blocks it again.
import { LoadProblem } from "../../components/load-problem.js";
import { useProviderChoices } from "../../features/aanbod/hooks/use-provider-choices.js";
import { AccountManager } from "../../features/accounts/components/account-manager.js";
import { useCurrentUser } from "../../features/auth/hooks/use-session.js";

export function AccountsPage() {
  const user = useCurrentUser();
  // Every provider of the region, also one without locations yet: an account is linked to it before they are added.
  const options = useProviderChoices();
  return (
    <section className="page">
      <title>Accounts — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>Accounts</h1>
        <p>
          Wie met de wijzer werkt en in welke rol. Een aanbieder-account ziet en wijzigt alleen de locaties van zijn
          eigen aanbieder; met Wijzigen koppelt u het aan een (andere) aanbieder of geeft u het een andere rol. Een
          geblokkeerd account kan niet meer inloggen en een open sessie ervan werkt niet meer.
        </p>
      </div>
      {/* Without provider names the list still works; only the aanbieder picker needs them. */}
      <LoadProblem
        status={options.status}
        error={options.error}
        onRetry={options.reload}
        loadFailed="De aanbieders konden niet worden geladen."
      />
      <AccountManager providers={options.providers} currentUserId={user.id} />
    </section>
  );
}
