/**
 * The terminal of one run: first what the component asks for and what this run grants it,
 * then its output as it comes, then how it ended (result, trap with the WIT function, exit
 * code). Typing goes to the component's standard input when that was granted (Ctrl+D ends
 * it); Ctrl+C or closing the terminal stops the run and everything it started.
 */
import * as vscode from 'vscode';
import type { RunHandle, RunOutcome } from '../runtime/session';

const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const RESET = '\x1b[0m';

export class RunTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private handle: RunHandle | undefined;
  private opened = false;
  private readonly pending: string[] = [];
  private inputLine = '';

  open(): void {
    this.opened = true;
    for (const text of this.pending.splice(0)) this.written.fire(text);
  }

  attach(handle: RunHandle): void {
    this.handle = handle;
  }

  /** A line of the component's output (stderr in red). */
  output(line: string, stream: 'stdout' | 'stderr'): void {
    this.write(stream === 'stderr' ? `${RED}${line}${RESET}` : line);
  }

  /** A line of WIT Studio's own, set apart from the component's output. */
  note(line: string): void {
    this.write(`${DIM}${line}${RESET}`);
  }

  ended(outcome: RunOutcome): void {
    if (outcome.result !== undefined) this.write(`${GREEN}→ ${outcome.result}${RESET}`);
    if (outcome.trap) this.write(`${RED}trap${outcome.trap.function ? ` in ${outcome.trap.function}` : ''}: ${outcome.trap.message}${RESET}`);
    if (outcome.error) this.write(`${RED}${outcome.error}${RESET}`);
    this.note(outcome.stopped ? 'Stopped.' : `Exited with code ${outcome.code}.`);
    this.handle = undefined;
  }

  handleInput(data: string): void {
    if (data === '\x03') {
      this.note('^C');
      void this.handle?.stop();
      return;
    }
    const stdin = this.handle?.stdin;
    if (!stdin) return;
    if (data === '\x04') {
      stdin.end(this.inputLine);
      this.inputLine = '';
      return;
    }
    for (const c of data) {
      if (c === '\r') {
        this.written.fire('\r\n');
        stdin.write(`${this.inputLine}\n`);
        this.inputLine = '';
      } else if (c === '\x7f') {
        if (this.inputLine) {
          this.inputLine = this.inputLine.slice(0, -1);
          this.written.fire('\b \b');
        }
      } else {
        this.inputLine += c;
        this.written.fire(c);
      }
    }
  }

  close(): void {
    void this.handle?.stop();
  }

  private write(line: string): void {
    const text = `${line.replace(/\r?\n/g, '\r\n')}\r\n`;
    if (this.opened) this.written.fire(text);
    else this.pending.push(text);
  }
}
