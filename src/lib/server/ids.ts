/** The uuid rule of ids in URLs and forms (one rule for routes, forms and the domain). */
export { isUuid } from '../uuid';
