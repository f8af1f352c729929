/**
 * Ids in URLs and forms are uuids; anything else cannot exist, and must answer "not found"
 * instead of reaching SQL as a cast error (a 500). The rule itself is one of the input blocks.
 */
export { isUuid } from './input/blocks';
