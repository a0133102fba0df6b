// A data-plane thread's entry: tsx for the TypeScript sources (no build step), then the thread.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
