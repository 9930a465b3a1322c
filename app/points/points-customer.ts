import { store } from '../store/store';
import type { PointsState } from './points-slice';

/** Changes the points screen's part of the store. */
export const patchPoints = (partial: Partial<PointsState>) =>
  store.setState((s) => ({ points: { ...s.points, ...partial } }));

/** The customer leaves: their card, balance and last operation go; the chosen programme stays. */
export const forgetPointsCustomer = () =>
  store.setState((s) => ({
    points:
      s.points.programmeCode === undefined
        ? { busy: false }
        : { busy: false, programmeCode: s.points.programmeCode },
  }));
