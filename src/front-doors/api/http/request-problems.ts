import type { z } from 'zod';
import { validateOrder, orderSchema, type FieldProblem } from '../../../domain/order';

export type ProblemCode = 'InvalidOrder' | 'InvalidRequest' | 'MalformedJson';

/** A request refused before any work started, naming each offending field. */
export class RequestProblemsError extends Error {
  override name = 'RequestProblemsError';
  readonly statusCode = 400;
  constructor(
    readonly code: ProblemCode,
    readonly problems: FieldProblem[],
  ) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

export type Checked = { ok: true; value: unknown } | { ok: false; error: RequestProblemsError };

/**
 * Validates one part of a request. The order goes through the domain's own validator, so the API
 * names fields with exactly the messages the client, the CLI and the workflow use.
 */
export function checkRequestPart(schema: z.ZodType, input: unknown): Checked {
  if (schema === orderSchema) {
    const validation = validateOrder(input);
    return validation.ok
      ? { ok: true, value: validation.order }
      : { ok: false, error: new RequestProblemsError('InvalidOrder', validation.problems) };
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: new RequestProblemsError('InvalidRequest', parsed.error.issues.map(toFieldProblem)) };
}

function toFieldProblem(issue: z.core.$ZodIssue): FieldProblem {
  const field = issue.path.length === 0 ? '(body)' : issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') return { field, message: `unknown field(s): ${issue.keys.join(', ')}` };
  if (issue.path.length === 0 && issue.code === 'invalid_type')
    return { field, message: 'the body must be a JSON object' };
  if (issue.code === 'invalid_type' && issue.input === undefined) return { field, message: `${field} is required` };
  return { field, message: issue.message };
}
