// A piece of the running stack with a lifecycle: the API server, a controller, kube-proxy,
// the pod runtime. `gangway status` prints each one's readiness.

export interface ComponentStatus {
  ready: boolean;
  detail: string; // one line: what it serves, or why it is not ready
}

export interface Component {
  readonly name: string; // 'api-server', 'deployment-controller', 'kube-proxy', ...
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): ComponentStatus;
}
