// The translator's diagnostics: istioctl analyze codes and wording where Istio has one
// (IST0101 ReferencedResourceNotFound, ...), a GW- code otherwise. Deduplicated, sorted.
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { KubeObject } from '../../resources/types.ts';
import { objectRef } from '../../resources/types.ts';

export class DiagnosticSink {
  readonly #seen = new Set<string>();
  readonly #items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    const key = `${d.code}\0${d.object ?? ''}\0${d.field ?? ''}\0${d.message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.#items.push(d);
  }

  /** Sorted by object, then field, then code, then message. */
  sorted(): Diagnostic[] {
    const k = (d: Diagnostic): string[] => [d.object ?? '', d.field ?? '', d.code, d.message];
    return [...this.#items].sort((a, b) => {
      const ka = k(a);
      const kb = k(b);
      for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
      return 0;
    });
  }
}

/** IST0101: `Referenced gateway not found: "x"`. */
export function referencedNotFound(
  obj: Readonly<KubeObject>,
  what: string,
  name: string,
  field: string,
): Diagnostic {
  return {
    code: 'IST0101',
    severity: 'error',
    message: `Referenced ${what} not found: ${JSON.stringify(name)}`,
    object: objectRef(obj),
    field,
  };
}

/** IST0112: a multi-port service routed to without a port. */
export function portSelectorRequired(
  obj: Readonly<KubeObject>,
  host: string,
  ports: readonly number[],
  field: string,
): Diagnostic {
  return {
    code: 'IST0112',
    severity: 'error',
    message: `This VirtualService routes to a service ${JSON.stringify(host)} that exposes multiple ports [${ports.join(' ')}]. Specifying a port in the destination is required to disambiguate.`,
    object: objectRef(obj),
    field,
  };
}

/** IST0162: the server port is neither a port nor a targetPort of the gateway's Service. */
export function portNotOnService(
  obj: Readonly<KubeObject>,
  port: number,
  selector: string,
  field: string,
): Diagnostic {
  return {
    code: 'IST0162',
    severity: 'warning',
    message: `The gateway is listening on a target port (port ${port}) that is not defined in the Service associated with its workload instances (Pod selector ${selector}). If you need to access the gateway port through the gateway Service, it will not be available.`,
    object: objectRef(obj),
    field,
  };
}

/** A server istiod drops because its port is taken by an incompatible server (GW-SERVER-CONFLICT). */
export function serverConflict(obj: Readonly<KubeObject>, reason: string, field: string): Diagnostic {
  return { code: 'GW-SERVER-CONFLICT', severity: 'warning', message: reason, object: objectRef(obj), field };
}

/** A feature the translator does not carry into the model yet (GW-UNSUPPORTED). */
export function unsupported(obj: Readonly<KubeObject>, what: string, field: string): Diagnostic {
  return {
    code: 'GW-UNSUPPORTED',
    severity: 'warning',
    message: `${what} is not supported by gangway's gateway yet; ignored`,
    object: objectRef(obj),
    field,
  };
}

/** IST0132: a VirtualService host that no server of the named Gateway carries. */
export function hostNotInGateway(
  obj: Readonly<KubeObject>,
  host: string,
  vsName: string,
  gatewayName: string,
  field: string,
): Diagnostic {
  return {
    code: 'IST0132',
    severity: 'warning',
    message: `one or more host [${host}] defined in VirtualService ${vsName} not found in Gateway ${gatewayName}.`,
    object: objectRef(obj),
    field,
  };
}

/** A delegate rule whose matches are not within the root rule's: istiod drops it. */
export function delegateConflict(
  obj: Readonly<KubeObject>,
  root: string,
  rootRule: number,
  field: string,
): Diagnostic {
  return {
    code: 'GW-DELEGATE-CONFLICT',
    severity: 'warning',
    message: `this rule's matches are not within the matches of VirtualService ${root} rule #${rootRule}, which delegates to it; rule ignored`,
    object: objectRef(obj),
    field,
  };
}

/** A delegate VirtualService that delegates again (only one level is allowed). */
export function nestedDelegate(obj: Readonly<KubeObject>, field: string): Diagnostic {
  return {
    code: 'IST0106',
    severity: 'error',
    message: 'Schema validation error: delegate virtual service cannot have delegate; rule ignored',
    object: objectRef(obj),
    field: `${field}.delegate`,
  };
}

/** IST0161: the credentialName Secret cannot serve this TLS mode. */
export function invalidCredential(obj: Readonly<KubeObject>, why: string, field: string): Diagnostic {
  return {
    code: 'IST0161',
    severity: 'error',
    message: `invalid certificate reference ${objectRef(obj)}, ${why}.`,
    object: objectRef(obj),
    field,
  };
}
