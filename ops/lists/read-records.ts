/**
 * Reading `lists compute`'s input files: bytes read, checked as UTF-8 without decoding, parsed by the file's row
 * parser. A file that cannot be read is a problem of that file, like any bad row.
 */
import { readFile } from 'node:fs/promises';
import { checkUtf8, type CsvInput } from '#domain/lists/files/csv';
import type { InputProblem, Parsed } from '#domain/lists/records';

export async function readRecords<T>(
  path: string,
  file: InputProblem['file'],
  parse: (input: CsvInput) => Parsed<T>,
): Promise<Parsed<T>> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file inesistente' : 'file non leggibile';
    return { ok: false, problems: [{ file, message: `${reason}: ${path}` }] };
  }
  const encoding = checkUtf8(bytes, file);
  return encoding ? { ok: false, problems: [encoding] } : parse(bytes);
}
