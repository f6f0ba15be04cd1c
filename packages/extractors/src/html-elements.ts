/**
 * How HTML elements split text, shared by the html format and the HTML bodies of e-mail: what is never
 * shown, and what ends a block (text on either side of it is not one word).
 */

/** Elements whose content is never shown as text. */
export const SKIPPED_ELEMENTS: ReadonlySet<string> = new Set(['script', 'style', 'template', 'svg', 'math', 'head-script']);

/** Elements that end a block of text: text on either side is not one word. */
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'option',
  'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title', 'tr', 'ul', 'body', 'html', 'head',
]);
