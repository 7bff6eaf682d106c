// The provider form: a new provider, or a change of one at the version the form started from. A 409 can be a stale
// version or an AGB code or name already in use; the provider list read again tells which (a provider 409 carries no
// current state).
import { useState } from "react";
import type { z } from "zod";
import type { ProviderKind } from "../../../../../shared/domain.js";
import {
  type Provider,
  type ProviderPatch,
  providerCreateSchema,
  providerPatchSchema,
} from "../../../../../shared/schemas/aanbod.js";
import { ApiError } from "../../../lib/api.js";
import { apiProblem, issuesByField, type SaveProblem } from "./form-errors.js";

export interface ProviderDraft {
  name: string;
  agbCode: string;
  kind: ProviderKind | "";
  email: string;
  active: boolean;
}
export type ProviderField = keyof ProviderDraft;
const FIELDS: readonly ProviderField[] = ["name", "agbCode", "kind", "email", "active"];

export interface ProviderSavers {
  create(body: z.output<typeof providerCreateSchema>): Promise<Provider>;
  update(providerId: number, body: ProviderPatch): Promise<Provider>;
  /** The provider's version now, read again after a 409; undefined when it is gone. */
  currentVersion(providerId: number): Promise<number | undefined>;
}

const EMPTY: ProviderDraft = { name: "", agbCode: "", kind: "", email: "", active: true };

function draftOf(p: Provider): ProviderDraft {
  return { name: p.name, agbCode: p.agbCode, kind: p.kind, email: p.email ?? "", active: p.active };
}

function bodyOf(d: ProviderDraft) {
  return {
    name: d.name,
    agbCode: d.agbCode.trim(),
    kind: d.kind === "" ? undefined : d.kind,
    email: d.email.trim() === "" ? null : d.email.trim(),
    active: d.active,
  };
}

function ownMessage(field: ProviderField, issue: z.core.$ZodIssue): string | undefined {
  if (field === "kind") return "Kies het soort aanbieder.";
  if (field === "name" && issue.code === "too_small") return "Vul de naam van de aanbieder in.";
  return undefined;
}

export function useProviderForm(provider: Provider | undefined, savers: ProviderSavers) {
  const [draft, setDraft] = useState<ProviderDraft>(provider ? draftOf(provider) : EMPTY);
  const [problem, setProblem] = useState<SaveProblem<ProviderField> | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);

  function change(patch: Partial<ProviderDraft>) {
    setDraft((prev) => ({ ...prev, ...patch }));
    setNotice(undefined);
  }

  /** Resolves to the saved provider, or undefined when there is something to correct or nothing to save. */
  async function submit(): Promise<Provider | undefined> {
    setNotice(undefined);
    const body = bodyOf(draft);
    let save: () => Promise<Provider>;
    if (provider === undefined) {
      const checked = providerCreateSchema.safeParse(body);
      if (!checked.success) return fail(issuesByField(FIELDS, checked.error.issues, ownMessage));
      save = () => savers.create(checked.data);
    } else {
      const was = bodyOf(draftOf(provider));
      const changed = Object.fromEntries(FIELDS.filter((f) => body[f] !== was[f]).map((f) => [f, body[f]]));
      const checked = providerPatchSchema.safeParse({ version: provider.version, ...changed });
      if (!checked.success) return fail(issuesByField(FIELDS, checked.error.issues, ownMessage));
      if (Object.keys(changed).length === 0) {
        setProblem(undefined);
        setNotice("Er is niets gewijzigd.");
        return undefined;
      }
      save = () => savers.update(provider.id, checked.data);
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const saved = await save();
      setDraft(provider ? draftOf(saved) : EMPTY);
      return saved;
    } catch (err) {
      const stale =
        provider !== undefined &&
        err instanceof ApiError &&
        err.status === 409 &&
        (await savers.currentVersion(provider.id).catch(() => undefined)) !== provider.version;
      return fail(apiProblem(FIELDS, err, stale));
    } finally {
      setBusy(false);
    }
  }

  function fail(found: SaveProblem<ProviderField>): undefined {
    setProblem(found);
    return undefined;
  }

  return { draft, change, problem, errors: problem?.kind === "invalid" ? problem.fields : {}, busy, notice, submit };
}
