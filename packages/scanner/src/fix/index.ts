/** `gallra ci --fix`: replace real numbers in text files with official test numbers of the same form. */
export { applyFixPlans, planFixes } from './rewrite.js';
export type { FixChange, FixOptions, FixPlan, FixTarget } from './rewrite.js';
export { applySurface, pickTestNumber, surfaceFormOf, testNumbersOn } from './test-number-picker.js';
export type { SurfaceForm } from './test-number-picker.js';
