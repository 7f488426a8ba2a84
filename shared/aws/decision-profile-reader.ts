import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ProfileSnapshot, ProfileSnapshotReader } from '../decisions-service/ports';
import type { PipelineSettings } from '../profiles/settings';
import { ProfileStateSchema } from '../profiles/state';
import { profileView } from '../profiles/view';

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
  ) {}

  async read(uid: string, now: number): Promise<ProfileSnapshot> {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [this.profilesTable]: { Keys: [{ uid }] } };
    let profileItem: Record<string, unknown> | undefined;
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt > 3) throw new Error('BatchGetItem left the profile unprocessed');
      const response = await this.client.send(new BatchGetCommand({ RequestItems: request }));
      profileItem ??= response.Responses?.[this.profilesTable]?.[0];
      request = response.UnprocessedKeys as typeof request;
    }
    const snapshot: ProfileSnapshot = { personalisedMarketingAllowed: true };
    if (!profileItem || profileItem.kind !== 'profile') return snapshot;
    const { kind: _kind, version: _version, ...state } = profileItem;
    const parsed = ProfileStateSchema.safeParse(state);
    // A profile this code cannot read is treated as unknown: the decision still gets served.
    if (!parsed.success) return snapshot;
    return { ...snapshot, features: profileView(parsed.data, now, TOP_K, this.settings) };
  }
}
