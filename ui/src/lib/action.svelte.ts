// One way to run an action that talks to the backend: while it runs the screen is busy (buttons disabled,
// a "Saving…" label); when it fails the backend's sentence is shown; whatever happens, busy ends. Create an
// `Action` while a component initialises and call `run`; read `busy`, `running` and `error` in the markup.
import { errorMessage } from './api';

export interface RunOptions<Tag> {
  /** What is running, for screens that show which of several actions is busy (a row's name, a step). */
  tag?: Tag;
  /** Extra work when the action fails, after `error` holds its sentence (put a control back, move the focus); busy
   * lasts until it is done. */
  onError?: (error: unknown) => void | Promise<void>;
}

export class Action<Tag = true> {
  /** What the newest run is doing (its tag, or `true`), or null when nothing runs. */
  running = $state<Tag | true | null>(null);
  /** The sentence of the newest run's failure, or '' when it succeeded or is still running. */
  error = $state('');
  #latest = 0;
  #inFlight = 0;

  /** Whether a run is under way. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Whether the run with this tag is the one under way. */
  is(tag: Tag): boolean {
    return this.running === tag;
  }

  /**
   * Runs `fn`. Resolves with what it resolved with, or `undefined` when it failed: then `error` holds the
   * backend's sentence (through `errorMessage`). `fn` is told whether it is still the newest run, so a slow
   * answer overtaken by a newer request can leave the screen alone; only the newest run sets `error`, and
   * busy ends once every run has settled.
   */
  async run<T>(fn: (isCurrent: () => boolean) => Promise<T>, options: RunOptions<Tag> = {}): Promise<T | undefined> {
    const id = ++this.#latest;
    const isCurrent = () => id === this.#latest;
    this.#inFlight += 1;
    this.running = options.tag ?? true;
    this.error = '';
    try {
      return await fn(isCurrent);
    } catch (e) {
      if (isCurrent()) {
        this.error = errorMessage(e);
        await options.onError?.(e);
      }
      return undefined;
    } finally {
      this.#inFlight -= 1;
      if (this.#inFlight === 0) this.running = null;
    }
  }

  /** Shows a sentence of the screen's own (a field left empty) as the error, or clears it with ''. */
  fail(message: string): void {
    this.error = message;
  }
}
