import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per Lambda container. The service name and namespace come from
 * POWERTOOLS_SERVICE_NAME / POWERTOOLS_METRICS_NAMESPACE, which the house construct sets per function.
 * Logs carry ids and counts, never payloads: see the privacy section of the README.
 */
export const logger = new Logger();

/**
 * Powertools warns "No application metrics to publish" after every invocation that recorded none, which
 * is most reads (only some routes count something). That is expected here, not a problem: it goes to the
 * logger at DEBUG. Every other metrics warning stays a warning, in the function's structured log.
 */
export const EMPTY_METRICS_WARNING = /^No application metrics to publish/;
const metricsLogger = {
  debug: (...content: unknown[]) => logger.debug(String(content[0]), ...content.slice(1).map((extra) => ({ extra }))),
  info: (...content: unknown[]) => logger.info(String(content[0]), ...content.slice(1).map((extra) => ({ extra }))),
  warn: (...content: unknown[]) =>
    EMPTY_METRICS_WARNING.test(String(content[0])) ? logger.debug(String(content[0])) : logger.warn(String(content[0]), ...content.slice(1).map((extra) => ({ extra }))),
  error: (...content: unknown[]) => logger.error(String(content[0]), ...content.slice(1).map((extra) => ({ extra }))),
};

export const metrics = new Metrics({ logger: metricsLogger });
export const tracer = new Tracer();
