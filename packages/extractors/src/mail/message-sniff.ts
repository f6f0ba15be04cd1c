/**
 * Content checks for e-mail: a message starts with a header block (`Name: value` lines, folded lines
 * indented), a mailbox with a `From ` separator line followed by such a block.
 */

/** Header fields that mark a message (any two of them, and at least one of the first group). */
const MESSAGE_MARKERS = new Set(['from', 'received', 'message-id', 'mime-version', 'date', 'return-path', 'delivered-to', 'x-mozilla-status']);
const OTHER_HEADERS = new Set(['to', 'cc', 'bcc', 'subject', 'reply-to', 'sender', 'content-type', 'content-transfer-encoding', 'x-mailer', 'user-agent', 'dkim-signature', 'authentication-results', 'thread-topic', 'x-original-to', 'in-reply-to', 'references']);

/** A field name: printable ASCII except the colon (RFC 5322 §2.2), then a colon. */
const FIELD = /^([!-9;-~]+)[ \t]*:/;

/**
 * True when `text` (from its start) is a header block of an e-mail message: every line up to the first
 * empty line (or the end of the probe) is a header field or a folded continuation, with at least two
 * known fields of which one marks a message (From, Received, Message-ID, MIME-Version, Date…).
 */
export function looksLikeHeaderBlock(text: string): boolean {
  // The first line must be a field (FIELD cannot match across a line break): most text files fail
  // here, before the probe is split into lines.
  if (!FIELD.test(text)) return false;
  const lines = text.split(/\r?\n/);
  // The probe may end inside a line: the last one is not required to be complete.
  const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
  let markers = 0;
  let known = 0;
  let fields = 0;
  for (const line of complete) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (fields === 0) return false;
      continue;
    }
    const match = FIELD.exec(line);
    if (!match) return false;
    fields++;
    const name = match[1]!.toLowerCase();
    if (MESSAGE_MARKERS.has(name)) {
      markers++;
      known++;
    } else if (OTHER_HEADERS.has(name) || name.startsWith('x-') || name.startsWith('arc-') || name.startsWith('list-')) known++;
  }
  return markers >= 1 && known >= 2;
}

/** {@link FIELD} matches the start of the head's text (bytes are Latin-1 chars there). */
function startsWithField(head: Uint8Array): boolean {
  let i = 0;
  while (i < head.length && head[i]! >= 0x21 && head[i]! <= 0x7e && head[i] !== 0x3a) i++;
  if (i === 0) return false;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09)) i++;
  return head[i] === 0x3a;
}

function headText(head: Uint8Array): string {
  return Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1');
}

/**
 * Where the message starts: 0 for an eml file; after the first line for Apple Mail's `.emlx`, whose
 * first line is the message's length in bytes (the message is followed by an XML property list).
 * Returns the start and, for emlx, the length; null when the head is no message.
 */
export function messageBounds(head: Uint8Array): { start: number; length: number | null } | null {
  if (head.length < 8 || head[0] === 0x20 || head[0] === 0x09) return null;
  // Every file's head is asked: unless it starts with a digit (an emlx length line) or a header field
  // (what FIELD matches, checked on the bytes), it is no message, and decoding it is not needed.
  if (!(head[0]! >= 0x30 && head[0]! <= 0x39) && !startsWithField(head)) return null;
  const text = headText(head);
  const emlx = /^(\d{1,12})[ \t]*\r?\n/.exec(text);
  if (emlx) {
    const start = emlx[0].length;
    return looksLikeHeaderBlock(text.slice(start)) ? { start, length: Number(emlx[1]) } : null;
  }
  return looksLikeHeaderBlock(text) ? { start: 0, length: null } : null;
}

/** An RFC 5322 message (eml, or Apple Mail's emlx): a header block from the first byte (after the emlx length line). */
export function looksLikeMessage(head: Uint8Array): boolean {
  return messageBounds(head) !== null;
}

/** A mailbox (mbox): a `From ` separator line, then a message header block. */
export function looksLikeMbox(head: Uint8Array): boolean {
  // "From " in bytes before making a string of the head.
  if (head.length < 8 || head[0] !== 0x46 || head[1] !== 0x72 || head[2] !== 0x6f || head[3] !== 0x6d || head[4] !== 0x20) return false;
  const text = headText(head);
  if (!text.startsWith('From ')) return false;
  const nl = text.indexOf('\n');
  return nl > 5 && looksLikeHeaderBlock(text.slice(nl + 1));
}
