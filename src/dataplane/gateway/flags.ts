// Envoy's %RESPONSE_FLAGS%: short names joined by commas in Envoy's fixed order (the order of
// its response flag enum), so a retried connect failure logs 'UF,URX' and a delayed one 'DI'.
const ORDER = [
  'LH',
  'UH',
  'UT',
  'LR',
  'UR',
  'UF',
  'UC',
  'UO',
  'NR',
  'DI',
  'FI',
  'RL',
  'UAEX',
  'RLSE',
  'DC',
  'URX',
  'SI',
  'IH',
  'DPE',
  'UMSDR',
  'RFCF',
  'NFCF',
  'DT',
  'UPE',
  'NC',
  'OM',
  'DF',
  'DO',
  'DR',
];
const RANK = new Map(ORDER.map((f, i) => [f, i]));

/** `flags` ('-' or 'A,B') with `flag` added in Envoy's order. */
export function addFlag(flags: string, flag: string): string {
  if (flags === '-' || flags === '') return flag;
  const list = flags.split(',');
  if (list.includes(flag)) return flags;
  list.push(flag);
  list.sort((a, b) => (RANK.get(a) ?? 99) - (RANK.get(b) ?? 99));
  return list.join(',');
}
