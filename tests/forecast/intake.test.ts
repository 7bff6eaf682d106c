// Intake dynamics learned from the history (#23 item 5): a world where each location takes one youth at a time and
// one where every free place fills on its own clock are told apart per care type, and the forecast follows.
import { describe, expect, it } from "vitest";
import { fitForecastModel } from "../../shared/rules/forecast.js";
import { intakeMultiplier } from "../../shared/rules/forecast-intake.js";
import { batchReportingWorld, heavyTailWorld, WORLD_END } from "./worlds/worlds.js";

const LARGE = ["kleinschalig-wonen", "residentieel", "driemilieu"] as const;

describe("intake dynamics per care type", () => {
  it("when locations take one youth at a time, then the exponent is near 0 and a place of a location with 4 free fills slower than one alone", () => {
    const { history } = heavyTailWorld();
    const model = fitForecastModel(history, WORLD_END);
    for (const careType of LARGE) {
      const intake = model.groups[careType]?.intake;
      expect(intake?.exponent, careType).toBeLessThanOrEqual(0.3);
      expect(intakeMultiplier(intake, 4)).toBeLessThan(intakeMultiplier(intake, 1) / 2);
    }
  });

  it("when every free place fills on its own clock, then the exponent is near 1 and the number free changes little", () => {
    const { history } = batchReportingWorld();
    const model = fitForecastModel(history, WORLD_END);
    for (const careType of LARGE) {
      const intake = model.groups[careType]?.intake;
      expect(intake?.exponent, careType).toBeGreaterThanOrEqual(0.8);
      expect(intakeMultiplier(intake, 4) / intakeMultiplier(intake, 1)).toBeGreaterThan(0.7);
    }
  });
});
