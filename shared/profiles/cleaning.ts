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

/** The id a click is on (an item or an ad), or undefined for an event that is no click. */
function clickId(event: EventBody): string | undefined {
  if (!CLICK_LIKE_TYPES.has(event.type)) return undefined;
  if ('item' in event) return event.item.itemId;
  if ('adId' in event) return event.adId;
  return undefined;
}

/** The key of a click in `recentClicks`: `type:id`. */
const keyOfClick = (type: string, id: string) => `${type}:${id}`;

export function clickKey(event: EventBody): string | undefined {
  const id = clickId(event);
  return id === undefined ? undefined : keyOfClick(event.type, id);
}

export interface CleaningMemory {
  fingerprints: FingerprintSet;
  /** `recentClicks` lags the clicks judged until `flushClicks` or `pruneClickMemory` (see `RecentClicks`). */
  cleaning: ProfileState['cleaning'];
  /** The user agent of the user's previous event and its verdict: a user's events nearly always share one. */
  lastAgent?: string;
  lastAgentIsBot?: boolean;
  /** The recent clicks split by type and id while this memory judges clicks (`RecentClicks`). */
  clicks?: RecentClicks;
}

/**
 * Clicks a user's memory holds in a batch are nearly always a handful: found by a scan, without the
 * hash map (and its clearing, which allocates a fresh table) that a heavy clicker's batch gets past this many.
 */
const SCANNED_CLICKS = 16;

/**
 * `cleaning.recentClicks` (`type:id` → time) as a fold judges clicks: entries by id and type, so that
 * judging a click builds and hashes no `type:id` string. A key per click, looked up and stored in a
 * dictionary object, was a tenth of the fold's profile, and nearly all of those keys were pruned again
 * at the end of the batch (the window is two seconds). Keys are built for the new clicks still inside
 * the window when the memory is flushed. One instance serves every memory in turn (`clicksOf`): a
 * fold judges one user at a time, and this way it allocates nothing per user and batch.
 */
class RecentClicks {
  owner: CleaningMemory | undefined;
  /** Entries in insertion order: those loaded from `recentClicks` (with their key), then the new ones. */
  private readonly types: string[] = [];
  private readonly ids: string[] = [];
  private readonly ats: number[] = [];
  private readonly keys: string[] = [];
  /** Past `SCANNED_CLICKS` entries, an index: id → its latest entry, and each entry's previous one with the same id (or −1). */
  private readonly byId = new Map<string, number>();
  private readonly sameId: number[] = [];
  private indexed = false;

  /** Takes over `recentClicks` of `memory`, after writing back what the previous owner judged. */
  load(memory: CleaningMemory): void {
    if (this.owner) flushClicks(this.owner);
    this.owner = memory;
    memory.clicks = this;
    const stored = memory.cleaning.recentClicks;
    for (const key in stored) {
      const colon = key.indexOf(':');
      this.keys.push(key);
      // A key that is no `type:id` (none is written so) is kept as it is and matches no click.
      this.append(colon === -1 ? '' : key.slice(0, colon), colon === -1 ? key : key.slice(colon + 1), stored[key]!);
    }
  }

  /** Whether a click of `type` on `id` at `at` repeats one within `windowMs`; if not, it is remembered. */
  isRepeat(type: string, id: string, at: number, windowMs: number): boolean {
    const index = this.indexOf(type, id);
    if (index === -1) {
      this.append(type, id, at);
      return false;
    }
    if (Math.abs(at - this.ats[index]!) < windowMs) return true;
    this.ats[index] = at;
    // A loaded entry already has its key: written through (rare: the same item clicked again later).
    if (index < this.keys.length) this.owner!.cleaning.recentClicks[this.keys[index]!] = at;
    return false;
  }

  /**
   * Adds the new clicks at or after `oldest` to `recentClicks`, deletes the loaded ones before it, and
   * lets go of the memory. With `oldest` = −∞ nothing is deleted (a flush before others read the map).
   */
  release(oldest: number): void {
    const owner = this.owner!;
    const clicks = owner.cleaning.recentClicks;
    const loaded = this.keys.length;
    for (let index = loaded; index < this.types.length; index++) if (this.ats[index]! >= oldest) clicks[keyOfClick(this.types[index]!, this.ids[index]!)] = this.ats[index]!;
    for (let index = 0; index < loaded; index++) if (this.ats[index]! < oldest) delete clicks[this.keys[index]!];
    owner.clicks = undefined;
    this.owner = undefined;
    this.types.length = 0;
    this.ids.length = 0;
    this.ats.length = 0;
    this.keys.length = 0;
    if (this.indexed) {
      this.sameId.length = 0;
      this.byId.clear();
      this.indexed = false;
    }
  }

  private indexOf(type: string, id: string): number {
    if (!this.indexed) {
      for (let index = this.types.length - 1; index >= 0; index--) if (this.ids[index] === id && this.types[index] === type) return index;
      return -1;
    }
    let index = this.byId.get(id) ?? -1;
    while (index !== -1 && this.types[index] !== type) index = this.sameId[index]!;
    return index;
  }

  private append(type: string, id: string, at: number): void {
    this.types.push(type);
    this.ids.push(id);
    this.ats.push(at);
    if (this.indexed) this.index(this.types.length - 1);
    else if (this.types.length > SCANNED_CLICKS) {
      for (let index = 0; index < this.types.length; index++) this.index(index);
      this.indexed = true;
    }
  }

  private index(entry: number): void {
    this.sameId.push(this.byId.get(this.ids[entry]!) ?? -1);
    this.byId.set(this.ids[entry]!, entry);
  }
}

const recentClicks = new RecentClicks();

const clicksOf = (memory: CleaningMemory): RecentClicks => {
  if (memory.clicks === undefined) recentClicks.load(memory);
  return memory.clicks!;
};

/** Brings `recentClicks` up to date with the clicks judged, before anything else reads or replaces it. */
export function flushClicks(memory: CleaningMemory): void {
  memory.clicks?.release(-Infinity);
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

  const id = clickId(event);
  if (id !== undefined && clicksOf(memory).isRepeat(event.type, id, at, settings.duplicateClickWindowMs)) return 'duplicate-click';
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

/** Writes the clicks judged back and forgets those that can no longer be duplicated, so the memory stays small. */
export function pruneClickMemory(memory: CleaningMemory, now: number, settings: PipelineSettings): void {
  const oldest = now - settings.duplicateClickWindowMs;
  const cleaning = memory.cleaning;
  if (memory.clicks) memory.clicks.release(oldest);
  else {
    const clicks = cleaning.recentClicks;
    // for…in, not Object.entries: no pair per key. The map is a plain object of own keys only.
    for (const key in clicks) if (clicks[key]! < oldest) delete clicks[key];
  }
  if (cleaning.botUntil !== undefined && cleaning.botUntil <= now) delete cleaning.botUntil;
}
