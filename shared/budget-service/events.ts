/**
 * The events the budget capability puts on its EventBridge bus, for the connectors that push budgets
 * to ad platforms. Both carry `eventId`, stable across redeliveries: a run that crashed after
 * publishing publishes again, and a connector that has seen the id drops the copy.
 */
export const BUDGET_EVENT_SOURCE = 'ai-marketing.budget';

export const BUDGET_DETAIL_TYPES = {
  allocated: 'BudgetAllocated',
  anomaly: 'ChannelAnomalyDetected',
} as const;

export interface BudgetAllocatedDetail {
  eventId: string;
  campaignId: string;
  /** Key (start, ISO UTC) of the period the budget is for, and its end. */
  period: string;
  periodEnd: string;
  currency: string;
  totalBudgetCents: number;
  /** What to spend on each channel in the period, in cents; sums exactly to totalBudgetCents. */
  channels: { channel: string; cents: number; previousCents: number | null; held: boolean }[];
  /** Channels whose allocation was held because their latest effects looked anomalous. */
  heldForAnomaly: string[];
  trigger: 'schedule' | 'api';
  allocatedAt: string;
}

export interface ChannelAnomalyDetail {
  eventId: string;
  campaignId: string;
  /** The period being allocated when the anomaly was found. */
  period: string;
  channel: string;
  /** The anomalous points of the channel's series, kept out of the model. */
  points: { period: string; metric: string; value: number; expected: number; score: number }[];
  /** Whether the channel's allocation was held at its previous value because of it. */
  held: boolean;
}

export type BudgetEvent =
  | { detailType: typeof BUDGET_DETAIL_TYPES.allocated; detail: BudgetAllocatedDetail }
  | { detailType: typeof BUDGET_DETAIL_TYPES.anomaly; detail: ChannelAnomalyDetail };
