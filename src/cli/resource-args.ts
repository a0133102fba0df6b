// The positional arguments of get/describe/delete as kubectl's resource builder reads them:
// `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...`, with kubectl's errors for mixed forms.
import { CliError } from './errors.ts';
import { resolveType, resolveTypes, type TypeRef } from './resource-types.ts';

export interface ResourceRequest {
  ref: TypeRef;
  name?: string; // absent: list every object of the type
}

export interface ResourceArgs {
  requests: ResourceRequest[];
  /** Exactly one named object was asked for: yaml/json print it bare, not in a List. */
  singleItemImplied: boolean;
  /** Names were given (TYPE NAME... or TYPE/NAME...). */
  named: boolean;
}

export function parseResourceArgs(args: readonly string[], command = 'get'): ResourceArgs {
  if (args.some((a) => a.includes('/'))) {
    const requests: ResourceRequest[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      if (slash < 0)
        throw new CliError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'gangway ${command} resource/<resource_name>' instead of 'gangway ${command} resource resource/<resource_name>'`,
        );
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (type === '' || name === '' || name.includes('/'))
        throw new CliError('arguments in resource/name form must have a single resource and name');
      const refs = resolveType(type);
      if (refs.length !== 1) throw new CliError('you must specify only one resource');
      requests.push({ ref: refs[0]!, name });
    }
    return { requests, singleItemImplied: requests.length === 1, named: true };
  }
  const [types, ...names] = args;
  if (types === undefined) return { requests: [], singleItemImplied: false, named: false };
  const refs = resolveTypes(types);
  if (names.length === 0)
    return { requests: refs.map((ref) => ({ ref })), singleItemImplied: false, named: false };
  if (refs.length !== 1) throw new CliError('you must specify only one resource');
  const ref = refs[0]!;
  return {
    requests: names.map((name) => ({ ref, name })),
    singleItemImplied: names.length === 1,
    named: true,
  };
}
