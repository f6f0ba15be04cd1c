import { BLOCK_ELEMENTS, SKIPPED_ELEMENTS } from '../html-elements.js';

/**
 * The visible text of an HTML mail body, one line per block (paragraph, table cell, list item, `<br>`):
 * scripts and styles dropped, entities decoded, whitespace inside a block collapsed, so inline markup
 * (`<b>19640823-</b>3234`) stays one word. Line numbers of findings in `body-html` count these lines.
 */
export async function htmlToText(html: string): Promise<string> {
  // Loaded on first use: CLI start-up must not pay for it.
  const { Parser } = await import('htmlparser2');
  const lines: string[] = [];
  let block = '';
  let skipDepth = 0;
  const flush = (): void => {
    const text = block.replace(/[\s\u00a0]+/g, ' ').trim();
    if (text !== '') lines.push(text);
    block = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED_ELEMENTS.has(name)) skipDepth++;
        else if (BLOCK_ELEMENTS.has(name)) flush();
      },
      ontext(text) {
        if (skipDepth === 0) block += text;
      },
      onclosetag(name) {
        if (SKIPPED_ELEMENTS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCK_ELEMENTS.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  flush();
  return lines.join('\n');
}
