// One placement request with its reservations, and the steps a verwijzer or regisseur takes on it. Every answer of
// the server replaces the request in the query cache, so the stepper and the status always show what was committed.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { z } from "zod";
import type {
  AmbulantAlternative,
  CorrectRequest,
  explanatoryAnalysisSchema,
  PlacementRequest,
  Reservation,
} from "../../../../../shared/schemas/placements.js";
import { type LoadState, loadState } from "../../../lib/query-client.js";
import { queryKeys } from "../../../lib/query-keys.js";
import {
  addAmbulantAlternative,
  correctRequest,
  getRequest,
  listRequestReservations,
  setExplanatoryAnalysis,
  transitionRequest,
} from "../api/requests.js";

export interface RequestState extends LoadState {
  request: PlacementRequest | undefined;
  reservations: Reservation[];
  /** The actions throw an ApiError for the form that asked to show. */
  addAmbulant(alternative: AmbulantAlternative): Promise<void>;
  setAnalysis(analysis: z.input<typeof explanatoryAnalysisSchema>): Promise<void>;
  transition(to: "zoekend" | "ingetrokken"): Promise<void>;
  /** Corrects codes with the version the form opened on (a stale one: ApiError 409). */
  correct(body: CorrectRequest): Promise<void>;
  /** The request read again and shown; undefined when it could not be read. */
  refetchRequest(): Promise<PlacementRequest | undefined>;
}

interface Shown {
  request: PlacementRequest;
  reservations: Reservation[];
}

export function useRequest(id: number): RequestState {
  const queryClient = useQueryClient();
  // The server names this request when it changed (a reservation, the provider's answer, an expiry, a colleague's
  // step): app/push-invalidation.ts marks this key stale.
  const query = useQuery({
    queryKey: queryKeys.requests.detail(id),
    queryFn: async ({ signal }): Promise<Shown> => {
      const [request, held] = await Promise.all([getRequest(id, signal), listRequestReservations(id, signal)]);
      return { request, reservations: newestFirst(held) };
    },
  });
  const show = useCallback(
    (updated: PlacementRequest) =>
      queryClient.setQueryData<Shown>(queryKeys.requests.detail(id), (prev) => prev && { ...prev, request: updated }),
    [queryClient, id],
  );
  const { refetch } = query;

  const addAmbulant = useCallback(
    async (alternative: AmbulantAlternative) => void show(await addAmbulantAlternative(id, alternative)),
    [id, show],
  );
  const setAnalysis = useCallback(
    async (analysis: z.input<typeof explanatoryAnalysisSchema>) =>
      void show(await setExplanatoryAnalysis(id, analysis)),
    [id, show],
  );
  const transition = useCallback(
    async (to: "zoekend" | "ingetrokken") => {
      show(await transitionRequest(id, to));
      // Withdrawing releases an open reservation: its new status belongs on screen too.
      if (to === "ingetrokken") void refetch();
    },
    [id, show, refetch],
  );

  const correct = useCallback(async (body: CorrectRequest) => void show(await correctRequest(id, body)), [id, show]);
  const refetchRequest = useCallback(async () => {
    const fresh = await getRequest(id).catch(() => undefined);
    if (fresh) show(fresh);
    return fresh;
  }, [id, show]);

  return {
    ...loadState(query),
    request: query.data?.request,
    reservations: query.data?.reservations ?? [],
    addAmbulant,
    setAnalysis,
    transition,
    correct,
    refetchRequest,
  };
}

function newestFirst(reservations: Reservation[]): Reservation[] {
  return reservations.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
}
