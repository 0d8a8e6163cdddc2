// Command output for people (aligned text) and, with --json, for scripts.

export interface Output {
  json: boolean;
  print(value: unknown, human: () => string): void;
  table(rows: Record<string, unknown>[], columns: string[]): void;
}

export function createOutput(
  json: boolean,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Output {
  return {
    json,
    print(value, human) {
      write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
    table(rows, columns) {
      if (json) return write(`${JSON.stringify(rows, null, 2)}\n`);
      const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
      const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => row[index]!.length)));
      const line = (values: string[]) =>
        values
          .map((value, index) => value.padEnd(widths[index]!))
          .join('  ')
          .trimEnd();
      write([line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n') + '\n');
    },
  };
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}
