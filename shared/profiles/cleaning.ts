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
  /**
   * `cleaning.recentClicks` while the fold runs (`clickMemoryOf`), written back once by `pruneClickMemory`:
   * a plain object keyed by a fresh `type:id` string per click grew a hidden class per new key and
   * went to dictionary mode on the first delete, about a tenth of the fold's time.
   */
  clicks: Map<string, number>;
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
    const previous = memory.clicks.get(key);
    if (previous !== undefined && Math.abs(at - previous) < settings.duplicateClickWindowMs) return 'duplicate-click';
    memory.clicks.set(key, at);
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

/** The stored clicks as the fold's working map (`CleaningMemory.clicks`), in their stored order. */
export function clickMemoryOf(recentClicks: Readonly<Record<string, number>>): Map<string, number> {
  const clicks = new Map<string, number>();
  // for…in, not Object.entries: no pair per key. The stored map is a plain object of own keys only.
  for (const key in recentClicks) clicks.set(key, recentClicks[key]!);
  return clicks;
}

/**
 * An empty plain object in V8's dictionary mode. Click keys (`type:itemId`) are nearly unique per
 * user, so a fast-mode object built key by key made a new hidden class per key and user and batch,
 * and that write-back was the largest single line of the fold's CPU profile. Deleting a property
 * other than the last one added is what turns an object into a dictionary; keys added later keep
 * their insertion order as in any object.
 */
function dictionaryRecord(): Record<string, number> {
  const record: Record<string, number> = { first: 0, second: 0 };
  delete record.first;
  delete record.second;
  return record;
}

/** Writes the clicks that can still be duplicated back to the state, so the stored memory stays small. */
export function pruneClickMemory(cleaning: ProfileState['cleaning'], clicks: ReadonlyMap<string, number>, now: number, settings: PipelineSettings): void {
  const oldest = now - settings.duplicateClickWindowMs;
  const kept = dictionaryRecord();
  for (const [key, at] of clicks) if (at >= oldest) kept[key] = at;
  cleaning.recentClicks = kept;
  if (cleaning.botUntil !== undefined && cleaning.botUntil <= now) delete cleaning.botUntil;
}
