/**
 * `gallra`: the command-line scanner.
 * @packageDocumentation
 */
export { main } from './main.js';
