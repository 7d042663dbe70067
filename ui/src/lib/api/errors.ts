import { language, m } from '../i18n.svelte';
import { passwordAdvice } from '../passwordAdvice';
import { policyName } from '../policyNames';
import { RECORD_KIND_LABELS } from '../recordKinds';
import type { ErrorCode, ErrorReason } from './types';

const ERROR_CODES: readonly ErrorCode[] = [
  'authentication',
  'permission_denied',
  'integrity',
  'locked',
  'invalid_input',
  'not_found',
  'reauth_required',
  'other',
];

/** Shown when a rejection does not carry a usable sentence (a bug or a broken bridge, not a user mistake). */
export const FALLBACK_MESSAGE = m.error_fallback({}, { locale: 'en' });

/** What a refusal of input may carry besides its sentence: the check's reason and its values. */
export interface ErrorDetails {
  cause?: unknown;
  reason?: string;
  params?: Record<string, string>;
}

/**
 * A command that failed. The UI shows `message`, which the backend writes as a whole sentence, and
 * branches only on `code`; it never shows the code and never matches on the message text. Refused input may
 * also carry the check's `reason` and its `params` (the field, the length, the limit, the position), so the
 * sentence can be said in the interface language.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly reason: string | null;
  readonly params: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, options?: ErrorDetails) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.reason = options?.reason ?? null;
    this.params = options?.params ?? {};
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Turns whatever `invoke` rejected with into an `ApiError`. The backend rejects with `{code, message}`;
 * anything else (Tauri's own string errors, a missing bridge) becomes code `other` with a generic
 * sentence, because such text is written for developers, not for the person using the app.
 */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (typeof raw === 'object' && raw !== null) {
    const { code, message, reason, params } = raw as {
      code?: unknown;
      message?: unknown;
      reason?: unknown;
      params?: unknown;
    };
    const knownCode = ERROR_CODES.find((c) => c === code) ?? 'other';
    const usableMessage = typeof message === 'string' && message.trim() !== '' ? message : FALLBACK_MESSAGE;
    if (typeof code === 'string') {
      return new ApiError(knownCode, usableMessage, {
        cause: raw,
        ...(typeof reason === 'string' ? { reason } : {}),
        ...(isTextRecord(params) ? { params } : {}),
      });
    }
  }
  return new ApiError('other', FALLBACK_MESSAGE, { cause: raw });
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/**
 * The codes precise enough to say in the interface language what went wrong, for an error that came without a
 * reason (one the shell says itself).
 */
const TRANSLATED: Partial<Record<ErrorCode, () => string>> = {
  permission_denied: m.error_permission_denied,
  locked: m.error_locked,
  integrity: m.error_integrity,
  reauth_required: m.error_reauth_required,
};

/**
 * The fields core's checks name, by the name their sentences give them, whose name the catalogue has. A name
 * several records share with different meanings (`title`: a contact's job title, a deal's title) is left out,
 * so its refusal keeps the backend's sentence.
 */
