// Per kind of notification the user's role gets: by e-mail not at all, at once, or in one digest a day.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Role } from "../../../../../shared/domain.js";
import {
  DEFAULT_MAIL_DELIVERY,
  type MailDelivery,
  NOTIFICATION_KINDS_BY_ROLE,
  type NotificationKind,
} from "../../../../../shared/schemas/notifications.js";
import { apiErrors, loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import { fetchMailPreferences, saveMailPreferences } from "../api/notifications.js";

export type Choices = Partial<Record<NotificationKind, MailDelivery>>;

export function useMailPreferences(role: Role) {
  const kinds = NOTIFICATION_KINDS_BY_ROLE[role];
  const queryClient = useQueryClient();
  const saved = useQuery({
    queryKey: queryKeys.notifications.mailPreferences,
    queryFn: async ({ signal }) => toChoices((await fetchMailPreferences(signal)).preferences),
  });
  // What the form shows: the saved choices with the user's unsaved changes over them.
  const [edits, setEdits] = useState<Choices>({});
  const [savedNotice, setSavedNotice] = useState(false);

  const choiceOf = (kind: NotificationKind): MailDelivery => edits[kind] ?? saved.data?.[kind] ?? DEFAULT_MAIL_DELIVERY;

  const save = useMutation({
    mutationFn: apiErrors(
      () => saveMailPreferences({ preferences: kinds.map((kind) => ({ kind, delivery: choiceOf(kind) })) }),
      "De e-mailinstellingen konden niet worden opgeslagen.",
    ),
    onMutate: () => setSavedNotice(false),
    onSuccess: (answer) => {
      queryClient.setQueryData(queryKeys.notifications.mailPreferences, toChoices(answer.preferences));
      setEdits({});
      setSavedNotice(true);
    },
  });

  return {
    kinds,
    ...loadState(saved, "De e-mailinstellingen konden niet worden geladen."),
    choiceOf,
    choose(kind: NotificationKind, delivery: MailDelivery) {
      setSavedNotice(false);
      setEdits((prev) => ({ ...prev, [kind]: delivery }));
    },
    changed: Object.keys(edits).length > 0,
    save,
    savedNotice,
  };
}

function toChoices(preferences: readonly { kind: NotificationKind; delivery: MailDelivery }[]): Choices {
  return Object.fromEntries(preferences.map((p) => [p.kind, p.delivery]));
}
