import { ArgumentsHost, Catch, ExceptionFilter, Type } from '@nestjs/common';
import { Response } from 'express';
import { DomainException } from '@care-events/domain-primitives';

/**
 * Builds the one place where a service's domain exception codes become HTTP statuses. The
 * Record type makes the mapping exhaustive: a new code without a status does not compile.
 */
export function domainExceptionFilter<Code extends string>(statusByCode: Record<Code, number>): Type<ExceptionFilter> {
  @Catch(DomainException)
  class DomainExceptionFilter implements ExceptionFilter<DomainException<Code>> {
    catch(exception: DomainException<Code>, host: ArgumentsHost) {
      const response = host.switchToHttp().getResponse<Response>();
      const status = statusByCode[exception.code] ?? 500;
      // A 400 lists its problems as the validation pipe does ("field: reason"), so clients read one shape.
      const message = status === 400 ? [exception.message] : exception.message;
      response.status(status).json({ statusCode: status, error: exception.code, message, ...exception.details });
    }
  }
  return DomainExceptionFilter;
}
