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

// START_TIME's second part ('2024-01-02T03:04:05.'), formatted once per second.
let isoSecond = Number.NaN;
let isoPrefix = '';

/** new Date(ms).toISOString() for the years 0..9999, the second's part cached. */
export function isoTime(time: number): string {
  const ms = Math.trunc(time);
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    const iso = new Date(second * 1000).toISOString();
    if (iso.length !== 24) return new Date(ms).toISOString();
    isoSecond = second;
    isoPrefix = iso.slice(0, 20);
  }
  const milli = ms - second * 1000;
  return `${isoPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

function dash(v: string | number | undefined): string {
  return v === undefined || v === '' ? '-' : String(v);
}

export function accessLogLine(e: AccessLogEntry): string {
  return (
    `[${isoTime(e.start)}] "${e.method} ${e.path} ${e.protocol}" ${e.code} ${e.flags} ` +
    `${e.details} - "${dash(e.transportFailure)}" ${e.bytesReceived} ${e.bytesSent} ${e.durationMs} ` +
    `${dash(e.serviceTimeMs)} "${dash(e.forwardedFor)}" "${dash(e.userAgent)}" "${dash(e.requestId)}" ` +
    `"${dash(e.authority)}" "${dash(e.upstreamHost)}" ${dash(e.upstreamCluster)} ${dash(e.upstreamLocal)} ` +
    `${e.downstreamLocal} ${e.downstreamRemote} - ${dash(e.routeName)}`
  );
}
