import { readFileSync } from 'fs';
import { parse } from 'csv-parse/sync';

/**
 * Reads a CSV file with a header row into `{ text, label }` rows (quoted multi-line fields
 * allowed). `labelColumn` names the label column (default `category`); rows with an empty
 * text or label are skipped. Without `lang`, a `lang` column of the file (if any) gives each
 * row its own language.
 */
export function readLabelledCsv(path: string, labelColumn = 'category', lang?: string): Array<{ text: string; label: string; lang?: string }> {
  const rows = parse(readFileSync(path), { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  const out: Array<{ text: string; label: string; lang?: string }> = [];
  for (const row of rows) {
    if (!(labelColumn in row) || !('text' in row)) throw new Error(`${path}: expected columns text,${labelColumn}`);
    const text = row.text.trim();
    const label = row[labelColumn].trim();
    const rowLang = lang ?? row.lang?.trim();
    if (text && label) out.push(rowLang ? { text, label, lang: rowLang } : { text, label });
  }
  return out;
}
