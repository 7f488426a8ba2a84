import type { EventBody } from './events';
import type { FingerprintSet } from './fingerprints';
import { hashEventId } from './fingerprints';
import type { PipelineSettings } from './settings';
import type { DropRule, ProfileState } from './state';

/**
 * Cleaning rules applied inside the stream, in order. Each returns the rule that drops the event, or
 * undefined to keep it. They read and update the user's cleaning memory, so a duplicate is caught
 * whether its twin is in this batch or in one applied hours ago.
 */

/**
 * Crawlers, headless browsers and HTTP libraries announce themselves in the user agent. Crawlers name
 * themselves `…bot/<version>` or a standalone `bot`; a bare `bot` suffix is not enough (the CUBOT phone).
 */
const BOT_USER_AGENT =
  /[a-z]bot\/|\bbot\b|crawler|spider|slurp|headless|phantomjs|puppeteer|playwright|selenium|webdriver|python-requests|python-urllib|aiohttp|scrapy|curl\/|wget\/|go-http-client|java\/\d|okhttp\/[0-3]\.|libwww|httpclient|postman|facebookexternalhit|bingpreview/i;

/** Verdicts of recently seen user agents: a stream repeats a few hundred of them, and the test is a long regex. */
const botVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_AGENTS = 2_048;

export function isBotUserAgent(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return false;
  let verdict = botVerdicts.get(userAgent);
  if (verdict === undefined) {
    verdict = BOT_USER_AGENT.test(userAgent);
    if (botVerdicts.size >= MAX_REMEMBERED_AGENTS) botVerdicts.clear();
    botVerdicts.set(userAgent, verdict);
  }
  return verdict;
}

/** Event types where a repeat of the same item within the click window is a double click, not intent. */
const CLICK_LIKE_TYPES = new Set<EventBody['type']>(['product_view', 'add_to_cart', 'like', 'share', 'ad_click', 'ad_impression']);

export function clickKey(event: EventBody): string | undefined {
  if (!CLICK_LIKE_TYPES.has(event.type)) return undefined;
  if ('item' in event) return `${event.type}:${event.item.itemId}`;
  if ('adId' in event) return `${event.type}:${event.adId}`;
  return undefined;
}

export interface CleaningMemory {
  fingerprints: FingerprintSet;
  cleaning: ProfileState['cleaning'];
  /** The user agent of the user's previous event and its verdict: a user's events nearly always share one. */
  lastAgent?: string;
  lastAgentIsBot?: boolean;
}

/**
 * Decides whether one event is applied, mutating the memory as a kept event would.
 * `at` is the event time and `receivedAt` its arrival, both epoch ms.
 */
export function screenEvent(event: EventBody, at: number, receivedAt: number, memory: CleaningMemory, settings: PipelineSettings): DropRule | undefined {
  const fingerprint = hashEventId(event.eventId);
  if (memory.fingerprints.has(fingerprint)) return 'duplicate-event';
  // A seen id is remembered even when a later rule drops the event: a resend must not be judged twice.
  // It is dated by arrival, so an event buffered offline for days is still remembered for the horizon.
  memory.fingerprints.add(fingerprint, Math.floor(receivedAt / 1000));

  const agent = event.device?.userAgent;
  if (agent !== undefined && agent !== memory.lastAgent) {
    memory.lastAgent = agent;
    memory.lastAgentIsBot = isBotUserAgent(agent);
  }
  if (agent !== undefined && memory.lastAgentIsBot) return 'bot-user-agent';

  const cleaning = memory.cleaning;
  if (cleaning.botUntil !== undefined && at < cleaning.botUntil) return 'bot-rate';
  if (exceedsHumanRate(cleaning, at, settings)) {
    cleaning.botUntil = at + settings.botCooldownMs;
    cleaning.recentEventTimes = [];
    return 'bot-rate';
  }

  const key = clickKey(event);
  if (key !== undefined) {
    const clicks = cleaning.recentClicks;
    const previous = clicks.get(key);
    if (previous !== undefined && Math.abs(at - previous) < settings.duplicateClickWindowMs) return 'duplicate-click';
    clicks.set(key, at);
  }
  return undefined;
}

/**
 * Records `at` among the user's recent event times (kept sorted, so events arriving slightly out of
 * order are judged by when they happened) and says whether any window of `botRateWindowMs` now holds
 * more than `botMaxEventsPerWindow` events. Events older than the newest by more than a window cannot
 * change the verdict and are not kept.
 */
function exceedsHumanRate(cleaning: ProfileState['cleaning'], at: number, settings: PipelineSettings): boolean {
  const times = cleaning.recentEventTimes;
  const newest = Math.max(at, times[times.length - 1] ?? at);
  if (at < newest - settings.botRateWindowMs) return false;
  // Inserted in place (splice would allocate the array of removed elements on every event).
  let index = times.length;
  times.push(at);
  while (index > 0 && times[index - 1]! > at) {
    times[index] = times[index - 1]!;
    index--;
  }
  times[index] = at;
  while (times.length > 0 && times[0]! < newest - settings.botRateWindowMs) times.shift();
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= settings.botRateWindowMs) start++;
    if (end - start + 1 > settings.botMaxEventsPerWindow) return true;
  }
  return false;
}

/** Forgets the clicks that can no longer be duplicated, so the stored memory stays small (in place: the rest keep their order). */
export function pruneClickMemory(cleaning: ProfileState['cleaning'], now: number, settings: PipelineSettings): void {
  const oldest = now - settings.duplicateClickWindowMs;
  const clicks = cleaning.recentClicks;
  // Deleting the entry being visited is safe in a Map's iteration.
  for (const [key, at] of clicks) if (at < oldest) clicks.delete(key);
  if (cleaning.botUntil !== undefined && cleaning.botUntil <= now) delete cleaning.botUntil;
}
