import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response } from 'express';

/** Bodies larger than this are refused with 413: no command of these APIs comes near it. */
export const BODY_LIMIT = '100kb';

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * How request bodies are read, in front of every route: JSON objects only, of bounded size, with
 * no NUL characters and no unpaired UTF-16 surrogates (JSON can carry both as \u escapes; PostgreSQL
 * text and jsonb can hold neither) and no keys named like members every object has (`__proto__`,
 * `constructor`, `toString`, `prototype`…: class-transformer takes `__proto__` as the object's
 * prototype and drops the others without a word, so the validation pipe would never see them). Whatever fails here is a 4xx
 * in the shape the validation pipe uses, naming `body`, a field or the path.
 */
export function readJsonBodies(app: NestExpressApplication): void {
  app.use(refuseMalformedPath);
  app.use(requireJsonContent);
  app.useBodyParser('json', { limit: BODY_LIMIT, strict: true });
  app.use(answerUnreadableBody);
  app.use(refuseUnsafeBody);
}

function refuseMalformedPath(request: Request, response: Response, next: NextFunction): void {
  try {
    decodeURIComponent(request.path);
    next();
  } catch {
    refuse(response, 400, 'path: is not valid percent-encoding');
  }
}

function requireJsonContent(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (WRITE_METHODS.includes(request.method) && hasBody && !request.is('json')) {
    return refuse(response, 415, 'body: must be sent as application/json');
  }
  next();
}

/** body-parser's errors carry a `type`; without this handler they become a bare 400 or a 500. */
function answerUnreadableBody(error: { type?: string; status?: number } | undefined, _: Request, response: Response, next: NextFunction): void {
  switch (error?.type) {
    case 'entity.parse.failed':
      return refuse(response, 400, 'body: is not valid JSON, or not a JSON object');
    case 'entity.too.large':
      return refuse(response, 413, `body: must not be larger than ${BODY_LIMIT}`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return refuse(response, 415, 'body: must be UTF-8 JSON');
    default:
      if (error?.status && error.status >= 400 && error.status < 500) return refuse(response, error.status, 'body: could not be read');
      return next(error);
  }
}

function refuseUnsafeBody(request: Request, response: Response, next: NextFunction): void {
  if (!WRITE_METHODS.includes(request.method) || request.body === undefined) return next();
  if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) return refuse(response, 400, 'body: must be a JSON object');
  const problem = unsafeValue(request.body, '');
  return problem ? refuse(response, 400, problem) : next();
}

const OBJECT_MEMBER_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const WELL_FORMED_TEXT = /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/** Why a string cannot be stored, if it cannot. */
function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (!WELL_FORMED_TEXT.test(text)) return 'must be well-formed Unicode text (no unpaired surrogate)';
  return undefined;
}

/** The first unstorable string or object-member key, as "field.path: reason". */
function unsafeValue(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') {
    const problem = unstorableText(value);
    return problem && `${path}: ${problem}`;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (OBJECT_MEMBER_NAMES.has(key)) return `${field}: is not a known field`;
    const keyProblem = unstorableText(key);
    if (keyProblem) return `${field}: ${keyProblem}`;
    const problem = unsafeValue(child, field);
    if (problem) return problem;
  }
  return undefined;
}

function refuse(response: Response, status: number, message: string): void {
  const error = status === 413 ? 'Payload Too Large' : status === 415 ? 'Unsupported Media Type' : 'Bad Request';
  response.status(status).json({ statusCode: status, error, message: [message] });
}
