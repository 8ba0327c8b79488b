/**
 * JSON Schema validation (ajv 8) with human-readable messages, and JSON parsing that never throws:
 * the two things every inbound-message handler needs before it touches a payload.
 * @packageDocumentation
 */
import { isNativeError } from 'node:util/types';
import { Ajv, type ErrorObject } from 'ajv';

/** Outcome of a validator made by {@link compileValidator}. */
export interface ValidationResult {
  /** Whether the data satisfies the schema. */
  valid: boolean;
  /** One readable line per problem, for example `/temperature must be number`; empty when valid. */
  errors: string[];
}

/** Settings of {@link compileValidator}. */
export interface CompileValidatorOptions {
  /** Most messages reported for one value (100); the rest are summarised in one last line. */
  maxErrors?: number;
}

function describeValue(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
}

/** Turns one ajv error into `<JSON pointer> <message>`, adding the detail ajv keeps in `params`. */
function formatError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '/' : e.instancePath;
  const params = e.params as Record<string, unknown>;
  let message = e.message ?? `fails ${e.keyword}`;
  switch (e.keyword) {
    case 'additionalProperties':
      message = `must NOT have additional property ${describeValue(params.additionalProperty)}`;
      break;
    case 'enum':
      if (Array.isArray(params.allowedValues)) {
        message = `must be one of ${params.allowedValues.map(describeValue).join(', ')}`;
      }
      break;
    case 'const':
      message = `must be equal to ${describeValue(params.allowedValue)}`;
      break;
    default:
      break;
  }
  return `${where} ${message}`;
}

/**
 * Compiles a JSON Schema (draft-07 / 2019-09 keywords as ajv 8 supports them by default) into a
 * reusable validator that reports every problem, not only the first.
 *
 * Unknown keywords (vendor annotations such as `unit`) are ignored rather than rejected. The
 * returned function never throws; data the validator cannot process is reported as invalid.
 *
 * @param schema - The schema object.
 * @param opts - Limits of the report.
 * @returns A function checking one value.
 * @throws Error when the schema itself is invalid (for example `{"type": "nope"}`).
 *
 * @example
 * ```ts
 * const check = compileValidator({ type: 'object', properties: { temperature: { type: 'number' } } });
 * check({ temperature: 'hot' }); // { valid: false, errors: ['/temperature must be number'] }
 * ```
 */
export function compileValidator(schema: object, opts: CompileValidatorOptions = {}): (data: unknown) => ValidationResult {
  const maxErrors = opts.maxErrors ?? 100;
  // One ajv instance per schema: nothing is cached across calls, and `$id`s of unrelated schemas cannot collide.
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  const validate = ajv.compile(schema);
  return (data: unknown): ValidationResult => {
    let ok: boolean;
    try {
      ok = validate(data) as boolean;
    } catch (err) {
      return { valid: false, errors: [`/ could not be validated: ${(err as Error).message}`] };
    }
    if (ok) return { valid: true, errors: [] };
    const all = (validate.errors ?? []).map(formatError);
    const unique = [...new Set(all)];
    if (unique.length > maxErrors) {
      const shown = unique.slice(0, maxErrors);
      shown.push(`... and ${unique.length - maxErrors} more errors`);
      return { valid: false, errors: shown };
    }
    return { valid: false, errors: unique.length > 0 ? unique : ['/ is invalid'] };
  };
}

/** Settings of {@link safeJsonParse}. */
export interface SafeJsonParseOptions {
  /** Reject input longer than this many bytes (Buffer) or UTF-16 code units (string) without parsing it. Unlimited by default. */
  maxLength?: number;
}

/** Result of {@link safeJsonParse}: the value, or why there is none. */
export type SafeJsonParseResult = { ok: true; value: unknown } | { ok: false; error: Error };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Parses JSON without ever throwing, for payloads from the network.
 *
 * A Buffer (or other Uint8Array) must be valid UTF-8; a leading byte-order mark is skipped for
 * both Buffers and strings. Invalid UTF-8, invalid JSON, input over `maxLength`, anything that is
 * not a string or bytes, and engine limits (string too long, nesting too deep) all come back as
 * `{ ok: false, error }`.
 *
 * @param text - The payload.
 * @param opts - Optional size limit.
 * @returns `{ ok: true, value }` or `{ ok: false, error }`.
 */
export function safeJsonParse(text: string | Buffer, opts: SafeJsonParseOptions = {}): SafeJsonParseResult {
  try {
    if (typeof text !== 'string' && !(text instanceof Uint8Array)) {
      return { ok: false, error: new TypeError('JSON input must be a string or a Buffer') };
    }
    const length = typeof text === 'string' ? text.length : text.byteLength;
    if (opts.maxLength !== undefined && length > opts.maxLength) {
      return { ok: false, error: new RangeError(`JSON input of ${length} exceeds the limit of ${opts.maxLength}`) };
    }
    let source: string;
    if (typeof text === 'string') {
      source = text;
    } else {
      try {
        source = utf8.decode(text);
      } catch {
        return { ok: false, error: new TypeError('JSON input is not valid UTF-8') };
      }
    }
    if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (err) {
    // Engine errors (string too long, stack overflow) may come from another realm: keep them if they are errors.
    return { ok: false, error: err instanceof Error || isNativeError(err) ? (err as Error) : new Error(String(err)) };
  }
}
