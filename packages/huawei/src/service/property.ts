/**
 * {@link Property}: a thing-model property holder.
 * @module
 */

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
   * @param field_name - attribute name
   * @param prop_name - model property name
   * @param writeable - writable, true
   */
  constructor(val: T, field_name = '', prop_name = '', writeable = true) {
    this.val = val;
    this.field_name = field_name;
    this.prop_name = prop_name;
    this.writeable = writeable;
  }
}
