/**
 * Seals platform credentials (bot tokens) for storage in D1 with AES-256-GCM under the
 * deployment's CAIRN_ENCRYPTION_KEY (a 32-byte key, base64). The tenant id is bound in as
 * additional data, so a sealed value copied to another tenant's row does not open.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function fromBase64(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

async function importKey(keyBase64: string | undefined): Promise<CryptoKey> {
  if (!keyBase64) throw new SecretBoxError("CAIRN_ENCRYPTION_KEY is not set");
  const raw = fromBase64(keyBase64);
  if (raw.length !== 32) throw new SecretBoxError("CAIRN_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** Returns `v1.<iv>.<ciphertext>`, both base64. */
export async function seal(
  plaintext: string,
  tenantId: string,
  keyBase64: string | undefined,
): Promise<string> {
  const key = await importKey(keyBase64);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(tenantId) },
    key,
    encoder.encode(plaintext),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

export async function open(sealed: string, tenantId: string, keyBase64: string | undefined): Promise<string> {
  const [version, iv, body] = sealed.split(".");
  if (version !== "v1" || !iv || !body) throw new SecretBoxError("sealed value is not in the v1 format");
  const key = await importKey(keyBase64);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(iv), additionalData: encoder.encode(tenantId) },
      key,
      fromBase64(body),
    );
    return decoder.decode(plain);
  } catch {
    throw new SecretBoxError("sealed value does not open with this key for this tenant");
  }
}