const FIELDS: Record<string, () => string> = {
  name: m.import_field_name,
  'e-mail address': m.import_field_email,
  'phone number': m.import_field_phone,
  company: m.import_field_company,
  source: m.import_field_source,
  notes: m.import_field_notes,
  street: m.import_field_street,
  city: m.import_field_city,
  'postal code': m.import_field_postal_code,
  region: m.import_field_region,
  country: m.import_field_country,
  tag: m.import_field_tags,
  'due time': m.task_field_time,
  duration: m.task_field_duration,
  reminder: m.task_field_reminder,
  'deal title': m.error_field_deal_title,
  'stage name': m.error_field_stage_name,
  'purpose name': m.error_field_purpose_name,
  description: m.error_field_description,
  label: m.error_field_label,
  currency: m.error_field_currency,
  'lawful basis': m.error_field_lawful_basis,
  'consent method': m.error_field_consent_method,
  'field kind': m.error_field_field_kind,
  'user name': m.error_field_user_name,
  'custom field': m.error_field_custom_field,
  'expiry date': m.error_field_expiry_date,
  reason: m.error_field_reason,
  evidence: m.error_field_evidence,
  'company name': m.error_field_company_name,
  subject: m.error_field_subject,
  'form name': m.error_field_form_name,
  'form text': m.error_field_form_text,
  'view name': m.error_field_view_name,
  'activity kind': m.error_field_activity_kind,
  'sensitive field': m.error_field_sensitive_field,
  'duplicate policy': m.error_field_duplicate_policy,
  'import format': m.error_field_import_format,
  time: m.error_field_time,
  'kind of stage': m.error_field_kind_of_stage,
  'sort order': m.error_field_sort_order,
  'record kind': m.error_field_record_kind,
  role: m.error_field_role,
  summary: m.error_field_summary,
  'discovery time': m.error_field_discovery_time,
  'occurrence time': m.error_field_occurrence_time,
  'notification time': m.error_field_notification_time,
  'period start': m.error_field_period_start,
  'period end': m.error_field_period_end,
  'data category': m.error_field_data_category,
  'people category': m.error_field_people_category,
  'request type': m.error_field_request_type,
  'received date': m.error_field_received_date,
  'country code': m.error_field_country_code,
  language: m.error_field_language,
  'policy key': m.error_field_policy_key,
  'merge field': m.error_field_merge_field,
  encoding: m.error_field_encoding,
  'task list': m.error_field_task_list,
};

/** A reason's params, read for its sentence; `null` stands for a value that did not come. */
interface Params {
  /** The field in the interface language: a custom field's label as it is, a built-in one from the catalogue. */
  field(): string | null;
  text(key: string): string | null;
  number(key: string): number | null;
}

function paramsOf(error: ApiError): Params {
  const p = error.params;
  const text = (key: string) => p[key] ?? null;
  return {
    field: () => {
      if (p.field === undefined) return null;
      if (p.custom === 'true') return p.field;
      return FIELDS[p.field]?.() ?? null;
    },
    text,
    number: (key) => {
      const value = text(key);
      return value === null || value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value);
    },
  };
}

/** The sentence `table` has for `value`; `null` for a value it does not know or that did not come. */
function pick(value: string | null, table: Record<string, () => string>): string | null {
  return value !== null && Object.hasOwn(table, value) ? (table[value]?.() ?? null) : null;
}

/** A kind of record core names (`contact`, `deal`, …) as the recycle bin says it. */
function recordKind(kind: string | null): string | null {
  return pick(kind, RECORD_KIND_LABELS);
}

/** A kind of pipeline stage (`open`, `won`, `lost`) as the pipeline's settings say it. */
function stageKind(kind: string | null): string | null {
  return pick(kind, {
    open: m.settings_stage_kind_open,
    won: m.settings_stage_kind_won,
    lost: m.settings_stage_kind_lost,
  });
}

/** `make(values)` when every value came, else `null` (the backend's sentence is shown then). */
function all<T extends Record<string, string | number | null>>(
  values: T,
  make: (v: { [K in keyof T]: NonNullable<T[K]> }) => string,
): string | null {
  if (Object.values(values).some((v) => v === null)) return null;
  return make(values as { [K in keyof T]: NonNullable<T[K]> });
}

/**
 * The one mapping from a reason to its sentence in the interface language: every reason core's errors carry
 * (`steward_core::REASONS`) and the update commands', as `ErrorReason` lists them, so a reason without a sentence
 * does not compile. `null` when a value the sentence needs did not come.
 */
