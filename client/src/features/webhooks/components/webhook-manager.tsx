// A provider's webhooks: where its planning system hears of reservations and stale numbers without polling. Each
// endpoint shows its newest delivery, so a failing receiver is seen here first. docs/webhooks.md has the protocol.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import {
  WEBHOOK_EVENT_KINDS,
  type WebhookEndpoint,
  type WebhookEventKind,
} from "../../../../../shared/schemas/webhooks.js";
import { ConfirmButtons } from "../../../components/confirm-buttons.js";
import { DataTable } from "../../../components/data-table.js";
import { LoadProblem } from "../../../components/load-problem.js";
import { useConfirmedMutation } from "../../../hooks/use-confirmed-mutation.js";
import { errorText } from "../../../lib/api.js";
import { formatDateTime } from "../../../lib/format.js";
import { apiErrors } from "../../../lib/query-client.js";
import { useWebhooks } from "../hooks/use-webhooks.js";

const KIND_LABELS: Record<WebhookEventKind, string> = {
  "reservering.gemaakt": "Reservering gemaakt",
  "reservering.geaccepteerd": "Reservering geaccepteerd",
  "reservering.geweigerd": "Reservering geweigerd",
  "reservering.ingetrokken": "Reservering ingetrokken",
  "reservering.vervallen": "Reservering vervallen",
  "reservering.verloopt": "Reservering verloopt bijna",
  "reservering.verlopen": "Reservering verlopen",
  "cijfers.verouderen": "Cijfers bijna verouderd",
};

const STATUS_LABELS = { wachtend: "Wacht op (nieuwe) poging", afgeleverd: "Afgeleverd", mislukt: "Mislukt" } as const;

export function WebhookManager({ providerId }: { providerId: number }) {
  const hooks = useWebhooks(providerId);
  return (
    <section className="webhooks" aria-labelledby="webhooks-title" data-testid="webhooks">
      <h2 id="webhooks-title">Webhooks</h2>
      <p>
        Laat uw planningssysteem direct horen van reserveringen en verouderende cijfers. Elke melding is ondertekend
        (HMAC-SHA256 over tijdstip en inhoud) en wordt opnieuw verstuurd tot uw systeem hem aanneemt.
      </p>
      {hooks.secret ? (
        <section className="token-created" role="alert" aria-labelledby="webhook-secret-title">
          <h3 id="webhook-secret-title">Ondertekengeheim voor {hooks.secret.url}</h3>
          <p className="token-created__warning">
            <strong>Kopieer het geheim nu.</strong> Het wordt hierna nooit meer getoond.
          </p>
          <input data-testid="webhook-secret" type="text" readOnly value={hooks.secret.secret} spellCheck={false} />
          <button type="button" onClick={hooks.dismissSecret}>
            Ik heb het geheim bewaard
          </button>
        </section>
      ) : (
        <CreateWebhookForm onCreate={hooks.create} />
      )}
      <LoadProblem
        status={hooks.status}
        error={hooks.error}
        onRetry={hooks.reload}
        loadFailed="De webhooks konden niet worden geladen."
        refreshFailed="De webhooks konden niet worden bijgewerkt."
      />
      {hooks.status === "loading" && <p className="loading">Webhooks laden…</p>}
      {hooks.status === "ready" &&
        (hooks.endpoints.length > 0 ? (
          <DataTable columns={["Adres", "Gebeurtenissen", "Laatste aflevering", ""]}>
            {hooks.endpoints.map((e) => (
              <WebhookRow key={e.id} endpoint={e} onRotate={hooks.rotate} onRemove={hooks.remove} />
            ))}
          </DataTable>
        ) : (
          <p className="empty">Nog geen webhooks.</p>
        ))}
    </section>
  );
}

function lastDeliveryText(endpoint: WebhookEndpoint): string {
  const last = endpoint.lastDelivery;
  if (!last) return "Nog niets verstuurd";
  const code = last.lastStatusCode === null ? "" : `, HTTP ${last.lastStatusCode}`;
  return `${STATUS_LABELS[last.status]} (${KIND_LABELS[last.kind]}, ${formatDateTime(last.createdAt)}, ${last.attempts} poging(en)${code})`;
}

interface RowProps {
  endpoint: WebhookEndpoint;
  onRotate(id: number): Promise<void>;
  onRemove(id: number): Promise<void>;
}

function WebhookRow({ endpoint: e, onRotate, onRemove }: RowProps) {
  // Both cannot be undone: the old secret stops working at once, a removed endpoint hears nothing more.
  const rotate = useConfirmedMutation(() => onRotate(e.id));
  const remove = useConfirmedMutation(() => onRemove(e.id));
  return (
    <tr data-testid={`webhook-${e.id}`}>
      <th scope="row">
        <code>{e.url}</code>
        {e.description && <div>{e.description}</div>}
      </th>
      <td>{e.events.map((k) => KIND_LABELS[k]).join(", ")}</td>
      <td data-testid={`webhook-last-${e.id}`}>{lastDeliveryText(e)}</td>
      <td>
        <span className="row-actions">
          {rotate.confirming ? (
            <ConfirmButtons action={rotate} label="Ja, nieuw geheim" />
          ) : remove.confirming ? (
            <ConfirmButtons action={remove} label="Ja, verwijderen" />
          ) : (
            <>
              <button type="button" onClick={rotate.ask}>
                Nieuw geheim
              </button>
              <button type="button" onClick={remove.ask}>
                Verwijderen
              </button>
            </>
          )}
        </span>
        {(rotate.error ?? remove.error) && (
          <p className="message message--error">{(rotate.error ?? remove.error)?.detail}</p>
        )}
      </td>
    </tr>
  );
}

function CreateWebhookForm({
  onCreate,
}: {
  onCreate(body: { url: string; events: WebhookEventKind[] }): Promise<void>;
}) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventKind[]>(["reservering.gemaakt"]);
  const create = useMutation({
    mutationFn: apiErrors(async () => {
      await onCreate({ url: url.trim(), events });
      setUrl("");
    }),
  });
  const toggle = (kind: WebhookEventKind) =>
    setEvents((prev) => (prev.includes(kind) ? prev.filter((k) => k !== kind) : [...prev, kind]));

  return (
    <form
      className="webhook-create"
      noValidate
      onSubmit={(ev) => {
        ev.preventDefault();
        create.mutate();
      }}
    >
      <div className="field field--grow">
        <label htmlFor="webhook-url">Adres van uw systeem (https)</label>
        <input
          id="webhook-url"
          data-testid="webhook-url"
          type="url"
          value={url}
          placeholder="https://planning.example.nl/webhooks/wijzer"
          onChange={(ev) => setUrl(ev.target.value)}
        />
      </div>
      <fieldset>
        <legend>Gebeurtenissen</legend>
        {WEBHOOK_EVENT_KINDS.map((kind) => (
          <label key={kind}>
            <input type="checkbox" checked={events.includes(kind)} onChange={() => toggle(kind)} /> {KIND_LABELS[kind]}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button--primary" disabled={create.isPending}>
        Webhook toevoegen
      </button>
      {create.error && (
        <p className="message message--error" role="alert">
          {errorText(create.error)}
        </p>
      )}
    </form>
  );
}
