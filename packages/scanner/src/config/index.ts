/** Project configuration (`.gallra.json` / `gallra.config.json`): thresholds, allow-lists, fingerprint key. */
export { ConfigError } from './config-error.js';
export type { ConfigErrorReason } from './config-error.js';
export {
  CONFIG_FILE_NAMES,
  DEFAULT_FINGERPRINT_KEY_ENV,
  fingerprintKeyFrom,
  loadConfig,
  parseConfig,
  validateConfig,
} from './config.js';
export type { AllowConfig, FailOn, GallraConfig, LoadedConfig } from './config.js';
