import type { Job } from './job.ts';
import { remindersJob } from './reminders.job.ts';
import { weeklySnapshotJob } from './weekly-snapshot.job.ts';

/** Every scheduled job, in the order a tick runs them (the snapshot first: reminders read the week's state). */
export const ALL_JOBS: readonly Job[] = [weeklySnapshotJob, remindersJob];
