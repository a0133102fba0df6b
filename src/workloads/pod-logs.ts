// Each pod's log lines (for nginxdemos/hello, its access log), kept in memory per container
// with a bounded history, as `kubectl logs` reads them.

export interface LogLine {
  time: Date;
  text: string; // one line, without its newline
}

export interface LogQuery {
  tailLines?: number;
  sinceSeconds?: number;
}

export interface PodLogs {
  /** undefined when the pod or container has no logs (never started). */
  read(namespace: string, pod: string, container: string, query?: LogQuery): LogLine[] | undefined;
  /** Calls onLine for each new line until the returned function is called. */
  follow(namespace: string, pod: string, container: string, onLine: (line: LogLine) => void): () => void;
}
