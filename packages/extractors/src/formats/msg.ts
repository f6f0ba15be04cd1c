import { Readable } from 'node:stream';
import { isUtf8 } from 'node:buffer';
import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatEvent, type FormatInput } from '../format.js';
import { fieldSegments } from '../mail/field-segments.js';
import { htmlToText } from '../mail/html-to-text.js';
import { maxMessageBytes } from '../mail/mime-message.js';
import { decodeCp1252 } from './cp1252.js';
import { hasCfbMagic, hasExtension, sniffCfb } from './cfb.js';

/** The stream every Outlook item has at the root of its compound file ([MS-OXMSG] §2.4). */
const PROPERTIES = '__properties_version1.0';

/** What msgreader gives for a message, an embedded message or an attachment (the fields read here). */
interface MsgFields {
  subject?: string;
  senderName?: string;
  senderEmail?: string;
  senderSmtpAddress?: string;
  body?: string;
  bodyHtml?: string;
  html?: Uint8Array;
  internetCodepage?: number;
  compressedRtf?: Uint8Array;
  recipients?: { name?: string; email?: string; smtpAddress?: string; recipType?: string }[];
  attachments?: MsgAttachment[];
  error?: string;
}
interface MsgAttachment {
  fileName?: string;
  fileNameShort?: string;
  name?: string;
  innerMsgContent?: true;
  attachmentHidden?: boolean;
  attachMimeTag?: string;
}
interface MsgReaderLike {
  getFileData(): MsgFields;
  getAttachment(attachment: MsgAttachment): { fileName: string; content: Uint8Array };
}

function person(name: string | undefined, address: string | undefined): string {
  const n = name?.trim() ?? '';
  const a = address?.trim() ?? '';
  if (n && a && n !== a) return `${n} <${a}>`;
  return n || a;
}

function htmlBytesToString(html: Uint8Array, codepage: number | undefined): string {
  if (codepage === 65001 || (codepage === undefined && isUtf8(html))) return Buffer.from(html).toString('utf8');
  if (codepage === undefined || codepage === 1252 || codepage === 28591) return decodeCp1252(html);
  try {
    return new TextDecoder(`windows-${codepage}`).decode(html);
  } catch {
    return decodeCp1252(html);
  }
}

/**
 * A message whose only body is rich text (PR_RTF_COMPRESSED, [MS-OXRTFCP]): the decompressed RTF as a
 * member `body.rtf`, which the rtf format reads (its places are then paragraphs of that member).
 */
async function rtfBody(compressed: Uint8Array): Promise<FormatEvent> {
  const { decompressRTF } = (await import('@kenjiuno/decompressrtf')) as unknown as { decompressRTF(input: number[]): number[] };
  let rtf: Buffer;
  try {
    rtf = Buffer.from(decompressRTF(Array.from(compressed)));
  } catch (err) {
    return { kind: 'problem', level: 'error', reason: 'corrupt', message: `unreadable compressed RTF body: ${err instanceof Error ? err.message : String(err)}`, member: 'body.rtf' };
  }
  return { kind: 'entry', name: 'body.rtf', size: rtf.length, bytes: rtf, open: () => Readable.from([rtf]) };
}

/**
 * Outlook messages (`.msg`, a compound file of MAPI properties; @kenjiuno/msgreader): subject, sender,
 * recipients by kind (to, cc, bcc), the text body (or the HTML body as text) as `mail` places of
 * message 1 (a body kept only as compressed RTF becomes a member `body.rtf`), attachment file names, and each attachment — embedded messages too — as a container member.
 */
/** An Outlook message: a CFB with the message property stream and `__substg1.0_` property streams. */
async function sniffMessage(input: FormatInput): Promise<boolean> {
  const cfb = await sniffCfb(input);
  if (cfb === null) return false;
  if (cfb === 'unreadable') return hasExtension(input.name, ['.msg']);
  return cfb.has(PROPERTIES) && cfb.entries.some((e) => e.name.startsWith('__substg1.0_'));
}

