/**
 * Errors the local runtime raises for what it cannot run. Each names the thing it refuses and the
 * file it comes from, so that a user knows what to change: the runtime never guesses.
 */

/** A stack folder or template that cannot be used: missing, not YAML, not a SAM template. */
export class TemplateError extends Error {
  public override readonly name = 'TemplateError';
  public constructor(
    message: string,
    public readonly file: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** A feature the template or a definition uses that the local runtime does not emulate. */
export class UnsupportedFeatureError extends Error {
  public override readonly name = 'UnsupportedFeatureError';
  public constructor(
    message: string,
    public readonly file: string,
  ) {
    super(`${file}: ${message} is not supported by the local runtime`);
  }
}
