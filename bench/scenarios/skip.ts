/** Thrown by a scenario that cannot run in this setup; the run records the reason and goes on. */
export class ScenarioSkipped extends Error {
  override name = 'ScenarioSkipped';
}
