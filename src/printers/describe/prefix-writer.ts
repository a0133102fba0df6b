// The writer kubectl's describers print through: two spaces per level, terminal escapes
// neutralised, and a text/tabwriter (minwidth 0, padding 2) that aligns tab-separated
// cells; flush() ends a block of alignment as the Go writer's Flush does.
import { escapeTerminal } from '../render-table.ts';
import { DESCRIBE_TABWRITER, tabwrite } from '../tabwriter.ts';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

export class PrefixWriter {
  #pending = '';
  #out = '';

  /** w.Write(level, format, args...) with the arguments already formatted in. */
  write(level: number, text: string): void {
    this.#pending += escapeTerminal('  '.repeat(level) + text);
  }

  /** w.WriteLine(a...): the text and a newline. */
  writeLine(text = ''): void {
    this.#pending += escapeTerminal(`${text}\n`);
  }

  flush(): void {
    this.#out += tabwrite(this.#pending, DESCRIBE_TABWRITER);
    this.#pending = '';
  }

  /** Everything written, aligned. */
  toString(): string {
    this.flush();
    return this.#out;
  }
}

/** tabbedString: runs a describer body against a fresh writer and returns the text. */
export function tabbed(body: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  body(w);
  return w.toString();
}
