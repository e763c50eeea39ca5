// The assessment worker's entry (off-thread.ts): plain JavaScript that teaches
// the worker TypeScript (tsx, as the server itself runs) and then loads it.
import { register } from 'tsx/esm/api';

register();
await import('./assessment.worker.ts');
