import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConsentRegime } from '../consent/model';
import type { ProfileSnapshot, ProfileSnapshotReader } from '../decisions-service/ports';
import type { PipelineSettings } from '../profiles/settings';
import { ProfileStateSchema } from '../profiles/state';
import { profileView } from '../profiles/view';
import { CONSENTS_TABLE } from '../consent/keys';
import { consentAllowsFromItem, consentStateKey } from './consent-store';

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
    if (!profileItem || profileItem.kind !== 'profile') return snapshot;
    const { kind: _kind, version: _version, ...state } = profileItem;
    const parsed = ProfileStateSchema.safeParse(state);
    // A profile this code cannot read is treated as unknown: the decision still gets served.
    if (!parsed.success) return snapshot;
    return { ...snapshot, features: profileView(parsed.data, now, TOP_K, this.settings) };
  }
}
