import { z } from 'zod';

/** The value types a mapped field can be converted to. */
export const FieldType = z
  .enum(['string', 'number', 'integer', 'boolean', 'date', 'list', 'json'])
  .describe(
    'How the cell is read: string (as is), number, integer, boolean (yes/no/true/false/1/0), date (see format, written as ISO-8601), list (split on separator) or json.',
  );

/** A field value type. */
export type FieldType = z.infer<typeof FieldType>;

/** Date input formats: `iso`, or tokens YYYY, MM, DD, HH, mm, ss between separators. */
const DATE_FORMAT = /^(?:iso|(?:YYYY|MM|DD|HH|mm|ss|[^A-Za-z0-9])+)$/;

/** A well-formed date pattern that lacks the year, month or day. */
function incompleteDate(format: string): boolean {
  if (format === 'iso' || !DATE_FORMAT.test(format)) return false;
  return !['YYYY', 'MM', 'DD'].every((part) => format.includes(part));
}

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const ColumnSpec = z
  .strictObject({
    column: z
      .string()
      .min(1)
      .optional()
      .describe('The source column: a CSV header, or a key of each JSONL line (dotted for nested keys).'),
    type: FieldType.optional().describe('The value type; string unless the record kind says otherwise.'),
    map: z
      .record(z.string(), Scalar)
      .optional()
      .describe(
        'Labels to values, matched ignoring case, e.g. {"Closed Won": won}; the values are accepted too.',
      ),
    strict: z
      .boolean()
      .optional()
      .describe('With map: reject a row whose value is neither a label nor a value of the map.'),
    format: z
      .string()
      .regex(DATE_FORMAT, 'expected iso or a pattern of YYYY, MM, DD, HH, mm, ss, e.g. MM/DD/YYYY')
      .optional()
      .describe('For type date: the input format, e.g. MM/DD/YYYY, DD.MM.YYYY, YYYY-MM-DD or iso (default).'),
    separator: z
      .string()
      .min(1)
      .optional()
      .describe('For type list: what separates the items (default ",").'),
    default: z
      .json()
      .optional()
      .describe('The value used when the cell is empty or the column is missing from a line.'),
    required: z.boolean().optional().describe('Reject a row whose cell is empty (and has no default).'),
  })
  .superRefine((spec, ctx) => {
    if (spec.column === undefined && spec.default === undefined)
      ctx.addIssue({ code: 'custom', message: 'give a column, or a default for a constant field', path: [] });
    if (spec.format !== undefined && spec.type !== 'date')
      ctx.addIssue({ code: 'custom', message: 'format applies to type date only', path: ['format'] });
    if (spec.format && incompleteDate(spec.format))
      ctx.addIssue({ code: 'custom', message: 'a date format needs YYYY, MM and DD', path: ['format'] });
    if (spec.separator !== undefined && spec.type !== undefined && spec.type !== 'list')
      ctx.addIssue({ code: 'custom', message: 'separator applies to type list only', path: ['separator'] });
    const seen = new Map<string, string>();
    for (const label of Object.keys(spec.map ?? {})) {
      const key = label.trim().toLowerCase();
      const other = seen.get(key);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          message: `labels "${other}" and "${label}" are the same ignoring case`,
          path: ['map', label],
        });
      seen.set(key, label);
    }
  })
  .describe('Where a field comes from and how its value is read.');

/** The full form of one mapped field. */
export type ColumnSpec = z.infer<typeof ColumnSpec>;

/** Says what is wrong inside the full form, rather than zod's bare "Invalid input" for a union. */
function columnEntryError(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_union') return undefined;
  const inner = issue.input !== null && typeof issue.input === 'object' ? (issue.errors[1] ?? []) : [];
  if (inner.length === 0)
    return 'expected a column name, or the full form { column, type, map, default, ... }';
  return inner.map((i) => `${i.path.length > 0 ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

const TargetField = z
  .string()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'expected a field name, dotted for nested fields (e.g. company.name)')
  .describe('The target field; dotted for nested fields, e.g. company.name.');

/** A column mapping: target fields from source columns, with types, value maps, defaults and required fields. */
export const IntakeMapping = z
  .strictObject({
    columns: z
      .record(
        TargetField,
        z.union(
          [
            z.string().min(1).describe('The source column, read as the field type (string by default).'),
            ColumnSpec,
          ],
          { error: columnEntryError },
        ),
      )
      .describe('Each target field and the column it comes from: a column name, or the full form.'),
    required: z
      .array(TargetField)
      .optional()
      .describe('Target fields every row must have; each must be mapped from a column.'),
  })
  .describe('How the rows of a CSV or JSONL file become event payloads or records.');

/** A parsed column mapping. */
export type IntakeMapping = z.infer<typeof IntakeMapping>;

/** The `intake` block of revloops.yaml: a column mapping per event type. */
export const IntakeConfig = z
  .record(
    z.string().min(1).describe('The event type the file is ingested as, e.g. lead.created.'),
    IntakeMapping,
  )
  .describe('Column mappings for `revloops ingest`, per event type.');
