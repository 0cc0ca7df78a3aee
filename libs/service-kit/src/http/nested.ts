import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, ValidateNested } from 'class-validator';

type Dto = () => new () => object;

/**
 * A nested object validated against its own DTO. Required unless preceded by @IsOptional():
 * @ValidateNested alone lets an absent value, an array or an empty array through, and the
 * command then fails on it (a 500) instead of the request being refused (a 400 naming it).
 */
export const Nested = (dto: Dto): PropertyDecorator =>
  compose(IsObject({ message: 'must be an object' }), ValidateNested(), Type(dto));

/** A list of nested objects, each validated against its DTO, with `min` to `max` elements. */
export const NestedList = (dto: Dto, { min, max, noun = 'element' }: { min: number; max: number; noun?: string }): PropertyDecorator =>
  compose(
    IsArray({ message: `must be a list of ${noun}s` }),
    ArrayMinSize(min, { message: `must contain at least ${min === 1 ? `one ${noun}` : `${min} ${noun}s`}` }),
    ArrayMaxSize(max, { message: `must contain at most ${max} ${noun}s` }),
    IsObject({ each: true, message: `each ${noun} must be an object` }),
    ValidateNested({ each: true }),
    Type(dto),
  );

export function compose(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}
