// The import worker's entry, in plain JavaScript so that the child process can
// start it whatever started the server (tsx, vitest, the taizhang CLI): it
// loads the TypeScript worker through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./ledger-import.worker.ts', import.meta.url);
