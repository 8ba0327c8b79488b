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

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

/**
 * An {@link MqttOperation} whose promise is only created when somebody reads `done`: publishing stays cheap on the
 * hot path, and a failure nobody asked about never becomes an unhandled rejection.
 * @internal
 */
export class Operation<T> implements MqttOperation<T> {
  private status = PENDING;
  private value: T | Error | undefined;
  private promise: Promise<T> | undefined;
  private res: ((v: T) => void) | undefined;
  private rej: ((e: Error) => void) | undefined;

  /** @param mid - logical message id */
  constructor(readonly mid: number) {}

  /** @inheritDoc */
  get done(): Promise<T> {
    if (!this.promise) {
      if (this.status === FULFILLED) this.promise = Promise.resolve(this.value as T);
      else if (this.status === REJECTED) this.promise = Promise.reject(this.value as Error);
      else
        this.promise = new Promise<T>((res, rej) => {
          this.res = res;
          this.rej = rej;
        });
    }
    return this.promise;
  }

  /** True until resolved or rejected. */
  get pending(): boolean {
    return this.status === PENDING;
  }

  /** Fulfils the operation (no-op when already settled). */
  resolve(value: T): void {
    if (this.status !== PENDING) return;
    this.status = FULFILLED;
    this.value = value;
    if (this.res) this.res(value);
    this.res = this.rej = undefined;
  }

  /** Rejects the operation (no-op when already settled). */
  reject(err: Error): void {
    if (this.status !== PENDING) return;
    this.status = REJECTED;
    this.value = err;
    if (this.rej) this.rej(err);
    this.res = this.rej = undefined;
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
