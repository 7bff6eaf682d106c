// The provider a beheerder picked, kept in the URL (?aanbieder=) so a reload or a shared link keeps it.
import { useCallback, useState } from "react";

const PARAM = "aanbieder";

function providerFromUrl(): number | undefined {
  const value = Number(new URLSearchParams(window.location.search).get(PARAM));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export function useProviderParam(): [number | undefined, (providerId: number | undefined) => void] {
  const [providerId, setProviderId] = useState(providerFromUrl);
  const select = useCallback((id: number | undefined) => {
    setProviderId(id);
    const url = new URL(window.location.href);
    if (id === undefined) url.searchParams.delete(PARAM);
    else url.searchParams.set(PARAM, String(id));
    // Replace, not push: picking a provider is not a page the back button should step through.
    window.history.replaceState(null, "", url);
  }, []);
  return [providerId, select];
}
