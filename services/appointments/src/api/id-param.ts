import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** A path id that is not a UUID is a 400 naming the parameter, like any other bad field. */
export const idParam = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['id: must be a UUID'] }),
});
