/** The bounded map lives in util/ (the store's text cache uses it too). */
export { Lru } from '../util/lru.js';
