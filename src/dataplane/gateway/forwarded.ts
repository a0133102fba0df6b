// Envoy's X-Forwarded-For / X-Forwarded-Proto handling at an edge HTTP connection manager
// with use_remote_address (Istio gateways) and xff_num_trusted_hops N: the peer is appended to
// XFF; the trusted client address is the Nth address from the right of the XFF received (the
// peer when N is 0, or when XFF is too short or that entry is no IP); a received
// x-forwarded-proto is kept only when N > 0, else it is set from the downstream connection.
import { isIP } from 'node:net';

/** The trusted client address (x-envoy-external-address, source-IP hashing, access log). */
export function trustedClientAddress(xff: string | undefined, peer: string, trustedHops: number): string {
  if (trustedHops <= 0 || xff === undefined || xff === '') return peer;
  let end = xff.length;
  for (let hop = 1; ; hop++) {
    const comma = xff.lastIndexOf(',', end - 1);
    if (hop === trustedHops) {
      const ip = xff.slice(comma + 1, end).trim();
      return isIP(ip) !== 0 ? ip : peer;
    }
    if (comma < 0) return peer;
    end = comma;
  }
}

/** The x-forwarded-proto the request continues with. */
export function forwardedProto(received: string | undefined, scheme: string, trustedHops: number): string {
  return trustedHops > 0 && received !== undefined && received !== '' ? received : scheme;
}
