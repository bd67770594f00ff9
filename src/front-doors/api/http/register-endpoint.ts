import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Endpoint } from '../contract/endpoints';
import { checkRequestPart } from './request-problems';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a handler receives: the request parts already validated (and typed) by the endpoint's schemas. */
export interface EndpointInput<E extends Endpoint> {
  params: E['params'] extends z.ZodType ? z.output<E['params']> : Record<string, never>;
  body: E['body'] extends z.ZodType ? z.output<E['body']> : undefined;
}

export type EndpointHandler<E extends Endpoint> = (input: EndpointInput<E>, request: FastifyRequest) => Promise<Answer>;

/** Request parts are checked by the endpoint's zod schemas before any handler runs. */
export function validateWithZod(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    const checked = checkRequestPart(schema as z.ZodType, data);
    return checked.ok ? { value: checked.value } : { error: checked.error };
  });
}

export function registerEndpoint<E extends Endpoint>(
  app: FastifyInstance,
  endpoint: E,
  handle: EndpointHandler<E>,
): void {
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    schema: {
      ...(endpoint.params ? { params: endpoint.params } : {}),
      ...(endpoint.body ? { body: endpoint.body } : {}),
    },
    handler: async (request, reply) => {
      const answer = await handle({ params: request.params, body: request.body } as EndpointInput<E>, request);
      void reply.code(answer.status).headers(answer.headers ?? {});
      return answer.body;
    },
  });
}
