import type { AuditEntry } from "./audit.schemas.ts";

/** Two staff account ids for tests. */
export const ANA = "5b0e0a52-3a4f-4c55-9d0b-2f1a3c4d5e6f";
export const BEN = "9c1d2e3f-4a5b-4c6d-8e7f-0a1b2c3d4e5f";

/** The `n`th sign-in by Ana, as a test entry. */
export function signIn(n: number, outcome: AuditEntry["outcome"] = "success"): AuditEntry {
  return {
    actor: { id: ANA, label: "ana@beacon.example" },
    action: "auth.sign_in",
    ip: "203.0.113.7",
    outcome,
    details: { attempt: n },
  };
}

/** Every line an export yields. */
export async function collect(lines: AsyncGenerator<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const line of lines) all.push(line);
  return all;
}
