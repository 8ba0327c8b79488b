import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A PEM key pair for the TLS listener. */
export interface TlsKeyPair {
  /** PEM private key. */
  key: string;
  /** PEM certificate (self-signed; give it to device clients as their CA). */
  cert: string;
}

/** Raised when a TLS listener was asked for but no certificate can be made. */
export class TlsUnavailableError extends Error {
  /** @param detail - why no certificate could be made */
  constructor(detail: string) {
    super(`cannot start the MQTT TLS listener: ${detail}. Pass tls: { key, cert } to startEmulator, or install openssl.`);
    this.name = 'TlsUnavailableError';
  }
}

/**
 * Makes a self-signed certificate for `localhost` / `127.0.0.1` (and `host`) with the `openssl` CLI.
 * @param host - extra host name or IP to put in the subject alternative names
 * @returns key and certificate in PEM
 * @throws TlsUnavailableError when openssl is missing or fails
 */
export function generateSelfSignedCert(host = '127.0.0.1'): TlsKeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), 'iot-emulator-tls-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const isIp = /^[\d.]+$/.test(host) || host.includes(':');
    const san = ['DNS:localhost', 'IP:127.0.0.1', isIp ? `IP:${host}` : `DNS:${host}`];
    const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=iot-emulator', '-addext', `subjectAltName=${[...new Set(san)].join(',')}`];
    try {
      execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
      throw new TlsUnavailableError(e.code === 'ENOENT' ? 'the openssl command is not installed' : `openssl failed: ${e.stderr?.toString().trim() || e.message}`);
    }
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
