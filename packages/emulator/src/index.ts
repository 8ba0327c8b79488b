/**
 * @iot/emulator: a local IoT cloud for the @iot device SDKs.
 * @packageDocumentation
 */
export * from './brokers/index.js';
