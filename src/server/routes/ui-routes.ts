import type { AnyRoute } from '../route.js';
import { exploreRoutes } from './ui-explore.js';
import { overviewRoute } from './ui-overview.js';

/** The routes the web UI reads besides the rest of the API: its start page, search, chains, recent decisions. */
export const uiRoutes: readonly AnyRoute[] = [overviewRoute, ...exploreRoutes];
