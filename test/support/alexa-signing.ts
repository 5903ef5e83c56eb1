/**
 * A locally generated certificate chain that signs requests the way Alexa does, and a
 * signature verifier that knows it in advance, so nothing is ever downloaded in tests.
 */
import { createSign } from 'node:crypto';
import { SkillRequestSignatureVerifier } from 'ask-sdk-express-adapter';
import forge from 'node-forge';

export const TEST_CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem';

function makeCertificate(subjectName: string, keys: forge.pki.KeyPair, issuer: { name: string; key: forge.pki.rsa.PrivateKey }, altNames?: string[]) {
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = String(Math.floor(Math.random() * 1e9));
  certificate.validity.notBefore = new Date(Date.now() - 86_400_000);
  certificate.validity.notAfter = new Date(Date.now() + 86_400_000);
  certificate.setSubject([{ name: 'commonName', value: subjectName }]);
  certificate.setIssuer([{ name: 'commonName', value: issuer.name }]);
  if (altNames) certificate.setExtensions([{ name: 'subjectAltName', altNames: altNames.map((value) => ({ type: 2, value })) }]);
  certificate.sign(issuer.key, forge.md.sha256.create());
  return certificate;
}

export interface SigningIdentity {
  certificateChainPem: string;
  sign(body: string): string;
}

export function createSigningIdentity(): SigningIdentity {
  const caKeys = forge.pki.rsa.generateKeyPair(2048);
  const leafKeys = forge.pki.rsa.generateKeyPair(2048);
  const ca = makeCertificate('CareVoice Test Root', caKeys, { name: 'CareVoice Test Root', key: caKeys.privateKey });
  const leaf = makeCertificate('echo-api.amazon.com', leafKeys, { name: 'CareVoice Test Root', key: caKeys.privateKey }, ['echo-api.amazon.com']);
  const leafPrivateKeyPem = forge.pki.privateKeyToPem(leafKeys.privateKey);
  return {
    certificateChainPem: forge.pki.certificateToPem(leaf) + forge.pki.certificateToPem(ca),
    sign: (body) => createSign('RSA-SHA256').update(body).sign(leafPrivateKeyPem, 'base64'),
  };
}

/** The real verifier, with our chain already in its cache (as if downloaded and checked). */
export class PreloadedSignatureVerifier extends SkillRequestSignatureVerifier {
  constructor(identity: SigningIdentity) {
    super();
    this.certCache.set(TEST_CERT_URL, identity.certificateChainPem);
  }
}

export function signedHeaders(identity: SigningIdentity, body: string, certUrl = TEST_CERT_URL): Record<string, string> {
  return { signaturecertchainurl: certUrl, 'signature-256': identity.sign(body) };
}
