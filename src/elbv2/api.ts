// gangway's ELBv2 API, served by the API server under /elbv2 (ApiExtension, auth 'none'): the
// AWS Query protocol as the AWS CLI and SDKs speak it (POST form-urlencoded or GET,
// `Action=DescribeTargetHealth&Version=2015-12-01&...`), answered with ELBv2's XML, or with the
// AWS CLI's JSON shapes when the client asks for `Accept: application/json` (gangway's CLI).
// AWS clients sign requests with SigV4; gangway accepts any signature unchecked (the API
// listens on loopback only and the ELBv2 side is read-only), so `aws --endpoint-url` works with
// any access key.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AlbModel, LoadBalancer, TargetHealth } from '../alb/model.ts';
import type { ApiExtension } from '../api/server.ts';
import { toCliJson } from './cli-json.ts';
import { Elbv2Error, invalidAction } from './errors.ts';
import { OPERATIONS, type Elbv2View } from './operations.ts';
import { parseQueryParams } from './query.ts';
import { errorXml, responseXml } from './xml.ts';

export const ELBV2_API_VERSION = '2015-12-01';
export const ELBV2_PREFIX = '/elbv2';
const MAX_BODY = 1 << 20;

/** Where the ELBv2 API reads from: the ALB controller's current model and the health checker. */
export interface Elbv2Source {
  model: () => AlbModel;
  health: (targetGroupArn: string) => TargetHealth[];
  /** Where the load balancer listens locally (not part of AWS's answers; for gangway's own views). */
  addresses?: (lbName: string) => string;
  /** ELBv2's CreatedTime; by default the first time this API saw the load balancer. */
  createdTime?: (lb: LoadBalancer) => Date | undefined;
}

export interface Elbv2ApiOptions {
  now?: () => Date;
  log?: (line: string) => void;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY)
      throw new Elbv2Error('RequestEntityTooLarge', 'Request body too large', { httpStatus: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function wantsJson(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return /\bapplication\/json\b/.test(accept) && !/\b(text|application)\/xml\b/.test(accept);
}

export interface Elbv2Answer {
  status: number;
  contentType: 'text/xml' | 'application/json';
  body: string;
}

/** Answers one decoded Query request (GET query string and POST form merged), XML or JSON. */
export function answerQuery(
  view: Elbv2View,
  params: URLSearchParams,
  json: boolean,
  requestId: string,
  log: (line: string) => void = (l) => console.error(l),
): Elbv2Answer {
  try {
    const { action, version, input } = parseQueryParams(params);
    if (action === undefined || action === '') throw new Elbv2Error('MissingAction', 'Missing Action');
    const op = OPERATIONS.get(action);
    if (!op || (version !== undefined && version !== ELBV2_API_VERSION))
      throw invalidAction(action, version ?? ELBV2_API_VERSION);
    const result = op(view, input);
    return json
      ? { status: 200, contentType: 'application/json', body: `${JSON.stringify(toCliJson(result))}\n` }
      : { status: 200, contentType: 'text/xml', body: responseXml(action, result, requestId) };
  } catch (caught) {
    return errorAnswer(caught, json, requestId, log);
  }
}

function errorAnswer(
  caught: unknown,
  json: boolean,
  requestId: string,
  log: (line: string) => void,
): Elbv2Answer {
  let err: Elbv2Error;
  if (caught instanceof Elbv2Error) err = caught;
  else {
    log(`elbv2: ${caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)}`);
    err = new Elbv2Error('InternalFailure', 'An internal error has occurred', { fault: 'Receiver' });
  }
  if (!json) return { status: err.httpStatus, contentType: 'text/xml', body: errorXml(err, requestId) };
  const body = { Error: { Type: err.fault, Code: err.code, Message: err.message }, RequestId: requestId };
  return { status: err.httpStatus, contentType: 'application/json', body: `${JSON.stringify(body)}\n` };
}

function send(res: ServerResponse, answer: Elbv2Answer, requestId: string): void {
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType,
    'Content-Length': Buffer.byteLength(answer.body),
    'x-amzn-RequestId': requestId,
  });
  res.end(answer.body);
}

export function elbv2ApiExtension(source: Elbv2Source, opts: Elbv2ApiOptions = {}): ApiExtension {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((l: string) => console.error(l));
  const firstSeen = new Map<string, Date>();
  const createdTime = (lb: LoadBalancer): Date => {
    const given = source.createdTime?.(lb);
    if (given) return given;
    let seen = firstSeen.get(lb.arn);
    if (!seen) {
      seen = now();
      firstSeen.set(lb.arn, seen);
    }
    return seen;
  };

  return {
    prefix: ELBV2_PREFIX,
    auth: 'none',
    async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
      const requestId = randomUUID();
      const json = wantsJson(req);
      const method = req.method ?? 'GET';
      try {
        if (method !== 'GET' && method !== 'POST')
          throw new Elbv2Error('MethodNotAllowed', `The HTTP method ${method} is not allowed`, {
            httpStatus: 405,
          });
        const params = new URLSearchParams(url.search);
        if (method === 'POST')
          for (const [k, v] of new URLSearchParams(await readBody(req))) params.append(k, v);
        const view: Elbv2View = { model: source.model(), health: source.health, createdTime };
        send(res, answerQuery(view, params, json, requestId, log), requestId);
      } catch (caught) {
        send(res, errorAnswer(caught, json, requestId, log), requestId);
      }
    },
  };
}
