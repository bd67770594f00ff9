/** The flat figures other programs read from latest.json: exactly these keys, numbers or null. */
export const SUMMARY_KEYS = [
  'fanout_overhead_p50_ms',
  'fanout_e2e_p50_over_ideal',
  'width20_over_width1_p50',
  'temporal_over_plain_p50',
  'orders_per_sec',
  'throughput_e2e_p99_ms',
  'scoring_pool_speedup',
  'io_lag_p99_ms',
  'inline_over_pool_lag_p99',
  'io_worker_rss_mb_1000_inflight',
  'history_events_per_order',
  'workflow_tasks_per_order',
  'activity_tasks_per_order',
] as const;

export type SummaryKey = (typeof SUMMARY_KEYS)[number];
export type Summary = Record<SummaryKey, number | null>;

export interface Target {
  /** Human-readable, e.g. "<= 40". */
  target: string;
  met: (value: number, summary: Summary) => boolean;
}

/** Issues 8 and 12's targets for this 2-core machine. */
export const TARGETS: Partial<Record<SummaryKey, Target>> = {
  fanout_overhead_p50_ms: { target: '<= 100', met: (v) => v <= 100 },
  temporal_over_plain_p50: { target: '<= 1.25', met: (v) => v <= 1.25 },
  width20_over_width1_p50: { target: '<= 1.3', met: (v) => v <= 1.3 },
  orders_per_sec: {
    target: '>= 20 with throughput_e2e_p99_ms < 2000',
    met: (v, s) => v >= 20 && (s.throughput_e2e_p99_ms ?? Infinity) < 2000,
  },
  throughput_e2e_p99_ms: { target: '< 2000', met: (v) => v < 2000 },
  scoring_pool_speedup: { target: '>= 1.7', met: (v) => v >= 1.7 },
  io_lag_p99_ms: { target: '< 20', met: (v) => v < 20 },
  inline_over_pool_lag_p99: { target: '>= 10', met: (v) => v >= 10 },
  io_worker_rss_mb_1000_inflight: { target: '<= 600', met: (v) => v <= 600 },
  history_events_per_order: { target: '<= 50', met: (v) => v <= 50 },
};

/** Which scenario produces each figure, to say why one is missing. */
export const SUMMARY_SOURCES: Record<SummaryKey, string> = {
  fanout_overhead_p50_ms: 'fanout',
  fanout_e2e_p50_over_ideal: 'fanout',
  width20_over_width1_p50: 'width',
  temporal_over_plain_p50: 'baseline',
  orders_per_sec: 'throughput',
  throughput_e2e_p99_ms: 'throughput',
  scoring_pool_speedup: 'scoring',
  io_lag_p99_ms: 'isolation',
  inline_over_pool_lag_p99: 'isolation',
  io_worker_rss_mb_1000_inflight: 'memory',
  history_events_per_order: 'fanout',
  workflow_tasks_per_order: 'fanout',
  activity_tasks_per_order: 'fanout',
};
