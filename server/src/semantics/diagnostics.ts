import type { Diagnostic, DiagnosticCode, Location, RelatedInformation, Severity } from '../diagnostic';

/**
 * Collects the errors of a workspace. At most one error is kept per exact location, so a
 * problem found by two rules (or found again while recovering from it) is reported once.
 */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  error(at: Location, message: string, code: DiagnosticCode, related?: RelatedInformation[]): void {
    this.report(at, message, code, 'error', related);
  }

  warning(at: Location, message: string, code: DiagnosticCode): void {
    this.report(at, message, code, 'warning');
  }

  private report(at: Location, message: string, code: DiagnosticCode, severity: Severity, related?: RelatedInformation[]): void {
    this.add({ file: at.file, start: at.start, end: at.end, message, code, severity, ...(related ? { related } : {}) });
  }

  /** Adds a diagnostic found earlier (e.g. by a reused step), unless one is already there. */
  add(d: Diagnostic): void {
    const key = `${d.file}\0${d.start}\0${d.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  /** Has an error been reported exactly at `at`? */
  reportedAt(at: Location): boolean {
    return this.seen.has(`${at.file}\0${at.start}\0${at.end}`);
  }
}
