/**
 * The demo's terminal output while the run goes: one line per event and, on a terminal, a bar
 * kept on the last line (redrawn after each event). In a log (no TTY) there is no bar.
 */
import type { Counts } from './watch-run.js';

const WIDTH = 24;

export function liveProgress(stream: NodeJS.WriteStream): {
  event: (line: string, counts: Counts) => void;
  end: () => void;
} {
  let barShown = false;
  const clearBar = () => {
    if (barShown) stream.write('\r\x1b[2K');
    barShown = false;
  };
  return {
    event(line, counts) {
      clearBar();
      stream.write(`${line}\n`);
      if (!stream.isTTY) return;
      const filled = counts.total === 0 ? WIDTH : Math.round((counts.done / counts.total) * WIDTH);
      stream.write(
        `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${counts.done}/${counts.total} done · ` +
          `${counts.running} running · ${counts.review} in review · ${counts.failed} failed`,
      );
      barShown = true;
    },
    end: clearBar,
  };
}
