/**
 * {@link ConditionExecute}: evaluates DEVICE_DATA conditions against reported properties.
 * @module
 */
import type { ServiceProperty } from '../../client/request/service_property.js';
import type { Condition } from './connditions.js';

/** Thrown by {@link pyFloat} where Python's float() raises ValueError. */
class FloatValueError extends TypeError {}

/**
 * Python `float(x)`.
 * @param v - a number, bool or numeric string
 * @returns the number
 * @throws TypeError when Python would raise
 */
export function pyFloat(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') throw new TypeError(`float() argument must be a string or a real number`);
  const t = v.trim().replace(/_/g, '');
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  throw new FloatValueError(`could not convert string to float: '${v}'`);
}

type Cmp = (x: number, y: number) => boolean;

/** Condition evaluation (Python `ConditionExecute`). */
export class ConditionExecute {
  /**
   * Whether a condition holds for the reported services; only DEVICE_DATA conditions can hold.
   * @param condition - the condition
   * @param properties - reported services
   * @returns true when any reported service with the condition's service id satisfies it
   */
  is_condition_satisfied(condition: Condition, properties: ServiceProperty[]): boolean {
    if (condition.type !== 'DEVICE_DATA' || !condition.device_info) return false;
    const parts = condition.device_info.path.split('/');
    const service_id = parts[0] ?? '';
    const prop = parts[parts.length - 1] ?? '';
    try {
      switch (condition.operator) {
        case '>':
          return this.operation_more_than(condition.value, service_id, prop, properties);
        case '>=':
          return this.operation_more_equal(condition.value, service_id, prop, properties);
        case '<':
          return this.operation_less_than(condition.value, service_id, prop, properties);
        case '<=':
          return this.operation_less_equal(condition.value, service_id, prop, properties);
        case '=':
          return this.operation_equal(condition.value, service_id, prop, properties);
        case 'between':
          return this.operation_between(condition.value, service_id, prop, properties);
        case 'in':
          return this.operation_in(condition.in_values, service_id, prop, properties);
        default:
          return false;
      }
    } catch {
      return false;
    }
  }

  private any(service_id: string, property_path: string, properties: ServiceProperty[], test: (x: unknown) => boolean): boolean {
    for (const sp of properties) {
      if (sp.service_id !== service_id || !sp.properties || !(property_path in sp.properties)) continue;
      try {
        if (test(sp.properties[property_path])) return true;
      } catch {
        // non-numeric value: this service does not satisfy the condition
      }
    }
    return false;
  }

  private numeric(value: string, service_id: string, property_path: string, properties: ServiceProperty[], cmp: Cmp): boolean {
    const y = pyFloat(value);
    return this.any(service_id, property_path, properties, (x) => cmp(pyFloat(x), y));
  }

  /**
   * reported <= value.
   * @param value - number as text
   * @param service_id - service id
   * @param property_path - property name
   * @param properties - reported services
   * @returns the outcome
   */
  operation_less_equal(value: string, service_id: string, property_path: string, properties: ServiceProperty[]): boolean {
    return this.numeric(value, service_id, property_path, properties, (x, y) => x <= y);
  }
  /**
   * reported < value.
   * @param value - number as text
   * @param service_id - service id
   * @param property_path - property name
   * @param properties - reported services
   * @returns the outcome
   */
  operation_less_than(value: string, service_id: string, property_path: string, properties: ServiceProperty[]): boolean {
    return this.numeric(value, service_id, property_path, properties, (x, y) => x < y);
  }
  /**
   * reported == value numerically, or as strings when either is not a number.
   * @param value - the value
   * @param service_id - service id
   * @param property_path - property name
   * @param properties - reported services
   * @returns the outcome
   */
  operation_equal(value: string, service_id: string, property_path: string, properties: ServiceProperty[]): boolean {
    return this.any(service_id, property_path, properties, (x) => {
      try {
        return pyFloat(x) === pyFloat(value);
      } catch (e) {
        if (e instanceof FloatValueError) return x === value;
        throw e;
      }
    });
  }
  /**
   * reported >= value.
   * @param value - number as text
   * @param service_id - service id
   * @param property_path - property name
   * @param properties - reported services
   * @returns the outcome
   */
  operation_more_equal(value: string, service_id: string, property_path: string, properties: ServiceProperty[]): boolean {
    return this.numeric(value, service_id, property_path, properties, (x, y) => x >= y);
  }
  /**
   * reported > value.
   * @param value - number as text
   * @param service_id - service id
   * @param property_path - property name
   * @param properties - reported services
   * @returns the outcome
   */
  operation_more_than(value: string, service_id: string, property_path: string, properties: ServiceProperty[]): boolean {
    return this.numeric(value, service_id, property_path, properties, (x, y) => x > y);
  }
  /**
   * min <= reported <= max, value "min,max".
   * @param value - "min,max"
   * @param service_id - service id
   * @param property_path - property name
   * @param properties - reported services
   * @returns the outcome
   */
  operation_between(value: string, service_id: string, property_path: string, properties: ServiceProperty[]): boolean {
    const parts = value.split(',');
    if (parts.length !== 2) return false;
    const lo = pyFloat(parts[0]);
    const hi = pyFloat(parts[1]);
    return this.any(service_id, property_path, properties, (x) => {
      const n = pyFloat(x);
      return lo <= n && n <= hi;
    });
  }
  /**
   * reported is one of the values (numerically).
   * @param value - numbers as text
   * @param service_id - service id
   * @param property_path - property name
   * @param properties - reported services
   * @returns the outcome
   */
  operation_in(value: string[], service_id: string, property_path: string, properties: ServiceProperty[]): boolean {
    const set = value.map((v) => pyFloat(v));
    return this.any(service_id, property_path, properties, (x) => set.includes(pyFloat(x)));
  }
}
