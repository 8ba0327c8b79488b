/**
 * Python `enum.Enum` members in TypeScript: frozen singletons with `name` and `value`, compared by identity
 * (`lk.check_state() === LinkKit.LinkKitState.CONNECTED`) exactly like Python compares them with `is`/`==`.
 * A member is deliberately *not* a number, so `ErrorCode.SUCCESS === 0` is false, as in Python (spec Q14);
 * use `.value` where Python code uses `.value`.
 * @module
 */

/** One member of a Python-style enum. */
export class EnumMember<N extends string = string, V extends number = number> {
  /**
   * @param enumName - the enum class name, used by {@link EnumMember.toString} (Python `str(member)`)
   * @param name - the member name
   * @param value - the member value
   */
  constructor(
    readonly enumName: string,
    readonly name: N,
    readonly value: V,
  ) {
    Object.freeze(this);
  }

  /** Python `str(member)`: `"LinkKitState.CONNECTED"`. */
  toString(): string {
    return `${this.enumName}.${this.name}`;
  }

  /** JSON form: the value (what `json.dumps(member.value)` gives). */
  toJSON(): number {
    return this.value;
  }
}

/** The members of an enum, by name. */
export type EnumMembers<T extends Record<string, number>> = { readonly [K in keyof T & string]: EnumMember<K, T[K]> };

/** An enum object: members by name plus Python-like lookup helpers. */
export type PyEnum<T extends Record<string, number>> = EnumMembers<T> & {
  /** Member with this value (Python `Enum(value)`); throws `RangeError` like Python's `ValueError` when none. */
  of(value: number): EnumMember<keyof T & string, T[keyof T & string]>;
  /** All members in definition order (Python `list(Enum)`). */
  members(): ReadonlyArray<EnumMember<keyof T & string, T[keyof T & string]>>;
};

/**
 * Builds a frozen Python-style enum.
 * @param enumName - class name used in `toString()`
 * @param values - member names and values, in definition order
 * @returns the enum object
 */
export function defineEnum<const T extends Record<string, number>>(enumName: string, values: T): PyEnum<T> {
  type M = EnumMember<keyof T & string, T[keyof T & string]>;
  const list: M[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const member = new EnumMember(enumName, name, value) as M;
    list.push(member);
    out[name] = member;
  }
  Object.defineProperty(out, 'of', {
    enumerable: false,
    value: (value: number): M => {
      const found = list.find((m) => m.value === value);
      if (!found) throw new RangeError(`${value} is not a valid ${enumName}`);
      return found;
    },
  });
  Object.defineProperty(out, 'members', { enumerable: false, value: (): readonly M[] => list.slice() });
  return Object.freeze(out) as PyEnum<T>;
}
