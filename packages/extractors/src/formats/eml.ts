import { ExtractionError } from '../errors.js';
import { defineFormat } from '../format.js';
import { looksLikeMessage, messageBounds } from '../mail/message-sniff.js';
import { maxMessageBytes, messageEvents } from '../mail/mime-message.js';

/**
 * One e-mail message (RFC 5322/MIME, `.eml`; also Apple Mail's `.emlx`): Subject, From, To, Cc… and the text body (or the HTML
 * body as text) as `mail` places of message 1; every attachment, nested messages included, is read
 * recursively as a container member named after its file name.
 */
export const eml = defineFormat({
  meta: {
    id: 'eml',
    description: 'E-mail message (RFC 5322/MIME): headers, text and HTML bodies; attachments read recursively',
    extensions: ['.eml', '.emlx'],
    mediaTypes: ['message/rfc822'],
  },
  sniff: (input) => looksLikeMessage(input.head),
  async *extract(input, ctx) {
    const limit = maxMessageBytes(ctx.limits);
    if (input.size > limit) throw new ExtractionError('too-large', `message is ${input.size} bytes; the message size limit is ${limit} bytes`);
    const bytes = input.inMemory ?? (await input.bytes());
    // Apple Mail's emlx: a length line, the message, then a property list (flags, dates) that is no mail text.
    const bounds = messageBounds(input.head) ?? { start: 0, length: null };
    const raw = bounds.start === 0 && bounds.length === null ? bytes : bytes.subarray(bounds.start, bounds.length === null ? undefined : bounds.start + bounds.length);
    yield { kind: 'batch', events: await messageEvents(raw, { message: 1, memberPrefix: '' }) };
  },
});
