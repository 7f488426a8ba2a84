/**
 * Key design of the copy table, shared by the CDK table definition and the DynamoDB adapter:
 *
 * | item    | pk            | sk                    | reviews index (sparse)                      |
 * | ------- | ------------- | --------------------- | ------------------------------------------- |
 * | job     | `JOB#<jobId>` | `#JOB`                | –                                           |
 * | variant | `JOB#<jobId>` | `VARIANT#<variantId>` | `reviewQueue`=`pending`, `queuedAt`=`<iso>#<variantId>` while pending review |
 *
 * One Query on pk returns a job with all its variants; the index holds only pending variants, so the
 * review queue is a Query too, never a Scan.
 */
export const COPY_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  reviewIndex: { name: 'reviews', partitionKey: 'reviewQueue', sortKey: 'queuedAt' },
} as const;

export const PENDING_REVIEW_QUEUE = 'pending';
export const jobPk = (jobId: string) => `JOB#${jobId}`;
export const JOB_SK = '#JOB';
export const variantSk = (variantId: string) => `VARIANT#${variantId}`;
