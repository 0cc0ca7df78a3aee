export * from './validation';
export * from './nhs-number';
export * from './ods-code';
export * from './verhoeff';
export * from './snomed-ct-id';
export * from './dmd-id';
export * from './ucum-unit';
export * from './date-interval';
