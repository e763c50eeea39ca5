/** Types of the browser's ledger verifier (verify.js), for the tests that run it under Node. */
export const GENESIS: string;
export function canonicalize(value: unknown): string;
export function sha256HexSync(bytes: Uint8Array): string;
export function linkHash(link: { seq: number; prev: string; entry: unknown }): Promise<string>;
export interface VerifyPage {
  head: { seq: number; hash: string };
  entries: Array<{ seq: number; prev: string; hash: string; entry: unknown }>;
  next: number | null;
}
export type VerifyReport =
  | { ok: true; count: number; head: { seq: number; hash: string }; hashes: Record<number, string> }
  | { ok: false; count: number; seq: number | null; reason: string; detail: string };
export function verifyLedger(
  fetchPage: (from: number) => Promise<VerifyPage>,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyReport>;
