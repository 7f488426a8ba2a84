/**
 * Compliance engine for generated ad copy (zh-CN, en): pure functions, no AWS imports.
 * `checkText` is what the Lambda and the Step Functions "Check" step call; `toRegenerationFeedback`
 * turns its findings into the instruction list fed back to the copy model.
 */
export { checkRequest, checkText, toRegenerationFeedback } from './engine';
export { getPackSet, getRulePack, rawRulePacks } from './packs';
export type { PackSet } from './packs';
export * from './schema';
export { localeOfFact, preflightBrief } from './preflight';
export type { BriefFact, Preflight, PreflightItem } from './preflight';
