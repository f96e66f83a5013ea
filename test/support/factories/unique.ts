// Unique names and UAIs for test rows: each test file has its own database, so a counter per module
// suffices; the pid and time keep names apart where a database outlives a file (PostgreSQL runs).
import { makeUai, uaiCheckLetter } from '../../../src/modules/funding/uai.js';

let counter = 0;

/** A short string no other call in this process returns. */
export function unique(): string {
  counter += 1;
  return `${process.pid}${Date.now().toString(36)}${counter.toString(36)}`;
}

// Serials from 5000 stay clear of the demo seed's (from 100): both may share a department.
let serial = 5000;
let syntheticSerial = Math.floor(Math.random() * 50_000);

/**
 * A valid UAI (7 digits and their check letter). In a real department ('13', '2A', '973') its prefix
 * is the department's, as the funding rules and CSV import expect; in a synthetic test department it
 * is 99 (no such department), so it never meets a real establishment's UAI.
 */
export function nextUai(departmentCode: string): string {
  if (/^(\d{2,3}|2[AB])$/.test(departmentCode)) {
    serial += 1;
    return makeUai(departmentCode, serial);
  }
  syntheticSerial = (syntheticSerial + 1) % 100_000;
  const digits = `99${String(syntheticSerial).padStart(5, '0')}`;
  return `${digits}${uaiCheckLetter(digits)}`;
}

let ipCounter = 0;

/** A client address of its own, so one test's sign-in failures never reach another test's limits. */
export function uniqueIp(): string {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}
