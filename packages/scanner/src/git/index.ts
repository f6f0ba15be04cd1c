/**
 * Git access through the `git` command line (no native libraries): repository discovery, tracked files,
 * staged and per-commit diffs with added line ranges, streaming blob reads and whole-history blob listing.
 */
export { GitError } from './git-error.js';
export type { GitErrorReason } from './git-error.js';
export { EMPTY_TREE, listCommits, openRepository, resolveCommit } from './repository.js';
export type { Repository } from './repository.js';
export { listTrackedFiles } from './tracked.js';
export { commitChanges, lineInRanges, parseDiffSection, parseHunks, stagedChanges } from './diff.js';
export type { ChangedFile, LineRange } from './diff.js';
export { BlobReader } from './blob-reader.js';
export type { BlobContent } from './blob-reader.js';
export { listHistoryBlobs } from './history.js';
export type { HistoryBlob, HistoryListing } from './history.js';
