/**
 * The handle an MQTT operation returns synchronously: its logical message id and a promise of its outcome.
 * @module
 */

/** Every operation gets a logical message id synchronously; `done` settles when the broker confirmed it. */
export interface MqttOperation<T> {
  /** Logical message id (shared counter 1..65535, wrapping). */
  mid: number;
  /** Settles with the outcome (see each operation for when). */
  done: Promise<T>;
}

/** Captures a promise's resolvers without allocating a closure per promise. */
const captured: { res: ((v: never) => void) | undefined; rej: ((e: Error) => void) | undefined } = { res: undefined, rej: undefined };
function capture(res: (v: never) => void, rej: (e: Error) => void): void {
  captured.res = res;
  captured.rej = rej;
}

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

/**
 * An {@link MqttOperation} whose promise is only created when somebody reads `done`: publishing stays cheap on the
 * hot path, and a failure nobody asked about never becomes an unhandled rejection.
 * @internal
 */
export class Operation<T> implements MqttOperation<T> {
  /** Logical message id. */
  declare readonly mid: number;
  /** PENDING, FULFILLED or REJECTED. */
  protected declare status: number;
  /** The fulfilment value or the rejection error (a subclass may compute the value on demand). */
  protected declare value: T | Error | undefined;
  private declare promise: Promise<T> | undefined;
  private declare res: ((v: T) => void) | undefined;
  private declare rej: ((e: Error) => void) | undefined;

  /** @param mid - logical message id */
  constructor(mid: number) {
    // plain assignments (no class-field definitions): this object is created once per publish
    this.mid = mid;
    this.status = PENDING;
    this.value = undefined;
    this.promise = undefined;
    this.res = undefined;
    this.rej = undefined;
  }

  /** @inheritDoc */
  get done(): Promise<T> {
    if (!this.promise) {
      if (this.status === FULFILLED) this.promise = Promise.resolve(this.fulfilledValue());
      else if (this.status === REJECTED) this.promise = Promise.reject(this.value as Error);
      else {
        this.promise = new Promise<T>(capture);
        this.res = captured.res as (v: T) => void;
        this.rej = captured.rej;
      }
    }
    return this.promise;
  }

  /** True until resolved or rejected. */
  get pending(): boolean {
    return this.status === PENDING;
  }

  /** The value `done` fulfils with; subclasses that resolve without a value override it. */
  protected fulfilledValue(): T {
    return this.value as T;
  }

  /** Fulfils the operation (no-op when already settled). */
  resolve(value: T): void {
    if (this.status !== PENDING) return;
    this.value = value;
    this.markFulfilled();
  }

  /** Fulfils with {@link Operation.fulfilledValue}, which is only computed if somebody waits (no-op when settled). */
  protected markFulfilled(): void {
    if (this.status !== PENDING) return;
    this.status = FULFILLED;
    const res = this.res;
    if (res) {
      this.res = this.rej = undefined;
      res(this.fulfilledValue());
    }
  }

  /** Rejects the operation (no-op when already settled). */
  reject(err: Error): void {
    if (this.status !== PENDING) return;
    this.status = REJECTED;
    this.value = err;
    const rej = this.rej;
    if (rej) {
      this.res = this.rej = undefined;
      rej(err);
    }
  }
}

/**
 * Builds an operation that already failed.
 * @internal
 */
export function failedOperation<T>(mid: number, err: Error): Operation<T> {
  const op = new Operation<T>(mid);
  op.reject(err);
  return op;
}