const REASONS: Record<ErrorReason, (p: Params) => string | null> = {
  // Refused input.
  required: (p) => all({ field: p.field() }, m.error_input_required),
  multiline: (p) => all({ field: p.field() }, m.error_input_multiline),
  'too-long': (p) =>
    all({ field: p.field(), length: p.number('length'), limit: p.text('limit') }, m.error_input_too_long),
  'control-characters': (p) => all({ field: p.field() }, m.error_input_control_characters),
  'too-many': (p) => all({ field: p.field(), limit: p.number('limit') }, m.error_input_too_many),
  // The @ is a placeholder: in the text of a message it would end up as a tag in the compiled JSDoc.
  'email-invalid': (p) => all({ position: p.text('position') }, (v) => m.error_input_email_invalid({ ...v, at: '@' })),
  'phone-invalid': (p) => all({ position: p.text('position') }, m.error_input_phone_invalid),
  'time-invalid': (p) => all({ field: p.field() }, m.error_input_time_invalid),
  'needs-due-date': (p) => all({ field: p.field() }, m.error_input_needs_due_date),
  'out-of-range': (p) =>
    all({ field: p.field(), min: p.text('min'), limit: p.text('limit') }, m.error_input_out_of_range),
  'assignee-cannot-hold': () => m.error_input_assignee_cannot_hold(),
  'bulk-too-many': (p) => all({ limit: p.text('limit') }, m.error_input_bulk_too_many),
  'cursor-invalid': () => m.error_input_cursor_invalid(),
  'merge-changed-since': () => m.error_input_merge_changed_since(),
  'import-merged-since': () => m.error_input_import_merged_since(),
  'import-changed-since': () => m.error_input_import_changed_since(),
  'merge-self': () => m.error_input_merge_self(),
  'merge-too-many': (p) => all({ field: p.field(), limit: p.text('limit') }, m.error_input_merge_too_many),
  'merged-contact': (p) => all({ kept: p.text('kept') }, m.error_input_merged_contact),
  'birth-date-invalid': () => m.error_input_birth_date_invalid(),
  'birth-date-out-of-range': () => m.error_input_birth_date_out_of_range(),
  'date-invalid': (p) => all({ field: p.field() }, m.error_input_date_invalid),
  'invalid-value': (p) =>
    all({ field: p.field() }, (v) =>
      p.text('kind') === 'boolean' ? m.error_input_invalid_value_boolean(v) : m.error_input_invalid_value_number(v),
    ),
  'email-attachment-too-large': (p) =>
    all({ size: p.text('size'), limit: p.text('limit') }, m.error_input_email_attachment_too_large),
  'email-too-large': (p) => all({ size: p.text('size'), limit: p.text('limit') }, m.error_input_email_too_large),
  'email-too-many-addresses': (p) =>
    all({ count: p.text('count'), limit: p.text('limit') }, m.error_input_email_too_many_addresses),
  'email-too-many-headers': (p) =>
    all({ count: p.text('count'), limit: p.text('limit') }, m.error_input_email_too_many_headers),
  'email-unreadable': () => m.error_input_email_unreadable(),
  'file-too-large': (p) => all({ max: p.text('max') }, m.error_input_file_too_large),
  'quota-exceeded': (p) => all({ left: p.text('left') }, m.error_input_quota_exceeded),
  'snooze-invalid': () => m.error_input_snooze_invalid(),
  'mapping-needs-name': () => m.error_input_mapping_needs_name(),
  // Forms: deals and stages, purposes and consent, custom fields, users.
  'already-exists': (p) => all({ field: p.field() }, m.error_input_already_exists),
  'value-not-allowed': (p) => all({ field: p.field() }, m.error_input_value_not_allowed),
  'date-in-past': (p) => all({ field: p.field() }, m.error_input_date_in_past),
  'amount-out-of-range': (p) => all({ limit: p.text('limit') }, m.error_input_amount_out_of_range),
  'lost-needs-reason': () => m.error_input_lost_needs_reason(),
  'reason-needs-closed-stage': () => m.error_input_reason_needs_closed_stage(),
  'no-open-stage': () => m.error_input_no_open_stage(),
  'new-deal-in-lost-stage': () => m.error_input_new_deal_in_lost_stage(),
  'stage-order-invalid': () => m.error_input_stage_order_invalid(),
  'retention-out-of-range': () => m.error_input_retention_out_of_range(),
  'consent-basis-needs-consent': () => m.error_input_consent_basis_needs_consent(),
  'withdrawal-not-by-import': () => m.error_input_withdrawal_not_by_import(),
  'nothing-to-withdraw': () => m.error_input_nothing_to_withdraw(),
  'withdraw-separately': () => m.error_input_withdraw_separately(),
  'evidence-file-too-large': (p) => all({ limit: p.text('limit') }, m.error_input_evidence_file_too_large),
  'form-not-for-purpose': () => m.error_input_form_not_for_purpose(),
  'custom-fields-too-many': (p) => all({ limit: p.number('limit') }, m.error_input_custom_fields_too_many),
  'field-key-invalid': () => m.error_input_field_key_invalid(),
  'field-key-built-in': () => m.error_input_field_key_built_in(),
  'field-unknown': () => m.error_input_field_unknown(),
  'last-owner': (p) => all({ user: p.text('user') }, m.error_input_last_owner),
  'cannot-disable-self': () => m.error_input_cannot_disable_self(),
  'user-not-disabled': (p) => all({ user: p.text('user') }, m.error_input_user_not_disabled),
  'user-disabled-enable': (p) => all({ user: p.text('user') }, m.error_input_user_disabled_enable),
  'own-password': () => m.error_input_own_password(),
  'moment-invalid': (p) => all({ field: p.field() }, m.error_input_moment_invalid),
  'domain-invalid': () => m.error_input_domain_invalid(),
  'form-needs-purpose': () => m.error_input_form_needs_purpose(),
  'purpose-not-consent': (p) => all({ purpose: p.text('purpose') }, m.error_input_purpose_not_consent),
  'views-too-many': (p) => all({ limit: p.number('limit') }, m.error_input_views_too_many),
  'password-unchanged': () => m.error_input_password_unchanged(),
  'current-password-needed': () => m.error_input_current_password_needed(),
  'reveal-reason-needed': () => m.error_input_reveal_reason_needed(),
  'reveal-reason-personal': () => m.error_input_reveal_reason_personal(),
  'mapping-columns-mismatch': (p) =>
    all({ mapped: p.text('mapped'), columns: p.text('columns') }, m.error_input_mapping_columns_mismatch),
  'mapping-column-missing': (p) =>
    all({ column: p.text('column'), columns: p.text('columns') }, m.error_input_mapping_column_missing),
  'import-undone': (p) => all({ import: p.text('import') }, m.error_input_import_undone),
  'file-card-invalid': (p) => all({ card: p.text('card') }, m.error_input_file_card_invalid),
  'file-card-unreadable': (p) =>
    all({ line: p.text('line'), card: p.text('card') }, m.error_input_file_card_unreadable),
  'file-card-unterminated': (p) =>
    all({ line: p.text('line'), card: p.text('card') }, m.error_input_file_card_unterminated),
  'file-cell-too-long': (p) =>
    all({ line: p.text('line'), length: p.text('length'), limit: p.text('limit') }, m.error_input_file_cell_too_long),
  'file-line-too-long': (p) =>
    all({ line: p.text('line'), limit: p.text('limit') }, m.error_input_file_line_too_long),
  'file-no-header': () => m.error_input_file_no_header(),
  'file-no-vcard': () => m.error_input_file_no_vcard(),
  'file-not-csv': (p) => all({ line: p.text('line') }, m.error_input_file_not_csv),
  'file-not-utf8': (p) => all({ line: p.text('line') }, m.error_input_file_not_utf8),
  'file-not-vcard': (p) => all({ line: p.text('line') }, m.error_input_file_not_vcard),
  'file-ragged-row': (p) =>
    all({ line: p.text('line'), cells: p.text('cells'), width: p.text('width') }, m.error_input_file_ragged_row),
  'file-too-many-cards': (p) => all({ limit: p.text('limit') }, m.error_input_file_too_many_cards),
  'file-too-many-parameters': (p) =>
    all({ line: p.text('line'), limit: p.text('limit') }, m.error_input_file_too_many_parameters),
  'file-too-many-rows': (p) => all({ limit: p.text('limit') }, m.error_input_file_too_many_rows),
  'file-utf16-invalid': () => m.error_input_file_utf16_invalid(),
  // A file refused whole over one record: the Import screen says it as its problems table does
  // (`rowRejectedSentence` in screens/Import), with the record's own problem.
  'row-rejected': () => null,
  // Outside the everyday forms: the calendar, the pipeline and the recycle bin, rights requests, breaches,
  // access reviews and alerts, the rules, backups, the security policy, merges, sign-in and the vault's names.
  'end-before-start': () => m.error_input_end_before_start(),
  'range-too-long': (p) => all({ limit: p.number('limit') }, m.error_input_range_too_long),
  'calendar-needs-due-date': () => m.error_input_calendar_needs_due_date(),
  'probability-out-of-range': () => m.error_input_probability_out_of_range(),
  'parent-in-recycle-bin': (p) => all({ parent: recordKind(p.text('parent')) }, m.error_input_parent_in_recycle_bin),
  'parent-deleted': (p) => all({ parent: recordKind(p.text('parent')) }, m.error_input_parent_deleted),
  'stage-has-deals': (p) => {
    const live = all({ stage: p.text('stage'), deals: p.number('deals') }, m.error_input_stage_has_deals);
    const recycled = p.number('recycled') ?? 0;
    return live && recycled > 0 ? `${live} ${m.error_input_stage_has_deals_recycled({ recycled })}` : live;
  },
  'stage-deals-in-bin': (p) =>
    all({ stage: p.text('stage'), recycled: p.number('recycled') }, m.error_input_stage_deals_in_bin),
  'stage-last-of-kind': (p) =>
    all({ stage: p.text('stage'), kind: stageKind(p.text('stage_kind')) }, m.error_input_stage_last_of_kind),
  'date-in-future': (p) => all({ field: p.field() }, m.error_input_date_in_future),
  'date-out-of-range': () => m.error_input_date_out_of_range(),
  'confirmation-needed': () => m.error_input_confirmation_needed(),
  'reason-needed': (p) =>
    pick(p.text('for'), {
      authority: m.error_input_reason_needed_authority,
      subjects: m.error_input_reason_needed_subjects,
      extension: m.error_input_reason_needed_extension,
      refusal: m.error_input_reason_needed_refusal,
    }),
  'request-closed': () => m.error_input_request_closed(),
  'request-extended-already': () => m.error_input_request_extended_already(),
  'request-close-status': () => m.error_input_request_close_status(),
  'alert-opens-no-incident': () => m.error_input_alert_opens_no_incident(),
  'alert-acknowledged-already': () => m.error_input_alert_acknowledged_already(),
  'review-still-open': (p) => all({ review: p.text('review') }, m.error_input_review_still_open),
  'no-open-review': () => m.error_input_no_open_review(),
  'review-user-added-after': (p) =>
    all({ user: p.text('user'), review: p.text('review') }, m.error_input_review_user_added_after),
  'rules-not-published': () => m.error_input_rules_not_published(),
  'rules-version-changed': (p) => all({ current: p.text('current') }, m.error_input_rules_version_changed),
  'user-unknown': (p) => all({ user: p.text('user') }, m.error_input_user_unknown),
  'user-name-invalid': () => m.error_input_user_name_invalid({ at: '@' }),
  'user-name-ambiguous': () => m.error_input_user_name_ambiguous(),
  'recovery-needs-owner': () => m.error_input_recovery_needs_owner(),
  'remember-needs-password': () => m.error_input_remember_needs_password(),
  'remember-needs-own-password': () => m.error_input_remember_needs_own_password(),
  'keyslots-too-new': () => m.error_input_keyslots_too_new(),
  'kdf-too-weak': () => m.error_input_kdf_too_weak(),
  'path-invalid': () => m.error_input_path_invalid(),
  'policy-out-of-range': (p) =>
    p.text('limit') === null
      ? all({ name: policyName(p.text('key')), min: p.text('min') }, m.error_input_policy_too_small)
      : all(
          { name: policyName(p.text('key')), min: p.text('min'), limit: p.text('limit') },
          m.error_input_policy_out_of_range,
        ),
  'policy-value-invalid': (p) =>
    all({ name: policyName(p.text('key')) }, (v) =>
      p.text('expected') === 'boolean'
        ? m.error_input_policy_not_boolean(v)
        : p.text('expected') === 'number'
          ? m.error_input_policy_not_number(v)
          : m.error_input_policy_value_invalid(v),
    ),
  'export-limits-order': () => m.error_input_export_limits_order(),
  'working-hours-invalid': () => m.error_input_working_hours_invalid(),
  'backup-too-new': () => m.error_input_backup_too_new(),
  'backup-header-too-large': () => m.error_input_backup_header_too_large(),
  'backup-needs-password': () => m.error_input_backup_needs_password(),
  'backup-other-vault': (p) =>
    pick(p.text('action'), {
      restore: m.error_input_backup_other_vault_restore,
      verify: m.error_input_backup_other_vault_verify,
    }),
  'restore-other-session': () => m.error_input_restore_other_session(),
  'backup-names-exhausted': (p) =>
    all({ folder: p.text('folder'), name: p.text('name') }, m.error_input_backup_names_exhausted),
  'backup-folder-not-absolute': (p) => all({ folder: p.text('folder') }, m.error_input_backup_folder_not_absolute),
  'backup-interval-too-long': (p) => all({ limit: p.text('limit') }, m.error_input_backup_interval_too_long),
  'backup-keep-nothing': () => m.error_input_backup_keep_nothing(),
  'drill-interval-too-long': () => m.error_input_drill_interval_too_long(),
  // Only `steward bench` gives it; the app never runs the benchmark.
  'bench-folder-exists': (p) => all({ folder: p.text('folder') }, m.error_input_bench_folder_exists),
  'merge-not-undoable': (p) => all({ contact: p.text('contact') }, m.error_input_merge_not_undoable),
  'merge-state-unreadable': () => m.error_input_merge_state_unreadable(),
  // The other errors.
  'rules-not-acknowledged': () => m.rules_error_not_acknowledged(),
  'wrong-password': () => m.error_wrong_password(),
  'wrong-recovery-key': () => m.error_wrong_recovery_key(),
  'device-unavailable': (p) => all({ user: p.text('user') }, m.error_device_unavailable),
  keychain: () => m.error_keychain(),
  'locked-by-policy': () => m.error_locked_by_policy(),
  'reauth-required': () => m.error_reauth_required(),
  'policy-refused': () => m.error_policy_refused(),
  throttled: (p) => all({ seconds: p.number('seconds') }, m.error_throttled),
  'recovery-key-malformed': () => m.error_recovery_key_malformed(),
  'user-disabled': (p) => all({ user: p.text('user') }, m.error_user_disabled),
  'password-change-required': () => m.error_password_change_required(),
  locked: () => m.error_locked(),
  'vault-in-use': () => m.error_vault_in_use(),
  'vault-restoring': () => m.error_vault_restoring(),
  'no-vault': (p) => all({ folder: p.text('folder') }, m.error_no_vault),
  'folder-not-empty': (p) => all({ folder: p.text('folder') }, m.error_folder_not_empty),
  integrity: () => m.error_integrity(),
  'backup-integrity': () => m.error_backup_integrity(),
  'vault-too-new': (p) => all({ found: p.text('found'), supported: p.text('supported') }, m.error_vault_too_new),
  'permission-denied': () => m.error_permission_denied(),
  'weak-password': (p) => all({ advice: passwordAdvice(p.text('advice')) }, m.error_weak_password),
  'not-found': () => m.error_not_found(),
  'io-disk-full': () => m.error_io_disk_full(),
  'io-read-only': () => m.error_io_read_only(),
  'io-permission-denied': () => m.error_io_permission_denied(),
  'io-not-found': () => m.error_io_not_found(),
  'io-already-exists': () => m.error_io_already_exists(),
  'io-failed': () => m.error_io_failed(),
  busy: () => m.error_busy(),
  'disk-full': () => m.error_disk_full(),
  'disk-read-only': () => m.error_disk_read_only(),
  'disk-permission-denied': () => m.error_disk_permission_denied(),
  'disk-cannot-open': () => m.error_disk_cannot_open(),
  'disk-failed': () => m.error_disk_failed(),
  database: () => m.error_database(),
  'sync-server': () => m.error_sync_server(),
  'log-moved': () => m.error_log_moved(),
  // The update commands (code `other`).
  'updates-off': () => m.error_updates_off(),
  'updates-package-manager': () => m.error_updates_package_manager(),
  'update-unreachable': () => m.error_update_unreachable(),
  'update-bad-signature': () => m.error_update_bad_signature(),
  'update-not-offered': () => m.error_update_not_offered(),
  'update-failed': () => m.error_update_failed(),
  // The errors the shell makes itself (src-tauri's `SHELL_REASONS`).
  'app-state-damaged': () => m.error_app_state_damaged(),
  'stopped-unexpectedly': () => m.error_stopped_unexpectedly(),
  'not-saved': () => m.error_not_saved(),
  'settings-not-saved': () => m.error_settings_not_saved(),
  'team-password-empty': () => m.error_team_password_empty(),
  'file-read-failed': (p) => all({ path: p.text('path') }, m.error_file_read_failed),
  'file-create-failed': (p) => all({ path: p.text('path') }, m.error_file_create_failed),
  'file-write-failed': (p) => all({ path: p.text('path') }, m.error_file_write_failed),
  'file-exists': (p) => all({ path: p.text('path') }, m.error_file_exists),
  'file-not-a-file': (p) => all({ path: p.text('path') }, m.error_file_not_a_file),
  'import-file-too-large': (p) => all({ max: p.text('max') }, m.error_import_file_too_large),
  'evidence-too-large': (p) => all({ max: p.text('max') }, m.error_evidence_too_large),
  'import-format-unknown': (p) => all({ format: p.text('format') }, m.error_import_format_unknown),
  'private-file-failed': () => m.error_private_file_failed(),
  'viewer-failed': () => m.error_viewer_failed(),
  'no-vault-chosen': () => m.error_no_vault_chosen(),
  'restore-folder-needed': () => m.error_restore_folder_needed(),
  'restore-locked': () => m.error_restore_locked(),
  'review-decision-invalid': () => m.error_review_decision_invalid(),
};

