// A seeded mailbox (mbox) of realistic Swedish mail for benchmarks: quoted-printable and base64 bodies,
// HTML alternatives, quoted replies, signatures, `>From ` escaping, csv/docx attachments, with valid
// (generated, Luhn-correct) personnummer made at run time. Written to disk piece by piece, so a
// mailbox of several hundred MB never sits in the generator's memory. Used by extract-mail.mjs and
// memory.mjs; the output for given options is byte-identical from run to run.
import { closeSync, openSync, writeSync } from 'node:fs';
import { docx, p } from '../../fixtures/generate/ooxml.mjs';
import { personnummer, rng } from '../document-corpus.mjs';

const WORDS = 'och att det som en på är av för med till den har de inte om ett men var jag sig från vi så kan man när år också efter eller nu där vid mot ska skulle kommer får finns vara hade alla andra mycket här då sedan över bara även vad två utan genom kommun ärende handläggare beslut ansökan bilaga yttrande protokoll personal lön tjänst förskola vårdnadshavare'.split(' ');
const NAMES = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Johan', 'Åsa', 'Per', 'Eva', 'Björn', 'Ingrid', 'Sven'];
const SURNAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'];

function qp(text) {
  const out = [];
  for (const line of text.split('\n')) {
    let encoded = '';
    let width = 0;
    for (const b of Buffer.from(line, 'utf8')) {
      const token = (b >= 0x21 && b <= 0x7e && b !== 0x3d) || b === 0x20 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      if (width + token.length > 75) {
        encoded += '=\n';
        width = 0;
      }
      encoded += token;
      width += token.length;
    }
    out.push(encoded.replace(/ $/, '=20'));
  }
  return out.join('\n');
}
const b64 = (bytes) => Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\n');

/** Bytes gathered before each write to disk. */
const WRITE_BYTES = 4 * 1024 * 1024;

/**
 * Writes a mailbox of at least `targetBytes` to `file`.
 * @param {string} file
 * @param {number} targetBytes
 * @param {{ seed?: number, numberRate?: number, listNumbers?: boolean }} [options]
 *   numberRate: share of body paragraphs that carry a personnummer (default 0.35);
 *   listNumbers: csv attachments hold one personnummer per row (default true; false: customer numbers).
 * @returns {{ messages: number, planted: number }}
 */
export function writeMailbox(file, targetBytes, options = {}) {
  const { seed = 4711, numberRate = 0.35, listNumbers = true } = options;
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const person = () => `${pick(NAMES)} ${pick(SURNAMES)}`;
  const address = (name) => `${name.toLowerCase().replace(/å/g, 'a').replace(/ö/g, 'o').replace(' ', '.')}@example.se`;
  const sentence = (n = 12) => {
    const w = Array.from({ length: n }, () => pick(WORDS));
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return `${w.join(' ')}.`;
  };
  const dashed = (n) => `${n.slice(0, 8)}-${n.slice(8)}`;
  const fd = openSync(file, 'w');
  let pending = [];
  let pendingBytes = 0;
  const flush = () => {
    writeSync(fd, pending.join(''));
    pending = [];
    pendingBytes = 0;
  };
  let bytes = 0;
  let messages = 0;
  let planted = 0;
  try {
    while (bytes < targetBytes) {
      messages++;
      const from = person();
      const to = person();
      const lines = [`Hej ${to.split(' ')[0]},`, ''];
      const paragraphs = 2 + Math.floor(rand() * 8);
      for (let i = 0; i < paragraphs; i++) {
        if (rand() < numberRate) {
          planted++;
          lines.push(`${sentence(6)} Det gäller ${person()}, ${dashed(personnummer(rand))}.`);
        } else lines.push(sentence(10 + Math.floor(rand() * 20)));
        if (rand() < 0.05) lines.push('From now on we write in English, says the next line.');
      }
      lines.push('', 'Vänliga hälsningar', from, 'Handläggare, Testkommunen', 'Tel 08-123 456 78');
      if (rand() < 0.4) {
        lines.push('', `Den 3 dec. 2026 skrev ${to} <${address(to)}>:`);
        for (let i = 0; i < 4; i++) lines.push(`> ${sentence(12)}`);
      }
      const text = lines.join('\n');
      const headers = [
        `Received: from mail.example.se (mail.example.se [192.0.2.${messages % 250}]) by mx.example.se; Mon, 7 Dec 2026 10:${String(messages % 60).padStart(2, '0')}:00 +0100`,
        `From: ${from} <${address(from)}>`,
        `To: ${to} <${address(to)}>`,
        `Subject: ${sentence(5).slice(0, -1)}`,
        `Date: Mon, 7 Dec 2026 10:${String(messages % 60).padStart(2, '0')}:00 +0100`,
        `Message-ID: <${messages}.bench@example.se>`,
        'MIME-Version: 1.0',
      ];
      const kind = rand();
      let body;
      if (kind < 0.5) {
        headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable');
        body = qp(text);
      } else if (kind < 0.8) {
        const html = `<html><body>${lines.map((l) => `<p>${l.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')}</body></html>`;
        headers.push('Content-Type: multipart/alternative; boundary="alt"');
        body = `--alt\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${qp(text)}\n--alt\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${qp(html)}\n--alt--`;
      } else if (kind < 0.95) {
        let attachment;
        if (rand() < 0.5) {
          const rows = [listNumbers ? 'Namn;Personnummer;Belopp' : 'Namn;Kundnummer;Belopp'];
          const n = 20 + Math.floor(rand() * 200);
          for (let i = 0; i < n; i++) rows.push(`${person()};${listNumbers ? dashed(personnummer(rand)) : `K${Math.floor(rand() * 1e6)}`};${Math.floor(rand() * 10000)}`);
          if (listNumbers) planted += n;
          attachment = `Content-Type: text/csv; charset=utf-8; name="lista.csv"\nContent-Disposition: attachment; filename="lista.csv"\nContent-Transfer-Encoding: base64\n\n${b64(Buffer.from(rows.join('\r\n'), 'utf8'))}`;
        } else {
          const paras = [];
          const n = 20 + Math.floor(rand() * 60);
          for (let i = 0; i < n; i++) {
            if (rand() < 0.3 * (numberRate / 0.35)) {
              planted++;
              paras.push(p(`${sentence(8)} ${person()} ${dashed(personnummer(rand))}`));
            } else paras.push(p(sentence(20)));
          }
          attachment = `Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="beslut.docx"\nContent-Disposition: attachment; filename="beslut.docx"\nContent-Transfer-Encoding: base64\n\n${b64(docx({ body: paras.join('') }))}`;
        }
        headers.push('Content-Type: multipart/mixed; boundary="mix"');
        body = `--mix\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${qp(text)}\n--mix\n${attachment}\n--mix--`;
      } else {
        headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64');
        body = b64(Buffer.from(text, 'utf8'));
      }
      const message = `${headers.join('\n')}\n\n${body}\n`.replace(/^(>*From )/gm, '>$1');
      const chunk = `From ${address(from)} Mon Dec  7 10:00:00 2026\n${message}\n`;
      const size = Buffer.byteLength(chunk);
      pending.push(chunk);
      pendingBytes += size;
      bytes += size;
      if (pendingBytes >= WRITE_BYTES) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { messages, planted };
}
