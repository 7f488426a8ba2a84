import { profileToStored, type ProfileState } from '../../shared/profiles/state';
import type { ProfileStore, StoredProfile } from '../../shared/profiles/update-profiles';

/**
 * The profile table in memory for the benchmarks: no I/O, states kept by reference (the fold takes
 * ownership of what it loads, as with a fresh DynamoDB read), conditional on the version like the
 * real adapter, and counting what DynamoDB would be asked to do.
 */
export class MemoryProfileStore implements ProfileStore {
  readonly items = new Map<string, StoredProfile>();
  reads = 0;
  writes = 0;
  /** 1 KB write units, as DynamoDB bills them (only when sizing is on). */
  writeUnits = 0;

  /**
   * @param sizeItems count write units by serialising every saved item. Off for compute benchmarks:
   *   the serialisation would be timed as if the updater did it.
   */
  constructor(private readonly sizeItems = true) {}

  async load(uids: readonly string[]): Promise<Map<string, StoredProfile>> {
    this.reads += uids.length;
    const found = new Map<string, StoredProfile>();
    for (const uid of uids) {
      const item = this.items.get(uid);
      if (item) found.set(uid, item);
    }
    return found;
  }

  async save(state: ProfileState, expectedVersion: number | undefined): Promise<'saved' | 'conflict'> {
    if (this.items.get(state.uid)?.version !== expectedVersion) return 'conflict';
    this.writes++;
    if (this.sizeItems) this.writeUnits += Math.ceil(itemBytes(state) / 1024);
    this.items.set(state.uid, { value: state, version: (expectedVersion ?? 0) + 1 });
    return 'saved';
  }
}

/** Approximate stored size: the JSON of the state plus the packed fingerprints. */
const itemBytes = (state: ProfileState) => JSON.stringify(profileToStored(state), (key, value: unknown) => (key === 'seenEvents' ? '' : value)).length + state.cleaning.seenEvents.byteLength;
