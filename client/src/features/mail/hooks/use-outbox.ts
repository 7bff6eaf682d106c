// The outbox as the page shows it: the current filter and page, read again after a retry.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { MailStatus } from "../../../../../shared/schemas/notifications.js";
import { apiErrors, loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { fetchOutbox, type OutboxFilter, retryMail } from "../api/outbox.js";

export function useOutbox() {
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<OutboxFilter>({});
  const query = useQuery({
    queryKey: queryKeys.outbox(filter),
    queryFn: ({ signal }) => fetchOutbox(filter, signal),
    placeholderData: keepPreviousData,
  });
  const retry = useMutation({
    mutationFn: apiErrors(retryMail, "De e-mail kon niet opnieuw in de wachtrij worden gezet."),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.outbox(filter) }),
  });
  const items = query.data?.items ?? [];
  return {
    ...loadState(query, "De uitgaande e-mails konden niet worden geladen."),
    data: query.data,
    filter,
    retry,
    byStatus: (status: MailStatus | undefined) => setFilter(status ? { status } : {}),
    /** The next (older) page, when there is one. */
    older: query.data?.hasMore ? () => setFilter({ ...filter, before: items.at(-1)?.id }) : undefined,
    /** Back to the newest mails. */
    newest: filter.before ? () => setFilter({ status: filter.status }) : undefined,
  };
}
