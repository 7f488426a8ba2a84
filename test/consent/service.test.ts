import { applyConsentChange, type ConsentRequest, type ConsentVersion } from '../../shared/consent/model';
import { readConsent, recordConsent, type ConsentLedger, type ConsentStreamWriter } from '../../shared/consent/service';
import { HttpError } from '../../shared/http/errors';
import type { ConsentStreamRecord } from '../../shared/stream/records';

const UID = 'uJ3x9Qm2Lr7Kp0Vt5Wz8Ya1Bc4De6Fg7Hi0Jk3Lm5N';
const NOW = new Date('2026-03-01T09:00:00.000Z');

/** Same contract as DynamoConsentLedger: append only if the version is new, project only if newer. */
class InMemoryLedger implements ConsentLedger {
  readonly versions: ConsentVersion[] = [];
  state: ConsentVersion | undefined;
  /** Runs before an append is judged: lets a test play a concurrent writer. */
  beforeAppend: (() => void) | undefined;
  failProject = false;
  async history(_uid: string, limit: number) {
    return [...this.versions].sort((a, b) => b.version - a.version).slice(0, limit);
  }
  async append(_uid: string, version: ConsentVersion) {
    this.beforeAppend?.();
    if (this.versions.some((existing) => existing.version === version.version)) return 'conflict' as const;
    this.versions.push(version);
    return 'appended' as const;
  }
  async project(_uid: string, version: ConsentVersion) {
    if (this.failProject) throw new Error('ProvisionedThroughputExceededException');
    if (!this.state || this.state.version < version.version) this.state = version;
  }
  async erase() {
    return { versions: 0 };
  }
}

class FakeStream implements ConsentStreamWriter {
  readonly records: ConsentStreamRecord[] = [];
  down = false;
  async put(record: ConsentStreamRecord) {
    if (this.down) throw new Error('ProvisionedThroughputExceededException');
    this.records.push(record);
  }
}

function setup(regime: 'opt-in' | 'opt-out' = 'opt-in') {
  const ledger = new InMemoryLedger();
  const stream = new FakeStream();
  let id = 0;
  const deps = { ledger, stream, regime, now: () => NOW, newId: () => `change-${++id}` };
  return { ledger, stream, deps };
}

const refuse: ConsentRequest = { purposes: { profiling: 'refused' }, source: 'app', noticeVersion: 'v3' };
const grant: ConsentRequest = { purposes: { profiling: 'granted', 'personalised-marketing': 'granted' }, source: 'web', noticeVersion: 'v3' };

describe('recording consent', () => {
  it('appends a version, projects it to the state item and puts a resolved, versioned record on the stream keyed by pseudonym', async () => {
    // Prepare
    const { ledger, stream, deps } = setup('opt-in');
    // Act
    await recordConsent(UID, grant, 'support-tool', deps);
    const view = await recordConsent(UID, refuse, 'mobile-app', deps);
    // Assess
    expect(ledger.versions.map((version) => [version.version, version.by])).toEqual([
      [1, 'support-tool'],
      [2, 'mobile-app'],
    ]);
    expect(ledger.state?.version).toBe(2);
    expect(stream.records.map((record) => [record.uid, record.kind, record.consent.version, record.consent.purposes])).toEqual([
      [UID, 'consent', 1, { profiling: 'granted', 'personalised-marketing': 'granted' }],
      [UID, 'consent', 2, { profiling: 'refused', 'personalised-marketing': 'granted' }],
    ]);
    expect(view).toMatchObject({ version: 2, purposes: { profiling: { status: 'refused', basis: 'explicit' }, 'personalised-marketing': { status: 'granted' } } });
    expect(view.history).toHaveLength(2);
  });

  it('applies on top of a change that another request appended first', async () => {
    // Prepare: a concurrent request appends version 1 between our read and our append.
    const { ledger, deps } = setup();
    ledger.beforeAppend = () => {
      ledger.beforeAppend = undefined;
      ledger.versions.push(applyConsentChange(undefined, grant, { changeId: 'other', at: NOW, by: 'other-client' }, 'opt-in').next);
    };
    // Act
    const view = await recordConsent(UID, refuse, 'mobile-app', deps);
    // Assess
    expect(view.version).toBe(2);
    expect(view.purposes['personalised-marketing']).toMatchObject({ status: 'granted', basis: 'explicit' });
    expect(view.purposes.profiling.status).toBe('refused');
  });

  it('answers 503 when concurrent changes keep winning', async () => {
    const { ledger, deps } = setup();
    let n = 0;
    ledger.beforeAppend = () => ledger.versions.push(applyConsentChange(ledger.versions.at(-1), grant, { changeId: `other-${++n}`, at: NOW, by: 'other' }, 'opt-in').next);
    await expect(recordConsent(UID, refuse, 'app', deps)).rejects.toMatchObject({ statusCode: 503 });
  });

  it.each([
    ['the stream refuses the record', (s: ReturnType<typeof setup>) => (s.stream.down = true)],
    ['the state item cannot be written', (s: ReturnType<typeof setup>) => (s.ledger.failProject = true)],
  ])('answers 503 with the recorded version when %s, and a resend takes effect', async (_name, breakIt) => {
    // Prepare
    const s = setup();
    breakIt(s);
    // Act
    const failure = await recordConsent(UID, refuse, 'app', s.deps).catch((error: unknown) => error);
    s.stream.down = false;
    s.ledger.failProject = false;
    await recordConsent(UID, refuse, 'app', s.deps);
    // Assess
    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ statusCode: 503, details: { version: 1 } });
    expect(s.ledger.state?.version).toBe(2);
    expect(s.stream.records.at(-1)?.consent).toMatchObject({ version: 2, purposes: { profiling: 'refused' } });
  });

  it('reads the regime default for a user who never chose', async () => {
    const { deps } = setup('opt-out');
    await expect(readConsent(UID, deps)).resolves.toMatchObject({ version: 0, purposes: { profiling: { status: 'granted', basis: 'default' } } });
  });
});
