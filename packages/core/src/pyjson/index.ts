/**
 * Python-compatible JSON (`json.dumps` / `json.loads`) for payloads that must be byte-identical to a Python SDK's.
 * @module
 */
export { PyFloat, pyFloatRepr, pyNumber } from './py-float.js';
export { pyQuote } from './quote.js';
export { pyJsonDumps, pyDict, type PyJsonDumpsOptions, type PyJsonValue, type PyJsonKey } from './dumps.js';
export { pyJsonLoads } from './loads.js';
