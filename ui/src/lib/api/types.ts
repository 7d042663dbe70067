// Hand-written mirror of the transport types in docs/ipc-contract.md.
//
// These will be replaced by the files that ts-rs generates into `./types/` (one file per type).
// Nothing outside `src/lib/api/index.ts` may import from here, so the swap touches one file.

export type ErrorCode =
  | 'authentication'
  | 'permission_denied'
  | 'integrity'
  | 'locked'
  | 'invalid_input'
  | 'not_found'
  | 'other';

/** The value a rejected command carries; `message` is a whole sentence meant for the user. */
export type ApiErrorPayload = { code: ErrorCode; message: string };

export type VaultState = 'no_vault' | 'locked' | 'unlocked';

export type Role = 'owner' | 'admin' | 'manager' | 'agent' | 'auditor' | 'viewer';

export type SessionInfo = { userId: number; user: string; role: Role; vaultDir: string };

export type AppStatus = {
  state: VaultState;
  /** The remembered vault folder, if any. */
  vaultDir: string | null;
  /** Suggested folder for a new vault. */
  defaultVaultDir: string;
  /** Login names that can unlock (state "locked"). */
  users: string[];
  /** Present in state "unlocked". */
  session: SessionInfo | null;
};

export type PasswordStrength = {
  /** 0 (weakest) to 4 (strongest). */
  score: number;
  acceptable: boolean;
  advice: string;
};

export type CreateVaultRequest = { dir: string; user: string; password: string; sampleData: boolean };

export type CreatedVault = {
  /** 14 dash-separated groups of 4 characters; returned exactly once. */
  recoveryKey: string;
  session: SessionInfo;
};

export type ContactInput = {
  name: string;
  emails: string[];
  phones: string[];
  company: string;
  notes: string;
};

export type Contact = {
  id: number;
  name: string;
  emails: string[];
  phones: string[];
  company: string | null;
  notes: string | null;
  ownerId: number;
  createdAt: string;
  updatedAt: string;
};

export type ContactSummary = {
  id: number;
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
};

export type ContactPage = { items: ContactSummary[]; total: number };
