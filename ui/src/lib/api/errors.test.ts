import { describe, expect, it } from 'vitest';
import { setLanguage } from '../i18n.svelte';
import { ApiError, errorMessage, FALLBACK_MESSAGE, isApiError, reasonSentence, toApiError } from './errors';
import { ERROR_REASONS } from './types/ErrorReason';

describe('toApiError', () => {
  it('keeps the code and the sentence of a backend error', () => {
    const error = toApiError({ code: 'not_found', message: 'No contact has the id 7.' });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('No contact has the id 7.');
  });

  it('maps an unknown code to "other" but keeps the sentence', () => {
    const error = toApiError({ code: 'brand_new_code', message: 'The vault is busy.' });
    expect(error.code).toBe('other');
    expect(error.message).toBe('The vault is busy.');
  });

  it('gives the fallback sentence for raw text, an empty sentence or nothing usable', () => {
    expect(toApiError('command app_status not found').message).toBe(FALLBACK_MESSAGE);
    expect(toApiError({ code: 'integrity', message: '  ' })).toMatchObject({ code: 'integrity', message: FALLBACK_MESSAGE });
    expect(toApiError(null)).toMatchObject({ code: 'other', message: FALLBACK_MESSAGE });
  });

  it('returns an ApiError as it is', () => {
    const error = new ApiError('locked', 'The vault is locked.');
    expect(toApiError(error)).toBe(error);
    expect(isApiError(error)).toBe(true);
    expect(isApiError(new Error('x'))).toBe(false);
    expect(errorMessage(error)).toBe('The vault is locked.');
  });
});

describe('refused input in the interface language', () => {
  const refusal = (message: string, reason: string, params: Record<string, string>) =>
    toApiError({ code: 'invalid_input', message, reason, params });
  const tooLong = refusal('The company is 301 characters long; the limit is 300.', 'too-long', {
    field: 'company',
    length: '301',
    limit: '300',
  });

  it('keeps the reason and its values, and only text ones', () => {
    expect(tooLong.reason).toBe('too-long');
    expect(tooLong.params).toEqual({ field: 'company', length: '301', limit: '300' });
    const odd = toApiError({ code: 'invalid_input', message: 'x', reason: 7, params: { limit: 3 } });
    expect(odd.reason).toBeNull();
    expect(odd.params).toEqual({});
  });

  it("says the backend's sentence in English", () => {
    expect(errorMessage(tooLong)).toBe('The company is 301 characters long; the limit is 300.');
  });

  it('says the reason with its values in Romanian', () => {
    setLanguage('ro');
    expect(errorMessage(tooLong)).toBe('Câmpul „Companie” are 301 caractere; limita este 300.');
    expect(errorMessage(refusal('A contact needs a name.', 'required', { field: 'name' }))).toBe(
      'Câmpul „Nume” este obligatoriu.',
    );
    expect(
      errorMessage(
        refusal('E-mail address 2 is not valid (it needs text before and after an @, without spaces).', 'email-invalid', {
          position: '2',
        }),
      ),
    ).toBe('Adresa de e-mail 2 nu este validă (trebuie să aibă text înainte și după @, fără spații).');
    expect(errorMessage(refusal('A contact can have at most 20 of each tag.', 'too-many', { field: 'tag', limit: '20' }))).toBe(
      'Un contact poate avea cel mult 20 de valori în câmpul „Etichete”.',
    );
  });

  it('says a task’s refused time, duration, reminder and assignee in Romanian', () => {
    setLanguage('ro');
    expect(errorMessage(refusal('x', 'time-invalid', { field: 'due time' }))).toBe(
      'Câmpul „Ora” nu este o oră din zi; scrieți-o ca HH:MM.',
    );
    expect(errorMessage(refusal('x', 'needs-due-date', { field: 'reminder' }))).toBe(
      'Câmpul „Memento” are nevoie de un termen.',
    );
    expect(errorMessage(refusal('x', 'out-of-range', { field: 'duration', min: '1', limit: '10080' }))).toBe(
      'Câmpul „Durată” nu este în intervalul permis (1–10080 min).',
    );
    expect(errorMessage(refusal('x', 'assignee-cannot-hold', { role: 'viewer' }))).toBe(
      'Rolul acestui utilizator nu poate modifica înregistrări, așa că nu i se poate atribui o sarcină.',
    );
  });

  it('says an empty tag and too big a change to many contacts in Romanian', () => {
    setLanguage('ro');
    expect(errorMessage(refusal('the tag is empty', 'required', { field: 'tag' }))).toBe(
      'Câmpul „Etichete” este obligatoriu.',
    );
    expect(errorMessage(refusal('at most 10000', 'bulk-too-many', { limit: '10000' }))).toBe(
      'O modificare a mai multor contacte deodată poate atinge cel mult 10000 de contacte: restrângeți vizualizarea salvată sau selecția.',
    );
    expect(errorMessage(refusal('the page cursor is not valid', 'cursor-invalid', {}))).toBe(
      'Ordinea sau filtrele listei s-au schimbat de când a fost afișată această pagină: reluați de la prima pagină.',
    );
  });

  it("keeps the backend's sentence for a field the catalogue cannot name, or without a reason", () => {
    setLanguage('ro');
    const dealTitle = refusal('The title is 301 characters long; the limit is 300.', 'too-long', {
      field: 'title',
      length: '301',
      limit: '300',
    });
    expect(errorMessage(dealTitle)).toBe('The title is 301 characters long; the limit is 300.');
    expect(errorMessage(toApiError({ code: 'invalid_input', message: 'The stage is in use.' }))).toBe(
      'The stage is in use.',
    );
  });
});

