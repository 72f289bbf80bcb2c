// Times: the server speaks UTC ISO (2026-11-29T06:05:00Z); people see and type the browser's local time.

import { t } from './i18n.js';

const pad = (n) => String(n).padStart(2, '0');

export function parseUtc(iso) {
  if (typeof iso !== 'string' || iso === '') return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

// 2026-11-29 14:05 in local time; the input itself when it is not a time.
export function formatDateTime(iso) {
  const d = parseUtc(iso);
  if (!d) return iso || '';
  return `${formatLocalDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatLocalDate(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function formatClock(d) {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

// UTC Date → value for <input type="datetime-local"> (minutes precision, local time).
export function toLocalInput(iso) {
  const d = parseUtc(iso);
  if (!d) return '';
  return `${formatLocalDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function toUtcIso(d) {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

// datetime-local value → UTC ISO `YYYY-MM-DDTHH:MM:SSZ`; '' → null; undefined when malformed.
export function fromLocalInput(value) {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] || 0));
  if (Number.isNaN(d.getTime())) return undefined;
  return toUtcIso(d);
}

// <input type="date"> value (local day) → the UTC instant of that day's local midnight, plus `days`.
export function localDayToUtc(value, days = 0) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || '');
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days, 0, 0, 0);
  return toUtcIso(d);
}

// 3 分钟前; the absolute time for anything older than a week.
export function relative(iso, now = new Date()) {
  const d = parseUtc(iso);
  if (!d) return '';
  const seconds = Math.max(0, Math.round((now.getTime() - d.getTime()) / 1000));
  if (seconds < 10) return t('time.just_now');
  if (seconds < 60) return t('time.seconds_ago', { n: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('time.minutes_ago', { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('time.hours_ago', { n: hours });
  const days = Math.floor(hours / 24);
  if (days <= 7) return t('time.days_ago', { n: days });
  return formatDateTime(iso);
}
