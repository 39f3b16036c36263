/**
 * The subset of JSON Schema that Stripe's OpenAPI request schemas use, and the builders the hand-written
 * schemas of the smaller resources are made of.
 */
export interface ParamSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  properties?: Record<string, ParamSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | ParamSchema;
  items?: ParamSchema;
  enum?: readonly string[];
  anyOf?: readonly ParamSchema[];
  format?: string;
  maxLength?: number;
  /** JSON `null` is accepted (OpenAPI's `nullable`); only the emulator's JSON endpoints can send it. */
  nullable?: boolean;
  /** The emulator's own marker: nested keys beyond `properties` are accepted (a partly transcribed schema). */
  'x-research-note'?: string;
  [extension: string]: unknown;
}

export const str = (extra: Partial<ParamSchema> = {}): ParamSchema => ({ type: 'string', ...extra });
export const int = (): ParamSchema => ({ type: 'integer' });
export const num = (): ParamSchema => ({ type: 'number' });
export const bool = (): ParamSchema => ({ type: 'boolean' });
export const oneOf = (values: readonly string[]): ParamSchema => ({ type: 'string', enum: values });
export const arrayOf = (items: ParamSchema): ParamSchema => ({ type: 'array', items });
export const object = (
  properties: Record<string, ParamSchema>,
  required: readonly string[] = [],
): ParamSchema => ({
  type: 'object',
  properties,
  required,
});
/** `""` is accepted and means "unset". */
export const emptyable = (schema: ParamSchema): ParamSchema => ({
  anyOf: [schema, { type: 'string', enum: [''] }],
});
export const metadata = (): ParamSchema => ({ type: 'object', additionalProperties: { type: 'string' } });
export const expand = (): ParamSchema => arrayOf(str());
export const listParams = (extra: Record<string, ParamSchema> = {}): ParamSchema =>
  object({ limit: int(), starting_after: str(), ending_before: str(), expand: expand(), ...extra });
/** Accepts JSON `null` as well. */
export const nullable = (schema: ParamSchema): ParamSchema => ({ ...schema, nullable: true });
