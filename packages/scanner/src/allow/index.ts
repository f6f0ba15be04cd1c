/** What a project accepts: inline `gallra:allow` markers and ignored paths (`.gallraignore`, config). */
export { inlineAllowedLines } from './inline-allow.js';
export { IGNORE_FILE_NAME, loadPathFilter } from './path-filter.js';
export type { PathFilter } from './path-filter.js';
