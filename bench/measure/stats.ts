/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50);
}

export interface Distribution {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

export function distribution(values: readonly number[]): Distribution {
  const at = (p: number): number | null => round(percentile(values, p));
  return { count: values.length, p50: at(50), p90: at(90), p99: at(99), max: at(100) };
}

/** One decimal is finer than anything this machine measures reliably. */
export function round(value: number | undefined | null, decimals = 1): number | null {
  if (value === undefined || value === null || !Number.isFinite(value)) return null;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

export function ratio(
  numerator: number | null | undefined,
  denominator: number | null | undefined,
  decimals = 2,
): number | null {
  if (
    numerator === null ||
    numerator === undefined ||
    denominator === null ||
    denominator === undefined ||
    denominator <= 0
  )
    return null;
  return round(numerator / denominator, decimals);
}
