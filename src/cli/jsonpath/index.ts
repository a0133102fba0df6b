// `-o jsonpath=TEMPLATE`: parse once, run over the object or List kubectl would print.
import { CliError } from '../errors.ts';
import { executeTemplate } from './evaluate.ts';
import { JsonPathParseError, parseTemplate } from './parse.ts';

export { parseTemplate, JsonPathParseError } from './parse.ts';
export { executeTemplate, formatValue } from './evaluate.ts';

/** The printed text, or a CliError worded as kubectl's (`error parsing jsonpath ...`). */
export function renderJsonPath(template: string, data: unknown): string {
  let nodes;
  try {
    nodes = parseTemplate(template);
  } catch (err) {
    if (err instanceof JsonPathParseError)
      throw new CliError(`error parsing jsonpath ${template}, ${err.message}`);
    throw err;
  }
  return executeTemplate(nodes, data);
}
