// Istio's default Envoy access log line (pilot EnvoyTextLogFormat), one per downstream request:
// [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
// %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
// "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
// %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%"
// "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW%
// %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS%
// %REQUESTED_SERVER_NAME% %ROUTE_NAME%

export interface AccessLogEntry {
  start: number; // epoch ms
  method: string;
  path: string; // the original path (before any rewrite)
  protocol: string; // 'HTTP/1.1'
  code: number; // 0 when no response was sent
  flags: string; // '-' or 'UH', 'URX,UF', ...
  details: string; // 'via_upstream', 'route_not_found', ...
  transportFailure: string | undefined;
  bytesReceived: number;
  bytesSent: number;
  durationMs: number;
  serviceTimeMs: number | undefined;
  forwardedFor: string | undefined;
  userAgent: string | undefined;
  requestId: string | undefined;
  authority: string | undefined;
  upstreamHost: string | undefined;
  upstreamCluster: string | undefined;
  upstreamLocal: string | undefined;
  downstreamLocal: string;
  downstreamRemote: string;
  routeName: string | undefined;
}

function dash(v: string | number | undefined): string {
  return v === undefined || v === '' ? '-' : String(v);
}

export function accessLogLine(e: AccessLogEntry): string {
  return (
    `[${new Date(e.start).toISOString()}] "${e.method} ${e.path} ${e.protocol}" ${e.code} ${e.flags} ` +
    `${e.details} - "${dash(e.transportFailure)}" ${e.bytesReceived} ${e.bytesSent} ${e.durationMs} ` +
    `${dash(e.serviceTimeMs)} "${dash(e.forwardedFor)}" "${dash(e.userAgent)}" "${dash(e.requestId)}" ` +
    `"${dash(e.authority)}" "${dash(e.upstreamHost)}" ${dash(e.upstreamCluster)} ${dash(e.upstreamLocal)} ` +
    `${e.downstreamLocal} ${e.downstreamRemote} - ${dash(e.routeName)}`
  );
}
