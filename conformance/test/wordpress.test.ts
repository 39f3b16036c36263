import { runConformance } from '../src/suite.js';
import { startWordPressTarget } from '../src/wordpress-target.js';

runConformance('wordpress', startWordPressTarget);
