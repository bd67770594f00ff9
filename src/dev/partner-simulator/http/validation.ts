import type { z } from 'zod';

export interface ValidationProblem {
  /** Dotted path with [index] for arrays, e.g. `items[0].quantity`; `body` for the whole body. */
  field: string;
  message: string;
}

/** The first issue decides: one clear field name beats a list the caller has to untangle. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): ValidationProblem {
  const issue = issues[0];
  if (!issue) return { field: 'body', message: 'body: invalid' };
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
  const field = formatPath(path);
  const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
  return { field, message: `${field}: ${message}` };
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text || 'body';
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: ValidationProblem };

export function parseWith<T>(schema: z.ZodType<T>, input: unknown): Parsed<T> {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, problem: describeIssues(parsed.error.issues) };
}
