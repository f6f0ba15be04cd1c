import type { FailPolicy } from '../summary.js';
import type { ReportHeader } from './index.js';

/** The fail policy a run recorded in its report options, so writers can rank findings the same way. */
export function policyOf(header: ReportHeader): FailPolicy {
  const options = header.scan.options;
  const failOn = options['failOn'];
  return {
    failOn: failOn === 'low' || failOn === 'medium' || failOn === 'high' || failOn === 'none' ? failOn : 'medium',
    failOnTestNumbers: options['failOnTestNumbers'] === true,
  };
}
