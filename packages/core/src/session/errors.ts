/**
 * Errors raised by {@link MqttSession}.
 * @module
 */

/**
 * Tells whether a CONNACK code means "wrong credentials / not allowed": MQTT 3.1(.1) 4 and 5, MQTT 5 0x86 and 0x87.
 * @param code - CONNACK return / reason code
 * @param protocolVersion - protocol level of the connection
 * @returns true for an auth refusal
 */
export function isAuthReturnCode(code: number, protocolVersion: 3 | 4 | 5): boolean {
  return protocolVersion === 5 ? code === 0x86 || code === 0x87 : code === 4 || code === 5;
}

const CONNACK_TEXT: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad username or password',
  5: 'not authorized',
  0x80: 'unspecified error',
  0x81: 'malformed packet',
  0x82: 'protocol error',
  0x83: 'implementation specific error',
  0x84: 'unsupported protocol version',
  0x85: 'client identifier not valid',
  0x86: 'bad user name or password',
  0x87: 'not authorized',
  0x88: 'server unavailable',
  0x89: 'server busy',
  0x8a: 'banned',
  0x8c: 'bad authentication method',
  0x90: 'topic name invalid',
  0x95: 'packet too large',
  0x97: 'quota exceeded',
  0x99: 'payload format invalid',
  0x9a: 'retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'use another server',
  0x9d: 'server moved',
  0x9f: 'connection rate exceeded',
};

/** The broker refused the connection (CONNACK with a non-zero return / reason code). */
export class MqttConnectError extends Error {
  /** The CONNACK return code (MQTT 3.1/3.1.1) or reason code (MQTT 5). */
  readonly returnCode: number;
  /** True for credential/authorisation refusals (4, 5, 0x86, 0x87). */
  readonly auth: boolean;

  /**
   * @param returnCode - CONNACK code
   * @param protocolVersion - protocol level of the connection (decides which codes are auth refusals)
   */
  constructor(returnCode: number, protocolVersion: 3 | 4 | 5 = 4) {
    const text = CONNACK_TEXT[returnCode] ?? 'unknown reason';
    super(`connection refused by the broker: ${text} (CONNACK code ${returnCode})`);
    this.name = 'MqttConnectError';
    this.returnCode = returnCode;
    this.auth = isAuthReturnCode(returnCode, protocolVersion);
  }
}

/** An operation was abandoned because the session was disconnected or destroyed by the user. */
export class SessionClosedError extends Error {
  /** @param message - what was closed */
  constructor(message = 'the MQTT session was closed') {
    super(message);
    this.name = 'SessionClosedError';
  }
}

/** A publish was refused because the session is offline and buffering is disabled or not wanted. */
export class OfflineError extends Error {
  /** @param message - why the publish was refused */
  constructor(message = 'the MQTT session is not connected') {
    super(message);
    this.name = 'OfflineError';
  }
}

/**
 * A QoS 1/2 message was still unacknowledged after `maxRedeliveries` connection drops and was given up
 * (typically a publish the broker answers by closing the connection).
 */
export class RedeliveryLimitError extends Error {
  /** Topic of the dropped message. */
  readonly topic: string;
  /** How often it had been sent again. */
  readonly redeliveries: number;

  /**
   * @param topic - topic of the message
   * @param redeliveries - how often it had been sent again
   */
  constructor(topic: string, redeliveries: number) {
    super(`message to '${topic}' given up: still unacknowledged after ${redeliveries} redelivery(ies), each ended by a connection drop`);
    this.name = 'RedeliveryLimitError';
    this.topic = topic;
    this.redeliveries = redeliveries;
  }
}
