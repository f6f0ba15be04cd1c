import { createRequire } from 'node:module';
import type * as CommanderModule from 'commander';

// commander is CommonJS. Required as such rather than imported: an ES import of a CommonJS package
// makes Node parse its sources for named exports first, and start-up is a good part of a short
// command (an unchanged rescan, a pre-commit run). Every module of the CLI takes commander from here.
const commander = createRequire(import.meta.url)('commander') as typeof CommanderModule;

export const { Command, CommanderError, InvalidArgumentError, Option } = commander;
export type Command = CommanderModule.Command;
export type CommanderError = CommanderModule.CommanderError;
export type InvalidArgumentError = CommanderModule.InvalidArgumentError;
export type Option = CommanderModule.Option;
