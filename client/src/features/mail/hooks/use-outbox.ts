// The outbox as the page shows it: the current filter and page, reloaded after a retry.
import { useState } from "react";
import type { MailStatus } from "../../../../../shared/schemas/notifications.js";
import { useAction } from "../../../hooks/use-action.js";
import { useFetched } from "../../../hooks/use-fetched.js";
import { fetchOutbox, type OutboxFilter, retryMail } from "../api/outbox.js";

export function useOutbox() {
  // Kept in state as one object: a new filter or page is a new key, so it is fetched again.
  const [filter, setFilter] = useState<OutboxFilter>({});
  const fetched = useFetched((signal) => fetchOutbox(filter, signal), {
    key: filter,
    failure: "De uitgaande e-mails konden niet worden geladen.",
  });
  const retry = useAction(async (id: number) => {
    await retryMail(id);
    fetched.reload();
  }, "De e-mail kon niet opnieuw in de wachtrij worden gezet.");
  const items = fetched.data?.items ?? [];
  return {
    ...fetched,
    filter,
    retry,
    byStatus: (status: MailStatus | undefined) => setFilter(status ? { status } : {}),
    /** The next (older) page, when there is one. */
    older: fetched.data?.hasMore ? () => setFilter({ ...filter, before: items.at(-1)?.id }) : undefined,
    /** Back to the newest mails. */
    newest: filter.before ? () => setFilter({ status: filter.status }) : undefined,
  };
}
