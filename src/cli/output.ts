// Where the CLI's text goes. Only cli/ writes to the terminal, and only through an Output:
// the real one writes to process.stdout/stderr, tests capture into strings.

export interface Output {
  /** Raw text to stdout (no newline added). */
  write(text: string): void;
  /** Raw text to stderr (no newline added). */
  writeErr(text: string): void;
}

let pipeGuard = false;

/** `gangway get pods | head -1`: a closed stdout ends the process quietly, as with kubectl. */
function guardBrokenPipe(): void {
  if (pipeGuard) return;
  pipeGuard = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

export function processOutput(): Output {
  guardBrokenPipe();
  return {
    write: (text) => {
      process.stdout.write(text);
    },
    writeErr: (text) => {
      process.stderr.write(text);
    },
  };
}

export interface BufferedOutput extends Output {
  readonly stdout: string;
  readonly stderr: string;
}

export function bufferOutput(): BufferedOutput {
  let stdout = '';
  let stderr = '';
  return {
    write: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

/** Line-oriented helpers over an Output. */
export interface Printer {
  line(text?: string): void;
  lines(texts: readonly string[]): void;
  errLine(text: string): void;
  /** `error: <message>` on stderr, as kubectl prints its own errors. */
  error(message: string): void;
  write(text: string): void;
  writeErr(text: string): void;
}

export function printer(output: Output): Printer {
  const nl = (t: string): string => (t.endsWith('\n') ? t : `${t}\n`);
  return {
    line: (text = '') => output.write(`${text}\n`),
    lines: (texts) => {
      if (texts.length > 0) output.write(texts.map((t) => `${t}\n`).join(''));
    },
    errLine: (text) => output.writeErr(nl(text)),
    error: (message) => output.writeErr(nl(`error: ${message}`)),
    write: (text) => output.write(text),
    writeErr: (text) => output.writeErr(text),
  };
}
