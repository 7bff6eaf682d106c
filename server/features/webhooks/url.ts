// Which addresses an endpoint may have: https, to a host on the internet. http only to this machine, and only when
// the installation allows it (WEBHOOK_ALLOW_HTTP, for tests and a local receiver during development).
import { isIP } from "node:net";

export const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why the address is refused, or undefined when it is fine. An address inside the server's own network (a private or
 * link-local IP literal, localhost over https) is refused too: the server would POST into its own network on a
 * provider's behalf. A host name that resolves to such an address is refused when the POST connects
 * (guarded-dispatcher.ts).
 */
export function refusedUrl(raw: string, allowHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "geen geldig adres";
  }
  if (url.username || url.password) return "een adres zonder gebruikersnaam of wachtwoord erin";
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === "http:") {
    if (allowHttp && local) return undefined;
    return allowHttp ? "http alleen naar localhost; elders https" : "het adres moet met https:// beginnen";
  }
  if (url.protocol !== "https:") return "het adres moet met https:// beginnen";
  if (local || privateAddress(url.hostname)) return "een adres op internet, niet in het eigen netwerk van de server";
  return undefined;
}

export function privateAddress(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) === 4) {
    const [a = 0, b = 0] = host.split(".").map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b < 32) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b < 128)
    );
  }
  if (isIP(host) === 6) {
    const lower = host.toLowerCase();
    return (
      lower === "::1" ||
      lower === "::" ||
      /^f[cd]/.test(lower) ||
      /^fe[89ab]/.test(lower) ||
      lower.startsWith("::ffff:")
    );
  }
  return false;
}
