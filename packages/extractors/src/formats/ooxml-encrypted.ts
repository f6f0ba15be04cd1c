import { ExtractionError } from '../errors.js';
import { defineFormat } from '../format.js';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Directory entry names are UTF-16LE inside the CFB container. */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/** True when the head starts with the Compound File Binary (OLE2) signature. */
export function isCfb(head: Uint8Array): boolean {
  return CFB_MAGIC.every((b, i) => head[i] === b);
}

/**
 * A password-protected Office Open XML file (docx/xlsx/pptx saved with a password): Office wraps the
 * encrypted package in a CFB container with `EncryptionInfo` and `EncryptedPackage` streams. Without
 * the password nothing can be read, so it is reported as `encrypted`.
 */
export const ooxmlEncrypted = defineFormat({
  meta: {
    id: 'ooxml-encrypted',
    description: 'Password-protected Office Open XML document (CFB with EncryptionInfo)',
    // The names such files keep, so they are not reported as mislabelled.
    extensions: ['.docx', '.docm', '.dotx', '.xlsx', '.xlsm', '.xltx', '.pptx', '.pptm', '.potx', '.ppsx'],
  },
  sniff(input) {
    // No CFB: answered without a promise (most files).
    if (!isCfb(input.head)) return false;
    return input.bytes().then((content) => {
      const bytes = Buffer.from(content);
      return bytes.includes(ENCRYPTED_PACKAGE) && bytes.includes(ENCRYPTION_INFO);
    });
  },
  // eslint-disable-next-line require-yield
  async *extract() {
    throw new ExtractionError('encrypted', 'password-protected Office document (encrypted OOXML package)');
  },
});
