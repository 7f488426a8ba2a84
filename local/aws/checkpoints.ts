import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/**
 * Where an event source mapping has got to in each shard, kept in a file so that a restarted local suite
 * resumes after the last record it finished instead of at its starting position. Lambda keeps the same
 * thing for a real mapping. Each change is written to a temporary file and renamed over the old one, so a
 * crash leaves either the old checkpoint or the new one, never half of one.
 */
const checkpointSchema = z.object({
  version: z.literal(1),
  streamArn: z.string(),
  functionArn: z.string(),
  shards: z.record(
    z.string(),
    z.object({
      /** The last record finished: processed, or given up on (age, retries) and sent to the destination. */
      sequenceNumber: z.string().regex(/^\d{1,128}$/),
      /** Records finished in this shard since the checkpoint was first written. */
      records: z.number().int().nonnegative(),
      updatedAt: z.string(),
    }),
  ),
});
export type ShardCheckpoint = z.infer<typeof checkpointSchema>['shards'][string];

export class CheckpointStore {
  private readonly shards = new Map<string, ShardCheckpoint>();

  /** Reads the file if there is one; a file for another stream or function, or one that does not parse, is an error. */
  constructor(
    private readonly file: string,
    private readonly identity: { streamArn: string; functionArn: string },
  ) {
    if (!fs.existsSync(file)) return;
    let parsed: z.infer<typeof checkpointSchema>;
    try {
      parsed = checkpointSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch (error) {
      throw new Error(`checkpoint file ${file} is unreadable (${(error as Error).message}); move it away to start over from the mapping's starting position`);
    }
    if (parsed.streamArn !== identity.streamArn || parsed.functionArn !== identity.functionArn) {
      throw new Error(`checkpoint file ${file} belongs to ${parsed.functionArn} on ${parsed.streamArn}, not ${identity.functionArn} on ${identity.streamArn}`);
    }
    for (const [shardId, checkpoint] of Object.entries(parsed.shards)) this.shards.set(shardId, checkpoint);
  }

  get(shardId: string): ShardCheckpoint | undefined {
    return this.shards.get(shardId);
  }

  /** Records that `count` more records of the shard are finished, the last being `sequenceNumber`, and saves. */
  advance(shardId: string, sequenceNumber: string, count: number): void {
    const previous = this.shards.get(shardId);
    this.shards.set(shardId, { sequenceNumber, records: (previous?.records ?? 0) + count, updatedAt: new Date().toISOString() });
    this.save();
  }

  private save(): void {
    const shards: Record<string, ShardCheckpoint> = Object.create(null);
    for (const [shardId, checkpoint] of this.shards) shards[shardId] = checkpoint;
    const body = JSON.stringify({ version: 1, ...this.identity, shards }, null, 2);
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, body);
    fs.renameSync(temporary, this.file);
  }
}
