import { z } from 'zod';
import { REFUSAL_KINDS, type RefusalKind } from '../http/refusals';
import { parseTarget, type FaultTarget } from '../targets';
import { describeIssues, type ValidationProblem } from '../http/validation';

/** Fixed milliseconds, or a distribution sampled from the simulator's seeded random stream. */
export type LatencySpec =
  number | { uniform: [minMs: number, maxMs: number] } | { normal: { meanMs: number; stddevMs: number } };

export type ErrorStatus = 429 | 500 | 502 | 503;

/**
 * One rule per target; the most specific target matching a request decides alone
 * (`carrier:X.op` > `carrier:X` > `partner.op` > `partner`), rules never merge.
 *
 * Traits hit every matching request: `latency` (before anything else) and `slowBodyMs` (on the
 * answer). A failure mode hits the requests the selector picks: at most one of `errorStatus`, `hang`,
 * `resetConnection`, `refuse`, `lateAnswerMs`. The selector is `failFirst` (the first n matching requests) and/or
 * `errorRate` (each later request with that probability); a mode without a selector hits every
 * request, a selector without a mode answers 503.
 */
export interface FaultRule {
  target: FaultTarget;
  latency?: LatencySpec;
  failFirst?: number;
  errorRate?: number;
  /** 429 is the rate-limit answer: it always carries Retry-After (retryAfterSeconds, default 1). */
  errorStatus?: ErrorStatus;
  /** Adds Retry-After to 429 and 503 answers. */
  retryAfterSeconds?: number;
  /** Accept the request and never answer, until the client closes the connection. */
  hang?: boolean;
  /** Destroy the socket (TCP RST) without answering. */
  resetConnection?: boolean;
  /** Answer with this permanent refusal, exactly as the real one (remembered under the key). */
  refuse?: RefusalKind;
  /**
   * The partner acts (or replays the answer it gave under the key), then holds the answer back this
   * long: a client whose deadline is shorter never learns that the partner did it.
   */
  lateAnswerMs?: number;
  /** Send the headers, then dribble the body over this many ms. */
  slowBodyMs?: number;
}

/** The whole fault configuration: `PUT /_admin/faults` replaces it, `{ rules: [] }` clears it. */
export interface FaultSpec {
  rules: FaultRule[];
}

const MAX_MS = 600_000;
const milliseconds = z.number().min(0).max(MAX_MS);

const latencySchema = z.union(
  [
    milliseconds,
    z.strictObject({ uniform: z.tuple([milliseconds, milliseconds]) }),
    z.strictObject({ normal: z.strictObject({ meanMs: milliseconds, stddevMs: milliseconds }) }),
  ],
  { error: `expected milliseconds (0..${MAX_MS}), { uniform: [minMs, maxMs] } or { normal: { meanMs, stddevMs } }` },
);

const TARGET_FORMS =
  'a partner (inventory, payments, fraud, carriers, feeds), an operation like payments.authorize, or carrier:<carrierId>[.quote|.book]';
const FAILURE_MODES = ['errorStatus', 'hang', 'resetConnection', 'refuse', 'lateAnswerMs'] as const;

const ruleSchema = z
  .strictObject({
    target: z
      .string({ error: `required: ${TARGET_FORMS}` })
      .refine((target) => parseTarget(target) !== undefined, { error: `unknown target; expected ${TARGET_FORMS}` }),
    latency: latencySchema.optional(),
    failFirst: z.number().int().min(0).max(1_000_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    errorStatus: z
      .union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)], {
        error: 'expected 429, 500, 502 or 503',
      })
      .optional(),
    retryAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    hang: z.boolean().optional(),
    resetConnection: z.boolean().optional(),
    refuse: z.enum(REFUSAL_KINDS as [RefusalKind, ...RefusalKind[]]).optional(),
    slowBodyMs: milliseconds.optional(),
    lateAnswerMs: milliseconds.optional(),
  })
  .superRefine((rule, ctx) => {
    const modes = FAILURE_MODES.filter((mode) => rule[mode] !== undefined && rule[mode] !== false);
    if (modes.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: [modes[1] as string],
        message: `choose one failure mode per rule, got ${modes.join(' and ')}`,
      });
    }
    const latency = rule.latency;
    if (
      latency !== undefined &&
      typeof latency === 'object' &&
      'uniform' in latency &&
      latency.uniform[0] > latency.uniform[1]
    ) {
      ctx.addIssue({ code: 'custom', path: ['latency', 'uniform'], message: 'minMs must not exceed maxMs' });
    }
    const status = rule.errorStatus ?? 503;
    if (
      rule.retryAfterSeconds !== undefined &&
      (modes.some((mode) => mode !== 'errorStatus') || (status !== 429 && status !== 503))
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['retryAfterSeconds'],
        message: 'only 429 and 503 answers carry Retry-After',
      });
    }
    if (rule.lateAnswerMs !== undefined && parseTarget(rule.target)?.partner === 'feeds') {
      ctx.addIssue({
        code: 'custom',
        path: ['lateAnswerMs'],
        message: 'feeds are reads; a late answer is a hang or latency there',
      });
    }
    if (rule.refuse !== undefined && parseTarget(rule.target)?.partner === 'feeds') {
      ctx.addIssue({ code: 'custom', path: ['refuse'], message: 'feeds are reads; they have no refusals to inject' });
    }
  });

const specSchema = z.strictObject({ rules: z.array(ruleSchema).max(500) }).superRefine((spec, ctx) => {
  const seen = new Set<string>();
  spec.rules.forEach((rule, index) => {
    if (seen.has(rule.target))
      ctx.addIssue({ code: 'custom', path: ['rules', index, 'target'], message: `duplicate target ${rule.target}` });
    seen.add(rule.target);
  });
});

export type FaultSpecParse = { ok: true; spec: FaultSpec } | { ok: false; problem: ValidationProblem };

/** Validates a spec's shape and that every carrier it names exists in this simulator. */
export function parseFaultSpec(input: unknown, knownCarrierIds: ReadonlySet<string>): FaultSpecParse {
  const parsed = specSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problem: describeIssues(parsed.error.issues) };
  const rules = parsed.data.rules as FaultRule[];
  for (const [index, rule] of rules.entries()) {
    const target = parseTarget(rule.target);
    if (target?.kind === 'carrier' && !knownCarrierIds.has(target.carrierId)) {
      const field = `rules[${index}].target`;
      const known = [...knownCarrierIds];
      return {
        ok: false,
        problem: {
          field,
          message: `${field}: unknown carrier ${target.carrierId} (this simulator has ${known[0]}..${known[known.length - 1]})`,
        },
      };
    }
  }
  return { ok: true, spec: { rules } };
}
