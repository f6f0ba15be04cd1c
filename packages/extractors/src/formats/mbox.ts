import { ExtractionError } from '../errors.js';
import { defineFormat, type FormatContext, type FormatEvent } from '../format.js';
import { looksLikeMbox } from '../mail/message-sniff.js';
import { MboxSplitter, type MboxMessage } from '../mail/mbox-splitter.js';
import { maxMessageBytes, messageEvents } from '../mail/mime-message.js';

/** The member name a message's problems and attachments are filed under, e.g. `message 12`. */
function messageMember(number: number): string {
  return `message ${number}`;
}

/** One message's events, its failure turned into a problem of that message: the mailbox goes on. */
async function eventsOf(message: MboxMessage, ctx: FormatContext, limit: number): Promise<FormatEvent[]> {
  const member = messageMember(message.number);
  if (message.bytes === null) {
    return [{ kind: 'problem', level: 'error', reason: 'too-large', message: `message is ${message.size} bytes; the message size limit is ${limit} bytes`, member }];
  }
  try {
    return await messageEvents(message.bytes, { message: message.number, memberPrefix: `${member}/` });
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    const error =
      err instanceof ExtractionError
        ? err
        : new ExtractionError('corrupt', `unreadable message: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    return [{ kind: 'problem', level: 'error', reason: error.reason, message: error.message, member }];
  }
}

/**
 * Mailboxes (mbox: mboxo/mboxrd, as written by Thunderbird, Apple Mail, Google Takeout, mutt):
 * streamed message by message with bounded memory, each message read like an eml file (and with the
 * member limits of one: a mailbox has far more attachments than one zip may have members). Places are
 * `mail` places with the message number; attachments are members named `message N/<file name>`.
 */
export const mbox = defineFormat({
  meta: {
    id: 'mbox',
    description: 'Mailbox (mbox), streamed message by message; each message read like eml',
    extensions: ['.mbox', '.mbx'],
    mediaTypes: ['application/mbox'],
  },
  sniff: (input) => looksLikeMbox(input.head),
  async *extract(input, ctx) {
    const limit = maxMessageBytes(ctx.limits);
    const splitter = new MboxSplitter(limit);
    for await (const chunk of input.open()) {
      ctx.signal?.throwIfAborted();
      for (const message of splitter.push(chunk as Buffer)) yield { kind: 'batch', events: await eventsOf(message, ctx, limit), unit: true };
    }
    for (const message of splitter.end()) yield { kind: 'batch', events: await eventsOf(message, ctx, limit), unit: true };
  },
});
