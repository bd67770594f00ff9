import type { FastifyInstance } from 'fastify';
import { RequestProblemsError } from './request-problems';

/**
 * JSON is the only body the API reads: any other content type is answered 415 by fastify, and a
 * body that is not JSON is a 400 that names the body, like every other validation problem.
 */
export function acceptOnlyJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const body = String(text);
    if (body.trim() === '') {
      done(malformed('the body is empty; send the request as a JSON object'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(body));
    } catch (error) {
      done(malformed(`the body is not valid JSON (${(error as Error).message})`), undefined);
    }
  });
}

function malformed(message: string): RequestProblemsError {
  return new RequestProblemsError('MalformedJson', [{ field: '(body)', message }]);
}
