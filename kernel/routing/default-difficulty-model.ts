/**
 * The difficulty model shipped with the kernel, trained by `npm run train:routing` on the
 * routing benchmark's tuning data (the file lists exactly which sets).
 */
import type { DifficultyModel } from "./difficulty";
import trained from "./difficulty-model.json";

export const DEFAULT_DIFFICULTY_MODEL: DifficultyModel = trained;
