import { Readable } from 'node:stream';
import type { Attachment, Email } from 'postal-mime';
import { ExtractionError } from '../errors.js';
import type { FormatEvent } from '../format.js';
import type { ExtractLimits } from '../types.js';
import { fieldSegments } from './field-segments.js';
import { htmlToText } from './html-to-text.js';

/**
 * Largest single message read (an eml or msg file, one message of a mailbox). Parsing holds the raw
 * message, its decoded parts and the text of an attachment being read — measured ≈ 9× the message size
 * at peak (a 94 MB message with a 70 MB base64 attachment: 843 MB RSS) — so this bounds a worker at
 * about 600 MB. Mail services cap messages at 25–35 MB (Exchange Online at most 150 MB); a larger one
 * is reported `too-large` by number and the mailbox goes on.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Deepest multipart nesting the parser accepts; real mail nests 3–5 levels, hostile mail thousands. */
export const MAX_MIME_DEPTH = 64;

/** The message size limit under `limits`. */
export function maxMessageBytes(limits: ExtractLimits): number {
  return Math.min(limits.maxFileBytes, MAX_MESSAGE_BYTES);
}

/** Header fields read as text, in this order, with their field names. */
const HEADER_FIELDS = ['subject', 'from', 'sender', 'reply-to', 'to', 'cc', 'bcc'] as const;

/** File-name extensions for unnamed parts, so the dispatcher's name hint and the report make sense. */
const EXTENSION_BY_TYPE: Readonly<Record<string, string>> = {
  'message/rfc822': '.eml',
  'text/plain': '.txt',
  'text/html': '.html',
  'text/calendar': '.ics',
  'text/csv': '.csv',
  'application/pdf': '.pdf',
  'application/zip': '.zip',
};

export interface MessageOptions {
  /** 1-based message number within its file. */
  readonly message: number;
  /** Prepended to attachment member names, e.g. `message 12/` inside a mailbox; empty for a single message. */
  readonly memberPrefix: string;
}

function boundaryOf(email: Email): string | null {
  const contentType = email.headers.find((h) => h.key === 'content-type')?.value ?? '';
  if (!/^\s*multipart\//i.test(contentType)) return null;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

/** True when a multipart message never reaches its closing boundary: it was cut off. */
function isTruncated(raw: Uint8Array, email: Email): boolean {
  const boundary = boundaryOf(email);
  if (boundary === null) return false;
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).indexOf(`--${boundary}--`, 0, 'latin1') < 0;
}

function attachmentName(attachment: Attachment, index: number): string {
  const name = attachment.filename?.replace(/[\r\n]+/g, ' ').trim();
  if (name) return name;
  return `attachment ${index}${EXTENSION_BY_TYPE[attachment.mimeType.toLowerCase()] ?? ''}`;
}

/** Detached signatures of signed mail (S/MIME, PGP): read as members they would only be `binary` noise. */
const SIGNATURE_TYPES: ReadonlySet<string> = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature']);

const PGP_MESSAGE = Buffer.from('-----BEGIN PGP MESSAGE-----', 'latin1');

/**
 * Why an attachment cannot be read, when it is encrypted mail content: S/MIME (`application/pkcs7-mime`,
 * enveloped or opaque-signed — the text is inside a CMS structure) or a PGP message. Null otherwise.
 */
function encryptedContent(mimeType: string, content: ArrayBuffer | Uint8Array): string | null {
  if (mimeType === 'application/pkcs7-mime' || mimeType === 'application/x-pkcs7-mime') return 'S/MIME-encrypted (or opaque-signed) content is not read';
  const bytes = content instanceof ArrayBuffer ? new Uint8Array(content) : content;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256));
  const at = head.indexOf(PGP_MESSAGE);
  return at >= 0 && head.subarray(0, at).toString('latin1').trim() === '' ? 'PGP-encrypted content is not read' : null;
}

