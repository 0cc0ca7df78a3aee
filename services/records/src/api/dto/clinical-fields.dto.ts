import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';

/** A nested object validated against its own DTO; required unless preceded by @IsOptional(). */
export const Nested = (dto: () => new () => object): PropertyDecorator => (target, key) => {
  IsObject({ message: 'must be an object' })(target, key);
  ValidateNested()(target, key);
  Type(dto)(target, key);
};


