// Worker task for the pool comparison (piscina and tinypool call the default export).
const RE = /(?<![\p{L}\p{N}_])(?:19|20)?\d{6}[-+ ]?\d{4}(?![\p{L}\p{N}_])/gu;
const TEXT = 'Protokoll 19850310-2397 från nämnden, telefon 070-123 45 67. '.repeat(260); // ~16 KB

export default function run(task) {
  if (task.kind === 'exit') process.exit(1);
  if (task.kind === 'hang') for (;;);
  let n = 0;
  for (const _ of TEXT.matchAll(RE)) n++;
  return n;
}
