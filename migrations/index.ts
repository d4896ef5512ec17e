import { InitialSchema1764063000000 } from './1764063000000-initial-schema';
import { IngestRollupMerge1764070000000 } from './1764070000000-ingest-rollup-merge';
import { AssignmentNotify1764071000000 } from './1764071000000-assignment-notify';
import { DecisionRecord1764075000000 } from './1764075000000-decision-record';
import { RolloutEngine1764081000000 } from './1764081000000-rollout-engine';
import { DeliveryGates1764082000000 } from './1764082000000-delivery-gates';
import { OutboxLease1764082500000 } from './1764082500000-outbox-lease';
import { DriftWatch1764083000000 } from './1764083000000-drift-watch';
import { PartitionedEvents1764090000000 } from './1764090000000-partitioned-events';
import { DeploymentChangeIds1764092000000 } from './1764092000000-deployment-change-ids';

/** Every migration, oldest first. Append new ones; never edit one that has been applied. */
export const migrations = [
  InitialSchema1764063000000,
  IngestRollupMerge1764070000000,
  AssignmentNotify1764071000000,
  DecisionRecord1764075000000,
  RolloutEngine1764081000000,
  DeliveryGates1764082000000,
  OutboxLease1764082500000,
  DriftWatch1764083000000,
  PartitionedEvents1764090000000,
  DeploymentChangeIds1764092000000,
];
