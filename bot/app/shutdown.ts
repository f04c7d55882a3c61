import type { Log } from "../kernel/log.js";

export interface ShutdownStep {
  /** Named in the log when it is still running at the deadline. */
  name: string;
  run: () => Promise<void>;
}

/** A timer that can be cancelled (the default is a real one; tests pass their own). */
export type Deadline = (ms: number) => { expired: Promise<void>; cancel: () => void };

export const realDeadline: Deadline = (ms) => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { expired, cancel: () => clearTimeout(timer) };
};

/**
 * Runs the shutdown steps together and gives them until the deadline: in-flight
 * work (answers, broadcast sends) gets that long to finish, and no platform
 * that keeps failing (a Web API client retrying a 500 for minutes) can keep
 * the process alive past it. Returns the steps still running at the deadline,
 * which the caller abandons.
 */
export async function shutDownWithin(
  steps: ShutdownStep[],
  options: { deadlineMs: number; log: Log; deadline?: Deadline },
): Promise<string[]> {
  const { log } = options;
  const running = new Set(steps.map((s) => s.name));
  const all = Promise.all(
    steps.map((step) =>
      step
        .run()
        .catch((error: unknown) =>
          log("error", "shutdown step failed", {
            step: step.name,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
        .finally(() => running.delete(step.name)),
    ),
  );
  const timer = (options.deadline ?? realDeadline)(options.deadlineMs);
  const outcome = await Promise.race([
    all.then(() => "done" as const),
    timer.expired.then(() => "late" as const),
  ]);
  timer.cancel();
  if (outcome === "done") return [];
  const waitingFor = [...running];
  log("warn", "shutdown deadline passed: exiting with work unfinished", {
    deadlineMs: options.deadlineMs,
    waitingFor,
  });
  return waitingFor;
}
