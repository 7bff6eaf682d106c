// Token management for one provider: how a planning system uses a token, making one, and the list with revoking.
import { LoadProblem } from "../../../components/load-problem.js";
import { useProviderTokens } from "../hooks/use-provider-tokens.js";
import { CreateTokenForm } from "./create-token-form.js";
import { CreatedToken } from "./created-token.js";
import { TokenTable } from "./token-table.js";
import { TokenUsage } from "./token-usage.js";
import "./tokens.css";

interface Props {
  providerId: number;
  providerName: string;
}

export function TokenManager({ providerId, providerName }: Props) {
  const tokens = useProviderTokens(providerId);
  return (
    <div className="tokens">
      <TokenUsage providerName={providerName} />
      {tokens.created ? (
        <CreatedToken token={tokens.created} onDismiss={tokens.dismissCreated} />
      ) : (
        <CreateTokenForm onCreate={tokens.create} />
      )}
      <section aria-labelledby="token-list-title">
        <h2 id="token-list-title">Tokens van {providerName}</h2>
        <LoadProblem
          status={tokens.status}
          error={tokens.error}
          onRetry={tokens.reload}
          loadFailed="De tokens konden niet worden geladen."
          refreshFailed="De tokens konden niet worden bijgewerkt."
        />
        {tokens.status === "loading" && <p className="loading">Tokens laden…</p>}
        {tokens.status === "ready" &&
          (tokens.tokens.length > 0 ? (
            <TokenTable tokens={tokens.tokens} onRevoke={tokens.revoke} />
          ) : (
            <p className="empty">Deze aanbieder heeft nog geen API-tokens.</p>
          ))}
      </section>
    </div>
  );
}
