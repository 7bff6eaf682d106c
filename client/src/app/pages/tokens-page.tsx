// API-tokens and webhooks: a provider's planning system passes on free places without anyone signing in, and hears of
// reservations without polling. An aanbieder manages its
// own provider's tokens, the beheerder those of any provider (server/policies/tokens.ts).
import { LoadProblem } from "../../components/load-problem.js";
import { ProviderPicker } from "../../components/provider-picker.js";
import { useCurrentUser } from "../../features/auth/hooks/use-session.js";
import { TokenManager } from "../../features/tokens/components/token-manager.js";
import { WebhookManager } from "../../features/webhooks/components/webhook-manager.js";
import { useProviderOptions } from "../../hooks/use-provider-options.js";
import { useProviderParam } from "../../hooks/use-provider-param.js";

export function TokensPage() {
  const user = useCurrentUser();
  const options = useProviderOptions();
  const [pickedId, selectProvider] = useProviderParam();
  const own = user.role === "aanbieder";
  const providerId = own ? (user.providerId ?? undefined) : pickedId;
  const provider = options.providers.find((p) => p.id === providerId);

  return (
    <section className="page">
      <title>API-tokens — Beschikbaarheidswijzer Twente</title>
      <div className="page__intro">
        <h1>API-tokens{provider && ` — ${provider.name}`}</h1>
        <p>Laat uw planningssysteem de vrije plekken zelf doorgeven, met een token per systeem.</p>
      </div>
      {own && providerId === undefined && (
        <p className="empty">Uw account is niet aan een aanbieder gekoppeld. Neem contact op met de beheerder.</p>
      )}
      {!own && (
        <>
          <LoadProblem
            status={options.status}
            error={options.error}
            onRetry={options.reload}
            loadFailed="De aanbieders konden niet worden geladen."
          />
          {options.status === "loading" && <p className="loading">Aanbieders laden…</p>}
          {options.status === "ready" && (
            <ProviderPicker providers={options.providers} providerId={pickedId} onSelect={selectProvider} />
          )}
        </>
      )}
      {/* An aanbieder's tokens do not wait for the name: the provider is known from the account. */}
      {providerId !== undefined && (own || provider) && (
        <>
          <TokenManager key={providerId} providerId={providerId} providerName={provider?.name ?? "uw organisatie"} />
          <WebhookManager key={`webhooks-${providerId}`} providerId={providerId} />
        </>
      )}
    </section>
  );
}
