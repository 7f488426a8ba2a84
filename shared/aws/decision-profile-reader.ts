import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsentRegime } from '../consent/model';
import type { ProfileSnapshot, ProfileSnapshotReader } from '../decisions-service/ports';
import type { PipelineSettings } from '../profiles/settings';
import { isTombstone } from '../profiles/fold';
import type { ProfileState } from '../profiles/state';
import { profileView } from '../profiles/view';
import { CONSENTS_TABLE } from '../consent/keys';
import { consentAllowsFromItem, consentStateKey } from './consent-store';
import { fromItem } from './profile-store';

/** Interests per horizon the features use (the core takes the top three). */
const TOP_K = 5;

/**
 * The one profile read of a decision: a BatchGetItem on the profiles table (eventually consistent:
 * a profile a second old is as good for a decision), built so the consents table joins the same round
 * trip. No profile, or an erased one, is a cold start.
 */
export class DynamoProfileSnapshotReader implements ProfileSnapshotReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly profilesTable: string,
    private readonly settings: PipelineSettings,
    /** The consents table and the deployment's regime: the consent state joins the profile's BatchGetItem. */
    private readonly consents: { tableName: string; regime: ConsentRegime },
  ) {}

  async read(uid: string, now: number): Promise<ProfileSnapshot> {
    const consentsTable = this.consents.tableName;
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
      [this.profilesTable]: { Keys: [{ uid }] },
      [consentsTable]: { Keys: [consentStateKey(uid)] },
    };
    let profileItem: Record<string, unknown> | undefined;
    let consentItem: Record<string, unknown> | undefined;
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 3) throw new Error('BatchGetItem left the profile unprocessed');
      const response = await this.client.send(new BatchGetCommand({ RequestItems: request }));
      profileItem ??= response.Responses?.[this.profilesTable]?.[0];
      consentItem ??= response.Responses?.[consentsTable]?.find((item) => item[CONSENTS_TABLE.sortKey] === CONSENTS_TABLE.stateKey);
      request = response.UnprocessedKeys as typeof request;
    }
    // No consent state: the regime decides. Refused profiling also means no features, even in the
    // moment before the feature updater has cleared them.
    const snapshot: ProfileSnapshot = { personalisedMarketingAllowed: consentAllowsFromItem(consentItem, 'personalised-marketing', this.consents.regime) };
    if (!consentAllowsFromItem(consentItem, 'profiling', this.consents.regime)) return snapshot;
    const state = profileItem ? readProfile(profileItem) : undefined;
    if (!state) return snapshot;
    return { ...snapshot, features: profileView(state, now, TOP_K, this.settings) };
  }
}

/**
 * The profile in a stored item, decoded exactly as the feature updater reads it (profile-store.ts
 * `fromItem`: the compact codec, or the plain attributes written before it). A tombstone is no
 * profile; an item this code cannot read is treated as unknown, so the decision still gets served.
 */
function readProfile(item: Record<string, unknown>): ProfileState | undefined {
  try {
    const { value } = fromItem(item);
    return isTombstone(value) ? undefined : value;
  } catch {
    return undefined;
  }
}
