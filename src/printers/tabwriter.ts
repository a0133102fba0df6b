// Go's text/tabwriter (the elastic tabstops kubectl aligns its output with), for one
// flush of buffered text: tab-terminated cells, column blocks of consecutive lines,
// width = max(minwidth, cell width + padding), padded with spaces, cells measured in runes.

export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

/** kubectl get: cli-runtime printers.GetNewTabWriter (minwidth 6, padding 3). */
export const GET_TABWRITER: TabwriterOptions = { minwidth: 6, padding: 3 };
/** kubectl describe: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE_TABWRITER: TabwriterOptions = { minwidth: 0, padding: 2 };

interface Cell {
  text: string;
  width: number;
  htab: boolean;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function parse(text: string): Cell[][] {
  const lines: Cell[][] = [];
  let line: Cell[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
      const t = text.slice(start, i);
      line.push({ text: t, width: runeCount(t), htab: ch === '\t' });
      start = i + 1;
      if (ch === '\n' || ch === '\f') {
        lines.push(line);
        line = [];
      }
    }
  }
  const rest = text.slice(start);
  line.push({ text: rest, width: runeCount(rest), htab: false });
  lines.push(line); // the last, unterminated line (often a single empty cell)
  return lines;
}

/** Formats `text` as one tabwriter flush would. */
export function tabwrite(text: string, opts: TabwriterOptions): string {
  const lines = parse(text);
  const widths: number[] = [];
  const out: string[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      for (let j = 0; j < line.length; j++) {
        const c = line[j]!;
        out.push(c.text);
        const w = widths[j];
        if (w !== undefined) out.push(' '.repeat(Math.max(0, w - c.width)));
      }
      if (i + 1 < lines.length) out.push('\n');
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t]!.length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = opts.minwidth;
      for (; t < line1; t++) {
        const line = lines[t]!;
        if (column >= line.length - 1) break;
        const w = line[column]!.width + opts.padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('');
}
