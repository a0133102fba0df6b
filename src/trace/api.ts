// CONTRACT (owned by the trace engineer): the running stack's trace endpoint.
import type { ApiExtension } from '../api/server.ts';
import type { StackView } from '../runtime/stack-view.ts';

export function traceApiExtension(_view: StackView): ApiExtension[] {
  return [];
}
