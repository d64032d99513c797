/** For an SLO, sizes are aimed at (and confirmed) with a predicted p95 this much below it: the bound from 59 values lies above the p95 itself. */
export const SLO_HEDGE = 0.03;
