/**
 * The two matchers the sign-off rules stand on, at their edges. isGlobMatch decides which attachment is the sign-off
 * (anyone with access to the ticket can attach a file, so a name that only almost matches must not count): empty
 * names and globs, stars at either end or repeated, a `?` that needs a character, a literal that runs past the name.
 * containsApproval decides whether a board member's comment says the phrase: a blank phrase is in no comment; a
 * negation anywhere before the phrase in its clause denies it ("Not yet approved" once counted as a sign-off, since
 * only a negation right before the phrase was seen), one in another clause does not; a clause that asks is no
 * sign-off.
 * The full mutation run showed these edges untested.
 */
import { describe, expect, it } from '@jest/globals';
import { containsApproval, isGlobMatch } from '../../src/checks/jira.js';

describe('isGlobMatch at its edges', () => {
  it.each<[string, string, boolean]>([
    ['', '', true],
    ['', 'a', false],
    ['*', '', true],
    ['**', '', true],
    ['?', '', false],
    ['a', '', false],
    ['a', 'a', true],
    ['a', 'ab', false],
    ['ab', 'a', false],
    ['a*', 'a', true],
    ['a**', 'a', true],
    ['a*?', 'a', false],
    ['a*', '', false],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*b', 'ab', true],
    ['a*b', 'axxbxxb', true],
    ['a*b', 'axxbxxc', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*.pdf', 'sign-off.pdf.pdf', true],
    ['*.pdf', 'sign-off.pdf.exe', false],
    ['sign-off*', 'sign-off', true],
    ['sign-off*.pdf*', 'SIGN-OFF-final.PDF', true],
    ['s*o*f', 'sxoxoxf', true],
  ])('%j ~ %j → %s', (glob, name, expected) => {
    expect(isGlobMatch(glob, name)).toBe(expected);
  });
});

describe('containsApproval at its edges', () => {
  it.each(['', ' ', '\t \n'])('a blank phrase (%j) is in no comment', (phrase) => {
    expect(containsApproval('', phrase)).toBe(false);
    expect(containsApproval('ok.', phrase)).toBe(false);
    expect(containsApproval(' - ', phrase)).toBe(false);
  });

  it.each<[string, boolean]>([
    ['not  approved', false],
    ['not\n\tapproved', false],
    ["don't\u00a0approved", false],
    ['No doubt: approved', true],
    ['Never mind the typo, approved', true],
    ['Notes reviewed; approved', true],
    ['Approved, not rejected', true],
    ['approved', true],
    ['.approved.', true],
    ['disapproved', false],
    ['approved2', false],
    ['approved_by_board', false],
    ['Not yet approved', false],
    ['not formally approved', false],
    ['cannot be approved', false],
    ['I have not approved', false],
    ['isn’t approved', false],
    ['Approved with no conditions', true],
    ['Approved.\nNot for production though', true],
    ['LGTM, not\napproved', false],
    ['Is this approved?', false],
    ['Approved ?', false],
    ['Is this approved? Yes, approved.', true],
  ])('%j → %s', (text, expected) => {
    expect(containsApproval(text, 'approved')).toBe(expected);
  });

  it('a phrase of several words is matched whole', () => {
    expect(containsApproval('The board signs off release 2.4.0', 'signs off')).toBe(true);
    expect(containsApproval('The board never signs off on Fridays', 'signs off')).toBe(false);
    expect(containsApproval('signs offline copies', 'signs off')).toBe(false);
  });

  it('a break before the phrase ends the clause a negation was in; the clause after it may still ask', () => {
    expect(containsApproval('No, approved', 'approved')).toBe(true);
    expect(containsApproval('Well, is this approved?', 'approved')).toBe(false);
    expect(containsApproval('Well, approved', 'approved')).toBe(true);
  });

  it('a clause break inside the phrase itself does not start a new clause', () => {
    expect(containsApproval('Not sure :approved', ':approved')).toBe(false);
    expect(containsApproval('Sure :approved', ':approved')).toBe(true);
  });

  it('a phrase that is itself a negation is matched as the phrase, not as one denying it', () => {
    expect(containsApproval('No objections.', 'no objections')).toBe(true);
    expect(containsApproval('Not no objections', 'no objections')).toBe(false);
  });

  it('a comment of thousands of occurrences is read in one pass', () => {
    expect(containsApproval('approved '.repeat(4000) + '?', 'approved')).toBe(false);
    expect(containsApproval('not approved, '.repeat(4000) + 'approved', 'approved')).toBe(true);
  });
});
