// CONTRACT (owned by the dashboard engineer): the dashboard page, /api/graph and its events.
import type { ApiExtension } from '../api/server.ts';
import type { Component } from '../runtime/component.ts';
import type { StackView } from '../runtime/stack-view.ts';

export interface Dashboard {
  extensions: ApiExtension[];
  /** Started after everything else (samples counters, watches the store); stopped first. */
  component?: Component;
}

export function dashboard(_view: StackView): Dashboard {
  return { extensions: [] };
}
