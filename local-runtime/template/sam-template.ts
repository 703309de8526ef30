/** The parts of a SAM template that the local runtime reads. */
export interface SamTemplate {
  readonly Transform?: string | readonly string[];
  readonly Parameters?: Readonly<Record<string, TemplateParameter>>;
  readonly Conditions?: Readonly<Record<string, unknown>>;
  readonly Globals?: Readonly<Record<string, unknown>>;
  readonly Resources: Readonly<Record<string, TemplateResource>>;
  readonly Outputs?: Readonly<Record<string, { readonly Value: unknown; readonly Description?: string }>>;
}

export interface TemplateParameter {
  readonly Type: string;
  readonly Default?: unknown;
  readonly AllowedValues?: readonly unknown[];
  readonly AllowedPattern?: string;
  readonly ConstraintDescription?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Condition?: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/** A stack folder: the template and where it was read from (relative paths resolve from `dir`). */
export interface StackSource {
  readonly dir: string;
  readonly templateFile: string;
  readonly template: SamTemplate;
}

export const resourcesOfType = (
  template: SamTemplate,
  type: string,
): [logicalId: string, resource: TemplateResource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
