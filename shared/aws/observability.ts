import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per Lambda container. The service name and namespace come from
 * POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE, which the house construct sets per function.
 * Logs carry ids and counts, never payloads: see the privacy section of the README.
 */
export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();
