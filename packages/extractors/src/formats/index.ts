import type { Format } from '../format.js';
import { doc } from './doc.js';
import { docx } from './docx.js';
import { eml } from './eml.js';
import { empty } from './empty.js';
import { html } from './html.js';
import { image } from './image.js';
import { mbox } from './mbox.js';
import { msg } from './msg.js';
import { odp } from './odp.js';
import { ods } from './ods.js';
import { odt } from './odt.js';
import { oleObject } from './ole-object.js';
import { ooxmlEncrypted } from './ooxml-encrypted.js';
import { pdf } from './pdf.js';
import { pptx } from './pptx.js';
import { rtf } from './rtf.js';
import { text } from './text.js';
import { xls } from './xls.js';
import { xlsx } from './xlsx.js';
import { zip } from './zip.js';

/**
 * The format registry, in sniffing order: the first format whose `sniff` accepts the content wins,
 * so specific formats come before generic ones (docx before zip, html before text). One line each.
 */
export const FORMATS: readonly Format[] = [
  empty,
  msg,
  ooxmlEncrypted,
  oleObject,
  doc,
  xls,
  pdf,
  docx,
  xlsx,
  pptx,
  odt,
  ods,
  odp,
  zip,
  image,
  mbox,
  eml,
  rtf,
  html,
  text,
];