describe('every reason in the interface language', () => {
  const failure = (code: string, reason: string, params: Record<string, string> = {}) =>
    toApiError({ code, message: 'The backend’s English sentence.', reason, params });
  /** A value for every parameter any reason names. */
  const ALL_PARAMS: Record<string, string> = {
    action: 'restore',
    advice: 'dates',
    card: '2',
    cells: '3',
    column: '4',
    columns: '3',
    contact: '7',
    count: '3',
    current: '4',
    deals: '3',
    expected: 'number',
    field: 'name',
    folder: '/home/ana/Steward',
    for: 'refusal',
    format: 'xlsx',
    found: '30',
    import: '12',
    kept: '4',
    key: 'failed_unlocks',
    kind: 'number',
    left: '7',
    length: '301',
    limit: '300',
    line: '3',
    mapped: '5',
    max: '9',
    min: '1',
    name: 'steward-2026-12-07.stwbak',
    parent: 'deal',
    path: '/home/ana/export.csv',
    position: '2',
    purpose: 'Newsletter',
    record: 'task',
    recycled: '1',
    review: '2',
    rule: 'many-exports',
    seconds: '30',
    size: '5',
    stage: 'Lead',
    stage_kind: 'won',
    supported: '19',
    user: 'ana',
    version: '3',
    width: '5',
  };

  it('says refused form input in Romanian, naming the field as the form does', () => {
    setLanguage('ro');
    expect(errorMessage(failure('invalid_input', 'required', { field: 'stage name' }))).toBe(
      'Câmpul „Denumirea etapei” este obligatoriu.',
    );
    expect(errorMessage(failure('invalid_input', 'already-exists', { field: 'user name' }))).toBe(
      'Valoarea câmpului „Nume de utilizator” este deja folosită; alegeți alta.',
    );
    expect(errorMessage(failure('invalid_input', 'value-not-allowed', { field: 'lawful basis' }))).toBe(
      'Valoarea câmpului „Temei juridic” nu este permisă.',
    );
    expect(errorMessage(failure('invalid_input', 'last-owner', { user: 'ana' }))).toBe(
      'ana este ultimul proprietar; faceți mai întâi alt utilizator proprietar.',
    );
    expect(errorMessage(failure('invalid_input', 'custom-fields-too-many', { limit: '50' }))).toBe(
      'Un seif poate avea cel mult 50 de câmpuri personalizate.',
    );
    expect(errorMessage(failure('invalid_input', 'lost-needs-reason'))).toBe(
      'Pentru a muta o oportunitate într-o etapă pierdută, indicați motivul pierderii.',
    );
  });

  it('says the errors the shell makes itself in Romanian, with the file they name', () => {
    setLanguage('ro');
    expect(errorMessage(failure('other', 'file-exists', { path: '/home/ana/export.csv' }))).toBe(
      '/home/ana/export.csv există deja; alegeți alt nume.',
    );
    expect(errorMessage(failure('other', 'evidence-too-large', { max: '20' }))).toBe(
      'Fișierul de dovadă depășește 20 MiB; atașați o copie mai mică.',
    );
    expect(errorMessage(failure('locked', 'restore-locked'))).toBe(
      'Restaurarea nu s-a încheiat. Seiful a fost blocat; deblocați-l pentru a continua.',
    );
    // Without the file it names, the backend's sentence.
    expect(errorMessage(failure('other', 'file-read-failed'))).toBe('The backend’s English sentence.');
  });

  it('has an English and a Romanian sentence for every reason core and the updates give', () => {
    expect(ERROR_REASONS.length).toBeGreaterThan(80);
    for (const reason of ERROR_REASONS) {
      // The Import screen says a file refused over one record with that record's problem.
      if (reason === 'row-rejected') continue;
      const error = failure('other', reason, ALL_PARAMS);
      setLanguage('en');
      const english = reasonSentence(error);
      setLanguage('ro');
      const romanian = reasonSentence(error);
      expect(english, reason).toBeTruthy();
      expect(romanian, reason).toBeTruthy();
      expect(romanian, reason).not.toBe(english);
      expect(romanian, reason).not.toMatch(/[şţŞŢ]/);
    }
  });

  it('says authentication, not found, disk and sync errors with their values in Romanian', () => {
    setLanguage('ro');
    expect(errorMessage(failure('authentication', 'wrong-password'))).toBe(
      'Numele de utilizator sau parola sunt greșite.',
    );
    expect(errorMessage(failure('authentication', 'throttled', { seconds: '30' }))).toBe(
      'Prea multe încercări eșuate; încercați din nou peste 30 de secunde.',
    );
    expect(errorMessage(failure('authentication', 'throttled', { seconds: '2' }))).toBe(
      'Prea multe încercări eșuate; încercați din nou peste 2 secunde.',
    );
    expect(errorMessage(failure('authentication', 'user-disabled', { user: 'ion' }))).toBe(
      'Utilizatorul ion este dezactivat.',
    );
    expect(errorMessage(failure('not_found', 'not-found', { entity: 'contact' }))).toBe(
      'Nu a fost găsit; poate a fost șters.',
    );
    expect(errorMessage(failure('other', 'disk-full', { folder: '/v' }))).toBe(
      'Discul este plin. Eliberați spațiu și încercați din nou.',
    );
    expect(errorMessage(failure('invalid_input', 'vault-too-new', { found: '30', supported: '19' }))).toBe(
      'Acest seif a fost scris de o versiune mai nouă de Steward (schema 30; această versiune citește până la 19). Instalați versiunea mai nouă.',
    );
    expect(errorMessage(failure('other', 'log-moved', { head: '42' }))).toBe(
      'Jurnalul echipei a avansat. Preluați modificările noi și încercați din nou.',
    );
    // Without the value its sentence needs, the backend's sentence.
    expect(errorMessage(failure('authentication', 'throttled'))).toBe('The backend’s English sentence.');
    // In English, the backend's sentence, which says the most.
    setLanguage('en');
    expect(errorMessage(failure('authentication', 'wrong-password'))).toBe('The backend’s English sentence.');
  });

  it('says a weak password with its advice, dates, custom values and a file’s line in Romanian', () => {
    setLanguage('ro');
    expect(errorMessage(failure('invalid_input', 'weak-password', { advice: 'common-password' }))).toBe(
      'Parola este prea slabă. Aceasta este o parolă foarte des folosită.',
    );
    expect(
      errorMessage(failure('invalid_input', 'invalid-value', { field: 'Mărime', kind: 'boolean', custom: 'true' })),
    ).toBe('Câmpul „Mărime” nu este da sau nu.');
    expect(errorMessage(failure('invalid_input', 'date-invalid', { field: 'Reînnoire', custom: 'true' }))).toBe(
      'Câmpul „Reînnoire” nu este o dată.',
    );
    // A built-in field's English name is never shown as it came.
    expect(errorMessage(failure('invalid_input', 'date-invalid', { field: 'title' }))).toBe(
      'The backend’s English sentence.',
    );
    expect(errorMessage(failure('invalid_input', 'file-ragged-row', { line: '7', cells: '3', width: '5' }))).toBe(
      'Rândul 7: numărul de celule (3) diferă de cel din antet (5).',
    );
    expect(errorMessage(failure('invalid_input', 'file-not-utf8', { line: '12' }))).toBe(
      'Rândul 12: textul nu este UTF-8; alegeți codificarea fișierului (de exemplu windows-1250) și încercați din nou.',
    );
  });

  it('says the checks outside the everyday forms in Romanian, with their values and the GDPR’s terms', () => {
    setLanguage('ro');
    const say = (reason: string, params: Record<string, string> = {}) =>
      errorMessage(failure('invalid_input', reason, params));
    expect(say('reason-needed', { for: 'authority' })).toBe(
      'Decizia de a nu notifica autoritatea de supraveghere trebuie motivată (RGPD, art. 33 alin. (5)).',
    );
    expect(say('reason-needed', { for: 'subjects' })).toBe(
      'Decizia de a nu informa persoanele vizate trebuie motivată (RGPD, art. 34 alin. (3)).',
    );
    expect(say('reason-needed', { for: 'extension' })).toBe('Prelungirea termenului trebuie motivată.');
    expect(say('reason-needed', { for: 'refusal' })).toBe('Refuzul unei cereri trebuie motivat.');
    // A `for` this version does not know: the backend's sentence.
    expect(say('reason-needed', { for: 'something-new' })).toBe('The backend’s English sentence.');
    expect(say('value-not-allowed', { field: 'request type' })).toBe(
      'Valoarea câmpului „Tipul cererii” nu este permisă.',
    );
    expect(say('value-not-allowed', { field: 'people category' })).toBe(
      'Valoarea câmpului „Categoriile de persoane vizate” nu este permisă.',
    );
    expect(say('date-in-future', { field: 'discovery time' })).toBe('Data din câmpul „Constatat la” este în viitor.');
    expect(say('moment-invalid', { field: 'period start' })).toBe(
      'Câmpul „Începutul perioadei” nu este o dată și o oră.',
    );
    expect(say('backup-other-vault', { action: 'restore' })).toBe(
      'Această copie de rezervă aparține altui seif; restaurați-o într-un folder nou.',
    );
    expect(say('backup-other-vault', { action: 'verify' })).toBe(
      'Această copie de rezervă aparține altui seif; verificați-o cu datele de autentificare ale acelui seif.',
    );
    expect(say('range-too-long', { limit: '366' })).toBe('Calendarul afișează cel mult 366 de zile odată.');
    expect(say('stage-has-deals', { stage: 'Ofertă', deals: '1' })).toBe(
      'Etapa „Ofertă” mai conține 1 oportunitate; mutați-o mai întâi în altă etapă.',
    );
    expect(say('stage-has-deals', { stage: 'Ofertă', deals: '3' })).toBe(
      'Etapa „Ofertă” mai conține 3 oportunități; mutați-le mai întâi în altă etapă.',
    );
    expect(say('stage-has-deals', { stage: 'Ofertă', deals: '3', recycled: '0' })).toBe(
      'Etapa „Ofertă” mai conține 3 oportunități; mutați-le mai întâi în altă etapă.',
    );
    expect(say('stage-has-deals', { stage: 'Ofertă', deals: '1', recycled: '1' })).toBe(
      'Etapa „Ofertă” mai conține 1 oportunitate; mutați-o mai întâi în altă etapă. ' +
        'Mai are și 1 oportunitate în coșul de reciclare: restaurați-o și mutați-o sau așteptați golirea coșului de reciclare.',
    );
    expect(say('stage-has-deals', { stage: 'Ofertă', deals: '2', recycled: '3' })).toContain(
      'Mai are și 3 oportunități în coșul de reciclare: restaurați-le și mutați-le',
    );
    expect(say('stage-has-deals', { stage: 'Ofertă', deals: '2', recycled: '20' })).toContain(
      'Mai are și 20 de oportunități în coșul de reciclare',
    );
    expect(say('stage-deals-in-bin', { stage: 'Ofertă', recycled: '1' })).toBe(
      '1 oportunitate din coșul de reciclare aparține încă etapei „Ofertă”; restaurați-o și mutați-o sau așteptați golirea coșului de reciclare.',
    );
    expect(say('stage-deals-in-bin', { stage: 'Ofertă', recycled: '4' })).toContain(
      '4 oportunități din coșul de reciclare aparțin încă etapei „Ofertă”',
    );
    expect(say('stage-deals-in-bin', { stage: 'Ofertă', recycled: '21' })).toContain('21 de oportunități');
    expect(say('stage-last-of-kind', { stage: 'Pierdut', stage_kind: 'lost' })).toContain('(Pierdută)');
    expect(say('parent-in-recycle-bin', { record: 'task', parent: 'deal' })).toContain('(Oportunitate)');
    expect(say('review-user-added-after', { user: 'ion', review: '4' })).toBe(
      'Utilizatorul ion a fost adăugat după începerea revizuirii accesului nr. 4; va fi revizuit data viitoare.',
    );
  });

  it('names a security policy setting in a sentence', () => {
    const say = (reason: string, params: Record<string, string>) =>
      reasonSentence(failure('invalid_input', reason, params));
    setLanguage('ro');
    expect(say('policy-out-of-range', { key: 'failed_unlocks', min: '1' })).toBe(
      'În politica de securitate, valoarea pentru deblocările eșuate de la care se dă o alertă trebuie să fie cel puțin 1.',
    );
    expect(say('policy-out-of-range', { key: 'auto_lock_minutes', min: '1', limit: '240' })).toBe(
      'În politica de securitate, valoarea pentru timpul de inactivitate după care Steward se blochează trebuie să fie între 1 și 240.',
    );
    expect(say('policy-value-invalid', { key: 'device_slots_allowed', expected: 'boolean' })).toBe(
      'În politica de securitate, valoarea pentru memorarea calculatoarelor trebuie să fie true sau false (activat sau dezactivat).',
    );
    expect(say('policy-value-invalid', { key: 'review_interval_days', expected: 'number' })).toBe(
      'În politica de securitate, valoarea pentru zilele dintre revizuirile accesului trebuie să fie un număr întreg.',
    );
    setLanguage('en');
    expect(say('policy-value-invalid', { key: 'working_hours' })).toBe(
      'In the security policy, the value given for the working hours is not valid.',
    );
    // A key this version does not know: no sentence, so the backend's is shown.
    expect(say('policy-out-of-range', { key: 'new_key', min: '1' })).toBeNull();
  });
});
