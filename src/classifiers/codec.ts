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

export function decodeInt8(base64: string): Int8Array {
  const buf = Buffer.from(base64, 'base64');
  const out = new Int8Array(buf.length);
  new Uint8Array(out.buffer).set(buf);
  return out;
}
