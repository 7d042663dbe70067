// The backend's verdict on a password being typed, shared by every form that sets one (first run, change
// password, adding and enabling users, resetting a password). Create it while a component initialises.
import { errorMessage, passwordStrength, type PasswordStrength } from '../api';

/** How long typing must pause before the backend is asked again. */
export const STRENGTH_DEBOUNCE_MS = 150;

type Verdict = { password: string; user: string; strength: PasswordStrength };

export class StrengthCheck {
  #verdict = $state<Verdict | null>(null);
  #password: () => string;
  #user: () => string;
  /** The sentence to show when the backend could not judge the password. */
  error = $state('');

  /** `password` and `user` read the form's current values; the user name is trimmed before asking. */
  constructor(password: () => string, user: () => string) {
    this.#password = password;
    this.#user = user;
    $effect(() => {
      const judgedPassword = password();
      const judgedUser = user().trim();
      if (judgedPassword === '') {
        this.#verdict = null;
        return;
      }
      const timer = setTimeout(() => {
        passwordStrength(judgedPassword, judgedUser).then(
          (strength) => {
            // A slow answer for an older keystroke must not overwrite a newer one.
            if (judgedPassword === this.#password() && judgedUser === this.#user().trim()) {
              this.#verdict = { password: judgedPassword, user: judgedUser, strength };
              this.error = '';
            }
          },
          (e: unknown) => {
            this.error = errorMessage(e);
          },
        );
      }, STRENGTH_DEBOUNCE_MS);
      return () => clearTimeout(timer);
    });
  }

  /** What the meter shows: the last verdict, kept while the user goes on typing. */
  get shown(): PasswordStrength | null {
    return this.#verdict?.strength ?? null;
  }

  /** The verdict for exactly the current input, or null while it is still being judged. */
  get current(): PasswordStrength | null {
    const verdict = this.#verdict;
    return verdict && verdict.password === this.#password() && verdict.user === this.#user().trim()
      ? verdict.strength
      : null;
  }

  /** Whether the backend judged the current input acceptable; only this may enable a submit button. */
  get acceptable(): boolean {
    return this.current?.acceptable === true;
  }
}
