import { startNodeTarget } from '../src/node-target.js';
import { runConformance } from '../src/suite.js';

runConformance('node', startNodeTarget);
