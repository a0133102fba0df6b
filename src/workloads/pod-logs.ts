// Each pod's log lines (for nginxdemos/hello, its access log), kept in memory per container
// with a bounded history, as `kubectl logs` reads them.

export interface LogLine {
  time: Date;
  text: string; // one line, without its newline
}

export interface LogQuery {
  tailLines?: number;
  sinceSeconds?: number;
  /** The previous instance of a restarted container (`kubectl logs --previous`). */
  previous?: boolean;
}

export interface PodLogs {
  /** undefined when the pod or container has no logs (never started). */
  read(namespace: string, pod: string, container: string, query?: LogQuery): LogLine[] | undefined;
  /**
   * Calls onLine for each new line until the returned function is called. onEnd (optional) is
   * called once when the container instance stops or the pod goes away, as the kubelet ends a
   * `kubectl logs -f` stream; it is called on a microtask when there is nothing running to follow.
   */
  follow(
    namespace: string,
    pod: string,
    container: string,
    onLine: (line: LogLine) => void,
    onEnd?: () => void,
  ): () => void;
}
