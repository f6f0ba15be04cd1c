import { ExtractionError } from '../errors.js';
import { defineFormat } from '../format.js';
import { looksLikeMessage } from '../mail/message-sniff.js';
import { maxMessageBytes, messageEvents } from '../mail/mime-message.js';

/**
 * One e-mail message (RFC 5322/MIME, `.eml`): Subject, From, To, Cc… and the text body (or the HTML
 * body as text) as `mail` places of message 1; every attachment, nested messages included, is read
 * recursively as a container member named after its file name.
 */
export const eml = defineFormat({
  meta: {
    id: 'eml',
    description: 'E-mail message (RFC 5322/MIME): headers, text and HTML bodies; attachments read recursively',
    extensions: ['.eml'],
    mediaTypes: ['message/rfc822'],
  },
  sniff: (input) => looksLikeMessage(input.head),
  async *extract(input, ctx) {
    const limit = maxMessageBytes(ctx.limits);
    if (input.size > limit) throw new ExtractionError('too-large', `message is ${input.size} bytes; the limit is ${limit}`);
    const raw = input.inMemory ?? (await input.bytes());
    yield { kind: 'batch', events: await messageEvents(raw, { message: 1, memberPrefix: '' }) };
  },
});
