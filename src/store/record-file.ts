// The on-disk line format shared by the store's log and snapshot: one JSON record per line,
// prefixed with the CRC-32 of the JSON bytes (`1a2b3c4d {"rv":7,...}\n`). Reading tells a
// torn final record (a crash mid-append: ignored and cut off) from damage in the middle of
// a file (data loss the store must not hide: an error).
import { crc32 } from './crc32.ts';

export function encodeRecord(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const head = Buffer.from(`${crc32(json).toString(16).padStart(8, '0')} `, 'latin1');
  return Buffer.concat([head, json, Buffer.from('\n')]);
}

/** One line without its newline -> the record, or undefined when it fails its checksum. */
export function decodeRecord(line: Buffer): unknown {
  if (line.length < 10 || line[8] !== 0x20) return undefined;
  const want = Number.parseInt(line.subarray(0, 8).toString('latin1'), 16);
  const json = line.subarray(9);
  if (!/^[0-9a-f]{8}$/.test(line.subarray(0, 8).toString('latin1')) || crc32(json) !== want) return undefined;
  try {
    return JSON.parse(json.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export interface ReadRecords {
  records: unknown[];
  /** Bytes up to and including the last good record's newline. */
  goodBytes: number;
  /** True when bytes after goodBytes were dropped (a torn or corrupt final record). */
  tornTail: boolean;
}

export class CorruptFileError extends Error {
  constructor(file: string, line: number) {
    super(
      `${file}: record ${line} is damaged but later records are intact; ` +
        'the store will not load a file with a hole in it (restore it from a backup or remove the state directory)',
    );
    this.name = 'CorruptFileError';
  }
}

/** Splits `data` into records. Only the last line may be bad; a bad line before a good one throws. */
export function readRecords(data: Buffer, file: string): ReadRecords {
  const records: unknown[] = [];
  let offset = 0;
  let goodBytes = 0;
  let badLine = 0;
  let line = 0;
  while (offset < data.length) {
    line++;
    const nl = data.indexOf(0x0a, offset);
    const end = nl < 0 ? data.length : nl;
    const rec = nl < 0 ? undefined : decodeRecord(data.subarray(offset, end));
    if (rec === undefined) {
      if (badLine === 0) badLine = line;
    } else {
      if (badLine !== 0) throw new CorruptFileError(file, badLine);
      records.push(rec);
      goodBytes = end + 1;
    }
    offset = end + 1;
  }
  return { records, goodBytes, tornTail: goodBytes < data.length };
}
