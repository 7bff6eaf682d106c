// The two steps of a login with a second factor, over HTTP, and codes of an authenticator app for a secret.
import { generate } from "otplib";
import type { CurrentUser } from "../../shared/schemas/auth.js";
import type { Problem } from "../../shared/schemas/problem.js";
import { TEST_PASSWORD } from "./auth.js";
import { api } from "./server.js";

/** A code of the step offsetSeconds from now (one step of drift is accepted; a later step is newer than a used code). */
export const codeAt = (secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds });

export const cookieOf = (res: { headers: Headers }, name: string) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`) && !c.startsWith(`${name}=;`))
    ?.split(";")[0];

/** The password step: its answer, and the challenge cookie when a second step follows. */
export async function passwordStep(url: string, email: string, password = TEST_PASSWORD) {
  const res = await api<{ step?: string } & Partial<CurrentUser>>(url, "/api/auth/login", {
    body: { email, password },
  });
  return { ...res, challenge: cookieOf(res, "wijzer_aanmelding"), session: cookieOf(res, "wijzer_sessie") };
}

export function codeStep(url: string, challenge: string | undefined, code: string, path = "/api/auth/login/code") {
  return api<CurrentUser & Problem>(url, path, {
    body: { code },
    headers: challenge ? { cookie: challenge } : {},
  });
}
