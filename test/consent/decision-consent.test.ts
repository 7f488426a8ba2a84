import 'aws-sdk-client-mock-jest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoProfileSnapshotReader } from '../../shared/aws/decision-profile-reader';
import { DynamoProfileStore } from '../../shared/aws/profile-store';
import type { ConsentRegime } from '../../shared/consent/model';
import { foldUserRecords } from '../../shared/profiles/fold';
import { DEFAULT_PIPELINE_SETTINGS } from '../../shared/profiles/settings';
import { profileToStored } from '../../shared/profiles/state';
import { MINUTE, T0, UID, context, event, iso, item, userRecords } from '../profiles/fixtures';

/** The decision function's one read: profile and consent state in the same BatchGetItem. */
const PROFILES = 'profiles-table';
const CONSENTS = 'consents-table';
const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));

const foldedProfile = () =>
  foldUserRecords(undefined, userRecords([event({ type: 'add_to_cart', item: item('p1', 'Tents', { price: 300 }), timestamp: iso(T0) })], 1, { receivedAt: iso(T0 + MINUTE) }), context()).state!;
/** Items written before the compact codec: the state as plain attributes. */
const legacyProfileItem = () => ({ ...profileToStored(foldedProfile()), kind: 'profile', version: 1 });

/** The item exactly as the feature updater's store writes it (PutCommand intercepted). */
async function storedProfileItem(): Promise<Record<string, unknown>> {
  let written: Record<string, unknown> | undefined;
  dynamo.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    written = input.Item;
    return {};
  });
  expect(await new DynamoProfileStore(client, PROFILES).save(foldedProfile(), undefined)).toBe('saved');
  dynamo.reset();
  return written!;
}
let profileItem: Record<string, unknown>;
const consentItem = (profiling: 'granted' | 'refused', marketing: 'granted' | 'refused') => {
  const choice = (decision: string) => ({ decision, at: iso(T0), source: 'app', noticeVersion: 'v1' });
  return { uid: UID, sk: 'state', version: 1, changeId: 'c1', changedAt: iso(T0), by: 'app', source: 'app', noticeVersion: 'v1', changed: {}, choices: { profiling: choice(profiling), 'personalised-marketing': choice(marketing) } };
};
const reader = (regime: ConsentRegime) => new DynamoProfileSnapshotReader(client, PROFILES, DEFAULT_PIPELINE_SETTINGS, { tableName: CONSENTS, regime });

beforeEach(async () => {
  dynamo.reset();
  profileItem = await storedProfileItem();
});

describe('decision profile read with consent', () => {
  it.each<[string, ConsentRegime, ReturnType<typeof consentItem> | undefined, boolean, boolean]>([
    ['no consent state, opt-out regime', 'opt-out', undefined, true, true],
    ['no consent state, opt-in regime', 'opt-in', undefined, false, false],
    ['everything granted under opt-in', 'opt-in', consentItem('granted', 'granted'), true, true],
    ['personalised marketing refused', 'opt-out', consentItem('granted', 'refused'), false, true],
    ['profiling refused, marketing granted', 'opt-out', consentItem('refused', 'granted'), true, false],
  ])('%s → personalisedMarketingAllowed %s, features %s', async (_name, regime, consent, allowed, withFeatures) => {
    // Prepare
    dynamo.on(BatchGetCommand).resolves({ Responses: { [PROFILES]: [profileItem], [CONSENTS]: consent ? [consent] : [] } });
    // Act
    const snapshot = await reader(regime).read(UID, T0 + 2 * MINUTE);
    // Assess
    expect(snapshot.personalisedMarketingAllowed).toBe(allowed);
    expect(snapshot.features !== undefined).toBe(withFeatures);
    expect(dynamo).toHaveReceivedCommandTimes(BatchGetCommand, 1);
    expect(dynamo).toHaveReceivedCommandWith(BatchGetCommand, { RequestItems: { [PROFILES]: { Keys: [{ uid: UID }] }, [CONSENTS]: { Keys: [{ uid: UID, sk: 'state' }] } } });
  });

  it('reads a profile as the feature updater stored it (compact codec): its interests and spending, not a cold start', async () => {
    expect(profileItem.p).toBeInstanceOf(Uint8Array);
    dynamo.on(BatchGetCommand).resolves({ Responses: { [PROFILES]: [profileItem], [CONSENTS]: [] } });
    const snapshot = await reader('opt-out').read(UID, T0 + 2 * MINUTE);
    expect(snapshot.features?.interests?.shortTerm?.categories?.map((entry) => entry.key)).toEqual(['tents']);
    expect(snapshot.features?.spending?.tier).toBeDefined();
  });

  it('still reads items written before the codec (plain attributes)', async () => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [PROFILES]: [legacyProfileItem()], [CONSENTS]: [] } });
    const snapshot = await reader('opt-out').read(UID, T0 + 2 * MINUTE);
    expect(snapshot.features?.interests?.shortTerm?.categories?.map((entry) => entry.key)).toEqual(['tents']);
  });

  it.each([
    ['an erased profile (tombstone)', { uid: UID, kind: 'tombstone', erasedAt: iso(T0), version: 2, expiresAt: 1 }],
    ['a corrupt codec body', { uid: UID, kind: 'profile', version: 1, p: new Uint8Array([2, 0xff, 0x00]) }],
    ['an unknown codec version', { uid: UID, kind: 'profile', version: 1, p: new Uint8Array([99]) }],
  ])('serves %s as a cold start', async (_name, stored) => {
    dynamo.on(BatchGetCommand).resolves({ Responses: { [PROFILES]: [stored], [CONSENTS]: [] } });
    const snapshot = await reader('opt-out').read(UID, T0 + 2 * MINUTE);
    expect(snapshot).toEqual({ personalisedMarketingAllowed: true });
  });

  it('retries only the keys left unprocessed and still sees the consent that came back late', async () => {
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { [PROFILES]: [profileItem] }, UnprocessedKeys: { [CONSENTS]: { Keys: [{ uid: UID, sk: 'state' }] } } })
      .resolvesOnce({ Responses: { [CONSENTS]: [consentItem('granted', 'refused')] } });
    const snapshot = await reader('opt-out').read(UID, T0 + 2 * MINUTE);
    expect(snapshot.personalisedMarketingAllowed).toBe(false);
    expect(snapshot.features).toBeDefined();
    expect(dynamo).toHaveReceivedNthCommandWith(2, BatchGetCommand, { RequestItems: { [CONSENTS]: { Keys: [{ uid: UID, sk: 'state' }] } } });
  });
});
