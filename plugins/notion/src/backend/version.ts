import {NotionError} from './errors.js';

/** The two data models Notion serves: databases holding data sources (2025-09-03 on) or databases with properties. */
export type ApiModel = 'data_sources' | 'databases';

export interface ApiVersion {
  raw: string;
  model: ApiModel;
  /** 2026-03-11 dropped the `archived` alias of `in_trash` and `after` in favour of `position`. */
  noArchived: boolean;
}

const LEGACY = new Set(['2021-05-11', '2021-05-13', '2021-08-16', '2022-02-22', '2022-06-28']);
const CURRENT = new Set(['2025-09-03', '2026-03-11']);

/** Reads Notion-Version; missing → 400 missing_version, a value Notion does not know → 400 validation_error. */
export function readVersion(header: string | undefined): ApiVersion {
  const raw = header?.trim();
  if (!raw) throw new NotionError(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
  if (LEGACY.has(raw)) return {model: 'databases', noArchived: false, raw};
  if (CURRENT.has(raw)) return {model: 'data_sources', noArchived: raw >= '2026-03-11', raw};
  throw new NotionError(
    400,
    'validation_error',
    `Notion-Version header failed validation: Notion-Version header should be one of ${[...LEGACY, ...CURRENT].map((v) => `"${v}"`).join(', ')}, instead was \`"${raw}"\`.`,
  );
}
