import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError } from './errors.ts';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

/** Maps anything thrown in a request to the catalogue's JSON error body. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const details = err.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return new AppError('VALIDATION_FAILED', describeValidation(details), details);
  }
  const fastifyError = err as FastifyError & PgError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const details = fastifyError.validation.map((issue) => ({
      path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      in: fastifyError.validationContext,
      message: issue.message ?? 'invalid',
    }));
    return new AppError('VALIDATION_FAILED', describeValidation(details), details);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('MALFORMED_JSON', 'The JSON body is empty');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('MALFORMED_JSON');
    case '23505':
      if (fastifyError.constraint === 'users_email_key')
        return new AppError('CONFLICT', 'A user with this email exists');
      return new AppError('CONFLICT', `Duplicate value (${fastifyError.constraint ?? 'unique key'})`);
    case '23503':
      return new AppError('VALIDATION_FAILED', 'A referenced record does not exist');
    case '22P02':
      return new AppError('VALIDATION_FAILED', 'A value has the wrong format');
  }
  if (err instanceof SyntaxError && fastifyError.statusCode === 400) return new AppError('MALFORMED_JSON');
  if (fastifyError.statusCode === 404) return new AppError('NOT_FOUND');
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', fastifyError.message);
  }
  return new AppError('INTERNAL');
}

function describeValidation(details: { path: string; message: string }[]): string {
  const first = details[0];
  if (!first) return 'The request is not valid';
  const more = details.length > 1 ? ` (and ${details.length - 1} more)` : '';
  return `${first.path || 'body'}: ${first.message}${more}`;
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(err);
  if (appError.status >= 500) request.log.error({ err }, 'request failed');
  reply.code(appError.status).type('application/json').send(appError.toBody());
}
