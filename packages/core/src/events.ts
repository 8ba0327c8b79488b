/**
 * Typed events for @iot components: every emitter in core and in the vendor packages is an eventemitter3
 * `EventEmitter` parameterised with an events interface (`class MqttSession extends EventEmitter<MqttSessionEvents>`).
 * @module
 */
import { EventEmitter } from 'eventemitter3';

export { EventEmitter };

/** The listener type of event `K` of an events interface `E`. */
export type EventListener<E, K extends keyof E> = E[K] extends (...args: infer A) => void ? (...args: A) => void : never;

/** The argument tuple of event `K` of an events interface `E`. */
export type EventArgs<E, K extends keyof E> = E[K] extends (...args: infer A) => void ? A : never;

/**
 * Calls `fn` and reports (instead of throwing) anything it throws: the guard every user callback goes through
 * so that a faulty callback never breaks a connection.
 * @param fn - the user callback invocation
 * @param onError - receives what `fn` threw, as an `Error`
 * @returns true when `fn` returned normally
 */
export function callSafely(fn: () => void, onError: (err: Error) => void): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    onError(e instanceof Error ? e : new Error(String(e)));
    return false;
  }
}
