// The date helpers moved to `./format`, which formats in the interface language. This re-export stays only
// for the import wizard (screens/Import), which is being rewritten; remove it once that imports `./format`.
export { formatDay, formatMoment, formatMomentDay, todayIso } from './format';