/** Whether `reason` is one the mapping knows. */
function isKnownReason(reason: string): reason is ErrorReason {
  return Object.hasOwn(REASONS, reason);
}

/** The sentence for `error`'s reason in the interface language; `null` without a reason, or a value it needs. */
export function reasonSentence(error: ApiError): string | null {
  if (error.reason === null || !isKnownReason(error.reason)) return null;
  return REASONS[error.reason](paramsOf(error));
}

/**
 * The sentence to show for `error` in the interface language. In English that is the backend's own sentence,
 * which says the most; in another language, the catalogue's sentence for the error's reason and its values,
 * else for a code precise enough to have one, else the backend's sentence as it came.
 */
export function localizedMessage(error: ApiError): string {
  if (error.message === FALLBACK_MESSAGE) return m.error_fallback();
  // An export or a reveal refused until the rules are accepted: the catalogue's sentence in every language,
  // which says what to do in the app's words.
  if (error.reason === 'rules-not-acknowledged') return m.rules_error_not_acknowledged();
  if (language() === 'en') return error.message;
  return reasonSentence(error) ?? TRANSLATED[error.code]?.() ?? error.message;
}

/** The sentence to show for any caught error, in the interface language where its code allows. */
export function errorMessage(error: unknown): string {
  return localizedMessage(toApiError(error));
}
