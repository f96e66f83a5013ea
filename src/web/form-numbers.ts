// Page forms post text; the API's request schemas take JSON numbers and refuse text. The page routes
// convert explicitly: a field of digits becomes a number, anything else stays text, so the schema
// still answers it with its own French message ("un nombre entier est attendu").

/** "12" → 12; "", "1e3", " 12a" or a repeated field stay as they are, for the schema to refuse. */
export function formInt(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return /^\d{1,15}$/.test(trimmed) ? Number(trimmed) : value;
}

/** The named fields of a form, those in `ints` converted with formInt; absent or empty ones left out. */
export function pickFormFields(
  form: unknown,
  fields: { ints?: readonly string[]; texts?: readonly string[] },
): Record<string, unknown> {
  const source = (form && typeof form === 'object' ? form : {}) as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const name of fields.ints ?? []) {
    if (source[name] !== undefined && source[name] !== '') picked[name] = formInt(source[name]);
  }
  for (const name of fields.texts ?? []) {
    if (source[name] !== undefined) picked[name] = source[name];
  }
  return picked;
}
