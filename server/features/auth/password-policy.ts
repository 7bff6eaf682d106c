// The password rules for every password that is set (account creation, reset, any change): long enough, not one of
// the common passwords attackers try first, and not built on the account's own e-mail address (NIST SP 800-63B 5.1.1.2).
import { RuleViolation } from "../../http/errors.js";
import { onFirstUse } from "../../on-first-use.js";

const dictionaries = onFirstUse<typeof import("@zxcvbn-ts/language-common")>("@zxcvbn-ts/language-common");

export const MIN_PASSWORD_LENGTH = 12;

// 49k entries: loaded and built on the first password that is set, then kept for the life of the process. Not at
// start: most processes never see a password set, and the word lists are about 2.5 MiB of heap.
let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const { dictionary } = dictionaries();
    common = new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  }
  return common;
}

/** The rule a password breaks, in Dutch for the user; undefined when it passes. */
export function passwordProblem(password: string, email: string): string | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return `Het wachtwoord moet minstens ${MIN_PASSWORD_LENGTH} tekens lang zijn.`;
  if (commonPasswords().has(password.toLowerCase()))
    return "Dit wachtwoord staat op de lijst van veelgebruikte wachtwoorden; kies een ander.";
  const localPart = email.split("@")[0]?.toLowerCase() ?? "";
  // A local part of one or two letters ("jd@") would refuse half of all passwords without making any safer.
  if (localPart.length >= 3 && password.toLowerCase().includes(localPart))
    return "Het wachtwoord mag het eerste deel van uw e-mailadres niet bevatten.";
  return undefined;
}

/** Throws the 422 naming the rule the password breaks. */
export function mustBeAcceptablePassword(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new RuleViolation(problem);
}
