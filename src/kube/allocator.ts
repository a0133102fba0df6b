// Picking a free number the way the API server's bitmap allocators do: dynamic allocations
// start at a random point of the upper band of the range and scan forward, falling back to
// the lower band (kept for static picks) only when the upper one is full.

/** min(max(min, size/step), max), as calculateRangeOffset for ports (16, 32, 128) and IPs (16, 16, 256). */
export function rangeOffset(size: number, min: number, step: number, max: number): number {
  if (size <= min) return 0;
  return Math.min(Math.max(min, Math.floor(size / step)), max);
}

/** A free value in [lo, hi] (inclusive), or undefined when every one is taken. */
export function pickFree(
  lo: number,
  hi: number,
  offset: number,
  taken: (v: number) => boolean,
  random: () => number,
): number | undefined {
  const scan = (from: number, to: number): number | undefined => {
    const size = to - from + 1;
    if (size <= 0) return undefined;
    const start = Math.min(size - 1, Math.floor(random() * size));
    for (let i = 0; i < size; i++) {
      const v = from + ((start + i) % size);
      if (!taken(v)) return v;
    }
    return undefined;
  };
  return scan(lo + offset, hi) ?? scan(lo, lo + offset - 1);
}
