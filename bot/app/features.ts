import { askFeature } from "../features/ask/index.js";
import { broadcastFeature } from "../features/broadcast/index.js";
import { campaignsFeature } from "../features/campaigns/index.js";
import { casesFeature } from "../features/cases/index.js";
import { consoleFeature } from "../features/console/index.js";
import { feedbackFeature } from "../features/feedback/index.js";
import { groupsFeature } from "../features/groups/index.js";
import { quizFeature } from "../features/quiz/index.js";
import { rosterFeature } from "../features/roster/index.js";
import type { FeatureDescriptor } from "../kernel/feature.js";

/**
 * The features of the bot, one line each, in the order they open: a feature
 * sees the services of those above it. Guided flows (cases) see a message
 * before a pending 👎 reason (feedback) does. The console comes last: its pages
use the services of all the others.
 */
export const FEATURES: readonly FeatureDescriptor[] = [
  groupsFeature,
  askFeature(),
  rosterFeature,
  broadcastFeature,
  casesFeature,
  feedbackFeature,
  quizFeature,
  campaignsFeature,
  consoleFeature,
];