/** A parser failure as an `ExtractionError`: nesting and header limits are `limits-exceeded`, the rest `corrupt`. */
function parseError(err: unknown): ExtractionError {
  if (err instanceof ExtractionError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/nesting depth|headers? size|exceed/i.test(message)) {
    return new ExtractionError('limits-exceeded', `message structure exceeds a limit: ${message}`, { cause: err });
  }
  if (err instanceof RangeError) return new ExtractionError('too-large', `message too large to decode: ${message}`, { cause: err });
  return new ExtractionError('corrupt', `unreadable message: ${message}`, { cause: err });
}

/**
 * Parses one RFC 5322/MIME message (postal-mime: charsets, quoted-printable, base64, encoded words)
 * into format events: header fields and bodies as `mail` segments, attachment file names as
 * `attachment` segments, and each attachment — nested messages (message/rfc822) included — as a
 * container entry the dispatcher identifies and reads under its limits. Inline images of an HTML body
 * (multipart/related with a Content-ID: logos, signatures) are left out. The HTML body is read only
 * when there is no text body (the two are normally the same text). Encrypted content (S/MIME, PGP) is
 * an `encrypted` problem of that attachment.
 */
export async function messageEvents(raw: Uint8Array, options: MessageOptions): Promise<FormatEvent[]> {
  // Loaded on first use: CLI start-up must not pay for it.
  const { default: PostalMime, decodeWords } = await import('postal-mime');
  let email: Email;
  try {
    // A whole ArrayBuffer is parsed in place; a view would be copied first (up to the message size again).
    const input = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength && raw.buffer instanceof ArrayBuffer ? raw.buffer : raw;
    email = await PostalMime.parse(input, {
      // Nested messages become attachments, so the dispatcher applies its depth and size limits to them.
      forceRfc822Attachments: true,
      maxNestingDepth: MAX_MIME_DEPTH,
      attachmentEncoding: 'arraybuffer',
    });
  } catch (err) {
    throw parseError(err);
  }
  const { message, memberPrefix } = options;
  const events: FormatEvent[] = [];
  if (isTruncated(raw, email)) {
    events.push({
      kind: 'problem',
      level: 'warning',
      reason: 'corrupt',
      message: 'message ends before its closing MIME boundary (truncated); what was there was read',
      ...(memberPrefix ? { member: memberPrefix.replace(/\/$/, '') } : {}),
    });
  }
  for (const field of HEADER_FIELDS) {
    const values = email.headers.filter((h) => h.key === field && h.value.trim() !== '').map((h) => decodeWords(h.value));
    if (values.length > 0) events.push(...fieldSegments(message, field, values.join(', ')));
  }
  if (email.text !== undefined && email.text.trim() !== '') events.push(...fieldSegments(message, 'body', email.text));
  else if (email.html !== undefined) events.push(...fieldSegments(message, 'body-html', await htmlToText(email.html)));

  let index = 0;
  for (const attachment of email.attachments) {
    index++;
    const mimeType = attachment.mimeType.toLowerCase();
    if (attachment.related && mimeType.startsWith('image/')) continue;
    const content = attachment.content;
    if (typeof content === 'string') continue; // not with the arraybuffer encoding
    const name = attachmentName(attachment, index);
    if (attachment.filename) events.push(...fieldSegments(message, 'attachment', name));
    const encrypted = encryptedContent(mimeType, content);
    if (encrypted !== null) {
      events.push({ kind: 'problem', level: 'error', reason: 'encrypted', message: encrypted, member: `${memberPrefix}${name}` });
      continue;
    }
    if (mimeType === 'application/pgp-encrypted') continue; // the `Version: 1` control part of PGP/MIME
    if (SIGNATURE_TYPES.has(mimeType)) continue; // a detached signature: certificates, not message text
    const bytes = content instanceof ArrayBuffer ? Buffer.from(content) : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    events.push({ kind: 'entry', name: `${memberPrefix}${name}`, size: bytes.length, bytes, open: () => Readable.from([bytes]) });
  }
  return events;
}
