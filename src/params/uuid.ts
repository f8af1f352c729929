import type { ParamMatcher } from '@sveltejs/kit';
import { isUuid } from '$lib/uuid';

/**
 * Ids in URLs are uuids: a route with `[id=uuid]` matches nothing else, so a path with
 * another value answers 404 before any load runs (and never reaches SQL as a cast error).
 */
export const match = ((param: string): param is string => isUuid(param)) satisfies ParamMatcher;
