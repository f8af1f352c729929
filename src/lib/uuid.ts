/**
 * Ids in URLs and forms are uuids; anything else cannot exist, and must answer "not found"
 * instead of reaching SQL as a cast error (a 500). Shared by the server and the route
 * matcher (`src/params/uuid.ts`), which runs in the browser too.
 */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
	return uuidPattern.test(value);
}