export const msg = defineFormat({
  meta: { id: 'msg', description: 'Outlook message (.msg): headers, body, recipients; attachments read recursively', extensions: ['.msg'], mediaTypes: ['application/vnd.ms-outlook'] },
  sniff(input) {
    // No CFB: answered without a promise (most files).
    return hasCfbMagic(input.head) && sniffMessage(input);
  },
  async *extract(input, ctx) {
    const limit = maxMessageBytes(ctx.limits);
    if (input.size > limit) throw new ExtractionError('too-large', `message is ${input.size} bytes; the message size limit is ${limit} bytes`);
    const bytes = input.inMemory ?? (await input.bytes());
    // Loaded on first use: CLI start-up must not pay for it.
    const module = (await import('@kenjiuno/msgreader')) as unknown as { default: { default?: unknown } | unknown };
    const exported = module.default as { default?: unknown };
    const MsgReader = (exported.default ?? exported) as new (data: ArrayBuffer | DataView) => MsgReaderLike;
    let reader: MsgReaderLike;
    let data: MsgFields;
    try {
      reader = new MsgReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      data = reader.getFileData();
    } catch (err) {
      throw new ExtractionError('corrupt', `unreadable Outlook message: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    if (data.error !== undefined) throw new ExtractionError('corrupt', `unreadable Outlook message: ${data.error}`);

    const events: FormatEvent[] = [];
    if (data.subject) events.push(...fieldSegments(1, 'subject', data.subject));
    const from = person(data.senderName, data.senderSmtpAddress ?? data.senderEmail);
    if (from) events.push(...fieldSegments(1, 'from', from));
    for (const kind of ['to', 'cc', 'bcc'] as const) {
      const list = (data.recipients ?? []).filter((r) => (r.recipType ?? 'to') === kind).map((r) => person(r.name, r.smtpAddress ?? r.email));
      if (list.length > 0) events.push(...fieldSegments(1, kind, list.join(', ')));
    }
    if (data.body !== undefined && data.body.trim() !== '') events.push(...fieldSegments(1, 'body', data.body));
    else {
      const html = data.bodyHtml ?? (data.html ? htmlBytesToString(data.html, data.internetCodepage) : undefined);
      if (html !== undefined) events.push(...fieldSegments(1, 'body-html', await htmlToText(html)));
      else if (data.compressedRtf !== undefined) events.push(await rtfBody(data.compressedRtf));
    }
    let index = 0;
    for (const attachment of data.attachments ?? []) {
      index++;
      let name = (attachment.fileName ?? attachment.fileNameShort ?? attachment.name ?? '').trim();
      if (name) events.push(...fieldSegments(1, 'attachment', name));
      if (/pkcs7-mime/i.test(attachment.attachMimeTag ?? '') || (!attachment.innerMsgContent && /\.p7m$/i.test(name))) {
        // An S/MIME message (IPM.Note.SMIME): the body and attachments are inside the CMS envelope.
        events.push({ kind: 'problem', level: 'error', reason: 'encrypted', message: 'S/MIME-encrypted (or opaque-signed) content is not read', member: name || `attachment ${index}` });
        continue;
      }
      let content: Uint8Array;
      try {
        content = reader.getAttachment(attachment).content;
      } catch (err) {
        events.push({ kind: 'problem', level: 'error', reason: 'corrupt', message: `unreadable attachment: ${err instanceof Error ? err.message : String(err)}`, member: name || `attachment ${index}` });
        continue;
      }
      if (!name) name = `attachment ${index}${attachment.innerMsgContent ? '.msg' : ''}`;
      else if (attachment.innerMsgContent && !name.toLowerCase().endsWith('.msg')) name = `${name}.msg`;
      const buffer = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
      events.push({ kind: 'entry', name, size: buffer.length, bytes: buffer, open: () => Readable.from([buffer]) });
    }
    yield { kind: 'batch', events };
  },
});
