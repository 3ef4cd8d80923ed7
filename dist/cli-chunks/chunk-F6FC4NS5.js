import { createRequire as __mlgovCreateRequire } from 'node:module'; const require = __mlgovCreateRequire(import.meta.url);

// src/release/ticket-facts.ts
var JIRA_KEY_PATTERN = /^[A-Z][A-Z0-9_]{1,9}-[1-9][0-9]{0,8}$/;
function isJiraKey(key) {
  return key.length <= 20 && JIRA_KEY_PATTERN.test(key);
}
function projectOfKey(key) {
  const dash = key.lastIndexOf("-");
  return dash < 0 ? key : key.slice(0, dash);
}
function findJiraKeys(text) {
  const keys = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!isUpper(c) || i > 0 && isWordChar(text.charCodeAt(i - 1))) {
      i += 1;
      continue;
    }
    let j = i + 1;
    while (j < n && (isUpper(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j += 1;
    if (j < n && text.charCodeAt(j) === 45) {
      let k = j + 1;
      while (k < n && isDigit(text.charCodeAt(k))) k += 1;
      const ends = k === n || !isWordChar(text.charCodeAt(k));
      if (k > j + 1 && ends && k - i <= 20) {
        const candidate = text.slice(i, k);
        if (isJiraKey(candidate)) keys.push(candidate);
      }
      i = Math.max(k, j + 1);
    } else {
      i = j;
    }
  }
  return keys;
}
function isUpper(c) {
  return c >= 65 && c <= 90;
}
function isDigit(c) {
  return c >= 48 && c <= 57;
}
function isWordChar(c) {
  return isUpper(c) || isDigit(c) || c >= 97 && c <= 122 || c === 95;
}

export {
  isJiraKey,
  projectOfKey,
  findJiraKeys
};
