// asl-validator 4 ships no type declarations; this is the part of its API the project uses.
declare module 'asl-validator' {
  interface ValidationOptions {
    checkPaths?: boolean;
    checkArn?: boolean;
  }
  interface ValidationResult {
    isValid: boolean;
    errors: unknown[];
    errorsText: (separator?: string) => string;
  }
  function validator(definition: unknown, options?: ValidationOptions): ValidationResult;
  export = validator;
}
