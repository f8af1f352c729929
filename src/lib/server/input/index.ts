export * from './blocks';
export * from './form';
/** Valibot itself, for schemas made of the blocks (`v.object`, `v.forward`, ...). */
export * as v from 'valibot';
