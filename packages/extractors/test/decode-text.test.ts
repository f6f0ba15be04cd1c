import { describe, expect, it } from 'vitest';
import { decodeText, decodeWindows1252, detectEncoding, StreamingTextDecoder } from '../src/index.js';
import { decodeValidUtf8 } from '../src/decode-text.js';

describe('decodeText', () => {
  it('maps windows-1252 0x80–0x9F to their characters, not C1 controls', () => {
    // 0x96 en dash, 0x93/0x94 curly quotes, 0x80 euro, 0x85 ellipsis; å ä ö as single bytes.
    const bytes = Buffer.from([0x85, 0x93, 0xe5, 0x96, 0xe4, 0x94, 0x20, 0x80, 0xf6]);
    expect(decodeWindows1252(bytes)).toBe('…“å–ä” €ö');
    const decoded = decodeText(bytes);
    expect(decoded).toEqual({ text: '…“å–ä” €ö', encoding: 'windows-1252' });
  });

  it('keeps the undefined windows-1252 positions as their code points', () => {
    expect(decodeWindows1252(Buffer.from([0x81, 0x8d]))).toBe('\u0081\u008d');
  });

  it('reads UTF-8 with and without BOM, UTF-16 with BOMs and BOM-less UTF-16 LE/BE', () => {
    const text = 'Åsa Öberg 19850101-2382\n';
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' });
    const le = Buffer.from(text, 'utf16le');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), le]))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]))).toEqual({ text, encoding: 'utf-16be' });
    expect(decodeText(le)).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(Buffer.from(le).swap16())).toEqual({ text, encoding: 'utf-16be' });
  });

  it('returns null for binary bytes', () => {
    expect(decodeText(Buffer.from([0x00, 0x01, 0x02, 0x00, 0xff, 0x00, 0x10, 0x00, 0x00, 0x00, 0x7f, 0x00]))).toBeNull();
    expect(detectEncoding(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]))).toBeNull();
  });

  it('switches a stream to windows-1252 when invalid UTF-8 appears after a valid start', () => {
    const decoder = new StreamingTextDecoder('utf-8');
    const first = decoder.write(Buffer.from('Ärende: '));
    const second = decoder.write(Buffer.from([0x96, 0x20, 0xe5]), true);
    expect(first + second).toBe('Ärende: – å');
    expect(decoder.encoding).toBe('windows-1252');
  });

  it('joins a UTF-8 character split across two chunks', () => {
    const bytes = Buffer.from('xå');
    const decoder = new StreamingTextDecoder('utf-8');
    expect(decoder.write(bytes.subarray(0, 2)) + decoder.write(bytes.subarray(2), true)).toBe('xå');
  });
});

describe('detectEncoding UTF-8 check', () => {
  it('accepts exactly what a fatal TextDecoder accepts (a sequence cut off at the end allowed)', () => {
    const fatalOk = (bytes: Uint8Array): boolean => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
        return true;
      } catch {
        return false;
      }
    };
    const samples = [
      [0x41, 0xc3, 0xa5], // "Aå"
      [0x41, 0xc3], // cut-off 2-byte sequence at the end
      [0x41, 0xe2, 0x82], // cut-off 3-byte sequence at the end
      [0xc0, 0x80, 0x41], // overlong NUL
      [0xed, 0xa0, 0x80, 0x41], // encoded surrogate
      [0xf4, 0x90, 0x80, 0x80, 0x41], // above U+10FFFF
      [0x41, 0xe5, 0x41], // windows-1252 å
      [0xf0, 0x9f, 0x98, 0x80, 0x41], // emoji
    ];
    for (const sample of samples) {
      const bytes = Uint8Array.from(sample);
      expect(detectEncoding(bytes)?.encoding === 'utf-8', sample.join(',')).toBe(fatalOk(bytes));
    }
  });
});

describe('decodeValidUtf8', () => {
  it('decodes valid UTF-8 exactly as a fatal TextDecoder does, and declines what it would decode differently', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const text of ['', 'ascii only', 'Åsa Öberg 19850101-2382\r\n', '😀𝄞 € — é', '\u0000\u007f\u0080\u07ff\u0800\uffff', 'x\ufeffy']) {
      const bytes = Buffer.from(text, 'utf8');
      expect(decodeValidUtf8(bytes), text).toBe(decoder.decode(bytes));
      expect(decodeValidUtf8(bytes), text).toBe(text);
    }
    // Every ASCII character (read as Latin-1, a one-byte string), also from a view into a larger buffer.
    const ascii = String.fromCharCode(...Array.from({ length: 128 }, (_, i) => i));
    const padded = Buffer.from(`\u00e5${ascii}\u00e5`, 'utf8');
    const view = padded.subarray(2, 2 + 128);
    expect(decodeValidUtf8(view)).toBe(ascii);
    expect(decodeValidUtf8(new Uint8Array(view.buffer, view.byteOffset, view.byteLength))).toBe(decoder.decode(view));
    expect(decodeValidUtf8(Buffer.from([0x61, 0xc3]))).toBeNull(); // cut off
    expect(decodeValidUtf8(Buffer.from([0x61, 0xff, 0x62]))).toBeNull(); // invalid
    expect(decodeValidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBeNull(); // encoded surrogate
    expect(decodeValidUtf8(Buffer.from('\ufeffa', 'utf8'))).toBeNull(); // a BOM the decoder would drop
  });
});
