import { loadStoreConfig, showModeBanner } from './shared.js';

showModeBanner(await loadStoreConfig());
