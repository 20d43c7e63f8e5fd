/** Offsets of the core ⇄ LSP positions, ranges and locations (UTF-16, as both use). */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, Position, Range } from 'vscode-languageserver/node';
import type { FileRange, Snapshot } from '../features/snapshot';
import { NodeFileSystem } from '../host/nodeFileSystem';
import { uriOf } from './workspace';

export class Positions {
  private readonly docs = new Map<string, TextDocument>();

  constructor(private readonly snapshot: Snapshot) {}

  private doc(file: string): TextDocument {
    let doc = this.docs.get(file);
    if (!doc) {
      const text = this.snapshot.analysis.files.get(file)?.text ?? new NodeFileSystem().readFile(file) ?? '';
      doc = TextDocument.create(uriOf(file), 'wit', 0, text);
      this.docs.set(file, doc);
    }
    return doc;
  }

  offset(file: string, position: Position): number {
    return this.doc(file).offsetAt(position);
  }

  position(file: string, offset: number): Position {
    return this.doc(file).positionAt(offset);
  }

  range(file: string, start: number, end: number): Range {
    const doc = this.doc(file);
    return { start: doc.positionAt(start), end: doc.positionAt(end) };
  }

  location(r: FileRange): Location {
    return { uri: uriOf(r.file), range: this.range(r.file, r.start, r.end) };
  }
}
