/**
 * {@link Property}: a thing-model property holder.
 * @module
 */
import { takeKwargs } from '../utils/kwargs.js';

/** A value with its field name, model property name and writability (a convenience for building the maps). */
export class Property<T = unknown> {
  /** Current value. */
  val: T;
  /** Name of the attribute in the service class. */
  field_name: string;
  /** Property name in the product model. */
  prop_name: string;
  /** Whether the platform may write it. */
  writeable: boolean;
  /**
   * @param val - initial value
   * @param field_name - attribute name, or the keyword arguments `{ field_name, prop_name, writeable }`
   * @param prop_name - model property name
   * @param writeable - writable, true (or `{ writeable }`, Python `writeable=True`)
   */
  constructor(val: T, field_name: string | { field_name?: string; prop_name?: string; writeable?: boolean } = '', prop_name = '', writeable: boolean | { writeable?: boolean } = true) {
    const kw = takeKwargs(field_name, ['field_name', 'prop_name', 'writeable'] as const);
    if (kw) {
      field_name = (kw.field_name as string | undefined) ?? '';
      prop_name = (kw.prop_name as string | undefined) ?? '';
      writeable = (kw.writeable as boolean | undefined) ?? true;
    }
    const kw4 = takeKwargs(writeable, ['writeable'] as const);
    if (kw4) writeable = (kw4.writeable as boolean | undefined) ?? true;
    this.val = val;
    this.field_name = field_name as string;
    this.prop_name = prop_name;
    this.writeable = writeable as boolean;
  }
}
