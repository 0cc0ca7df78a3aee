import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../run-command';

/** A throwaway certificate authority and the broker's key and certificate signed by it. */
export interface BrokerCertificates {
  /** The CA certificate (PEM), for clients to trust. */
  caFile: string;
  /** PKCS12 holding the broker's key and certificate chain, and the CA as a trusted entry: keystore and truststore at once. */
  keystoreFile: string;
  password: string;
  /** PKCS12 holding the CA's key, to sign client certificates with. */
  caKeystoreFile: string;
}

const VALID_DAYS = '7';

/**
 * Made at start-up with the JDK's keytool: a CA, then a broker key pair whose certificate the CA
 * signs for 127.0.0.1 and localhost (clients verify the address they dial against its SAN).
 */
export async function makeBrokerCertificates(dir: string): Promise<BrokerCertificates> {
  mkdirSync(dir, { recursive: true });
  const password = randomBytes(12).toString('hex');
  const ca = join(dir, 'ca.p12');
  const keystoreFile = join(dir, 'broker.p12');
  const caFile = join(dir, 'ca.pem');
  const request = join(dir, 'broker.csr');
  const signed = join(dir, 'broker.pem');
  const store = (file: string) => ['-keystore', file, '-storetype', 'PKCS12', '-storepass', password];
  const keyPair = (alias: string, dname: string, file: string, extra: string[] = []) =>
    keytool(['-genkeypair', '-alias', alias, '-dname', dname, '-keyalg', 'RSA', '-keysize', '2048', '-validity', VALID_DAYS, ...extra, ...store(file)]);

  await Promise.all([keyPair('ca', 'CN=care-events local CA', ca, ['-ext', 'bc:c']), keyPair('broker', 'CN=127.0.0.1', keystoreFile)]);
  await Promise.all([
    keytool(['-exportcert', '-rfc', '-alias', 'ca', '-file', caFile, ...store(ca)]),
    keytool(['-certreq', '-alias', 'broker', '-file', request, ...store(keystoreFile)]),
  ]);
  await keytool(['-gencert', '-rfc', '-alias', 'ca', '-infile', request, '-outfile', signed, '-validity', VALID_DAYS, '-ext', 'SAN=ip:127.0.0.1,dns:localhost', ...store(ca)]);
  // The CA first, as a trusted entry, so that the signed certificate's chain is accepted in place of the self-signed one.
  await keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', caFile, ...store(keystoreFile)]);
  await keytool(['-importcert', '-noprompt', '-alias', 'broker', '-file', signed, ...store(keystoreFile)]);
  return { caFile, keystoreFile, password, caKeystoreFile: ca };
}

/**
 * A client certificate for mutual TLS, `CN=<user>`, signed by the CA; certificate and key as PEM files.
 * keytool cannot write a private key as PEM, so openssl makes the key and its signing request.
 */
export async function makeClientCertificate(certificates: BrokerCertificates, dir: string, user: string): Promise<{ certFile: string; keyFile: string }> {
  const keyFile = join(dir, `${user}.key`);
  const request = join(dir, `${user}.csr`);
  const certFile = join(dir, `${user}.pem`);
  await runCommand(process.env.OPENSSL ?? 'openssl', ['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-subj', `/CN=${user}`, '-out', request]);
  await keytool([
    '-gencert', '-rfc', '-alias', 'ca', '-infile', request, '-outfile', certFile, '-validity', VALID_DAYS,
    '-keystore', certificates.caKeystoreFile, '-storetype', 'PKCS12', '-storepass', certificates.password,
  ]);
  return { certFile, keyFile };
}

function keytool(args: string[]): Promise<string> {
  return runCommand(process.env.KEYTOOL ?? 'keytool', args);
}
