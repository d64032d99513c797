/** The formats without colour or terminal width: the one place a format name picks its renderer. */
import type { Report } from '../types.js';
import { renderCsv } from './csv.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

export type PlainFormat = 'json' | 'csv' | 'markdown' | 'html';

export function renderPlain(report: Report, format: PlainFormat): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}
