// Password hashing with argon2id (OWASP's first choice), via a maintained native binding.
import { hash, verify } from "@node-rs/argon2";

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a real hash for unknown accounts makes a failed login take as long whether or not the account exists.
const dummyHash = hash("geen-account-met-dit-wachtwoord");

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
