/**
 * The host name check that `verifyHostname: false` puts in place of Node's.
 * Internal to the session and the HTTP helpers: not exported from the package.
 * @module
 */

/**
 * A `checkServerIdentity` that accepts any host name. Node calls it only after the certificate chain was verified,
 * so a certificate that does not chain to a trusted CA is still rejected (with `rejectUnauthorized`).
 * @returns `undefined`: no host name error
 */
export function acceptAnyHostname(): undefined {
  return undefined;
}
