/** What the campaign API shows, in a module with no Node import so the console can take its types from it. */
import type { CampaignConfig } from '../budget/schemas';
import type { CampaignFailure } from './ports';

/** A campaign as the API shows it: its configuration and where its schedule stands. */
export interface CampaignView {
  campaignId: string;
  config: CampaignConfig;
  configVersion: number;
  createdAt: string;
  updatedAt: string;
  /** The period of the allocation in force, if any. */
  latestPeriod: string | null;
  periodsAllocated: number;
  /** The period the next reallocation will be for, and when the scheduler will run it. */
  nextPeriod: string;
  nextDueAt: string;
  /**
   * Whether scheduled runs succeed: `on-schedule`, or `backing-off` with the failures in a row, the
   * last error and when the scheduler tries again (a new configuration or a successful reallocation
   * puts it back on schedule).
   */
  health: { status: 'on-schedule' } | ({ status: 'backing-off' } & CampaignFailure);
}
