// Asking for the password again in the middle of an action (an export above the security policy's soft
// limit), shared by every screen that runs such an action. Create it while a component initialises, run the
// action through `run`, and show `ConfirmPasswordDialog` while `open` is true.
import { errorMessage, withReauth, type ApiError } from '../api';

export class PasswordRequest {
  /** Whether the dialog is shown. */
  open = $state(false);
  /** Why the last password was not accepted, shown inside the dialog. */
  error = $state('');
  /** A password was typed and is being checked; the dialog waits. */
  busy = $state(false);
  /** Whether the last `run` asked for the password, so the caller can put the focus back where it was. */
  asked = false;
  #answer: ((password: string | null) => void) | null = null;

  /**
   * Runs `action`, asking for the password when the backend wants it confirmed. Resolves with what the
   * action resolved with, or null when the user cancelled. A wrong password keeps the dialog open with the
   * backend's sentence; any other failure closes it and rejects as the action would.
   */
  async run<T>(action: () => Promise<T>): Promise<T | null> {
    this.asked = false;
    // Not an `Action`: a failure passes through to the caller's own `Action`; this only closes the dialog.
    try {
      return await withReauth(action, this.#ask);
    } finally {
      this.#close();
    }
  }

  /** The dialog's answer: the password typed. */
  submit(password: string): void {
    const answer = this.#answer;
    if (answer === null) return;
    this.#answer = null;
    this.busy = true;
    this.error = '';
    answer(password);
  }

  /** The dialog's answer: the user does not want to go on. */
  cancel(): void {
    const answer = this.#answer;
    if (answer === null) return;
    this.#answer = null;
    answer(null);
  }

  // Asked first with no error, then again after each wrong password, with the backend's sentence; while a
  // typed password is being checked the dialog stays busy (its buttons disabled).
  #ask = (wrong: ApiError | null): Promise<string | null> => {
    this.asked = true;
    this.open = true;
    this.busy = false;
    this.error = wrong ? errorMessage(wrong) : '';
    return new Promise((resolve) => {
      this.#answer = resolve;
    });
  };

  #close(): void {
    this.#answer = null;
    this.open = false;
    this.error = '';
    this.busy = false;
  }
}
