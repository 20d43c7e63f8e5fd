import type { SourceFile } from '../syntax/ast';
import { parse } from '../syntax/parser';

/**
 * Syntax trees by path and text, so that re-checking after an edit re-parses only the edited
 * file. Entries for other texts of a path are replaced, so the cache holds one tree per file.
 */
export class ParseCache {
  private readonly entries = new Map<string, SourceFile>();

  parse = (path: string, text: string): SourceFile => {
    const cached = this.entries.get(path);
    if (cached && cached.text === text) return cached;
    const file = parse(text);
    this.entries.set(path, file);
    return file;
  };

  forget(path: string): void {
    this.entries.delete(path);
  }
}
