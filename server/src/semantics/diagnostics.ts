import type { Diagnostic, DiagnosticCode, Location, RelatedInformation, Severity } from '../diagnostic';

/**
 * Collects the errors of a workspace. At most one error is kept per exact location, so a
 * problem found by two rules (or found again while recovering from it) is reported once.
 */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  error(at: Location, message: string, code: DiagnosticCode, related?: RelatedInformation[]): void {
    this.add(at, message, code, 'error', related);
  }

  warning(at: Location, message: string, code: DiagnosticCode): void {
    this.add(at, message, code, 'warning');
  }

  private add(at: Location, message: string, code: DiagnosticCode, severity: Severity, related?: RelatedInformation[]): void {
    const key = `${at.file}\0${at.start}\0${at.end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push({ ...at, message, code, severity, ...(related ? { related } : {}) });
  }

  /** Has an error been reported exactly at `at`? */
  reportedAt(at: Location): boolean {
    return this.seen.has(`${at.file}\0${at.start}\0${at.end}`);
  }
}
