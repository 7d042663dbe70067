/**
 * Whether the user is in the middle of an edit in `content`: a record's form is open (contact, company, deal:
 * their forms are labelled by a `…-form-title`) or a text area (a note, an activity) has the focus. A search or
 * filter field does not count: the list behind it should show what arrived. Changes from other laptops of a
 * team vault wait for the edit to end before the page is built afresh, which would lose it.
 */
export function editingIn(content: ParentNode | null, active: Element | null): boolean {
  if (!content) return false;
  if (content.querySelector('form[aria-labelledby$="-form-title"]')) return true;
  return active instanceof HTMLTextAreaElement && content.contains(active);
}
