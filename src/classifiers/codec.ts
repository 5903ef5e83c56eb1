/** Base64 encodings of typed arrays (little-endian, as every supported platform is). */

export function encodeFloat32(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloat32(base64: string): Float32Array {
  const buf = Buffer.from(base64, 'base64');
  const out = new Float32Array(buf.length / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function encodeInt8(values: Int8Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** `bytes` may already be the values: an artifact that keeps its weights apart hands them over as they are. */
export function decodeInt8(bytes: string | Int8Array): Int8Array {
  if (typeof bytes !== 'string') return bytes;
  const base64 = bytes;
  const buf = Buffer.from(base64, 'base64');
  const out = new Int8Array(buf.length);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
