/** Names the budget table's schema shares between the CDK stacks and the store adapter. */
export const BUDGET_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Sparse index of campaign items by when they are next due; the scheduler queries it. */
  dueIndex: { name: 'due', partitionKey: 'dueBucket', sortKey: 'dueAt' },
} as const;
