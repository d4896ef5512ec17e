import { MultiBar, Presets, type SingleBar } from 'cli-progress';

/** What a scenario's progress line shows. */
export interface ScenarioStatus {
  share: number;
  phase: string;
  requests: number;
  analyses: number;
}

/** One scenario's progress line. */
export interface ScenarioLine {
  update(status: ScenarioStatus): void;
  /** Removes the line and prints `summary` in its place. */
  done(summary: string): void;
}

/**
 * Progress lines (cli-progress): one per running scenario, redrawn in place on a terminal, printed
 * every few seconds when the output is a file or a pipe; decision lines are printed above them.
 */
export class Progress {
  private readonly tty = process.stdout.isTTY === true;
  private readonly bars = new MultiBar(
    {
      format: ' {title} |{bar}| candidate share {value} % · {phase} · {requests} requests · {analyses} analyses',
      barsize: 20,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      emptyOnZero: true,
    },
    Presets.shades_classic,
  );

  start(title: string): ScenarioLine {
    const bar: SingleBar = this.bars.create(100, 0, { title, phase: 'starting', requests: 0, analyses: 0 });
    return {
      update: (s) => bar.update(Math.round(s.share), { phase: s.phase, requests: s.requests, analyses: s.analyses }),
      done: (summary) => {
        this.bars.remove(bar);
        this.log(summary);
      },
    };
  }

  log(line: string): void {
    if (this.tty) this.bars.log(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  }

  stop(): void {
    this.bars.stop();
  }
}
