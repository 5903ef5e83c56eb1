import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ErrorStatus, type ApiError, type ErrorCode } from '../../shared/contract/api';

interface InvalidField {
  field: string;
  message: string;
}

/** The one error type routes and services throw: its message is safe to show to the caller. */
export class HttpError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
    this.status = ErrorStatus[code];
  }

  static invalidFields(fields: readonly InvalidField[]): HttpError {
    const message = fields.map(({ field, message }) => `${field}: ${message}`).join('; ');
    return new HttpError('bad_request', message, fields);
  }
}

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError('not_found', `No such endpoint: ${req.method} ${req.path}`));
};

/** Shape of the errors body-parser raises (it uses the http-errors package). */
interface BodyReadError {
  type: string;
  status: number;
  expose: boolean;
  message: string;
  limit?: number;
}

function isBodyReadError(error: unknown): error is BodyReadError {
  return typeof error === 'object' && error !== null && 'type' in error && 'status' in error && 'expose' in error;
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) {
    return error;
  }
  if (isBodyReadError(error)) {
    if (error.type === 'entity.parse.failed') {
      return new HttpError('bad_request', 'The request body is not valid JSON');
    }
    if (error.type === 'entity.too.large') {
      return new HttpError('payload_too_large', `The request body is larger than ${error.limit ?? 'allowed'} bytes`);
    }
    // Other unreadable bodies (unsupported charset or encoding, aborted upload): the client's fault,
    // and body-parser marks those messages as safe to expose.
    if (error.expose && error.status >= 400 && error.status < 500) {
      return new HttpError('bad_request', error.message);
    }
  }
  return new HttpError('internal', 'Something went wrong on our side. Please try again later.');
}

/** Answers every error as an `ApiError` JSON body; only our own safe messages ever reach the caller. */
export function errorResponder(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const httpError = toHttpError(error);
    if (httpError.status >= 500) {
      logger.error({ err: error, requestId: res.locals.requestId, method: req.method, path: req.path }, 'request failed');
    }
    if (res.headersSent) {
      // Too late for a JSON answer: let express close the connection.
      next(error);
      return;
    }
    const body: ApiError = {
      error: {
        code: httpError.code,
        message: httpError.message,
        ...(httpError.details === undefined ? {} : { details: httpError.details }),
      },
    };
    res.status(httpError.status).json(body);
  };
}
