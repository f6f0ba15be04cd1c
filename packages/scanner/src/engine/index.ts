/**
 * The scanning engine: streaming crawl, worker pool with per-file isolation, content-hash
 * deduplication, progress and SQLite state for incremental scans (docs/engine.md).
 */
export { runEngine, ENGINE_DEFAULTS } from './engine.js';
export type {
  ChangeCounts,
  EngineFileReport,
  EngineOptions,
  EngineSummary,
  IncrementalFields,
  RemovedFile,
} from './engine.js';
export { crawl } from './crawl.js';
export type { CrawlEvent, CrawlFile, CrawlOptions, CrawlProblem, CrawlStats, DirectoryChunk } from './crawl.js';
export type { PathFilterOptions } from './path-filter.js';
export { Progress, formatLine } from './progress.js';
export type { ProgressMode, ProgressOptions, ProgressSnapshot } from './progress.js';
export type { FileChange } from './state.js';
export type { FindingChange, StoredFinding } from './changes.js';
export type { ContentProcessor, ContentResult, ProcessorInput } from './protocol.js';
